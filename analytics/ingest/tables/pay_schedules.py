"""Pay schedule files: read and validate an uploaded schedule (one row per schedule, grade, step and date)."""

from __future__ import annotations

from pathlib import Path

import polars as pl

from analytics.ingest import limits
from analytics.ingest.extract import TableError, read_table
from analytics.ingest.tables.problems import FIRST_DATA_ROW, file_problem_report, problem_report

FILE_COLUMNS = ("schedule", "grade", "step", "annual_amount", "effective_date", "source")
KEY_COLUMNS = ("schedule", "grade", "step", "effective_date")
MAX_FILE_BYTES = limits.PAY_SCHEDULE_MAX_BYTES
FILE_TYPES = (".csv", ".xlsx")

RATES_SCHEMA = {
    "schedule_id": pl.String, "grade": pl.String, "step": pl.String,
    "annual_amount": pl.Float64, "effective_date": pl.String, "source": pl.String,
}
_DATE = r"^\d{4}-\d{2}(-\d{2})?$"


def read_pay_schedule(path: str | Path) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Return (rows, report) for a pay schedule file: rows are empty unless the report is.

    One row per (schedule_id, grade, step, effective_date); the report has one row per problem
    (row, column, problem, value). Nothing is partially accepted.
    """
    try:
        raw = read_table(path, file_types=FILE_TYPES, max_bytes=MAX_FILE_BYTES)
    except TableError as exc:
        return pl.DataFrame(schema=RATES_SCHEMA), file_problem_report(exc)
    report = validation_report(raw.lazy()).collect()
    if report.height:
        return pl.DataFrame(schema=RATES_SCHEMA), report
    return pay_schedule_rows(raw.lazy()).collect(), report


def validation_report(raw: pl.LazyFrame) -> pl.LazyFrame:
    """One row per problem in a raw (all text) schedule: row, column, problem, value; empty when valid."""
    missing = [c for c in FILE_COLUMNS if c not in raw.collect_schema().names()]
    if missing:
        return problem_report([(None, c, "missing column", None) for c in missing]).lazy()
    numbered = raw.with_row_index("row", offset=FIRST_DATA_ROW).with_columns(
        pl.col("row").cast(pl.Int64),
        *[pl.col(c).str.strip_chars() for c in FILE_COLUMNS],
    )
    checks = [_check(numbered, c, _is_empty(c), "empty value") for c in ("schedule", "grade", "step")]
    checks += [
        _check(numbered, "annual_amount", _amount().is_null() | _amount().is_nan(), "non-numeric amount"),
        _check(numbered, "annual_amount", _amount() < 0, "negative amount"),
        _check(numbered, "effective_date", ~_is_empty("effective_date") & _date().is_null(),
               "bad date: expected YYYY-MM-DD or YYYY-MM"),
        _check(numbered, "source", _is_empty("source"), "empty source"),
        _duplicates(numbered),
    ]
    return pl.concat(checks).sort("row", "column")


def _check(frame: pl.LazyFrame, column: str, bad: pl.Expr, problem: str) -> pl.LazyFrame:
    return frame.filter(bad.fill_null(False)).select(
        "row", pl.lit(column).alias("column"), pl.lit(problem).alias("problem"),
        pl.col(column).replace("", None).alias("value"),
    )


def _duplicates(frame: pl.LazyFrame) -> pl.LazyFrame:
    key = [pl.col(c).fill_null("") for c in KEY_COLUMNS]
    return frame.with_columns(first=pl.col("row").min().over(key)).filter(pl.col("row") > pl.col("first")).select(
        "row",
        pl.lit("schedule, grade, step, effective_date").alias("column"),
        pl.format("duplicate key: same as row {}", pl.col("first")).alias("problem"),
        pl.concat_str([pl.col(c).fill_null("") for c in KEY_COLUMNS], separator=", ").alias("value"),
    )


def _is_empty(column: str) -> pl.Expr:
    return pl.col(column).is_null() | (pl.col(column) == "")


def _amount() -> pl.Expr:
    return pl.col("annual_amount").str.replace_all(r"[$,\s]", "").cast(pl.Float64, strict=False)


def _date() -> pl.Expr:
    text = pl.when(pl.col("effective_date").str.contains(_DATE)).then(pl.col("effective_date"))
    day = pl.when(text.str.len_chars() == 7).then(text + "-01").otherwise(text)
    return day.str.to_date("%Y-%m-%d", strict=False)


def pay_schedule_rows(raw: pl.LazyFrame) -> pl.LazyFrame:
    """One row per (schedule_id, grade, step, effective_date) of a validated raw schedule, typed.

    effective_date stays as stated (YYYY-MM or YYYY-MM-DD); an undated row has a null date.
    """
    text = [pl.col(c).str.strip_chars() for c in FILE_COLUMNS]
    return raw.with_columns(text).select(
        pl.col("schedule").alias("schedule_id"),
        "grade",
        "step",
        _amount().alias("annual_amount"),
        pl.when(_is_empty("effective_date")).then(None).otherwise(pl.col("effective_date"))
        .alias("effective_date"),
        "source",
    ).cast(RATES_SCHEMA)
