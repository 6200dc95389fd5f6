-- roster_snapshots: one row per loaded roster snapshot of the workforce history, oldest first: snapshot_id, sha256, file_name, as_of, n_positions, loaded_at. params: none
SELECT
    snapshot_id,
    sha256,
    file_name,
    as_of,
    n_positions,
    loaded_at
FROM roster_snapshots
ORDER BY as_of, snapshot_id
