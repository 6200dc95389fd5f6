-- database_summary: one row (the whole database) with n_documents, n_jurisdictions, n_titles (current classes), n_versions (superseded ones kept as history), n_series, n_edges, n_pay_schedules, n_pay_rows, n_rejects, last_loaded_at. params: none
SELECT
    (SELECT count(*) FROM documents) AS n_documents,
    (SELECT count(*) FROM jurisdictions) AS n_jurisdictions,
    (SELECT count(*) FROM job_classes WHERE superseded_by IS NULL) AS n_titles,
    (SELECT count(*) FROM job_classes WHERE superseded_by IS NOT NULL) AS n_versions,
    (SELECT count(*) FROM series) AS n_series,
    (SELECT count(*) FROM promotion_edges) AS n_edges,
    (SELECT count(DISTINCT schedule_id) FROM pay_schedules) AS n_pay_schedules,
    (SELECT count(*) FROM pay_schedules) AS n_pay_rows,
    (SELECT count(*) FROM ingest_rejects) AS n_rejects,
    (SELECT max(loaded_at) FROM documents) AS last_loaded_at
