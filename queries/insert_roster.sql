-- insert_roster: writes one row into rosters for a loaded file unless its roster_id is there, stamped now. params: $roster_id, $sha256, $file_name, $n_positions
INSERT INTO rosters (roster_id, sha256, file_name, n_positions, loaded_at)
VALUES ($roster_id, $sha256, $file_name, $n_positions, current_timestamp)
ON CONFLICT DO NOTHING
RETURNING roster_id
