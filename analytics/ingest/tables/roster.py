"""Rosters: validate a CSV, Excel or Parquet file of positions, report every problem, and type the rows."""

from __future__ import annotations

from pathlib import Path

import polars as pl

from analytics.ingest.extract import TableError, read_table
from analytics.ingest.tables.problems import FIRST_DATA_ROW, file_problem_report, problem_report

REQUIRED_COLUMNS = (
    "position_id", "grade", "step", "annual_salary", "hire_date", "title_date", "fte", "unit", "is_vacant",
    "fill_date",
)
TITLE_COLUMNS = ("title", "class_code")  # at least one of them
OPTIONAL_COLUMNS = ("education", "schedule_id")
MAX_FILE_BYTES = 300_000_000
FILE_TYPES = (".csv", ".xlsx", ".parquet")
TRUE_WORDS = ("true", "yes", "y", "1", "vacant")
FALSE_WORDS = ("false", "no", "n", "0", "filled", "")

KNOWN_COLUMNS = ("known_title", "known_grade", "known_schedule")
POSITIONS_SCHEMA = {
    "position_id": pl.String,
    "title": pl.String,
    "class_code": pl.String,
    "grade": pl.String,
    "step": pl.Int32,
    "annual_salary": pl.Float64,
    "hire_date": pl.Date,
    "title_date": pl.Date,
    "fte": pl.Float64,
    "unit": pl.String,
    "is_vacant": pl.Boolean,
    "fill_date": pl.Date,
    "education": pl.String,
    "schedule_id": pl.String,
}


