-- insert_duties: one row per duty statement in the registered frame incoming_duties, written into duties. params: none
INSERT INTO duties BY NAME
SELECT *
FROM incoming_duties
