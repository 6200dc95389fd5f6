-- class_corrections: one row per correction of the class $class_id across its versions (same class_key), newest first: id, field, range/path number, other title, education level, old and new value, reason, author, when, status and who closed it. params: class_id
SELECT
    k.correction_id,
    k.field,
    k.position,
    k.other_title,
    k.level,
    k.old_value,
    k.new_value,
    k.reason,
    k.author,
    k.created_at,
    k.status,
    k.reverted_by,
    k.reverted_at
FROM corrections AS k
INNER JOIN job_classes AS c ON c.class_key = k.class_key
WHERE c.class_id = $class_id
ORDER BY k.created_at DESC, k.correction_id
