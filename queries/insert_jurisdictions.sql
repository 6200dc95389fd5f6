-- insert_jurisdictions: one row per jurisdiction in incoming_jurisdictions not yet known, written into jurisdictions. params: none
INSERT INTO jurisdictions BY NAME
SELECT *
FROM incoming_jurisdictions
ON CONFLICT DO NOTHING
