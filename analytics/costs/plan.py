"""Position plans: a roster plus a scenario's position changes, one row per position, for the projection.

Rules (each is a documented simplification):
- The roster is the state at the scenario's start month (`as_of_month`).
- A filled position is costed from its hire month; its current step is taken to have begun on the
  latest anniversary month of its hire date on or before `as_of_month` (steps move on the first of
  the anniversary month).
- On a Connecticut scale (engine "ct") steps move instead on 1 January by the half-year of initial
  employment (analytics.pay.progression): `ct_anchor_month` is the January 12 months before the first
  increment due after the roster date: the first January after a January-June hire, the second after a
  July-December hire, and never the roster date's own January (the roster step already includes it). The
  initial employment is the hire month of a filled position (unknown: the next January counts), the fill
  month of a vacancy and the month of a new position (connecticut.ct_anchor_expr). The projection picks
  the anchor by the scale's engine.
- A filled position's stated annual_salary is its rate in `as_of_month` (`salary_month`); the
  projection keeps its offset from its step's table amount (analytics.costs.projection). A blank
  salary, a vacancy's and a new position's are the table amounts.
- A vacancy enters at step 1 (the hiring rate) in its fill month; without a fill date it is not
  costed. New positions enter at step 1 in their month.
- Cuts take, within the title and unit, unfilled vacancies first, then vacancies by latest fill,
  then filled positions by latest hire (last in, first out), then by position id (highest first).
- Shifts move every event month of one driver forward (see scenarios.cost_bridge).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import polars as pl

from analytics.costs.connecticut import ct_anchor_expr
from analytics.costs.rates import month_index, month_index_expr

if TYPE_CHECKING:
    from collections.abc import Callable

    from analytics.costs.scenario_format import AddPositions, Change, CutPositions

NEVER = 9_999_999  # a month that never comes: frozen vacancies, positions never cut
ALWAYS = -9_999_999  # a month long past: positions filled before anyone remembers
PLAN_SCHEMA = {
    "position_id": pl.String,
    "unit": pl.String,
    "title": pl.String,
    "schedule_id": pl.String,  # null: the only schedule with this grade
    "grade": pl.String,
    "step": pl.Int32,
    "annual_salary": pl.Float64,  # the stated rate in salary_month; null: the step's table amount
    "salary_month": pl.Int32,
    "fte": pl.Float64,
    "start_month": pl.Int32,
    "end_month": pl.Int32,
    "anchor_month": pl.Int32,
    "ct_anchor_month": pl.Int32,  # the step anchor on a Connecticut scale (connecticut.ct_anchor_expr)
    "tenure_month": pl.Int32,
    "promo_month": pl.Int32,
    "promo_anchor_month": pl.Int32,
    "promo_grade": pl.String,
    "promo_title": pl.String,
}
PLANNED_SCHEMA = PLAN_SCHEMA | {"is_added": pl.Boolean}  # before shifts: an added position's start moves with positions
_PAY_SCHEMA = {"grade": pl.String, "schedule_id": pl.String}


@dataclass(frozen=True)
class Shifts:
    """Months by which each driver's event months are moved forward (all zero: as planned)."""

    cola: int = 0
    steps: int = 0
    positions: int = 0
    promotions: int = 0
    vacancies: int = 0
    turnover: int = 0


AS_PLANNED = Shifts()


def roster_plan(positions: pl.LazyFrame, *, as_of_month: int) -> pl.LazyFrame:
    """One row per roster position: the plan columns plus is_vacant and is_added (false)."""
    hire = month_index_expr("hire_date")
    since_anniversary = (as_of_month - hire) % 12
    anchor = pl.when(hire.is_null()).then(as_of_month).when(hire >= as_of_month).then(hire)
    filled_start = pl.coalesce(hire, pl.lit(ALWAYS))
    vacant_start = pl.coalesce(month_index_expr("fill_date"), pl.lit(NEVER))
    return positions.select(
        "position_id", "unit", "title", "schedule_id", "grade", "fte", "is_vacant",
        step=pl.when("is_vacant").then(1).otherwise("step").cast(pl.Int32),
        annual_salary=pl.when("is_vacant").then(None).otherwise("annual_salary").cast(pl.Float64),
        salary_month=pl.lit(as_of_month, dtype=pl.Int32),
        start_month=pl.when("is_vacant").then(vacant_start).otherwise(filled_start).cast(pl.Int32),
        anchor_month=pl.when("is_vacant").then(vacant_start).otherwise(
            anchor.otherwise(as_of_month - since_anniversary)
        ).cast(pl.Int32),
        ct_anchor_month=ct_anchor_expr(pl.when("is_vacant").then(vacant_start).otherwise(hire),
                                       as_of_month=as_of_month),
        end_month=pl.lit(NEVER, dtype=pl.Int32),
        promo_month=pl.lit(None, dtype=pl.Int32),
        promo_anchor_month=pl.lit(None, dtype=pl.Int32),
        promo_grade=pl.lit(None, dtype=pl.String),
        promo_title=pl.lit(None, dtype=pl.String),
        is_added=pl.lit(False),
    ).with_columns(tenure_month=pl.max_horizontal("start_month", pl.lit(as_of_month)).cast(pl.Int32))


