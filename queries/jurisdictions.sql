-- jurisdictions: one row per jurisdiction (employer that owns classes): jurisdiction_id and name, by name. params: none
SELECT
    jurisdiction_id,
    name
FROM jurisdictions
ORDER BY name, jurisdiction_id
