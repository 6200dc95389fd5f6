-- unresolved_edge_titles: one row per distinct title an edge names on a side not yet resolved to a class. params: none
SELECT from_title AS title
FROM promotion_edges
WHERE from_class_id IS NULL
UNION
SELECT to_title AS title
FROM promotion_edges
WHERE to_class_id IS NULL
ORDER BY title
