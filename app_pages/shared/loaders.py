"""Cached data access for the pages: short-lived DuckDB connections and named-query loaders.

Pages call the loaders below (simple arguments in, a Polars frame out) and never open the
database or write SQL themselves. Every loader is keyed by the database path as well as its
arguments, so two databases in one process (tests) never share cached rows, and `clear()` after a
load makes every page read the new data. A page that needs a named query with no loader here can
use `query(name, **params)`.

The file is open only while a read or a write runs (see analytics.db), so the command line and other
dashboard processes can use it between them. A write by another process shows in the file's stamp
(db.file_stamp): the next `query` then forgets every cached frame, as `clear()` does after a load here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import duckdb
import polars as pl
import streamlit as st

from analytics import db, review
from analytics.pay.grade_rates import grade_rates, grade_versions

CACHE_TTL = "10m"  # cached rows are re-read at least this often (a write by another process clears them sooner)
BUSY_RETRY = "3s"  # how often a page waiting for a command-line load tries the database again
RECENT_REJECTS = 50


def wait_while_busy(busy: db.DatabaseBusy, path: str) -> None:
    """Say that another program (a command-line load) holds the database, and rerun the app once it is free."""
    who = f"{busy.holder}, process {busy.pid}" if busy.pid else "another program"
    st.warning(f"The database is busy: a load is running in another program ({who}). This page opens by itself "
               "when the load finishes.", icon=":material/hourglass_top:")

    @st.fragment(run_every=BUSY_RETRY)
    def retry() -> None:
        try:
            db.open_file(Path(path), read_only=True, wait=0).close()
        except db.DatabaseBusy:
            return
        st.rerun(scope="app")

    retry()


def database_name(path: str) -> str:
    """Return what the sidebar shows of the database: its file name, never the server's path."""
    return Path(path).name


def database() -> str:
    """Return the configured database path ($LADDER_DB, else the demo database) as text."""
    return str(db.database_path())


@st.cache_resource(show_spinner=False)
def ensure_database(path: str) -> str:
    """Build the demo database at `path` if nothing is there yet, and bring its schema up to date (once per
    process); return the path."""
    from analytics.demo import ensure_demo_database

    ready = ensure_demo_database(Path(path))
    # The one open at start that may create tables or migrate (a read-only open must not); it is brief.
    db.connect(ready).close()
    return str(ready)


def connection(path: str) -> duckdb.DuckDBPyConnection:
    """Return a read-write connection of its own to the database at `path` (opened with db's bounded wait);
    it closes when the caller drops it, and no other process can use the file until then.

    Prefer `query` for reads and `write_cursor` for writes: they close the file as soon as they are done.
    """
    # The demo must be built before any connection exists: connecting creates an empty database,
    # which would then count as "already there".
    ensure_database(path)
    return db.open_file(Path(path))


# The database file's stamp (db.file_stamp) when this process last read or wrote it, per path.
_seen: dict[str, tuple[int, int, int] | None] = {}


def _forget_if_changed(path: str) -> None:
    """Forget every cached frame when another process has written the file since this one last looked."""
    stamp = db.file_stamp(path)
    if path in _seen and _seen[path] != stamp:
        st.cache_data.clear()
    _seen[path] = stamp


@st.cache_data(max_entries=512, ttl=CACHE_TTL, show_spinner=False)
def _rows(path: str, name: str, params: tuple[tuple[str, Any], ...]) -> pl.DataFrame:
    with db.reading(path) as con:
        return db.run(con, name, dict(params) or None)


def query(name: str, **params: Any) -> pl.DataFrame:
    """Return the rows of the named query `queries/<name>.sql` run with these bound parameters (cached)."""
    path = database()
    _forget_if_changed(path)
    return _rows(path, name, tuple(sorted(params.items())))


def clear() -> None:
    """Forget every cached frame (after a load), so every page reads the new data on its next run."""
    st.cache_data.clear()


def database_summary() -> dict[str, Any]:
    """Return the database's counts: n_documents, n_jurisdictions, n_titles, n_series, n_edges, n_pay_schedules,
    n_pay_rows, n_rejects and last_loaded_at."""
    return query("database_summary").row(0, named=True)


def data_version() -> str:
    """Return the 16-hex hash of the loaded documents, pay schedules and rosters (changes whenever they do)."""
    return query("data_version").item()


