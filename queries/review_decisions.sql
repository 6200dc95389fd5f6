-- review_decisions: one row per review-queue item a steward has accepted: item_key, decision, author, decided_at. params: none
SELECT item_key, decision, author, decided_at
FROM review_decisions
ORDER BY decided_at
