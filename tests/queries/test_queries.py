"""Every named query in queries/ runs against a fixture database.

Read queries run with sample parameters on a copy of the demo database (real documents, pay schedules
and roster, plus one saved scenario). Write queries run through the loaders that use them, on a fresh
database, with frames from the real pipeline. Each query's header must list exactly the parameters its
SQL binds, and a query file with no case here fails `test_every_query_has_a_case`.
"""

from __future__ import annotations

import re
from pathlib import Path

import duckdb
import polars as pl
import pytest

from analytics import db
from analytics.costs.store import save_scenario, saved_scenario
from analytics.demo import ensure_demo_database
from analytics.ingest.extract import read_document
from analytics.ingest.load.documents import write_document
from analytics.ingest.load.pay_schedules import load_pay_schedule_file
from analytics.ingest.load.rosters import load_roster
from analytics.ingest.normalize import normalize_document
from analytics.ingest.parse.spec import parse_spec
from analytics.pay.grades import known_titles
from analytics.vocabulary import title_key
from queries import header, names, sql
from tests.conftest import demo_db_copy
from tests.paths import REPO_ROOT

SEED = REPO_ROOT / "data" / "demo" / "specs" / "seeds" / "nys_immigrant_workers_specialist.txt"
PAY_SCHEDULES = REPO_ROOT / "data" / "paydata" / "pay_schedules.csv"
DEMO_ROSTER = REPO_ROOT / "data" / "demo" / "roster.csv"
TITLE = "Immigrant Workers Specialist 1"
SCHEMAS = {"schema", "schema_costs"}

