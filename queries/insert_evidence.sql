-- insert_evidence: one row per evidence span in the registered frame incoming_evidence, written into evidence. params: none
INSERT INTO evidence BY NAME
SELECT *
FROM incoming_evidence
