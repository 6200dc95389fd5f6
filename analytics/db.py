"""The DuckDB connection and named-query runner: the only place read SQL is executed.

Several processes share one database file (the dashboard, a second dashboard, the command line). DuckDB lets
many processes read a file at once, or one process read and write it alone
(https://duckdb.org/docs/stable/connect/concurrency), so every process opens the file for as long as one read
or one write takes: reads read-only, writes read-write. An open that meets another process's lock tries
again for up to BUSY_WAIT_SECONDS, then raises DatabaseBusy with one line saying who holds the file and
what to do.
"""

from __future__ import annotations

import os
import re
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import duckdb
import polars as pl

from queries import sql, statements

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DB = REPO_ROOT / "data" / "ladder.duckdb"
BUSY_WAIT_SECONDS = 5.0  # how long an open waits for another process's read or write to finish
RETRY_PAUSE_SECONDS = 0.02  # between two tries; a dashboard's read holds the file for about 20 ms
LOCK_HELD = re.compile(r"lock is held in (.+?) \(PID (\d+)\)")
OTHER_MODE = "different configuration"  # DuckDB: this process has the file open read-only and wants read-write,
# or the reverse; one process holds one configuration of a file at a time

# Writes waiting or under way in this process, per file: its reads then share the write's read-write
# instance, so that a stream of reads in other threads cannot keep a write waiting.
_writes: dict[str, int] = {}
_writes_lock = threading.Lock()


class DatabaseBusy(duckdb.IOException, ValueError):
    """Another process held the database file for longer than the open waits (a ValueError too: pages show
    it as they show a refused input).

    `holder` and `pid` name that process (its program name and process id).
    """

    holder: str = ""
    pid: int = 0


def database_path(path: str | os.PathLike[str] | None = None) -> Path:
    """Return the database path: the argument, else $LADDER_DB, else the demo database."""
    if path:
        return Path(path)
    env = os.environ.get("LADDER_DB")
    return Path(env) if env else DEFAULT_DB


def connect(path: str | os.PathLike[str] | None = None, *, read_only: bool = False,
            wait: float = BUSY_WAIT_SECONDS) -> duckdb.DuckDBPyConnection:
    """Open (creating if needed) the database and make sure every table of the schema exists.

    The staffing-cost tables (queries/schema_costs.sql) are created too, and a database made by an earlier
    version is migrated; a read-only open does neither. Raises DatabaseBusy when another process holds the
    file for longer than `wait` seconds. Close it soon: while it is open no other process can write.
    """
    db_path = database_path(path)
    if str(db_path) != ":memory:":
        db_path.parent.mkdir(parents=True, exist_ok=True)
    con = open_file(db_path, read_only=read_only, wait=wait)
    if not read_only:
        con.execute(sql("schema"))
        con.execute(sql("schema_costs"))
        migrate(con)
    return con


@contextmanager
def reading(path: str | os.PathLike[str] | None = None, *,
            wait: float = BUSY_WAIT_SECONDS) -> Iterator[duckdb.DuckDBPyConnection]:
    """Yield a read-only connection for one read and close it after (no schema, no migration)."""
    con = open_file(database_path(path), read_only=True, wait=wait)
    try:
        yield con
    finally:
        con.close()


@contextmanager
def writing(path: str | os.PathLike[str] | None = None, *,
            wait: float = BUSY_WAIT_SECONDS) -> Iterator[duckdb.DuckDBPyConnection]:
    """Yield a read-write connection for one write and close it after; the schema is assumed in place."""
    con = open_file(database_path(path), wait=wait)
    try:
        yield con
    finally:
        con.close()


def migrate(con: duckdb.DuckDBPyConnection) -> None:
    """Bring a database made by an earlier version up to the schema: salary_ranges.unit became pay_unit, and
    qualification_paths gained coursework_units and coursework_level, job_classes level_basis."""
    if run(con, "salary_range_legacy_columns").height:
        con.execute(sql("migrate_salary_ranges_pay_unit"))
    if run(con, "missing_columns").height:
        con.execute(sql("migrate_added_columns"))


def needs_migration(con: duckdb.DuckDBPyConnection) -> bool:
    """Return whether a database (opened read-only or not) was made by an earlier version of the schema."""
    return bool(run(con, "salary_range_legacy_columns").height or run(con, "missing_columns").height)


