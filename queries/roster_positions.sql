-- roster_positions: one row per position of a loaded roster, in the shape analytics.roster.POSITIONS_SCHEMA. params: $roster_id
SELECT
    position_id,
    title,
    class_code,
    grade,
    step,
    annual_salary,
    hire_date,
    title_date,
    fte,
    unit,
    is_vacant,
    fill_date,
    education,
    schedule_id
FROM roster_positions
WHERE roster_id = $roster_id
ORDER BY position_id
