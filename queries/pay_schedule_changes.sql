-- pay_schedule_changes: one row per (schedule_id, grade, step, effective_date) of the registered frame incoming_pay_schedules that is new or differs from pay_schedules. params: none
SELECT
    i.schedule_id,
    i.grade,
    i.step,
    i.annual_amount,
    coalesce(i.effective_date, '') AS effective_date,
    i.source
FROM incoming_pay_schedules AS i
LEFT JOIN pay_schedules AS p
    ON p.schedule_id = i.schedule_id
    AND p.grade = i.grade
    AND p.step = i.step
    AND p.effective_date = coalesce(i.effective_date, '')
WHERE p.schedule_id IS NULL
    OR p.annual_amount IS DISTINCT FROM i.annual_amount
    OR p.source IS DISTINCT FROM i.source
ORDER BY i.schedule_id, i.grade, effective_date, i.step
