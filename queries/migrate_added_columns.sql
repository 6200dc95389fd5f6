-- migrate_added_columns: adds the columns the schema added to existing tables (qualification_paths.coursework_units and coursework_level, job_classes.level_basis, confidence, working_title, class_key, superseded_by and superseded_at) to a database made before them; a no-op on a current one. params: none
ALTER TABLE qualification_paths ADD COLUMN IF NOT EXISTS coursework_units DOUBLE;
ALTER TABLE qualification_paths ADD COLUMN IF NOT EXISTS coursework_level VARCHAR;
ALTER TABLE job_classes ADD COLUMN IF NOT EXISTS level_basis VARCHAR;
ALTER TABLE job_classes ADD COLUMN IF NOT EXISTS confidence DOUBLE;
ALTER TABLE job_classes ADD COLUMN IF NOT EXISTS working_title VARCHAR;
ALTER TABLE job_classes ADD COLUMN IF NOT EXISTS class_key VARCHAR;
ALTER TABLE job_classes ADD COLUMN IF NOT EXISTS superseded_by VARCHAR;
ALTER TABLE job_classes ADD COLUMN IF NOT EXISTS superseded_at TIMESTAMP;
UPDATE job_classes
SET class_key = coalesce(jurisdiction_id, document_id) || '|'
    || coalesce('code:' || lower(class_code), 'title:' || title_key)
WHERE class_key IS NULL;
