"""Cohorts: a plan's positions grouped by every input of the cost rules, so that work grows with cohorts, not positions.

A plan is grouped once (plan_cohorts). Each cost state (analytics.costs.states) then moves its cohorts' event
months by its shifts, clips them to its window and groups them again (state_cohorts): the groups, and their
FTE and salary sums, are those its own positions would make, since positions alike before a uniform move are
alike after it, and sums of integer FTE units and Decimal salaries are exact in any order.
"""

from __future__ import annotations

from collections.abc import Sequence

import polars as pl

from analytics.costs.connecticut import ct_anchors
from analytics.costs.plan import shifted_months
from analytics.costs.rates import MONEY, table_amounts, with_scale
from analytics.costs.states import (
    FTE_SCALE,
    SHIFTED,
    SMALL,
    CostState,
    plan_window,
    state_frame,
    unit_rule_frame,
)

PLAN_KEYS = ("schedule_id", "grade", "step", "salary_month", "start_month", "end_month", "anchor_month",
             "ct_anchor_month", "tenure_month", "promo_month", "promo_anchor_month", "promo_grade", "is_added")
DIM_KEYS = ("unit", "title", "promo_title")
SCALE_KEYS = ("scale_id", "top_k", "promo_scale_id", "promo_top_k")
UNITS = ("fte_units", "salary_units", "salaried_units")
STATE_COLUMNS = ("first_month", "last_month", "rates_id", "table_lag", "factor", "log_q", "backfill_months",
                 "has_attrition", "by_grade")


def plan_cohorts(plan: pl.LazyFrame, scale: pl.LazyFrame, *, first_month: int, last_month: int, dims: bool,
                 has_ct: bool = True, has_attrition: bool = True) -> pl.LazyFrame:
    """One row per group of priced plan positions alike in PLAN_KEYS (and DIM_KEYS when dims): keys, scale ids, units.

    plan: PLANNED_SCHEMA rows (is_added false when missing). fte_units sums FTE in ten-thousandths,
    salary_units FTE units x stated salary (Decimal) and salaried_units the FTE units of positions with a
    stated salary. start_month is clipped below at first_month and end_month above at last_month + 1
    (states.plan_window): months before a window are all alike, and clipping first keeps cohorts few.
    Without a Connecticut scale (has_ct) or a state with attrition no state reads ct_anchor_month or
    tenure_month: they are left out of the keys (then anchor_month and start_month stand in). Positions no
    scale prices are left out (projection.unpriced_positions lists them).
    """
    if "is_added" not in plan.collect_schema():
        plan = plan.with_columns(is_added=pl.lit(False))
    unread = {"ct_anchor_month": "anchor_month", "tenure_month": "start_month"}
    if has_ct:
        del unread["ct_anchor_month"]
    if has_attrition:
        del unread["tenure_month"]
    keys = [k for k in PLAN_KEYS if k not in unread] + list(DIM_KEYS if dims else ())
    # Row-wise products first, then plain sums: an expression inside the aggregation takes twice as long.
    stated = pl.col("annual_salary").cast(MONEY)  # cast as table amounts are, so an equal salary has offset 0
    grouped = (
        plan.with_columns(pl.col("start_month").clip(lower_bound=first_month),
                          pl.col("end_month").clip(upper_bound=last_month + 1),
                          _units=(pl.col("fte") * FTE_SCALE).round().cast(pl.Int64))
        .with_columns(_salary=pl.col("_units") * stated, _salaried=pl.col("_units") * stated.is_not_null())
        .group_by(keys)
        .agg(fte_units=pl.col("_units").sum(), salary_units=pl.col("_salary").sum(),
             salaried_units=pl.col("_salaried").sum())
        .with_columns(**{column: pl.col(stand_in) for column, stand_in in unread.items()})
    )
    return (
        with_scale(grouped, scale, grade="grade")
        .filter(pl.col("scale_id").is_not_null())
        .pipe(with_scale, scale, grade="promo_grade", prefix="promo_")
    )


