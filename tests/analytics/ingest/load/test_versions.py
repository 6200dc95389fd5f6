"""Versions of a class and deleting a document, on real DuckDB files with the Connecticut seed (.txt and .docx)."""

from __future__ import annotations

from pathlib import Path

import docx
import duckdb
import pytest

from analytics import db
from analytics.audit import cli_user
from analytics.ingest.load.documents import load_documents, load_file
from analytics.ingest.load.versions import DocumentNotFound, delete_document, find_document
from tests.paths import REPO_ROOT

SEEDS = REPO_ROOT / "data" / "demo" / "specs" / "seeds"
CT_TEXT = SEEDS / "ct_labor_dept_community_services_representative.txt"
CT_CODE = "5246"
DOCUMENT_TABLES = ("documents", "jurisdictions", "series", "job_classes", "salary_ranges", "qualification_paths",
                   "substitutions", "promotion_edges", "duties", "evidence")


def ct_docx(folder: Path) -> Path:
    """The Connecticut seed re-formatted as a Word document (one paragraph per line), as an office re-issues it."""
    document = docx.Document()
    for line in CT_TEXT.read_text(encoding="utf-8").splitlines():
        document.add_paragraph(line)
    path = folder / "ct_labor_dept_community_services_representative.docx"
    document.save(path)
    return path


def ct_variant(folder: Path, name: str, replacements: list[tuple[str, str]]) -> Path:
    """The Connecticut seed with some of its text replaced (another revision date, another grade)."""
    text = CT_TEXT.read_text(encoding="utf-8")
    for old, new in replacements:
        assert old in text
        text = text.replace(old, new)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def counts(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    return {table: con.sql(f"SELECT count(*) FROM {table}").fetchall()[0][0] for table in DOCUMENT_TABLES}


@pytest.fixture()
def con(tmp_path: Path):
    connection = db.connect(tmp_path / "ladder.duckdb")
    summary = load_documents(connection, [SEEDS])
    assert not summary.problems
    yield connection
    connection.close()


def current_ct(con: duckdb.DuckDBPyConnection):
    return db.run(con, "ladder_classes").filter(class_code=CT_CODE)


def test_the_same_spec_as_txt_then_docx_is_one_current_class_with_two_versions(con, tmp_path):
    edges_before = db.run(con, "ladder_edges").height
    first = current_ct(con)["class_id"].item()

    loaded = load_file(con, ct_docx(tmp_path), who=cli_user())

    assert loaded.status == "loaded" and loaded.n_superseded == 1
    now = current_ct(con)
    assert now.height == 1 and now["document_id"].item() == loaded.document_id
    assert db.run(con, "catalog_titles", {"jurisdiction_id": None, "series_name": None, "grade": None,
                                          "search": CT_CODE}).height == 1
    versions = db.run(con, "class_versions", {"class_id": first})
    assert versions.height == 2
    assert versions["is_current"].to_list() == [True, False]
    assert versions["superseded_by"].to_list() == [None, now["class_id"].item()]
    # the ladder has the new version's edges only: as many as before, none of them on the old class
    edges = db.run(con, "ladder_edges")
    assert edges.height == edges_before
    assert first not in edges["from_class_id"].to_list() + edges["to_class_id"].to_list()
    log = db.run(con, "audit_log", {"limit": 10})
    assert "supersede a class version" in log["action"].to_list()


def test_an_older_revision_loaded_after_a_newer_one_is_kept_as_history(con, tmp_path):
    current = current_ct(con)["class_id"].item()
    older = ct_variant(tmp_path, "ct_2019.txt", [("12/15/2023", "01/10/2019")])

    loaded = load_file(con, older)

    assert loaded.status == "loaded" and loaded.n_superseded == 1
    assert current_ct(con)["class_id"].item() == current  # the 2023 revision stays current
    versions = db.run(con, "class_versions", {"class_id": current})
    assert versions.filter(is_current=False)["document_id"].item() == loaded.document_id


def test_deleting_a_document_leaves_the_row_counts_as_before_its_load(con, tmp_path):
    before = counts(con)
    first = current_ct(con)["class_id"].item()
    loaded = load_file(con, ct_docx(tmp_path))
    assert counts(con) != before

    deleted = delete_document(con, loaded.document_id, who=cli_user())

    assert counts(con) == before
    assert deleted.restored == (first,)
    assert current_ct(con)["class_id"].item() == first  # the earlier version is current again
    edges = db.run(con, "ladder_edges")
    assert edges.filter((edges["from_class_id"] == first) | (edges["to_class_id"] == first)).height > 0
    assert db.run(con, "audit_log", {"limit": 5})["action"][0] == "delete a document"


def test_deleting_the_only_version_removes_every_fact_and_no_orphan_is_left(con):
    document_id = current_ct(con)["document_id"].item()

    delete_document(con, document_id, who=cli_user())

    for table in set(DOCUMENT_TABLES) - {"jurisdictions"}:
        left = con.sql(f"SELECT count(*) FROM {table} WHERE document_id = $d", params={"d": document_id})
        assert left.fetchall()[0][0] == 0, table
    jurisdiction = con.sql("SELECT count(*) FROM jurisdictions WHERE jurisdiction_id = 'state-of-connecticut'")
    assert jurisdiction.fetchall()[0][0] == 0
    orphans = con.sql("SELECT count(*) FROM promotion_edges WHERE from_class_id NOT IN (SELECT class_id FROM "
                      "job_classes) OR to_class_id NOT IN (SELECT class_id FROM job_classes)")
    assert orphans.fetchall()[0][0] == 0


def test_a_failed_delete_changes_nothing(con, monkeypatch):
    before = counts(con)
    document_id = current_ct(con)["document_id"].item()

    def broken(cur, name, params=None):
        raise duckdb.IOException("disk full")

    monkeypatch.setattr(db, "execute_all", broken)
    with pytest.raises(duckdb.IOException):
        delete_document(con, document_id, who=cli_user())

    assert counts(con) == before


def test_a_document_is_found_by_sha256_prefix_or_file_name(con):
    document_id, sha256 = con.sql("SELECT document_id, sha256 FROM documents WHERE file_name = $f",
                                  params={"f": CT_TEXT.name}).fetchall()[0]

    assert find_document(con, sha256[:10].upper()) == (document_id, CT_TEXT.name)
    assert find_document(con, CT_TEXT.name) == (document_id, CT_TEXT.name)
    with pytest.raises(DocumentNotFound, match="no loaded document"):
        find_document(con, "0000000000")
    with pytest.raises(DocumentNotFound, match="no loaded document"):
        find_document(con, sha256[:4])  # too short to name a document
