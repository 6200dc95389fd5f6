-- data_version: one row (the whole database) with data_version, a 16-hex hash of every loaded document's sha256, every pay schedule row and every loaded roster's sha256 and every applied correction (none: the hash is as before corrections existed); it changes whenever any of them does. params: none
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
),

applied_corrections AS (
    SELECT coalesce(string_agg(correction_id || ':' || document_id, ',' ORDER BY correction_id), '') AS corrections_text
    FROM corrections
    WHERE status = 'active'
)

SELECT
    left(
        sha256(
            d.documents_text || chr(10) || '--' || chr(10) || p.pay_text || chr(10) || '--' || chr(10) || r.rosters_text
            || CASE WHEN c.corrections_text = '' THEN '' ELSE chr(10) || '--' || chr(10) || c.corrections_text END
        ),
        16
    ) AS data_version
FROM document_hashes AS d, pay_rows AS p, roster_hashes AS r, applied_corrections AS c
