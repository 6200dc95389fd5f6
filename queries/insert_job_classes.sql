-- insert_job_classes: one row per job class in the registered frame incoming_job_classes, written into job_classes. params: none
INSERT INTO job_classes BY NAME
SELECT *
FROM incoming_job_classes