def catalog_titles(*, jurisdiction_id: str | None = None, series_name: str | None = None,
                   grade: str | None = None, search: str | None = None) -> pl.DataFrame:
    """One row per job class matching the filters (None matches all): class_id, title, class_code, grade,
    jurisdiction_id, jurisdiction_name, series_name, level_in_series, min_annual, max_annual, file_name."""
    return query("catalog_titles", jurisdiction_id=jurisdiction_id, series_name=series_name, grade=grade,
                 search=search or None)


def class_detail(class_id: str) -> dict[str, Any] | None:
    """Return the class's fields, names and evidence spans of title/class code/grade, or None if unknown."""
    rows = query("class_detail", class_id=class_id)
    return rows.row(0, named=True) if rows.height else None


def class_salary_ranges(class_id: str) -> pl.DataFrame:
    """One row per salary range stated for the class: stated and annualised bounds, factor, evidence span."""
    return query("class_salary_ranges", class_id=class_id)


def grade_pay(schedule_id: str, grade: str, *, on: dt.date) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Return (rates, versions) of one schedule grade: one row per step of the version in effect on `on`
    (grade_rates) and one row per loaded version with its source (grade_versions); both empty when not loaded."""
    rates = query("pay_rates").lazy().filter(pl.col("schedule_id") == schedule_id, pl.col("grade") == grade)
    return grade_rates(rates, on=on).collect(), grade_versions(rates, on=on).collect()


def class_paths(class_id: str) -> pl.DataFrame:
    """One row per alternative qualification path of the class, with its evidence span."""
    return query("class_paths", class_id=class_id)


def class_substitutions(class_id: str) -> pl.DataFrame:
    """One row per education-for-years substitution of the class, with its evidence span."""
    return query("class_substitutions_detail", class_id=class_id)


def class_edges(class_id: str) -> pl.DataFrame:
    """One row per promotion, supervision or related edge touching the class: kind, direction, other title,
    years, confidence and evidence span."""
    return query("class_edges", class_id=class_id)


def class_duties(class_id: str) -> pl.DataFrame:
    """One row per illustrative duty of the class, with its evidence span."""
    return query("class_duties", class_id=class_id)


def class_corrections(class_id: str) -> pl.DataFrame:
    """One row per correction of the class (any version, any status), newest first."""
    return query("class_corrections", class_id=class_id)


def class_versions(class_id: str) -> pl.DataFrame:
    """One row per version of the class (the current one first): document, dates, title, code and grade."""
    return query("class_versions", class_id=class_id)


def review_items(threshold: float) -> pl.DataFrame:
    """One row per review-queue item (analytics.review.ITEM_SCHEMA) for this confidence threshold."""
    path = database()
    _forget_if_changed(path)
    return _review_items(path, threshold)


@st.cache_data(max_entries=16, ttl=CACHE_TTL, show_spinner=False)
def _review_items(path: str, threshold: float) -> pl.DataFrame:
    with db.reading(path) as con:
        return review.review_items(con, threshold=threshold)


def document_text(document_id: str) -> str | None:
    """Return the full text of a loaded document (evidence spans index into it), or None if unknown."""
    rows = query("document_text", document_id=document_id)
    return rows["full_text"][0] if rows.height else None


def recent_rejects(limit: int = RECENT_REJECTS) -> pl.DataFrame:
    """One row per refused input, newest first: rejected_at, file_name, stage, reason, sha256."""
    return query("ingest_rejects_recent", limit=limit)


@contextmanager
def write_cursor() -> Iterator[duckdb.DuckDBPyConnection]:
    """Yield a connection of its own for one write (saving a scenario or projection, loading a roster, the audit
    log), open read-write only while the write runs; every page write goes through here.

    Raises db.DatabaseBusy, a ValueError the pages show, when another process kept the file for longer than
    db.BUSY_WAIT_SECONDS; its one line names that program, not the server's path.
    """
    path = database()
    _forget_if_changed(path)
    try:
        con = db.open_file(Path(path))
    except db.DatabaseBusy as busy:
        raise _busy_for_visitors(busy) from None
    try:
        yield con
    finally:
        con.close()
        _seen[path] = db.file_stamp(path)  # this write is this process's own: its caches stay


def _busy_for_visitors(busy: db.DatabaseBusy) -> db.DatabaseBusy:
    """Return the refusal of a write as a visitor reads it: who holds the database and what to do, no path."""
    shown = db.DatabaseBusy(f"The database is busy: another program ({busy.holder}, process {busy.pid}) kept it "
                            f"for more than {db.BUSY_WAIT_SECONDS:g} s, so nothing was saved. Try again in a moment.")
    shown.holder, shown.pid = busy.holder, busy.pid
    return shown
