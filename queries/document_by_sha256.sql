-- document_by_sha256: one row per loaded document with these bytes (zero or one): its document_id. params: $sha256
SELECT document_id
FROM documents
WHERE sha256 = $sha256
