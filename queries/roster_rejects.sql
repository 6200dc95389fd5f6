-- roster_rejects: one row per problem recorded for a rejected roster file. params: $sha256
SELECT
    file_name,
    row_number,
    column_name,
    problem,
    value,
    rejected_at
FROM roster_rejects
WHERE sha256 = $sha256
ORDER BY row_number NULLS FIRST, column_name, problem
