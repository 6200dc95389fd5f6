"""The one pay-on-promotion rule, and the Pay page's trajectory and the cost projection agreeing on it."""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest

from analytics.costs.scenario_schema import parse_scenario
from analytics.costs.scenarios import scenario_costs_by_month
from analytics.ingest.tables.pay_schedules import read_pay_schedule
from analytics.ingest.tables.roster import POSITIONS_SCHEMA
from analytics.pay.promotion import promoted_salary, promoted_step, promotion_floor
from analytics.pay.steps import step_table
from analytics.pay.trajectory import pay_trajectory
from tests.paths import REPO_ROOT

SG23 = [86681.0 + 2825 * k for k in range(7)] + [109650.0]
SG27 = [106898.0 + 3352 * k for k in range(7)] + [131665.0]


@pytest.mark.parametrize(
    ("held", "engines", "increase", "floor"),
    [
        (82938.0, ("gs", "gs"), 2127.0, 87192.0),       # GS-11 step 10 + two GS-11 increases
        (109650.0, ("nys", "nys"), 2825.0, 112939.5),   # NY: the old salary x 1.03
        (60000.0, ("generic", "gs"), 1000.0, 61800.0),  # the two-step rule needs GS on both sides
    ],
)
def test_promotion_floor(held, engines, increase, floor):
    assert promotion_floor(held, old_engine=engines[0], new_engine=engines[1], old_increase=increase,
                           pct=0.03) == pytest.approx(floor)


def test_promoted_step_is_the_lowest_paying_the_floor_else_the_top():
    assert promoted_step(SG27, 112939.5) == 2
    assert promoted_step(SG27, 110250.004) == 1  # within half a cent counts as paying it
    assert promoted_step(SG27, 50000.0) == 0     # never below the hiring rate
    assert promoted_step(SG27, 200000.0) == 7    # above the top: the top step


def test_promoted_salary_from_the_hiring_rate_and_from_the_job_rate():
    assert promoted_salary(SG23[0], old_amounts=SG23, old_engine="nys", new_amounts=SG27, new_engine="nys") == 106898.0
    assert promoted_salary(SG23[-1], old_amounts=SG23, old_engine="nys", new_amounts=SG27, new_engine="nys") \
        == 113602.0


@pytest.fixture(scope="module")
def real_steps() -> pl.LazyFrame:
    rows, report = read_pay_schedule(REPO_ROOT / "data" / "paydata" / "pay_schedules.csv")
    assert report.is_empty()
    return step_table(rows.lazy()).collect().lazy()


def _page_salary_after(steps: pl.LazyFrame, old: tuple[str, str], new_grade: str, *, hired: dt.date,
                       promoted: dt.date, step: int) -> float:
    legs = pl.LazyFrame({"path_id": ["p", "p"], "leg": [1, 2], "schedule_id": [old[0], old[0]],
                         "grade": [old[1], new_grade], "entry_date": [hired, promoted]})
    years = pay_trajectory(steps, legs, years=2, start_step_index=step).collect()
    return years.filter(pl.col("grade") == new_grade)["salary"][0]


def _cost_salary_after(steps: pl.LazyFrame, old: tuple[str, str], new_grade: str, *, hired: dt.date,
                       promoted: dt.date, step: int) -> float:
    roster = pl.LazyFrame([{
        "position_id": "P1", "title": "T", "class_code": None, "grade": old[1], "step": step, "annual_salary": None,
        "hire_date": hired, "title_date": hired, "fte": 1.0, "unit": "U", "is_vacant": False, "fill_date": None,
        "education": None, "schedule_id": old[0],
    }], schema=POSITIONS_SCHEMA)
    month = f"{promoted:%Y-%m}"
    scenario = parse_scenario({"fringe_rate": 0, "fy_start_month": 7, "start": month, "end": month, "changes": [
        {"type": "promote", "position_ids": ["P1"], "grade": new_grade, "date": f"{promoted:%Y-%m-%d}"}]})
    (cost,) = scenario_costs_by_month(roster, steps, scenario=scenario).collect()["cost"]
    return float(cost) * 12


@pytest.mark.parametrize(
    ("old", "new_grade", "step", "expected"),
    [
        (("NYS_PST_PEF", "SG-23"), "SG-27", 8, 113602.0),  # job rate x 1.03 -> HR+2adv
        (("NYS_PST_PEF", "SG-18"), "SG-23", 1, 86681.0),   # the new hiring rate beats 66,951 x 1.03
        (("OPM_GS_2026_BASE", "GS-11"), "GS-12", 10, 89208.0),  # 82,938 + 2 x 2,127 -> GS-12 step 6
    ],
)
def test_the_pay_page_and_the_cost_projection_pay_a_promotion_the_same(real_steps, old, new_grade, step, expected):
    # Promoted on the first of a month, before any step advance falls due (steps are anniversaries of the hire).
    when = {"hired": dt.date(2026, 1, 1) if old[0].startswith("OPM") else dt.date(2025, 4, 1),
            "promoted": dt.date(2026, 3, 1) if old[0].startswith("OPM") else dt.date(2025, 9, 1), "step": step}

    page = _page_salary_after(real_steps, old, new_grade, **when)
    costs = _cost_salary_after(real_steps, old, new_grade, **when)

    assert page == expected
    assert costs == pytest.approx(expected, abs=0.06)  # a month is rounded to the cent: 12 x half a cent
