-- class_paths: one row per (class_id, path_order) alternative way to qualify for the class, with its evidence span. params: $class_id
SELECT
    path_order,
    education,
    field,
    experience_years,
    specialized_years,
    supervisory_years,
    document_id,
    char_start,
    char_end
FROM qualification_paths
WHERE class_id = $class_id
ORDER BY path_order
