"""Load a roster file into DuckDB in one transaction: all its positions, or none and its problems as rejects."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import duckdb
import polars as pl

from analytics.ingest.tables.roster import read_roster
from queries import sql


@dataclass(frozen=True)
class RosterLoad:
    """What loading a roster file did: roster_id is None when the file was rejected."""

    roster_id: str | None
    n_positions: int
    is_new: bool
    report: pl.DataFrame


def file_sha256(path: str | Path) -> str:
    """Return the hex sha256 of a file's bytes."""
    digest = hashlib.sha256()
    with Path(path).open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def load_roster(con: duckdb.DuckDBPyConnection, path: str | Path, *, known_titles: pl.LazyFrame | None) -> RosterLoad:
    """Validate a roster file and load it in one transaction: every position, or none and its problems.

    Idempotent: the same bytes load once (roster_id = first 16 hex digits of their sha256), and a
    rejected file's problems are recorded once.
    """
    path = Path(path)
    positions, report = read_roster(path, known_titles)
    sha256 = file_sha256(path) if path.is_file() else ""
    if report.height:
        with _transaction(con), _registered(con, "incoming_roster_rejects", report):
            con.execute(sql("insert_roster_rejects"), {"sha256": sha256, "file_name": path.name})
        return RosterLoad(roster_id=None, n_positions=0, is_new=False, report=report)
    roster_id = sha256[:16]
    params = {"roster_id": roster_id, "sha256": sha256, "file_name": path.name, "n_positions": positions.height}
    with _transaction(con), _registered(con, "incoming_roster_positions", positions):
        is_new = bool(con.execute(sql("insert_roster"), params).fetchall())
        if is_new:
            con.execute(sql("insert_roster_positions"), {"roster_id": roster_id})
    return RosterLoad(roster_id=roster_id, n_positions=positions.height, is_new=is_new, report=report)


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
