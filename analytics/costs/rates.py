"""Pay-table lookups for the staffing-cost projection: ladders, step paths and monthly rates with COLA."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

import polars as pl

MONEY = pl.Decimal(38, 12)
UNDATED = -9_999_999  # the month of an undated step-table version: in effect until a dated one
LOOKUP_SPAN = 4096  # months (or k) per (ladder, step) in a lookup key: 340 years

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


def lookup_key(ladder_id: str, step: str, offset: pl.Expr) -> pl.Expr:
    """Return one Int64 join key for (ladder, step, offset): a single-column join is several times faster."""
    return (pl.col(ladder_id).cast(pl.Int64) * 256 + pl.col(step)) * LOOKUP_SPAN + offset


def _latest_version(steps: pl.LazyFrame) -> pl.LazyFrame:
    """The rows of each grade's latest version; an undated version counts only when it is the only one."""
    latest = pl.col("effective_date").max().over("schedule_id", "grade")
    return steps.filter(pl.col("effective_date").eq_missing(latest))


def ladders(steps: pl.LazyFrame) -> pl.LazyFrame:
    """One row per (schedule_id, grade) of the step table: ladder_id, grade_key, is_key_unique, top_step, top_k.

    top_k is the months from step 1 to the top step; is_key_unique says no other schedule has the key.
    """
    return (
        _latest_version(steps)
        .group_by("schedule_id", "grade")
        .agg(top_step=pl.col("step_index").max(), top_k=pl.col("months_to_next").fill_null(0).sum().cast(pl.Int32))
        .sort("schedule_id", "grade")
        .with_row_index("ladder_id")
        .with_columns(pl.col("ladder_id").cast(pl.Int32), grade_key=grade_key("grade"))
        .with_columns(is_key_unique=pl.col("schedule_id").n_unique().over("grade_key") == 1)
    )


def with_ladder(frame: pl.LazyFrame, ladder: pl.LazyFrame, *, grade: str, prefix: str = "") -> pl.LazyFrame:
    """Add `{prefix}ladder_id` and `{prefix}top_k` to each row of a frame with schedule_id and a grade column.

    A row takes the ladder of its schedule_id and grade; failing that (no schedule_id, or a grade
    that schedule does not pay, as after a promotion to a managerial grade) the only ladder whose
    grade has the same key. The ids stay null when no ladder (or more than one) matches.
    """
    ladder_id, top_k = f"{prefix}ladder_id", f"{prefix}top_k"
    exact = ladder.select("schedule_id", _key="grade_key", _exact="ladder_id")
    unique = ladder.filter("is_key_unique").select(_key="grade_key", _unique="ladder_id")
    tops = ladder.select(pl.col("ladder_id").alias(ladder_id), pl.col("top_k").alias(top_k))
    return (
        frame.with_columns(_key=grade_key(grade))
        .join(exact, on=["schedule_id", "_key"], how="left")
        .join(unique, on="_key", how="left")
        .with_columns(pl.coalesce("_exact", "_unique").alias(ladder_id))
        .join(tops, on=ladder_id, how="left")
        .drop("_key", "_exact", "_unique")
    )


def step_paths(steps: pl.LazyFrame, ladder: pl.LazyFrame) -> pl.LazyFrame:
    """One row per (ladder_id, step0, k): step, the step held k months after entering step0 (k <= top_k)."""
    latest = (
        _latest_version(steps)
        .join(ladder, on=["schedule_id", "grade"])
        .select("ladder_id", "top_k", step="step_index", mtn="months_to_next")
        .sort("ladder_id", "step")
        .with_columns(entry=pl.col("mtn").cum_sum().shift(1, fill_value=0).over("ladder_id").cast(pl.Int32))
    )
    starts = latest.select("ladder_id", step0="step", entry0="entry")
    k_end = pl.col("top_k") + 1
    return (
        latest.join(starts, on="ladder_id")
        .filter(pl.col("step") >= pl.col("step0"))
        .with_columns(k_from=pl.col("entry") - pl.col("entry0"))
        .sort("ladder_id", "step0", "step")
        .with_columns(k_to=pl.col("k_from").shift(-1).over("ladder_id", "step0").fill_null(k_end))
        .with_columns(k=pl.int_ranges("k_from", pl.min_horizontal("k_to", k_end), dtype=pl.Int32))
        .explode("k")
        .drop_nulls("k")
        .select("ladder_id", "step0", "k", "step")
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


def rate_table(steps: pl.LazyFrame, ladder: pl.LazyFrame, *, rules: CostRules) -> pl.LazyFrame:
    """One row per (ladder_id, step, month): base_amount, then amount and hire_amount with COLA (Decimal).

    The version in effect is the latest whose month has come (an undated one is earliest), else the
    earliest one.
    """
    versions = (
        steps.join(ladder, on=["schedule_id", "grade"])
        .select("ladder_id", step="step_index", eff=month_index_expr("effective_date").fill_null(UNDATED),
                base="annual_amount")
        .with_columns(pl.col("base").cast(MONEY))
        .sort("eff")
    )
    earliest = versions.group_by("ladder_id", "step").agg(earliest=pl.col("base").first())
    months = pl.LazyFrame({"month": range(rules.first_month, rules.last_month + 1)}, schema={"month": pl.Int32})
    grid = versions.select("ladder_id", "step").unique().join(months, how="cross").sort("month")
    rates = (
        grid.join_asof(
            versions, left_on="month", right_on="eff", by=["ladder_id", "step"], strategy="backward",
            check_sortedness=False,
        )
        .join(earliest, on=["ladder_id", "step"])
        .with_columns(base_amount=pl.coalesce("base", "earliest"))
        .join(cola_factors(rules=rules), on="month")
        .with_columns(amount=pl.col("base_amount") * pl.col("cola_factor"))
    )
    hire = rates.filter(pl.col("step") == 1).select("ladder_id", "month", hire_amount="amount")
    return rates.join(hire, on=["ladder_id", "month"], how="left").select(
        "ladder_id", "step", "month", "base_amount", "amount", "hire_amount"
    )
