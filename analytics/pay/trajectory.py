"""Pay trajectories: salary by year along career paths, with steps, promotions and general increases."""

from __future__ import annotations

import datetime as dt
import itertools

import polars as pl

from analytics.pay.progression import (
    Longevity,
    PayRules,
    Position,
    add_months,
    grade_tables,
    lump_sum_amounts,
    path_positions,
)
from analytics.pay.promotion import DEFAULT_PROMOTION_PCT

TRAJECTORY_SCHEMA = {
    "path_id": pl.String, "year": pl.Int32, "year_start_date": pl.Date, "schedule_id": pl.String,
    "grade": pl.String, "step_index": pl.Int32, "step_label": pl.String, "engine": pl.String,
    "salary": pl.Float64, "earnings": pl.Float64, "cumulative_earnings": pl.Float64,
}
MAX_YEARS = 20
MAX_COLA_PCT = 50.0  # a yearly general increase above this is a typing error, not a scenario


def pay_trajectory(
    steps: pl.LazyFrame,
    paths: pl.LazyFrame,
    increases: pl.LazyFrame | None = None,
    *,
    years: int = MAX_YEARS,
    start_step_index: int = 1,
    promotion_pct: float = DEFAULT_PROMOTION_PCT,
    lump_sums: pl.LazyFrame | None = None,
    longevity: Longevity | None = None,
    years_in_title: float = 0.0,
    start_salary: float | None = None,
) -> pl.LazyFrame:
    """One row per (path_id, year): grade, step, salary at the year's start, earnings, cumulative.

    Args:
        steps: the step_table contract (analytics.pay.steps).
        paths: one row per (path_id, leg): schedule_id, grade, entry_date. Leg 1 is the start
            (hire at start_step_index); each later leg is a promotion on its entry_date (a given
            date or an eligibility date).
        increases: one row per general increase (COLA): effective_date, pct (0.03 = 3%); it
            multiplies every rate from its effective date on, on top of the dated pay tables.
        years: 1 to 20; year 1 starts on the path's first entry_date.
        promotion_pct: the promotion increase of the "pct" rule (analytics.pay.promotion).
        lump_sums: analytics.pay.steps.lump_sum_table rows: what a CT grade pays at its top step on an
            increment date instead of an increment.
        longevity: an assumed New York longevity step (analytics.pay.progression.Longevity); none by default.
        years_in_title: the person has already served this long on the first leg's grade (whole months
            count): the path starts on the step that service reaches, not the hiring rate.
        start_salary: the person's current salary on the first leg's grade (wins over years_in_title).

    Each grade is paid on every version of its table from the version's effective date, keeping its step
    (analytics.pay.progression states the rules: advances, CT 1 January increments and lump sums,
    longevity). A promotion lands where analytics.pay.promotion says (the rule the cost projection uses
    too); a salary between steps shows the step below it and advances by that step's increment, up to
    the top. earnings are the rates paid over the year's days plus the lump sums paid in the year (a lump
    sum is a stated amount: general increases do not multiply it).
    """
    if not 1 <= years <= MAX_YEARS:
        raise ValueError(f"years must be 1-{MAX_YEARS}, got {years}")
    sums = lump_sum_amounts(lump_sums.collect()) if lump_sums is not None else {}
    rules = PayRules(grade_tables(steps.collect()), sums, longevity, promotion_pct)
    raises = _raises(increases)
    rows: list[tuple] = []
    for (path_id,), legs in paths.collect().sort("path_id", "leg").group_by("path_id", maintain_order=True):
        start = legs["entry_date"][0]
        positions, lumps = path_positions(legs, rules, add_months(start, 12 * years), start_step_index=start_step_index,
                                          months_in_title=round(12 * years_in_title), start_salary=start_salary)
        rows += _year_rows(path_id, positions, lumps, raises, start=start, years=years)
    frame = pl.LazyFrame(rows, schema={k: v for k, v in TRAJECTORY_SCHEMA.items() if k != "cumulative_earnings"},
                         orient="row")
    return frame.with_columns(
        cumulative_earnings=pl.col("earnings").cum_sum().over("path_id", order_by="year"),
    ).sort("path_id", "year")


def _raises(increases: pl.LazyFrame | None) -> list[tuple[dt.date, float]]:
    if increases is None:
        return []
    frame = increases.select("effective_date", "pct").drop_nulls().collect().sort("effective_date")
    if frame.filter(pl.col("pct") <= -1).height:
        raise ValueError("a general increase must be above -100%")
    return list(frame.iter_rows())


def _year_rows(path_id: str, positions: list[Position], lumps: list[tuple[dt.date, float]],
               raises: list[tuple[dt.date, float]], *, start: dt.date, years: int) -> list[tuple]:
    rows = []
    for year in range(1, years + 1):
        begin, end = add_months(start, 12 * (year - 1)), add_months(start, 12 * year)
        position = _position_on(positions, begin)
        table = position.grade
        earned = _earnings(positions, raises, begin, end) + sum(amount for day, amount in lumps if begin <= day < end)
        rows.append((path_id, year, begin, table.schedule_id, table.grade, table.step_at(position.base) + 1,
                     position.step_label, table.engine, round(_rate_on(positions, raises, begin), 2), round(earned, 2)))
    return rows


def _position_on(positions: list[Position], day: dt.date) -> Position:
    return [p for p in positions if p.since <= day][-1]


def _rate_on(positions: list[Position], raises: list[tuple[dt.date, float]], day: dt.date) -> float:
    """The annual rate paid on a day: base salary times every general increase in effect."""
    factor = 1.0
    for effective, pct in raises:
        if effective <= day:
            factor *= 1 + pct
    return _position_on(positions, day).base * factor


def _earnings(positions: list[Position], raises: list[tuple[dt.date, float]], begin: dt.date,
              end: dt.date) -> float:
    """Earned in [begin, end): each rate for the share of the year's days it was paid."""
    changes = {p.since for p in positions} | {d for d, _ in raises}
    cuts = sorted({begin, end} | {d for d in changes if begin < d < end})
    days = (end - begin).days
    return sum(_rate_on(positions, raises, a) * (b - a).days / days for a, b in itertools.pairwise(cuts))


def anniversary_increases(*, start_date: dt.date, years: int, pct: float) -> pl.LazyFrame:
    """One row per general increase: `pct` on each anniversary of start_date in years 2..years."""
    dates = [add_months(start_date, 12 * year) for year in range(1, years)]
    return pl.LazyFrame({"effective_date": dates, "pct": [pct] * len(dates)},
                        schema={"effective_date": pl.Date, "pct": pl.Float64})
