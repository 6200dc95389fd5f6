-- class_duties: one row per (class_id, duty_order) illustrative duty statement, with its evidence span. params: $class_id
SELECT
    duty_order,
    duty_text,
    document_id,
    char_start,
    char_end
FROM duties
WHERE class_id = $class_id
ORDER BY duty_order
