"""Transition estimation from dated snapshots: the matching rules, recovered rates, intervals and bad input."""

from __future__ import annotations

from datetime import date

import numpy as np
import polars as pl
import pytest

from analytics.workforce.estimation import ESTIMATE_SCHEMA, estimate_transitions, observed_hires, wilson_interval
from analytics.workforce.states import EXIT, WorkforceError

D0, D1, D2 = date(2021, 7, 1), date(2022, 7, 1), date(2023, 7, 1)


def snapshot(rows: list[tuple[str, str, bool, str | None]]) -> pl.DataFrame:
    return pl.DataFrame(rows, schema={"position_id": pl.String, "grade": pl.String, "is_vacant": pl.Boolean,
                                      "hire_date": pl.String}, orient="row").with_columns(pl.col("hire_date").str.to_date())


def cell(estimate: pl.DataFrame, source: str, target: str) -> dict:
    return estimate.filter((pl.col("from") == source) & (pl.col("to") == target)).row(0, named=True)


def test_each_matching_rule_on_a_small_pair():
    before = snapshot([
        ("P1", "18", False, "2010-01-01"),  # same person, same grade: a stay
        ("P2", "18", False, "2011-01-01"),  # promoted in place to 23: a move
        ("P3", "23", False, "2012-01-01"),  # vacant a year on: an exit
        ("P4", "23", False, "2013-01-01"),  # gone from the later roster: an exit
        ("P5", "18", False, "2014-01-01"),  # a new incumbent (hire_date changed): an exit, and a hire
        ("P6", "18", True, None),           # vacant, then filled: a hire, nobody at risk
    ])
    after = snapshot([
        ("P1", "18", False, "2010-01-01"), ("P2", "23", False, "2011-01-01"), ("P3", "23", True, None),
        ("P5", "18", False, "2022-03-01"), ("P6", "18", False, "2022-02-01"), ("P7", "23", False, "2022-05-01"),
    ])

    got = estimate_transitions([(D1, after), (D0, before)], by="grade", min_observations=3)

    assert got.schema == pl.Schema(ESTIMATE_SCHEMA)
    assert got.select("from", "to", "n", "n_from").rows() == [
        ("18", "18", 1, 3), ("18", "23", 1, 3), ("18", EXIT, 1, 3),
        ("23", "18", 0, 2), ("23", "23", 0, 2), ("23", EXIT, 2, 2),
    ]
    assert got["p"].to_list() == pytest.approx([1 / 3, 1 / 3, 1 / 3, 0, 0, 1])
    assert got["too_few"].to_list() == [False] * 3 + [True] * 3
    hires = observed_hires([(D0, before), (D1, after)], by="grade")
    assert hires.select("state", "hires").rows() == [("18", 2), ("23", 1)]  # P5, P6; P7 (a new position)


def test_the_wilson_interval_matches_the_textbook_value():
    frame = pl.DataFrame({"k": [8.0, 0.0, 5.0], "n": [10, 10, 0]})
    low, high = wilson_interval(pl.col("k"), pl.col("n"))

    got = frame.select(low=low, high=high)

    # 8 of 10: (0.4902, 0.9433) (Newcombe, Stat. Med. 17, 1998, table I); 0 of 10: (0, 0.2775); no trials: [0, 1].
    assert got["low"].to_list() == pytest.approx([0.4902, 0.0, 0.0], abs=1e-4)
    assert got["high"].to_list() == pytest.approx([0.9433, 0.2775, 1.0], abs=1e-4)


RATES = {"A": (0.10, 0.15), "B": (0.05, 0.0)}  # (leave, promote to B) a year


