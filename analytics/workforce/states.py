"""States of the workforce model (grades or titles, plus `exit`), headcount, and the transition matrix P.

A transition matrix is a long frame, one row per (from, to) cell: from (a state), to (a state or
EXIT), p (the probability of being in `to` one year after being in `from`). Each state's row sums to 1,
EXIT included; EXIT is absorbing and has no row of its own. The functions here return complete
matrices: every (from, to) cell of the states, zeros included, in state order.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence

import numpy as np
import polars as pl

EXIT = "exit"
BY_COLUMNS = ("grade", "title")
ROW_TOLERANCE = 1e-6  # a row of P may miss 1 by this much (decimals written in a CSV), no more
MATRIX_SCHEMA = {"from": pl.String, "to": pl.String, "p": pl.Float64}
HEADCOUNT_SCHEMA = {"state": pl.String, "count": pl.Float64}


class WorkforceError(ValueError):
    """Input the workforce model cannot use; `problems` holds one line per problem, to show as is."""

    def __init__(self, problems: str | Sequence[str]) -> None:
        self.problems = [problems] if isinstance(problems, str) else list(problems)
        super().__init__("\n".join(self.problems))


def _grade_order(state: str) -> tuple[int, float, str]:
    """Numbers first, by value ("9" before "18"), then the rest by text ("M-3")."""
    try:
        return 0, float(state), state
    except ValueError:
        return 1, 0.0, state


def ordered_states(states: Iterable[str]) -> list[str]:
    """Return the distinct states in display order: numeric grades by value, then the rest alphabetically."""
    return sorted({s for s in states if s is not None and s != EXIT}, key=_grade_order)


def headcount(roster: pl.DataFrame, *, by: str) -> pl.DataFrame:
    """One row per state of the roster: state (its grade or title), count (filled positions), in state order.

    Vacant positions hold no one and are not counted; FTE is not weighed in (heads, not FTE).
    """
    if by not in BY_COLUMNS:
        raise WorkforceError(f"unknown state kind {by!r}: expected one of {', '.join(BY_COLUMNS)}")
    missing = [c for c in (by, "is_vacant") if c not in roster.columns]
    if missing:
        raise WorkforceError(f"the roster has no {' or '.join(missing)} column")
    counts = (
        roster.filter(~pl.col("is_vacant").fill_null(False))
        .group_by(state=pl.col(by))
        .agg(count=pl.len().cast(pl.Float64))
    )
    order = ordered_states(counts["state"].drop_nulls().to_list())
    return _in_order(counts, order).select(HEADCOUNT_SCHEMA.keys())


def _in_order(frame: pl.DataFrame, states: Sequence[str]) -> pl.DataFrame:
    rank = pl.DataFrame({"state": list(states), "_rank": range(len(states))}, schema={"state": pl.String,
                                                                                     "_rank": pl.Int64})
    return frame.join(rank, on="state").sort("_rank").drop("_rank")


def complete_grid(states: Sequence[str]) -> pl.DataFrame:
    """One row per (from, to) cell of the states (to: the states then EXIT), in state order: from, to."""
    targets = [*states, EXIT]
    return pl.DataFrame(
        {"from": [s for s in states for _ in targets], "to": [t for _ in states for t in targets]},
        schema={"from": pl.String, "to": pl.String},
    )


def matrix_from_rates(
    states: Sequence[str], *, promotion: Mapping[str, float], attrition: Mapping[str, float],
    next_state: Mapping[str, str],
) -> pl.DataFrame:
    """One row per (from, to) cell of P (MATRIX_SCHEMA) built from yearly rates stated per state.

    A state s leaves with attrition[s] (to EXIT), moves to next_state[s] with promotion[s] and stays with
    the rest, 1 - attrition - promotion. A state missing from a mapping has rate 0. Rates are fractions
    (0.08 = 8 %); each is in [0, 1] and the two sum to at most 1; a promotion needs a next state.
    """
    states = list(states)
    known = set(states)
    problems = [f"unknown state {s!r} in {name} (states: {', '.join(states)})"
                for name, rates in (("promotion", promotion), ("attrition", attrition), ("next_state", next_state))
                for s in rates if s not in known]
    problems += [f"next_state of {s!r} is {t!r}, not a state" for s, t in next_state.items()
                 if t not in known and s in known]
    rows = []
    for s in states:
        a, p = float(attrition.get(s, 0.0)), float(promotion.get(s, 0.0))
        if not (0 <= a <= 1 and 0 <= p <= 1 and a + p <= 1 + ROW_TOLERANCE):
            problems.append(f"rates of {s!r}: attrition {a:g} and promotion {p:g} must be in [0, 1] and sum to "
                            "at most 1")
            continue
        if p > 0 and s not in next_state:
            problems.append(f"state {s!r} has a promotion rate but no next state")
            continue
        rows += [(s, EXIT, a), (s, s, max(0.0, 1 - a - p))]
        if p > 0:
            rows.append((s, next_state[s], p))
    if problems:
        raise WorkforceError(problems)
    cells = pl.DataFrame(rows, schema=MATRIX_SCHEMA, orient="row").group_by("from", "to").agg(pl.col("p").sum())
    return _on_grid(cells, states)


def _on_grid(cells: pl.DataFrame, states: Sequence[str]) -> pl.DataFrame:
    """The cells on the complete grid of the states, absent cells 0, in state order (MATRIX_SCHEMA)."""
    return (
        complete_grid(states)
        .join(cells.select("from", "to", "p"), on=["from", "to"], how="left", maintain_order="left")
        .with_columns(pl.col("p").fill_null(0.0))
        .cast(MATRIX_SCHEMA)
    )


def _cell_problems(matrix: pl.DataFrame, states: Sequence[str]) -> list[str]:
    known = set(states)
    problems = []
    for column in ("from", "to"):
        unknown = sorted({str(s) for s in matrix[column].to_list() if s not in known | {EXIT}})
        problems += [f"unknown state {s!r} in column {column} (states: {', '.join(states)}, {EXIT})" for s in unknown]
    bad = matrix.filter(~(pl.col("p").is_finite() & (pl.col("p") >= 0) & (pl.col("p") <= 1)).fill_null(True))
    problems += [f"p of {f} -> {t} is {p}: a probability is a number from 0 to 1" for f, t, p in
                 bad.select("from", "to", "p").iter_rows()]
    twice = matrix.group_by("from", "to", maintain_order=True).len().filter(pl.col("len") > 1)
    problems += [f"cell {f} -> {t} is given {n} times" for f, t, n in twice.iter_rows()]
    exits = matrix.filter(pl.col("from") == EXIT)
    if exits.filter((pl.col("to") != EXIT) | (pl.col("p") != 1)).height:
        problems.append(f"{EXIT} is absorbing: its only cell is {EXIT} -> {EXIT} = 1")
    return problems


def check_matrix(matrix: pl.DataFrame, states: Sequence[str]) -> pl.DataFrame:
    """One row per (from, to) cell of a validated P over the states (MATRIX_SCHEMA), complete and in state order.

    Checks: columns from, to, p; every state named is one of `states` or EXIT; p a number in [0, 1];
    no cell twice; a row for each state, summing to 1 within ROW_TOLERANCE (EXIT included). An EXIT row
    may be given only as exit -> exit = 1 (it is absorbing) and is dropped. Raises WorkforceError listing
    every problem, one line each.
    """
    missing = [c for c in MATRIX_SCHEMA if c not in matrix.columns]
    if missing:
        raise WorkforceError(f"the matrix has no {', '.join(missing)} column: expected columns from, to, p")
    try:
        cells = matrix.select(pl.col("from").cast(pl.String), pl.col("to").cast(pl.String),
                              pl.col("p").cast(pl.Float64))
    except pl.exceptions.PolarsError:
        raise WorkforceError("the matrix's p column is not numbers") from None
    states = list(states)
    problems = _cell_problems(cells, states)
    if not problems:
        sums = cells.filter(pl.col("from") != EXIT).group_by("from").agg(total=pl.col("p").sum())
        given = dict(sums.iter_rows())
        problems += [f"no row for state {s!r}: each state's row of P sums to 1" for s in states if s not in given]
        problems += [f"row {s!r} of P sums to {given[s]:.6g}, not 1 ({EXIT} included)" for s in states
                     if s in given and not math.isclose(given[s], 1.0, abs_tol=ROW_TOLERANCE)]
    if problems:
        raise WorkforceError(problems)
    return _on_grid(cells.filter(pl.col("from") != EXIT), states)


def matrix_states(matrix: pl.DataFrame) -> list[str]:
    """Return the states of a matrix: its `from` values in the order they first appear."""
    return list(dict.fromkeys(s for s in matrix["from"].to_list() if s != EXIT))


def matrix_array(matrix: pl.DataFrame, states: Sequence[str]) -> np.ndarray:
    """Return P as an (S, S + 1) array: row i the state states[i], columns the states then EXIT."""
    index = {s: i for i, s in enumerate([*states, EXIT])}
    array = np.zeros((len(states), len(states) + 1))
    for source, target, p in matrix.select("from", "to", "p").iter_rows():
        if source in index and source != EXIT:
            array[index[source], index[target]] = p
    return array


def override(estimated: pl.DataFrame, edits: pl.DataFrame) -> pl.DataFrame:
    """The estimated matrix with cells replaced by edits (from, to, p), each edited row rescaled to sum to 1.

    Rule: the edited cells take the values given; the row's other cells keep their proportions and are
    scaled by (1 - sum of the edited cells) / (sum of the other cells). A row whose other cells are all 0
    puts the remainder on staying, unless staying was itself edited (then the edits must sum to 1). An
    edited row must leave at least 0 (edits summing to more than 1 are refused). Rows not edited are
    unchanged. Columns of `estimated` (n, intervals ...) are kept; is_edited (Boolean) marks edited cells.
    Raises WorkforceError, one line per problem.
    """
    states = matrix_states(estimated)
    edits = edits.select(pl.col("from").cast(pl.String), pl.col("to").cast(pl.String), pl.col("p").cast(pl.Float64))
    problems = _cell_problems(edits, states)
    totals = edits.group_by("from").agg(total=pl.col("p").sum(), has_stay=(pl.col("to") == pl.col("from")).any())
    problems += [f"edits of row {s!r} sum to {t:.6g}: more than 1" for s, t, _ in totals.iter_rows()
                 if t > 1 + ROW_TOLERANCE]
    if problems:
        raise WorkforceError(problems)
    base = estimated.drop("is_edited", strict=False)
    marked = base.join(edits.rename({"p": "_edit"}), on=["from", "to"], how="left", maintain_order="left")
    is_edited = pl.col("_edit").is_not_null()
    edited_sum = pl.col("_edit").fill_null(0).sum().over("from")
    others_sum = pl.when(is_edited).then(0.0).otherwise(pl.col("p")).sum().over("from")
    any_edit = is_edited.any().over("from")
    stay_edited = (is_edited & (pl.col("from") == pl.col("to"))).any().over("from")
    remainder = (1 - edited_sum).clip(lower_bound=0)
    rescaled = (
        pl.when(is_edited).then(pl.col("_edit"))
        .when(~any_edit).then(pl.col("p"))
        .when(others_sum > 0).then(pl.col("p") * remainder / others_sum)
        .when(pl.col("from") == pl.col("to")).then(remainder)
        .otherwise(0.0)
    )
    result = marked.with_columns(p=rescaled, is_edited=is_edited, _stay_edited=stay_edited, _left=remainder,
                                 _others=others_sum)
    stuck = result.filter(pl.col("_stay_edited") & (pl.col("_others") == 0) & (pl.col("_left") > ROW_TOLERANCE))
    if stuck.height:
        rows = sorted(set(stuck["from"].to_list()))
        raise WorkforceError([f"edits of row {s!r} leave probability with nowhere to go: its other cells are 0"
                              for s in rows])
    return result.drop("_edit", "_stay_edited", "_left", "_others")