def read_roster(path: str | Path, known_titles: pl.LazyFrame | None) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Return (positions, report) for a roster file: positions are empty unless the report is.

    positions: one row per position (POSITIONS_SCHEMA); report: one row per problem (row, column,
    problem, value). Nothing is partially accepted. Titles are checked against `known_titles`
    (title, class_code, grade, schedule_id; case-insensitive) unless it is None.
    """
    try:
        raw = read_table(path, file_types=FILE_TYPES, max_bytes=MAX_FILE_BYTES)
    except TableError as exc:
        return pl.DataFrame(schema=POSITIONS_SCHEMA), file_problem_report(exc)
    missing = _missing_columns(raw.lazy())
    if missing.height:
        return pl.DataFrame(schema=POSITIONS_SCHEMA), missing
    typed = _typed(raw.lazy(), known_titles).collect().lazy()
    report = _problems(typed, known=known_titles is not None).collect()
    if report.height:
        return pl.DataFrame(schema=POSITIONS_SCHEMA), report
    return _positions(typed).collect(), report


def _text(column: str) -> pl.Expr:
    return pl.col(column).str.strip_chars().replace("", None)


def _key(expr: pl.Expr) -> pl.Expr:
    return expr.str.to_lowercase().str.replace_all(r"\s+", " ")


def _number(column: str) -> pl.Expr:
    return _text(column).str.replace_all(r"[$,\s]", "").cast(pl.Float64, strict=False)


def _date(column: str) -> pl.Expr:
    """Parse YYYY-MM-DD (also with a zero time, as Excel writes it) or MM/DD/YYYY; anything else is null."""
    text = _text(column).str.strip_suffix(" 00:00:00")
    return pl.coalesce(text.str.to_date("%Y-%m-%d", strict=False), text.str.to_date("%m/%d/%Y", strict=False))


def _is_vacant() -> pl.Expr:
    word = pl.col("is_vacant").str.strip_chars().str.to_lowercase().fill_null("")
    return pl.when(word.is_in(TRUE_WORDS)).then(True).when(word.is_in(FALSE_WORDS)).then(False)


def _with_titles(raw: pl.LazyFrame, known_titles: pl.LazyFrame | None) -> pl.LazyFrame:
    """Number the (trimmed) rows and add the matched known title: known_title, known_grade, known_schedule.

    A row matches on its title, else on its class code (or a class code written as its title), both
    case- and spacing-insensitive.
    """
    names = raw.collect_schema().names()
    absent = [pl.lit(None, pl.String).alias(c) for c in (*TITLE_COLUMNS, *OPTIONAL_COLUMNS) if c not in names]
    frame = raw.with_row_index("row", offset=FIRST_DATA_ROW).with_columns(absent)
    if known_titles is None:
        unknown = pl.lit(None, pl.String)
        return frame.with_columns(known_title="title", known_grade=unknown, known_schedule=unknown)
    given = known_titles.collect_schema().names()
    known = known_titles.with_columns(
        pl.lit(None, pl.String).alias(c) for c in ("class_code", "grade", "schedule_id") if c not in given
    ).select(
        known_title="title", known_grade="grade", known_schedule="schedule_id", code="class_code",
        title_k=_key(pl.col("title")),
    )
    by_title = known.drop("code").unique("title_k", keep="first", maintain_order=True)
    by_code = known.drop("title_k").with_columns(code_k=_key(pl.col("code"))).drop("code").drop_nulls("code_k")
    # Titles repeat: match each distinct (title, class_code) once, then join the matches back.
    matched = (
        frame.select("title", "class_code").unique()
        .with_columns(title_k=_key(pl.col("title")), code_k=_key(pl.coalesce("class_code", "title")))
        .join(by_title, on="title_k", how="left")
        .join(by_code.unique("code_k", keep="first", maintain_order=True), on="code_k", how="left", suffix="_c")
        .select("title", "class_code", *[pl.coalesce(c, f"{c}_c").alias(c) for c in KNOWN_COLUMNS])
    )
    return frame.join(matched, on=["title", "class_code"], how="left", nulls_equal=True)


def _typed(raw: pl.LazyFrame, known_titles: pl.LazyFrame | None) -> pl.LazyFrame:
    """One row per raw row: trimmed texts (empty as null), the matched known title, and parsed values.

    Parsed once here so that every check reads them: salary, fte_value, step_value, vacant, and
    hire, title and fill (dates).
    """
    texts = [*REQUIRED_COLUMNS, *TITLE_COLUMNS, *OPTIONAL_COLUMNS]
    names = raw.collect_schema().names()
    trimmed = raw.with_columns(_text(c) for c in texts if c in names)
    return _with_titles(trimmed, known_titles).with_columns(
        salary=_number("annual_salary"), fte_value=_number("fte"), step_value=_number("step"), vacant=_is_vacant(),
        hire=_date("hire_date"), since=_date("title_date"), fill=_date("fill_date"),
    )


def _checks(known: bool) -> list[tuple[str, pl.Expr, str]]:
    """Return (column, bad-row condition, problem) for every row-level rule."""
    given = {c: pl.col(c).is_not_null() for c in (*REQUIRED_COLUMNS, *TITLE_COLUMNS)}
    filled = ~pl.col("vacant")
    salary, fte, step = pl.col("salary"), pl.col("fte_value"), pl.col("step_value")
    whole_step = ((step >= 1) & (step == step.floor()) & (step < 100)).fill_null(False)
    checks = [
        ("position_id", ~given["position_id"], "missing value"),
        ("title", ~given["title"] & ~given["class_code"], "missing value"),
        ("unit", ~given["unit"], "missing value"),
        ("is_vacant", pl.col("vacant").is_null(), "bad flag: expected true/false or yes/no"),
        ("grade", ~given["grade"] & pl.col("known_grade").is_null(), "missing value"),
        ("annual_salary", given["annual_salary"] & salary.is_null(), "not a number"),
        ("annual_salary", salary < 0, "negative salary"),
        ("fte", ~((fte > 0) & (fte <= 1)).fill_null(False), "bad fte: expected a number above 0 and at most 1"),
        ("step", filled & ~given["step"], "missing value"),
        ("step", given["step"] & ~whole_step, "bad step"),
        ("hire_date", filled & ~given["hire_date"], "missing value"),
        ("hire_date", given["hire_date"] & pl.col("hire").is_null(), "bad date"),
        ("title_date", given["title_date"] & pl.col("since").is_null(), "bad date"),
        ("fill_date", given["fill_date"] & pl.col("fill").is_null(), "bad date"),
    ]
    if known:
        unknown = (given["title"] | given["class_code"]) & pl.col("known_title").is_null()
        checks.append(("title", unknown, "unknown title"))
    return checks


def _missing_columns(raw: pl.LazyFrame) -> pl.DataFrame:
    names = raw.collect_schema().names()
    missing = [c for c in REQUIRED_COLUMNS if c not in names]
    if not any(c in names for c in TITLE_COLUMNS):
        missing.append(" or ".join(TITLE_COLUMNS))
    return problem_report([(None, c, "missing column", None) for c in missing])


def roster_problems(raw: pl.LazyFrame, known_titles: pl.LazyFrame | None) -> pl.LazyFrame:
    """One row per problem in a raw (all text) roster: row, column, problem, value; empty when valid."""
    missing = _missing_columns(raw)
    if missing.height:
        return missing.lazy()
    return _problems(_typed(raw, known_titles), known=known_titles is not None)


def _problems(typed: pl.LazyFrame, *, known: bool) -> pl.LazyFrame:
    found = [
        typed.filter(bad.fill_null(False)).select(
            pl.col("row").cast(pl.Int64), column=pl.lit(column), problem=pl.lit(problem),
            value=pl.coalesce("title", "class_code") if column == "title" else pl.col(column),
        )
        for column, bad, problem in _checks(known)
    ]
    duplicates = (
        typed.filter(pl.col("position_id").is_not_null())
        .with_columns(first=pl.col("row").min().over("position_id"))
        .filter(pl.col("row") > pl.col("first"))
        .select(pl.col("row").cast(pl.Int64), column=pl.lit("position_id"),
                problem=pl.format("duplicate id: same as row {}", "first"), value="position_id")
    )
    return pl.concat([*found, duplicates]).sort("row", "column", "problem")


def roster_positions(raw: pl.LazyFrame, known_titles: pl.LazyFrame | None) -> pl.LazyFrame:
    """One row per position of a validated raw roster (POSITIONS_SCHEMA), titles as the known list spells them."""
    return _positions(_typed(raw, known_titles))


def _positions(typed: pl.LazyFrame) -> pl.LazyFrame:
    return typed.sort("row").select(
        "position_id",
        title=pl.coalesce("known_title", "title"),
        class_code="class_code",
        grade=pl.coalesce("grade", "known_grade"),
        step=pl.when("vacant").then(None).otherwise("step_value").cast(pl.Int32),
        annual_salary="salary",
        hire_date="hire",
        title_date="since",
        fte=(pl.col("fte_value") * 10_000).round() / 10_000,  # FTE is costed to 4 decimals
        unit="unit",
        is_vacant="vacant",
        fill_date="fill",
        education="education",
        schedule_id=pl.coalesce("schedule_id", "known_schedule"),
    )
