-- saved_scenarios: one row per saved scenario, newest first (at most $limit): scenario_id, name, data_version, created_at. params: $limit
SELECT
    scenario_id,
    name,
    data_version,
    created_at
FROM scenarios
ORDER BY created_at DESC, scenario_id
LIMIT $limit
