-- class_substitutions: one row per (class_id, education) substitution of education for years of experience. params: none
SELECT
    class_id,
    education,
    years
FROM substitutions
ORDER BY class_id, education