def _same_post(title: str, unit: str) -> pl.Expr:
    return (pl.col("title").str.to_lowercase() == title.lower()) & (pl.col("unit").str.to_lowercase() == unit.lower())


def _added(plan: pl.LazyFrame, change: AddPositions, *, index: int) -> pl.LazyFrame:
    """One row per position a change adds, at step 1 from its month; grade and schedule from the title."""
    if change.grade is not None:
        pay = pl.LazyFrame({"grade": [change.grade], "schedule_id": [change.schedule_id]}, schema=_PAY_SCHEMA)
    else:
        pay = (
            plan.filter(pl.col("title").str.to_lowercase() == change.title.lower())
            .group_by("grade", "schedule_id")
            .agg(n=pl.len())
            .sort("n", "grade", descending=[True, False])
            .head(1)
            .select("grade", "schedule_id")
        )
    month = month_index(change.date)
    serial = pl.LazyFrame({"serial": range(1, change.count + 1)}, schema={"serial": pl.Int32})
    return pay.join(serial, how="cross").select(
        position_id=pl.format("NEW{}-{}", pl.lit(index), pl.col("serial")),
        unit=pl.lit(change.unit), title=pl.lit(change.title), schedule_id="schedule_id", grade="grade",
        fte=pl.lit(float(change.fte)), is_vacant=pl.lit(False), step=pl.lit(1, dtype=pl.Int32),
        annual_salary=pl.lit(None, dtype=pl.Float64), salary_month=pl.lit(None, dtype=pl.Int32),
        start_month=pl.lit(month, dtype=pl.Int32), anchor_month=pl.lit(month, dtype=pl.Int32),
        ct_anchor_month=ct_anchor_expr(pl.lit(month, dtype=pl.Int32)),
        end_month=pl.lit(NEVER, dtype=pl.Int32), promo_month=pl.lit(None, dtype=pl.Int32),
        promo_anchor_month=pl.lit(None, dtype=pl.Int32), promo_grade=pl.lit(None, dtype=pl.String),
        promo_title=pl.lit(None, dtype=pl.String), is_added=pl.lit(True),
        tenure_month=pl.lit(month, dtype=pl.Int32),
    )


def cut_candidates(plan: pl.LazyFrame, change: CutPositions) -> pl.LazyFrame:
    """One row per position the cut would take, in cut order: position_id."""
    month = month_index(change.date)
    unfilled = pl.col("is_vacant") & (pl.col("start_month") >= NEVER)
    return (
        plan.filter(_same_post(change.title, change.unit) & (pl.col("end_month") > month))
        .sort([unfilled, "is_vacant", "start_month", "position_id"], descending=True)
        .head(change.count)
        .select("position_id")
    )


def _cut(plan: pl.LazyFrame, change: CutPositions) -> pl.LazyFrame:
    month = month_index(change.date)
    cut = cut_candidates(plan, change).with_columns(cut_month=pl.lit(month, dtype=pl.Int32))
    return (
        plan.join(cut, on="position_id", how="left")
        .with_columns(end_month=pl.min_horizontal("end_month", pl.coalesce("cut_month", pl.lit(NEVER))))
        .drop("cut_month")
    )


def _by_id(mapping: dict[str, object], dtype: pl.DataType) -> pl.Expr:
    return pl.col("position_id").replace_strict(mapping, default=None, return_dtype=dtype)


def _vacancy_changes(plan: pl.LazyFrame, changes: Sequence[Change], *, as_of_month: int) -> pl.LazyFrame:
    starts = {c.position_id: month_index(c.date) for c in changes if c.kind == "fill_vacancy"}
    starts |= {c.position_id: NEVER for c in changes if c.kind == "freeze_vacancy"}
    if not starts:
        return plan
    new_start = pl.when("is_vacant").then(_by_id(starts, pl.Int32))
    return plan.with_columns(
        start_month=pl.coalesce(new_start, "start_month"), anchor_month=pl.coalesce(new_start, "anchor_month"),
        ct_anchor_month=pl.coalesce(ct_anchor_expr(new_start, as_of_month=as_of_month), "ct_anchor_month"),
        tenure_month=pl.coalesce(new_start, "tenure_month"),
    )


def _promotions(plan: pl.LazyFrame, changes: Sequence[Change]) -> pl.LazyFrame:
    promos = {pid: c for c in changes if c.kind == "promote" for pid in c.position_ids}
    if not promos:
        return plan
    months = {pid: month_index(c.date) for pid, c in promos.items()}
    return plan.with_columns(
        promo_month=_by_id(months, pl.Int32),
        promo_anchor_month=_by_id(months, pl.Int32),
        promo_grade=_by_id({pid: c.grade for pid, c in promos.items()}, pl.String),
        promo_title=_by_id({pid: c.title for pid, c in promos.items()}, pl.String),
    )


