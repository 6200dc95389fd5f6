-- document_text: one row per document with this document_id (zero or one): its file name, media type and full text, into which every evidence span points. params: $document_id
SELECT
    document_id,
    file_name,
    media_type,
    full_text
FROM documents
WHERE document_id = $document_id
