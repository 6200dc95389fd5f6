-- rosters: one row per loaded roster file, newest first: roster_id, sha256, file_name, n_positions, loaded_at. params: none
SELECT
    roster_id,
    sha256,
    file_name,
    n_positions,
    loaded_at
FROM rosters
ORDER BY loaded_at DESC, roster_id
