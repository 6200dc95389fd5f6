"""Roster dates (as_of) and history snapshots: checked, stored, read back; the demo's five yearly snapshots."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import duckdb
import polars as pl
import pytest

from analytics import db
from analytics.cli.demo_history import main as demo_history_main
from analytics.demo import DEMO_HISTORY
from analytics.ingest.load.rosters import load_roster, load_roster_snapshot
from analytics.ingest.tables.roster import check_roster
from analytics.workforce.demo_history import HISTORY_DATES, HISTORY_RATES
from analytics.workforce.estimation import estimate_transitions
from analytics.workforce.states import EXIT
from queries import sql

HEADER = "position_id,title,grade,step,annual_salary,hire_date,title_date,fte,unit,is_vacant,fill_date"
ROWS = ["P1,Clerk,18,2,,2015-05-17,2015-05-17,1,Unit A,no,", "P2,Clerk,18,,,,,1,Unit A,yes,"]


def roster_file(tmp_path: Path, name: str, *, as_of: list[str] | None = None) -> Path:
    lines = [HEADER + (",as_of" if as_of else "")]
    lines += [row + (f",{as_of[i]}" if as_of else "") for i, row in enumerate(ROWS)]
    path = tmp_path / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_a_roster_keeps_its_as_of_date(tmp_path: Path):
    con = db.connect(tmp_path / "r.duckdb")
    try:
        stated = load_roster(con, roster_file(tmp_path, "stated.csv", as_of=["2024-07-01", ""]), known_titles=None)
        given = load_roster(con, roster_file(tmp_path, "given.csv"), known_titles=None, as_of=date(2023, 1, 1))
        dates = dict(db.run(con, "roster_dates").select("file_name", "as_of").iter_rows())
    finally:
        con.close()

    assert (stated.as_of, given.as_of) == (date(2024, 7, 1), date(2023, 1, 1))
    assert dates == {"stated.csv": date(2024, 7, 1), "given.csv": date(2023, 1, 1)}


def test_a_roster_without_a_date_has_none():
    checked = check_roster(Path(__file__), None)  # not a roster at all: refused, and no date

    assert checked.as_of is None and checked.report.height


@pytest.mark.parametrize(("dates", "problem"), [
    (["2024-07-01", "July"], "bad date"),
    (["2024-07-01", "2024-08-01"], "not the roster's date 2024-07-01: one roster has one as_of"),
])
def test_a_roster_has_one_good_date(tmp_path: Path, dates, problem):
    checked = check_roster(roster_file(tmp_path, "r.csv", as_of=dates), None)

    assert checked.report.select("row", "column", "problem").rows() == [(3, "as_of", problem)]


def test_a_snapshot_loads_once_with_its_date(tmp_path: Path):
    con = db.connect(tmp_path / "s.duckdb")
    try:
        first = load_roster_snapshot(con, roster_file(tmp_path, "s.csv", as_of=["2022-07-01"] * 2), known_titles=None)
        again = load_roster_snapshot(con, roster_file(tmp_path, "s.csv", as_of=["2022-07-01"] * 2), known_titles=None)
        undated = load_roster_snapshot(con, roster_file(tmp_path, "u.csv"), known_titles=None)
        snapshots = db.run(con, "roster_snapshots")
        history = db.run(con, "roster_history")
        rosters = db.run(con, "rosters")
    finally:
        con.close()

    assert (first.is_new, again.is_new, first.roster_id == again.roster_id) == (True, False, True)
    assert snapshots.select("file_name", "as_of", "n_positions").rows() == [("s.csv", date(2022, 7, 1), 2)]
    assert history.select("as_of", "position_id", "grade", "is_vacant").rows() == [
        (date(2022, 7, 1), "P1", "18", False), (date(2022, 7, 1), "P2", "18", True)]
    assert undated.roster_id is None
    assert undated.report["problem"].to_list() == ["a history snapshot needs its date: an as_of column (YYYY-MM-DD)"]
    assert rosters.is_empty()  # snapshots are not rosters the costs planner would price


def test_a_database_from_before_as_of_gains_it_on_connect(tmp_path: Path):
    path = tmp_path / "old.duckdb"
    with duckdb.connect(str(path)) as old:  # rosters as an earlier version made it
        old.execute(sql("schema_costs").split("-- Databases made before as_of")[0].replace(
            ",\n    as_of            DATE                   -- the roster's date (its as_of column, else the "
            "loader's); null: not stated", ""))
        old.execute("INSERT INTO rosters VALUES ('r', 's', 'f.csv', 1, now())")

    con = db.connect(path)
    try:
        assert db.run(con, "roster_dates").select("roster_id", "as_of").rows() == [("r", None)]
        assert db.run(con, "roster_history").is_empty()
    finally:
        con.close()


def test_the_bundled_history_is_what_the_command_writes(tmp_path: Path):
    assert demo_history_main(["--out", str(tmp_path)]) == 0

    written = sorted(p.name for p in tmp_path.iterdir())
    assert written == [f"roster_{d.year}.csv" for d in HISTORY_DATES]
    for name in written:
        assert (tmp_path / name).read_bytes() == (DEMO_HISTORY / name).read_bytes(), name


def test_the_demo_database_holds_five_yearly_snapshots_and_one_roster(demo_db_template: Path):
    con = db.connect(demo_db_template, read_only=True)
    try:
        snapshots = db.run(con, "roster_snapshots")
        n_rosters = db.run(con, "rosters").height
    finally:
        con.close()

    assert snapshots["as_of"].to_list() == list(HISTORY_DATES)
    assert n_rosters == 1


def test_the_demo_history_recovers_its_documented_rates():
    snapshots = []
    for path in sorted(DEMO_HISTORY.glob("roster_*.csv")):
        checked = check_roster(path, None)
        snapshots.append((checked.as_of, checked.positions))

    got = estimate_transitions(snapshots, by="title")

    for title, (leave, promote, upper) in HISTORY_RATES.items():
        rows = got.filter(pl.col("from") == title)
        exit_row = rows.filter(pl.col("to") == EXIT).row(0, named=True)
        assert exit_row["p_low"] <= leave <= exit_row["p_high"], title
        if upper:
            moved = rows.filter(pl.col("to") == upper).row(0, named=True)
            assert moved["p_low"] <= promote <= moved["p_high"], title
        assert not rows["too_few"].any()
