-- insert_scenario: writes one saved scenario unless its scenario_id is there (never updates), stamped now; returns the id when written. params: $scenario_id, $name, $inputs_json, $data_version, $results_json
INSERT INTO scenarios (scenario_id, name, inputs_json, data_version, created_at, results_json)
VALUES ($scenario_id, $name, $inputs_json, $data_version, current_timestamp, $results_json)
ON CONFLICT DO NOTHING
RETURNING scenario_id
