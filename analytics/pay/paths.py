"""Career pay paths: stay in a title or promote (at eligibility or on a date), pay versions in effect, totals."""

from __future__ import annotations

import datetime as dt

import polars as pl

from analytics.pay.progression import Longevity
from analytics.pay.steps import RANGE_LOW_LABELS
from analytics.pay.trajectory import MAX_YEARS, add_months, pay_trajectory

STAY = "Stay in title"
PATHS_SCHEMA = {"path_id": pl.String, "leg": pl.Int32, "schedule_id": pl.String, "grade": pl.String,
                "entry_date": pl.Date}
CLASS_PAY_RANGE_SCHEMA = {
    "class_id": pl.String, "schedule_id": pl.String, "grade": pl.String, "effective_date": pl.Date,
    "min_annual": pl.Float64, "max_annual": pl.Float64, "engine": pl.String, "range_only": pl.Boolean,
}
TOTALS_SCHEMA = {
    "path_id": pl.String, "first_salary": pl.Float64, "final_salary": pl.Float64, "total_earnings": pl.Float64,
    "more_than_staying": pl.Float64,
}


def horizon_end(start: dt.date, years: int) -> dt.date:
    """Return the day after the last day of a `years`-year trajectory starting on `start`."""
    return add_months(start, 12 * years)


def promotion_paths(*, start: dt.date, years: int, stay: tuple[str, str], target: tuple[str, str] | None = None,
                    promotions: dict[str, dt.date | None] | None = None) -> pl.LazyFrame:
    """One row per (path_id, leg) in pay_trajectory's `paths` contract: schedule_id, grade, entry_date.

    The first path stays on (schedule_id, grade) `stay` from `start`. Each entry of `promotions`
    (path label -> date) adds a path that is promoted to `target` on that date, or on `start` when
    the date is earlier; a path whose date is missing or falls after the horizon is left out,
    as it would only repeat staying.
    """
    end = horizon_end(start, years)
    rows = [(STAY, 1, *stay, start)]
    for label, day in (promotions or {}).items():
        if target is None or day is None or day >= end:
            continue
        rows += [(label, 1, *stay, start), (label, 2, *target, max(day, start))]
    return pl.LazyFrame(rows, schema=PATHS_SCHEMA, orient="row")


def career_pay_trajectory(class_steps: pl.LazyFrame, paths: pl.LazyFrame, increases: pl.LazyFrame | None = None, *,
                          years: int = MAX_YEARS, lump_sums: pl.LazyFrame | None = None,
                          longevity: Longevity | None = None, years_in_title: float = 0.0,
                          start_salary: float | None = None) -> pl.LazyFrame:
    """One row per (path_id, year) in TRAJECTORY_SCHEMA for paths over the steps of several classes.

    Input class_steps: pay_progression.class_step_table rows; classes sharing a schedule grade
    share its steps, so they are counted once. lump_sums, longevity, years_in_title and start_salary (where
    the person starts: pay_trajectory) as pay_trajectory takes them.
    """
    steps = class_steps.drop("class_id").unique(maintain_order=True)
    return pay_trajectory(steps, paths, increases, years=years, lump_sums=lump_sums, longevity=longevity,
                          years_in_title=years_in_title, start_salary=start_salary)


def versions_in_effect(frame: pl.LazyFrame, *, keys: list[str], on: dt.date) -> pl.LazyFrame:
    """The frame's rows of the version (effective_date) each key is paid on, on a date.

    As pay_trajectory chooses: the latest version dated on or before the day (an undated version
    always counts), else the earliest.
    """
    effective = pl.col("effective_date")
    in_effect = effective.is_null() | (effective <= on)
    chosen = (
        pl.when(in_effect.any().over(keys))
        .then(effective.filter(in_effect).max().over(keys))
        .otherwise(effective.min().over(keys))
    )
    return frame.filter(effective.eq_missing(chosen))


def bands_in_effect(bands: pl.LazyFrame, *, schedule_id: str, on: dt.date) -> pl.LazyFrame:
    """One row per grade of a schedule (pay_bands columns) in the version in effect on a day, lowest minimum first."""
    return versions_in_effect(
        bands.filter(pl.col("schedule_id") == schedule_id), keys=["schedule_id", "grade"], on=on
    ).sort("min_annual", "max_annual", "grade")


def class_pay_ranges(class_steps: pl.LazyFrame, *, on: dt.date) -> pl.LazyFrame:
    """One row per class with pay (CLASS_PAY_RANGE_SCHEMA): its schedule grade's lowest and highest step on a day,
    and whether those steps were built from a stated minimum and maximum only (steps.is_range_only)."""
    return (
        versions_in_effect(class_steps, keys=["class_id"], on=on)
        .group_by("class_id")
        .agg(
            pl.col("schedule_id", "grade", "effective_date", "engine").first(),
            min_annual=pl.col("annual_amount").min(),
            max_annual=pl.col("annual_amount").max(),
            first_label=pl.col("step_label").sort_by("step_index").first(),
        )
        .with_columns(range_only=(pl.col("engine") == "generic") & pl.col("first_label").is_in(RANGE_LOW_LABELS))
        .select(list(CLASS_PAY_RANGE_SCHEMA))
        .cast(CLASS_PAY_RANGE_SCHEMA)
        .sort("class_id")
    )


def path_totals(trajectory: pl.LazyFrame) -> pl.LazyFrame:
    """One row per path (TOTALS_SCHEMA): first and final salary, total earnings, and how much more than staying.

    "Stay in title" comes first, then the other paths by path_id; more_than_staying is null when
    there is no "Stay in title" path.
    """
    stay_total = pl.col("total_earnings").filter(pl.col("path_id") == STAY).first()
    return (
        trajectory.group_by("path_id", maintain_order=True)
        .agg(
            first_salary=pl.col("salary").sort_by("year").first(),
            final_salary=pl.col("salary").sort_by("year").last(),
            total_earnings=pl.col("earnings").sum(),
        )
        .with_columns(more_than_staying=pl.col("total_earnings") - stay_total)
        .sort(pl.col("path_id") != STAY, "path_id")
        .select(list(TOTALS_SCHEMA))
        .cast(TOTALS_SCHEMA)
    )
