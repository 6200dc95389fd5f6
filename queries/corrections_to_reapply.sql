-- corrections_to_reapply: one row per open correction (active or needs_review) of a current class of document $document_id (every document when null) that does not already apply to that version, oldest first, with the class_id it is about now. params: document_id
SELECT k.*, c.class_id
FROM corrections AS k
INNER JOIN job_classes AS c ON c.class_key = k.class_key AND c.superseded_by IS NULL
WHERE k.status IN ('active', 'needs_review')
    AND ($document_id IS NULL OR c.document_id = $document_id)
    AND (k.document_id IS NULL OR k.document_id <> c.document_id OR k.status = 'needs_review')
ORDER BY k.created_at, k.correction_id
