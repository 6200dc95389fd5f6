-- scenario_by_id: one row per saved scenario with this id (zero or one). params: $scenario_id
SELECT
    scenario_id,
    name,
    inputs_json,
    data_version,
    created_at,
    results_json
FROM scenarios
WHERE scenario_id = $scenario_id
