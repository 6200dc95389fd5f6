"""The ladder's named read queries, each run against a fixture database built from queries/schema.sql."""

from __future__ import annotations

import datetime as dt

import duckdb
import polars as pl
import pytest
from polars.testing import assert_frame_equal

from analytics import db
from queries import header

LADDER_QUERIES = ("ladder_classes", "ladder_edges", "class_qualification_paths", "class_substitutions")


def _insert(con: duckdb.DuckDBPyConnection, table: str, rows: dict[str, list]) -> None:
    con.register("fixture_rows", pl.DataFrame(rows))
    con.execute(f"INSERT INTO {table} BY NAME SELECT * FROM fixture_rows")
    con.unregister("fixture_rows")


@pytest.fixture()
def con(tmp_path):
    connection = db.connect(tmp_path / "fixture.duckdb")
    _insert(connection, "documents", {
        "document_id": ["d1"], "sha256": ["ab" * 32], "file_name": ["iws.txt"], "media_type": ["text/plain"],
        "jurisdiction_id": ["nys"], "full_text": ["..."], "n_chars": [3], "loaded_at": [dt.datetime(2025, 1, 1)],
    })
    _insert(connection, "series", {
        "series_id": ["s1"], "jurisdiction_id": ["nys"], "name": ["Immigrant Workers Specialist"], "document_id": ["d1"],
    })
    _insert(connection, "job_classes", {
        "class_id": ["d1:1", "d1:0"], "document_id": ["d1", "d1"], "jurisdiction_id": ["nys", "nys"],
        "series_id": ["s1", "s1"], "title": ["Immigrant Workers Specialist 2", "Immigrant Workers Specialist 1"],
        "title_key": ["immigrant workers specialist 2", "immigrant workers specialist 1"],
        "class_code": ["8418200", "8418100"], "level_in_series": [2, 1], "level_basis": ["number", "number"],
        "grade": ["23", "18"],
    })
    _insert(connection, "qualification_paths", {
        "class_id": ["d1:0"], "document_id": ["d1"], "path_order": [1], "education": ["bachelor"],
        "experience_years": [2.0],
    })
    _insert(connection, "substitutions", {
        "class_id": ["d1:0", "d1:0"], "document_id": ["d1", "d1"], "education": ["master", "law"], "years": [1.0, 2.0],
    })
    _insert(connection, "promotion_edges", {
        "document_id": ["d1"], "from_title": ["Immigrant Workers Specialist 1"],
        "to_title": ["Immigrant Workers Specialist 2"], "from_class_id": ["d1:0"], "to_class_id": ["d1:1"],
        "kind": ["series"], "years": pl.Series([None], dtype=pl.Float64), "confidence": [1.0],
    })
    yield connection
    connection.close()


@pytest.mark.parametrize("name", LADDER_QUERIES)
def test_query_header_names_its_grain_and_params(name):
    assert header(name).startswith(f"{name}: one row per ")
    assert "params:" in header(name)


def test_ladder_classes(con):
    got = db.run(con, "ladder_classes")

    assert_frame_equal(
        got,
        pl.DataFrame({
            "class_id": ["d1:0", "d1:1"], "document_id": ["d1", "d1"],
            "title": ["Immigrant Workers Specialist 1", "Immigrant Workers Specialist 2"],
            "class_code": ["8418100", "8418200"], "jurisdiction_id": ["nys", "nys"], "series_id": ["s1", "s1"],
            "series_name": ["Immigrant Workers Specialist"] * 2, "level_in_series": pl.Series([1, 2], dtype=pl.Int32),
            "level_basis": ["number", "number"], "grade": ["18", "23"],
        }),
    )


def test_ladder_edges_carry_the_documents_jurisdiction(con):
    got = db.run(con, "ladder_edges")

    assert_frame_equal(
        got,
        pl.DataFrame({
            "document_id": ["d1"], "jurisdiction_id": ["nys"], "from_title": ["Immigrant Workers Specialist 1"],
            "to_title": ["Immigrant Workers Specialist 2"], "from_class_id": ["d1:0"], "to_class_id": ["d1:1"],
            "kind": ["series"], "years": pl.Series([None], dtype=pl.Float64), "confidence": [1.0],
            "char_start": pl.Series([None], dtype=pl.Int32), "char_end": pl.Series([None], dtype=pl.Int32),
        }),
    )


def test_class_qualification_paths(con):
    got = db.run(con, "class_qualification_paths")

    assert_frame_equal(
        got,
        pl.DataFrame({"class_id": ["d1:0"], "path_order": pl.Series([1], dtype=pl.Int32), "education": ["bachelor"],
                      "experience_years": [2.0], "supervisory_years": [None], "coursework_units": [None],
                      "coursework_level": [None]}, schema_overrides={
                          "supervisory_years": pl.Float64, "coursework_units": pl.Float64,
                          "coursework_level": pl.String}),
    )


def test_class_substitutions(con):
    got = db.run(con, "class_substitutions")

    assert_frame_equal(
        got, pl.DataFrame({"class_id": ["d1:0", "d1:0"], "education": ["law", "master"], "years": [2.0, 1.0]})
    )


def test_ladder_queries_run_on_an_empty_database(tmp_path):
    con = db.connect(tmp_path / "empty.duckdb")

    heights = [db.run(con, name).height for name in LADDER_QUERIES]

    con.close()
    assert heights == [0, 0, 0, 0]
