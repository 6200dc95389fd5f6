-- roster_dates: one row per loaded roster, newest first: roster_id, file_name, as_of (the roster's date; null when not stated), loaded_at. params: none
SELECT
    roster_id,
    file_name,
    as_of,
    loaded_at
FROM rosters
ORDER BY loaded_at DESC, roster_id