def open_file(path: Path, *, read_only: bool = False, wait: float = BUSY_WAIT_SECONDS) -> duckdb.DuckDBPyConnection:
    """Return a bare DuckDB connection to a file, trying again for up to `wait` seconds while another process
    holds its lock (or, within this process, while it is open in the other mode); then raise DatabaseBusy."""
    key = str(path) if str(path) == ":memory:" else str(Path(path).resolve())
    deadline = time.monotonic() + wait
    if not read_only:
        _count_write(key, +1)
    try:
        while True:
            holder = _try_open(path, key, read_only=read_only)
            if isinstance(holder, duckdb.DuckDBPyConnection):
                return holder
            if time.monotonic() >= deadline:
                raise _busy(path, *holder, read_only=read_only, wait=wait)
            time.sleep(min(RETRY_PAUSE_SECONDS, max(deadline - time.monotonic(), 0.0)))
    finally:
        if not read_only:
            _count_write(key, -1)


def _try_open(path: Path, key: str, *, read_only: bool) -> duckdb.DuckDBPyConnection | tuple[str, int]:
    """Return a connection, or (program, pid) of whoever holds the file now.

    A read in a process that has the file open read-write (a write under way) shares that instance; while a
    write waits in this process, its reads open read-write too, so the read-only instance it waits for ends.
    """
    modes = (True, False) if read_only and not _writes.get(key) else (False,)
    for mode in modes:
        try:
            return duckdb.connect(str(path), read_only=mode)
        except duckdb.ConnectionException as exc:
            if OTHER_MODE not in str(exc):
                raise
        except duckdb.IOException as exc:
            held = LOCK_HELD.search(str(exc))
            if not held:
                raise
            return Path(held.group(1)).name, int(held.group(2))
    return Path(sys.executable).name, os.getpid()


def _count_write(key: str, step: int) -> None:
    with _writes_lock:
        _writes[key] = _writes.get(key, 0) + step
        if not _writes[key]:
            del _writes[key]


def _busy(path: Path, holder: str, pid: int, *, read_only: bool, wait: float) -> DatabaseBusy:
    """The one-line refusal of an open that waited `wait` seconds: who holds the file, and what to do."""
    where = f"open in another process ({holder}, PID {pid})" if pid != os.getpid() else "open in this process"
    if read_only:
        message = (f"{path} is {where} that has been writing to it for more "
                   f"than {wait:g} s: try again when its load finishes")
    else:
        message = (f"{path} is {where} and was not free within {wait:g} s: "
                   "try again when its load finishes, or load through the dashboard's Ingest page when that "
                   "process is the dashboard")
    busy = DatabaseBusy(message)
    busy.holder, busy.pid = holder, pid
    return busy


def file_stamp(path: str | os.PathLike[str]) -> tuple[int, int, int] | None:
    """Return (inode, mtime in ns, size) of the database file, or None when there is none: it changes when any
    process's write reaches the file (DuckDB writes the file when the last connection of a write closes)."""
    try:
        stat = os.stat(path)
    except OSError:
        return None
    return stat.st_ino, stat.st_mtime_ns, stat.st_size


def run(con: duckdb.DuckDBPyConnection, name: str, params: dict[str, Any] | None = None) -> pl.DataFrame:
    """Run the named query with bound parameters on a fresh cursor and return its rows."""
    cur = con.cursor()
    try:
        return cur.sql(sql(name), params=params or None).pl()
    finally:
        cur.close()


@contextmanager
def transaction(con: duckdb.DuckDBPyConnection) -> Iterator[duckdb.DuckDBPyConnection]:
    """Yield a cursor inside one transaction: committed when the block ends, rolled back (and the error raised
    again) when it raises; the cursor is closed either way."""
    cur = con.cursor()
    try:
        cur.begin()
        try:
            yield cur
            cur.commit()
        except BaseException:
            cur.rollback()
            raise
    finally:
        cur.close()


def execute_all(cur: duckdb.DuckDBPyConnection, name: str, params: dict[str, Any] | None = None) -> None:
    """Run every statement of a named query file of several, each with the parameters it binds (DuckDB binds
    parameters in one statement at a time)."""
    for statement in statements(name):
        bound = set(re.findall(r"\$([a-z_0-9]+)", statement))
        cur.execute(statement, {k: v for k, v in (params or {}).items() if k in bound} or None)
