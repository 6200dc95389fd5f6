-- superseded_now: one row per class superseded in the current transaction (superseded_at is the transaction's start time): class_id, the current version's class_id, title. params: none
SELECT class_id, superseded_by, title
FROM job_classes
WHERE superseded_at = now()
ORDER BY class_id
