-- catalog_titles: one row per current job class matching the filters (a null filter matches all), with jurisdiction and series names and its first stated range annualised. params: $jurisdiction_id, $series_name, $grade, $search
WITH first_range AS (
    SELECT class_id, min_annual, max_annual
    FROM salary_ranges
    QUALIFY row_number() OVER (PARTITION BY class_id ORDER BY range_order) = 1
)

SELECT
    c.class_id,
    c.title,
    c.class_code,
    c.grade,
    c.jurisdiction_id,
    j.name AS jurisdiction_name,
    s.name AS series_name,
    c.level_in_series,
    r.min_annual,
    r.max_annual,
    d.file_name
FROM job_classes AS c
LEFT JOIN jurisdictions AS j ON j.jurisdiction_id = c.jurisdiction_id
LEFT JOIN series AS s ON s.series_id = c.series_id
LEFT JOIN first_range AS r ON r.class_id = c.class_id
LEFT JOIN documents AS d ON d.document_id = c.document_id
WHERE c.superseded_by IS NULL
    AND ($jurisdiction_id IS NULL OR c.jurisdiction_id = $jurisdiction_id)
    AND ($series_name IS NULL OR s.name = $series_name)
    AND ($grade IS NULL OR c.grade = $grade)
    AND (
        $search IS NULL
        OR contains(lower(c.title), lower($search))
        OR contains(lower(coalesce(c.class_code, '')), lower($search))
    )
ORDER BY j.name NULLS LAST, s.name NULLS LAST, c.level_in_series NULLS LAST, c.title, c.class_id
