"""Load validated pay schedule rows into pay_schedules: one transaction, idempotent."""

from __future__ import annotations

import hashlib
from pathlib import Path

import duckdb
import polars as pl

from analytics.db import REPO_ROOT
from analytics.ingest.tables.pay_schedules import RATES_SCHEMA, read_pay_schedule
from queries import sql

DEMO_PAY_SCHEDULES = REPO_ROOT / "data" / "paydata" / "pay_schedules.csv"
INCOMING = "incoming_pay_schedules"


class PayScheduleRejected(ValueError):
    """A pay schedule file failed validation; `report` has one row per problem. Nothing was loaded."""

    def __init__(self, path: Path, report: pl.DataFrame) -> None:
        first = report.row(0, named=True)
        super().__init__(
            f"{path.name}: {report.height} problem(s), first: row {first['row']} "
            f"{first['column']}: {first['problem']}"
        )
        self.report = report


def load_pay_schedules(con: duckdb.DuckDBPyConnection, frame: pl.DataFrame) -> int:
    """Write validated rows (RATES_SCHEMA) into pay_schedules; return how many were new or changed.

    Same rows again = no change and 0. Either every row lands or none does.
    """
    if frame.schema != pl.Schema(RATES_SCHEMA):
        raise ValueError(f"expected columns {RATES_SCHEMA}, got {dict(frame.schema)}")
    con.register(INCOMING, frame)
    try:
        con.begin()
        try:
            changed = con.sql(sql("pay_schedule_changes")).pl().height
            if changed:
                con.execute(sql("upsert_pay_schedules"))
            con.commit()
        except Exception:
            con.rollback()
            raise
    finally:
        con.unregister(INCOMING)
    return changed


def load_pay_schedule_file(con: duckdb.DuckDBPyConnection, path: str | Path) -> int:
    """Validate a pay schedule file and load it whole; return how many rows were new or changed.

    A file with any problem loads nothing: it lands in ingest_rejects and PayScheduleRejected is raised
    with the report (one row per problem).
    """
    rows, report = read_pay_schedule(path)
    if report.height:
        rejected = PayScheduleRejected(Path(path), report)
        record_reject(con, Path(path), stage=_stage(report), reason=str(rejected))
        raise rejected
    return load_pay_schedules(con, rows)


def record_reject(con: duckdb.DuckDBPyConnection, path: Path, *, stage: str, reason: str) -> None:
    """Write one ingest_rejects row for a refused file (its sha256 when it can be read)."""
    digest = None
    if path.is_file():
        with path.open("rb") as handle:
            digest = hashlib.file_digest(handle, "sha256").hexdigest()
    params = {"file_name": path.name, "sha256": digest, "stage": stage, "reason": reason}
    con.execute(sql("insert_ingest_reject"), params)


def _stage(report: pl.DataFrame) -> str:
    """A file-level problem (type, size, unreadable) stops extraction; anything else is parsing."""
    file_level = report.filter(pl.col("row").is_null() & pl.col("column").is_null()).height
    return "extract" if file_level else "parse"


def load_demo_pay_schedules(con: duckdb.DuckDBPyConnection) -> int:
    """Load the bundled real pay schedules (data/paydata/pay_schedules.csv, sources kept per row)."""
    return load_pay_schedule_file(con, DEMO_PAY_SCHEDULES)
