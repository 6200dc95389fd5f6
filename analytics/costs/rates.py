"""Pay-table lookups for the staffing-cost projection: pay scales (one per schedule and grade), step paths and
monthly rates with COLA."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

import polars as pl

from analytics.pay.promotion import DEFAULT_PROMOTION_PCT

MONEY = pl.Decimal(38, 12)
UNDATED = -9_999_999  # the month of an undated step-table version: in effect until a dated one
LOOKUP_SPAN = 4096  # months (or k) per (scale, step) in a lookup key: 340 years

@dataclass(frozen=True)
class CostRules:
    """Scalar inputs of a projection; months are month indices and last_month is inclusive."""

    first_month: int
    last_month: int
    fringe_rate: Decimal = Decimal(0)
    colas: tuple[tuple[int, Decimal], ...] = field(default_factory=tuple)  # (month, fraction)
    vacancy_factor: Decimal = Decimal(0)
    attrition_rate: float = 0.0
    backfill_months: int = 0
    promotion_pct: float = DEFAULT_PROMOTION_PCT  # the promotion rule's increase (analytics.pay.promotion)


def month_index(day: date) -> int:
    """Return the month index (year * 12 + month - 1) of a date."""
    return day.year * 12 + day.month - 1


def month_index_expr(column: str) -> pl.Expr:
    """Return the month index of a Date column as Int32."""
    return pl.col(column).dt.year().cast(pl.Int32) * 12 + pl.col(column).dt.month().cast(pl.Int32) - 1


def grade_key(column: str) -> pl.Expr:
    """Return a grade's matching key: upper-case alphanumerics, 'SG'/'GRADE' dropped before a number.

    'SG-18', 'Grade 18' and '18' share the key '18'; 'M/C 18' is 'MC18', 'GS-12' is 'GS12'.
    """
    cleaned = pl.col(column).str.to_uppercase().str.replace_all(r"[^A-Z0-9]", "")
    return cleaned.str.replace(r"^(SG|GRADE)(\d)", "$2")


def lookup_key(scale_id: str, step: str, offset: pl.Expr) -> pl.Expr:
    """Return one Int64 join key for (scale, step, offset): a single-column join is several times faster."""
    return (pl.col(scale_id).cast(pl.Int64) * 256 + pl.col(step)) * LOOKUP_SPAN + offset


def _latest_version(steps: pl.LazyFrame) -> pl.LazyFrame:
    """The rows of each grade's latest version; an undated version counts only when it is the only one."""
    latest = pl.col("effective_date").max().over("schedule_id", "grade")
    return steps.filter(pl.col("effective_date").eq_missing(latest))


def scales(steps: pl.LazyFrame) -> pl.LazyFrame:
    """One row per (schedule_id, grade) of the step table: scale_id, grade_key, is_key_unique, top_step, top_k, engine.

    top_k is the months from step 1 to the top step; is_key_unique says no other schedule has the key;
    engine is the pay engine of the latest version (analytics.pay.steps).
    """
    return (
        _latest_version(steps)
        .group_by("schedule_id", "grade")
        .agg(top_step=pl.col("step_index").max(), top_k=pl.col("months_to_next").fill_null(0).sum().cast(pl.Int32),
             engine=pl.col("engine").first())
        .sort("schedule_id", "grade")
        .with_row_index("scale_id")
        .with_columns(pl.col("scale_id").cast(pl.Int32), grade_key=grade_key("grade"))
        .with_columns(is_key_unique=pl.col("schedule_id").n_unique().over("grade_key") == 1)
    )


