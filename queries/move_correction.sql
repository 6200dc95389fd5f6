-- move_correction: the correction $correction_id now about the version in document $document_id, with $status (active when that version already states its value, needs_review when it states another). params: correction_id, status, document_id
UPDATE corrections
SET status = $status, document_id = $document_id
WHERE correction_id = $correction_id
