-- open_corrections_of_class: one row per correction of the class $class_key that is active or waiting for review, oldest first. params: class_key
SELECT *
FROM corrections
WHERE class_key = $class_key AND status IN ('active', 'needs_review')
ORDER BY created_at, correction_id
