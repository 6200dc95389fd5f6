-- class_detail: one row per job class with this class_id (zero or one): its fields (with how surely the title was read, the posting's working title, its key across versions and the newer version that superseded it, if any), document, jurisdiction and series names, and the evidence spans of its title, class code and grade. params: $class_id
SELECT
    c.class_id,
    c.document_id,
    c.title,
    c.class_code,
    c.grade,
    c.level_in_series,
    c.classification,
    c.bargaining_unit,
    c.confidence,
    c.working_title,
    c.class_key,
    c.superseded_by,
    c.jurisdiction_id,
    j.name AS jurisdiction_name,
    s.name AS series_name,
    d.file_name,
    d.effective_date,
    c.char_start AS title_start,
    c.char_end AS title_end,
    ec.char_start AS class_code_start,
    ec.char_end AS class_code_end,
    eg.char_start AS grade_start,
    eg.char_end AS grade_end
FROM job_classes AS c
LEFT JOIN jurisdictions AS j ON j.jurisdiction_id = c.jurisdiction_id
LEFT JOIN series AS s ON s.series_id = c.series_id
LEFT JOIN documents AS d ON d.document_id = c.document_id
-- class_id is document_id:position, and the parser keys a title's facts as titles[position].field
LEFT JOIN evidence AS ec
    ON ec.document_id = c.document_id
    AND ec.fact_key = 'titles[' || split_part(c.class_id, ':', -1) || '].class_code'
LEFT JOIN evidence AS eg
    ON eg.document_id = c.document_id
    AND eg.fact_key = 'titles[' || split_part(c.class_id, ':', -1) || '].grade'
WHERE c.class_id = $class_id
