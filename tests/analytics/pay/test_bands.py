"""Pay bands: min, midpoint, max, spread, overlap with the next grade; compa-ratio and penetration."""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from analytics.pay.bands import BANDS_SCHEMA, band_position, pay_bands, salary_band_positions
from analytics.pay.steps import STEP_TABLE_SCHEMA

DAY = dt.date(2025, 3, 27)


def _steps(*grades: tuple[str, dt.date | None, list[float]]) -> pl.LazyFrame:
    rows = [
        ("S", grade, date, i + 1, str(i + 1), amount, None, "generic")
        for grade, date, amounts in grades
        for i, amount in enumerate(amounts)
    ]
    return pl.LazyFrame(rows, schema=STEP_TABLE_SCHEMA, orient="row")


@pytest.fixture
def bands() -> pl.LazyFrame:
    # M-3 sorts before G-18 by name but sits above it by pay: the next grade follows the minimum.
    return pay_bands(_steps(("M-3", DAY, [200.0, 260.0]), ("G-18", DAY, [100.0, 110.0, 150.0]),
                            ("G-23", DAY, [120.0, 180.0]), ("G-27", DAY, [160.0, 160.0])))


def test_pay_bands(bands):
    got = bands.collect()

    expected = pl.DataFrame(
        {"schedule_id": ["S"] * 4, "grade": ["G-18", "G-23", "G-27", "M-3"], "effective_date": [DAY] * 4,
         "min_annual": [100.0, 120.0, 160.0, 200.0], "midpoint_annual": [125.0, 150.0, 160.0, 230.0],
         "max_annual": [150.0, 180.0, 160.0, 260.0], "range_spread": [0.5, 0.5, 0.0, 0.3],
         "next_grade": ["G-23", "G-27", "M-3", None],
         # G-18 [100,150] vs G-23 from 120: 30/50; G-23 [120,180] vs G-27 from 160: 20/60;
         # G-27 is a single rate (no share of a zero-width band); M-3 is the top.
         "overlap_with_next": [0.6, 1 / 3, None, None]},
        schema=BANDS_SCHEMA,
    )
    assert_frame_equal(got, expected)


def test_bands_of_different_dates_do_not_mix():
    got = pay_bands(_steps(("A", DAY, [1.0, 3.0]), ("B", dt.date(2024, 1, 1), [2.0, 4.0]))).collect()

    assert got["next_grade"].to_list() == [None, None]


def test_band_position_for_one_salary(bands):
    got = band_position(bands, annual_salary=140.0).filter(grade="G-18").collect()

    assert got.select("annual_salary", "compa_ratio", "range_penetration").rows() == [(140.0, 1.12, 0.8)]


def test_salary_band_positions_use_each_grades_newest_band():
    bands = pay_bands(_steps(("A", dt.date(2024, 1, 1), [10.0, 20.0]), ("A", DAY, [100.0, 200.0]),
                             ("U", None, [50.0, 150.0])))
    salaries = pl.LazyFrame({"employee_id": ["e1", "e2", "e3", "e4"], "schedule_id": ["S", "S", "S", "X"],
                             "grade": ["A", "A", "U", "A"], "annual_salary": [150.0, 90.0, 200.0, 1.0]})

    got = salary_band_positions(salaries, bands).sort("employee_id").collect()

    assert got.select("employee_id", "compa_ratio", "range_penetration").rows() == [
        ("e1", 1.0, 0.5), ("e2", 0.6, -0.1), ("e3", 2.0, 1.5), ("e4", None, None)]
