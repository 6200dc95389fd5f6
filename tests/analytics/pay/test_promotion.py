"""The one pay-on-promotion rule, and the Pay page's trajectory and the cost projection agreeing on it."""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest

from analytics.costs.scenario_schema import parse_scenario
from analytics.costs.scenarios import scenario_costs_by_month
from analytics.ingest.tables.pay_schedules import read_pay_schedule
from analytics.ingest.tables.roster import POSITIONS_SCHEMA
from analytics.pay.promotion import (
    nys_grades_moved,
    nys_promotion_pct,
    promoted_salary,
    promoted_step,
    promotion_engine,
    promotion_floor,
    promotion_floor_expr,
)
from analytics.pay.steps import step_table
from analytics.pay.trajectory import pay_trajectory
from tests.paths import REPO_ROOT

SG18 = [66951.0 + 2299 * k for k in range(7)] + [85138.0]
SG23 = [86681.0 + 2825 * k for k in range(7)] + [109650.0]
SG27 = [106898.0 + 3352 * k for k in range(7)] + [131665.0]


@pytest.mark.parametrize(
    ("held", "engines", "increase", "grades", "floor"),
    [
        (82938.0, ("gs", "gs"), 2127.0, 1, 87192.0),        # GS-11 step 10 + two GS-11 increases
        (109650.0, ("nys", "nys"), 2825.0, 4, 117873.75),   # NY CSL s.131(2)(a): four grades, 7.5%
        (71549.0, ("nys", "nys"), 2299.0, 5, 77988.41),     # five grades, 9.0%: 71,549 x 1.09
        (71549.0, ("nys", "nys"), 2299.0, 9, 77988.41),     # more than five: the five-grade 9.0% (assumed)
        (71549.0, ("nys", "nys"), 2299.0, 0, 71549.0),      # not a higher grade: no percentage
        (60000.0, ("generic", "gs"), 1000.0, 1, 61800.0),   # the two-step rule needs GS on both sides
        (60000.0, ("nys", "generic"), 1000.0, 4, 61800.0),  # NY to a non-NY range: the pct rule
    ],
)
def test_promotion_floor(held, engines, increase, grades, floor):
    got = promotion_floor(held, old_engine=engines[0], new_engine=engines[1], old_increase=increase, pct=0.03,
                          grades_moved=grades)
    assert got == pytest.approx(floor, abs=0.005)


def test_connecticut_floor_is_one_increment_of_the_new_grade():
    assert promotion_floor(52000.0, old_engine="ct", new_engine="ct", old_increase=2000.0, pct=0.03,
                           new_increase=2500.0) == 54500.0


@pytest.mark.parametrize(
    ("old", "new", "grades", "pct"),
    [("SG-18", "SG-23", 5, 0.09), ("SG-23", "SG-27", 4, 0.075), ("18", "SG-27", 9, 0.09),
     ("M/C 18", "M/C 23", 5, 0.09), ("SG-23", "M-3", 1, 0.03), ("SG-18", "M/C 18", 0, 0.0)],
)
def test_new_york_grades_moved_and_percentage(old, new, grades, pct):
    assert nys_grades_moved(old, new) == grades
    assert nys_promotion_pct(grades) == pct


def test_every_new_york_schedule_promotes_on_the_new_york_rule():
    # s.131(1): "an employee holding a position allocated to one of the salary grades included in section one
    # hundred thirty"; s.130(1)(d) is the M/C schedule, a generic range here.
    assert promotion_engine("generic", "NYS_MC") == "nys"
    assert promotion_engine("generic", "CT_SH") == "generic"
    assert promotion_engine("gs", "OPM_GS_2026_BASE") == "gs"


def test_promoted_step_is_the_lowest_paying_the_floor_else_the_top():
    assert promoted_step(SG27, 112939.5) == 2
    assert promoted_step(SG27, 110250.004) == 1  # within half a cent counts as paying it
    assert promoted_step(SG27, 50000.0) == 0     # never below the hiring rate
    assert promoted_step(SG27, 200000.0) == 7    # above the top: the top step


def test_new_york_promotion_is_the_hiring_rate_or_the_raise_not_put_on_a_step():
    def salary(held: float, old_grade: str, new_grade: str, old: list[float], new: list[float]) -> float:
        return promoted_salary(held, old_amounts=old, old_engine="nys", new_amounts=new, new_engine="nys",
                               old_grade=old_grade, new_grade=new_grade)

    # SG-18 step 3 (66,951 + 2 x 2,299 = 71,549) to SG-23, 2025 table: 71,549 x 1.09 = 77,988.41 < 86,681.
    assert salary(71549.0, "SG-18", "SG-23", SG18, SG23) == 86681.0
    # SG-23 job rate to SG-27: 109,650 x 1.075 = 117,873.75, between HR+3adv (116,954) and HR+4adv (120,306).
    assert salary(SG23[-1], "SG-23", "SG-27", SG23, SG27) == 117873.75
    # M/C 18 job rate to M/C 23 (2025 M/C rates, s.130(1)(d)): 83,286 x 1.09 = 90,781.74 > the 86,773 HR.
    assert salary(83286.0, "M/C 18", "M/C 23", [67119.0, 83286.0], [86773.0, 108413.0]) == 90781.74
    # Never above the new job rate: one grade onto the same rates, 131,665 x 1.03 is capped at 131,665.
    assert salary(SG27[-1], "SG-27", "SG-28", SG27, SG27) == SG27[-1]


