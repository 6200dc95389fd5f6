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
from analytics.pay.steps import class_step_table, step_table
from analytics.pay.trajectory import MAX_COLA_PCT, MAX_YEARS, anniversary_increases, pay_trajectory
from analytics.vocabulary import title_key

YEAR_FIELDS = ("year", "salary", "grade", "step")



@dataclass(frozen=True)
class PayRequest:
    """What the command line asks for."""

    title: str
    start: dt.date
    years: int
    cola_pct: float


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
    return PayRequest(title, start, int(args.years), _cola(args.cola))


def _cola(text: str | None) -> float:
    if text is None:
        return 0.0
    try:
        value = float(text.strip().removesuffix("%"))
    except ValueError:
        raise UsageError(f"--cola must be a percentage; got {text!r}") from None
    if not math.isfinite(value) or not 0 <= value <= MAX_COLA_PCT:
        raise UsageError(f"--cola must be between 0 and {MAX_COLA_PCT:g} percent; got {text!r}")
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
    """Return {"title", "schedule", "years": [{"year", "salary", "grade", "step"}]} as the JSON prints it."""
    classes = frames["classes"].collect()
    if classes.is_empty():
        raise UsageError(f"unknown title {request.title!r}: no job class has this title")
    # Classes are ordered by jurisdiction then class_id, so a title shared by several is resolved the same way.
    chosen = classes.head(1)
    steps = class_step_table(chosen.lazy(), step_table(frames["pay_rates"])).collect()
    if steps.is_empty():
        grade = chosen["grade"][0] or "none stated"
        raise UsageError(f"no pay schedule or salary range for {chosen['title'][0]!r} (grade {grade})")
    schedule_id, grade = steps["schedule_id"][0], steps["grade"][0]
    path = pl.LazyFrame({"path_id": ["title"], "leg": [1], "schedule_id": [schedule_id], "grade": [grade],
                         "entry_date": [request.start]})
    trajectory = pay_trajectory(steps.lazy().drop("class_id"), path, _increases(request),
                                years=request.years).collect()
    years = trajectory.select("year", "salary", "grade", pl.col("step_label").alias("step"))
    return {"title": chosen["title"][0], "schedule": schedule_id, "years": years.select(YEAR_FIELDS).to_dicts()}


def _increases(request: PayRequest) -> pl.LazyFrame | None:
    if not request.cola_pct:
        return None
    return anniversary_increases(start_date=request.start, years=request.years, pct=request.cola_pct / 100)


def report_text(report: dict[str, Any]) -> str:
    """Return the trajectory as lines of text for a terminal."""
    lines = [f"{report['title']} on {report['schedule']}"]
    lines += [f"  year {y['year']:>2}: {y['salary']:>12,.2f}  grade {y['grade']}, step {y['step']}"
              for y in report["years"]]
    return "\n".join(lines)
