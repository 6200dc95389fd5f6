"""A schedule grade's rates by name, the version in effect on a day and its source: tiny inline pay_rates rows."""

from __future__ import annotations

import datetime as dt

import polars as pl
from polars.testing import assert_frame_equal

from analytics.pay.grade_rates import GRADE_RATES_SCHEMA, GRADE_VERSIONS_SCHEMA, grade_rates, grade_versions

RATES_SCHEMA = {"schedule_id": pl.String, "grade": pl.String, "step": pl.String, "annual_amount": pl.Float64,
                "effective_date": pl.String, "source": pl.String}


def rates(*rows: tuple) -> pl.LazyFrame:
    return pl.LazyFrame(rows, schema=RATES_SCHEMA, orient="row")


# NYS_PST_PEF SG-18 as S.7576 of 2023 prints it, two versions (data/paydata/pay_schedules.csv).
SG18 = rates(
    *(("NYS", "SG-18", step, amount, "2024-03-28", "law 2024")
      for step, amount in (("HR", 65001), ("ADVANCE_AMOUNT", 2232), ("JOB_RATE_ADVANCE", 4263), ("JR", 82656))),
    *(("NYS", "SG-18", step, amount, "2025-03-27", "law 2025")
      for step, amount in (("HR", 66951), ("ADVANCE_AMOUNT", 2299), ("JOB_RATE_ADVANCE", 4393), ("JR", 85138))),
)


def test_new_york_steps_are_named_hiring_rate_steps_1_to_6_and_job_rate_in_the_version_in_effect():
    found = grade_rates(SG18, on=dt.date(2026, 1, 1)).collect()

    assert found.schema == pl.Schema(GRADE_RATES_SCHEMA)
    assert found["step_name"].to_list() == ["Hiring rate", *(f"Step {k}" for k in range(1, 7)), "Job rate"]
    assert found["annual_amount"].to_list() == [66951, 69250, 71549, 73848, 76147, 78446, 80745, 85138]
    assert set(found["effective_date"]) == {dt.date(2025, 3, 27)}
    assert not found["is_range_only"].any()


def test_the_earlier_version_is_paid_before_the_later_one_takes_effect():
    found = grade_rates(SG18, on=dt.date(2025, 3, 26)).collect()

    assert (found["annual_amount"][0], found["annual_amount"][-1]) == (65001, 82656)


def test_a_grade_stated_by_its_bounds_keeps_only_them():
    found = grade_rates(rates(("CT", "SH 17", "MIN", 57625, None, "spec"), ("CT", "SH 17", "MAX", 72787, None, "spec")),
                        on=dt.date(2026, 1, 1)).collect()

    assert found.select("step_name", "annual_amount", "is_range_only").rows() == [
        ("Minimum", 57625, True), ("Maximum", 72787, True)]


def test_numbered_steps_are_named_step_n():
    found = grade_rates(rates(("GS", "GS-1", "1", 22584, "2026-01", "opm"), ("GS", "GS-1", "2", 23341, "2026-01", "opm")),
                        on=dt.date(2026, 6, 1)).collect()

    assert found["step_name"].to_list() == ["Step 1", "Step 2"]


def test_versions_list_each_date_with_its_source_and_the_one_in_effect():
    found = grade_versions(SG18, on=dt.date(2026, 1, 1)).collect()

    expected = pl.DataFrame({"schedule_id": ["NYS", "NYS"], "grade": ["SG-18", "SG-18"],
                             "effective_date": [dt.date(2024, 3, 28), dt.date(2025, 3, 27)],
                             "source": ["law 2024", "law 2025"], "is_in_effect": [False, True]},
                            schema=GRADE_VERSIONS_SCHEMA)
    assert_frame_equal(found, expected)


def test_before_any_version_the_earliest_is_the_one_shown():
    found = grade_versions(SG18, on=dt.date(2020, 1, 1)).collect()

    assert found["is_in_effect"].to_list() == [True, False]
