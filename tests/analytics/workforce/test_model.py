"""The stock-and-flow model on a two-grade-plus-exit chain worked by hand, and the recruitment rules."""

from __future__ import annotations

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from analytics.workforce.model import FLOW_SCHEMA, STOCK_SCHEMA, Recruitment, expected_years, project, steady_state
from analytics.workforce.states import EXIT, WorkforceError, matrix_from_rates

# Grade 1 stays with 0.8, is promoted to grade 2 with 0.1 and leaves with 0.1; grade 2 stays with 0.9 and
# leaves with 0.1 (no promotion above it).
CHAIN = matrix_from_rates(["1", "2"], promotion={"1": 0.1}, attrition={"1": 0.1, "2": 0.1}, next_state={"1": "2"})
START = pl.DataFrame({"state": ["1", "2"], "count": [100.0, 50.0]})


def stock(projection, year: int) -> list[float]:
    rows = projection.stocks.filter(pl.col("year") == year).sort("state")
    return [round(v, 9) for v in rows["mean"].to_list()]


def flow(projection, year: int, kind: str) -> list[float]:
    rows = projection.flows.filter((pl.col("year") == year) & (pl.col("kind") == kind)).sort("state")
    return [round(v, 9) for v in rows["count"].to_list()]


def test_the_matrix_from_rates_is_complete_and_sums_to_one():
    assert CHAIN.rows() == [("1", "1", 0.8), ("1", "2", 0.1), ("1", EXIT, 0.1),
                            ("2", "1", 0.0), ("2", "2", 0.9), ("2", EXIT, 0.1)]


def test_headcount_by_year_worked_by_hand_without_hires():
    projection = project(START, CHAIN, years=2, recruitment=Recruitment("none"))

    assert projection.stocks.schema == pl.Schema(STOCK_SCHEMA)
    assert projection.flows.schema == pl.Schema(FLOW_SCHEMA)
    assert stock(projection, 0) == [100, 50]  # year 0: the roster's own headcount
    # n(1) = n(0) P: grade 1 keeps 100 x 0.8 = 80; grade 2 gets 100 x 0.1 + 50 x 0.9 = 10 + 45 = 55.
    assert stock(projection, 1) == [80, 55]
    assert flow(projection, 1, "exits") == [10, 5]  # 100 x 0.1 and 50 x 0.1
    assert flow(projection, 1, "promotions") == [0, 10]  # into grade 2, from grade 1
    assert flow(projection, 1, "hires") == [0, 0]
    # n(2) = n(1) P: 80 x 0.8 = 64; 80 x 0.1 + 55 x 0.9 = 8 + 49.5 = 57.5.
    assert stock(projection, 2) == [64, 57.5]


def test_expected_years_in_grade_and_time_to_exit_from_the_fundamental_matrix():
    # Q = [[0.8, 0.1], [0, 0.9]], I - Q = [[0.2, -0.1], [0, 0.1]], N = (I - Q)^-1 = [[5, 5], [0, 10]]
    # (check: [[0.2, -0.1], [0, 0.1]] x [[5, 5], [0, 10]] = [[1, 0], [0, 1]]).
    # Diagonal: 5 years in grade 1 starting there, 10 in grade 2; row sums: 10 and 10 years to exit.
    expected = pl.DataFrame({"state": ["1", "2"], "years": [5.0, 10.0], "time_to_exit": [10.0, 10.0]})

    assert_frame_equal(expected_years(CHAIN), expected, abs_tol=1e-9)


def test_steady_state_with_fixed_hires_worked_by_hand():
    # n* = R N = [20, 0] x [[5, 5], [0, 10]] = [100, 100]: half in each grade.
    got = steady_state(CHAIN, Recruitment("fixed", hires={"1": 20}))

    assert_frame_equal(got, pl.DataFrame({"state": ["1", "2"], "share": [0.5, 0.5]}), abs_tol=1e-9)


