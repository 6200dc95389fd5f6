-- insert_ingest_reject: writes one row into ingest_rejects for a refused file, stamped now. params: $file_name, $sha256, $stage, $reason
INSERT INTO ingest_rejects (file_name, sha256, stage, reason, rejected_at)
VALUES ($file_name, $sha256, $stage, $reason, current_timestamp)
