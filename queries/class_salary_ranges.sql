-- class_salary_ranges: one row per (class_id, range_order) salary range as stated and annualised, with the factor used and its evidence span. params: $class_id
SELECT
    range_order,
    min_amount,
    max_amount,
    pay_unit,
    department,
    min_annual,
    max_annual,
    annual_factor,
    factor_source,
    is_pay_unit_consistent,
    document_id,
    char_start,
    char_end
FROM salary_ranges
WHERE class_id = $class_id
ORDER BY range_order
