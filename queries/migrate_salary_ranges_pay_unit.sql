-- migrate_salary_ranges_pay_unit: renames salary_ranges.unit to pay_unit and is_unit_consistent to is_pay_unit_consistent in a database made before the rename. params: none
ALTER TABLE salary_ranges RENAME COLUMN unit TO pay_unit;
ALTER TABLE salary_ranges RENAME COLUMN is_unit_consistent TO is_pay_unit_consistent;
