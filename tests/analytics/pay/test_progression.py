"""Pay progression: dated pay-table versions, New York longevity (assumed), Connecticut increments and lump sums."""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest

from analytics.db import REPO_ROOT
from analytics.ingest.tables.pay_schedules import read_pay_schedule
from analytics.pay.progression import Longevity, ct_increment_after
from analytics.pay.steps import lump_sum_table, step_table
from analytics.pay.trajectory import pay_trajectory

NY_HIRE = dt.date(2023, 6, 1)  # a hire on the 2023 PS&T table (S.7576 of 2023 Part A, administrative payroll)


@pytest.fixture(scope="module")
def steps() -> pl.LazyFrame:
    rows, _ = read_pay_schedule(REPO_ROOT / "data" / "paydata" / "pay_schedules.csv")
    return step_table(rows.lazy()).collect().lazy()


def _path(*legs: tuple[str, str, dt.date]) -> pl.LazyFrame:
    return pl.LazyFrame({"path_id": ["p"] * len(legs), "leg": list(range(1, len(legs) + 1)),
                         "schedule_id": [leg[0] for leg in legs], "grade": [leg[1] for leg in legs],
                         "entry_date": [leg[2] for leg in legs]})


def test_a_new_york_hire_is_paid_each_table_version_from_its_date(steps):
    got = pay_trajectory(steps, _path(("NYS_PST_PEF", "SG-18", NY_HIRE)), years=4).collect()

    # SG-18 HR / advance: 2023 63,108 / 2,167; 2024-03-28 65,001 / 2,232; 2025-03-27 66,951 / 2,299.
    # Year 1: HR 63,108, then on 2024-03-28 the 2024 HR 65,001. Year 2 (2024-06-01): HR+1adv on the 2024 table,
    # 65,001 + 2,232 = 67,233, then 2025-03-27 the 2025 HR+1adv 69,250. Year 3: 66,951 + 2 x 2,299 = 71,549
    # (the table in force at hire would have paid 63,108 + 2 x 2,167 = 67,442). Year 4: + 2,299 = 73,848.
    assert got["salary"].to_list() == [63108.0, 67233.0, 71549.0, 73848.0]
    assert got["step_label"].to_list() == ["HR", "HR+1adv", "HR+2adv", "HR+3adv"]
    # Year 1 (2023-06-01 to 2024-06-01, 366 days): 301 days at 63,108, 65 days at 65,001:
    # (63,108 x 301 + 65,001 x 65) / 366 = 23,220,573 / 366 = 63,444.19.
    # Year 2 (365 days): 299 days at 67,233 to 2025-03-27, 66 days at 69,250: 24,673,617 / 365 = 67,597.72.
    assert got["earnings"].to_list() == [63444.19, 67597.72, 71549.0, 73848.0]


def test_general_increases_still_multiply_the_dated_tables(steps):
    cola = pl.LazyFrame({"effective_date": [dt.date(2024, 1, 1)], "pct": [0.02]})

    got = pay_trajectory(steps, _path(("NYS_PST_PEF", "SG-18", NY_HIRE)), cola, years=2).collect()

    assert got["salary"].to_list() == [63108.0, round(67233 * 1.02, 2)]


def test_a_promotion_between_steps_keeps_its_share_of_the_step_across_versions(steps):
    path = _path(("NYS_PST_PEF", "SG-23", NY_HIRE), ("NYS_PST_PEF", "SG-27", dt.date(2023, 10, 1)))

    got = pay_trajectory(steps, path, years=3, start_step_index=8).collect()

    # 2023-10-01: SG-23 JR 103,350 x 1.075 (four grades) = 111,101.25, 863.25 above SG-27 2023 HR+3adv (110,238),
    # a 2023 advance being 3,159. 2024-03-28: the same share of the 2024 step, 113,546 + 863.25 x 3,254 / 3,159
    # = 114,435.21. 2024-10-01: + 3,254 = 117,689.21 (889.21 above 2024 HR+4adv, 116,800). 2025-03-27:
    # 120,306 + 889.21 x 3,352 / 3,254 = 121,221.99. 2025-10-01: + 3,352 = 124,573.99.
    assert got.select("grade", "step_label", "salary").rows() == [
        ("SG-23", "JR", 103350.0), ("SG-27", "HR+3adv", 114435.21), ("SG-27", "HR+4adv", 121221.99)]
    # Year 1 (366 days): 122 days at 103,350, 179 at 111,101.25 (to 2024-03-28), 65 at 114,435.21 = 109,109.60.
    # Year 2 (365 days): 122 at 114,435.21, 177 at 117,689.21, 66 at 121,221.99 = 117,240.38.
    # Year 3 (365 days): 122 at 121,221.99, 243 at 124,573.99 = 123,453.60.
    assert got["earnings"].to_list() == [109109.6, 117240.38, 123453.6]


