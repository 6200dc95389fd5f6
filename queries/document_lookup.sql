-- document_lookup: one row per loaded document whose sha256 starts with $ref (at least 8 hex characters) or whose file name is $ref: document_id, sha256, file_name, loaded_at. params: $ref
SELECT document_id, sha256, file_name, loaded_at
FROM documents
WHERE (length($ref) >= 8 AND starts_with(sha256, lower($ref))) OR file_name = $ref
ORDER BY loaded_at
