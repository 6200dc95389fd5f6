"""Loading documents into a real DuckDB file: counts, idempotency, rollback on failure, edge resolution."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from analytics import db
from analytics.ingest.extract import ExtractError
from analytics.ingest.load import documents as load
from analytics.ingest.load.documents import load_documents, load_upload, preview_upload
from queries import header

SEEDS = db.REPO_ROOT / "data" / "demo" / "specs" / "seeds"
SEED_FILES = sorted(SEEDS.glob("*.txt"))
SEED_KEY = json.loads((db.REPO_ROOT / "tests" / "golden" / "seeds_expected.json").read_text(encoding="utf-8"))
CT = SEEDS / "ct_labor_dept_community_services_representative.txt"
DOCUMENT_TABLES = ("documents", "jurisdictions", "series", "job_classes", "salary_ranges", "qualification_paths",
                   "substitutions", "promotion_edges", "duties", "evidence")
LOAD_QUERIES = (
    "document_by_sha256", "document_count", "insert_documents", "insert_jurisdictions", "insert_series",
    "insert_job_classes", "insert_salary_ranges", "insert_qualification_paths", "insert_substitutions",
    "insert_promotion_edges", "insert_duties", "insert_evidence", "insert_ingest_reject_once",
    "unresolved_edge_titles", "resolve_edge_classes",
)
# A Connecticut spec defining the trainee class the seed names as a feeder ("Social Services Trainee").
CT_TRAINEE = """State of Connecticut
Social Services Trainee (6430)

Minimum Qualifications
Two years of experience in social services.
"""


@pytest.fixture()
def con(tmp_path):
    connection = db.connect(tmp_path / "ladder.duckdb")
    yield connection
    connection.close()


def snapshot(con) -> dict[str, pl.DataFrame]:
    """Every document table's rows in a stable order (loaded_at included: a skipped load keeps it)."""
    return {t: db_rows(con, t) for t in (*DOCUMENT_TABLES, "ingest_rejects")}


def db_rows(con, table: str) -> pl.DataFrame:
    # Test-only read of a whole table; the table name comes from the constant above, never from input.
    frame = con.cursor().sql(f"SELECT * FROM {table}").pl()
    return frame.sort(frame.columns, nulls_last=True)


def count(con, table: str) -> int:
    return db_rows(con, table).height


@pytest.mark.parametrize("name", LOAD_QUERIES)
def test_query_header_names_its_grain_and_params(name):
    assert header(name).startswith(f"{name}: one row per ")
    assert "params:" in header(name)


def test_loading_the_seeds_gives_the_expected_counts(con):
    summary = load_documents(con, SEED_FILES)

    n_titles = sum(len(doc["titles"]) for doc in SEED_KEY)
    assert (summary.n_documents, summary.n_skipped, summary.n_rejects, summary.problems) == (5, 0, 0, [])
    assert summary.n_titles == n_titles == count(con, "job_classes") == 10
    assert summary.n_edges == count(con, "promotion_edges")
    assert count(con, "documents") == 5
    assert set(db_rows(con, "jurisdictions")["jurisdiction_id"]) == {"new-york-state", "state-of-connecticut"}
    assert count(con, "salary_ranges") == 3  # Connecticut: hourly, biweekly, yearly
    assert count(con, "series") == 3  # two NYS series and the article's
    key_promotions = sum(len(doc["promotions"]) for doc in SEED_KEY)
    kinds = db_rows(con, "promotion_edges")["kind"].value_counts().sort("kind")
    assert dict(kinds.iter_rows()) == {"feeder": 3, "promotional_line": 2, "related": 6, "series": 5,
                                       "supervision": 3}
    assert key_promotions <= summary.n_edges
    evidence = db_rows(con, "evidence").join(db_rows(con, "documents"), on="document_id")
    assert evidence.filter((pl.col("char_start") < 0) | (pl.col("char_end") > pl.col("n_chars"))).is_empty()


def test_the_connecticut_factor_lands_in_salary_ranges(con):
    load_documents(con, [CT])

    ranges = db_rows(con, "salary_ranges").sort("range_order")

    assert ranges["factor_source"].to_list() == ["stated-derived", "stated-derived", "standard"]
    assert ranges["annual_factor"][1] == pytest.approx(26.1, abs=0.001)
    assert ranges["is_pay_unit_consistent"].to_list() == [True, True, True]


def test_loading_twice_changes_nothing(con):
    load_documents(con, [SEEDS])
    before = snapshot(con)

    again = load_documents(con, [SEEDS, *SEED_FILES])

    assert (again.n_documents, again.n_skipped, again.n_rejects) == (0, 10, 0)
    after = snapshot(con)
    for table in before:
        assert_frame_equal(after[table], before[table])


