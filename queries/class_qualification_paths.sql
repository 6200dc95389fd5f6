-- class_qualification_paths: one row per (class_id, path_order) alternative way to qualify: education, total experience years, supervisory years and the coursework units (and their level) a coursework path asks for. params: none
SELECT
    class_id,
    path_order,
    education,
    experience_years,
    supervisory_years,
    coursework_units,
    coursework_level
FROM qualification_paths
ORDER BY class_id, path_order