def test_the_expression_form_gives_the_scalar_floor_and_salary():
    rows = pl.DataFrame({
        "held": [71549.0, 109650.0, 82938.0, 83286.0, 52000.0, 60000.0],
        "engine": ["nys", "nys", "gs", "nys", "ct", "generic"], "promo_engine": ["nys", "nys", "gs", "nys", "ct", "gs"],
        "grade": ["SG-18", "SG-23", "GS-11", "M/C 18", "SH 17", "A"],
        "promo_grade": ["SG-23", "SG-27", "GS-12", "M/C 23", "SH 19", "B"],
        "increase": [2299.0, 2825.0, 2127.0, 0.0, 2000.0, 1000.0], "promo_increase": [2825.0, 3352.0, 2459.0, 0.0,
                                                                                      2500.0, 900.0],
        "hiring": [86681.0, 106898.0, 0.0, 86773.0, 0.0, 0.0], "job": [109650.0, 131665.0, 0.0, 108413.0, 0.0, 0.0],
    })
    floor = promotion_floor_expr(pl.col("held"), old_engine=pl.col("engine"), new_engine=pl.col("promo_engine"),
                                 old_increase=pl.col("increase"), pct=0.03, old_grade=pl.col("grade"),
                                 new_grade=pl.col("promo_grade"), new_increase=pl.col("promo_increase"))
    got = rows.with_columns(floor=floor)

    scalar = [promotion_floor(r["held"], old_engine=r["engine"], new_engine=r["promo_engine"],
                              old_increase=r["increase"], pct=0.03, new_increase=r["promo_increase"],
                              grades_moved=nys_grades_moved(r["grade"], r["promo_grade"]))
              for r in rows.iter_rows(named=True)]
    assert got["floor"].to_list() == pytest.approx(scalar)
    assert got["floor"].to_list() == pytest.approx([77988.41, 117873.75, 87192.0, 90781.74, 54500.0, 61800.0])
    # The New York salary is the floor between the new hiring and job rates, as promoted_salary pays it.
    ny = got.filter(pl.col("engine") == "nys").select(pl.col("floor").clip(pl.col("hiring"), pl.col("job")).round(2))
    assert ny.to_series().to_list() == [86681.0, 117873.75, 90781.74]


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
    ("old", "new_grade", "step", "page", "costs"),
    [
        # s.131(2)(a): 109,650 x 1.075 = 117,873.75 on the page, and the projection pays it exactly too (the step
        # at or above it, HR+4adv 120,306, less the offset below that step; 12 x the monthly 9,822.81 = 117,873.72).
        (("NYS_PST_PEF", "SG-23"), "SG-27", 8, 117873.75, 117873.75),
        (("NYS_PST_PEF", "SG-18"), "SG-23", 1, 86681.0, 86681.0),   # the new hiring rate beats 66,951 x 1.09
        (("OPM_GS_2026_BASE", "GS-11"), "GS-12", 10, 89208.0, 89208.0),  # 82,938 + 2 x 2,127 -> GS-12 step 6
    ],
)
def test_the_pay_page_and_the_cost_projection_use_the_same_promotion_floor(real_steps, old, new_grade, step, page,
                                                                          costs):
    # Promoted on the first of a month, before any step advance falls due (steps are anniversaries of the hire).
    when = {"hired": dt.date(2026, 1, 1) if old[0].startswith("OPM") else dt.date(2025, 4, 1),
            "promoted": dt.date(2026, 3, 1) if old[0].startswith("OPM") else dt.date(2025, 9, 1), "step": step}

    assert _page_salary_after(real_steps, old, new_grade, **when) == page
    assert _cost_salary_after(real_steps, old, new_grade, **when) == pytest.approx(costs, abs=0.06)  # 12 x half a cent


def test_a_connecticut_promotion_costs_what_the_pay_page_pays():
    # Synthetic CT-style table (no real CT step table was found): SH 17 50,000-56,000, SH 19 55,000-62,500.
    amounts = {"SH 17": [50000.0, 52000.0, 54000.0, 56000.0], "SH 19": [55000.0, 57500.0, 60000.0, 62500.0]}
    rates = pl.LazyFrame(
        [("CT_TEST", grade, str(i + 1), amount, None, "test") for grade, row in amounts.items()
         for i, amount in enumerate(row)],
        schema={"schedule_id": pl.String, "grade": pl.String, "step": pl.String, "annual_amount": pl.Float64,
                "effective_date": pl.String, "source": pl.String}, orient="row")
    steps = step_table(rates).collect().lazy()
    # A September hire's first CT increment is the second 1 January (2027): year 2 (from 2026-09-01) still pays
    # the promotion's salary.
    when = {"hired": dt.date(2025, 9, 1), "promoted": dt.date(2026, 3, 1), "step": 4}

    # From the SH 17 top, 56,000 + one SH 19 increment (2,500) = 58,500 -> SH 19 step 3, 60,000.
    assert _page_salary_after(steps, ("CT_TEST", "SH 17"), "SH 19", **when) == 60000.0
    assert _cost_salary_after(steps, ("CT_TEST", "SH 17"), "SH 19", **when) == pytest.approx(60000.0, abs=0.06)
