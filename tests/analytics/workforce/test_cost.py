"""The cost of a projected structure at the cost engine's rates, with COLA."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import polars as pl
import pytest

from analytics.costs.scenario_format import Cola
from analytics.pay.steps import step_table
from analytics.workforce.cost import COST_SCHEMA, projected_cost

PAY = pl.LazyFrame(
    [("GEN", "18", "1", 50_000.0, "2025-01-01"), ("GEN", "18", "2", 52_000.0, "2025-01-01"),
     ("GEN", "23", "1", 70_000.0, "2025-01-01"), ("GEN", "23", "2", 73_000.0, "2025-01-01")],
    schema={"schedule_id": pl.String, "grade": pl.String, "step": pl.String, "annual_amount": pl.Float64,
            "effective_date": pl.String}, orient="row",
)
ROSTER = pl.DataFrame({
    "position_id": ["P1", "P2", "P3", "P4"], "title": ["Clerk", "Clerk", "Clerk", "Chief"],
    "grade": ["18", "18", "18", "23"], "schedule_id": ["GEN"] * 4, "step": [1, 2, None, 2],
    "fte": [1.0, 0.5, 1.0, 1.0], "is_vacant": [False, False, True, False],
})
STOCKS = pl.DataFrame({"year": [0, 0, 1, 1], "state": ["18", "23", "18", "23"], "mean": [2.0, 1.0, 3.0, 0.5]})


def test_heads_are_priced_at_the_average_rate_of_their_grade_with_cola():
    steps = step_table(PAY)

    got = projected_cost(STOCKS, ROSTER, steps, first_year=2025, colas=[Cola(Decimal(2), date(2026, 7, 1))])

    assert got.schema == pl.Schema(COST_SCHEMA)
    # 2025, grade 18: the two filled clerks at 50,000 x 1.0 and 52,000 x 0.5: (50,000 + 26,000) / 2 = 38,000 a
    # head; grade 23: the chief at step 2, 73,000.
    # 2026: the 2 % COLA from July pays six months of twelve: x 1.01 on average: 38,380 and 73,730.
    assert got.rows() == [
        (2025, "18", 2.0, 38_000.0, 76_000.0), (2025, "23", 1.0, 73_000.0, 73_000.0),
        (2026, "18", 3.0, 38_380.0, 115_140.0), (2026, "23", 0.5, 73_730.0, 36_865.0),
    ]


def test_a_state_with_no_filled_position_is_priced_at_its_hiring_rate():
    stocks = pl.DataFrame({"year": [0], "state": ["23"], "mean": [2.0]})
    vacant_chief = ROSTER.with_columns(is_vacant=pl.lit(True))

    got = projected_cost(stocks, vacant_chief, step_table(PAY), first_year=2025)

    assert got.select("average_rate", "cost").row(0) == (70_000.0, 140_000.0)


def test_a_grade_no_table_pays_has_no_cost():
    stocks = pl.DataFrame({"year": [0], "state": ["99"], "mean": [1.0]})
    roster = ROSTER.with_columns(grade=pl.lit("99"))

    got = projected_cost(stocks, roster, step_table(PAY), first_year=2025, fringe_rate=0.5)

    assert got.select("headcount", "average_rate", "cost").row(0) == (1.0, None, None)


def test_fringe_adds_to_the_cost():
    got = projected_cost(STOCKS.head(1), ROSTER, step_table(PAY), first_year=2025, fringe_rate=0.5)

    assert got["cost"].to_list() == pytest.approx([114_000.0])
