-- document_classes: one row per class a document defines: class_id, title, class_key, superseded_by. params: $document_id
SELECT class_id, title, class_key, superseded_by
FROM job_classes
WHERE document_id = $document_id
ORDER BY class_id
