-- current_classes: one row per current job class (not superseded): class_id, title, class_code, jurisdiction id and name. params: none
SELECT c.class_id, c.title, c.class_code, c.jurisdiction_id, j.name AS jurisdiction_name
FROM job_classes AS c
LEFT JOIN jurisdictions AS j ON j.jurisdiction_id = c.jurisdiction_id
WHERE c.superseded_by IS NULL
ORDER BY c.class_id
