-- class_versions: one row per version of the class $class_id (every class sharing its class_key), newest first: class_id, document, file name, effective date, loaded_at, whether current, what superseded it. params: $class_id
SELECT
    v.class_id,
    v.document_id,
    d.file_name,
    d.effective_date,
    d.loaded_at,
    v.superseded_by IS NULL AS is_current,
    v.superseded_by,
    v.superseded_at,
    v.title,
    v.class_code,
    v.grade
FROM job_classes AS c
INNER JOIN job_classes AS v ON v.class_key = c.class_key
LEFT JOIN documents AS d ON d.document_id = v.document_id
WHERE c.class_id = $class_id
ORDER BY v.superseded_by IS NULL DESC, d.effective_date DESC NULLS LAST, d.loaded_at DESC
