-- class_edges: one row per stated edge (document_id, from_title, to_title, kind) touching the class, by resolved class id or by its title in its own document, with direction (out | in), the other title and the evidence span. params: $class_id
WITH this_class AS (
    SELECT class_id, document_id, lower(title) AS title_lower
    FROM job_classes
    WHERE class_id = $class_id
),

touching AS (
    SELECT
        e.*,
        CASE
            WHEN e.from_class_id = t.class_id THEN 'out'
            WHEN e.to_class_id = t.class_id THEN 'in'
            WHEN lower(e.from_title) = t.title_lower THEN 'out'
            ELSE 'in'
        END AS direction
    FROM promotion_edges AS e, this_class AS t
    WHERE e.from_class_id = t.class_id
        OR e.to_class_id = t.class_id
        -- an edge stated in the class's own document names it by the title the parser read
        OR (e.document_id = t.document_id AND t.title_lower IN (lower(e.from_title), lower(e.to_title)))
)

SELECT
    kind,
    direction,
    CASE WHEN direction = 'out' THEN to_title ELSE from_title END AS other_title,
    CASE WHEN direction = 'out' THEN to_class_id ELSE from_class_id END AS other_class_id,
    from_title,
    to_title,
    years,
    confidence,
    document_id,
    char_start,
    char_end
FROM touching
ORDER BY
    CASE kind
        WHEN 'series' THEN 1 WHEN 'promotional_line' THEN 2 WHEN 'feeder' THEN 3
        WHEN 'supervision' THEN 4 ELSE 5
    END,
    direction DESC,
    other_title
