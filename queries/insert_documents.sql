-- insert_documents: one row per document in the registered frame incoming_documents, written into documents and stamped now. params: none
INSERT INTO documents BY NAME
SELECT *, current_timestamp AS loaded_at
FROM incoming_documents
