-- update_roster_as_of: stamps a roster just written with its date (only while it has none: a loaded roster's date is never changed). params: $roster_id, $as_of
UPDATE rosters
SET as_of = $as_of
WHERE roster_id = $roster_id AND as_of IS NULL