def shifted_months(shift: Callable[[str], pl.Expr | int]) -> dict[str, pl.Expr]:
    """Return the event-month columns of a plan (PLANNED_SCHEMA) moved forward by each driver's months, shift(driver).

    A roster position's start moves with the vacancies driver (a fill), an added one's with positions.
    """
    start_shift = pl.when("is_added").then(shift("positions")).otherwise(shift("vacancies"))
    return {
        "start_month": pl.col("start_month") + start_shift,
        "end_month": pl.col("end_month") + shift("positions"),
        "anchor_month": pl.col("anchor_month") + shift("steps"),
        "ct_anchor_month": pl.col("ct_anchor_month") + shift("steps"),
        "tenure_month": pl.col("tenure_month") + shift("turnover"),
        "promo_month": pl.col("promo_month") + shift("promotions"),
        "promo_anchor_month": pl.col("promo_anchor_month") + shift("steps"),
        # Pay tables move with the COLA driver: the stated salary keeps its offset from the same table amount.
        "salary_month": pl.col("salary_month") + shift("cola"),
    }


def position_plan(
    positions: pl.LazyFrame, *, changes: Sequence[Change], as_of_month: int, shifts: Shifts = AS_PLANNED
) -> pl.LazyFrame:
    """One row per position after the changes (PLAN_SCHEMA): roster positions, added ones, cuts, fills, promotions."""
    plan = planned_positions(positions, changes=changes, as_of_month=as_of_month)
    if shifts != AS_PLANNED:
        plan = plan.with_columns(**shifted_months(lambda driver: getattr(shifts, driver)))
    return plan.select(list(PLAN_SCHEMA)).cast(PLAN_SCHEMA)


def planned_positions(positions: pl.LazyFrame, *, changes: Sequence[Change], as_of_month: int) -> pl.LazyFrame:
    """One row per position after the changes, as planned (PLANNED_SCHEMA: PLAN_SCHEMA and is_added)."""
    plan = _vacancy_changes(roster_plan(positions, as_of_month=as_of_month), changes, as_of_month=as_of_month)
    for index, change in enumerate(changes):
        if change.kind == "add_positions":
            plan = pl.concat([plan, _added(plan, change, index=index)], how="vertical_relaxed")
        elif change.kind == "cut_positions":
            plan = _cut(plan, change)
        else:
            continue
        if change.kind == "cut_positions" or change.grade is None:
            # The change read the plan so far twice; without materialising it the query would double with
            # every such change (ten took minutes). Collected, each costs one pass over the plan.
            plan = plan.collect().lazy()
    return _promotions(plan, changes).select(list(PLANNED_SCHEMA)).cast(PLANNED_SCHEMA)


def change_problems(positions: pl.LazyFrame, *, changes: Sequence[Change]) -> pl.LazyFrame:
    """One row per change that names nothing in the roster: change (index in the list), problem."""
    wanted = [
        (i, pid, c.kind != "promote")
        for i, c in enumerate(changes) if c.kind in ("fill_vacancy", "freeze_vacancy", "promote")
        for pid in (c.position_ids if c.kind == "promote" else (c.position_id,))
    ]
    new_titles = [(i, c.title.lower()) for i, c in enumerate(changes) if c.kind == "add_positions" and c.grade is None]
    found: list[pl.LazyFrame] = []  # a check with nothing to look up reads no roster column
    if wanted:
        found.append(_unknown_positions(positions, wanted))
    if new_titles:
        found.append(_unknown_titles(positions, new_titles))
    if not found:
        return pl.LazyFrame(schema={"change": pl.Int64, "problem": pl.String})
    return pl.concat(found).sort("change")


def _unknown_positions(positions: pl.LazyFrame, wanted: list[tuple[int, str, bool]]) -> pl.LazyFrame:
    refs = pl.LazyFrame(wanted, schema={"change": pl.Int64, "position_id": pl.String, "needs_vacancy": pl.Boolean},
                        orient="row")
    found = refs.join(positions.select("position_id", "is_vacant"), on="position_id", how="left")
    return found.filter(pl.col("is_vacant").is_null() | (pl.col("needs_vacancy") & ~pl.col("is_vacant"))).select(
        "change",
        problem=pl.format(
            "position {} is {}", "position_id",
            pl.when(pl.col("is_vacant").is_null()).then(pl.lit("not in the roster")).otherwise(pl.lit("not vacant")),
        ),
    )


def _unknown_titles(positions: pl.LazyFrame, new_titles: list[tuple[int, str]]) -> pl.LazyFrame:
    known = positions.select(key=pl.col("title").str.to_lowercase()).unique()
    return (
        pl.LazyFrame(new_titles, schema={"change": pl.Int64, "key": pl.String}, orient="row")
        .join(known, on="key", how="anti")
        .select("change", problem=pl.format("title '{}' is not in the roster: give its grade", "key"))
    )
