"""The `pay` command: salary by year for a title from a start date, on the title's pay schedule."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import math
from dataclasses import dataclass
from typing import Any

import duckdb
import polars as pl

from analytics import db
from analytics.cli.usage import UsageError, add_db_and_json, fail, first_line
from analytics.pay.progression import Longevity
from analytics.pay.steps import (
    RANGE_SCHEDULE_PREFIX,
    class_step_table,
    is_range_only,
    lump_sum_table,
    pay_basis_words,
    step_table,
)
from analytics.pay.trajectory import MAX_COLA_PCT, MAX_YEARS, anniversary_increases, pay_trajectory
from analytics.vocabulary import title_key

YEAR_FIELDS = ("year", "salary", "grade", "step")
DEFAULT_RANGE_PCT = 3.0  # percent a year up a range that states only a minimum and a maximum
MAX_RANGE_PCT = 20.0
MAX_SALARY = 10_000_000.0



@dataclass(frozen=True)
class PayRequest:
    """What the command line asks for."""

    title: str
    start: dt.date
    years: int
    cola_pct: float
    range_pct: float = DEFAULT_RANGE_PCT
    years_in_title: float = 0.0
    current_salary: float | None = None
    longevity: Longevity | None = None


def add_parser(subparsers: Any) -> argparse.ArgumentParser:
    """Add the `pay` sub-command to an argparse sub-parser collection and return it."""
    parser = subparsers.add_parser(
        "pay",
        help="salary by year for a title from a start date",
        description="Pay trajectory for a title: hiring rate on the start date, then the steps of its "
        "schedule (or of its stated salary range). Bad values get a one-line message and exit code 2.",
    )
    parser.add_argument("--title", help="job class title (required)")
    parser.add_argument("--start", help="start date YYYY-MM-DD (required)")
    parser.add_argument("--years", help=f"number of years, 1-{MAX_YEARS} (required)")
    parser.add_argument("--cola", help="general increase in percent applied on every anniversary of the start "
                        f"(0-{MAX_COLA_PCT:g}; default 0)")
    parser.add_argument("--range-pct", dest="range_pct", help="percent a year a title paid on a range that states "
                        f"only a minimum and a maximum moves up it (above 0, at most {MAX_RANGE_PCT:g}; "
                        f"default {DEFAULT_RANGE_PCT:g})")
    parser.add_argument("--years-in-title", dest="years_in_title", help="years the person has already served in "
                        "the title at the start: the trajectory starts on the step that reaches (default 0)")
    parser.add_argument("--current-salary", dest="current_salary", help="the person's annual salary at the start "
                        "(default: the step's amount)")
    parser.add_argument("--longevity", help="an assumed New York longevity step: annual amount added after "
                        "--longevity-after years at the job rate (no source gives the amounts; default: none)")
    parser.add_argument("--longevity-after", dest="longevity_after",
                        help="whole years at the job rate before the longevity step (1-40; default 5)")
    add_db_and_json(parser)
    parser.set_defaults(main=main)
    return parser


def main(args: argparse.Namespace) -> int:
    """Run the command: print the trajectory; return 0, or 2 with a one-line message on stderr."""
    try:
        request = request_from(args)
        report = pay_report(load_frames(args.db, request.title), request)
    except UsageError as exc:
        return fail("pay", str(exc))
    except (duckdb.Error, pl.exceptions.PolarsError, OSError, ValueError) as exc:
        return fail("pay", f"cannot compute the trajectory: {type(exc).__name__}: {first_line(exc)}")
    print(json.dumps(report, indent=2) if args.json else report_text(report))
    return 0




def request_from(args: argparse.Namespace) -> PayRequest:
    """Return the request the arguments describe; raises UsageError for a missing or bad value."""
    title = " ".join((args.title or "").split())
    if not title:
        raise UsageError("--title is required")
    if not args.start:
        raise UsageError("--start is required")
    try:
        start = dt.date.fromisoformat(args.start.strip())
    except ValueError:
        raise UsageError(f"--start must be a date YYYY-MM-DD; got {args.start!r}") from None
    if not args.years:
        raise UsageError("--years is required")
    if not args.years.strip().isdigit() or not 1 <= int(args.years) <= MAX_YEARS:
        raise UsageError(f"--years must be a whole number 1-{MAX_YEARS}; got {args.years!r}")
    range_pct = _number(getattr(args, "range_pct", None), "--range-pct", "a percentage", 0, MAX_RANGE_PCT,
                        DEFAULT_RANGE_PCT, percent=True)
    if range_pct <= 0:
        raise UsageError(f"--range-pct must be above 0; got {args.range_pct!r}")
    in_title = _number(getattr(args, "years_in_title", None), "--years-in-title", "a number of years", 0, 80, 0.0)
    salary = getattr(args, "current_salary", None)
    current = None if salary is None else _number(salary, "--current-salary", "an amount", 0, MAX_SALARY, 0.0)
    return PayRequest(title, start, int(args.years), _cola(args.cola), range_pct, in_title, current, _longevity(args))


def _longevity(args: argparse.Namespace) -> Longevity | None:
    amount, after = getattr(args, "longevity", None), getattr(args, "longevity_after", None)
    if amount is None:
        if after is not None:
            raise UsageError("--longevity-after needs --longevity")
        return None
    value = _number(amount, "--longevity", "an amount", 1, 100_000, 0.0)
    years = _number(after, "--longevity-after", "a whole number of years", 1, 40, 5.0)
    if years != int(years):
        raise UsageError(f"--longevity-after must be a whole number of years; got {after!r}")
    return Longevity(value, int(years))


def _cola(text: str | None) -> float:
    return _number(text, "--cola", "a percentage", 0, MAX_COLA_PCT, 0.0, percent=True)


def _number(text: str | None, option: str, what: str, low: float, high: float, default: float, *,
            percent: bool = False) -> float:
    if text is None:
        return default
    try:
        value = float(text.strip().removesuffix("%") if percent else text.strip().replace(",", ""))
    except ValueError:
        raise UsageError(f"{option} must be {what}; got {text!r}") from None
    unit = " percent" if percent else ""
    if not math.isfinite(value) or not low <= value <= high:
        raise UsageError(f"{option} must be between {low:,.10g} and {high:,.10g}{unit}; got {text!r}")
    return value


def load_frames(path: str | None, title: str) -> dict[str, pl.LazyFrame]:
    """Return the classes matching the title and every pay rate, read from the database."""
    db_path = db.database_path(path)
    if str(db_path) != ":memory:" and not db_path.is_file():
        raise UsageError(f"database not found: {db_path}")
    con = db.connect(db_path, read_only=True)
    try:
        classes = db.run(con, "class_pay_profile", {"title": title, "title_key": title_key(title)})
        return {"classes": classes.lazy(), "pay_rates": db.run(con, "pay_rates").lazy()}
    finally:
        con.close()


def pay_report(frames: dict[str, pl.LazyFrame], request: PayRequest) -> dict[str, Any]:
    """Return {"title", "schedule", "pay_basis", "years": [{"year", "salary", "grade", "step"}]} as the JSON prints
    it. schedule is null for a class paid on its own stated range; pay_basis says what the title is paid on in
    words (steps.pay_basis_words), with the assumed percentage of a range that states only its bounds."""
    classes = frames["classes"].collect()
    if classes.is_empty():
        raise UsageError(f"unknown title {request.title!r}: no job class has this title")
    # Classes are ordered by jurisdiction then class_id, so a title shared by several is resolved the same way.
    chosen = classes.head(1)
    pct = request.range_pct / 100
    steps = class_step_table(chosen.lazy(), step_table(frames["pay_rates"], generic_annual_pct=pct),
                             generic_annual_pct=pct).collect()
    if steps.is_empty():
        grade = chosen["grade"][0] or "none stated"
        raise UsageError(f"no pay schedule or salary range for {chosen['title'][0]!r} (grade {grade})")
    schedule_id, grade = steps["schedule_id"][0], steps["grade"][0]
    path = pl.LazyFrame({"path_id": ["title"], "leg": [1], "schedule_id": [schedule_id], "grade": [grade],
                         "entry_date": [request.start]})
    trajectory = pay_trajectory(steps.lazy().drop("class_id"), path, _increases(request), years=request.years,
                                years_in_title=request.years_in_title, start_salary=request.current_salary,
                                lump_sums=lump_sum_table(frames["pay_rates"]), longevity=request.longevity).collect()
    years = trajectory.select("year", "salary", "grade", pl.col("step_label").alias("step"))
    first = steps.filter(pl.col("schedule_id") == schedule_id, pl.col("grade") == grade).sort("step_index").row(
        0, named=True)
    basis = pay_basis_words(schedule_id, grade, range_only=is_range_only(first["engine"], first["step_label"]),
                            range_pct=pct)
    shown = None if schedule_id.startswith(RANGE_SCHEDULE_PREFIX) else schedule_id
    return {"title": chosen["title"][0], "schedule": shown, "pay_basis": basis,
            "years": years.select(YEAR_FIELDS).to_dicts()}


def _increases(request: PayRequest) -> pl.LazyFrame | None:
    if not request.cola_pct:
        return None
    return anniversary_increases(start_date=request.start, years=request.years, pct=request.cola_pct / 100)


def report_text(report: dict[str, Any]) -> str:
    """Return the trajectory as lines of text for a terminal."""
    lines = [f"{report['title']} on {report['pay_basis']}"]
    lines += [f"  year {y['year']:>2}: {y['salary']:>12,.2f}  grade {y['grade']}, step {y['step']}"
              for y in report["years"]]
    return "\n".join(lines)
