-- delete_document: every row of the document $document_id removed from the document tables (classes, pay ranges, paths, substitutions, edges, duties, evidence, its series no other class keeps, jurisdictions no document names any more), and edges of other documents that resolved to its classes left unresolved. params: $document_id
UPDATE promotion_edges
SET from_class_id = NULL
WHERE document_id <> $document_id
    AND from_class_id IN (SELECT class_id FROM job_classes WHERE document_id = $document_id);

UPDATE promotion_edges
SET to_class_id = NULL
WHERE document_id <> $document_id
    AND to_class_id IN (SELECT class_id FROM job_classes WHERE document_id = $document_id);

DELETE FROM salary_ranges WHERE document_id = $document_id;
DELETE FROM qualification_paths WHERE document_id = $document_id;
DELETE FROM substitutions WHERE document_id = $document_id;
DELETE FROM promotion_edges WHERE document_id = $document_id;
DELETE FROM duties WHERE document_id = $document_id;
DELETE FROM evidence WHERE document_id = $document_id;
DELETE FROM job_classes WHERE document_id = $document_id;

UPDATE series AS s
SET document_id = (SELECT min(c.document_id) FROM job_classes AS c WHERE c.series_id = s.series_id)
WHERE s.document_id = $document_id
    AND EXISTS (SELECT 1 FROM job_classes AS c WHERE c.series_id = s.series_id);

DELETE FROM series WHERE document_id = $document_id;
DELETE FROM documents WHERE document_id = $document_id;

DELETE FROM jurisdictions AS j
WHERE NOT EXISTS (SELECT 1 FROM documents AS d WHERE d.jurisdiction_id = j.jurisdiction_id);

UPDATE corrections SET document_id = NULL WHERE document_id = $document_id
