"""Pay trajectories: NY steps by year, general increases, promotion rules per engine, GS clock restart."""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from analytics.db import REPO_ROOT
from analytics.ingest.tables.pay_schedules import read_pay_schedule
from analytics.pay.steps import range_step_table, step_table
from analytics.pay.trajectory import TRAJECTORY_SCHEMA, anniversary_increases, pay_trajectory

START = dt.date(2025, 3, 27)  # 2025 PS&T schedule, administrative payroll


@pytest.fixture(scope="module")
def steps() -> pl.LazyFrame:
    rows, _ = read_pay_schedule(REPO_ROOT / "data" / "paydata" / "pay_schedules.csv")
    return step_table(rows.lazy()).collect().lazy()


def _path(*legs: tuple[str, str, dt.date], path_id: str = "p") -> pl.LazyFrame:
    return pl.LazyFrame(
        {"path_id": [path_id] * len(legs), "leg": list(range(1, len(legs) + 1)),
         "schedule_id": [leg[0] for leg in legs], "grade": [leg[1] for leg in legs],
         "entry_date": [leg[2] for leg in legs]},
    )


def _increases(*rows: tuple[dt.date, float]) -> pl.LazyFrame:
    return pl.LazyFrame(list(rows), schema={"effective_date": pl.Date, "pct": pl.Float64}, orient="row")


def test_ny_grade_18_earns_the_hiring_rate_then_an_advance_a_year_then_the_job_rate(steps):
    got = pay_trajectory(steps, _path(("NYS_PST_PEF", "SG-18", START)), years=9).collect()

    salaries = [66951.0 + 2299 * k for k in range(7)] + [85138.0, 85138.0]
    assert salaries[6] == 80745.0
    assert got["salary"].to_list() == salaries
    assert got["earnings"].to_list() == salaries
    assert got["cumulative_earnings"].to_list() == pl.Series(salaries).cum_sum().to_list()
    assert got["step_label"].to_list() == ["HR"] + [f"HR+{k}adv" for k in range(1, 7)] + ["JR", "JR"]


def test_trajectory_frame_shape(steps):
    got = pay_trajectory(steps, _path(("NYS_PST_PEF", "SG-18", START)), years=2).collect()

    expected = pl.DataFrame(
        {"path_id": ["p", "p"], "year": [1, 2], "year_start_date": [START, dt.date(2026, 3, 27)],
         "schedule_id": ["NYS_PST_PEF"] * 2, "grade": ["SG-18"] * 2, "step_index": [1, 2],
         "step_label": ["HR", "HR+1adv"], "engine": ["nys"] * 2, "salary": [66951.0, 69250.0],
         "earnings": [66951.0, 69250.0], "cumulative_earnings": [66951.0, 136201.0]},
        schema=TRAJECTORY_SCHEMA,
    )
    assert_frame_equal(got, expected)


def test_general_increase_applies_from_its_effective_date(steps):
    cola = _increases((dt.date(2025, 10, 1), 0.03))

    got = pay_trajectory(steps, _path(("NYS_PST_PEF", "SG-18", START)), cola, years=2).collect()

    before, after = (dt.date(2025, 10, 1) - START).days, (dt.date(2026, 3, 27) - dt.date(2025, 10, 1)).days
    year1 = (66951 * before + 66951 * 1.03 * after) / 365
    assert got["salary"].to_list() == [66951.0, round(69250 * 1.03, 2)]
    assert got["earnings"].to_list() == [round(year1, 2), round(69250 * 1.03, 2)]


def test_anniversary_increases_compound_from_year_two(steps):
    cola = anniversary_increases(start_date=START, years=3, pct=0.02)

    got = pay_trajectory(steps, _path(("NYS_PST_PEF", "SG-18", START)), cola, years=3).collect()

    assert cola.collect()["effective_date"].to_list() == [dt.date(2026, 3, 27), dt.date(2027, 3, 27)]
    assert got["salary"].to_list() == [66951.0, round(69250 * 1.02, 2), round(71549 * 1.02**2, 2)]


