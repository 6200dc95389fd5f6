-- pay_rates: one row per (schedule_id, grade, step, effective_date) pay amount with its source; an undated row has a null effective_date. params: none
SELECT
    schedule_id,
    grade,
    step,
    annual_amount,
    -- the primary key forbids NULL, so an undated row is stored with '' and read back as NULL
    NULLIF(effective_date, '') AS effective_date,
    source
FROM pay_schedules
ORDER BY schedule_id, grade, effective_date, step
