-- resolve_edge_classes: one row per unresolved edge end whose title_key (registered frame incoming_title_keys: title, title_key) names a current class of the same document or jurisdiction, written into promotion_edges.from_class_id/to_class_id. params: none
UPDATE promotion_edges AS e
SET
    from_class_id = coalesce(e.from_class_id, r.from_class_id),
    to_class_id = coalesce(e.to_class_id, r.to_class_id)
FROM (
    WITH edge_ends AS (
        SELECT e.document_id, e.from_title, e.to_title, e.kind, d.jurisdiction_id, 'from' AS side, k.title_key
        FROM promotion_edges AS e
        INNER JOIN documents AS d ON d.document_id = e.document_id
        INNER JOIN incoming_title_keys AS k ON k.title = e.from_title
        WHERE e.from_class_id IS NULL
        UNION ALL
        SELECT e.document_id, e.from_title, e.to_title, e.kind, d.jurisdiction_id, 'to' AS side, k.title_key
        FROM promotion_edges AS e
        INNER JOIN documents AS d ON d.document_id = e.document_id
        INNER JOIN incoming_title_keys AS k ON k.title = e.to_title
        WHERE e.to_class_id IS NULL
    ),

    -- A class of the stating document wins; then the first class_id of the jurisdiction.
    matched AS (
        SELECT n.document_id, n.from_title, n.to_title, n.kind, n.side, c.class_id
        FROM edge_ends AS n
        INNER JOIN job_classes AS c
            ON c.title_key = n.title_key
            AND (c.document_id = n.document_id OR c.jurisdiction_id = n.jurisdiction_id)
            AND c.superseded_by IS NULL
        QUALIFY row_number() OVER (
            PARTITION BY n.document_id, n.from_title, n.to_title, n.kind, n.side
            ORDER BY (c.document_id = n.document_id) DESC, c.class_id
        ) = 1
    )

    SELECT
        document_id,
        from_title,
        to_title,
        kind,
        max(class_id) FILTER (WHERE side = 'from') AS from_class_id,
        max(class_id) FILTER (WHERE side = 'to') AS to_class_id
    FROM matched
    GROUP BY document_id, from_title, to_title, kind
) AS r
WHERE e.document_id = r.document_id
  AND e.from_title = r.from_title
  AND e.to_title = r.to_title
  AND e.kind = r.kind
