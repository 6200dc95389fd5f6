-- lateral_classes: one row per current job class with its jurisdiction's name, the agencies (departments) its salary ranges name, and the class pay inputs (grade, bargaining unit, first stated range annualised). params: none
WITH first_range AS (
    SELECT class_id, min_annual, max_annual
    FROM salary_ranges
    QUALIFY row_number() OVER (PARTITION BY class_id ORDER BY range_order) = 1
),

agencies AS (
    SELECT
        class_id,
        string_agg(DISTINCT department, '; ' ORDER BY department) AS agency
    FROM salary_ranges
    WHERE department IS NOT NULL
    GROUP BY class_id
)

SELECT
    c.class_id,
    c.title,
    c.class_code,
    c.jurisdiction_id,
    j.name AS jurisdiction_name,
    a.agency,
    c.series_id,
    c.level_in_series,
    c.grade,
    c.bargaining_unit,
    r.min_annual,
    r.max_annual
FROM job_classes AS c
LEFT JOIN jurisdictions AS j ON j.jurisdiction_id = c.jurisdiction_id
LEFT JOIN agencies AS a ON a.class_id = c.class_id
LEFT JOIN first_range AS r ON r.class_id = c.class_id
WHERE c.superseded_by IS NULL
ORDER BY c.class_id
