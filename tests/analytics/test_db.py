"""Opening the database beside other processes: many readers at once, a write that waits for them within a bound,
then one line naming who holds the file; read-only opens never migrate; the file's stamp shows writes."""

from __future__ import annotations

import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb
import pytest

from analytics import db

HOLD = "import duckdb, sys, time; con = duckdb.connect(sys.argv[1], read_only=sys.argv[2] == 'ro'); " \
       "print('held', flush=True); time.sleep(float(sys.argv[3]))"


@pytest.fixture()
def database(tmp_path: Path) -> Path:
    path = tmp_path / "ladder.duckdb"
    db.connect(path).close()
    return path


@contextmanager
def held(path: Path, mode: str, seconds: float = 60) -> Iterator[subprocess.Popen]:
    """Another process holding the file open read-only ("ro") or read-write ("rw") for `seconds`."""
    holder = subprocess.Popen([sys.executable, "-c", HOLD, str(path), mode, str(seconds)], stdout=subprocess.PIPE,
                              text=True)
    try:
        assert holder.stdout.readline().strip() == "held"
        yield holder
    finally:
        holder.kill()
        holder.wait()


def test_two_processes_read_at_once(database):
    with held(database, "ro"), db.reading(database, wait=0) as con:
        assert db.run(con, "database_summary").height == 1


def test_a_write_waits_for_a_reader_that_closes_within_the_wait(database):
    with held(database, "ro", seconds=1):
        started = time.monotonic()
        with db.writing(database, wait=10) as con:
            waited = time.monotonic() - started
            con.execute("CREATE TABLE written (a INTEGER)")

    assert 0.5 < waited < 5


@pytest.mark.parametrize(("mode", "read_only"), [("ro", False), ("rw", True), ("rw", False)])
def test_an_open_that_waits_too_long_fails_with_one_line_naming_the_holder(database, mode, read_only):
    with held(database, mode) as holder:
        started = time.monotonic()
        with pytest.raises(db.DatabaseBusy) as refused:
            db.open_file(database, read_only=read_only, wait=0.5)
        waited = time.monotonic() - started

    message = str(refused.value)
    assert 0.5 <= waited < 2
    assert refused.value.pid == holder.pid and f"PID {holder.pid}" in message
    assert message.startswith(f"{database} is open in another process") and "try again" in message
    assert "\n" not in message
    assert isinstance(refused.value, ValueError) and isinstance(refused.value, duckdb.Error)


def test_a_read_in_a_process_that_is_writing_shares_the_write(database):
    with db.writing(database) as writer:
        writer.execute("CREATE TABLE written AS SELECT 1 AS a")
        with db.reading(database, wait=0) as reader:
            assert reader.sql("SELECT a FROM written").fetchall() == [(1,)]


def test_a_write_waits_for_the_reads_of_its_own_process(database):
    reader = db.open_file(database, read_only=True)
    threading.Timer(0.3, reader.close).start()

    started = time.monotonic()
    with db.writing(database, wait=5) as con:
        con.execute("CREATE TABLE written (a INTEGER)")

    assert 0.2 < time.monotonic() - started < 4


def test_a_read_only_open_neither_creates_tables_nor_migrates(database):
    with db.writing(database) as con:
        con.execute("ALTER TABLE job_classes DROP COLUMN level_basis")

    with db.reading(database) as con:
        assert db.needs_migration(con)
    db.connect(database, read_only=True).close()
    with db.reading(database) as con:
        still_old = db.needs_migration(con)
    db.connect(database).close()
    with db.reading(database) as con:
        migrated = not db.needs_migration(con)

    assert still_old and migrated


def test_the_file_stamp_changes_when_a_write_reaches_the_file_and_not_when_it_is_read(database):
    before = db.file_stamp(database)
    with db.reading(database) as con:
        db.run(con, "database_summary")
    after_read = db.file_stamp(database)
    with db.writing(database) as con:
        con.execute("CREATE TABLE written (a INTEGER)")

    assert after_read == before
    assert db.file_stamp(database) != before
    assert db.file_stamp(database.with_name("missing.duckdb")) is None


def test_a_database_made_before_title_confidences_gains_the_columns_and_keeps_its_rows(database):
    with db.writing(database) as con:
        con.execute("ALTER TABLE job_classes DROP COLUMN confidence")
        con.execute("ALTER TABLE job_classes DROP COLUMN working_title")
        con.execute("INSERT INTO job_classes (class_id, document_id, title, title_key) VALUES ('d:0', 'd', 'A', 'a')")

    db.connect(database).close()

    with db.reading(database) as con:
        columns = {row[0] for row in con.execute(
            "SELECT column_name FROM information_schema.columns WHERE table_name = 'job_classes'").fetchall()}
        rows = con.execute("SELECT title, confidence, working_title FROM job_classes").fetchall()
    assert {"confidence", "working_title"} <= columns
    assert rows == [("A", None, None)]