# Read queries: the sample parameters (resolved against the fixture database) and whether rows must come back.
READS: dict[str, tuple[tuple[str, ...], bool]] = {
    "audit_log": (("limit",), False),
    "catalog_titles": (("jurisdiction_id", "series_name", "grade", "search"), True),
    "class_detail": (("class_id",), True),
    "class_duties": (("class_id",), True),
    "class_edges": (("class_id",), True),
    "class_paths": (("class_id",), True),
    "class_pay_profile": (("title", "title_key"), True),
    "class_qualification_paths": ((), True),
    "class_salary_ranges": (("class_id",), True),
    "class_substitutions": ((), True),
    "class_substitutions_detail": (("class_id",), True),
    "data_version": ((), True),
    "database_summary": ((), True),
    "document_by_sha256": (("sha256",), True),
    "document_count": ((), True),
    "document_text": (("document_id",), True),
    "ingest_rejects_recent": (("limit",), False),
    "jurisdictions": ((), True),
    "ladder_classes": ((), True),
    "ladder_edges": ((), True),
    "lateral_classes": ((), True),
    "lateral_duties": ((), True),
    "pay_rates": ((), True),
    "roster_dates": ((), True),
    "roster_history": ((), True),
    "roster_positions": (("roster_id",), True),
    "roster_rejects": (("sha256",), False),
    "roster_snapshots": ((), True),
    "rosters": ((), True),
    "saved_projections": (("limit",), False),
    "saved_scenarios": (("limit",), True),
    "scenario_by_id": (("scenario_id",), True),
    "unresolved_edge_titles": ((), False),
    "class_versions": (("class_id",), True),
    "class_corrections": (("class_id",), False),
    "document_lookup": (("ref",), True),
    "document_classes": (("document_id",), True),
    "current_classes": ((), True),
    "corrections": (("include_closed",), False),
    "correction_by_id": (("correction_id",), False),
    "open_corrections_of_class": (("class_key",), False),
    "corrections_to_reapply": (("document_id",), False),
    "superseded_now": ((), False),
    "review_classes": ((), True),
    "review_pay_units": ((), False),
    "review_decisions": ((), False),
}
# Write queries (and the reads only loaders use), with the test below that runs them.
WRITES: dict[str, str] = {
    **dict.fromkeys(
        ["insert_jurisdictions", "insert_series", "insert_documents", "insert_job_classes", "insert_salary_ranges",
         "insert_qualification_paths", "insert_substitutions", "insert_promotion_edges", "insert_duties",
         "insert_evidence", "resolve_edge_classes"],
        "test_document_writers_store_every_normalised_row",
    ),
    "insert_ingest_reject": "test_reject_writers",
    "insert_ingest_reject_once": "test_reject_writers",
    "pay_schedule_changes": "test_pay_schedule_writers_are_idempotent",
    "upsert_pay_schedules": "test_pay_schedule_writers_are_idempotent",
    "insert_roster": "test_roster_writers",
    "insert_roster_positions": "test_roster_writers",
    "insert_roster_rejects": "test_roster_writers",
    "insert_scenario": "test_scenario_writer_never_overwrites",
    "insert_audit": "tests/app_pages/test_auth.py::test_an_analysts_save_is_in_the_audit_log_with_the_user",
    "insert_projection": "tests/analytics/workforce/test_store.py::test_a_saved_projection_is_never_overwritten",
    "projection_by_id": "tests/analytics/workforce/test_store.py::test_a_saved_projection_is_never_overwritten",
    "update_roster_as_of": "tests/analytics/workforce/test_snapshots.py::test_a_roster_keeps_its_as_of_date",
    "insert_roster_snapshot": "tests/analytics/workforce/test_snapshots.py::test_a_snapshot_loads_once_with_its_date",
    "insert_roster_snapshot_positions":
        "tests/analytics/workforce/test_snapshots.py::test_a_snapshot_loads_once_with_its_date",
    "salary_range_legacy_columns": "test_a_database_from_before_pay_unit_is_migrated_on_connect",
    "migrate_salary_ranges_pay_unit": "test_a_database_from_before_pay_unit_is_migrated_on_connect",
    "missing_columns": "test_a_database_from_before_coursework_units_is_migrated_by_the_demo",
    "migrate_added_columns": "test_a_database_from_before_coursework_units_is_migrated_by_the_demo",
    **dict.fromkeys(
        ["supersede_classes", "restore_version", "delete_document", "earlier_versions"],
        "tests/analytics/ingest/load/test_versions.py::test_deleting_a_document_leaves_the_row_counts_as_before_its_load",
    ),
    **dict.fromkeys(
        ["insert_correction", "set_correction_status"],
        "tests/analytics/ingest/load/test_corrections.py::"
        "test_a_second_correction_of_a_fact_replaces_the_first_and_revert_goes_back_to_the_document",
    ),
    **dict.fromkeys(
        ["move_correction", "rebase_correction"],
        "tests/analytics/ingest/load/test_corrections.py::"
        "test_a_new_version_stating_another_value_sends_the_correction_to_review",
    ),
    "insert_review_decision":
        "tests/analytics/test_review.py::test_a_title_read_with_low_confidence_is_listed_and_accepting_it_takes_it_off",
}


def declared_params(name: str) -> set[str]:
    """The parameters the query's header lists after `params:` ("none" = no parameter)."""
    listed = header(name).rsplit("params:", 1)[1].strip().rstrip(".")
    return set() if listed == "none" else {p.strip().lstrip("$") for p in listed.split(",")}


def bound_params(name: str) -> set[str]:
    """The $parameters the query's SQL (header line excluded, comments dropped) binds."""
    body = "\n".join(line.split("--", 1)[0] for line in sql(name).splitlines()[1:])
    return set(re.findall(r"\$([a-z_0-9]+)", body))


def count(con: duckdb.DuckDBPyConnection, table: str) -> int:
    return con.sql(f"SELECT count(*) FROM {table}").fetchall()[0][0]


def test_every_query_has_a_case():
    assert set(names()) - SCHEMAS == set(READS) | set(WRITES)
    assert not set(READS) & set(WRITES)


@pytest.mark.parametrize("name", sorted(set(names()) - SCHEMAS))
def test_header_names_the_query_and_lists_exactly_its_parameters(name):
    assert header(name).startswith(f"{name}: ")
    assert "params:" in header(name)
    assert declared_params(name) == bound_params(name)


