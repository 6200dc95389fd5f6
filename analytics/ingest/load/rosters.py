"""Load a roster file (or a dated history snapshot) into DuckDB in one transaction: all its positions (with their
warnings), or none and its problems as rejects."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import duckdb
import polars as pl

from analytics.ingest.tables.problems import FIRST_DATA_ROW, problem_report
from analytics.ingest.tables.roster import check_roster
from queries import sql


@dataclass(frozen=True)
class RosterLoad:
    """What loading a roster file did: roster_id is None when the file was rejected.

    report lists the problems that refused it; warnings (same shape) what was accepted but looks wrong,
    such as a stated salary far from its step's table amount. as_of is the roster's date (its as_of column,
    else the loader's as_of; None: neither). A history snapshot's id is its snapshot_id, in roster_id.
    """

    roster_id: str | None
    n_positions: int
    is_new: bool
    report: pl.DataFrame
    warnings: pl.DataFrame = field(default_factory=lambda: problem_report([]))
    as_of: date | None = None


def file_sha256(path: str | Path) -> str:
    """Return the hex sha256 of a file's bytes."""
    digest = hashlib.sha256()
    with Path(path).open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def load_roster(
    con: duckdb.DuckDBPyConnection, path: str | Path, *, known_titles: pl.LazyFrame | None,
    steps: pl.LazyFrame | None = None, as_of: date | None = None,
) -> RosterLoad:
    """Validate a roster file and load it in one transaction: every position, or none and its problems.

    Titles, steps and salaries are checked as analytics.ingest.tables.roster.check_roster does (steps:
    the pay tables, needed to read steps such as JR and to compare salaries). A position's warning is
    stored with it (roster_positions.salary_warning). Idempotent: the same bytes load once (roster_id =
    first 16 hex digits of their sha256), and a rejected file's problems are recorded once. The roster's
    date (its as_of column, else `as_of`, which also dates the pay tables its steps are read on) is stored
    in rosters.as_of (null: neither states one).
    """
    path = Path(path)
    checked = check_roster(path, known_titles, steps=steps, as_of=as_of)
    positions, report, warnings = checked.positions, checked.report, checked.warnings
    sha256 = file_sha256(path) if path.is_file() else ""
    if report.height:
        with _transaction(con), _registered(con, "incoming_roster_rejects", report):
            con.execute(sql("insert_roster_rejects"), {"sha256": sha256, "file_name": path.name})
        return RosterLoad(roster_id=None, n_positions=0, is_new=False, report=report, warnings=warnings)
    roster_id = sha256[:16]
    params = {"roster_id": roster_id, "sha256": sha256, "file_name": path.name, "n_positions": positions.height}
    with _transaction(con), _registered(con, "incoming_roster_positions", _with_warnings(positions, warnings)):
        is_new = bool(con.execute(sql("insert_roster"), params).fetchall())
        if is_new:
            con.execute(sql("insert_roster_positions"), {"roster_id": roster_id})
            if checked.as_of is not None:
                con.execute(sql("update_roster_as_of"), {"roster_id": roster_id, "as_of": checked.as_of})
    return RosterLoad(roster_id=roster_id, n_positions=positions.height, is_new=is_new, report=report,
                      warnings=warnings, as_of=checked.as_of)


def load_roster_snapshot(
    con: duckdb.DuckDBPyConnection, path: str | Path, *, known_titles: pl.LazyFrame | None,
    steps: pl.LazyFrame | None = None, as_of: date | None = None,
) -> RosterLoad:
    """Validate a dated roster snapshot of the workforce history and load it in one transaction, or reject it.

    Checked as load_roster checks a roster; it also needs a date: its as_of column, else `as_of` (without
    either it is refused). Its positions go to roster_snapshot_positions under snapshot_id (first 16 hex
    digits of the file's sha256, returned as roster_id), kept apart from the rosters the costs planner
    prices. Idempotent: the same bytes load once.
    """
    path = Path(path)
    checked = check_roster(path, known_titles, steps=steps, as_of=as_of)
    report = checked.report
    if not report.height and checked.as_of is None:
        undated = "a history snapshot needs its date: an as_of column (YYYY-MM-DD)"
        report = problem_report([(None, "as_of", undated, None)])
    sha256 = file_sha256(path) if path.is_file() else ""
    if report.height:
        with _transaction(con), _registered(con, "incoming_roster_rejects", report):
            con.execute(sql("insert_roster_rejects"), {"sha256": sha256, "file_name": path.name})
        return RosterLoad(roster_id=None, n_positions=0, is_new=False, report=report, warnings=checked.warnings)
    snapshot_id = sha256[:16]
    params = {"snapshot_id": snapshot_id, "sha256": sha256, "file_name": path.name, "as_of": checked.as_of,
              "n_positions": checked.positions.height}
    with _transaction(con), _registered(con, "incoming_snapshot_positions", checked.positions):
        is_new = bool(con.execute(sql("insert_roster_snapshot"), params).fetchall())
        if is_new:
            con.execute(sql("insert_roster_snapshot_positions"), {"snapshot_id": snapshot_id})
    return RosterLoad(roster_id=snapshot_id, n_positions=checked.positions.height, is_new=is_new, report=report,
                      warnings=checked.warnings, as_of=checked.as_of)


def _with_warnings(positions: pl.DataFrame, warnings: pl.DataFrame) -> pl.DataFrame:
    """The positions with salary_warning, the problem of the annual_salary warning on their row (or null)."""
    # Positions come one per data row in file order, so the i-th is on spreadsheet row FIRST_DATA_ROW + i.
    salary = warnings.filter(pl.col("column") == "annual_salary").select("row", salary_warning="problem")
    return (
        positions.with_row_index("row", offset=FIRST_DATA_ROW)
        .with_columns(pl.col("row").cast(pl.Int64))
        .join(salary, on="row", how="left", maintain_order="left")
        .drop("row")
    )


@contextmanager
def _transaction(con: duckdb.DuckDBPyConnection) -> Iterator[None]:
    con.begin()
    try:
        yield
    except BaseException:
        con.rollback()
        raise
    con.commit()


@contextmanager
def _registered(con: duckdb.DuckDBPyConnection, view: str, frame: pl.DataFrame) -> Iterator[None]:
    con.register(view, frame)
    try:
        yield
    finally:
        con.unregister(view)
