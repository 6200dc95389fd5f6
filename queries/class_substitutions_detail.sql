-- class_substitutions_detail: one row per (class_id, education) substitution of education for years, with its evidence span. params: $class_id
SELECT
    education,
    years,
    document_id,
    char_start,
    char_end
FROM substitutions
WHERE class_id = $class_id
ORDER BY years DESC, education
