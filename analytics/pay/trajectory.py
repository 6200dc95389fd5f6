"""Pay trajectories: salary by year along career paths, with steps, promotions and general increases."""

from __future__ import annotations

import calendar
import datetime as dt
import itertools
from dataclasses import dataclass

import polars as pl

from analytics.pay.promotion import CENT, DEFAULT_PROMOTION_PCT, promoted_salary
from analytics.pay.steps import GS_WAITING_WEEKS

TRAJECTORY_SCHEMA = {
    "path_id": pl.String, "year": pl.Int32, "year_start_date": pl.Date, "schedule_id": pl.String,
    "grade": pl.String, "step_index": pl.Int32, "step_label": pl.String, "engine": pl.String,
    "salary": pl.Float64, "earnings": pl.Float64, "cumulative_earnings": pl.Float64,
}
MAX_YEARS = 20
MAX_COLA_PCT = 50.0  # a yearly general increase above this is a typing error, not a scenario


@dataclass(frozen=True)
class GradeSteps:
    """One version of a grade's step table (rows of the step_table contract)."""

    schedule_id: str
    grade: str
    engine: str
    amounts: tuple[float, ...]
    labels: tuple[str, ...]
    months_to_next: tuple[int | None, ...]

    def step_at(self, base: float) -> int:
        """0-based index of the highest step paying at most `base` (a salary may sit between steps)."""
        return max((i for i, a in enumerate(self.amounts) if a <= base + CENT), default=0)


@dataclass(frozen=True)
class Position:
    """Pay from `since`: a grade and a base salary before general increases."""

    since: dt.date
    grade: GradeSteps
    base: float
    next_date: dt.date | None


def pay_trajectory(
    steps: pl.LazyFrame,
    paths: pl.LazyFrame,
    increases: pl.LazyFrame | None = None,
    *,
    years: int = MAX_YEARS,
    start_step_index: int = 1,
    promotion_pct: float = DEFAULT_PROMOTION_PCT,
) -> pl.LazyFrame:
    """One row per (path_id, year): grade, step, salary at the year's start, earnings, cumulative.

    Args:
        steps: the step_table contract (analytics.pay.steps).
        paths: one row per (path_id, leg): schedule_id, grade, entry_date. Leg 1 is the start
            (hire at start_step_index); each later leg is a promotion on its entry_date (a given
            date or an eligibility date).
        increases: one row per general increase (COLA): effective_date, pct (0.03 = 3%); it
            multiplies every rate from its effective date on.
        years: 1 to 20; year 1 starts on the path's first entry_date.
        promotion_pct: the promotion increase of the non-GS engines (analytics.pay.promotion).

    A grade is paid on the schedule version in effect on entry (else the earliest); later changes
    come from `increases`. A promotion lands on a step of the new grade (analytics.pay.promotion, the
    rule the cost projection uses too); a salary between steps shows the step below it and advances by
    that step's increment, up to the top.
    """
    if not 1 <= years <= MAX_YEARS:
        raise ValueError(f"years must be 1-{MAX_YEARS}, got {years}")
    tables = _grade_tables(steps.collect())
    raises = _raises(increases)
    rows: list[tuple] = []
    for (path_id,), legs in paths.collect().sort("path_id", "leg").group_by("path_id", maintain_order=True):
        start = legs["entry_date"][0]
        horizon = add_months(start, 12 * years)
        positions = _positions(legs, tables, horizon, start_step_index=start_step_index, pct=promotion_pct)
        rows += _year_rows(path_id, positions, raises, start=start, years=years)
    frame = pl.LazyFrame(rows, schema={k: v for k, v in TRAJECTORY_SCHEMA.items() if k != "cumulative_earnings"},
                         orient="row")
    return frame.with_columns(
        cumulative_earnings=pl.col("earnings").cum_sum().over("path_id", order_by="year"),
    ).sort("path_id", "year")


def _grade_tables(steps: pl.DataFrame) -> dict[tuple[str, str], list[tuple[dt.date | None, GradeSteps]]]:
    tables: dict[tuple[str, str], list[tuple[dt.date | None, GradeSteps]]] = {}
    keys = ["schedule_id", "grade", "effective_date"]
    for (schedule_id, grade, effective), rows in steps.sort(*keys, "step_index").group_by(keys, maintain_order=True):
        table = GradeSteps(schedule_id, grade, rows["engine"][0], tuple(rows["annual_amount"]),
                           tuple(rows["step_label"]), tuple(rows["months_to_next"]))
        tables.setdefault((schedule_id, grade), []).append((effective, table))
    return tables


