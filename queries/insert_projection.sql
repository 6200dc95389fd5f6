-- insert_projection: writes one saved workforce projection unless its projection_id is there (never updates), stamped now; returns the id when written. params: $projection_id, $name, $inputs_json, $data_version, $results_json
INSERT INTO projections (projection_id, name, inputs_json, data_version, created_at, results_json)
VALUES ($projection_id, $name, $inputs_json, $data_version, current_timestamp, $results_json)
ON CONFLICT DO NOTHING
RETURNING projection_id
