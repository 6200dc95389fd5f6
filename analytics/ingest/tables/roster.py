"""Rosters: validate a CSV, Excel or Parquet file of positions, report every problem, and type the rows."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

import polars as pl

from analytics.ingest import limits
from analytics.ingest.extract import TableError, read_table
from analytics.ingest.tables.problems import FIRST_DATA_ROW, REPORT_SCHEMA, file_problem_report, problem_report

REQUIRED_COLUMNS = (
    "position_id", "grade", "step", "annual_salary", "hire_date", "title_date", "fte", "unit", "is_vacant",
    "fill_date",
)
TITLE_COLUMNS = ("title", "class_code")  # at least one of them
OPTIONAL_COLUMNS = ("education", "schedule_id", "as_of")
# as_of: the roster's date (YYYY-MM-DD), one for the whole file (blank rows take it); the date its positions are
# as stated on, which workforce history snapshots need. Absent, a loader may give one (check_roster's as_of).
MAX_FILE_BYTES = limits.ROSTER_MAX_BYTES
FILE_TYPES = (".csv", ".xlsx", ".parquet")
TRUE_WORDS = ("true", "yes", "y", "1", "vacant")
FALSE_WORDS = ("false", "no", "n", "0", "filled", "")

KNOWN_COLUMNS = ("known_title", "known_grade", "known_schedule")
# The pay-table columns the steps and salaries are checked against (analytics.pay.steps.STEP_TABLE_SCHEMA has them).
STEPS_SCHEMA = {"schedule_id": pl.String, "grade": pl.String, "effective_date": pl.Date, "step_index": pl.Int32,
                "step_label": pl.String, "annual_amount": pl.Float64}
# Step words as schedules print them, compared upper-case without spaces ("Job Rate" -> "JOBRATE").
FIRST_STEP_WORDS = ("HR", "MIN")  # the hiring rate, a range's minimum: the grade's first step
TOP_STEP_WORDS = ("JR", "JOBRATE", "MAX")  # the job rate, a range's maximum: the grade's top step
ENGINE_STEP_LABEL = r"^(?:HR|MIN)\+(\d+)(?:ADV)?$"  # analytics.pay.steps labels: HR+2adv and MIN+2 are step 3
SALARY_TOLERANCE = 0.01  # a stated salary further than this from its step's table amount is a warning
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


@dataclass(frozen=True)
class RosterCheck:
    """A checked roster file: positions (empty unless report is), report (problems), warnings (accepted anyway),
    and as_of, the roster's date (its as_of column, else the one the caller gave; None: neither).

    report and warnings have the one report shape (REPORT_SCHEMA): row, column, problem, value.
    """

    positions: pl.DataFrame
    report: pl.DataFrame
    warnings: pl.DataFrame
    as_of: date | None = None


def check_roster(
    path: str | Path, known_titles: pl.LazyFrame | None, *, steps: pl.LazyFrame | None = None,
    as_of: date | None = None,
) -> RosterCheck:
    """Return the positions, problems and warnings of a roster file; nothing is partially accepted.

    positions: one row per position (POSITIONS_SCHEMA). Titles are checked against `known_titles`
    (title, class_code, grade, schedule_id; case-insensitive) unless it is None. Steps are read as
    schedules name them (_step_resolution) against `steps`, the pay tables (analytics.pay.steps
    STEP_TABLE_SCHEMA: schedule_id, grade, effective_date, step_index, step_label, annual_amount),
    each grade's version in effect on the roster's date (None: its latest version). A filled position's stated
    salary more than SALARY_TOLERANCE from its step's amount in that version is a warning. The roster's date
    is its optional as_of column (one date for the file), else the `as_of` given.
    """
    no_positions = pl.DataFrame(schema=POSITIONS_SCHEMA)
    no_warnings = problem_report([])
    try:
        raw = read_table(path, file_types=FILE_TYPES, max_bytes=MAX_FILE_BYTES)
    except TableError as exc:
        return RosterCheck(no_positions, file_problem_report(exc), no_warnings)
    missing = _missing_columns(raw.lazy())
    if missing.height:
        return RosterCheck(no_positions, missing, no_warnings)
    day = roster_date(raw.lazy(), as_of)
    typed = _typed(raw.lazy(), known_titles, steps, day).collect().lazy()
    report, warnings = pl.collect_all([_problems(typed, known=known_titles is not None), _salary_warnings(typed)])
    if report.height:
        return RosterCheck(no_positions, report, warnings, day)
    return RosterCheck(_positions(typed).collect(), report, warnings, day)


def roster_date(raw: pl.LazyFrame, as_of: date | None = None) -> date | None:
    """Return a raw roster's date: the first date its as_of column states, else `as_of` (None: neither)."""
    if "as_of" not in raw.collect_schema().names():
        return as_of
    stated = raw.select(_date("as_of").drop_nulls().first()).collect().item()
    return stated if stated is not None else as_of


