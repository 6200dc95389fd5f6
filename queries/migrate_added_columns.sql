-- migrate_added_columns: adds the columns the schema added to existing tables (qualification_paths.coursework_units and coursework_level, job_classes.level_basis, confidence and working_title) to a database made before them; a no-op on a current one. params: none
ALTER TABLE qualification_paths ADD COLUMN IF NOT EXISTS coursework_units DOUBLE;
ALTER TABLE qualification_paths ADD COLUMN IF NOT EXISTS coursework_level VARCHAR;
ALTER TABLE job_classes ADD COLUMN IF NOT EXISTS level_basis VARCHAR;
ALTER TABLE job_classes ADD COLUMN IF NOT EXISTS confidence DOUBLE;
ALTER TABLE job_classes ADD COLUMN IF NOT EXISTS working_title VARCHAR;
