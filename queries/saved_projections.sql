-- saved_projections: one row per saved workforce projection, newest first (at most $limit): projection_id, name, data_version, created_at. params: $limit
SELECT
    projection_id,
    name,
    data_version,
    created_at
FROM projections
ORDER BY created_at DESC, projection_id
LIMIT $limit
