-- class_pay_profile: one row per current job class whose title or title_key matches, with its grade, jurisdiction and first stated yearly-equivalent salary range. params: $title, $title_key
WITH matched AS (
    SELECT class_id, title, grade, jurisdiction_id, bargaining_unit
    FROM job_classes
    WHERE (title_key = $title_key OR lower(title) = lower($title)) AND superseded_by IS NULL
),

first_range AS (
    SELECT class_id, min_annual, max_annual
    FROM salary_ranges
    QUALIFY row_number() OVER (PARTITION BY class_id ORDER BY range_order) = 1
)

SELECT
    m.class_id,
    m.title,
    m.grade,
    m.jurisdiction_id,
    m.bargaining_unit,
    r.min_annual,
    r.max_annual
FROM matched AS m
LEFT JOIN first_range AS r ON r.class_id = m.class_id
ORDER BY m.jurisdiction_id, m.class_id
