-- insert_ingest_reject_once: one row per refusal not yet recorded (same file, bytes, stage and reason), written into ingest_rejects and stamped now. params: $file_name, $sha256, $stage, $reason
INSERT INTO ingest_rejects (file_name, sha256, stage, reason, rejected_at)
SELECT $file_name, $sha256, $stage, $reason, current_timestamp
WHERE NOT EXISTS (
    SELECT 1
    FROM ingest_rejects
    WHERE file_name = $file_name
      AND sha256 IS NOT DISTINCT FROM $sha256
      AND stage = $stage
      AND reason = $reason
)
