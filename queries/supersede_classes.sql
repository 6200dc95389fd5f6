-- supersede_classes: one row per current class of another document that a class of document $document_id is a version of (same class_key), marked superseded by the newer of the two (the later effective date; the later load when a date is missing), every class it superseded pointed at the current one, and other documents' edges resolved to a superseded class pointed at its current version. params: $document_id
UPDATE job_classes AS incoming
SET superseded_by = existing.class_id, superseded_at = now()
FROM job_classes AS existing, documents AS di, documents AS de
WHERE incoming.document_id = $document_id
    AND existing.document_id <> $document_id
    AND existing.class_key = incoming.class_key
    AND existing.superseded_by IS NULL
    AND incoming.superseded_by IS NULL
    AND di.document_id = incoming.document_id
    AND de.document_id = existing.document_id
    AND di.effective_date IS NOT NULL AND de.effective_date IS NOT NULL
    AND di.effective_date < de.effective_date;

UPDATE job_classes AS existing
SET superseded_by = incoming.class_id, superseded_at = now()
FROM job_classes AS incoming
WHERE incoming.document_id = $document_id
    AND incoming.superseded_by IS NULL
    AND existing.document_id <> $document_id
    AND existing.class_key = incoming.class_key
    AND existing.superseded_by IS NULL;

UPDATE job_classes AS older
SET superseded_by = middle.superseded_by
FROM job_classes AS middle
WHERE older.superseded_by = middle.class_id
    AND middle.superseded_by IS NOT NULL;

-- Edges other documents state about a superseded class now name its current version; the superseded
-- document's own edges keep their ids and stay history (ladder_edges leaves them out).
UPDATE promotion_edges AS e
SET from_class_id = c.superseded_by
FROM job_classes AS c
WHERE e.from_class_id = c.class_id AND c.superseded_by IS NOT NULL AND e.document_id <> c.document_id;

UPDATE promotion_edges AS e
SET to_class_id = c.superseded_by
FROM job_classes AS c
WHERE e.to_class_id = c.class_id AND c.superseded_by IS NOT NULL AND e.document_id <> c.document_id
