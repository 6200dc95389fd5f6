-- ladder_edges: one row per stated (document_id, from_title, to_title, kind) edge, with the stating document's jurisdiction. params: none
SELECT
    e.document_id,
    d.jurisdiction_id,
    e.from_title,
    e.to_title,
    e.from_class_id,
    e.to_class_id,
    e.kind,
    e.years,
    e.confidence
FROM promotion_edges AS e
LEFT JOIN documents AS d ON d.document_id = e.document_id
ORDER BY e.document_id, e.kind, e.from_title, e.to_title
