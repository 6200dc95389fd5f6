"""Stewards' corrections on real DuckDB files: every read path sees them, they survive re-loading and rebuilding,
a changed document sends them to review, and reverting restores exactly what was extracted."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import polars as pl
import pytest
from polars.testing import assert_frame_equal

from analytics import db
from analytics.audit import cli_user
from analytics.cli.ingest import main
from analytics.demo import ensure_demo_database
from analytics.ingest.load.corrections import (
    Change,
    CorrectionError,
    apply_file,
    check_change,
    correct,
    list_corrections,
    revert,
    settle,
)
from analytics.ingest.load.documents import load_documents, load_file
from analytics.ingest.load.versions import delete_document
from tests.analytics.ingest.load.test_versions import CT_CODE, CT_TEXT, SEEDS, ct_docx, ct_variant
from tests.conftest import demo_db_copy

WHO = cli_user()
CT_TITLE = "Labor Department Community Services Representative"


@pytest.fixture()
def con(tmp_path: Path):
    connection = db.connect(tmp_path / "ladder.duckdb")
    assert not load_documents(connection, [SEEDS]).problems
    yield connection
    connection.close()


def ct(con: duckdb.DuckDBPyConnection) -> dict:
    return db.run(con, "ladder_classes").filter(class_code=CT_CODE).row(0, named=True)


def ranges(con: duckdb.DuckDBPyConnection, class_id: str) -> pl.DataFrame:
    return db.run(con, "class_salary_ranges", {"class_id": class_id})


def test_a_corrected_salary_is_what_every_read_path_sees(con):
    class_id = ct(con)["class_id"]
    assert ranges(con, class_id)["min_amount"][2] == 57625.0  # the yearly range as stated

    correct(con, class_id, Change("salary_min", "$58,100", "the spec's typo", position=3), who=WHO)

    assert ranges(con, class_id)["min_amount"][2] == 58100.0
    assert ranges(con, class_id)["min_annual"][2] == 58100.0
    lateral = db.run(con, "lateral_classes").filter(class_id=class_id)
    profile = db.run(con, "class_pay_profile", {"title": CT_TITLE, "title_key": "x"})
    assert lateral["min_annual"].item() == profile["min_annual"].item() == 57626.82  # range 1 (hourly) is first
    correct(con, class_id, Change("salary_min", "28", "first range too", position=1), who=WHO)
    assert db.run(con, "class_pay_profile", {"title": CT_TITLE, "title_key": "x"})["min_annual"].item() == round(
        28 * 2087.9283, 2)
    found = list_corrections(con)
    assert found["field"].to_list() == ["salary_min", "salary_min"]
    assert found["old_value"].to_list() == ["57625.00", "27.60"]
    assert found["author"].unique().to_list() == [WHO.login]


def test_a_correction_survives_deleting_and_reloading_the_document(con):
    klass = ct(con)
    correct(con, klass["class_id"], Change("grade", "SH 18", "re-graded"), who=WHO)
    delete_document(con, klass["document_id"], who=WHO)
    assert db.run(con, "ladder_classes").filter(class_code=CT_CODE).is_empty()

    loaded = load_file(con, CT_TEXT)

    assert loaded.n_corrected == 1 and loaded.n_to_review == 0
    assert ct(con)["grade"] == "SH 18"
    assert list_corrections(con)["status"].to_list() == ["active"]


def test_a_correction_carries_over_to_a_new_version_that_states_the_same(con, tmp_path):
    correct(con, ct(con)["class_id"], Change("grade", "SH 18", "re-graded"), who=WHO)

    loaded = load_file(con, ct_docx(tmp_path))

    assert loaded.n_superseded == 1 and loaded.n_corrected == 1
    assert ct(con)["document_id"] == loaded.document_id and ct(con)["grade"] == "SH 18"


def test_a_new_version_stating_another_value_sends_the_correction_to_review(con, tmp_path):
    correct(con, ct(con)["class_id"], Change("grade", "SH 18", "re-graded"), who=WHO)
    changed = ct_variant(tmp_path, "ct_2026.txt", [("SH 17", "SH 19"), ("12/15/2023", "06/01/2026")])

    loaded = load_file(con, changed)

    assert loaded.n_to_review == 1
    assert ct(con)["grade"] == "SH 19"  # the document's new value stands until a steward decides
    waiting = list_corrections(con)
    assert waiting["status"].to_list() == ["needs_review"]
    settle(con, waiting["correction_id"].item(), apply=True, who=WHO)
    assert ct(con)["grade"] == "SH 18"
    again = list_corrections(con)
    assert again["status"].to_list() == ["active"] and again["old_value"].to_list() == ["SH 19"]


def test_reverting_restores_the_extracted_row_exactly(con):
    class_id = ct(con)["class_id"]
    before = ranges(con, class_id)
    version = db.run(con, "data_version").item()
    correction_id = correct(con, class_id, Change("salary_unit", "monthly", "unit misread"), who=WHO)
    assert ranges(con, class_id)["factor_source"][0] == "standard"
    assert db.run(con, "data_version").item() != version  # saved cost scenarios see that the pay data changed

    revert(con, correction_id, who=WHO)

    assert_frame_equal(ranges(con, class_id), before)
    assert db.run(con, "data_version").item() == version
    assert list_corrections(con).is_empty()
    assert list_corrections(con, include_closed=True)["status"].to_list() == ["reverted"]
    with pytest.raises(CorrectionError, match="already reverted"):
        revert(con, correction_id, who=WHO)


def test_a_path_marked_wrong_an_added_edge_and_a_substitution_can_each_be_reverted(con):
    class_id = ct(con)["class_id"]
    paths = db.run(con, "class_paths", {"class_id": class_id})
    edges = db.run(con, "class_edges", {"class_id": class_id})
    ids = [
        correct(con, class_id, Change("qualification_path", "wrong", "not a path", position=1), who=WHO),
        correct(con, class_id, Change("promoted_from", "2", "stated in the bulletin",
                                      other_title="Community Services Aide"), who=WHO),
        correct(con, class_id, Change("substitution", "1", "a master's counts", level="master"), who=WHO),
    ]
    assert db.run(con, "class_paths", {"class_id": class_id}).height == paths.height - 1
    added = db.run(con, "class_edges", {"class_id": class_id}).filter(other_title="Community Services Aide")
    assert added["years"].to_list() == [2.0] and added["direction"].to_list() == ["in"]

    for correction_id in reversed(ids):
        revert(con, correction_id, who=WHO)

    assert_frame_equal(db.run(con, "class_paths", {"class_id": class_id}), paths)
    assert_frame_equal(db.run(con, "class_edges", {"class_id": class_id}), edges)


def test_a_second_correction_of_a_fact_replaces_the_first_and_revert_goes_back_to_the_document(con):
    class_id = ct(con)["class_id"]
    correct(con, class_id, Change("grade", "SH 18", "first try"), who=WHO)
    second = correct(con, class_id, Change("grade", "SH 19", "second try"), who=WHO)

    assert list_corrections(con, include_closed=True)["status"].to_list() == ["replaced", "active"]
    revert(con, second, who=WHO)
    assert ct(con)["grade"] == "SH 17"


def test_bad_changes_are_refused_with_one_line_each(con):
    assert check_change(Change("colour", "red", "x"))[1] == [
        "field 'colour' is not one of title, class_code, grade, salary_min, salary_max, salary_unit, salary_range, "
        "experience_years, specialized_years, supervisory_years, education, qualification_path, substitution, "
        "promotes_to, promoted_from, supervised_by, supervises, related"]
    assert check_change(Change("salary_min", "lots", ""))[1] == [
        "reason: say why (it is kept with the correction)", "value: 'lots' is not an amount (e.g. 52000 or $24.50)"]
    assert check_change(Change("supervised_by", "yes", "r"))[1] == [
        "other_title: supervised_by needs the other class's title"]
    assert check_change(Change("title", "wrong", "r"))[1] == ["value: a class needs a title: give the right one"]
    class_id = ct(con)["class_id"]
    with pytest.raises(CorrectionError, match="has no salary range 9"):
        correct(con, class_id, Change("salary_min", "1", "r", position=9), who=WHO)
    with pytest.raises(CorrectionError, match="would run from"):
        correct(con, class_id, Change("salary_min", "90000", "r", position=3), who=WHO)
    with pytest.raises(CorrectionError, match="already SH 17"):
        correct(con, class_id, Change("grade", "SH 17", "r"), who=WHO)
    assert list_corrections(con).is_empty()


def test_a_corrections_file_applies_whole_or_not_at_all(con, tmp_path):
    good = tmp_path / "good.csv"
    good.write_text("class_code,field,value,reason,path\n5246,grade,SH 18,re-graded,\n"
                    "5246,experience_years,3,says three,1\n", encoding="utf-8")
    bad = tmp_path / "bad.csv"
    bad.write_text("title,jurisdiction,field,value,reason\n"
                   f"{CT_TITLE},state-of-connecticut,grade,SH 20,re-graded\n"
                   "No Such Class,,grade,1,r\n"
                   f"{CT_TITLE},,salary_max,cheap,r\n", encoding="utf-8")

    with pytest.raises(CorrectionError) as refused:
        apply_file(con, bad, who=WHO)
    assert refused.value.problems == ["line 4: value: 'cheap' is not an amount (e.g. 52000 or $24.50)"]
    bad.write_text("title,field,value,reason\n" f"{CT_TITLE},grade,SH 20,re-graded\nNo Such Class,grade,1,r\n",
                   encoding="utf-8")
    with pytest.raises(CorrectionError) as refused:
        apply_file(con, bad, who=WHO)
    assert refused.value.problems == ["line 3: no current class has the title 'No Such Class'"]
    assert ct(con)["grade"] == "SH 17" and list_corrections(con).is_empty()

    assert len(apply_file(con, good, who=WHO)) == 2
    assert ct(con)["grade"] == "SH 18"


def test_corrections_survive_a_rebuild_of_the_demo_database(demo_db_template, tmp_path):
    path = demo_db_copy(demo_db_template, tmp_path)
    con = db.connect(path)
    try:
        correct(con, ct(con)["class_id"], Change("grade", "SH 18", "re-graded"), who=WHO)
    finally:
        con.close()

    ensure_demo_database(path, force=True)

    with db.reading(path) as con:
        assert ct(con)["grade"] == "SH 18"
        assert list_corrections(con)["status"].to_list() == ["active"]
        actions = db.run(con, "audit_log", {"limit": 10})["action"].to_list()
    assert actions[:2] == ["rebuild the demo database", "correct a fact"]


def test_the_command_line_corrects_lists_reverts_and_deletes(con, tmp_path, capsys):
    path = tmp_path / "ladder.duckdb"
    con.close()
    fixes = tmp_path / "fixes.csv"
    fixes.write_text("class_code,field,value,reason\n5246,grade,SH 18,re-graded\n", encoding="utf-8")

    assert main(["correct", str(fixes), "--db", str(path)]) == 0
    assert "1 correction(s) applied" in capsys.readouterr().out
    assert main(["corrections", "--json", "--db", str(path)]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert [(c["field"], c["old_value"], c["new_value"], c["author"]) for c in listed] == [
        ("grade", "SH 17", "SH 18", WHO.login)]
    assert main(["corrections", "--csv", "--db", str(path)]) == 0
    assert capsys.readouterr().out.splitlines() == [
        "title,class_code,jurisdiction,field,value,reason,path,other_title,level",
        f"{CT_TITLE},,state-of-connecticut,grade,SH 18,re-graded,,,"]
    assert main(["revert", listed[0]["correction_id"], "--db", str(path)]) == 0
    assert "grade is SH 17 again" in capsys.readouterr().out
    assert main(["delete", CT_TEXT.name, "--db", str(path)]) == 0
    assert "deleted with its 1 class(es)" in capsys.readouterr().out
    assert main(["delete", CT_TEXT.name, "--db", str(path)]) == 1
    assert "no loaded document" in capsys.readouterr().err
    bad = tmp_path / "bad.csv"
    bad.write_text("colour,value\nred,1\n", encoding="utf-8")
    assert main(["correct", str(bad), "--db", str(path)]) == 1
    assert capsys.readouterr().err.splitlines() == [
        f"correct: error: {bad}: unknown column 'colour' (columns: title, class_code, jurisdiction, field, value, "
        "reason, path, other_title, level)",
        f"correct: error: {bad}: no 'field' column", f"correct: error: {bad}: no 'reason' column",
        f"correct: error: {bad}: a 'title' or 'class_code' column names each class"]
    with db.reading(path) as check:
        actions = db.run(check, "audit_log", {"limit": 10})["action"].to_list()
    assert actions[:3] == ["delete a document", "revert a correction", "correct a fact"]
