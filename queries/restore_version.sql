-- restore_version: the class $restored made current again in place of the class $deleted (about to be deleted with its document): the versions $deleted superseded point at $restored, other documents' edges resolved to $deleted name $restored, and corrections applied to $deleted's document apply to $restored's. params: $restored, $deleted
UPDATE job_classes SET superseded_by = NULL, superseded_at = NULL WHERE class_id = $restored;

UPDATE job_classes SET superseded_by = $restored WHERE superseded_by = $deleted;

UPDATE promotion_edges AS e
SET from_class_id = $restored
WHERE e.from_class_id = $deleted
    AND e.document_id NOT IN (SELECT document_id FROM job_classes WHERE class_id = $deleted);

UPDATE promotion_edges AS e
SET to_class_id = $restored
WHERE e.to_class_id = $deleted
    AND e.document_id NOT IN (SELECT document_id FROM job_classes WHERE class_id = $deleted);

UPDATE corrections
SET document_id = (SELECT document_id FROM job_classes WHERE class_id = $restored)
WHERE class_key = (SELECT class_key FROM job_classes WHERE class_id = $deleted)
    AND document_id = (SELECT document_id FROM job_classes WHERE class_id = $deleted)
