-- salary_range_legacy_columns: one row per column of salary_ranges still named as before pay units were `pay_unit` (unit, is_unit_consistent). params: none
SELECT column_name
FROM information_schema.columns
WHERE table_name = 'salary_ranges'
  AND column_name IN ('unit', 'is_unit_consistent')
ORDER BY column_name
