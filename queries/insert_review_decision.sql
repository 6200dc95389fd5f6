-- insert_review_decision: one row per review-queue item a steward accepts, written into review_decisions (an item decided again keeps the latest decision). params: item_key, decision, author
INSERT OR REPLACE INTO review_decisions (item_key, decision, author, decided_at)
VALUES ($item_key, $decision, $author, now())
