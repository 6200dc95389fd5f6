"""Step tables: NY PS&T against the schedule, GS steps against the waiting periods, generic ranges."""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from analytics.db import REPO_ROOT
from analytics.ingest.tables.pay_schedules import read_pay_schedule
from analytics.pay.steps import (
    CLASS_STEPS_SCHEMA,
    GS_MONTHS_TO_NEXT,
    GS_WAITING_WEEKS,
    LUMP_SUM_SCHEMA,
    STEP_TABLE_SCHEMA,
    class_step_table,
    gs_step_dates,
    lump_sum_table,
    range_step_table,
    step_table,
)

PAYDATA = REPO_ROOT / "data" / "paydata"


@pytest.fixture(scope="module")
def rates() -> pl.DataFrame:
    rows, report = read_pay_schedule(PAYDATA / "pay_schedules.csv")
    assert report.is_empty()
    return rows


@pytest.fixture(scope="module")
def steps(rates) -> pl.DataFrame:
    return step_table(rates.lazy()).collect()


def _rates(schedule_id: str, grade: str, date: str | None, **amounts: float) -> pl.LazyFrame:
    return pl.LazyFrame({
        "schedule_id": schedule_id, "grade": grade, "step": list(amounts),
        "annual_amount": list(amounts.values()), "effective_date": date, "source": "test",
    }, schema_overrides={"effective_date": pl.String})


def _steps(schedule_id, grade, date, labels, amounts, months, engine) -> pl.DataFrame:
    n = len(labels)
    return pl.DataFrame({
        "schedule_id": [schedule_id] * n, "grade": [grade] * n, "effective_date": [date] * n,
        "step_index": list(range(1, n + 1)), "step_label": labels, "annual_amount": amounts,
        "months_to_next": months, "engine": [engine] * n,
    }, schema=STEP_TABLE_SCHEMA)


def test_step_table_has_the_contract_schema_and_one_row_per_key(steps):
    assert steps.schema == pl.Schema(STEP_TABLE_SCHEMA)
    assert steps.select("schedule_id", "grade", "effective_date", "step_index").is_duplicated().sum() == 0
    assert sorted(steps["engine"].unique()) == ["generic", "gs", "nys"]


# --- New York PS&T ----------------------------------------------------------------------------

def test_nys_hiring_rate_plus_six_advances_plus_job_rate_advance_is_the_job_rate(rates):
    nys = rates.filter(schedule_id="NYS_PST_PEF").pivot("step", index=["grade", "effective_date"],
                                                          values="annual_amount")

    assert nys.height == 9  # grades 18, 23, 27 x 2023, 2024, 2025
    assert (nys["HR"] + 6 * nys["ADVANCE_AMOUNT"] + nys["JOB_RATE_ADVANCE"] == nys["JR"]).all()


def test_nys_steps_match_the_schedule_in_all_nine_grade_year_rows(rates, steps):
    stated = rates.filter(schedule_id="NYS_PST_PEF").pivot(
        "step", index=["grade", "effective_date"], values="annual_amount")
    for row in stated.iter_rows(named=True):
        date = dt.date.fromisoformat(row["effective_date"])
        got = steps.filter(schedule_id="NYS_PST_PEF", grade=row["grade"], effective_date=date)
        labels = ["HR"] + [f"HR+{k}adv" for k in range(1, 7)] + ["JR"]
        amounts = [row["HR"] + k * row["ADVANCE_AMOUNT"] for k in range(7)] + [row["JR"]]
        expected = _steps("NYS_PST_PEF", row["grade"], date, labels, amounts, [12] * 7 + [None], "nys")
        assert_frame_equal(got, expected)


def test_nys_grade_18_2025(steps):
    got = steps.filter(grade="SG-18", effective_date=dt.date(2025, 3, 27))["annual_amount"].to_list()

    assert got == [66951, 69250, 71549, 73848, 76147, 78446, 80745, 85138]


# --- US General Schedule ----------------------------------------------------------------------

