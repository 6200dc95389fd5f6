"""Pay band analytics: range, midpoint, spread and overlap per grade; compa-ratio and penetration."""

from __future__ import annotations

import polars as pl

BAND_KEY = ("schedule_id", "grade", "effective_date")
BANDS_SCHEMA = {
    "schedule_id": pl.String, "grade": pl.String, "effective_date": pl.Date, "min_annual": pl.Float64,
    "midpoint_annual": pl.Float64, "max_annual": pl.Float64, "range_spread": pl.Float64,
    "next_grade": pl.String, "overlap_with_next": pl.Float64,
}


def pay_bands(steps: pl.LazyFrame) -> pl.LazyFrame:
    """One row per (schedule_id, grade, effective_date): min, midpoint, max, spread, overlap with next.

    Input: the step_table contract. range_spread = (max - min) / min. The next grade is the band
    with the next higher minimum in the same schedule and date (SG-18 -> SG-23, M/C 23 -> M-3);
    overlap_with_next is the share of this band that the next band also covers:
    max(0, max - next min) / (max - min), null for the top grade or a single-rate band.
    """
    bands = steps.group_by(BAND_KEY).agg(
        min_annual=pl.col("annual_amount").min(), max_annual=pl.col("annual_amount").max()
    )
    series = ("schedule_id", "effective_date")
    order = ["min_annual", "max_annual", "grade"]
    width = pl.col("max_annual") - pl.col("min_annual")
    return bands.with_columns(
        midpoint_annual=(pl.col("min_annual") + pl.col("max_annual")) / 2,
        range_spread=width / pl.col("min_annual"),
        next_grade=pl.col("grade").shift(-1).over(series, order_by=order),
        next_min=pl.col("min_annual").shift(-1).over(series, order_by=order),
    ).with_columns(
        overlap_with_next=pl.when((width > 0) & pl.col("next_min").is_not_null()).then(
            pl.max_horizontal(pl.col("max_annual") - pl.col("next_min"), pl.lit(0.0)) / width
        ),
    ).select(BANDS_SCHEMA.keys()).cast(BANDS_SCHEMA).sort(BAND_KEY, nulls_last=True)


def band_position(bands: pl.LazyFrame, *, annual_salary: float) -> pl.LazyFrame:
    """One row per band (pay_bands grain) with compa_ratio and range_penetration of one salary.

    compa_ratio = salary / midpoint; range_penetration = (salary - min) / (max - min), null for a
    single-rate band. Values below 0 or above 1 mean the salary lies outside the band.
    """
    return bands.with_columns(pl.lit(annual_salary, pl.Float64).alias("annual_salary")).pipe(_positions)


def salary_band_positions(salaries: pl.LazyFrame, bands: pl.LazyFrame) -> pl.LazyFrame:
    """One row per input salary row, with its band's min, midpoint, max, compa_ratio, penetration.

    Input salaries: schedule_id, grade, annual_salary (any other columns are kept). Each salary is
    compared with its grade's newest dated band (an undated band only if there is no dated one).
    """
    latest = bands.group_by("schedule_id", "grade").agg(
        pl.all().sort_by("effective_date", nulls_last=False).last()
    )
    joined = salaries.join(
        latest.select("schedule_id", "grade", "min_annual", "midpoint_annual", "max_annual"),
        on=["schedule_id", "grade"],
        how="left",
    )
    return _positions(joined)


def _positions(frame: pl.LazyFrame) -> pl.LazyFrame:
    width = pl.col("max_annual") - pl.col("min_annual")
    return frame.with_columns(
        compa_ratio=pl.col("annual_salary") / pl.col("midpoint_annual"),
        range_penetration=pl.when(width > 0).then((pl.col("annual_salary") - pl.col("min_annual")) / width),
    )
