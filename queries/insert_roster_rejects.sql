-- insert_roster_rejects: writes every row of the registered frame incoming_roster_rejects into roster_rejects, stamped now, unless that file's problems are already there. params: $sha256, $file_name
INSERT INTO roster_rejects (sha256, file_name, row_number, column_name, problem, value, rejected_at)
SELECT
    $sha256,
    $file_name,
    "row",
    "column",
    problem,
    value,
    current_timestamp
FROM incoming_roster_rejects
WHERE NOT EXISTS (SELECT 1 FROM roster_rejects WHERE sha256 = $sha256)