def test_ny_promotion_gets_the_new_hiring_rate_when_it_is_higher(steps):
    path = _path(("NYS_PST_PEF", "SG-18", START), ("NYS_PST_PEF", "SG-23", dt.date(2028, 6, 1)))

    got = pay_trajectory(steps, path, years=6).collect()

    # On 2028-06-01 the SG-18 salary is 73,848; 73,848 x 1.09 (five grades) < SG-23 hiring rate 86,681.
    assert got["grade"].to_list() == ["SG-18"] * 4 + ["SG-23"] * 2
    assert got["salary"].to_list() == [66951.0, 69250.0, 71549.0, 73848.0, 86681.0, 86681.0 + 2825]
    days = (dt.date(2028, 6, 1) - dt.date(2028, 3, 27)).days
    assert got["earnings"][3] == round((73848 * days + 86681 * (365 - days)) / 365, 2)


def test_ny_promotion_from_the_job_rate_is_the_statutory_raise_between_steps(steps):
    path = _path(("NYS_PST_PEF", "SG-23", START), ("NYS_PST_PEF", "SG-27", dt.date(2026, 3, 27)))

    got = pay_trajectory(steps, path, years=3, start_step_index=8).collect()

    # NY CSL s.131(2)(a), four grades, 7.5%: 109,650 x 1.075 = 117,873.75, between SG-27 HR+3adv (116,954) and
    # HR+4adv (120,306): shown as HR+3adv; a year later it advances by that step's increment, 3,352, to
    # 121,225.75 (between HR+4adv and HR+5adv).
    assert got.select("grade", "step_label", "salary").rows() == [
        ("SG-23", "JR", 109650.0), ("SG-27", "HR+3adv", 117873.75), ("SG-27", "HR+4adv", 117873.75 + 3352)]


def test_gs_promotion_is_two_steps_of_the_old_grade_and_restarts_the_clock(steps):
    start, promoted = dt.date(2026, 1, 5), dt.date(2026, 7, 6)
    path = _path(("OPM_GS_2026_BASE", "GS-11", start), ("OPM_GS_2026_BASE", "GS-12", promoted))

    got = pay_trajectory(steps, path, years=4, start_step_index=10).collect()

    # GS-11 step 10 (82,938) + 2 x 2,127 = 87,192 -> lowest GS-12 step at or above it: step 6 (89,208);
    # step 7 then waits 104 weeks from the promotion: 2028-07-03.
    assert promoted + dt.timedelta(weeks=104) == dt.date(2028, 7, 3)
    assert got.select("grade", "step_index", "salary").rows() == [
        ("GS-11", 10, 82938.0), ("GS-12", 6, 89208.0), ("GS-12", 6, 89208.0), ("GS-12", 7, 91757.0)]


def test_gs_steps_follow_calendar_weeks(steps):
    got = pay_trajectory(steps, _path(("OPM_GS_2026_BASE", "GS-9", dt.date(2026, 1, 5))), years=5).collect()

    # Step 2 arrives after 52 weeks (2027-01-04), a day before the second year starts.
    assert got["step_index"].to_list() == [1, 2, 3, 4, 4]
    assert got["earnings"][0] == round((52727 * 364 + 54485 * 1) / 365, 2)