def with_scale(frame: pl.LazyFrame, scale: pl.LazyFrame, *, grade: str, prefix: str = "") -> pl.LazyFrame:
    """Add `{prefix}scale_id` and `{prefix}top_k` to each row of a frame with schedule_id and a grade column.

    A row takes the scale of its schedule_id and grade; failing that (no schedule_id, or a grade
    that schedule does not pay, as after a promotion to a managerial grade) the only scale whose
    grade has the same key. The ids stay null when no scale (or more than one) matches.
    """
    scale_id, top_k = f"{prefix}scale_id", f"{prefix}top_k"
    exact = scale.select("schedule_id", _key="grade_key", _exact="scale_id")
    unique = scale.filter("is_key_unique").select(_key="grade_key", _unique="scale_id")
    tops = scale.select(pl.col("scale_id").alias(scale_id), pl.col("top_k").alias(top_k))
    return (
        frame.with_columns(_key=grade_key(grade))
        .join(exact, on=["schedule_id", "_key"], how="left")
        .join(unique, on="_key", how="left")
        .with_columns(pl.coalesce("_exact", "_unique").alias(scale_id))
        .join(tops, on=scale_id, how="left")
        .drop("_key", "_exact", "_unique")
    )


def step_paths(steps: pl.LazyFrame, scale: pl.LazyFrame) -> pl.LazyFrame:
    """One row per (scale_id, step0, k): step, the step held k months after entering step0 (k <= top_k)."""
    latest = (
        _latest_version(steps)
        .join(scale, on=["schedule_id", "grade"])
        .select("scale_id", "top_k", step="step_index", mtn="months_to_next")
        .sort("scale_id", "step")
        .with_columns(entry=pl.col("mtn").cum_sum().shift(1, fill_value=0).over("scale_id").cast(pl.Int32))
    )
    starts = latest.select("scale_id", step0="step", entry0="entry")
    k_end = pl.col("top_k") + 1
    return (
        latest.join(starts, on="scale_id")
        .filter(pl.col("step") >= pl.col("step0"))
        .with_columns(k_from=pl.col("entry") - pl.col("entry0"))
        .sort("scale_id", "step0", "step")
        .with_columns(k_to=pl.col("k_from").shift(-1).over("scale_id", "step0").fill_null(k_end))
        .with_columns(k=pl.int_ranges("k_from", pl.min_horizontal("k_to", k_end), dtype=pl.Int32))
        .explode("k")
        .drop_nulls("k")
        .select("scale_id", "step0", "k", "step")
    )


def cola_factors(*, rules: CostRules) -> pl.LazyFrame:
    """One row per month of the projection: month, cola_factor (product of 1 + pct of COLAs in effect)."""
    rows = []
    for month in range(rules.first_month, rules.last_month + 1):
        factor = Decimal(1)
        for cola_month, pct in sorted(rules.colas):
            if cola_month <= month:
                factor *= 1 + pct
        rows.append((month, factor))
    return pl.LazyFrame(rows, schema={"month": pl.Int32, "cola_factor": MONEY}, orient="row")


def rate_table(steps: pl.LazyFrame, scale: pl.LazyFrame, *, rules: CostRules) -> pl.LazyFrame:
    """One row per (scale_id, step, month): base_amount, then amount and hire_amount with COLA (Decimal).

    The version in effect is the latest whose month has come (an undated one is earliest), else the
    earliest one.
    """
    versions = (
        steps.join(scale, on=["schedule_id", "grade"])
        .select("scale_id", step="step_index", eff=month_index_expr("effective_date").fill_null(UNDATED),
                base="annual_amount")
        .with_columns(pl.col("base").cast(MONEY))
        .sort("eff")
    )
    earliest = versions.group_by("scale_id", "step").agg(earliest=pl.col("base").first())
    months = pl.LazyFrame({"month": range(rules.first_month, rules.last_month + 1)}, schema={"month": pl.Int32})
    grid = versions.select("scale_id", "step").unique().join(months, how="cross").sort("month")
    rates = (
        grid.join_asof(
            versions, left_on="month", right_on="eff", by=["scale_id", "step"], strategy="backward",
            check_sortedness=False,
        )
        .join(earliest, on=["scale_id", "step"])
        .with_columns(base_amount=pl.coalesce("base", "earliest"))
        .join(cola_factors(rules=rules), on="month")
        .with_columns(amount=pl.col("base_amount") * pl.col("cola_factor"))
    )
    hire = rates.filter(pl.col("step") == 1).select("scale_id", "month", hire_amount="amount")
    return rates.join(hire, on=["scale_id", "month"], how="left").select(
        "scale_id", "step", "month", "base_amount", "amount", "hire_amount"
    )