def test_steady_state_when_replacing_leavers_piles_up_where_nobody_is_promoted_out():
    # M = Q + diag(exit) = [[0.9, 0.1], [0, 1]]: grade 2 is the only closed class, so everyone ends there.
    got = steady_state(CHAIN, Recruitment("replace"))

    assert_frame_equal(got, pl.DataFrame({"state": ["1", "2"], "share": [0.0, 1.0]}), abs_tol=1e-9)


def test_steady_state_holding_the_start_is_the_fixed_point_of_max_of_flows_and_targets():
    # n = max(n Q, [100, 50]): grade 1 stays at its target 100 (inflow 80); grade 2 solves n = 10 + 0.9 n = 100.
    got = steady_state(CHAIN, Recruitment("target"), start=START)

    assert_frame_equal(got, pl.DataFrame({"state": ["1", "2"], "share": [0.5, 0.5]}), abs_tol=1e-6)


def test_no_steady_state_without_hires_or_with_two_closed_classes():
    isolated = matrix_from_rates(["1", "2"], promotion={}, attrition={}, next_state={})  # both stay for ever

    assert steady_state(CHAIN, Recruitment("none")) is None
    assert steady_state(CHAIN, Recruitment("fixed", hires={})) is None
    assert steady_state(isolated, Recruitment("replace")) is None
    assert steady_state(CHAIN, Recruitment("target")) is None  # no targets and no start to hold


def test_fixed_hires_add_to_each_year():
    projection = project(START, CHAIN, years=1, recruitment=Recruitment("fixed", hires={"1": 20, "2": 2.5}))

    assert stock(projection, 1) == [100, 57.5]
    assert flow(projection, 1, "hires") == [20, 2.5]


def test_replacing_leavers_hires_into_the_state_the_leaver_left():
    projection = project(START, CHAIN, years=1, recruitment=Recruitment("replace"))

    # Exits 10 and 5 come back as hires into grades 1 and 2: [80 + 10, 55 + 5]; the total stays 150.
    assert stock(projection, 1) == [90, 60]
    assert flow(projection, 1, "hires") == flow(projection, 1, "exits") == [10, 5]


def test_a_target_is_held_by_hiring_the_gap_and_never_by_firing():
    projection = project(START, CHAIN, years=1, recruitment=Recruitment("target", targets={"1": 100, "2": 40}))

    # After the moves: [80, 55]; grade 1 hires 20 to reach 100, grade 2 is over its 40 and hires nobody.
    assert stock(projection, 1) == [100, 55]
    assert flow(projection, 1, "hires") == [20, 0]


def test_a_target_defaults_to_the_start_headcount():
    projection = project(START, CHAIN, years=3, recruitment=Recruitment("target"))

    assert stock(projection, 1) == [100, 55]  # grade 2's 55 is over its 50: no hire
    assert stock(projection, 3)[0] == 100


@pytest.mark.parametrize(("start", "recruitment", "message"), [
    (pl.DataFrame({"state": ["1", "9"], "count": [1.0, 1.0]}), Recruitment("none"),
     "unknown state '9': the matrix has no row for it"),
    (START, Recruitment("fixed", hires={"3": 1}), "unknown state '3' in hires (states: 1, 2)"),
    (START, Recruitment("fixed", hires={"1": -1}), "hires of '1' is -1: expected a number of people, 0 or more"),
])
def test_bad_inputs_name_the_problem(start, recruitment, message):
    with pytest.raises(WorkforceError) as raised:
        project(start, CHAIN, years=1, recruitment=recruitment)

    assert raised.value.problems == [message]


def test_an_unknown_recruitment_mode_is_refused():
    with pytest.raises(WorkforceError, match="unknown recruitment 'grow'"):
        Recruitment("grow")


def test_expected_years_are_null_where_leaving_is_not_certain():
    stuck = matrix_from_rates(["1", "2"], promotion={"1": 0.5}, attrition={"1": 0.1}, next_state={"1": "2"})

    got = expected_years(stuck)

    assert got["years"].to_list() == [None, None]  # grade 2 never leaves; grade 1 may end there
    assert got["time_to_exit"].to_list() == [None, None]
