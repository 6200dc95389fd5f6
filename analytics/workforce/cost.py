"""The cost of a projected structure: heads by state and year priced at the cost engine's rates with COLA."""

from __future__ import annotations

from collections.abc import Sequence

import polars as pl

from analytics.costs.rates import CostRules, month_index, rate_table, scales, with_scale
from analytics.costs.scenario_format import Cola
from analytics.workforce.states import BY_COLUMNS, WorkforceError

COST_SCHEMA = {"year": pl.Int32, "state": pl.String, "headcount": pl.Float64, "average_rate": pl.Float64,
               "cost": pl.Float64}


def _state_pay(roster: pl.DataFrame, *, by: str) -> tuple[pl.DataFrame, pl.DataFrame]:
    """(cohorts, fallback): filled positions grouped by (state, schedule_id, grade, step) with heads and FTE,
    and one row per state of the roster with the grade and schedule most of its positions hold."""
    base = roster.select(state=pl.col(by).cast(pl.String), schedule_id=pl.col("schedule_id").cast(pl.String),
                         grade=pl.col("grade").cast(pl.String), step=pl.col("step").cast(pl.Int32),
                         fte=pl.col("fte").cast(pl.Float64), is_vacant="is_vacant")
    cohorts = (
        base.filter(~pl.col("is_vacant").fill_null(False) & pl.col("step").is_not_null())
        .group_by("state", "schedule_id", "grade", "step")
        .agg(heads=pl.len().cast(pl.Float64), fte=pl.col("fte").sum())
    )
    fallback = (
        base.group_by("state", "schedule_id", "grade").agg(n=pl.len())
        .sort("n", "schedule_id", "grade", descending=[True, False, False], nulls_last=True)
        .unique("state", keep="first")
        .select("state", "schedule_id", "grade", step=pl.lit(1, pl.Int32), heads=pl.lit(1.0), fte=pl.lit(1.0))
    )
    return cohorts, fallback


def projected_cost(
    stocks: pl.DataFrame, roster: pl.DataFrame, steps: pl.LazyFrame, *, first_year: int,
    colas: Sequence[Cola] = (), by: str = "grade", fringe_rate: float = 0.0,
) -> pl.DataFrame:
    """One row per (year, state) of the stocks: year (calendar: first_year + projection year), state,
    headcount (the stock's mean), average_rate (annual, per head), cost (headcount x average_rate x (1 + fringe)).

    The average rate of a state in a year is the cost engine's (analytics.costs.rates.rate_table): each
    filled roster position in the state is paid its step's amount in the pay-table version in effect
    each month, times the COLAs in effect (Cola: percent, effective date; several compound), times its FTE;
    the rate is the mean over the positions and the year's twelve months. The roster's step mix is held
    (a projection counts heads, it does not follow people up their steps). A state with no filled, priced
    position is priced at its grade's first step (hiring rate), full time; one whose grade no pay table
    pays has a null rate and cost. steps: analytics.pay.steps.step_table rows.
    """
    if by not in BY_COLUMNS:
        raise WorkforceError(f"unknown state kind {by!r}: expected one of {', '.join(BY_COLUMNS)}")
    n_years = int(stocks["year"].max()) + 1 if stocks.height else 0
    rules = CostRules(first_month=first_year * 12, last_month=(first_year + max(n_years, 1)) * 12 - 1,
                      colas=tuple((month_index(c.effective), c.pct / 100) for c in colas))
    scale = scales(steps).collect().lazy()
    rates = rate_table(steps, scale, rules=rules).select(
        "scale_id", "step", year=(pl.col("month") // 12 - first_year).cast(pl.Int32),
        amount=pl.col("amount").cast(pl.Float64),
    )
    cohorts, fallback = _state_pay(roster, by=by)
    priced = (
        pl.concat([cohorts, fallback.join(cohorts.select("state").unique(), on="state", how="anti")])
        .lazy().pipe(with_scale, scale, grade="grade")
        .join(rates, on=["scale_id", "step"])
        .group_by("state", "year")
        .agg(average_rate=(pl.col("amount") * pl.col("fte")).sum() / pl.col("heads").sum())
    )
    return (
        stocks.lazy()
        .select(pl.col("year").cast(pl.Int32), "state", headcount="mean")
        .join(priced, on=["state", "year"], how="left", maintain_order="left")
        .with_columns(cost=pl.col("headcount") * pl.col("average_rate") * (1 + fringe_rate))
        .with_columns(pl.col("year") + first_year, pl.col("average_rate").round(2), pl.col("cost").round(2))
        .select(COST_SCHEMA.keys())
        .cast(COST_SCHEMA)
        .collect()
    )