def synthetic(n: int, years: int, seed: int) -> list[tuple[date, pl.DataFrame]]:
    """Yearly snapshots of n positions moving with RATES; a leaver's position is refilled at once by a new hire."""
    rng = np.random.default_rng(seed)
    grade = np.where(rng.random(n) < 0.6, "A", "B")
    hired = np.zeros(n, dtype=np.int64)
    ids = [f"P{i}" for i in range(n)]
    frames = []
    for year in range(years + 1):
        frames.append((date(2020 + year, 7, 1), pl.DataFrame({
            "position_id": ids, "grade": grade, "is_vacant": np.zeros(n, dtype=bool),
            "hire_date": [date.fromordinal(730_000 + int(h)) for h in hired]})))
        draw = rng.random(n)
        leave = np.array([RATES[g][0] for g in grade])
        promote = np.array([RATES[g][1] for g in grade])
        left = draw < leave
        moved = ~left & (draw < leave + promote)
        grade = np.where(moved, "B", np.where(left, "A", grade))  # a leaver's post is refilled at A
        hired = np.where(left, hired + 1000 + year, hired)
    return frames


def test_estimation_recovers_the_rates_the_snapshots_were_made_with():
    truth = {("A", "A"): 0.75, ("A", "B"): 0.15, ("A", EXIT): 0.10, ("B", "A"): 0.0, ("B", "B"): 0.95,
             ("B", EXIT): 0.05}

    got = estimate_transitions(synthetic(5000, 4, seed=42), by="grade")

    for (source, target), rate in truth.items():
        row = cell(got, source, target)
        assert row["p_low"] <= rate <= row["p_high"], (source, target, row)
        assert row["p"] == pytest.approx(rate, abs=0.01)
    assert got.group_by("from").agg(pl.col("p").sum())["p"].to_list() == pytest.approx([1.0, 1.0])


def test_a_two_year_gap_is_annualised():
    yearly = synthetic(20_000, 2, seed=7)

    got = estimate_transitions([yearly[0], yearly[2]], by="grade")

    # Staying is exact under a constant rate: sqrt(0.75^2) = 0.75; the leavers keep their two-year mix,
    # close to, not exactly, the yearly rates (a two-year leaver may have moved twice).
    assert cell(got, "A", "A")["p"] == pytest.approx(0.75, abs=0.01)
    assert cell(got, "A", "B")["p"] == pytest.approx(0.15, abs=0.01)
    assert cell(got, "A", EXIT)["p"] == pytest.approx(0.10, abs=0.01)
    assert cell(got, "B", "B")["p"] == pytest.approx(0.95, abs=0.005)
    assert cell(got, "A", "A")["n_from"] == (yearly[0][1]["grade"] == "A").sum()


def test_a_state_never_at_risk_stays_and_is_flagged():
    before = snapshot([("P1", "18", False, "2010-01-01")])
    after = snapshot([("P1", "18", False, "2010-01-01"), ("P2", "27", False, "2022-01-01")])

    got = estimate_transitions([(D0, before), (D1, after)], by="grade")

    row = cell(got, "27", "27")
    assert (row["p"], row["n_from"], row["too_few"], row["p_low"], row["p_high"]) == (1.0, 0, True, 0.0, 1.0)


@pytest.mark.parametrize(("snapshots", "problem"), [
    ([(D0, snapshot([("P1", "18", False, None)]))], "estimating transitions needs two or more dated snapshots, got 1"),
    ([(D0, snapshot([("P1", "18", False, None)])), (D0, snapshot([("P1", "18", False, None)]))],
     "two snapshots are dated 2021-07-01: each needs its own date"),
    ([(D0, snapshot([("P1", "18", False, None)])), (D1, snapshot([("P1", "18", False, None)])),
      (D2, snapshot([("Q1", "18", False, None)]))],
     "the snapshots of 2022-07-01 and 2023-07-01 share no position_id: they are not of the same positions"),
    ([(D0, snapshot([("P1", "18", False, None), ("P1", "18", False, None)])), (D1, snapshot([]))],
     "the snapshot of 2021-07-01 has position_id P1 more than once"),
    ([(D0, pl.DataFrame({"position_id": ["P1"]})), (D1, snapshot([]))],
     "the snapshot of 2021-07-01 has no grade, is_vacant column"),
])
def test_bad_snapshots_are_refused_in_one_line(snapshots, problem):
    with pytest.raises(WorkforceError) as raised:
        estimate_transitions(snapshots, by="grade")

    assert raised.value.problems == [problem]
