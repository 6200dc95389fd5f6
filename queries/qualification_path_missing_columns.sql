-- qualification_path_missing_columns: one row per column the current schema gives qualification_paths that a database made before coursework units were read lacks (coursework_units, coursework_level). params: none
SELECT wanted.column_name
FROM (VALUES ('coursework_units'), ('coursework_level')) AS wanted(column_name)
WHERE EXISTS (SELECT 1 FROM information_schema.tables WHERE table_name = 'qualification_paths')
  AND wanted.column_name NOT IN (
    SELECT column_name FROM information_schema.columns WHERE table_name = 'qualification_paths'
  )
ORDER BY wanted.column_name