def test_new_york_longevity_is_off_by_default_and_labelled_assumed_when_given(steps):
    at_job_rate = _path(("NYS_PST_PEF", "SG-18", dt.date(2025, 3, 27)))

    off = pay_trajectory(steps, at_job_rate, years=4, start_step_index=8).collect()
    on = pay_trajectory(steps, at_job_rate, years=4, start_step_index=8,
                        longevity=Longevity(amount_annual=1500.0, after_years=2)).collect()

    assert off["salary"].to_list() == [85138.0] * 4
    # Two years at the job rate (from 2025-03-27) add the assumed 1,500 on 2027-03-27.
    assert on["salary"].to_list() == [85138.0, 85138.0, 86638.0, 86638.0]
    assert on["step_label"].to_list() == ["JR", "JR", "JR + longevity (assumed)", "JR + longevity (assumed)"]


def test_the_longevity_clock_starts_when_the_job_rate_is_reached(steps):
    path = _path(("NYS_PST_PEF", "SG-18", dt.date(2025, 3, 27)))

    got = pay_trajectory(steps, path, years=4, start_step_index=7, longevity=Longevity(1500.0, after_years=1)).collect()

    # HR+6adv 80,745; the job rate 85,138 on 2026-03-27; one year there: 86,638 on 2027-03-27.
    assert got["salary"].to_list() == [80745.0, 85138.0, 86638.0, 86638.0]


def test_longevity_is_a_new_york_rule_only(steps):
    path = _path(("OPM_GS_2026_BASE", "GS-9", dt.date(2026, 1, 5)))

    got = pay_trajectory(steps, path, years=3, start_step_index=10, longevity=Longevity(1500.0, 1)).collect()

    assert got["salary"].to_list() == [68549.0] * 3
    with pytest.raises(ValueError, match="positive amount"):
        Longevity(0.0)


# A small synthetic Connecticut-style step table (no real CT step table was found): SH 17 pays a 1,200 lump
# sum at its top step instead of an increment; SH 19 states none.
CT_RATES = pl.LazyFrame({
    "schedule_id": ["CT_TEST"] * 9, "grade": ["SH 17"] * 5 + ["SH 19"] * 4,
    "step": ["1", "2", "3", "4", "LUMP_SUM", "1", "2", "3", "4"],
    "annual_amount": [50000.0, 52000.0, 54000.0, 56000.0, 1200.0, 55000.0, 57500.0, 60000.0, 62500.0],
    "effective_date": [None] * 9, "source": ["test"] * 9,
}, schema_overrides={"effective_date": pl.String})
MARCH, SEPTEMBER = dt.date(2025, 3, 10), dt.date(2025, 9, 15)


def _ct(*legs: tuple[str, dt.date], years: int, step: int = 1) -> pl.DataFrame:
    path = _path(*(("CT_TEST", grade, day) for grade, day in legs))
    return pay_trajectory(step_table(CT_RATES), path, years=years, start_step_index=step,
                          lump_sums=lump_sum_table(CT_RATES)).collect()


