-- review_classes: one row per current job class with what the review queue checks: how surely its title was read (confidence) and how many qualification paths it has, with its jurisdiction, document and title evidence span. params: none
SELECT
    c.class_id,
    c.class_key,
    c.title,
    c.jurisdiction_id,
    c.document_id,
    d.file_name,
    c.confidence,
    (SELECT count(*) FROM qualification_paths AS q WHERE q.class_id = c.class_id) AS n_paths,
    c.char_start,
    c.char_end
FROM job_classes AS c
LEFT JOIN documents AS d ON d.document_id = c.document_id
WHERE c.superseded_by IS NULL
ORDER BY c.class_id