def test_a_document_failing_mid_load_leaves_nothing_of_it(con, monkeypatch):
    real_insert = load.insert_rows
    ct_id = hashlib.sha256(CT.read_bytes()).hexdigest()[:16]

    def failing_insert(cur, table, frame):
        if table == "duties" and ct_id in frame["document_id"].to_list():  # after documents, classes, ranges
            raise RuntimeError("disk full while writing duties")
        real_insert(cur, table, frame)

    monkeypatch.setattr(load, "insert_rows", failing_insert)

    summary = load_documents(con, SEED_FILES)

    assert (summary.n_documents, summary.n_rejects) == (4, 1)
    assert summary.problems == [(str(CT), "RuntimeError: disk full while writing duties")]
    rejects = db_rows(con, "ingest_rejects")
    assert rejects.select("file_name", "stage").rows() == [(CT.name, "load")]
    for table in DOCUMENT_TABLES:
        if "document_id" in db_rows(con, table).columns:
            assert db_rows(con, table).filter(pl.col("document_id") == ct_id).is_empty(), table
    assert "state-of-connecticut" not in db_rows(con, "jurisdictions")["jurisdiction_id"].to_list()
    assert count(con, "documents") == 4


def test_a_parser_failure_is_a_parse_reject_and_the_next_run_loads_it(con, monkeypatch):
    monkeypatch.setattr(load, "parse_spec", lambda text, file_name: 1 / 0)

    failed = load_documents(con, [CT])
    monkeypatch.undo()
    loaded = load_documents(con, [CT])

    assert failed.problems == [(str(CT), "ZeroDivisionError: division by zero")]
    assert db_rows(con, "ingest_rejects")["stage"].to_list() == ["parse"]
    assert loaded.n_documents == 1


def test_edges_resolve_to_classes_of_the_same_document(con):
    load_documents(con, SEED_FILES)

    edges = db_rows(con, "promotion_edges").join(
        db_rows(con, "job_classes").select("class_id", to_class_title="title"),
        left_on="to_class_id", right_on="class_id", how="left",
    )

    series = edges.filter(pl.col("from_title") == "Immigrant Workers Specialist 2", pl.col("kind") == "series")
    assert series["to_class_title"].to_list() == ["Director Immigrant Workers Services"]
    assert series["from_class_id"].str.ends_with(":1").all()
    feeders = edges.filter(pl.col("kind") == "feeder")
    assert feeders["to_class_title"].to_list() == ["Labor Department Community Services Representative"] * 3
    assert feeders["from_class_id"].is_null().all()  # trainee classes are not defined by any seed


def test_a_later_document_of_the_same_jurisdiction_resolves_earlier_edges(con, tmp_path):
    trainee = tmp_path / "ct_social_services_trainee.txt"
    trainee.write_text(CT_TRAINEE, encoding="utf-8")
    load_documents(con, [CT])

    load_documents(con, [trainee])

    classes = db_rows(con, "job_classes")
    trainee_id = classes.filter(pl.col("title") == "Social Services Trainee")["class_id"].item()
    edge = db_rows(con, "promotion_edges").filter(pl.col("from_title") == "Social Services Trainee")
    assert edge["from_class_id"].to_list() == [trainee_id]


def test_missing_unsupported_and_empty_files_are_rejected_once_each(con, tmp_path):
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    (tmp_path / "table.csv").write_text("a,b\n", encoding="utf-8")
    paths = [CT, tmp_path / "missing.txt", tmp_path / "empty.txt", tmp_path / "table.csv", str(tmp_path / "*.pdf")]

    first = load_documents(con, paths)
    second = load_documents(con, paths)

    assert first.n_documents == 1
    assert [message.split(":")[0] for _, message in first.problems] == [
        "no file matches this pattern", "file not found", "no text in the document", "unsupported file type .csv",
    ]
    assert second.n_rejects == 4 and second.n_skipped == 1
    assert count(con, "ingest_rejects") == 4  # the same refusal is recorded once


def test_folders_are_read_recursively_without_readme_files(con, tmp_path):
    nested = tmp_path / "specs" / "ct"
    nested.mkdir(parents=True)
    (nested / "trainee.txt").write_text(CT_TRAINEE, encoding="utf-8")
    (nested / "README.md").write_text("# About these specs", encoding="utf-8")
    (nested / "notes.csv").write_text("a,b", encoding="utf-8")
    (tmp_path / "nothing").mkdir()

    summary = load_documents(con, [tmp_path / "specs", tmp_path / "nothing"])

    assert summary.n_documents == 1
    assert summary.problems == [
        (str(tmp_path / "nothing"), "no documents (.txt, .md, .pdf, .docx, .html, .htm) in this folder")
    ]


def test_progress_wraps_the_list_of_files(con):
    seen: list[Path] = []

    def progress(files):
        seen.extend(files)
        return files

    load_documents(con, [SEEDS], progress=progress)

    assert seen == SEED_FILES


def test_upload_preview_touches_no_database_and_commit_is_idempotent(con):
    data = CT.read_bytes()

    record, text = preview_upload("uploads/ct.txt", data)
    first = load_upload(con, "ct.txt", data)
    second = load_upload(con, "ct.txt", data)

    assert record["titles"][0]["title"] == "Labor Department Community Services Representative"
    assert text.startswith("State of Connecticut")
    assert (first.status, first.n_titles) == ("loaded", 1)
    assert (second.status, second.document_id) == ("skipped", first.document_id)
    assert count(con, "documents") == 1


def test_bad_upload_preview_raises_and_commit_is_rejected(con):
    with pytest.raises(ExtractError, match="unsupported file type .exe"):
        preview_upload("virus.exe", b"MZ")

    result = load_upload(con, "virus.exe", b"MZ")

    assert (result.status, result.stage) == ("rejected", "extract")
    assert db_rows(con, "ingest_rejects")["file_name"].to_list() == ["virus.exe"]
