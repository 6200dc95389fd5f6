-- roster_history: one row per (as_of, position_id) of every loaded roster snapshot, oldest first (what transition estimation reads): as_of, snapshot_id, position_id, title, grade, is_vacant, hire_date. params: none
SELECT
    s.as_of,
    s.snapshot_id,
    p.position_id,
    p.title,
    p.grade,
    p.is_vacant,
    p.hire_date
FROM roster_snapshot_positions AS p
INNER JOIN roster_snapshots AS s ON p.snapshot_id = s.snapshot_id
ORDER BY s.as_of, s.snapshot_id, p.position_id
