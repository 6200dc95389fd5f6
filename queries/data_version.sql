-- data_version: one row (the whole database) with data_version, a 16-hex hash of every loaded document's sha256, every pay schedule row and every loaded roster's sha256; it changes whenever any of them does. params: none
WITH document_hashes AS (
    SELECT coalesce(string_agg(sha256, ',' ORDER BY sha256), '') AS documents_text
    FROM documents
),

pay_rows AS (
    SELECT
        coalesce(
            string_agg(
                concat_ws('|', schedule_id, grade, step, annual_amount::VARCHAR, effective_date, source),
                chr(10) ORDER BY schedule_id, grade, step, effective_date
            ),
            ''
        ) AS pay_text
    FROM pay_schedules
),

roster_hashes AS (
    SELECT coalesce(string_agg(sha256, ',' ORDER BY sha256), '') AS rosters_text
    FROM rosters
)

SELECT
    left(
        sha256(d.documents_text || chr(10) || '--' || chr(10) || p.pay_text || chr(10) || '--' || chr(10) || r.rosters_text),
        16
    ) AS data_version
FROM document_hashes AS d, pay_rows AS p, roster_hashes AS r