def _version(tables: dict, schedule_id: str, grade: str, on: dt.date) -> GradeSteps:
    """The grade's table in effect on a date: the latest dated on or before it, else the earliest."""
    versions = tables.get((schedule_id, grade))
    if not versions:
        raise ValueError(f"no step table for schedule {schedule_id} grade {grade}")
    dated = sorted(versions, key=lambda v: v[0] or dt.date.min)
    in_effect = [table for effective, table in dated if effective is None or effective <= on]
    return in_effect[-1] if in_effect else dated[0][1]


def _raises(increases: pl.LazyFrame | None) -> list[tuple[dt.date, float]]:
    if increases is None:
        return []
    frame = increases.select("effective_date", "pct").drop_nulls().collect().sort("effective_date")
    if frame.filter(pl.col("pct") <= -1).height:
        raise ValueError("a general increase must be above -100%")
    return list(frame.iter_rows())


def _positions(legs: pl.DataFrame, tables: dict, horizon: dt.date, *, start_step_index: int,
               pct: float) -> list[Position]:
    """Every pay change of one path up to the horizon: hire, step advances, promotions."""
    first, *promotions = legs.iter_rows(named=True)
    table = _version(tables, first["schedule_id"], first["grade"], first["entry_date"])
    if not 1 <= start_step_index <= len(table.amounts):
        raise ValueError(f"{table.grade} has steps 1-{len(table.amounts)}, got {start_step_index}")
    k = start_step_index - 1
    out = [Position(first["entry_date"], table, table.amounts[k], _next_step_date(table, k, first["entry_date"]))]
    for leg in promotions:
        if leg["entry_date"] < out[-1].since:
            raise ValueError(f"leg {leg['leg']} of path {leg['path_id']} starts before the previous one")
        # A step due on the promotion date is processed first (5 CFR 531.214(c)).
        out += _advances(out[-1], until=leg["entry_date"])
        new = _version(tables, leg["schedule_id"], leg["grade"], leg["entry_date"])
        old = out[-1]
        base = promoted_salary(old.base, old_amounts=old.grade.amounts, old_engine=old.grade.engine,
                               new_amounts=new.amounts, new_engine=new.engine, pct=pct)
        out.append(Position(leg["entry_date"], new, base, _next_step_date(new, new.step_at(base), leg["entry_date"])))
    return out + _advances(out[-1], until=horizon)


def _advances(position: Position, *, until: dt.date) -> list[Position]:
    """Step advances due on or before `until`: one increment of the step the salary sits on."""
    out: list[Position] = []
    while position.next_date is not None and position.next_date <= until:
        table, k = position.grade, position.grade.step_at(position.base)
        base = min(position.base + table.amounts[k + 1] - table.amounts[k], table.amounts[-1])
        since = position.next_date
        position = Position(since, table, base, _next_step_date(table, table.step_at(base), since))
        out.append(position)
    return out


def _next_step_date(table: GradeSteps, k: int, since: dt.date) -> dt.date | None:
    """When the step after 0-based step k is due; GS waits in calendar weeks (5 CFR 531.405)."""
    if k + 1 >= len(table.amounts):
        return None
    if table.engine == "gs":
        return since + dt.timedelta(weeks=GS_WAITING_WEEKS[k + 2])
    return add_months(since, table.months_to_next[k] or 12)


def _year_rows(path_id: str, positions: list[Position], raises: list[tuple[dt.date, float]], *,
               start: dt.date, years: int) -> list[tuple]:
    rows = []
    for year in range(1, years + 1):
        begin, end = add_months(start, 12 * (year - 1)), add_months(start, 12 * year)
        position = _position_on(positions, begin)
        k = position.grade.step_at(position.base)
        table = position.grade
        rows.append((path_id, year, begin, table.schedule_id, table.grade, k + 1, table.labels[k], table.engine,
                     round(_rate_on(positions, raises, begin), 2), round(_earnings(positions, raises, begin, end), 2)))
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


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` later, clamped to the month's end (29 Feb + 12 months = 28 Feb)."""
    year, month = divmod(day.month - 1 + months, 12)
    year += day.year
    return dt.date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))
