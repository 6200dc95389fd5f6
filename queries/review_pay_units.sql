-- review_pay_units: one row per salary range of a current class whose pay units disagree (the stated hourly or biweekly amount times its periods per year is not the stated yearly amount): the range as stated and annualised, with its evidence span. params: none
SELECT
    r.class_id,
    c.class_key,
    r.range_order,
    r.min_amount,
    r.max_amount,
    r.pay_unit,
    r.annual_factor,
    r.factor_source,
    r.min_annual,
    r.max_annual,
    r.char_start,
    r.char_end
FROM salary_ranges AS r
INNER JOIN job_classes AS c ON c.class_id = r.class_id AND c.superseded_by IS NULL
WHERE r.is_pay_unit_consistent = FALSE
ORDER BY r.class_id, r.range_order
