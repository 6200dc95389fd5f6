"""Ingestion command line: `python -m analytics.ingest <command>`, commands load, extract, evaluate, coverage, rules,
demo, schedule, roster, correct, corrections, revert and delete (see --help of each)."""

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
from analytics.audit import cli_user, record
from analytics.cli.extraction import families_text, run_coverage, run_rules, scores_by_family
from analytics.cli.usage import OneLineParser, UsageError, fail, first_line
from analytics.ingest.evaluate import FIELDS, score
from analytics.ingest.extract import SUPPORTED_SUFFIXES, ExtractError, read_document
from analytics.ingest.load.corrections import (
    FILE_COLUMNS,
    CorrectionError,
    apply_file,
    as_file_rows,
    list_corrections,
    revert,
)
from analytics.ingest.load.documents import expand_paths, load_documents
from analytics.ingest.load.pay_schedules import PayScheduleRejected, load_pay_schedule_file
from analytics.ingest.load.rosters import load_roster
from analytics.ingest.load.versions import delete_document, find_document
from analytics.ingest.parse.spec import parse_spec
from analytics.ingest.tables.pay_schedules import FILE_COLUMNS as PAY_FILE_COLUMNS
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
                          help=f"pay schedule files with columns {', '.join(PAY_FILE_COLUMNS)}")
    schedule.add_argument("--db", help="DuckDB file (default: $LADDER_DB, else data/ladder.duckdb)")
    schedule.set_defaults(run=run_schedule)
    roster = sub.add_parser("roster", help="validate a roster (.csv/.xlsx/.parquet) and load it whole")
    roster.add_argument("path", metavar="FILE", help="one row per position (see README: Rosters)")
    roster.add_argument("--db", help="DuckDB file (default: $LADDER_DB, else data/ladder.duckdb)")
    roster.set_defaults(run=run_roster)
    correct = sub.add_parser("correct", help="apply a file of corrections of extracted facts (all or none)")
    correct.add_argument("path", metavar="FILE.csv",
                         help=f"columns {', '.join(FILE_COLUMNS)} (title or class_code names the class; README: "
                         "Corrections)")
    correct.add_argument("--db", help="DuckDB file (default: $LADDER_DB, else data/ladder.duckdb)")
    correct.set_defaults(run=run_correct)
    listing = sub.add_parser("corrections", help="list the corrections (active and waiting for review)")
    shape = listing.add_mutually_exclusive_group()
    shape.add_argument("--json", action="store_true", help="print them as a JSON list")
    shape.add_argument("--csv", action="store_true",
                       help="print the open ones as a corrections file that `correct` applies again (after a rebuild)")
    listing.add_argument("--all", action="store_true", help="include reverted, replaced and dismissed ones")
    listing.add_argument("--db", help="DuckDB file (default: $LADDER_DB, else data/ladder.duckdb)")
    listing.set_defaults(run=run_corrections)
    undo = sub.add_parser("revert", help="put a corrected fact back as extracted")
    undo.add_argument("correction_id", metavar="ID", help="the correction's id (corrections lists them)")
    undo.add_argument("--db", help="DuckDB file (default: $LADDER_DB, else data/ladder.duckdb)")
    undo.set_defaults(run=run_revert)
    delete = sub.add_parser("delete", help="delete a loaded document and every fact read from it (one transaction)")
    delete.add_argument("document", metavar="SHA256|FILE",
                        help="the document's sha256 (8 characters or more) or its file name as loaded")
    delete.add_argument("--db", help="DuckDB file (default: $LADDER_DB, else data/ladder.duckdb)")
    delete.set_defaults(run=run_delete)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run one sub-command and return its exit code; bad input is one line on stderr, never a traceback."""
    args = build_parser().parse_args(argv)
    try:
        return args.run(args)
    except UsageError as exc:
        return fail(args.command, str(exc), code=1)
    except CorrectionError as exc:
        for problem in exc.problems:
            print(f"{args.command}: error: {problem}", file=sys.stderr)
        return 1
    except (duckdb.Error, OSError, ValueError) as exc:
        return fail(args.command, f"{type(exc).__name__}: {first_line(exc)}", code=1)


def run_load(args: argparse.Namespace) -> int:
    """Load the paths; print one line per refused file on stderr and a summary line; 1 if any was refused."""
    con = db.connect(args.db)
    try:
        summary = load_documents(con, args.paths, progress=_progress_bar, who=cli_user())
    finally:
        con.close()
    for file, message in summary.problems:
        print(f"{file}: {message}", file=sys.stderr)
    print(f"{summary.n_documents} documents loaded ({summary.n_skipped} already loaded), "
          f"{summary.n_titles} titles, {summary.n_edges} edges, {summary.n_rejects} rejects")
    if summary.n_superseded or summary.n_corrected or summary.n_to_review:
        print(f"{summary.n_superseded} earlier class versions superseded, {summary.n_corrected} corrections applied "
              f"again, {summary.n_to_review} waiting for review (the Review page lists them)")
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
                if changed:
                    record(con, cli_user(), "load a pay schedule", f"{Path(path).name}: {changed} row(s) new or "
                           "changed")
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
        if loaded.roster_id is not None and loaded.is_new:
            record(con, cli_user(), "load a roster", f"{Path(args.path).name}: roster {loaded.roster_id}")
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




def run_correct(args: argparse.Namespace) -> int:
    """Apply a corrections file in one transaction; print each correction's id, or one line per problem."""
    con = db.connect(args.db)
    try:
        ids = apply_file(con, args.path, who=cli_user())
    finally:
        con.close()
    print(f"{args.path}: {len(ids)} correction(s) applied: {', '.join(ids)}")
    return 0


