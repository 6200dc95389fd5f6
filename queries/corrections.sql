-- corrections: one row per correction, oldest first (only those active or waiting for review unless $include_closed), with the current class it applies to (class_id, title, jurisdiction). params: include_closed
SELECT
    k.correction_id,
    k.created_at,
    k.author,
    k.status,
    k.class_title,
    c.class_id,
    c.title AS current_title,
    c.jurisdiction_id,
    k.field,
    k.position,
    k.other_title,
    k.level,
    k.old_value,
    k.new_value,
    k.reason,
    k.document_id,
    k.reverted_at,
    k.reverted_by,
    k.class_key
FROM corrections AS k
LEFT JOIN job_classes AS c ON c.class_key = k.class_key AND c.superseded_by IS NULL
WHERE $include_closed OR k.status IN ('active', 'needs_review')
ORDER BY k.created_at, k.correction_id
