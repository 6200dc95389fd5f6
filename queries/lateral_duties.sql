-- lateral_duties: one row per (class_id, duty_order) illustrative duty statement of every job class. params: none
SELECT
    class_id,
    duty_order,
    duty_text
FROM duties
ORDER BY class_id, duty_order