def test_gs_waiting_weeks_are_the_published_waiting_periods():
    waits = pl.read_csv(PAYDATA / "gs_step_waiting_periods.csv")

    assert dict(waits.select("to_step", "waiting_period_calendar_weeks").iter_rows()) == GS_WAITING_WEEKS
    assert GS_MONTHS_TO_NEXT == {1: 12, 2: 12, 3: 12, 4: 24, 5: 24, 6: 24, 7: 36, 8: 36, 9: 36}


def test_gs_step_table_has_ten_steps_with_the_waiting_periods_in_months(rates, steps):
    got = steps.filter(grade="GS-12")
    stated = rates.filter(pl.col("grade") == "GS-12", pl.col("step") != "WGI")

    assert got["step_label"].to_list() == [str(s) for s in range(1, 11)]
    assert got["months_to_next"].to_list() == [12, 12, 12, 24, 24, 24, 36, 36, 36, None]
    assert sorted(got["annual_amount"]) == sorted(stated["annual_amount"])
    assert steps.filter(schedule_id="OPM_GS_2026_BASE").height == 150
    assert got["effective_date"].unique().to_list() == [dt.date(2026, 1, 1)]


def test_gs_step_dates_count_calendar_weeks_from_the_previous_step():
    waits = pl.read_csv(PAYDATA / "gs_step_waiting_periods.csv")
    start = dt.date(2026, 1, 11)

    got = gs_step_dates(start_date=start).collect()

    expected_weeks = [0] + waits.sort("to_step")["waiting_period_calendar_weeks"].to_list()
    expected = [start + dt.timedelta(weeks=sum(expected_weeks[: i + 1])) for i in range(10)]
    assert got["reached_date"].to_list() == expected
    assert got.row(1) == (2, 52, dt.date(2027, 1, 10))
    assert got.row(9) == (10, 156, start + dt.timedelta(weeks=3 * 52 + 3 * 104 + 3 * 156))


def test_gs_step_dates_from_a_later_step_restart_the_clock():
    got = gs_step_dates(start_date=dt.date(2026, 3, 1), start_step=4).collect()

    assert got.row(0) == (4, 0, dt.date(2026, 3, 1))
    assert got.row(1) == (5, 104, dt.date(2026, 3, 1) + dt.timedelta(weeks=104))
    with pytest.raises(ValueError):
        gs_step_dates(start_date=dt.date(2026, 3, 1), start_step=11)


# --- generic range ----------------------------------------------------------------------------

def test_ct_sh_17_min_max_climbs_three_percent_a_year_to_the_max():
    got = step_table(_rates("CT_SH", "SH 17", None, MIN=57625.0, MAX=72787.0)).collect()

    amounts = [57625.0, 59353.75, 61134.36, 62968.39, 64857.45, 66803.17, 68807.26, 70871.48, 72787.0]
    labels = ["MIN"] + [f"MIN+{k}" for k in range(1, 8)] + ["MAX"]
    assert_frame_equal(got, _steps("CT_SH", "SH 17", None, labels, amounts, [12] * 8 + [None], "generic"))


def test_nys_mc_hiring_and_job_rate_only_is_generic_and_month_dates_are_the_first():
    got = step_table(_rates("NYS_MC", "M-3", "2025-04", HR=100.0, JR=110.0), generic_annual_pct=0.05).collect()

    expected = _steps("NYS_MC", "M-3", dt.date(2025, 4, 1), ["HR", "HR+1", "JR"], [100.0, 105.0, 110.0],
                      [12, 12, None], "generic")
    assert_frame_equal(got, expected)


def test_generic_range_exactly_on_a_step_has_no_duplicate_top_and_a_flat_range_one_step():
    exact = step_table(_rates("S", "G", None, MIN=100.0, MAX=121.0), generic_annual_pct=0.1).collect()
    flat = step_table(_rates("S", "F", None, MIN=100.0, MAX=100.0)).collect()

    assert exact["annual_amount"].to_list() == [100.0, 110.0, 121.0]
    assert flat.select("step_label", "annual_amount", "months_to_next").rows() == [("MIN", 100.0, None)]


