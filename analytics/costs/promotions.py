"""Promotions in the staffing-cost projection: the step a promotion lands on and New York's salary between steps.

The rule is the Pay page's (analytics.pay.promotion). GS, Connecticut and the "pct" rule land on a step, which
the cohort engine prices as it prices every step. New York's s.131(2) salary may sit between two steps: the
cohort engine prices the step at or above it (promoted_steps), and nys_promoted_salaries gives, month by
month, the salary analytics.pay.progression itself pays (its promoted() and progress(), run once per distinct
promotion), so that the projection adds the salary's offset below that step and pays the pay side's salary exactly.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal

import polars as pl

from analytics.costs.rates import MONEY, CostRules
from analytics.costs.states import CostState
from analytics.pay.progression import PayRules, Position, grade_tables, progress, promoted
from analytics.pay.promotion import (
    NYS_ENGINE,
    is_at_least_floor_expr,
    promotion_engine_expr,
    promotion_floor_expr,
)

NYS_SALARY_SCHEMA = {"cohort_id": pl.UInt32, "month": pl.Int32, "salary": MONEY}


def promoted_steps(
    cohort: pl.LazyFrame, paths: pl.LazyFrame, rates: pl.LazyFrame, scale: pl.LazyFrame, *, promotion_pct: float
) -> pl.LazyFrame:
    """One row per promoted cohort: cohort_id, promo_step (the step priced), step_held, is_nys (New York's rule).

    The floor is the Pay page's (analytics.pay.promotion: GS two steps, New York s.131(2)(a) by grades moved,
    Connecticut one increment of the new grade, else promotion_pct); the promotion lands on the lowest
    step of the new grade paying at least it, else the top step. New York pays the floor itself, which may
    sit between steps: promo_step is then the step at or above it, and nys_promoted_salaries the exact salary.
    Amounts are those in effect in the promotion month (clamped to the state's window, first_month to last_month),
    before COLA, in the state's rate table (rates_id: rates.rate_tables rows); step_held is the step held in the
    promotion month (a step due that month is taken first, 5 CFR 531.214(c)).
    """
    engines = scale.select("scale_id", engine=promotion_engine_expr(pl.col("engine"), pl.col("schedule_id")))
    first_steps = rates.filter(pl.col("step") <= 2).group_by("rates_id", "scale_id", "month").agg(
        increase=pl.col("base_amount").sort_by("step").diff().drop_nulls().first().fill_null(0)
    )
    promo_first_steps = first_steps.select("rates_id", promo_scale_id="scale_id", promo_at="month",
                                           promo_increase="increase")
    table = ["rates_id", "scale_id"]
    held = (
        cohort.filter(pl.col("promo_scale_id").is_not_null())
        .with_columns(
            k=(pl.col("promo_month") - pl.col("anchor_month")).clip(0, pl.col("top_k")),
            at=pl.col("promo_month").clip(pl.col("first_month"), pl.col("last_month")),
        )
        .join(paths, left_on=["scale_id", "step", "k"], right_on=["scale_id", "step0", "k"], suffix="_held")
        .join(rates, left_on=[*table, "step_held", "at"], right_on=[*table, "step", "month"])
        .join(first_steps, left_on=[*table, "at"], right_on=[*table, "month"], how="left")
        .join(promo_first_steps, left_on=["rates_id", "promo_scale_id", "at"],
              right_on=["rates_id", "promo_scale_id", "promo_at"], how="left")
        .join(engines, on="scale_id", how="left")
        .join(engines.rename({"scale_id": "promo_scale_id", "engine": "promo_engine"}), on="promo_scale_id", how="left")
        .select(
            "cohort_id", "rates_id", "promo_scale_id", "at", "step_held",
            is_nys=(pl.col("engine") == NYS_ENGINE) & (pl.col("promo_engine") == NYS_ENGINE),
            floor=promotion_floor_expr(pl.col("base_amount"), old_engine=pl.col("engine"),
                                       new_engine=pl.col("promo_engine"), old_increase=pl.col("increase").fill_null(0),
                                       pct=promotion_pct, old_grade=pl.col("grade"),
                                       new_grade=pl.col("promo_grade"),
                                       new_increase=pl.col("promo_increase").fill_null(0)),
        )
    )
    offers = held.join(rates, left_on=["rates_id", "promo_scale_id", "at"], right_on=["rates_id", "scale_id", "month"])
    lowest = (
        offers.filter(is_at_least_floor_expr(pl.col("base_amount"), pl.col("floor")))
        .group_by("cohort_id").agg(low=pl.col("step").min())
    )
    top = held.join(scale, left_on="promo_scale_id", right_on="scale_id").select(
        "cohort_id", "step_held", "is_nys", "top_step"
    )
    return top.join(lowest, on="cohort_id", how="left").select(
        "cohort_id", promo_step=pl.coalesce("low", "top_step").cast(pl.Int32), step_held=pl.col("step_held"),
        is_nys="is_nys",
    )


def month_date(month: int) -> dt.date:
    """Return the first day of a month index (year * 12 + month - 1)."""
    return dt.date(month // 12, month % 12 + 1, 1)


def nys_promoted_salaries(cohort: pl.DataFrame, promoted_rows: pl.DataFrame, steps: pl.LazyFrame,
                          scale: pl.DataFrame, *, rules: CostRules) -> pl.LazyFrame:
    """One row per (New York promoted cohort, month priced after its promotion): cohort_id, month, salary.

    salary (Decimal, annual, before COLA) is what analytics.pay.progression pays on the month's first day to
    someone promoted on the first of promo_month from the table amount of step_held: the s.131(2) salary,
    kept between steps, then moved by the increments and pay-table versions the pay side applies (a version
    keeps the salary's share of the way to the next step; an advance is capped at the job rate). The pay
    side runs once per distinct promotion (grades, step held, month), however many cohorts share it.
    """
    wanted = (
        cohort.join(promoted_rows.filter("is_nys"), on="cohort_id")
        .join(scale.select("scale_id", old_schedule="schedule_id", old_grade="grade"), on="scale_id")
        .join(scale.select(promo_scale_id="scale_id", new_schedule="schedule_id", new_grade="grade"),
              on="promo_scale_id")
        .with_columns(lo=pl.max_horizontal("promo_month", "start_month", pl.lit(rules.first_month)),
                      hi=pl.min_horizontal("end_month", pl.lit(rules.last_month + 1)))
        .filter(pl.col("lo") < pl.col("hi"))
    )
    if wanted.is_empty():
        return pl.LazyFrame(schema=NYS_SALARY_SCHEMA)
    keys = ["old_schedule", "old_grade", "new_schedule", "new_grade", "step_held", "promo_month"]
    walks = wanted.group_by(keys).agg(pl.col("lo").min(), pl.col("hi").max()).with_row_index("walk_id")
    grades = pl.concat([walks.select(schedule_id="old_schedule", grade="old_grade"),
                        walks.select(schedule_id="new_schedule", grade="new_grade")]).unique()
    pay = PayRules(grade_tables(steps.join(grades.lazy(), on=["schedule_id", "grade"]).collect()),
                   promotion_pct=rules.promotion_pct)
    rows = [row for walk in walks.iter_rows(named=True) for row in _walk(walk, pay)]
    salaries = pl.LazyFrame(rows, schema={"walk_id": pl.UInt32, "month": pl.Int32, "salary": MONEY}, orient="row")
    return (
        wanted.lazy().join(walks.lazy().select(*keys, "walk_id"), on=keys)
        .select("cohort_id", "walk_id", month=pl.int_ranges("lo", "hi", dtype=pl.Int32))
        .explode("month")
        .join(salaries, on=["walk_id", "month"])
        .select(list(NYS_SALARY_SCHEMA))
    )


def _walk(walk: dict, pay: PayRules) -> list[tuple[int, int, Decimal]]:
    """(walk_id, month, salary) for the months [lo, hi) of one promotion, from the pay side's positions."""
    day = month_date(walk["promo_month"])
    old = pay.version(walk["old_schedule"], walk["old_grade"], day)
    held = Position(day, old, old.amounts[min(walk["step_held"], len(old.amounts)) - 1], None)
    start = promoted(held, pay.version(walk["new_schedule"], walk["new_grade"], day), pay, on=day, hired=day)
    changes, _ = progress(start, pay, until=month_date(walk["hi"] - 1), hired=day)
    positions, rows, i = [start, *changes], [], 0
    for month in range(walk["lo"], walk["hi"]):
        first_day = month_date(month)
        while i + 1 < len(positions) and positions[i + 1].since <= first_day:
            i += 1
        rows.append((walk["walk_id"], month, Decimal(f"{positions[i].base:.2f}")))
    return rows


def promotion_pct(states: Sequence[CostState]) -> float:
    """Return the promotion rule's increase of states costed together (they share one)."""
    pcts = {s.rules.promotion_pct for s in states}
    if len(pcts) > 1:
        raise ValueError("states costed together share one promotion rule (promotion_pct)")
    return pcts.pop()


def state_nys_salaries(cohort_rows: pl.DataFrame, promoted: pl.DataFrame, steps: pl.LazyFrame,
                       scale_rows: pl.DataFrame, *, states: Sequence[CostState]) -> pl.LazyFrame:
    """nys_promoted_salaries rows of every state with a New York promotion, each on its pay tables as moved.

    cohort_rows: state cohorts (cohorts.state_cohorts); the pay side reads the tables shifts.cola months later.
    """
    nys = cohort_rows.join(promoted.filter("is_nys").select("cohort_id"), on="cohort_id")
    parts = []
    for state in nys["state"].unique().sort().to_list():
        lag = states[state].shifts.cola
        tables = steps.with_columns(pl.col("effective_date").dt.offset_by(f"{lag}mo")) if lag else steps
        parts.append(nys_promoted_salaries(cohort_rows.filter(pl.col("state") == state), promoted, tables,
                                           scale_rows, rules=states[state].rules))
    return pl.concat(parts)
