"""The moves-elsewhere queries (lateral_classes, lateral_duties, jurisdictions) on a fixture database from the schema."""

from __future__ import annotations

import duckdb
import polars as pl
import pytest

from analytics import db


def _insert(con: duckdb.DuckDBPyConnection, table: str, rows: dict[str, list]) -> None:
    con.register("fixture_rows", pl.DataFrame(rows))
    con.execute(f"INSERT INTO {table} BY NAME SELECT * FROM fixture_rows")
    con.unregister("fixture_rows")


@pytest.fixture()
def con(tmp_path):
    connection = db.connect(tmp_path / "fixture.duckdb")
    _insert(connection, "jurisdictions", {"jurisdiction_id": ["la", "ca"],
                                          "name": ["City of Los Angeles", "State of California"]})
    _insert(connection, "job_classes", {
        "class_id": ["d1:0", "d2:0"], "document_id": ["d1", "d2"], "jurisdiction_id": ["la", None],
        "title": ["Custodian Supervisor", "Immigration Specialist"], "title_key": ["custodian supervisor", "x"],
    })
    ranges = [(0, None, 36_477.0, 51_907.0), (1, "Department of Airports", 40_716.0, 57_983.0),
              (2, "Department of Water and Power", 69_029.0, 72_871.0),
              (3, "Department of Water and Power", 72_349.0, 76_379.0)]
    _insert(connection, "salary_ranges", {
        "class_id": ["d1:0"] * 4, "document_id": ["d1"] * 4, "range_order": [r[0] for r in ranges],
        "min_amount": [r[2] for r in ranges], "max_amount": [r[3] for r in ranges], "pay_unit": ["yearly"] * 4,
        "department": [r[1] for r in ranges], "min_annual": [r[2] for r in ranges],
        "max_annual": [r[3] for r in ranges], "annual_factor": [1.0] * 4, "factor_source": ["standard"] * 4,
    })
    _insert(connection, "duties", {"class_id": ["d1:0", "d1:0"], "document_id": ["d1", "d1"], "duty_order": [1, 0],
                                   "duty_text": ["Trains custodians.", "Supervises custodians."]})
    yield connection
    connection.close()


def test_lateral_classes_name_the_jurisdiction_the_agencies_and_the_first_range(con):
    rows = {r["class_id"]: r for r in db.run(con, "lateral_classes").iter_rows(named=True)}

    custodian = rows["d1:0"]
    assert (custodian["jurisdiction_name"], custodian["agency"]) == (
        "City of Los Angeles", "Department of Airports; Department of Water and Power")
    assert (custodian["min_annual"], custodian["max_annual"]) == (36_477.0, 51_907.0)
    assert {k: rows["d2:0"][k] for k in ("jurisdiction_name", "agency", "min_annual")} == dict.fromkeys(
        ("jurisdiction_name", "agency", "min_annual"))


def test_lateral_duties_and_jurisdictions_come_in_order(con):
    assert db.run(con, "lateral_duties")["duty_text"].to_list() == ["Supervises custodians.", "Trains custodians."]
    assert db.run(con, "jurisdictions")["name"].to_list() == ["City of Los Angeles", "State of California"]
