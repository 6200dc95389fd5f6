-- insert_series: one row per series in incoming_series not yet known (the first document to define a series keeps it), written into series. params: none
INSERT INTO series BY NAME
SELECT *
FROM incoming_series
ON CONFLICT DO NOTHING