def run_corrections(args: argparse.Namespace) -> int:
    """Print the corrections as a table, a JSON list, or a corrections file."""
    with db.reading(args.db) as con:
        found = list_corrections(con, include_closed=args.all)
    if args.csv:
        sys.stdout.write(as_file_rows(found).write_csv())
    elif args.json:
        rows = found.drop("class_key").with_columns(pl.col(pl.Datetime).dt.to_string("%Y-%m-%dT%H:%M:%S"))
        print(json.dumps(rows.to_dicts(), indent=2, ensure_ascii=False))
    elif found.is_empty():
        print("no corrections" if args.all else "no open corrections (--all lists reverted ones too)")
    else:
        for row in found.iter_rows(named=True):
            where = f" #{row['position']}" if row["position"] else ""
            about = f" {row['other_title'] or row['level']}" if row["other_title"] or row["level"] else ""
            print(f"{row['correction_id']}  {row['status']:<12} {row['created_at']:%Y-%m-%d %H:%M}  {row['author']}  "
                  f"{row['class_title']}: {row['field']}{where}{about}: {row['old_value'] or '(none)'} -> "
                  f"{row['new_value'] or '(wrong)'}  ({row['reason']})")
    return 0


def run_revert(args: argparse.Namespace) -> int:
    """Revert one correction; print what the fact is again."""
    con = db.connect(args.db)
    try:
        found = revert(con, args.correction_id, who=cli_user())
    finally:
        con.close()
    print(f"{args.correction_id}: {found['class_title']}: {found['field']} is {found['old_value'] or '(none)'} "
          "again, as extracted")
    return 0


def run_delete(args: argparse.Namespace) -> int:
    """Delete one loaded document (by sha256 prefix or file name); print what went and what is current again."""
    con = db.connect(args.db)
    try:
        document_id, _ = find_document(con, args.document)
        deleted = delete_document(con, document_id, who=cli_user())
    finally:
        con.close()
    again = f"; earlier versions current again: {', '.join(deleted.restored)}" if deleted.restored else ""
    print(f"{deleted.file_name} ({deleted.document_id}) deleted with its {deleted.n_classes} class(es){again}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
