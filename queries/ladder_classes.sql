-- ladder_classes: one row per current job class (not superseded by a newer version) with its series name, jurisdiction, level (and how the series' levels were ordered) and grade. params: none
SELECT
    c.class_id,
    c.document_id,
    c.title,
    c.class_code,
    c.jurisdiction_id,
    c.series_id,
    s.name AS series_name,
    c.level_in_series,
    c.level_basis,
    c.grade
FROM job_classes AS c
LEFT JOIN series AS s ON s.series_id = c.series_id
WHERE c.superseded_by IS NULL
ORDER BY c.class_id