@pytest.fixture(scope="module")
def fixture_db(demo_db_template: Path, tmp_path_factory: pytest.TempPathFactory):
    """A connection to a copy of the demo database with one saved scenario, and sample parameter values
    (by parameter name; a query's name maps to the values it needs instead)."""
    con = db.connect(demo_db_copy(demo_db_template, tmp_path_factory.mktemp("queries-db")))
    class_id, document_id = con.sql("SELECT class_id, document_id FROM job_classes WHERE title = $t",
                                    params={"t": TITLE}).fetchall()[0]
    sha256 = con.sql("SELECT sha256 FROM documents WHERE document_id = $d", params={"d": document_id}).fetchall()[0][0]
    roster_id = con.sql("SELECT roster_id FROM rosters").fetchall()[0][0]
    # The New York seed states grades, not ranges: salary ranges are read for a class that states one.
    ranged_class_id = con.sql("SELECT min(class_id) FROM salary_ranges").fetchall()[0][0]
    save_scenario(con, scenario_id="s" * 16, name="fixture", inputs_json="{}", data_version="v" * 16,
                  results={"format": 1})
    samples = {
        "class_id": class_id, "document_id": document_id, "sha256": sha256, "roster_id": roster_id,
        "scenario_id": "s" * 16, "title": TITLE, "title_key": title_key(TITLE), "limit": 50,
        "jurisdiction_id": None, "series_name": None, "grade": None, "search": None,
        "class_salary_ranges": {"class_id": ranged_class_id},
        "ref": sha256[:12], "include_closed": True, "correction_id": "none", "class_key": "none",
    }
    yield con, samples
    con.close()


@pytest.mark.parametrize("name", sorted(READS))
def test_read_query_runs_on_the_fixture_database(fixture_db, name):
    con, samples = fixture_db
    params, must_return_rows = READS[name]
    assert set(params) == declared_params(name)

    rows = db.run(con, name, {p: samples[p] for p in params} | samples.get(name, {}))

    assert isinstance(rows, pl.DataFrame) and rows.width > 0
    if must_return_rows:
        assert rows.height > 0


def test_catalog_filters_narrow_the_rows(fixture_db):
    con, _ = fixture_db
    every = db.run(con, "catalog_titles", {"jurisdiction_id": None, "series_name": None, "grade": None, "search": None})
    found = db.run(con, "catalog_titles", {"jurisdiction_id": None, "series_name": None, "grade": None,
                                           "search": "immigrant workers"})
    assert 0 < found.height < every.height
    assert TITLE in found["title"].to_list()


@pytest.fixture()
def fresh_con(tmp_path: Path):
    con = db.connect(tmp_path / "fresh.duckdb")
    yield con
    con.close()


def test_document_writers_store_every_normalised_row(fresh_con):
    extracted = read_document(SEED)
    tables = normalize_document(parse_spec(extracted.text, file_name=SEED.name), extracted, file_name=SEED.name)
    assert {f"insert_{table}" for table in tables} <= set(WRITES)

    write_document(fresh_con, tables)

    for table, frame in tables.items():
        assert count(fresh_con, table) == frame.height, table
    assert count(fresh_con, "job_classes") == 3
    # The series edges name classes of the same document: resolve_edge_classes filled both ends.
    unresolved = fresh_con.sql("SELECT count(*) FROM promotion_edges WHERE kind = 'series' "
                               "AND (from_class_id IS NULL OR to_class_id IS NULL)").fetchall()[0][0]
    assert count(fresh_con, "promotion_edges") > 0 and unresolved == 0


def test_reject_writers(fresh_con):
    params = {"file_name": "bad.pdf", "sha256": "ab" * 32, "stage": "extract", "reason": "no text layer"}
    fresh_con.execute(sql("insert_ingest_reject"), params)
    fresh_con.execute(sql("insert_ingest_reject_once"), {**params, "stage": "parse"})
    fresh_con.execute(sql("insert_ingest_reject_once"), {**params, "stage": "parse"})

    rows = fresh_con.sql("SELECT file_name, stage, reason FROM ingest_rejects ORDER BY stage").fetchall()
    assert rows == [("bad.pdf", "extract", "no text layer"), ("bad.pdf", "parse", "no text layer")]


def test_pay_schedule_writers_are_idempotent(fresh_con):
    first = load_pay_schedule_file(fresh_con, PAY_SCHEDULES)
    again = load_pay_schedule_file(fresh_con, PAY_SCHEDULES)

    assert first == count(fresh_con, "pay_schedules") > 0
    assert again == 0


