-- insert_promotion_edges: one row per stated edge in the registered frame incoming_promotion_edges, written into promotion_edges. params: none
INSERT INTO promotion_edges BY NAME
SELECT *
FROM incoming_promotion_edges
