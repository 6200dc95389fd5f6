"""Frames of a scenario's cost report (the JSON of analytics.costs.report): fiscal years, months, breakdowns, bridges.

Every amount is read back as Decimal cents (the report stores cents as floats, whose shortest text
is the exact cent amount), so sums and differences here are exact.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

import polars as pl

from analytics.costs.projection import fiscal_year_expr
from analytics.costs.rates import month_index_expr

CENTS = pl.Decimal(38, 2)
FISCAL_YEARS_SCHEMA = {"fiscal_year": pl.Int32, "label": pl.String, "n_months": pl.UInt32, "cost": CENTS,
                       "change": CENTS, "change_pct": pl.Float64}
MONTHS_SCHEMA = {"month": pl.Date, "fiscal_year": pl.Int32, "cost": CENTS}
BRIDGE_SCHEMA = {"component": pl.String, "amount": CENTS, "measure": pl.String, "running": CENTS}


def cents(value: float | int | str) -> Decimal:
    """Return an amount of the report as exact Decimal cents."""
    return Decimal(str(value)).quantize(Decimal("0.01"))


def fiscal_year_label(fiscal_year: int) -> str:
    """Return how a fiscal year is named: FY and the calendar year it ends in."""
    return f"FY{fiscal_year}"


def monthly_costs(results: Mapping[str, Any], *, fy_start_month: int) -> pl.DataFrame:
    """One row per month of the window: month (Date, first of month), fiscal_year, cost (Decimal cents)."""
    rows = [(m["month"], cents(m["cost"])) for m in results["months"]]
    frame = pl.DataFrame(rows, schema={"month": pl.String, "cost": CENTS}, orient="row")
    return (
        frame.with_columns(pl.col("month").str.to_date())
        .with_columns(_m=month_index_expr("month"))
        .with_columns(fiscal_year=fiscal_year_expr("_m", fy_start_month=fy_start_month))
        .select(list(MONTHS_SCHEMA))
        .cast(MONTHS_SCHEMA)
    )


def fiscal_year_totals(results: Mapping[str, Any], *, fy_start_month: int) -> pl.DataFrame:
    """One row per fiscal year: fiscal_year, label, n_months costed, cost, change and change_pct on the year before.

    change and change_pct are null in the first year.
    """
    rows = [(y["fiscal_year"], cents(y["cost"])) for y in results["fiscal_years"]]
    years = pl.DataFrame(rows, schema={"fiscal_year": pl.Int32, "cost": CENTS}, orient="row")
    counts = monthly_costs(results, fy_start_month=fy_start_month).group_by("fiscal_year").agg(n_months=pl.len())
    return (
        years.join(counts, on="fiscal_year", how="left")
        .sort("fiscal_year")
        .with_columns(
            label=pl.format("FY{}", "fiscal_year"),
            change=pl.col("cost") - pl.col("cost").shift(1),
            change_pct=(pl.col("cost").cast(pl.Float64) / pl.col("cost").shift(1).cast(pl.Float64) - 1),
        )
        .select(list(FISCAL_YEARS_SCHEMA))
        .cast(FISCAL_YEARS_SCHEMA)
    )


def breakdown(results: Mapping[str, Any], *, dim: str) -> pl.DataFrame:
    """One row per (fiscal_year, value of dim): fiscal_year, <dim>, cost (Decimal cents)."""
    rows = [(r["fiscal_year"], r["key"], cents(r["cost"])) for r in results["breakdowns"][dim]]
    return pl.DataFrame(rows, schema={"fiscal_year": pl.Int32, dim: pl.String, "cost": CENTS}, orient="row")


def breakdown_by_year(long: pl.DataFrame, *, dim: str) -> pl.DataFrame:
    """One row per value of dim, costliest first: <dim>, one cost column per fiscal year ("FY2027", ...), total."""
    years = long["fiscal_year"].unique().sort().to_list()
    columns = [pl.col("cost").filter(pl.col("fiscal_year") == y).sum().alias(fiscal_year_label(y)) for y in years]
    return (
        long.group_by(dim)
        .agg(*columns, total=pl.col("cost").sum())
        .sort(["total", dim], descending=[True, False])
    )


def bridge_steps(results: Mapping[str, Any], *, kind: str, labels: Mapping[str, str] | None = None) -> pl.DataFrame:
    """One row per bar of a bridge's waterfall: component, amount, measure (absolute | relative | total), running.

    The first row is the base cost, then every component in attribution order, then the target cost;
    the components add up exactly to target - base. `labels` renames components (and "base"/"target").
    """
    bridge = results["bridges"][kind]
    names = dict(labels or {})
    rows = [(names.get("base", "base"), cents(bridge["base_cost"]), "absolute")]
    rows += [(names.get(c["component"], c["component"]), cents(c["amount"]), "relative") for c in bridge["components"]]
    rows.append((names.get("target", "target"), cents(bridge["target_cost"]), "total"))
    frame = pl.DataFrame(rows, schema={"component": pl.String, "amount": CENTS, "measure": pl.String}, orient="row")
    running = pl.when(pl.col("measure") == "total").then(pl.col("amount")).otherwise(
        pl.col("amount").cum_sum())
    return frame.with_columns(running=running).cast(BRIDGE_SCHEMA)


def scenario_comparison(totals: Sequence[tuple[str, pl.DataFrame]]) -> pl.DataFrame:
    """One row per fiscal year in any scenario: fiscal_year, one cost column per scenario (its label), then
    one "<label> − <first label>" difference column per later scenario (null where a scenario has no such year).

    `totals` pairs a unique label with fiscal_year_totals rows; the first is the reference.
    """
    labels = [label for label, _ in totals]
    if len(set(labels)) != len(labels):
        raise ValueError("scenario labels must be unique")
    frames = [frame.select("fiscal_year", pl.col("cost").alias(label)) for label, frame in totals]
    wide = frames[0]
    for frame in frames[1:]:
        wide = wide.join(frame, on="fiscal_year", how="full", coalesce=True)
    first = labels[0]
    differences = [(pl.col(label) - pl.col(first)).alias(f"{label} − {first}") for label in labels[1:]]
    return wide.sort("fiscal_year").with_columns(differences)
