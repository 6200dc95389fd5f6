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
work grows with cohorts x months, not positions x months (analytics.costs.cohorts). Several projections
of one roster (cost states: a scenario, its baseline, every step of a bridge; analytics.costs.states) are
computed together: each plan is grouped once and every state's rules are columns of one query. Amounts are
Decimal(38, 12): the annual-basis cost (x 12) is summed exactly and divided by 12 and rounded to cents
(half away from zero) only in the reporting frames.
"""

from __future__ import annotations

from collections.abc import Sequence

import polars as pl

from analytics.costs.cohorts import DIM_KEYS, costed_cohorts, plan_cohorts, state_cohorts
from analytics.costs.connecticut import lump_sum_amounts, lump_sum_months
from analytics.costs.plan import ALWAYS, NEVER, PLAN_SCHEMA
from analytics.costs.promotions import promoted_steps, promotion_pct, state_nys_salaries
from analytics.costs.rates import (
    LOOKUP_SPAN,
    MONEY,
    CostRules,
    lookup_key,
    rate_tables,
    scales,
    step_paths,
    with_scale,
)
from analytics.costs.states import (
    FTE_SCALE,
    REPORT_DIMS,
    SMALL,
    CostState,
    plan_window,
    rate_months,
    state_frame,
    unit_rule_frame,
)
from analytics.pay.promotion import CT_ENGINE

__all__ = [
    "ALWAYS", "CENTS", "FTE_SCALE", "NEVER", "PLAN_SCHEMA", "REPORT_DIMS", "CostState", "cohorts", "fiscal_year_expr",
    "month_date_expr", "staffing_cost_by_fiscal_year", "staffing_cost_by_month", "state_costs", "state_month_costs",
    "unpriced_positions",
]

CENTS = pl.Decimal(38, 2)
PROMOTED_SCHEMA = {"cohort_id": pl.UInt32, "promo_step": pl.Int32, "step_held": pl.Int32, "is_nys": pl.Boolean}
OUTPUT = ("state", "month", "unit", "title", "grade")
TABLE_SPAN = 1 << 16  # scale ids per rate table in a rate lookup key


def month_date_expr(column: str) -> pl.Expr:
    """Return the first day of the month of a month-index column."""
    return pl.date(pl.col(column) // 12, pl.col(column) % 12 + 1, 1)


def fiscal_year_expr(column: str, *, fy_start_month: int | pl.Expr) -> pl.Expr:
    """Return the fiscal year (named by the calendar year it ends in) of a month-index column.

    fy_start_month is a month number, or an expression giving one per row.
    """
    shift = (1 if fy_start_month > 1 else 0) if isinstance(fy_start_month, int) else (fy_start_month > 1).cast(pl.Int32)
    return ((pl.col(column) - (fy_start_month - 1)) // 12 + shift).cast(pl.Int32)


def segments(cohort: pl.LazyFrame, promoted: pl.LazyFrame) -> pl.LazyFrame:
    """One row per cohort segment (before and after a promotion): months [lo, hi), scale, step0, anchor, is_ct.

    With each cohort's state, dim_id (report_keys) and state columns. lump_hi ends the months whose Connecticut
    lump sums the segment pays: a promotion month is still the old grade's increment date (the increment due on
    a promotion day is processed first).
    """
    common = ["cohort_id", "state", "fte_units", "tenure_month", "first_month", "last_month", "rates_id",
              "table_lag", "factor", "log_q", "backfill_months", "has_attrition"]
    promo = pl.coalesce("promo_month", pl.lit(NEVER))
    before = cohort.select(
        *common, "dim_id", "scale_id", "top_k", "offset_units", "is_ct", step0="step", anchor="anchor_month",
        lo="start_month", hi=pl.min_horizontal("end_month", promo),
        lump_hi=pl.min_horizontal("end_month", pl.coalesce(pl.col("promo_month") + 1, pl.lit(NEVER))),
        is_after=pl.lit(False),
    )
    after = cohort.join(promoted, on="cohort_id").select(
        *common, dim_id="promo_dim_id", scale_id="promo_scale_id", top_k="promo_top_k",
        offset_units=pl.lit(0, dtype=MONEY), is_ct="promo_is_ct", step0="promo_step",
        anchor="promo_anchor_month", lo=pl.max_horizontal("promo_month", "start_month"), hi="end_month",
        lump_hi="end_month", is_after=pl.lit(True),
    )
    return pl.concat([before, after], how="vertical_relaxed")


def _rate_key(step: str, month: pl.Expr) -> pl.Expr:
    """Return one Int64 join key for (rate table, scale, step, month offset), as rates.lookup_key."""
    table = pl.col("rates_id").cast(pl.Int64) * TABLE_SPAN + pl.col("scale_id")
    return (table * 256 + pl.col(step)) * LOOKUP_SPAN + month


def _segment_months(segs: pl.LazyFrame, paths: pl.LazyFrame, rates: pl.LazyFrame, *, base_month: int,
                    columns: Sequence[str]) -> pl.LazyFrame:
    """One row per (segment, month of its state's window it covers): its columns, step, and `columns` of its rate."""
    lo = pl.max_horizontal("lo", "first_month")
    hi = pl.min_horizontal("hi", pl.col("last_month") + 1)
    path_key = lookup_key("scale_id", "step0", pl.col("k"))
    rate_key = _rate_key("step", pl.col("month") - base_month)
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


def _stay() -> pl.Expr:
    """Return S(t), the probability that the incumbent still holds the post in the month (null without attrition)."""
    t = (pl.col("month") - pl.col("tenure_month")).cast(pl.Float64)
    return (t.clip(lower_bound=0) * pl.col("log_q")).exp()


def _by_attrition(plain: pl.Expr, expected: pl.Expr, attrition: pl.Series) -> pl.Expr:
    """Return each row's cost by its state's rule: `expected` with attrition, `plain` without (one if all alike)."""
    if attrition.all():
        return expected.cast(MONEY)
    if not attrition.any():
        return plain.cast(MONEY)
    return pl.when("has_attrition").then(expected.cast(MONEY)).otherwise(plain.cast(MONEY))


def _salary_cost(*, with_offsets: bool, attrition: pl.Series) -> pl.Expr:
    """Return the expected annual-basis cost of a segment's month (module docstring), after attrition."""
    stay = _stay().cast(MONEY)
    gone_for = (pl.col("month") - pl.col("tenure_month")).cast(pl.Float64) - pl.col("backfill_months")
    replaced = pl.when(gone_for >= 0).then(1 - (gone_for * pl.col("log_q")).exp()).otherwise(0.0)
    plain = pl.col("weight") * pl.col("amount")
    expected = pl.col("weight") * (stay * pl.col("amount") + replaced.cast(MONEY) * pl.col("hire_amount"))
    # With every stated salary on its table amount (or none stated) the offset term is zero: leaving it out
    # saves about a tenth of the projection's time.
    if with_offsets:
        offset = pl.col("offset_weight") * pl.col("cola_factor")
        plain, expected = plain + offset, expected + stay * offset
    return _by_attrition(plain, expected, attrition)


def _incumbent(cost: pl.Expr, attrition: pl.Series) -> pl.Expr:
    """Return a cost only the incumbent is paid (not a replacement after attrition), as expected in the month."""
    return _by_attrition(cost, _stay().cast(MONEY) * cost, attrition)


def state_month_costs(plans: Sequence[pl.LazyFrame], steps: pl.LazyFrame, *, states: Sequence[CostState],
                      lump_sums: pl.LazyFrame | None = None) -> pl.LazyFrame:
    """One row per (state, month, unit, title, grade) costed: cost_x12 (Decimal, annual basis), summed over cohorts.

    plans: plan rows (plan.PLANNED_SCHEMA, or PLAN_SCHEMA as planned); states (analytics.costs.states) say
    which plan each costs and how, and `state` indexes them. A dim the state does not report by is null.
    Each plan's positions are grouped once; every state's cohorts, months and costs are then one query. Extra
    rows carry a New York promoted salary's offset below the step priced (promotions.nys_promoted_salaries)
    and Connecticut lump sums (lump_sums, the lump_sum_table rows, dated like the pay tables).
    """
    # The lookup and cohort tables are small and each is read several times: materialising them
    # once (no I/O) halves the time of a projection against re-planning them lazily.
    scale_rows = scales(steps).collect(engine=SMALL)
    scale = scale_rows.lazy()
    has_ct = bool((scale_rows["engine"] == CT_ENGINE).any())
    lookups = pl.collect_all([step_paths(steps, scale), rate_tables(steps, scale, months=rate_months(states))],
                             engine=SMALL)
    paths, rates = (frame.lazy() for frame in lookups)
    cohort_rows, dims = costed_cohorts(plans, steps, scale, states=states, has_ct=has_ct)
    promoted = pl.DataFrame(schema=PROMOTED_SCHEMA)
    if cohort_rows["promo_scale_id"].is_not_null().any():
        found = promoted_steps(cohort_rows.lazy(), paths, rates, scale, promotion_pct=promotion_pct(states))
        promoted = found.collect(engine=SMALL).cast(PROMOTED_SCHEMA)
    segs = segments(cohort_rows.lazy(), promoted.lazy()).with_columns(
        weight=pl.col("fte_units").cast(MONEY) * pl.col("factor"),
        offset_weight=pl.col("offset_units") * pl.col("factor"),
    )
    base_month = min(s.rules.first_month for s in states)  # rate keys count months from it
    attrition = state_frame(states)["has_attrition"]
    cost = _salary_cost(with_offsets=bool((cohort_rows["offset_units"] != 0).any()), attrition=attrition)
    months = _segment_months(segs, paths, rates, base_month=base_month,
                             columns=("amount", "hire_amount", "cola_factor"))
    parts = [months.with_columns(cost_x12=cost)]
    if promoted["is_nys"].any():
        salaries = state_nys_salaries(cohort_rows, promoted, steps, scale_rows, states=states)
        offset = pl.col("weight") * (pl.col("salary") - pl.col("base_amount")) * pl.col("cola_factor")
        after = _segment_months(segs.filter("is_after"), paths, rates, base_month=base_month,
                                columns=("base_amount", "cola_factor"))
        parts.append(after.join(salaries, on=["cohort_id", "month"]).with_columns(
            cost_x12=_incumbent(offset, attrition)))
    if lump_sums is not None and (cohort_rows["is_ct"].any() or cohort_rows["promo_is_ct"].any()):
        lumps = lump_sum_months(segs, paths, lump_sum_amounts(lump_sums, scale), scale)
        lump = pl.col("weight") * pl.col("lump") * pl.lit(12, dtype=MONEY)
        parts.append(lumps.with_columns(cost_x12=_incumbent(lump, attrition)))
    return (
        pl.concat([p.select("state", "month", "dim_id", "cost_x12") for p in parts])
        .group_by("state", "month", "dim_id")
        .agg(pl.col("cost_x12").sum())
        .join(dims.lazy(), on="dim_id")
        .select(*OUTPUT, "cost_x12")
    )


def state_costs(monthly: pl.LazyFrame, *, keys: Sequence[str], fy_start_months: Sequence[int] = ()) -> pl.LazyFrame:
    """One row per (state, *keys) of state_month_costs rows: the keys, cost (Decimal cents), sorted.

    keys are "month" (index), "fiscal_year" (named by the year it ends in, each state's from its
    fy_start_months entry) and report dims. The cost is the exact annual-basis sum / 12, rounded to the
    cent (half away from zero).
    """
    if "fiscal_year" in keys:
        starts = pl.LazyFrame({"state": range(len(fy_start_months)), "_fy": list(fy_start_months)},
                              schema={"state": pl.Int32, "_fy": pl.Int32})
        monthly = monthly.join(starts, on="state").with_columns(
            fiscal_year=fiscal_year_expr("month", fy_start_month=pl.col("_fy")))
    return _report(monthly, ["state", *keys])


def _report(frame: pl.LazyFrame, keys: Sequence[str]) -> pl.LazyFrame:
    cost = (pl.col("cost_x12").sum() / 12).round(2, mode="half_away_from_zero").cast(CENTS)
    return frame.group_by(keys).agg(cost=cost).sort(keys)


def _one_state(plan: pl.LazyFrame, steps: pl.LazyFrame, *, rules: CostRules, by: Sequence[str],
               lump_sums: pl.LazyFrame | None) -> pl.LazyFrame:
    return state_month_costs([plan], steps, states=[CostState(rules, by=tuple(by))], lump_sums=lump_sums)


def staffing_cost_by_month(
    plan: pl.LazyFrame, steps: pl.LazyFrame, *, rules: CostRules, by: Sequence[str] = (),
    lump_sums: pl.LazyFrame | None = None,
) -> pl.LazyFrame:
    """One row per (month, *by): month (Date, first of month), the by dims, cost (Decimal cents).

    lump_sums: analytics.pay.steps.lump_sum_table rows, the Connecticut top-step lump sums (none if omitted).
    """
    monthly = _one_state(plan, steps, rules=rules, by=by, lump_sums=lump_sums)
    return _report(monthly, ["month", *by]).with_columns(month=month_date_expr("month"))


def staffing_cost_by_fiscal_year(
    plan: pl.LazyFrame, steps: pl.LazyFrame, *, rules: CostRules, fy_start_month: int, by: Sequence[str] = (),
    lump_sums: pl.LazyFrame | None = None,
) -> pl.LazyFrame:
    """One row per (fiscal_year, *by): fiscal_year (i32, named by the year it ends in), the by dims, cost."""
    monthly = _one_state(plan, steps, rules=rules, by=by, lump_sums=lump_sums)
    fiscal = monthly.with_columns(fiscal_year=fiscal_year_expr("month", fy_start_month=fy_start_month))
    return _report(fiscal, ["fiscal_year", *by])


def cohorts(plan: pl.LazyFrame, scale: pl.LazyFrame, *, rules: CostRules, by: Sequence[str]) -> pl.LazyFrame:
    """One row per priced cohort of a plan under one set of rules (cohorts.state_cohorts of a single state)."""
    state = CostState(rules, by=tuple(by))
    has_ct = not scale.filter(pl.col("engine") == CT_ENGINE).select("scale_id").head(1).collect().is_empty()
    first, last = plan_window([state], 0)
    grouped = plan_cohorts(plan, scale, first_month=first, last_month=last, dims=state.has_dims).with_columns(
        plan=pl.lit(0, dtype=pl.Int32), **({} if state.has_dims else {d: pl.lit(None, dtype=pl.String)
                                                                      for d in DIM_KEYS}))
    return state_cohorts(grouped, state_frame([state]).lazy(), scale, has_ct=has_ct,
                         unit_rules=unit_rule_frame([state]))


def unpriced_positions(plan: pl.LazyFrame, steps: pl.LazyFrame) -> pl.LazyFrame:
    """One row per position the step table cannot price: position_id, grade, step, problem."""
    keys = ["schedule_id", "grade", "step", "promo_grade"]
    # Pay inputs are checked once per kind of position, not once per position: a roster has few kinds.
    kinds = plan.select(keys).unique().collect()
    scale = scales(steps).collect(engine=SMALL).lazy()
    known_steps = step_paths(steps, scale).select("scale_id", step="step0").unique()
    resolved = with_scale(kinds.lazy(), scale, grade="grade").pipe(
        with_scale, scale, grade="promo_grade", prefix="promo_").collect(engine=SMALL).lazy()
    no_scale = resolved.filter(pl.col("scale_id").is_null()).with_columns(problem=pl.lit("no pay scale for grade"))
    no_step = (
        resolved.filter(pl.col("scale_id").is_not_null())
        .join(known_steps, on=["scale_id", "step"], how="anti")
        .with_columns(problem=pl.lit("step not on the grade's scale"))
    )
    no_promotion = resolved.filter(pl.col("promo_grade").is_not_null() & pl.col("promo_scale_id").is_null())
    no_promotion = no_promotion.with_columns(problem=pl.format("no pay scale for promotion grade {}", "promo_grade"))
    problems = pl.concat([f.select(*keys, "problem") for f in (no_scale, no_step, no_promotion)]).collect(
        engine=SMALL)
    columns = {"position_id": pl.String, "grade": pl.String, "step": pl.Int32, "problem": pl.String}
    if problems.is_empty():  # the usual answer, without reading the plan again
        return pl.LazyFrame(schema=columns)
    return (
        plan.select("position_id", *keys)
        .join(problems.lazy(), on=keys, nulls_equal=True)
        .select(list(columns))
        .cast(columns)
        .sort("position_id", "problem")
    )
