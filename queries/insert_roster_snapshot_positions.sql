-- insert_roster_snapshot_positions: writes every row of the registered frame incoming_snapshot_positions into roster_snapshot_positions, one row per (snapshot_id, position_id). params: $snapshot_id
INSERT INTO roster_snapshot_positions (
    snapshot_id, position_id, title, class_code, grade, step, hire_date, title_date, fte, unit, is_vacant, schedule_id
)
SELECT
    $snapshot_id,
    position_id,
    title,
    class_code,
    grade,
    step,
    hire_date,
    title_date,
    fte,
    unit,
    is_vacant,
    schedule_id
FROM incoming_snapshot_positions
