-- migrate_qualification_paths_coursework: adds qualification_paths.coursework_units and coursework_level to a database made before coursework units were read (a no-op on a current one). params: none
ALTER TABLE qualification_paths ADD COLUMN IF NOT EXISTS coursework_units DOUBLE;
ALTER TABLE qualification_paths ADD COLUMN IF NOT EXISTS coursework_level VARCHAR;
