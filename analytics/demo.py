"""Build the demo database from the bundled inputs (data/demo, data/paydata) when it is missing or empty.

It runs the ingest loaders and the grade rules (which schedule pays a roster's titles), so it sits above both.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

import duckdb

from analytics import db
from analytics.audit import cli_user, record
from analytics.ingest.load.corrections import reapply
from analytics.ingest.load.documents import LoadSummary, load_documents
from analytics.ingest.load.pay_schedules import load_demo_pay_schedules
from analytics.ingest.load.rosters import load_roster, load_roster_snapshot
from analytics.pay.grades import known_titles
from analytics.pay.steps import step_table
from queries import sql

log = logging.getLogger(__name__)

DEMO_DIR = db.REPO_ROOT / "data" / "demo"
DEMO_SPECS = DEMO_DIR / "specs"
DEMO_ROSTER = DEMO_DIR / "roster.csv"
DEMO_HISTORY = DEMO_DIR / "history"  # roster_YYYY.csv: yearly snapshots for the workforce projection


class DemoBuildError(RuntimeError):
    """The bundled inputs did not load cleanly; no demo database was written."""


def ensure_demo_database(path: str | os.PathLike[str] | None = None, *, force: bool = False) -> Path:
    """Return the database path after making sure it holds documents, building it from the bundled inputs.

    The build writes a temporary file next to the target and renames it into place, so a half-built
    database never exists under the real name. An existing database with documents is left alone
    unless `force` is set.
    """
    target = db.database_path(path)
    if not force and has_documents(target):
        _migrate(target)
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    building = target.with_name(f".{target.name}.building-{os.getpid()}")
    _remove(building)
    try:
        summary = build_demo_database(building)
        if target.is_file():  # a rebuild keeps the stewards' corrections, review decisions and audit trail
            carry_over(target, building)
        # A write-ahead log left by an earlier database of this name would be replayed onto the new one.
        Path(f"{target}.wal").unlink(missing_ok=True)
        os.replace(building, target)
    except BaseException:
        _remove(building)
        raise
    log.info("demo database %s: %d documents, %d titles, %d edges", target, summary.n_documents,
             summary.n_titles, summary.n_edges)
    return target


def _migrate(path: Path) -> None:
    """Bring a database made by an earlier version up to the schema (opened for writing only when it must be)."""
    con = db.open_file(path, read_only=True)
    try:
        stale = db.needs_migration(con)
    finally:
        con.close()
    if stale:
        db.connect(path).close()
        log.info("database %s brought up to the current schema", path)


def has_documents(path: Path) -> bool:
    """Return whether the database file exists and holds at least one document.

    A file that exists but cannot be opened raises: db.DatabaseBusy while another process (a command-line
    load) holds it, duckdb.Error when it is damaged. It is never silently replaced.
    """
    if not path.is_file():
        return False
    con = db.open_file(path, read_only=True)
    try:
        return bool(con.sql(sql("document_count")).fetchall()[0][0])
    except duckdb.CatalogException:
        return False
    finally:
        con.close()


def build_demo_database(path: Path) -> LoadSummary:
    """Load the bundled specs, pay schedules, roster and roster history into a new database file."""
    con = db.connect(path)
    try:
        summary = load_documents(con, [DEMO_SPECS])
        if summary.problems:
            first = summary.problems[0]
            raise DemoBuildError(f"{len(summary.problems)} bundled document(s) refused; first: {first[0]}: {first[1]}")
        load_demo_pay_schedules(con)
        load_demo_roster(con)
        load_demo_history(con)
    finally:
        con.close()
    return summary


def carry_over(old: Path, new: Path) -> tuple[int, int]:
    """Copy the corrections, review decisions and audit log of the database `old` into the rebuilt `new`, apply
    the corrections to the new classes, and record the rebuild; return (corrections applied, set for review).

    An `old` made before corrections existed, or that cannot be opened, has nothing to carry (a damaged
    file is still replaced by the rebuild, as before)."""
    con = db.connect(new)
    try:
        try:
            con.execute(f"ATTACH '{_quoted(old)}' AS old_db (READ_ONLY)")
        except duckdb.Error as exc:
            log.warning("rebuilding %s: its corrections and audit log could not be read: %s", old, exc)
            return 0, 0
        try:
            held = {row[0] for row in con.execute(
                "SELECT table_name FROM information_schema.tables WHERE table_catalog = 'old_db'").fetchall()}
            with db.transaction(con) as cur:
                for table in ("corrections", "review_decisions", "audit_log"):
                    if table in held:
                        cur.execute(f"INSERT INTO {table} BY NAME SELECT * FROM old_db.{table}")
                # carried corrections apply to no version of the new database yet
                cur.execute("UPDATE corrections SET document_id = NULL")
                applied, waiting = reapply(cur)
                record(cur, cli_user(), "rebuild the demo database",
                       f"{applied} correction(s) applied again, {waiting} waiting for review")
        finally:
            con.execute("DETACH old_db")
    finally:
        con.close()
    return applied, waiting


def _quoted(path: Path) -> str:
    return str(path).replace("'", "''")


def load_demo_roster(con: duckdb.DuckDBPyConnection) -> None:
    """Load data/demo/roster.csv (the bundled staffing-cost demo) through analytics.ingest.load.rosters."""
    loaded = load_roster(con, DEMO_ROSTER, known_titles=known_titles(db.run(con, "ladder_classes")),
                         steps=step_table(db.run(con, "pay_rates").lazy()))
    if loaded.roster_id is None:
        raise DemoBuildError(f"the bundled roster {DEMO_ROSTER.name} was refused with "
                             f"{loaded.report.height} problem(s); see roster_rejects")


def load_demo_history(con: duckdb.DuckDBPyConnection) -> None:
    """Load data/demo/history/roster_*.csv (dated yearly snapshots) as the workforce history, through
    analytics.ingest.load.rosters.load_roster_snapshot."""
    files = sorted(DEMO_HISTORY.glob("roster_*.csv"))
    if not files:
        return
    titles = known_titles(db.run(con, "ladder_classes"))
    steps = step_table(db.run(con, "pay_rates").lazy()).collect().lazy()
    for path in files:
        loaded = load_roster_snapshot(con, path, known_titles=titles, steps=steps)
        if loaded.roster_id is None:
            raise DemoBuildError(f"the bundled snapshot {path.name} was refused with {loaded.report.height} "
                                 "problem(s); see roster_rejects")


def _remove(path: Path) -> None:
    path.unlink(missing_ok=True)
    Path(f"{path}.wal").unlink(missing_ok=True)
