-- earlier_versions: one row per class that the class $class_id superseded, newest first (the later effective date, then the later load): class_id. params: class_id
SELECT c.class_id
FROM job_classes AS c
INNER JOIN documents AS d ON d.document_id = c.document_id
WHERE c.superseded_by = $class_id
ORDER BY d.effective_date DESC NULLS LAST, d.loaded_at DESC, c.class_id
