-- upsert_pay_schedules: writes every row of the registered frame incoming_pay_schedules into pay_schedules, one row per (schedule_id, grade, step, effective_date); an existing key gets the new amount and source. params: none
INSERT INTO pay_schedules (schedule_id, grade, step, annual_amount, effective_date, source)
SELECT
    schedule_id,
    grade,
    step,
    annual_amount,
    -- the primary key forbids NULL, so an undated row is stored with ''
    coalesce(effective_date, '') AS effective_date,
    source
FROM incoming_pay_schedules
ON CONFLICT (schedule_id, grade, step, effective_date)
DO UPDATE SET annual_amount = excluded.annual_amount, source = excluded.source