def test_generic_promotion_is_the_new_minimum_or_a_raise_whichever_is_higher():
    ranges = pl.LazyFrame({"schedule_id": ["R", "R"], "grade": ["A", "B"], "effective_date": [None, None],
                           "min_annual": [50000.0, 55000.0], "max_annual": [60000.0, 70000.0]})
    steps = range_step_table(ranges)
    floor = _path(("R", "A", dt.date(2025, 1, 1)), ("R", "B", dt.date(2026, 1, 1)), path_id="floor")
    raised = _path(("R", "A", dt.date(2025, 1, 1)), ("R", "B", dt.date(2026, 1, 1)), path_id="raise")

    low = pay_trajectory(steps, floor, years=2).collect()
    top = pay_trajectory(steps, raised, years=2, start_step_index=8).collect()

    # From A's minimum: B's minimum 55,000 beats 51,500 x 1.03; from A's maximum the floor is 60,000 x 1.03 =
    # 61,800, and B's lowest step paying it is its fifth, 55,000 x 1.03^4 = 61,902.98.
    assert low["salary"].to_list() == [50000.0, 55000.0]
    assert top["salary"].to_list() == [60000.0, 61902.98]


def test_several_paths_side_by_side(steps):
    stay = _path(("NYS_PST_PEF", "SG-18", START), path_id="stay")
    move = _path(("NYS_PST_PEF", "SG-18", START), ("NYS_PST_PEF", "SG-23", dt.date(2027, 3, 27)),
                 path_id="move")

    got = pay_trajectory(steps, pl.concat([stay, move]), years=3).collect()

    assert got.select("path_id", "year").rows() == [("move", 1), ("move", 2), ("move", 3),
                                                    ("stay", 1), ("stay", 2), ("stay", 3)]
    assert got.filter(path_id="move")["salary"][2] == 86681.0
    assert got.filter(path_id="stay")["salary"][2] == 71549.0


@pytest.mark.parametrize(
    ("legs", "kwargs", "message"),
    [
        ((("NYS_PST_PEF", "SG-18", START),), {"years": 21}, "years must be 1-20"),
        ((("NYS_PST_PEF", "SG-18", START),), {"years": 0}, "years must be 1-20"),
        ((("NYS_PST_PEF", "SG-99", START),), {}, "no step table for schedule NYS_PST_PEF grade SG-99"),
        ((("NYS_PST_PEF", "SG-18", START),), {"start_step_index": 9}, "SG-18 has steps 1-8"),
        ((("NYS_PST_PEF", "SG-18", START), ("NYS_PST_PEF", "SG-23", dt.date(2020, 1, 1))), {},
         "starts before the previous one"),
    ],
)
def test_bad_inputs_raise_a_clear_error(steps, legs, kwargs, message):
    with pytest.raises(ValueError, match=message):
        pay_trajectory(steps, _path(*legs), **kwargs).collect()


# --- Where the person starts: years already in the title, or a stated salary (issue 9 item 12) --------------

def test_years_already_in_the_title_start_on_the_step_they_reach(steps):
    # 2.5 years on SG-18 (2025 table: HR 66,951, advance 2,299): two advances served, six months into the
    # third step's year, so 66,951 + 2 x 2,299 = 71,549 now and 73,848 from 2025-12-01 (six months on).
    start = dt.date(2025, 6, 1)

    got = pay_trajectory(steps, _path(("NYS_PST_PEF", "SG-18", start)), years=2, years_in_title=2.5).collect()

    assert got["salary"].to_list() == [71549.0, 73848.0]
    assert got["step_label"].to_list() == ["HR+2adv", "HR+3adv"]
    # year 1: 183 days (1 Jun - 1 Dec) at 71,549 and 182 at 73,848, of 365
    assert got["earnings"][0] == round((71549 * 183 + 73848 * 182) / 365, 2)


def test_a_stated_salary_is_where_the_trajectory_starts(steps):
    # 70,000 sits between HR+1adv (69,250) and HR+2adv (71,549): it advances by one increment (2,299) a year
    # later, the day it was reached being unknown.
    start = dt.date(2025, 6, 1)

    got = pay_trajectory(steps, _path(("NYS_PST_PEF", "SG-18", start)), years=2, start_salary=70000.0).collect()

    assert got["salary"].to_list() == [70000.0, 72299.0]
    assert got["earnings"][0] == 70000.0
