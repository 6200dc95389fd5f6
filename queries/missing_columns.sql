-- missing_columns: one row per (table_name, column_name) the current schema added to an existing table that a database made by an earlier version lacks (qualification_paths.coursework_units and coursework_level, job_classes.level_basis, confidence, working_title, class_key, superseded_by and superseded_at). params: none
SELECT wanted.table_name, wanted.column_name
FROM (VALUES ('job_classes', 'class_key'), ('job_classes', 'confidence'), ('job_classes', 'level_basis'),
             ('job_classes', 'superseded_at'), ('job_classes', 'superseded_by'), ('job_classes', 'working_title'),
             ('qualification_paths', 'coursework_level'), ('qualification_paths', 'coursework_units')) AS wanted(table_name, column_name)
WHERE wanted.table_name IN (SELECT table_name FROM information_schema.tables)
  AND (wanted.table_name, wanted.column_name) NOT IN (
    SELECT (table_name, column_name) FROM information_schema.columns
  )
ORDER BY wanted.table_name, wanted.column_name
