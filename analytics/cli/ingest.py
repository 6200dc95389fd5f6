"""Ingestion command line: `python -m analytics.ingest <command>`, commands load, extract, evaluate, coverage, rules,
demo, schedule and roster (see --help of each)."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import duckdb
import polars as pl
from tqdm import tqdm

from analytics import db
from analytics.cli.extraction import families_text, run_coverage, run_rules, scores_by_family
from analytics.cli.usage import OneLineParser, UsageError, fail, first_line
from analytics.ingest.evaluate import FIELDS, score
from analytics.ingest.extract import SUPPORTED_SUFFIXES, ExtractError, read_document
from analytics.ingest.load.documents import expand_paths, load_documents
from analytics.ingest.load.pay_schedules import PayScheduleRejected, load_pay_schedule_file
from analytics.ingest.load.rosters import load_roster
from analytics.ingest.parse.spec import parse_spec
from analytics.ingest.tables.pay_schedules import FILE_COLUMNS
from analytics.pay.grades import known_titles
from analytics.pay.steps import step_table

DEFAULT_DOC_DIRS = (
    db.REPO_ROOT.parent / "shared" / "corpus",
    db.REPO_ROOT.parent / "shared" / "seeds",
    db.REPO_ROOT.parent / "shared" / "corpus2",
    db.REPO_ROOT.parent / "shared" / "pool",
    db.REPO_ROOT / "data" / "demo" / "specs",
)
MAX_KEY_BYTES = 20 * 1024 * 1024




def build_parser() -> argparse.ArgumentParser:
    """Return the parser of the sub-commands; each sets `run` to its function."""
    parser = OneLineParser(prog="python -m analytics.ingest", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True, metavar="command", parser_class=OneLineParser)
    load = sub.add_parser("load", help="load documents into the database (one transaction each)")
    load.add_argument("paths", nargs="+", metavar="PATH",
                      help=f"files, folders or glob patterns ({', '.join(SUPPORTED_SUFFIXES)})")
    load.add_argument("--db", help="DuckDB file (default: $LADDER_DB, else data/ladder.duckdb)")
    load.set_defaults(run=run_load)
    extract = sub.add_parser("extract", help="print each document's extracted record as one JSON line")
    extract.add_argument("paths", nargs="+", metavar="PATH", help="files, folders or glob patterns")
    extract.add_argument("--duties", action="store_true", help="include duty statements (long lines)")
    extract.set_defaults(run=run_extract)
    evaluate = sub.add_parser("evaluate", help="score the extractor against answer keys")
    evaluate.add_argument("--key", action="append", required=True, metavar="KEY.json", help="answer key (repeatable)")
    evaluate.add_argument("--docs", action="append", metavar="DIR",
                          help="folder the keys' file paths are relative to (repeatable; default: "
                          "../shared/corpus, ../shared/seeds, ../shared/corpus2, ../shared/pool, data/demo/specs)")
    evaluate.add_argument("--json", action="store_true", help="print the scores as JSON")
    evaluate.add_argument("--by-family", action="store_true",
                          help="score each layout family (the first folder of a key's file paths) on its own")
    evaluate.set_defaults(run=run_evaluate)
    coverage = sub.add_parser("coverage", help="share of documents with a title, salary, path and promotion")
    coverage.add_argument("paths", nargs="+", metavar="PATH", help="files, folders or glob patterns")
    coverage.add_argument("--json", action="store_true", help="print the counts as JSON")
    coverage.add_argument("--quiet", action="store_true", help="no progress bar")
    coverage.set_defaults(run=run_coverage)
    rules = sub.add_parser("rules", help="which documents each rule of the extractor's tables fires on")
    rules.add_argument("paths", nargs="+", metavar="PATH", help="files, folders or glob patterns")
    rules.add_argument("--minimum", type=int, default=2, help="count the rules firing on fewer documents (2)")
    rules.add_argument("--json", action="store_true", help="print every rule's count and first documents as JSON")
    rules.add_argument("--quiet", action="store_true", help="no progress bar")
    rules.set_defaults(run=run_rules)
    demo = sub.add_parser("demo", help="build the demo database if it is missing or empty")
    demo.add_argument("--db", help="DuckDB file (default: $LADDER_DB, else data/ladder.duckdb)")
    demo.add_argument("--force", action="store_true", help="rebuild even if the database has documents")
    demo.set_defaults(run=run_demo)
    schedule = sub.add_parser("schedule", help="validate pay schedule files (.csv/.xlsx) and load each whole")
    schedule.add_argument("paths", nargs="+", metavar="FILE",
                          help=f"pay schedule files with columns {', '.join(FILE_COLUMNS)}")
    schedule.add_argument("--db", help="DuckDB file (default: $LADDER_DB, else data/ladder.duckdb)")
    schedule.set_defaults(run=run_schedule)
    roster = sub.add_parser("roster", help="validate a roster (.csv/.xlsx/.parquet) and load it whole")
    roster.add_argument("path", metavar="FILE", help="one row per position (see README: Rosters)")
    roster.add_argument("--db", help="DuckDB file (default: $LADDER_DB, else data/ladder.duckdb)")
    roster.set_defaults(run=run_roster)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run one sub-command and return its exit code; bad input is one line on stderr, never a traceback."""
    args = build_parser().parse_args(argv)
    try:
        return args.run(args)
    except UsageError as exc:
        return fail(args.command, str(exc), code=1)
    except (duckdb.Error, OSError, ValueError) as exc:
        return fail(args.command, f"{type(exc).__name__}: {first_line(exc)}", code=1)


