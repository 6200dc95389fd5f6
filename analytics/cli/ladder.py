"""The `ladder` command: where a person can move up or sideways from a title, and when they are eligible."""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import json
import math
from typing import Any

import duckdb
import polars as pl

from analytics import db
from analytics.cli.usage import UsageError, add_db_and_json, fail, first_line
from analytics.ladders.eligibility import LATER
from analytics.ladders.view import MAX_COURSEWORK_UNITS, MAX_YEARS, Profile, ladder_view
from analytics.vocabulary import EDUCATION_LEVELS

TARGET_FIELDS = ("title", "kind", "required_years", "years_to_eligible", "eligible_now", "binding_constraint",
                 "status")
LATERAL_FIELDS = ("title", "kind", "grade", "confidence")



def add_parser(subparsers: Any) -> argparse.ArgumentParser:
    """Add the `ladder` sub-command to an argparse sub-parser collection and return it."""
    parser = subparsers.add_parser(
        "ladder",
        help="titles a person can move to, when they are eligible, and sideways moves",
        description="Career ladder and eligibility timeline for one person. Values are checked by the "
        "command itself so that a bad value gets a one-line message and exit code 2.",
    )
    parser.add_argument("--title", help="current title or class code (required)")
    parser.add_argument("--years", help="years of total experience (required)")
    parser.add_argument("--years-in-title", dest="years_in_title", help="years in the current title (default: --years)")
    parser.add_argument("--education", help=f"highest education (required): {' | '.join(EDUCATION_LEVELS)}")
    parser.add_argument("--as-of", dest="as_of", help="date eligibility is counted from, YYYY-MM-DD (default: today)")
    parser.add_argument("--years-supervisory", dest="years_supervisory",
                        help="years of supervisory experience (default: 0)")
    parser.add_argument("--coursework-units", dest="coursework_units",
                        help="semester units of the college coursework a title asks for, when the person has them "
                        "(default: not stated; a degree then counts only for the units it necessarily includes)")
    parser.add_argument("--jurisdiction",
                        help="id or name of the jurisdiction whose title the ladder starts from, when several "
                        "jurisdictions have a title of that name (default: all of them)")
    add_db_and_json(parser)
    parser.set_defaults(main=main)
    return parser


def main(args: argparse.Namespace) -> int:
    """Run the command: print the ladder report; return 0, or 2 with a one-line message on stderr."""
    try:
        profile = profile_from(args)
        frames = load_frames(args.db)
        profile = dataclasses.replace(profile, jurisdiction=jurisdiction_id(args.jurisdiction, frames["jurisdictions"]))
        report = ladder_report(frames, profile)
    except UsageError as exc:
        return fail("ladder", str(exc))
    except (duckdb.Error, pl.exceptions.PolarsError, OSError) as exc:
        return fail("ladder", f"cannot read the database: {type(exc).__name__}: {first_line(exc)}")
    print(json.dumps(report, indent=2) if args.json else report_text(report, profile))
    return 0




def profile_from(args: argparse.Namespace) -> Profile:
    """Return the person described by the arguments; raises UsageError for a missing or bad value."""
    title = " ".join((args.title or "").split())
    if not title:
        raise UsageError("--title is required")
    years = _years(args.years, "--years")
    in_title = years if args.years_in_title is None else _years(args.years_in_title, "--years-in-title")
    if in_title > years:
        raise UsageError(f"--years-in-title ({in_title:g}) cannot exceed --years ({years:g})")
    education = (args.education or "").strip().lower().replace("-", "_").replace(" ", "_")
    if education not in EDUCATION_LEVELS:
        raise UsageError(f"--education must be one of {', '.join(EDUCATION_LEVELS)}; got {args.education!r}")
    supervisory = 0.0 if args.years_supervisory is None else _years(args.years_supervisory, "--years-supervisory")
    if supervisory > years:
        raise UsageError(f"--years-supervisory ({supervisory:g}) cannot exceed --years ({years:g})")
    return Profile(title, years, in_title, education, _as_of(args.as_of), supervisory,
                   _units(getattr(args, "coursework_units", None)))


