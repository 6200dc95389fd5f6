-- ingest_rejects_recent: one row per rejected input, newest first, at most $limit rows: file, stage and reason. params: $limit
SELECT
    rejected_at,
    file_name,
    stage,
    reason,
    sha256
FROM ingest_rejects
ORDER BY rejected_at DESC, file_name
LIMIT $limit
