-- document_count: one row per database: n_documents, the number of loaded documents. params: none
SELECT count(*) AS n_documents
FROM documents
