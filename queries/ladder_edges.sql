-- ladder_edges: one row per stated (document_id, from_title, to_title, kind) edge that is current, with the stating document's jurisdiction and the evidence span; an edge is history when it touches a superseded class of its own document or when every class of its document is superseded. params: none
WITH replaced_documents AS (
    SELECT document_id
    FROM job_classes
    GROUP BY document_id
    HAVING bool_and(superseded_by IS NOT NULL)
)

SELECT
    e.document_id,
    d.jurisdiction_id,
    e.from_title,
    e.to_title,
    e.from_class_id,
    e.to_class_id,
    e.kind,
    e.years,
    e.confidence,
    e.char_start,
    e.char_end
FROM promotion_edges AS e
LEFT JOIN documents AS d ON d.document_id = e.document_id
LEFT JOIN job_classes AS f ON f.class_id = e.from_class_id
LEFT JOIN job_classes AS t ON t.class_id = e.to_class_id
WHERE e.document_id NOT IN (SELECT document_id FROM replaced_documents)
    AND NOT coalesce(f.document_id = e.document_id AND f.superseded_by IS NOT NULL, FALSE)
    AND NOT coalesce(t.document_id = e.document_id AND t.superseded_by IS NOT NULL, FALSE)
ORDER BY e.document_id, e.kind, e.from_title, e.to_title
