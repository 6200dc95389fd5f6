"""Staffing-cost projection: expected cost of a position plan per month, computed per cohort.

Rules (DESIGN.md "Staffing cost"); months are integer indices, year * 12 + month - 1:
- Every dated event (step, COLA, pay table version, fill, new position, cut, promotion) takes
  effect on the first of the month containing its date, for the whole month.
- Monthly cost = annual rate / 12 x FTE x (1 + fringe rate) x (1 - vacancy factor), where the
  annual rate is the step table's amount in effect that month times every COLA factor
  (1 + pct) whose month has come (so several COLAs compound).
- A position is costed in the months [start_month, end_month) of the scenario window.
- Steps: a position enters `step` in `anchor_month` and moves on after the step's
  `months_to_next` (durations from the latest step-table version of its grade); null at the top.
- Promotion at `promo_month`: to the lowest step of `promo_grade` whose amount is at least the
  amount held (the top step when none is); the step clock restarts at `promo_anchor_month`.
- Attrition (expected value, first generation): with monthly survival q = (1 - a) ** (1 / 12) and
  t = months since `tenure_month`, the incumbent is paid with probability S(t) = q ** t and a
  replacement at the hiring rate (step 1, no further steps) with probability 1 - S(t - b) once
  t >= b, b being the backfill time; in between the post is vacant and costs nothing:
  expected cost = S(t) x rate + (1 - S(t - b)) x hiring rate.
Positions are grouped first into cohorts that share every rule input (and the report dims), so the
work grows with cohorts x months, not positions x months. Amounts are Decimal(38, 12): the
annual-basis cost (x 12) is summed exactly and divided by 12 and rounded to cents (half away from
zero) only in the reporting frames.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import polars as pl

from analytics.costs.rates import MONEY, CostRules, lookup_key, rate_table, scales, step_paths, with_scale
from analytics.pay.promotion import is_at_least_floor_expr, promotion_floor_expr

CENTS = pl.Decimal(38, 2)
NEVER = 9_999_999  # a month that never comes: frozen vacancies, positions never cut
ALWAYS = -9_999_999  # a month long past: positions filled before anyone remembers
FTE_SCALE = 10_000  # FTE is summed in ten-thousandths so that the sum is exact
REPORT_DIMS = ("unit", "title", "grade")

PLAN_SCHEMA = {
    "position_id": pl.String,
    "unit": pl.String,
    "title": pl.String,
    "schedule_id": pl.String,  # null: the only schedule with this grade
    "grade": pl.String,
    "step": pl.Int32,
    "fte": pl.Float64,
    "start_month": pl.Int32,
    "end_month": pl.Int32,
    "anchor_month": pl.Int32,
    "tenure_month": pl.Int32,
    "promo_month": pl.Int32,
    "promo_anchor_month": pl.Int32,
    "promo_grade": pl.String,
    "promo_title": pl.String,
}


def month_date_expr(column: str) -> pl.Expr:
    """Return the first day of the month of a month-index column."""
    return pl.date(pl.col(column) // 12, pl.col(column) % 12 + 1, 1)


def fiscal_year_expr(column: str, *, fy_start_month: int) -> pl.Expr:
    """Return the fiscal year (named by the calendar year it ends in) of a month-index column."""
    shift = 1 if fy_start_month > 1 else 0
    return ((pl.col(column) - (fy_start_month - 1)) // 12 + shift).cast(pl.Int32)


def cohorts(plan: pl.LazyFrame, scale: pl.LazyFrame, *, rules: CostRules, by: Sequence[str]) -> pl.LazyFrame:
    """One row per priced cohort (same rule inputs and report dims): cohort_id, keys, scale ids, fte_units."""
    keys = [
        *[d for d in ("unit", "title") if d in by],
        "schedule_id", "grade", "step", "start_month", "end_month", "anchor_month",
        *(["tenure_month"] if rules.attrition_rate > 0 else []),
        "promo_month", "promo_anchor_month", "promo_grade",
        *(["promo_title"] if "title" in by else []),
    ]
    # Months before the window are all alike: clipping them first keeps cohorts few.
    clipped = plan.with_columns(
        pl.col("start_month").clip(lower_bound=rules.first_month),
        pl.col("end_month").clip(upper_bound=rules.last_month + 1),
    )
    grouped = clipped.group_by(keys).agg(fte_units=(pl.col("fte") * FTE_SCALE).round().cast(pl.Int64).sum())
    if rules.attrition_rate <= 0:
        grouped = grouped.with_columns(tenure_month=pl.col("start_month"))
    return (
        with_scale(grouped, scale, grade="grade")
        .filter(pl.col("scale_id").is_not_null())
        .pipe(with_scale, scale, grade="promo_grade", prefix="promo_")
        .with_row_index("cohort_id")
    )


def promoted_steps(
    cohort: pl.LazyFrame, paths: pl.LazyFrame, rates: pl.LazyFrame, scale: pl.LazyFrame, *, rules: CostRules
) -> pl.LazyFrame:
    """One row per promoted cohort: cohort_id, promo_step, the step the promotion lands on.

    The rule is the Pay page's (analytics.pay.promotion): the lowest step of the new grade paying at least
    the promotion floor, else the top step. Amounts are those in effect in the promotion month (clamped to
    the window), before COLA.
    """
    engines = scale.select("scale_id", "engine")
    first_steps = rates.filter(pl.col("step") <= 2).group_by("scale_id", "month").agg(
        increase=pl.col("base_amount").sort_by("step").diff().drop_nulls().first().fill_null(0)
    )
    held = (
        cohort.filter(pl.col("promo_scale_id").is_not_null())
        .with_columns(
            k=(pl.col("promo_month") - pl.col("anchor_month")).clip(0, pl.col("top_k")),
            at=pl.col("promo_month").clip(rules.first_month, rules.last_month),
        )
        .join(paths, left_on=["scale_id", "step", "k"], right_on=["scale_id", "step0", "k"], suffix="_held")
        .join(rates, left_on=["scale_id", "step_held", "at"], right_on=["scale_id", "step", "month"])
        .join(first_steps, left_on=["scale_id", "at"], right_on=["scale_id", "month"], how="left")
        .join(engines, on="scale_id", how="left")
        .join(engines.rename({"scale_id": "promo_scale_id", "engine": "promo_engine"}), on="promo_scale_id", how="left")
        .select(
            "cohort_id", "promo_scale_id", "at",
            floor=promotion_floor_expr(pl.col("base_amount"), old_engine=pl.col("engine"),
                                       new_engine=pl.col("promo_engine"), old_increase=pl.col("increase").fill_null(0),
                                       pct=rules.promotion_pct),
        )
    )
    offers = held.join(rates, left_on=["promo_scale_id", "at"], right_on=["scale_id", "month"])
    lowest = (
        offers.filter(is_at_least_floor_expr(pl.col("base_amount"), pl.col("floor")))
        .group_by("cohort_id").agg(low=pl.col("step").min())
    )
    top = held.join(scale, left_on="promo_scale_id", right_on="scale_id").select("cohort_id", "top_step")
    return top.join(lowest, on="cohort_id", how="left").select(
        "cohort_id", promo_step=pl.coalesce("low", "top_step").cast(pl.Int32)
    )


def segments(cohort: pl.LazyFrame, promoted: pl.LazyFrame, *, by: Sequence[str]) -> pl.LazyFrame:
    """One row per cohort segment (before and after a promotion): months [lo, hi), scale, step0, anchor."""
    dims = [d for d in ("unit", "title") if d in by]
    common = [*dims, "fte_units", "tenure_month"]
    before = cohort.select(
        *common, "grade", "scale_id", "top_k", step0="step", anchor="anchor_month", lo="start_month",
        hi=pl.min_horizontal("end_month", pl.coalesce("promo_month", pl.lit(NEVER))),
    )
    promoted_rows = cohort.join(promoted, on="cohort_id")
    if "title" in by:
        promoted_rows = promoted_rows.with_columns(title=pl.coalesce("promo_title", "title"))
    after = promoted_rows.select(
        *common, grade="promo_grade", scale_id="promo_scale_id", top_k="promo_top_k", step0="promo_step",
        anchor="promo_anchor_month", lo=pl.max_horizontal("promo_month", "start_month"), hi="end_month",
    )
    return pl.concat([before, after], how="vertical_relaxed")


def _expected_rate(*, rules: CostRules) -> pl.Expr:
    """Return the expected annual rate of one FTE in the month, after attrition (module docstring)."""
    if rules.attrition_rate <= 0:
        return pl.col("amount")
    log_q = math.log(1 - rules.attrition_rate) / 12
    t = (pl.col("month") - pl.col("tenure_month")).cast(pl.Float64)
    stay = (t.clip(lower_bound=0) * log_q).exp()
    gone_for = t - rules.backfill_months
    replaced = pl.when(gone_for >= 0).then(1 - (gone_for * log_q).exp()).otherwise(0.0)
    return stay.cast(MONEY) * pl.col("amount") + replaced.cast(MONEY) * pl.col("hire_amount")


def cohort_month_costs(plan: pl.LazyFrame, steps: pl.LazyFrame, *, rules: CostRules, by: Sequence[str]) -> pl.LazyFrame:
    """One row per (cohort segment, month): month (index), the by dims, cost_x12 (annual-basis cost, Decimal)."""
    # The lookup and cohort tables are small and each is read several times: materialising them
    # once (no I/O) halves the time of a whole projection against re-planning them lazily.
    scale = scales(steps).collect().lazy()
    lookups = pl.collect_all([step_paths(steps, scale), rate_table(steps, scale, rules=rules)])
    paths, rates = (frame.lazy() for frame in lookups)
    cohort = cohorts(plan, scale, rules=rules, by=by).collect().lazy()
    promoted = promoted_steps(cohort, paths, rates, scale, rules=rules)
    scale = (1 + rules.fringe_rate) * (1 - rules.vacancy_factor) / FTE_SCALE
    lo = pl.max_horizontal("lo", pl.lit(rules.first_month))
    hi = pl.min_horizontal("hi", pl.lit(rules.last_month + 1))
    path_key = lookup_key("scale_id", "step0", pl.col("k"))
    rate_key = lookup_key("scale_id", "step", pl.col("month") - rules.first_month)
    return (
        segments(cohort, promoted, by=by)
        .filter(lo < hi)
        .with_columns(
            month=pl.int_ranges(lo, hi, dtype=pl.Int32),
            weight=pl.col("fte_units").cast(MONEY) * pl.lit(scale, dtype=MONEY),
        )
        .explode("month")
        .with_columns(k=(pl.col("month") - pl.col("anchor")).clip(0, pl.col("top_k")))
        .with_columns(key=path_key)
        .join(paths.select(key=path_key, step="step"), on="key")
        .with_columns(key=rate_key)
        .join(rates.select("amount", "hire_amount", key=rate_key), on="key")
        .select("month", *by, cost_x12=pl.col("weight") * _expected_rate(rules=rules))
    )


def _report(frame: pl.LazyFrame, keys: Sequence[str]) -> pl.LazyFrame:
    cost = (pl.col("cost_x12").sum() / 12).round(2, mode="half_away_from_zero").cast(CENTS)
    return frame.group_by(keys).agg(cost=cost).sort(keys)


def staffing_cost_by_month(
    plan: pl.LazyFrame, steps: pl.LazyFrame, *, rules: CostRules, by: Sequence[str] = ()
) -> pl.LazyFrame:
    """One row per (month, *by): month (Date, first of month), the by dims, cost (Decimal cents)."""
    monthly = cohort_month_costs(plan, steps, rules=rules, by=by)
    return _report(monthly, ["month", *by]).with_columns(month=month_date_expr("month"))


def staffing_cost_by_fiscal_year(
    plan: pl.LazyFrame, steps: pl.LazyFrame, *, rules: CostRules, fy_start_month: int, by: Sequence[str] = ()
) -> pl.LazyFrame:
    """One row per (fiscal_year, *by): fiscal_year (i32, named by the year it ends in), the by dims, cost."""
    monthly = cohort_month_costs(plan, steps, rules=rules, by=by)
    fiscal = monthly.with_columns(fiscal_year=fiscal_year_expr("month", fy_start_month=fy_start_month))
    return _report(fiscal, ["fiscal_year", *by])


def unpriced_positions(plan: pl.LazyFrame, steps: pl.LazyFrame) -> pl.LazyFrame:
    """One row per position the step table cannot price: position_id, grade, step, problem."""
    scale = scales(steps)
    known_steps = step_paths(steps, scale).select("scale_id", step="step0").unique()
    resolved = with_scale(plan.select("position_id", "schedule_id", "grade", "step", "promo_grade"), scale,
                           grade="grade").pipe(with_scale, scale, grade="promo_grade", prefix="promo_")
    no_scale = resolved.filter(pl.col("scale_id").is_null()).with_columns(problem=pl.lit("no pay scale for grade"))
    no_step = (
        resolved.filter(pl.col("scale_id").is_not_null())
        .join(known_steps, on=["scale_id", "step"], how="anti")
        .with_columns(problem=pl.lit("step not on the grade's scale"))
    )
    no_promotion = resolved.filter(pl.col("promo_grade").is_not_null() & pl.col("promo_scale_id").is_null())
    no_promotion = no_promotion.with_columns(problem=pl.format("no pay scale for promotion grade {}", "promo_grade"))
    columns = ["position_id", "grade", "step", "problem"]
    return pl.concat([f.select(columns) for f in (no_scale, no_step, no_promotion)]).sort("position_id", "problem")