def test_generic_percentage_must_be_positive():
    with pytest.raises(ValueError, match="positive"):
        step_table(_rates("S", "G", None, MIN=1.0, MAX=2.0), generic_annual_pct=0).collect()


def test_numbered_steps_outside_gs_advance_yearly():
    got = step_table(_rates("COUNTY", "12", "2024-07-01", **{"1": 50.0, "2": 52.0, "3": 54.0})).collect()

    assert got.select("step_label", "months_to_next", "engine").rows() == [
        ("1", 12, "generic"), ("2", 12, "generic"), ("3", None, "generic")]


def test_numbered_steps_on_a_ct_schedule_get_the_ct_engine_and_the_lump_sum_is_not_a_step():
    rates = _rates("CT_TEST", "SH 17", "2025-07", **{"1": 50.0, "2": 52.0, "3": 54.0, "LUMP_SUM": 1.2})

    got = step_table(rates).collect()
    sums = lump_sum_table(rates).collect()

    assert got.select("step_label", "annual_amount", "months_to_next", "engine").rows() == [
        ("1", 50.0, 12, "ct"), ("2", 52.0, 12, "ct"), ("3", 54.0, None, "ct")]
    assert sums.schema == pl.Schema(LUMP_SUM_SCHEMA)
    assert sums.rows() == [("CT_TEST", "SH 17", dt.date(2025, 7, 1), 1.2)]


def test_only_ct_step_tables_get_the_ct_engine(steps):
    # The real CT_SH row pair is a MIN/MAX range from a class specification: a generic range.
    assert set(steps.filter(pl.col("schedule_id") == "CT_SH")["engine"]) == {"generic"}
    assert lump_sum_table(_rates("NYS_MC", "M-3", "2025-04", HR=100.0, JR=110.0)).collect().is_empty()


def test_range_step_table_from_a_stated_salary_range():
    ranges = pl.LazyFrame({"schedule_id": ["RANGE:c"], "grade": ["range"], "effective_date": [None],
                           "min_annual": [50000.0], "max_annual": [53000.0]})

    got = range_step_table(ranges).collect()

    expected = _steps("RANGE:c", "range", None, ["MIN", "MIN+1", "MAX"], [50000.0, 51500.0, 53000.0],
                      [12, 12, None], "generic")
    assert_frame_equal(got, expected)


def test_class_step_table_uses_the_schedule_else_the_stated_range(steps):
    classes = pl.LazyFrame({
        "class_id": ["ny:0", "ct:0", "county:0", "none:0", "ny:9"],
        "grade": ["18", "SH 17", None, None, "19"],
        "jurisdiction_id": ["new-york-state", "state-of-connecticut", "orange-county", None, "new-york-state"],
        "bargaining_unit": [None] * 5,
        "min_annual": [1.0, 1.0, 50000.0, None, 60000.0],
        "max_annual": [2.0, 2.0, 53000.0, None, 60000.0],
    })

    got = class_step_table(classes, steps.lazy()).collect()

    assert got.schema == pl.Schema(CLASS_STEPS_SCHEMA)
    summary = got.group_by("class_id", "schedule_id", "grade").len().sort("class_id").rows()
    assert summary == [("county:0", "RANGE:county:0", "range", 3), ("ct:0", "CT_SH", "SH 17", 9),
                       ("ny:0", "NYS_PST_PEF", "SG-18", 24), ("ny:9", "RANGE:ny:9", "19", 1)]


def test_step_table_accepts_dates_already_parsed():
    rates = _rates("CT_SH", "SH 17", None, MIN=100.0, MAX=103.0).with_columns(
        effective_date=pl.lit(dt.date(2024, 7, 1)))

    got = step_table(rates).collect()

    assert got.select("effective_date", "annual_amount").rows() == [(dt.date(2024, 7, 1), 100.0),
                                                                     (dt.date(2024, 7, 1), 103.0)]