def run_load(args: argparse.Namespace) -> int:
    """Load the paths; print one line per refused file on stderr and a summary line; 1 if any was refused."""
    con = db.connect(args.db)
    try:
        summary = load_documents(con, args.paths, progress=_progress_bar)
    finally:
        con.close()
    for file, message in summary.problems:
        print(f"{file}: {message}", file=sys.stderr)
    print(f"{summary.n_documents} documents loaded ({summary.n_skipped} already loaded), "
          f"{summary.n_titles} titles, {summary.n_edges} edges, {summary.n_rejects} rejects")
    return 1 if summary.problems else 0


def _progress_bar(files: Sequence[Path]) -> tqdm:
    return tqdm(files, total=len(files), desc="loading", unit="doc", file=sys.stderr)


def run_extract(args: argparse.Namespace) -> int:
    """Print one JSON object per document (parse_spec's record); errors one line each on stderr."""
    files, failures = expand_paths(args.paths)
    for label, message in failures:
        print(f"{label}: {message}", file=sys.stderr)
    for path in files:
        try:
            record = extracted_record(path, file_name=str(path))
        except ExtractError as exc:
            failures.append((str(path), exc.reason))
            print(f"{path}: {exc.reason}", file=sys.stderr)
            continue
        if not args.duties:
            for title in record["titles"]:
                title.pop("duties", None)
        print(json.dumps(record, ensure_ascii=False), flush=True)
    return 1 if failures else 0


def extracted_record(path: Path, *, file_name: str) -> dict[str, Any]:
    """Return parse_spec's record of a file; an unreadable file or a parser failure is an ExtractError."""
    extracted = read_document(path)
    try:
        return parse_spec(extracted.text, file_name=file_name)
    except Exception as exc:  # a parser bug on odd input must still be one line, not a traceback
        reason = f"parser failed: {type(exc).__name__}: {first_line(exc)}"
        raise ExtractError(path.name, "unparsable", reason) from None


def run_evaluate(args: argparse.Namespace) -> int:
    """Score parse_spec over every key's documents; print per-field precision/recall/F1 and the macro F1."""
    keys = [entry for key in args.key for entry in read_key(Path(key))]
    dirs = [Path(d) for d in args.docs] if args.docs else [d for d in DEFAULT_DOC_DIRS if d.is_dir()]
    predicted, missing = [], []
    for gold in keys:
        path = resolve_document(gold["file"], dirs)
        if path is None:
            missing.append(gold["file"])
            print(f"{gold['file']}: not found under {', '.join(map(str, dirs)) or '(no folders)'}", file=sys.stderr)
            continue
        try:
            predicted.append(extracted_record(path, file_name=gold["file"]))
        except ExtractError as exc:
            missing.append(gold["file"])
            print(f"{path}: {exc.reason}", file=sys.stderr)
    try:
        scores = score(predicted, keys)
        by_family = scores_by_family(predicted, keys) if args.by_family else None
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise UsageError(f"malformed answer key: {type(exc).__name__}: {first_line(exc)}") from None
    if args.json:
        print(json.dumps({"all": scores, "families": by_family} if by_family is not None else scores, indent=2))
    else:
        print(scores_text(scores, n_documents=len(predicted)))
        if by_family is not None:
            print("\n" + families_text(by_family))
    return 1 if missing else 0


