-- set_correction_status: the correction $correction_id closed with $status (reverted, replaced, dismissed) by $author now. params: correction_id, status, author
UPDATE corrections
SET status = $status, reverted_at = now(), reverted_by = $author
WHERE correction_id = $correction_id
