"""Career pay paths: promotion legs, pay versions in effect, class pay ranges, totals."""

from __future__ import annotations

import datetime as dt

import polars as pl
from polars.testing import assert_frame_equal

from analytics.pay.bands import pay_bands
from analytics.pay.paths import (
    CLASS_PAY_RANGE_SCHEMA,
    PATHS_SCHEMA,
    STAY,
    TOTALS_SCHEMA,
    bands_in_effect,
    career_pay_trajectory,
    class_pay_ranges,
    path_totals,
    promotion_paths,
    versions_in_effect,
)
from analytics.pay.steps import pay_basis_words, step_table

START = dt.date(2025, 4, 1)
SG18, SG23 = ("NYS_PST_PEF", "SG-18"), ("NYS_PST_PEF", "SG-23")
# The 2025 PS&T rows of grades 18 and 23 (data/paydata), in the pay_rates contract.
RATES = pl.LazyFrame(
    [(*SG18, "HR", 66951.0), (*SG18, "ADVANCE_AMOUNT", 2299.0), (*SG18, "JOB_RATE_ADVANCE", 4393.0),
     (*SG18, "JR", 85138.0), (*SG23, "HR", 86681.0), (*SG23, "ADVANCE_AMOUNT", 2825.0),
     (*SG23, "JOB_RATE_ADVANCE", 6019.0), (*SG23, "JR", 109650.0)],
    schema={"schedule_id": pl.String, "grade": pl.String, "step": pl.String, "annual_amount": pl.Float64},
    orient="row",
).with_columns(effective_date=pl.lit("2025-03-27"))


def _d(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


def test_paths_stay_and_promote_on_each_date_within_the_horizon():
    paths = promotion_paths(start=START, years=10, stay=SG18, target=SG23, promotions={
        "early": _d("2024-01-01"), "later": _d("2029-04-01"), "too late": _d("2035-04-01"), "none": None,
    }).collect()

    expected = pl.DataFrame(
        [(STAY, 1, *SG18, START), ("early", 1, *SG18, START), ("early", 2, *SG23, START),
         ("later", 1, *SG18, START), ("later", 2, *SG23, _d("2029-04-01"))],
        schema=PATHS_SCHEMA, orient="row",
    )
    assert_frame_equal(paths, expected)


def test_without_a_target_only_staying_is_left():
    paths = promotion_paths(start=START, years=5, stay=SG18, promotions={"later": _d("2027-01-01")}).collect()

    assert paths["path_id"].to_list() == [STAY]


def test_versions_in_effect_latest_on_or_before_the_day_else_the_earliest_undated_always():
    frame = pl.LazyFrame({"key": ["a", "a", "a", "b", "c", "c"],
                          "effective_date": [_d("2024-01-01"), _d("2025-01-01"), _d("2026-01-01"), _d("2030-01-01"),
                                             None, _d("2020-01-01")]})

    chosen = versions_in_effect(frame, keys=["key"], on=_d("2025-06-30")).collect().sort("key")

    assert chosen.rows() == [("a", _d("2025-01-01")), ("b", _d("2030-01-01")), ("c", _d("2020-01-01"))]


def test_class_pay_ranges_are_the_lowest_and_highest_step_in_effect():
    steps = step_table(RATES).collect()
    classes = pl.concat([steps.filter(pl.col("grade") == g).with_columns(class_id=pl.lit(c))
                         for c, g in (("iws1", "SG-18"), ("iws2", "SG-23"))])

    ranges = class_pay_ranges(classes.lazy(), on=START).collect()

    expected = pl.DataFrame(
        [("iws1", *SG18, _d("2025-03-27"), 66951.0, 85138.0, "nys", False),
         ("iws2", *SG23, _d("2025-03-27"), 86681.0, 109650.0, "nys", False)],
        schema=CLASS_PAY_RANGE_SCHEMA, orient="row",
    )
    assert_frame_equal(ranges, expected)


def test_bands_in_effect_are_one_schedule_lowest_grade_first():
    bands = bands_in_effect(pay_bands(step_table(RATES)), schedule_id="NYS_PST_PEF", on=START).collect()

    assert bands["grade"].to_list() == ["SG-18", "SG-23"]
    assert bands["midpoint_annual"].to_list() == [76044.5, 98165.5]


def test_trajectory_of_staying_and_its_totals():
    steps = step_table(RATES).with_columns(class_id=pl.lit("iws1"))
    paths = promotion_paths(start=START, years=8, stay=SG18, target=SG23, promotions={"at 4": _d("2029-04-01")})

    trajectory = career_pay_trajectory(steps, paths, years=8).collect()
    totals = path_totals(trajectory.lazy()).collect()

    stay = trajectory.filter(pl.col("path_id") == STAY)["salary"].to_list()
    assert stay == [66951.0, 69250.0, 71549.0, 73848.0, 76147.0, 78446.0, 80745.0, 85138.0]
    promoted = trajectory.filter(pl.col("path_id") == "at 4")["salary"].to_list()
    assert promoted[4] == 86681.0  # NY: the higher of SG-23's hiring rate and 76,147 x 1.03
    assert totals.schema == pl.Schema(TOTALS_SCHEMA)
    assert totals["path_id"].to_list() == [STAY, "at 4"]
    assert totals["total_earnings"][0] == sum(stay)
    assert totals["more_than_staying"].to_list() == [0.0, sum(promoted) - sum(stay)]


def test_a_grade_with_only_a_minimum_and_maximum_is_range_only():
    # CT SH 17 is loaded as MIN 57,625 and MAX 72,787 only (data/paydata): its steps are the generic engine's.
    rates = pl.LazyFrame({"schedule_id": ["CT_SH", "CT_SH"], "grade": ["SH 17", "SH 17"], "step": ["MIN", "MAX"],
                          "annual_amount": [57625.0, 72787.0], "effective_date": [None, None]},
                         schema_overrides={"effective_date": pl.String})
    classes = step_table(rates).with_columns(class_id=pl.lit("ct"))

    ranges = class_pay_ranges(classes, on=START).collect()

    assert ranges.select("min_annual", "max_annual", "engine", "range_only").row(0) == (57625.0, 72787.0, "generic",
                                                                                          True)
    assert pay_basis_words("CT_SH", "SH 17", range_only=True, range_pct=0.03) == \
        "CT_SH SH 17 (range only: 3% a year assumed)"
    assert pay_basis_words("RANGE:abc:0", "range", range_only=True, range_pct=0.025) == \
        "its stated salary range (range only: 2.5% a year assumed)"
    assert pay_basis_words("NYS_PST_PEF", "SG-18", range_only=False, range_pct=0.03) == "NYS_PST_PEF SG-18"
