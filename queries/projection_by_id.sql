-- projection_by_id: one row per saved workforce projection with this id (zero or one). params: $projection_id
SELECT
    projection_id,
    name,
    inputs_json,
    data_version,
    created_at,
    results_json
FROM projections
WHERE projection_id = $projection_id
