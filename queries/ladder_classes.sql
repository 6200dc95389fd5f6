-- ladder_classes: one row per job class with its series name, jurisdiction, level (and how the series' levels were ordered) and grade. params: none
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
ORDER BY c.class_id