def coarser_cohorts(cohorts: pl.DataFrame) -> pl.DataFrame:
    """Return plan_cohorts rows grouped again without DIM_KEYS (the cohorts of a plan costed without unit or title)."""
    keys = [c for c in cohorts.columns if c not in (*DIM_KEYS, *UNITS)]
    return cohorts.group_by(keys).agg(pl.col(u).sum() for u in UNITS)


def state_cohorts(cohorts: pl.LazyFrame, states: pl.LazyFrame, scale: pl.LazyFrame, *, has_ct: bool,
                  unit_rules: pl.DataFrame | None = None) -> pl.LazyFrame:
    """One row per cohort of each state: cohort_id, state, the keys moved and clipped, scale ids, is_ct, units, the
    state's STATE_COLUMNS.

    cohorts: plan_cohorts rows of each plan with `plan` (its index) and DIM_KEYS (null without them);
    states: states.state_frame rows. A state keeps unit, title and promo_title apart only when it reports
    by them, and tenure_month only with attrition (else it is the clipped start, which it then never reads);
    without a Connecticut scale the CT anchor is never read and ct_anchor_month is anchor_month. On a
    Connecticut scale anchor_month and promo_anchor_month are its 1 January anchors (connecticut.ct_anchors).
    unit_rules (states.unit_rule_frame rows) give a unit's cohorts their factor, log_q and backfill_months
    instead of the state's; a cohort of a state with attrition that no rule makes leave gets log_q 0 (stays).
    """
    moved = (
        cohorts.join(states.select("plan", "state", "first_month", "last_month", "has_attrition", "by_unit",
                                   "by_title", *(f"shift_{d}" for d in SHIFTED)), on="plan")
        .with_columns(**shifted_months(lambda driver: pl.col(f"shift_{driver}")))
        .with_columns(
            start_month=pl.max_horizontal("start_month", "first_month"),
            end_month=pl.min_horizontal("end_month", pl.col("last_month") + 1),
            unit=pl.when("by_unit").then("unit"), title=pl.when("by_title").then("title"),
            promo_title=pl.when("by_title").then("promo_title"),
            tenure_month=pl.when("has_attrition").then("tenure_month"),
        )
    )
    keys = ["state", *(k for k in (*PLAN_KEYS, *DIM_KEYS) if k != "is_added" and (has_ct or k != "ct_anchor_month")),
            *SCALE_KEYS]
    grouped = (
        moved.group_by(keys).agg(pl.col(u).sum() for u in UNITS)
        .join(states.select("state", *STATE_COLUMNS), on="state")
        .with_columns(tenure_month=pl.when("has_attrition").then("tenure_month").otherwise("start_month"))
    )
    if unit_rules is not None and unit_rules.height:
        own = unit_rules.lazy().rename({"factor": "_factor", "log_q": "_log_q", "backfill_months": "_backfill"})
        grouped = (
            grouped.with_columns(unit_key=pl.col("unit").str.to_lowercase())
            .join(own, on=["state", "unit_key"], how="left")
            .with_columns(factor=pl.coalesce("_factor", "factor"), log_q=pl.coalesce("_log_q", "log_q"),
                          backfill_months=pl.coalesce("_backfill", "backfill_months"))
            .drop("unit_key", "_factor", "_log_q", "_backfill")
        )
    grouped = grouped.with_columns(log_q=pl.when("has_attrition").then(pl.col("log_q").fill_null(0.0)))
    if not has_ct:
        grouped = grouped.with_columns(ct_anchor_month=pl.col("anchor_month"))
    return grouped.pipe(ct_anchors, scale).with_row_index("cohort_id")


def salary_offsets(cohort: pl.LazyFrame, steps: pl.LazyFrame, scale: pl.LazyFrame) -> pl.LazyFrame:
    """Add offset_units to each cohort: FTE units x (stated salary - its step's table amount in salary_month).

    Summed over the cohort's positions with a stated salary (projection's module docstring); 0 when none
    has one. The tables are read table_lag months back, as the state moves them forward.
    """
    points = cohort.filter(pl.col("salaried_units") > 0).select(
        "cohort_id", "scale_id", "step", "salary_units", "salaried_units",
        month=pl.col("salary_month") - pl.col("table_lag"),
    )
    offsets = table_amounts(points, steps, scale).select(
        "cohort_id",
        offset_units=pl.col("salary_units") - pl.col("salaried_units").cast(MONEY) * pl.col("base_amount"),
    )
    return cohort.join(offsets, on="cohort_id", how="left").with_columns(
        pl.col("offset_units").fill_null(0).cast(MONEY)
    )


