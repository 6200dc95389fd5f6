-- insert_roster_snapshot: writes one row into roster_snapshots for a loaded history snapshot unless its snapshot_id is there, stamped now; returns the id when written. params: $snapshot_id, $sha256, $file_name, $as_of, $n_positions
INSERT INTO roster_snapshots (snapshot_id, sha256, file_name, as_of, n_positions, loaded_at)
VALUES ($snapshot_id, $sha256, $file_name, $as_of, $n_positions, current_timestamp)
ON CONFLICT DO NOTHING
RETURNING snapshot_id
