"""A schedule grade's rates as a reader names them (hiring rate, steps, job rate), their version and its source."""

from __future__ import annotations

import datetime as dt

import polars as pl

from analytics.pay.paths import versions_in_effect
from analytics.pay.steps import RANGE_LOW_LABELS, dated_rates, step_table

GRADE_KEY = ["schedule_id", "grade"]
GRADE_RATES_SCHEMA = {
    "schedule_id": pl.String, "grade": pl.String, "effective_date": pl.Date, "step_index": pl.Int32,
    "step_name": pl.String, "annual_amount": pl.Float64, "engine": pl.String, "is_range_only": pl.Boolean,
}
GRADE_VERSIONS_SCHEMA = {
    "schedule_id": pl.String, "grade": pl.String, "effective_date": pl.Date, "source": pl.String,
    "is_in_effect": pl.Boolean,
}
# step_table labels a reader knows by another name; "HR+3adv" is New York's step 3, "7" a numbered step 7.
STEP_NAMES = {"HR": "Hiring rate", "JR": "Job rate", "MIN": "Minimum", "MAX": "Maximum"}
SOURCE_SEPARATOR = " · "


def grade_rates(rates: pl.LazyFrame, *, on: dt.date) -> pl.LazyFrame:
    """One row per step of each schedule grade in the version in effect on a day (GRADE_RATES_SCHEMA), in order.

    Input: pay_rates rows. The version is the one pay_trajectory pays (paths.versions_in_effect). Step names:
    New York PS&T "Hiring rate", "Step 1" .. "Step 6", "Job rate" (the steps are the hiring rate plus one to six
    advance amounts: analytics.pay.steps); numbered steps "Step n". A grade stated by its bounds alone (MIN/MAX,
    or HR/JR on New York M/C) keeps only them, with is_range_only set: the steps between are the generic engine's
    assumption, not the schedule's.
    """
    steps = versions_in_effect(step_table(rates), keys=GRADE_KEY, on=on)
    first_label = pl.col("step_label").sort_by("step_index").first().over(GRADE_KEY)
    range_only = (pl.col("engine") == "generic") & first_label.is_in(RANGE_LOW_LABELS)
    is_bound = (pl.col("step_index") == 1) | (pl.col("step_index") == pl.col("step_index").max().over(GRADE_KEY))
    label = pl.col("step_label")
    return (
        steps.with_columns(is_range_only=range_only)
        .filter(~pl.col("is_range_only") | is_bound)
        .with_columns(
            step_name=pl.when(label.is_in(list(STEP_NAMES))).then(label.replace_strict(STEP_NAMES, default=None))
            .when(label.str.contains(r"^HR\+\d+adv$")).then(pl.format("Step {}", label.str.extract(r"(\d+)")))
            .otherwise(pl.format("Step {}", label)),
        )
        .select(GRADE_RATES_SCHEMA.keys())
        .cast(GRADE_RATES_SCHEMA)
        .sort(*GRADE_KEY, "step_index")
    )


def grade_versions(rates: pl.LazyFrame, *, on: dt.date) -> pl.LazyFrame:
    """One row per (schedule_id, grade, effective_date) version of the rates (GRADE_VERSIONS_SCHEMA), oldest first:
    its distinct sources joined with " · ", and whether it is the version in effect on a day (grade_rates').

    Input: pay_rates rows (effective_date as stated, "2026-01" meaning 1 January 2026, or a date).
    """
    versions = (
        dated_rates(rates)
        .group_by(*GRADE_KEY, "effective_date")
        .agg(source=pl.col("source").unique(maintain_order=True).str.join(SOURCE_SEPARATOR))
    )
    chosen = versions_in_effect(versions, keys=GRADE_KEY, on=on).select(
        *GRADE_KEY, "effective_date", is_in_effect=pl.lit(value=True))
    return (
        versions.join(chosen, on=[*GRADE_KEY, "effective_date"], how="left", nulls_equal=True)
        .with_columns(pl.col("is_in_effect").fill_null(value=False))
        .select(GRADE_VERSIONS_SCHEMA.keys())
        .cast(GRADE_VERSIONS_SCHEMA)
        .sort(*GRADE_KEY, "effective_date", nulls_last=False)
    )
