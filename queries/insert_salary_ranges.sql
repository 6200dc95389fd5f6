-- insert_salary_ranges: one row per stated salary range in the registered frame incoming_salary_ranges, written into salary_ranges. params: none
INSERT INTO salary_ranges BY NAME
SELECT *
FROM incoming_salary_ranges
