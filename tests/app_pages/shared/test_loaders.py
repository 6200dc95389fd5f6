"""The cached loaders behind the pages: their named queries and the data version."""

from __future__ import annotations

import pytest

from analytics import db
from queries import header
from tests.paths import REPO_ROOT

APP_QUERIES = (
    "database_summary",
    "data_version",
    "catalog_titles",
    "class_detail",
    "class_salary_ranges",
    "class_paths",
    "class_substitutions_detail",
    "class_edges",
    "class_duties",
    "document_text",
    "ingest_rejects_recent",
)
QUERY_PARAMS = {
    "catalog_titles": {"jurisdiction_id": None, "series_name": None, "grade": None, "search": None},
    "document_text": {"document_id": "nope"},
    "ingest_rejects_recent": {"limit": 10},
}
NEW_SPEC = b"""TEST AGENCY OF EXAMPLE
ARCHIVES TECHNICIAN 1, GRADE 9 1234567

Minimum Qualifications: a high school diploma and two years of experience in records work.
"""


@pytest.mark.parametrize("name", APP_QUERIES)
def test_app_query_runs_on_an_empty_database_and_states_its_grain(name, tmp_path):
    params = QUERY_PARAMS.get(name, {"class_id": "nope"} if name.startswith("class_") else None)
    with db.connect(tmp_path / "empty.duckdb") as con:
        rows = db.run(con, name, params)

    assert header(name).startswith(f"{name}: one row")
    assert "params:" in header(name)
    assert rows.height == (1 if name in ("database_summary", "data_version") else 0)


def test_data_version_changes_when_a_document_is_loaded(private_db):
    from analytics.ingest.load.documents import load_upload

    with db.connect(private_db) as con:
        before = db.run(con, "data_version").item()
        load_upload(con, "archives.txt", NEW_SPEC)
        after = db.run(con, "data_version").item()

    assert len(before) == 16 and before != after


def test_data_version_changes_when_a_roster_is_loaded(private_db, tmp_path):
    from analytics.ingest.load.rosters import load_roster
    from analytics.pay.grades import known_titles

    lines = (REPO_ROOT / "data" / "demo" / "roster.csv").read_text(encoding="utf-8").splitlines()
    roster = tmp_path / "three.csv"
    roster.write_text("\n".join(lines[:4]) + "\n", encoding="utf-8")
    with db.connect(private_db) as con:
        before = db.run(con, "data_version").item()
        loaded = load_roster(con, roster, known_titles=known_titles(db.run(con, "ladder_classes")))
        after = db.run(con, "data_version").item()

    assert loaded.is_new and before != after
