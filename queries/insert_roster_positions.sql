-- insert_roster_positions: writes every row of the registered frame incoming_roster_positions into roster_positions, one row per (roster_id, position_id) with its salary_warning or null. params: $roster_id
INSERT INTO roster_positions (
    roster_id, position_id, title, class_code, grade, step, annual_salary, hire_date, title_date, fte, unit,
    is_vacant, fill_date, education, schedule_id, salary_warning
)
SELECT
    $roster_id,
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
    schedule_id,
    salary_warning
FROM incoming_roster_positions