@pytest.mark.parametrize(
    ("hired", "day", "due"),
    [(MARCH, MARCH, dt.date(2026, 1, 1)), (dt.date(2025, 6, 30), dt.date(2025, 6, 30), dt.date(2026, 1, 1)),
     (dt.date(2025, 7, 1), dt.date(2025, 7, 1), dt.date(2027, 1, 1)), (SEPTEMBER, SEPTEMBER, dt.date(2027, 1, 1)),
     (MARCH, dt.date(2026, 1, 1), dt.date(2027, 1, 1)), (SEPTEMBER, dt.date(2026, 6, 1), dt.date(2027, 1, 1))],
)
def test_connecticut_increments_fall_on_1_january_by_the_half_year_of_hire(hired, day, due):
    assert ct_increment_after(day, hired=hired) == due


def test_a_connecticut_hire_in_march_moves_up_each_1_january_then_gets_the_lump_sum():
    got = _ct(("SH 17", MARCH), years=5)

    # First increment on the next 1 January (2026), then every 1 January; at the top (2028) the next 1 January
    # pays the 1,200 lump sum instead, the salary unchanged.
    assert got["salary"].to_list() == [50000.0, 52000.0, 54000.0, 56000.0, 56000.0]
    assert got["engine"].unique().to_list() == ["ct"]
    # Year 1 (2025-03-10 to 2026-03-10): 297 days at 50,000, 68 at 52,000: 18,386,000 / 365 = 50,372.60.
    # Year 2: 297 days at 52,000 to 2027-01-01, 68 at 54,000 = 52,372.60.
    # Year 3 (366 days): 297 days at 54,000 to 2028-01-01, 69 at 56,000 = 54,377.05.
    # Years 4 and 5: 56,000 and the lump sum of 2029-01-01, then of 2030-01-01: 57,200.
    assert got["earnings"].to_list() == [50372.6, 52372.6, 54377.05, 57200.0, 57200.0]


def test_a_connecticut_hire_in_september_waits_for_the_second_january():
    got = _ct(("SH 17", SEPTEMBER), years=3)

    # No increment on 2026-01-01; the first on 2027-01-01, the next on 2028-01-01.
    assert got["salary"].to_list() == [50000.0, 50000.0, 52000.0]
    # Year 2 (2026-09-15 to 2027-09-15): 108 days at 50,000, 257 at 52,000 = 51,408.22.
    assert got["earnings"].to_list() == [50000.0, 51408.22, round((52000 * 108 + 54000 * 258) / 366, 2)]


def test_a_connecticut_promotion_pays_at_least_one_increment_of_the_new_group_and_keeps_1_january():
    got = _ct(("SH 17", MARCH), ("SH 19", dt.date(2026, 7, 1)), years=4, step=3)

    # 2026-01-01: SH 17 54,000 -> 56,000 (its top, no lump sum: that day was an increment). 2026-07-01: at least
    # 56,000 + one SH 19 increment (57,500 - 55,000) = 58,500 -> SH 19 step 3, 60,000. 2027-01-01 (the same
    # anniversary): 62,500, the SH 19 top, which states no lump sum.
    assert got.select("grade", "step_index", "salary").rows() == [
        ("SH 17", 3, 54000.0), ("SH 17", 4, 56000.0), ("SH 19", 4, 62500.0), ("SH 19", 4, 62500.0)]
    # Year 2 (2026-03-10 to 2027-03-10): 113 days at 56,000, 184 at 60,000, 68 at 62,500:
    # (6,328,000 + 11,040,000 + 4,250,000) / 365 = 59,227.40.
    assert got["earnings"][1] == 59227.4
    assert got["earnings"][3] == 62500.0


def test_a_dated_lump_sum_is_paid_only_from_its_date():
    dated = CT_RATES.with_columns(
        effective_date=pl.when(pl.col("step") == "LUMP_SUM").then(pl.lit("2029-06")).otherwise(None))
    path = _path(("CT_TEST", "SH 17", MARCH))

    got = pay_trajectory(step_table(dated), path, years=5, lump_sums=lump_sum_table(dated)).collect()

    # At the top from 2028-01-01: nothing on 2029-01-01 (before 2029-06-01), 1,200 on 2030-01-01.
    assert got["earnings"][3:].to_list() == [56000.0, 57200.0]