def costed_cohorts(plans: Sequence[pl.LazyFrame], steps: pl.LazyFrame, scale: pl.LazyFrame, *,
                   states: Sequence[CostState], has_ct: bool) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Return (every state's cohorts, one row per report key) of the states (analytics.costs.states) costing plans.

    The cohorts are state_cohorts with salary offsets and report keys (report_keys). Each plan's positions are
    grouped once (plan_cohorts), with unit and title when some state reports by them; a state that does not
    takes the same cohorts grouped again without them (coarser_cohorts).
    """
    used = sorted({s.plan for s in states})
    has_attrition = any(s.has_attrition for s in states)
    first_last = {i: plan_window(states, i) for i in used}
    grouped = dict(zip(used, pl.collect_all([
        plan_cohorts(plans[i], scale, first_month=first_last[i][0], last_month=first_last[i][1],
                     dims=any(s.has_dims for s in states if s.plan == i), has_ct=has_ct, has_attrition=has_attrition)
        for i in used
    ]), strict=True))
    parts: list[pl.DataFrame] = []
    index: dict[tuple[int, bool], int] = {}
    for plan, rows in grouped.items():
        has_dims = "unit" in rows.columns
        for dims in (True, False):
            if any(s.plan == plan and s.has_dims == dims for s in states):
                index[(plan, dims)] = len(parts)
                frame = rows if dims or not has_dims else coarser_cohorts(rows)
                parts.append(frame.with_columns(**{d: pl.lit(None, dtype=pl.String) for d in DIM_KEYS
                                                   if d not in frame.columns}))
    cohorts = pl.concat([p.select(parts[0].columns).with_columns(plan=pl.lit(i, dtype=pl.Int32))
                         for i, p in enumerate(parts)])
    frame = state_frame(states).with_columns(
        plan=pl.Series([index[(s.plan, s.has_dims)] for s in states], dtype=pl.Int32))
    cohorts = state_cohorts(cohorts.lazy(), frame.lazy(), scale, has_ct=has_ct, unit_rules=unit_rule_frame(states))
    return report_keys(salary_offsets(cohorts, steps, scale).collect(engine=SMALL))


def report_keys(cohort_rows: pl.DataFrame) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Return (the cohorts with dim_id and promo_dim_id, one row per dim_id: unit, title, grade) of state cohorts.

    A dim_id names the (unit, title, grade) a segment reports under, null where its state does not report by
    it: before a promotion the cohort's, after it the promotion's title (if any) and grade. Month rows carry
    the id, not the text, and are named after they are summed.
    """
    title, grade = pl.col("title"), pl.when("by_grade")
    before = cohort_rows.select("unit", title=title, grade=grade.then("grade"))
    after = cohort_rows.filter(pl.col("promo_scale_id").is_not_null()).select(
        "unit", title=pl.coalesce("promo_title", title), grade=grade.then("promo_grade"))
    dims = pl.concat([before, after]).unique(maintain_order=True).with_row_index("dim_id")
    keyed = (
        cohort_rows.with_columns(_grade=grade.then("grade"), _promo_title=pl.coalesce("promo_title", title),
                                 _promo_grade=grade.then("promo_grade"))
        .join(dims, left_on=["unit", "title", "_grade"], right_on=["unit", "title", "grade"], how="left",
              nulls_equal=True, maintain_order="left")
        .join(dims.rename({"dim_id": "promo_dim_id"}), left_on=["unit", "_promo_title", "_promo_grade"],
              right_on=["unit", "title", "grade"], how="left", nulls_equal=True, maintain_order="left")
        .drop("_grade", "_promo_title", "_promo_grade")
    )
    return keyed, dims
