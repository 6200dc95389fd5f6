-- insert_qualification_paths: one row per qualification path in the registered frame incoming_qualification_paths, written into qualification_paths. params: none
INSERT INTO qualification_paths BY NAME
SELECT *
FROM incoming_qualification_paths
