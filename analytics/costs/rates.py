"""Pay-table lookups for the staffing-cost projection: pay scales (one per schedule and grade), step paths and
monthly rates with COLA."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

import polars as pl

from analytics.pay.promotion import DEFAULT_PROMOTION_PCT

MONEY = pl.Decimal(38, 12)
UNDATED = -9_999_999  # the month of an undated step-table version: in effect until a dated one
LOOKUP_SPAN = 4096  # months (or k) per (scale, step) in a lookup key: 340 years

@dataclass(frozen=True)
class UnitRule:
    """The vacancy factor and attrition of one unit's positions (lower-case name), instead of the scenario's; None
    keeps the scenario's."""

    unit: str
    vacancy_factor: Decimal | None = None
    attrition_rate: float | None = None
    backfill_months: int | None = None


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
    unit_rules: tuple[UnitRule, ...] = ()  # units whose vacancy factor or attrition differ from the above


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


def grade_parts(grade: str) -> tuple[str, int | None]:
    """Return a grade's kind and number as grade_key reads it: 'SG-18' -> ('', 18), 'M-3' -> ('M', 3)."""
    cleaned = re.sub(r"^(SG|GRADE)(?=\d)", "", re.sub(r"[^A-Z0-9]", "", grade.upper()))
    found = re.fullmatch(r"([A-Z]*)(\d+)", cleaned)
    return (found[1], int(found[2])) if found else (cleaned, None)


def lookup_key(scale_id: str, step: str, offset: pl.Expr) -> pl.Expr:
    """Return one Int64 join key for (scale, step, offset): a single-column join is several times faster."""
    return (pl.col(scale_id).cast(pl.Int64) * 256 + pl.col(step)) * LOOKUP_SPAN + offset


def effective_month_expr(column: str) -> pl.Expr:
    """Return the first month a pay-table version dated in a Date column is in effect for, as Int32.

    A month is priced on the version in effect on its first day, so a version applies from the first
    month starting on or after its date (2024-03-28 -> April 2024; 2026-01-01 -> January 2026). An
    undated version gets UNDATED: it is in effect before the first dated one.
    """
    starts_later = (pl.col(column).dt.day() > 1).cast(pl.Int32)
    return (month_index_expr(column) + starts_later).fill_null(UNDATED).cast(pl.Int32)


def _step_structure(steps: pl.LazyFrame) -> pl.LazyFrame:
    """One row per (schedule_id, grade, step_index) paid by any version: months_to_next, engine, effective_date.

    Each step takes its waiting time and engine from the latest version paying it (an undated version
    is the earliest), so that a step only an older version has can still be held and priced.
    """
    return (
        steps.sort("effective_date", nulls_last=False)
        .group_by("schedule_id", "grade", "step_index", maintain_order=True)
        .agg(pl.col("months_to_next").last(), pl.col("engine").last(), pl.col("effective_date").last())
    )


