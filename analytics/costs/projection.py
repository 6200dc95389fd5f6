"""Staffing-cost projection: expected cost of a position plan per month, computed per cohort.

Rules (DESIGN.md "Staffing cost"); months are integer indices, year * 12 + month - 1:
- Every dated event (step, COLA, fill, new position, cut, promotion) takes effect on the first of
  the month containing its date, for the whole month. A pay-table version prices the months whose
  first day it is in effect on: from the first month starting on or after its date
  (rates.effective_month_expr; 2024-03-28 -> April 2024), an undated version before the first dated one.
- Monthly cost = annual rate / 12 x FTE x (1 + fringe rate) x (1 - vacancy factor), where the
  annual rate is the step's amount in the table version in effect that month (rates.table_amounts)
  times every COLA factor (1 + pct) whose month has come (so several COLAs compound).
- A stated salary (plan `annual_salary`, a filled roster position's) is the rate in `salary_month`
  (the roster's as-of month): the position keeps its offset from its step's table amount in that
  month, so rate(m) = (table amount of its step in m + annual_salary - table amount of its step in
  salary_month) x COLA factor(m). Steps and table versions move it by the table's differences; a
  blank salary is the table amount (offset 0). The offset ends at a promotion (paid on the new
  grade's table from then) and a replacement after attrition is paid the hiring rate.
- A position is costed in the months [start_month, end_month) of the scenario window.
- Steps: a position enters `step` in `anchor_month` and moves on after the step's
  `months_to_next` (durations from the latest step-table version paying each step); null at the top.
  On a Connecticut scale (engine "ct") the clock starts at `ct_anchor_month` instead, so that steps move
  each 1 January by the hire half-year (connecticut.ct_anchor_expr, analytics.pay.progression).
- Promotion at `promo_month`: from the table amount held (a stated salary's offset ends there), by the
  Pay page's rule (analytics.pay.promotion, promotions.promoted_steps); the step clock restarts at
  `promo_anchor_month`, except on a Connecticut scale, which keeps its 1 January date
  (connecticut.ct_anchors). A New York salary may sit between steps: the cohort is priced on the step at
  or above it plus the salary's offset below that step, which is, month by month, the salary
  analytics.pay.progression pays on the month's first day (promotions.nys_promoted_salaries: advances
  capped at the job rate, a table version keeping the salary's share of its step), so the projection
  pays that salary exactly.
- Lump sums (connecticut.lump_sum_months, when the lump_sum_table rows are given): each 1 January
  increment date a Connecticut position reaches at its top step pays the grade's LUMP_SUM in that month
  instead of an increment, with FTE, fringe, vacancy factor and attrition as salary, without COLA.
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

from analytics.costs.connecticut import ct_anchors, lump_sum_amounts, lump_sum_months
from analytics.costs.promotions import nys_promoted_salaries, promoted_steps
from analytics.costs.rates import (
    MONEY,
    CostRules,
    lookup_key,
    rate_table,
    scales,
    step_paths,
    table_amounts,
    with_scale,
)
from analytics.pay.promotion import CT_ENGINE

CENTS = pl.Decimal(38, 2)
NEVER = 9_999_999  # a month that never comes: frozen vacancies, positions never cut
ALWAYS = -9_999_999  # a month long past: positions filled before anyone remembers
FTE_SCALE = 10_000  # FTE is summed in ten-thousandths so that the sum is exact
REPORT_DIMS = ("unit", "title", "grade")
PROMOTED_SCHEMA = {"cohort_id": pl.UInt32, "promo_step": pl.Int32, "step_held": pl.Int32, "is_nys": pl.Boolean}

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


def month_date_expr(column: str) -> pl.Expr:
    """Return the first day of the month of a month-index column."""
    return pl.date(pl.col(column) // 12, pl.col(column) % 12 + 1, 1)


def fiscal_year_expr(column: str, *, fy_start_month: int) -> pl.Expr:
    """Return the fiscal year (named by the calendar year it ends in) of a month-index column."""
    shift = 1 if fy_start_month > 1 else 0
    return ((pl.col(column) - (fy_start_month - 1)) // 12 + shift).cast(pl.Int32)


def cohorts(plan: pl.LazyFrame, scale: pl.LazyFrame, *, rules: CostRules, by: Sequence[str]) -> pl.LazyFrame:
    """One row per priced cohort (same rule inputs and report dims): cohort_id, keys, scale ids, FTE units.

    fte_units sums FTE in ten-thousandths; salary_units sums FTE units x stated salary (Decimal) and
    salaried_units the FTE units of the positions with a stated salary. is_ct and promo_is_ct say the scale
    (the promotion's) is a Connecticut one; anchor_month and promo_anchor_month are then its 1 January
    anchors (connecticut.ct_anchors).
    """
    # Without a Connecticut scale the CT anchor is never read: leaving it out of the keys saves time.
    has_ct = not scale.filter(pl.col("engine") == CT_ENGINE).select("scale_id").head(1).collect().is_empty()
    keys = [
        *[d for d in ("unit", "title") if d in by],
        "schedule_id", "grade", "step", "start_month", "end_month", "anchor_month",
        *(["ct_anchor_month"] if has_ct else []), "salary_month",
        *(["tenure_month"] if rules.attrition_rate > 0 else []),
        "promo_month", "promo_anchor_month", "promo_grade",
        *(["promo_title"] if "title" in by else []),
    ]
    # Months before the window are all alike: clipping them first keeps cohorts few.
    clipped = plan.with_columns(
        pl.col("start_month").clip(lower_bound=rules.first_month),
        pl.col("end_month").clip(upper_bound=rules.last_month + 1),
    )
    # Row-wise products first, then plain sums: an expression inside the aggregation takes twice as long.
    stated = pl.col("annual_salary").cast(MONEY)  # cast as table amounts are, so an equal salary has offset 0
    grouped = (
        clipped.with_columns(_units=(pl.col("fte") * FTE_SCALE).round().cast(pl.Int64))
        .with_columns(_salary=pl.col("_units") * stated, _salaried=pl.col("_units") * stated.is_not_null())
        .group_by(keys)
        .agg(fte_units=pl.col("_units").sum(), salary_units=pl.col("_salary").sum(),
             salaried_units=pl.col("_salaried").sum())
    )
    if rules.attrition_rate <= 0:
        grouped = grouped.with_columns(tenure_month=pl.col("start_month"))
    if not has_ct:
        grouped = grouped.with_columns(ct_anchor_month=pl.col("anchor_month"))
    return (
        with_scale(grouped, scale, grade="grade")
        .filter(pl.col("scale_id").is_not_null())
        .pipe(with_scale, scale, grade="promo_grade", prefix="promo_")
        .pipe(ct_anchors, scale)
        .with_row_index("cohort_id")
    )


def segments(cohort: pl.LazyFrame, promoted: pl.LazyFrame, *, by: Sequence[str]) -> pl.LazyFrame:
    """One row per cohort segment (before and after a promotion): months [lo, hi), scale, step0, anchor, is_ct.

    lump_hi ends the months whose Connecticut lump sums the segment pays: a promotion month is still the
    old grade's increment date (the increment due on a promotion day is processed first).
    """
    dims = [d for d in ("unit", "title") if d in by]
    common = ["cohort_id", *dims, "fte_units", "tenure_month"]
    promo = pl.coalesce("promo_month", pl.lit(NEVER))
    before = cohort.select(
        *common, "grade", "scale_id", "top_k", "offset_units", "is_ct", step0="step", anchor="anchor_month",
        lo="start_month", hi=pl.min_horizontal("end_month", promo),
        lump_hi=pl.min_horizontal("end_month", pl.coalesce(pl.col("promo_month") + 1, pl.lit(NEVER))),
        is_after=pl.lit(False),
    )
    promoted_rows = cohort.join(promoted, on="cohort_id")
    if "title" in by:
        promoted_rows = promoted_rows.with_columns(title=pl.coalesce("promo_title", "title"))
    after = promoted_rows.select(
        *common, grade="promo_grade", scale_id="promo_scale_id", top_k="promo_top_k",
        offset_units=pl.lit(0, dtype=MONEY), is_ct="promo_is_ct", step0="promo_step",
        anchor="promo_anchor_month", lo=pl.max_horizontal("promo_month", "start_month"), hi="end_month",
        lump_hi="end_month", is_after=pl.lit(True),
    )
    return pl.concat([before, after], how="vertical_relaxed")


def salary_offsets(cohort: pl.LazyFrame, steps: pl.LazyFrame, scale: pl.LazyFrame) -> pl.LazyFrame:
    """Add offset_units to each cohort: FTE units x (stated salary - its step's table amount in salary_month).

    Summed over the cohort's positions with a stated salary (module docstring); 0 when none has one.
    """
    points = cohort.filter(pl.col("salaried_units") > 0).select(
        "cohort_id", "scale_id", "step", "salary_units", "salaried_units", month="salary_month"
    )
    offsets = table_amounts(points, steps, scale).select(
        "cohort_id",
        offset_units=pl.col("salary_units") - pl.col("salaried_units").cast(MONEY) * pl.col("base_amount"),
    )
    return cohort.join(offsets, on="cohort_id", how="left").with_columns(
        pl.col("offset_units").fill_null(0).cast(MONEY)
    )


def _stay(*, rules: CostRules) -> pl.Expr | None:
    """Return S(t), the probability that the incumbent still holds the post in the month; None without attrition."""
    if rules.attrition_rate <= 0:
        return None
    log_q = math.log(1 - rules.attrition_rate) / 12
    t = (pl.col("month") - pl.col("tenure_month")).cast(pl.Float64)
    return (t.clip(lower_bound=0) * log_q).exp()


def _expected_rate(*, rules: CostRules) -> pl.Expr:
    """Return the expected annual table rate of one FTE in the month, after attrition (module docstring)."""
    stay = _stay(rules=rules)
    if stay is None:
        return pl.col("amount")
    log_q = math.log(1 - rules.attrition_rate) / 12
    gone_for = (pl.col("month") - pl.col("tenure_month")).cast(pl.Float64) - rules.backfill_months
    replaced = pl.when(gone_for >= 0).then(1 - (gone_for * log_q).exp()).otherwise(0.0)
    return stay.cast(MONEY) * pl.col("amount") + replaced.cast(MONEY) * pl.col("hire_amount")


def _expected_offset(*, rules: CostRules) -> pl.Expr:
    """Return the expected stated-salary offset of the segment in the month: offset x COLA, the incumbent's only."""
    offset = pl.col("offset_weight") * pl.col("cola_factor")
    stay = _stay(rules=rules)
    return offset if stay is None else stay.cast(MONEY) * offset


def _segment_months(segs: pl.LazyFrame, paths: pl.LazyFrame, rates: pl.LazyFrame, *, rules: CostRules,
                    columns: Sequence[str]) -> pl.LazyFrame:
    """One row per (segment, month of the window it covers): its columns, step, and `columns` of its rate."""
    lo = pl.max_horizontal("lo", pl.lit(rules.first_month))
    hi = pl.min_horizontal("hi", pl.lit(rules.last_month + 1))
    path_key = lookup_key("scale_id", "step0", pl.col("k"))
    rate_key = lookup_key("scale_id", "step", pl.col("month") - rules.first_month)
    return (
        segs.filter(lo < hi)
        .with_columns(month=pl.int_ranges(lo, hi, dtype=pl.Int32))
        .explode("month")
        .with_columns(k=(pl.col("month") - pl.col("anchor")).clip(0, pl.col("top_k")))
        .with_columns(key=path_key)
        .join(paths.select(key=path_key, step="step"), on="key")
        .with_columns(key=rate_key)
        .join(rates.select(*columns, key=rate_key), on="key")
    )


def _incumbent(cost: pl.Expr, *, rules: CostRules) -> pl.Expr:
    """Return a cost only the incumbent is paid (not a replacement after attrition), as expected in the month."""
    stay = _stay(rules=rules)
    return (cost if stay is None else stay.cast(MONEY) * cost).cast(MONEY)


def cohort_month_costs(plan: pl.LazyFrame, steps: pl.LazyFrame, *, rules: CostRules, by: Sequence[str],
                       lump_sums: pl.LazyFrame | None = None) -> pl.LazyFrame:
    """One row per (cohort segment, month) and per extra payment: month (index), the by dims, cost_x12 (Decimal).

    cost_x12 is the annual-basis cost. Extra rows carry a New York promoted salary's offset below the step
    priced (promotions.nys_promoted_salaries) and Connecticut lump sums (lump_sums, the lump_sum_table rows).
    """
    # The lookup and cohort tables are small and each is read several times: materialising them
    # once (no I/O) halves the time of a whole projection against re-planning them lazily.
    scale_rows = scales(steps).collect()
    scale = scale_rows.lazy()
    lookups = pl.collect_all([step_paths(steps, scale), rate_table(steps, scale, rules=rules)])
    paths, rates = (frame.lazy() for frame in lookups)
    cohort_rows = salary_offsets(cohorts(plan, scale, rules=rules, by=by), steps, scale).collect()
    cohort = cohort_rows.lazy()
    cost = pl.col("weight") * _expected_rate(rules=rules)
    # With every stated salary on its table amount (or none stated) the offset term is zero: leaving it out
    # saves about a tenth of the projection's time.
    if (cohort_rows["offset_units"] != 0).any():
        cost = cost + _expected_offset(rules=rules)
    promoted = pl.DataFrame(schema=PROMOTED_SCHEMA)
    if cohort_rows["promo_scale_id"].is_not_null().any():
        promoted = promoted_steps(cohort, paths, rates, scale, rules=rules).collect().cast(PROMOTED_SCHEMA)
    factor = pl.lit((1 + rules.fringe_rate) * (1 - rules.vacancy_factor) / FTE_SCALE, dtype=MONEY)
    segs = segments(cohort, promoted.lazy(), by=by).with_columns(
        weight=pl.col("fte_units").cast(MONEY) * factor, offset_weight=pl.col("offset_units") * factor,
    )
    months = _segment_months(segs, paths, rates, rules=rules, columns=("amount", "hire_amount", "cola_factor"))
    parts = [months.select("month", *by, cost_x12=cost.cast(MONEY))]
    if promoted["is_nys"].any():
        salaries = nys_promoted_salaries(cohort_rows, promoted, steps, scale_rows, rules=rules)
        parts.append(_nys_offset_costs(segs, salaries, paths, rates, rules=rules, by=by))
    if lump_sums is not None and (cohort_rows["is_ct"].any() or cohort_rows["promo_is_ct"].any()):
        lumps = lump_sum_months(segs, paths, lump_sum_amounts(lump_sums, scale), scale, rules=rules)
        lump = pl.col("weight") * pl.col("lump") * pl.lit(12, dtype=MONEY)
        parts.append(lumps.select("month", *by, cost_x12=_incumbent(lump, rules=rules)))
    return pl.concat(parts)


def _nys_offset_costs(segs: pl.LazyFrame, salaries: pl.LazyFrame, paths: pl.LazyFrame, rates: pl.LazyFrame, *,
                      rules: CostRules, by: Sequence[str]) -> pl.LazyFrame:
    """One row per (New York promoted segment, month): month, by dims, cost_x12 of the salary less the step priced."""
    offset = pl.col("weight") * (pl.col("salary") - pl.col("base_amount")) * pl.col("cola_factor")
    return (
        _segment_months(segs.filter("is_after"), paths, rates, rules=rules, columns=("base_amount", "cola_factor"))
        .join(salaries, on=["cohort_id", "month"])
        .select("month", *by, cost_x12=_incumbent(offset, rules=rules))
    )


def _report(frame: pl.LazyFrame, keys: Sequence[str]) -> pl.LazyFrame:
    cost = (pl.col("cost_x12").sum() / 12).round(2, mode="half_away_from_zero").cast(CENTS)
    return frame.group_by(keys).agg(cost=cost).sort(keys)


def staffing_cost_by_month(
    plan: pl.LazyFrame, steps: pl.LazyFrame, *, rules: CostRules, by: Sequence[str] = (),
    lump_sums: pl.LazyFrame | None = None,
) -> pl.LazyFrame:
    """One row per (month, *by): month (Date, first of month), the by dims, cost (Decimal cents).

    lump_sums: analytics.pay.steps.lump_sum_table rows, the Connecticut top-step lump sums (none if omitted).
    """
    monthly = cohort_month_costs(plan, steps, rules=rules, by=by, lump_sums=lump_sums)
    return _report(monthly, ["month", *by]).with_columns(month=month_date_expr("month"))


def staffing_cost_by_fiscal_year(
    plan: pl.LazyFrame, steps: pl.LazyFrame, *, rules: CostRules, fy_start_month: int, by: Sequence[str] = (),
    lump_sums: pl.LazyFrame | None = None,
) -> pl.LazyFrame:
    """One row per (fiscal_year, *by): fiscal_year (i32, named by the year it ends in), the by dims, cost."""
    monthly = cohort_month_costs(plan, steps, rules=rules, by=by, lump_sums=lump_sums)
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