def _units(text: str | None) -> float | None:
    return None if text is None else _amount(text, "--coursework-units", "semester units", MAX_COURSEWORK_UNITS)


def _years(text: str | None, option: str) -> float:
    if text is None:
        raise UsageError(f"{option} is required")
    return _amount(text, option, "years", MAX_YEARS)


def _amount(text: str, option: str, unit: str, high: float) -> float:
    try:
        value = float(text)
    except ValueError:
        raise UsageError(f"{option} must be a number of {unit}; got {text!r}") from None
    if not math.isfinite(value) or not 0 <= value <= high:
        raise UsageError(f"{option} must be between 0 and {high:g}; got {text!r}")
    return value


def _as_of(text: str | None) -> dt.date:
    if text is None:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise UsageError(f"--as-of must be a date YYYY-MM-DD; got {text!r}") from None


def jurisdiction_id(text: str | None, jurisdictions: pl.LazyFrame) -> str | None:
    """Return the jurisdiction_id that --jurisdiction names by id or name (any case), None when not given;
    raises UsageError for one not loaded. Input: jurisdictions query rows (jurisdiction_id, name)."""
    if text is None or not text.strip():
        return None
    wanted = " ".join(text.split()).casefold()
    found = jurisdictions.filter(
        (pl.col("jurisdiction_id").str.to_lowercase() == wanted) | (pl.col("name").str.to_lowercase() == wanted)
    ).select("jurisdiction_id").collect()
    if found.is_empty():
        raise UsageError(f"--jurisdiction must be the id or name of a loaded jurisdiction; got {text!r}")
    return found.item(0, 0)


def load_frames(path: str | None) -> dict[str, pl.LazyFrame]:
    """Return the ladder inputs and the jurisdictions read from the database, by query name."""
    db_path = db.database_path(path)
    if str(db_path) != ":memory:" and not db_path.is_file():
        raise UsageError(f"database not found: {db_path}")
    con = db.connect(db_path, read_only=True)
    try:
        names = ("ladder_classes", "ladder_edges", "class_qualification_paths", "class_substitutions", "jurisdictions")
        return {name: db.run(con, name).lazy() for name in names}
    finally:
        con.close()


def ladder_report(frames: dict[str, pl.LazyFrame], profile: Profile) -> dict[str, Any]:
    """Return {"title", "targets": [...], "lateral": [...]} for the person, as the JSON output prints it.

    The numbers are the Ladder explorer's (analytics.ladders.view), so the page and the command agree.
    """
    try:
        view = ladder_view(frames, profile)
    except LookupError as exc:
        raise UsageError(str(exc)) from None
    return {
        "title": view.title,
        "targets": view.targets.select(TARGET_FIELDS).to_dicts(),
        "lateral": view.lateral.select(LATERAL_FIELDS).to_dicts(),
    }


def report_text(report: dict[str, Any], profile: Profile) -> str:
    """Return the report as lines of text for a terminal."""
    where = f" ({profile.jurisdiction})" if profile.jurisdiction else ""
    person = (
        f"{report['title']}{where}: {profile.years_total:g} years ({profile.years_in_title:g} in title), "
        f"education {profile.education}, as of {profile.as_of.isoformat()}"
    )
    lines = [
        person,
        "Up:" if report["targets"] else "Up: no titles found above this one",
    ]
    for target in report["targets"]:
        when = _in_years(target["years_to_eligible"]) if target["status"] == LATER else target["status"]
        lines.append(f"  {target['title']} [{target['kind']}]: {when} - {target['binding_constraint']}")
    lines.append("Sideways:" if report["lateral"] else "Sideways: none found")
    for move in report["lateral"]:
        grade = f"grade {move['grade']}" if move["grade"] else "grade not stated"
        lines.append(f"  {move['title']} [{move['kind']}, {grade}, confidence {move['confidence']:.2f}]")
    return "\n".join(lines)


def _in_years(years: float) -> str:
    return f"in {years:g} year" if years == 1 else f"in {years:g} years"