def scales(steps: pl.LazyFrame) -> pl.LazyFrame:
    """One row per (schedule_id, grade) of the step table: scale_id, grade_key, is_key_unique, top_step, top_k, engine.

    Over the steps of every version (_step_structure): top_step is the highest step any version pays and
    top_k the months of all their waiting times; is_key_unique says no other schedule has the key;
    engine is the pay engine of the latest version (analytics.pay.steps).
    """
    return (
        _step_structure(steps)
        .group_by("schedule_id", "grade")
        .agg(top_step=pl.col("step_index").max(), top_k=pl.col("months_to_next").fill_null(0).sum().cast(pl.Int32),
             engine=pl.col("engine").sort_by("effective_date", nulls_last=False).last())
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
    """One row per (scale_id, step0, k): step, the step held k months after entering step0 (k <= top_k).

    Waiting times are those of _step_structure; a step without one is a top step: its holder stays there
    (a step above it, which only an older version pays, is held only by someone who entered it).
    """
    k_end = pl.col("top_k") + 1
    structure = (
        _step_structure(steps)
        .join(scale, on=["schedule_id", "grade"])
        .select("scale_id", "top_k", step="step_index", mtn=pl.col("months_to_next").fill_null(k_end))
        .sort("scale_id", "step")
        .with_columns(entry=pl.col("mtn").cum_sum().shift(1, fill_value=0).over("scale_id").cast(pl.Int32))
    )
    starts = structure.select("scale_id", step0="step", entry0="entry")
    return (
        structure.join(starts, on="scale_id")
        .filter(pl.col("step") >= pl.col("step0"))
        .with_columns(k_from=pl.col("entry") - pl.col("entry0"))
        .sort("scale_id", "step0", "step")
        .with_columns(k_to=pl.col("k_from").shift(-1).over("scale_id", "step0").fill_null(k_end))
        .with_columns(k=pl.int_ranges(pl.min_horizontal("k_from", k_end), pl.min_horizontal("k_to", k_end),
                                      dtype=pl.Int32))
        .explode("k")
        .drop_nulls("k")
        .select("scale_id", "step0", "k", "step")
    )


def cola_factor(colas: tuple[tuple[int, Decimal], ...], month: int) -> Decimal:
    """Return the COLA factor of a month: the product of 1 + pct of the COLAs (month, fraction) in effect."""
    factor = Decimal(1)
    for cola_month, pct in sorted(colas):
        if cola_month <= month:
            factor *= 1 + pct
    return factor


def cola_factors(*, rules: CostRules) -> pl.LazyFrame:
    """One row per month of the projection: month, cola_factor (product of 1 + pct of COLAs in effect)."""
    rows = [(month, cola_factor(rules.colas, month)) for month in range(rules.first_month, rules.last_month + 1)]
    return pl.LazyFrame(rows, schema={"month": pl.Int32, "cola_factor": MONEY}, orient="row")


def _versions(steps: pl.LazyFrame, scale: pl.LazyFrame) -> pl.LazyFrame:
    """One row per (scale_id, eff, paid_step) of every version: base (Decimal), eff its effective_month_expr."""
    return steps.join(scale.select("schedule_id", "grade", "scale_id"), on=["schedule_id", "grade"]).select(
        "scale_id", eff=effective_month_expr("effective_date"), paid_step="step_index",
        base=pl.col("annual_amount").cast(MONEY),
    )


def table_amounts(points: pl.LazyFrame, steps: pl.LazyFrame, scale: pl.LazyFrame) -> pl.LazyFrame:
    """Add base_amount to each row of a frame with scale_id, step and month: the table amount, before COLA.

    The amount is the version in effect in the month's: the latest whose effective month has come (an
    undated version before the first dated one), else, in months before any, the earliest version. A
    step above that version's top step is paid the top step's amount (a version may pay fewer steps
    than another).
    """
    versions = _versions(steps, scale)
    tops = versions.group_by("scale_id", "eff").agg(top=pl.col("paid_step").max())
    earliest = tops.group_by("scale_id").agg(first_eff=pl.col("eff").min())
    return (
        points.sort("month")
        .join_asof(tops.select("scale_id", "eff").sort("eff"), left_on="month", right_on="eff", by="scale_id",
                   strategy="backward", check_sortedness=False)
        .join(earliest, on="scale_id", how="left")
        .with_columns(eff=pl.coalesce("eff", "first_eff"))
        .join(tops, on=["scale_id", "eff"], how="left")
        .with_columns(paid_step=pl.min_horizontal("step", "top"))
        .join(versions, on=["scale_id", "eff", "paid_step"], how="left")
        .drop("eff", "first_eff", "top", "paid_step")
        .rename({"base": "base_amount"})
    )


def rate_table(steps: pl.LazyFrame, scale: pl.LazyFrame, *, rules: CostRules) -> pl.LazyFrame:
    """One row per (scale_id, step, month): base_amount (table_amounts), cola_factor, amount and hire_amount with COLA.

    Steps are those of any version (step_paths); hire_amount is step 1's amount; amounts are Decimal.
    """
    months = pl.LazyFrame({"month": range(rules.first_month, rules.last_month + 1)}, schema={"month": pl.Int32})
    grid = _step_structure(steps).join(scale, on=["schedule_id", "grade"]).select("scale_id", step="step_index")
    rates = (
        table_amounts(grid.join(months, how="cross"), steps, scale)
        .join(cola_factors(rules=rules), on="month")
        .with_columns(amount=pl.col("base_amount") * pl.col("cola_factor"))
    )
    hire = rates.filter(pl.col("step") == 1).select("scale_id", "month", hire_amount="amount")
    return rates.join(hire, on=["scale_id", "month"], how="left").select(
        "scale_id", "step", "month", "base_amount", "cola_factor", "amount", "hire_amount"
    )


def rate_tables(steps: pl.LazyFrame, scale: pl.LazyFrame, *, months: pl.LazyFrame) -> pl.LazyFrame:
    """One row per (rates_id, scale_id, step, month): base_amount, cola_factor, amount and hire_amount, as rate_table.

    `months` holds one row per (rates_id, month) priced: table_month, the month whose table amounts it pays
    (the month itself, or moved back by the months the pay tables are moved forward), and cola_factor; several
    rate tables (COLAs and table moves) are so made in one pass over the step table.
    """
    grid = _step_structure(steps).join(scale, on=["schedule_id", "grade"]).select("scale_id", step="step_index")
    table_months = months.select(month="table_month").unique()
    base = table_amounts(grid.join(table_months, how="cross"), steps, scale).rename({"month": "table_month"})
    rates = months.join(base, on="table_month").with_columns(amount=pl.col("base_amount") * pl.col("cola_factor"))
    hire = rates.filter(pl.col("step") == 1).select("rates_id", "scale_id", "month", hire_amount="amount")
    return rates.join(hire, on=["rates_id", "scale_id", "month"], how="left").select(
        "rates_id", "scale_id", "step", "month", "base_amount", "cola_factor", "amount", "hire_amount"
    )