def read_key(path: Path) -> list[dict[str, Any]]:
    """Return an answer key's entries (a JSON list of objects, each with a `file`); UsageError if not one."""
    try:
        if path.stat().st_size > MAX_KEY_BYTES:
            raise UsageError(f"{path}: answer key larger than {MAX_KEY_BYTES:,} bytes")
        entries = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise UsageError(f"{path}: answer key not found") from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise UsageError(f"{path}: cannot read the answer key: {first_line(exc)}") from None
    if not isinstance(entries, list) or not all(isinstance(e, dict) and isinstance(e.get("file"), str)
                                                for e in entries):
        raise UsageError(f"{path}: an answer key is a JSON list of objects, each with a \"file\" string")
    return entries


def resolve_document(file: str, dirs: Sequence[Path]) -> Path | None:
    """Return the document a key names: `file` under the first folder holding it, else the first file of
    the same name anywhere below the folders (the demo keeps corpus files under other subfolder names)."""
    for folder in dirs:
        if (folder / file).is_file():
            return folder / file
    name = Path(file).name
    for folder in dirs:
        found = sorted(folder.rglob(name)) if folder.is_dir() else []
        if found:
            return found[0]
    return None


def scores_text(scores: dict[str, dict[str, float]], *, n_documents: int) -> str:
    """Return the scores as a text table: one line per field, then the macro F1."""
    lines = [f"{'field':<22}{'precision':>10}{'recall':>8}{'f1':>8}{'n_key':>7}{'n_pred':>8}"]
    for name in FIELDS:
        if name in scores:
            s = scores[name]
            lines.append(f"{name:<22}{s['precision']:>10.3f}{s['recall']:>8.3f}{s['f1']:>8.3f}"
                         f"{s['n_key']:>7}{s['n_predicted']:>8}")
    lines.append(f"macro F1 {scores['macro']['f1']:.3f} over {n_documents} documents")
    return "\n".join(lines)


def run_demo(args: argparse.Namespace) -> int:
    """Build (or keep) the demo database and print where it is and how long it took."""
    from analytics.demo import DemoBuildError, ensure_demo_database

    started = time.perf_counter()
    try:
        path = ensure_demo_database(args.db, force=args.force)
    except DemoBuildError as exc:
        raise UsageError(str(exc)) from None
    print(f"demo database ready: {path} ({time.perf_counter() - started:.1f} s)")
    return 0


def run_schedule(args: argparse.Namespace) -> int:
    """Load each pay schedule file whole, or print its validation report (one line per problem); 1 if any refused."""
    con = db.connect(args.db)
    refused = 0
    try:
        for path in args.paths:
            try:
                changed = load_pay_schedule_file(con, path)
            except PayScheduleRejected as exc:
                refused += 1
                print(f"{path}: refused, nothing loaded ({exc.report.height} problem(s)):", file=sys.stderr)
                _print_report(exc.report)
                continue
            print(f"{path}: {changed} pay rows new or changed" if changed else f"{path}: nothing new, nothing changed")
    finally:
        con.close()
    return 1 if refused else 0


def run_roster(args: argparse.Namespace) -> int:
    """Load a roster whole (titles matched to the loaded job classes), or print its per-row report; 1 if refused."""
    con = db.connect(args.db)
    try:
        loaded = load_roster(con, args.path, known_titles=known_titles(db.run(con, "ladder_classes")),
                             steps=step_table(db.run(con, "pay_rates").lazy()), as_of=dt.date.today())
    finally:
        con.close()
    if loaded.roster_id is None:
        print(f"{args.path}: refused, nothing loaded ({loaded.report.height} problem(s)):", file=sys.stderr)
        _print_report(loaded.report)
        return 1
    state = "loaded" if loaded.is_new else "already loaded, nothing changed"
    print(f"{args.path}: roster {loaded.roster_id} {state} ({loaded.n_positions:,} positions)")
    if loaded.warnings.height:
        print(f"{args.path}: {loaded.warnings.height} salary warning(s), accepted and costed from the stated "
              "salaries:", file=sys.stderr)
        _print_report(loaded.warnings)
    return 0


def _print_report(report: pl.DataFrame) -> None:
    """Print a problem report on stderr, one indented line per problem: where, what, and the value."""
    for row, column, problem, value in report.iter_rows():
        shown = f" ({value})" if value not in (None, "") else ""
        print(f"  {_where(row, column)}{problem}{shown}", file=sys.stderr)


def _where(row: int | None, column: str | None) -> str:
    """Where a report's problem is: "row 3, grade: ", "grade: " or nothing for the whole file."""
    if row is not None:
        return f"row {row}, {column}: "
    return f"{column}: " if column else ""




if __name__ == "__main__":
    sys.exit(main())
