-- rebase_correction: the correction $correction_id applied to the version in document $document_id, whose value and row before it ($old_value, $old_row) are what a revert restores. params: correction_id, document_id, old_value, old_row
UPDATE corrections
SET status = 'active', document_id = $document_id, old_value = $old_value, old_row = $old_row
WHERE correction_id = $correction_id
