-- correction_by_id: one row (zero or one) with every column of the correction $correction_id. params: correction_id
SELECT *
FROM corrections
WHERE correction_id = $correction_id