def read_roster(
    path: str | Path, known_titles: pl.LazyFrame | None, *, steps: pl.LazyFrame | None = None,
    as_of: date | None = None,
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Return (positions, report) for a roster file: positions are empty unless the report is (check_roster)."""
    checked = check_roster(path, known_titles, steps=steps, as_of=as_of)
    return checked.positions, checked.report


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


def _typed(
    raw: pl.LazyFrame, known_titles: pl.LazyFrame | None, steps: pl.LazyFrame | None, as_of: date | None
) -> pl.LazyFrame:
    """One row per raw row: trimmed texts (empty as null), the matched known title, and parsed values.

    Parsed once here so that every check reads them: salary, fte_value, vacant, hire, title, fill and day
    (dates; first_day: the first date of the as_of column), and the step's reading (_step_resolution):
    step_value, step_problem and table_* columns.
    """
    texts = [*REQUIRED_COLUMNS, *TITLE_COLUMNS, *OPTIONAL_COLUMNS]
    names = raw.collect_schema().names()
    trimmed = raw.with_columns(_text(c) for c in texts if c in names)
    typed = _with_titles(trimmed, known_titles).with_columns(
        salary=_number("annual_salary"), fte_value=_number("fte"), vacant=_is_vacant(),
        hire=_date("hire_date"), since=_date("title_date"), fill=_date("fill_date"), day=_date("as_of"),
        _schedule=pl.coalesce("schedule_id", "known_schedule"), _grade=pl.coalesce("grade", "known_grade"),
    )
    typed = typed.with_columns(first_day=pl.col("day").drop_nulls().first())
    keys = ["_schedule", "_grade", "step"]
    # Few distinct (schedule, grade, step) texts however long the roster: read each once.
    readings = _step_resolution(typed.select(keys).unique(), steps, as_of)
    return typed.join(readings, on=keys, how="left", nulls_equal=True)


def _grade_key(expr: pl.Expr) -> pl.Expr:
    """The grade matching key of analytics.costs.rates.grade_key (ingest may not import costs; a test keeps both)."""
    cleaned = expr.str.to_uppercase().str.replace_all(r"[^A-Z0-9]", "")
    return cleaned.str.replace(r"^(SG|GRADE)(\d)", "$2")


def _step_key(expr: pl.Expr) -> pl.Expr:
    return expr.str.to_uppercase().str.replace_all(r"\s+", "")


def _reference_steps(steps: pl.LazyFrame, as_of: date | None) -> pl.LazyFrame:
    """The step rows of each grade's version in effect on as_of (the latest dated on or before it, an undated
    one being the earliest; before any, the earliest), or of its latest version when as_of is None."""
    grade = ["schedule_id", "grade"]
    day = pl.col("effective_date").fill_null(date.min)
    if as_of is None:
        chosen = day.max().over(grade)
    else:
        in_force = day <= as_of
        chosen = pl.when(in_force.any().over(grade)).then(day.filter(in_force).max().over(grade)).otherwise(
            day.min().over(grade))
    return steps.filter(day == chosen)


def _step_tables(steps: pl.LazyFrame, as_of: date | None) -> tuple[pl.LazyFrame, pl.LazyFrame]:
    """(grades, table steps): one row per pay-table grade (_table, schedule_id, _key, is_unique, _first, _top,
    _steps_text naming its steps) and one per step of its reference version (_table, step_index, _label_key,
    table_label, table_amount, table_date)."""
    rows = _reference_steps(steps, as_of)
    labels = pl.col("step_label").sort_by("step_index").str.join(", ")
    numbered = (pl.col("step_label") == pl.col("step_index").cast(pl.String)).all()
    grades = (
        rows.group_by("schedule_id", "grade")
        .agg(_first=pl.col("step_index").min(), _top=pl.col("step_index").max(), _labels=labels, _numbered=numbered)
        .sort("schedule_id", "grade")
        .with_row_index("_table")
        .with_columns(
            _key=_grade_key(pl.col("grade")),
            _steps_text=pl.when("_numbered").then(pl.format("steps {}-{}", "_first", "_top"))
            .otherwise(pl.format("{} (steps {}-{})", "_labels", "_first", "_top")),
        )
        .with_columns(is_unique=pl.col("schedule_id").n_unique().over("_key") == 1)
    )
    table_steps = rows.join(grades.select("_table", "schedule_id", "grade"), on=["schedule_id", "grade"]).select(
        "_table", "step_index", _label_key=_step_key(pl.col("step_label")), table_label="step_label",
        table_amount="annual_amount", table_date="effective_date",
    )
    return grades, table_steps


def _step_resolution(keys: pl.LazyFrame, steps: pl.LazyFrame | None, as_of: date | None) -> pl.LazyFrame:
    """One row per distinct (_schedule, _grade, step): step_value (the step index), step_problem, table_*.

    A step is a number or "Step n", or a label of its grade's pay table (HR, HR+2adv, JR, MIN, MAX, ...),
    or a word: HR / MIN the first step, JR / Job Rate / MAX the top step (case and spaces ignored). The
    grade's table is its schedule's (else the only schedule with that grade); a step it does not pay is a
    problem naming its steps. With no table for the grade, a number and the first-step words and engine
    labels still read; the top-step words do not.
    """
    norm = _step_key(pl.col("step"))
    number = norm.str.replace(r"^STEP", "").str.replace_all(r"[$,]", "").cast(pl.Float64, strict=False)
    whole = ((number >= 1) & (number == number.floor()) & (number < 100)).fill_null(False)
    grades, table_steps = _step_tables(pl.LazyFrame(schema=STEPS_SCHEMA) if steps is None else steps, as_of)
    exact = grades.select(_schedule="schedule_id", _key="_key", _exact="_table")
    unique = grades.filter("is_unique").select("_key", _unique="_table")
    frame = (
        keys.with_columns(_norm=norm, _number=pl.when(whole).then(number).cast(pl.Int32),
                          _key=_grade_key(pl.col("_grade")))
        .join(exact, on=["_schedule", "_key"], how="left")
        .join(unique, on="_key", how="left")
        .with_columns(_table=pl.coalesce("_exact", "_unique"))
        .join(grades.select("_table", "_first", "_top", "_steps_text"), on="_table", how="left")
        .join(table_steps.select("_table", "_label_key", _by_label="step_index"),
              left_on=["_table", "_norm"], right_on=["_table", "_label_key"], how="left")
        .join(table_steps.select("_table", _n="step_index", _by_number="step_index"),
              left_on=["_table", "_number"], right_on=["_table", "_n"], how="left")
    )
    first, top = pl.col("_norm").is_in(FIRST_STEP_WORDS), pl.col("_norm").is_in(TOP_STEP_WORDS)
    advances = pl.col("_norm").str.extract(ENGINE_STEP_LABEL).cast(pl.Int32, strict=False) + 1
    has_table = pl.col("_table").is_not_null()
    on_table = pl.coalesce("_by_label", pl.when(first).then("_first"), pl.when(top).then("_top"), "_by_number")
    off_table = pl.coalesce("_number", pl.when(first).then(pl.lit(1)), advances)
    value = pl.when(has_table).then(on_table).otherwise(off_table).cast(pl.Int32)
    problem = (
        pl.when(pl.col("step").is_null() | value.is_not_null()).then(pl.lit(None, pl.String))
        .when(has_table).then(pl.format("not a step of grade {}: it has {}", "_grade", "_steps_text"))
        .when(top).then(pl.format("bad step: no pay table for grade {} says which step is the top", "_grade"))
        .otherwise(pl.lit("bad step"))
    )
    return (
        frame.with_columns(step_value=value, step_problem=problem)
        .join(table_steps.select("_table", "step_index", "table_label", "table_amount", "table_date"),
              left_on=["_table", "step_value"], right_on=["_table", "step_index"], how="left")
        .select("_schedule", "_grade", "step", "step_value", "step_problem", "table_label", "table_amount",
                "table_date")
    )


def _checks(known: bool) -> list[tuple[str, pl.Expr, str | pl.Expr]]:
    """Return (column, bad-row condition, problem) for every row-level rule."""
    given = {c: pl.col(c).is_not_null() for c in (*REQUIRED_COLUMNS, *TITLE_COLUMNS)}
    filled = ~pl.col("vacant")
    salary, fte = pl.col("salary"), pl.col("fte_value")
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
        ("step", pl.col("step_problem").is_not_null(), pl.col("step_problem")),
        ("hire_date", filled & ~given["hire_date"], "missing value"),
        ("hire_date", given["hire_date"] & pl.col("hire").is_null(), "bad date"),
        ("title_date", given["title_date"] & pl.col("since").is_null(), "bad date"),
        ("fill_date", given["fill_date"] & pl.col("fill").is_null(), "bad date"),
        ("as_of", pl.col("as_of").is_not_null() & pl.col("day").is_null(), "bad date"),
        ("as_of", pl.col("day") != pl.col("first_day"),
         pl.format("not the roster's date {}: one roster has one as_of", "first_day")),
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


def roster_problems(
    raw: pl.LazyFrame, known_titles: pl.LazyFrame | None, *, steps: pl.LazyFrame | None = None,
    as_of: date | None = None,
) -> pl.LazyFrame:
    """One row per problem in a raw (all text) roster: row, column, problem, value; empty when valid.

    steps and as_of as check_roster takes them.
    """
    missing = _missing_columns(raw)
    if missing.height:
        return missing.lazy()
    return _problems(_typed(raw, known_titles, steps, roster_date(raw, as_of)), known=known_titles is not None)


def _salary_warnings(typed: pl.LazyFrame) -> pl.LazyFrame:
    """One row per filled position whose stated salary is over SALARY_TOLERANCE from its step's table amount."""
    amount, salary = pl.col("table_amount"), pl.col("salary")
    off = salary / amount - 1
    flagged = typed.filter((~pl.col("vacant") & (off.abs() > SALARY_TOLERANCE)).fill_null(False))
    percent = (off.abs() * 100).round(1).cast(pl.String)
    side = pl.when(off > 0).then(pl.lit("above")).otherwise(pl.lit("below"))
    shown = pl.when(amount == amount.round(0)).then(amount.cast(pl.Int64).cast(pl.String)).otherwise(
        amount.round(2).cast(pl.String))
    problem = pl.format(
        "{}% {} {}, the pay table's amount for grade {} step {} ({}); accepted and costed from the stated salary",
        percent, side, shown, "_grade", "table_label",
        pl.format("table of {}", "table_date").fill_null(pl.lit("undated table")),
    )
    return flagged.sort("row").select(
        pl.col("row").cast(pl.Int64), column=pl.lit("annual_salary"), problem=problem, value="annual_salary",
    ).cast(REPORT_SCHEMA)


def _problems(typed: pl.LazyFrame, *, known: bool) -> pl.LazyFrame:
    found = [
        typed.filter(bad.fill_null(False)).select(
            pl.col("row").cast(pl.Int64), column=pl.lit(column),
            problem=pl.lit(problem) if isinstance(problem, str) else problem,
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


def roster_positions(
    raw: pl.LazyFrame, known_titles: pl.LazyFrame | None, *, steps: pl.LazyFrame | None = None,
    as_of: date | None = None,
) -> pl.LazyFrame:
    """One row per position of a validated raw roster (POSITIONS_SCHEMA), titles as the known list spells them.

    Steps are step indices, read as check_roster reads them.
    """
    return _positions(_typed(raw, known_titles, steps, roster_date(raw, as_of)))


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