def test_roster_writers(fixture_db, tmp_path: Path):
    con, _ = fixture_db
    titles = known_titles(db.run(con, "ladder_classes"))
    lines = DEMO_ROSTER.read_text(encoding="utf-8").splitlines()
    good = tmp_path / "five.csv"
    good.write_text("\n".join(lines[:6]) + "\n", encoding="utf-8")
    bad = tmp_path / "bad.csv"
    bad.write_text("\n".join([lines[0], lines[1].replace(",1.0,", ",-1.0,", 1)]) + "\n", encoding="utf-8")
    rosters_before = count(con, "rosters")

    loaded = load_roster(con, good, known_titles=titles)
    refused = load_roster(con, bad, known_titles=titles)

    assert loaded.is_new and loaded.n_positions == 5
    assert count(con, "rosters") == rosters_before + 1
    assert db.run(con, "roster_positions", {"roster_id": loaded.roster_id}).height == 5
    assert refused.roster_id is None
    problems = con.sql("SELECT column_name, problem FROM roster_rejects WHERE file_name = 'bad.csv'").fetchall()
    assert problems == [("fte", "bad fte: expected a number above 0 and at most 1")]


def test_scenario_writer_never_overwrites(fixture_db):
    con, _ = fixture_db
    first = save_scenario(con, scenario_id="w" * 16, name="first", inputs_json='{"a":1}', data_version="v" * 16,
                          results={"format": 1, "fiscal_years": []})
    again = save_scenario(con, scenario_id="w" * 16, name="second", inputs_json='{"a":2}', data_version="x" * 16,
                          results={"format": 1})

    assert (first, again) == (True, False)
    kept = saved_scenario(con, "w" * 16)
    assert (kept["name"], kept["inputs_json"], kept["results"]) == ("first", '{"a":1}', {"format": 1, "fiscal_years": []})


def test_a_database_from_before_pay_unit_is_migrated_on_connect(tmp_path: Path):
    path = tmp_path / "old.duckdb"
    with duckdb.connect(str(path)) as old:  # salary_ranges as an earlier version made it
        old.execute(sql("schema").replace("pay_unit         VARCHAR", "unit VARCHAR")
                    .replace("is_pay_unit_consistent BOOLEAN", "is_unit_consistent BOOLEAN"))
        old.execute("INSERT INTO salary_ranges VALUES ('c', 'd', 0, 10, 20, 'hourly', NULL, 20800, 41600, 2080, "
                    "'standard', NULL, 0, 5)")
        assert db.run(old, "salary_range_legacy_columns")["column_name"].to_list() == ["is_unit_consistent", "unit"]

    con = db.connect(path)
    try:
        assert db.run(con, "salary_range_legacy_columns").is_empty()
        assert db.run(con, "class_salary_ranges", {"class_id": "c"}).select("pay_unit", "is_pay_unit_consistent").rows() \
            == [("hourly", None)]
    finally:
        con.close()
    db.connect(path).close()  # a second connect finds nothing to migrate


def test_a_database_from_before_coursework_units_is_migrated_by_the_demo(tmp_path: Path):
    path = tmp_path / "old.duckdb"
    with duckdb.connect(str(path)) as old:  # qualification_paths as an earlier version made it
        old.execute(sql("schema").replace("coursework_units  DOUBLE,", "").replace("coursework_level  VARCHAR,", ""))
        old.execute("INSERT INTO documents VALUES ('d', 's', 'f.txt', 'text/plain', NULL, NULL, 'x', 1, now())")
        old.execute("INSERT INTO qualification_paths (class_id, document_id, path_order, experience_years) "
                    "VALUES ('c', 'd', 0, 2)")
        assert db.run(old, "missing_columns")["column_name"].to_list() == [
            "coursework_level", "coursework_units"]

    ensure_demo_database(path)  # an existing database with documents is kept, and brought up to the schema

    con = db.connect(path, read_only=True)
    try:
        assert not db.needs_migration(con)
        assert db.run(con, "class_qualification_paths").select("experience_years", "coursework_units").rows() == [
            (2.0, None)]
    finally:
        con.close()
