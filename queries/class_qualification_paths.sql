-- class_qualification_paths: one row per (class_id, path_order) alternative way to qualify: education, total experience years and supervisory years. params: none
SELECT
    class_id,
    path_order,
    education,
    experience_years,
    supervisory_years
FROM qualification_paths
ORDER BY class_id, path_order
