"""States, headcount, matrix checks and cell-by-cell overrides."""

from __future__ import annotations

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from analytics.workforce.states import (
    EXIT,
    HEADCOUNT_SCHEMA,
    MATRIX_SCHEMA,
    WorkforceError,
    check_matrix,
    headcount,
    matrix_from_rates,
    ordered_states,
    override,
)

ROSTER = pl.DataFrame({
    "position_id": ["P1", "P2", "P3", "P4", "P5"],
    "title": ["Clerk", "Clerk", "Analyst", "Analyst", "Director"],
    "grade": ["18", "18", "23", "23", "M-3"],
    "is_vacant": [False, False, False, True, False],
})


def cells(rows: list[tuple[str, str, float]]) -> pl.DataFrame:
    return pl.DataFrame(rows, schema=MATRIX_SCHEMA, orient="row")


def test_headcount_counts_filled_positions_by_grade_in_grade_order():
    got = headcount(ROSTER, by="grade")

    assert got.schema == pl.Schema(HEADCOUNT_SCHEMA)
    assert got.rows() == [("18", 2.0), ("23", 1.0), ("M-3", 1.0)]  # the vacant analyst is not counted


def test_headcount_by_title():
    assert headcount(ROSTER, by="title").rows() == [("Analyst", 1.0), ("Clerk", 2.0), ("Director", 1.0)]


def test_numeric_grades_sort_by_value_before_the_others():
    assert ordered_states(["M-3", "23", "9", "18", EXIT]) == ["9", "18", "23", "M-3"]


def test_a_valid_matrix_comes_back_complete_in_state_order():
    given = cells([("2", "2", 1.0), ("1", EXIT, 0.25), ("1", "1", 0.75)])

    got = check_matrix(given, ["1", "2"])

    assert got.rows() == [("1", "1", 0.75), ("1", "2", 0.0), ("1", EXIT, 0.25),
                          ("2", "1", 0.0), ("2", "2", 1.0), ("2", EXIT, 0.0)]


@pytest.mark.parametrize(("rows", "problem"), [
    ([("1", "1", 0.9), ("1", EXIT, 0.05), ("2", "2", 1.0)], "row '1' of P sums to 0.95, not 1 (exit included)"),
    ([("1", "1", 1.0)], "no row for state '2': each state's row of P sums to 1"),
    ([("1", "3", 1.0), ("2", "2", 1.0)], "unknown state '3' in column to (states: 1, 2, exit)"),
    ([("1", "1", 1.5), ("2", "2", 1.0)], "p of 1 -> 1 is 1.5: a probability is a number from 0 to 1"),
    ([("1", "1", 0.5), ("1", "1", 0.5), ("2", "2", 1.0)], "cell 1 -> 1 is given 2 times"),
    ([("1", "1", 1.0), ("2", "2", 1.0), (EXIT, "1", 1.0)], "exit is absorbing: its only cell is exit -> exit = 1"),
])
def test_a_bad_matrix_names_each_problem(rows, problem):
    with pytest.raises(WorkforceError) as raised:
        check_matrix(cells(rows), ["1", "2"])

    assert raised.value.problems == [problem]


def test_a_matrix_with_text_probabilities_is_refused_in_one_line():
    given = pl.DataFrame({"from": ["1"], "to": ["1"], "p": ["most"]})

    with pytest.raises(WorkforceError, match="the matrix's p column is not numbers"):
        check_matrix(given, ["1"])


def test_matrix_from_rates_refuses_rates_that_cannot_be():
    with pytest.raises(WorkforceError) as raised:
        matrix_from_rates(["1", "2"], promotion={"1": 0.7, "2": 0.1}, attrition={"1": 0.5, "9": 0.1},
                          next_state={"1": "2"})

    assert raised.value.problems == [
        "unknown state '9' in attrition (states: 1, 2)",
        "rates of '1': attrition 0.5 and promotion 0.7 must be in [0, 1] and sum to at most 1",
        "state '2' has a promotion rate but no next state",
    ]


ESTIMATE = pl.DataFrame({
    "from": ["1", "1", "1", "2", "2", "2"], "to": ["1", "2", EXIT, "1", "2", EXIT],
    "n": [60, 20, 20, 0, 45, 5], "p": [0.6, 0.2, 0.2, 0.0, 0.9, 0.1],
})


def test_an_override_sets_the_cell_and_rescales_the_rest_of_its_row():
    # Exit from 1 set to 0.1: the other cells (0.6 and 0.2, 0.8 in all) share the 0.9 left in their
    # proportions: 0.6 x 0.9 / 0.8 = 0.675 and 0.2 x 0.9 / 0.8 = 0.225. Row 2 is not touched.
    got = override(ESTIMATE, cells([("1", EXIT, 0.1)]))

    expected = ESTIMATE.with_columns(p=pl.Series([0.675, 0.225, 0.1, 0.0, 0.9, 0.1]),
                                     is_edited=pl.Series([False, False, True, False, False, False]))
    assert_frame_equal(got, expected)


def test_an_override_of_every_other_cell_puts_the_rest_on_staying():
    zero_row = ESTIMATE.with_columns(p=pl.when(pl.col("from") == "2").then(pl.col("p")).otherwise(
        pl.when(pl.col("to") == EXIT).then(1.0).otherwise(0.0)))

    got = override(zero_row, cells([("1", EXIT, 0.3)]))

    assert got.filter(pl.col("from") == "1")["p"].to_list() == pytest.approx([0.7, 0.0, 0.3])


def test_overrides_summing_to_more_than_one_are_refused():
    with pytest.raises(WorkforceError) as raised:
        override(ESTIMATE, cells([("1", EXIT, 0.7), ("1", "2", 0.5)]))

    assert raised.value.problems == ["edits of row '1' sum to 1.2: more than 1"]


def test_an_override_of_an_unknown_state_is_refused():
    with pytest.raises(WorkforceError, match="unknown state '7' in column from"):
        override(ESTIMATE, cells([("7", EXIT, 0.1)]))
