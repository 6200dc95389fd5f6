"""The DuckDB connection and named-query runner: the only place read SQL is executed."""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

import duckdb
import polars as pl

from queries import sql

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DB = REPO_ROOT / "data" / "ladder.duckdb"


class DatabaseBusy(duckdb.IOException):
    """Another process holds the database file (DuckDB allows one writing process per file).

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


def connect(path: str | os.PathLike[str] | None = None, *, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    """Open (creating if needed) the database and make sure every table of the schema exists.

    The staffing-cost tables (queries/schema_costs.sql) are created too. Raises DatabaseBusy when
    another process has the file open.
    """
    db_path = database_path(path)
    if str(db_path) != ":memory:":
        db_path.parent.mkdir(parents=True, exist_ok=True)
    con = open_file(db_path, read_only=read_only)
    if not read_only:
        con.execute(sql("schema"))
        con.execute(sql("schema_costs"))
        migrate(con)
    return con


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


def open_file(path: Path, *, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    """Return a bare DuckDB connection to a file; raise DatabaseBusy when another process holds its lock."""
    try:
        return duckdb.connect(str(path), read_only=read_only)
    except duckdb.IOException as exc:
        holder = re.search(r"lock is held in (.+?) \(PID (\d+)\)", str(exc))
        if not holder:
            raise
        busy = DatabaseBusy(
            f"{path} is open in another process ({Path(holder.group(1)).name}, PID {holder.group(2)}), "
            "for example the dashboard: stop it, or load through the dashboard's Ingest page"
        )
        busy.holder, busy.pid = Path(holder.group(1)).name, int(holder.group(2))
        raise busy from None


def run(con: duckdb.DuckDBPyConnection, name: str, params: dict[str, Any] | None = None) -> pl.DataFrame:
    """Run the named query with bound parameters on a fresh cursor and return its rows."""
    cur = con.cursor()
    try:
        return cur.sql(sql(name), params=params or None).pl()
    finally:
        cur.close()
