"""The steward's pages under AppTest, each on a demo database of its own: the Review page (filters in the URL,
accepting items), the Catalog's correction form, revert and versions, and the Audit trail."""

from __future__ import annotations

import polars as pl

from analytics import db
from analytics.audit import cli_user
from analytics.ingest.load.corrections import list_corrections
from analytics.ingest.load.documents import load_file
from tests.analytics.ingest.load.test_versions import ct_docx
from tests.app_pages.apptest import open_page

LOW_TITLE = "Employment Case Manager"  # read with confidence 0.73 in the demo
CT = "Labor Department Community Services Representative"


def test_the_review_page_lists_items_filters_them_from_the_url_and_accepts_them(private_db):
    at = open_page("app_pages/review.py")
    assert not at.exception
    counts = {m.label: m.value for m in at.metric}
    assert counts["Titles"] == "1" and int(counts["Unloaded titles"]) > 0

    at = open_page("app_pages/review.py", kind="title", threshold="0.8")

    assert not at.exception and not at.warning
    table = at.dataframe[0].value
    assert table["title"].to_list() == [LOW_TITLE]
    assert at.query_params["kind"] == "title" and at.query_params["threshold"] == "0.8"
    at.button(key="review.accept_all").click().run()
    assert not at.exception
    assert at.success[0].value.startswith("Accepted 1 item(s)")
    assert {m.label: m.value for m in at.metric}["Titles"] == "0"
    with db.reading(private_db) as con:
        log = db.run(con, "audit_log", {"limit": 1})
    assert log.row(0, named=True) | {"logged_at": None} == {
        "logged_at": None, "user_login": "local", "user_role": "steward", "action": "accept review items",
        "detail": log["detail"].item()}


def test_a_bad_review_link_falls_back_with_a_notice(private_db):
    at = open_page("app_pages/review.py", kind="nonsense", threshold="7")

    assert not at.exception
    notices = " ".join(w.value for w in at.warning)
    assert "nonsense" in notices and "7" in notices
    assert "kind" not in at.query_params


def test_the_catalog_corrects_a_grade_marks_it_and_reverts_it(private_db):
    at = open_page("app_pages/catalog.py", title=CT)
    form = f"steward.form.{at.session_state['catalog.title']}"
    at.selectbox(key=f"{form}.field").set_value("grade")
    at.text_input(key=f"{form}.value").input("SH 18")
    at.text_input(key=f"{form}.reason").input("re-graded in 2026")
    at.button(key=f"{form}.save").click().run()

    assert not at.exception
    assert at.success[0].value.startswith("Corrected grade of")
    assert {m.label: m.value for m in at.metric}["Grade"] == "SH 18"
    assert any("corrected: grade was SH 17, now SH 18" in c.value for c in at.caption)
    with db.reading(private_db) as con:
        (correction_id,) = list_corrections(con)["correction_id"].to_list()

    at.button(key=f"steward.revert.{correction_id}").click().run()

    assert not at.exception
    assert {m.label: m.value for m in at.metric}["Grade"] == "SH 17"


def test_a_refused_correction_says_why_and_changes_nothing(private_db):
    at = open_page("app_pages/catalog.py", title=CT)
    form = f"steward.form.{at.session_state['catalog.title']}"
    at.selectbox(key=f"{form}.field").set_value("salary_min")
    at.text_input(key=f"{form}.value").input("cheap")
    at.button(key=f"{form}.save").click().run()

    assert not at.exception
    assert at.error[0].value == ("Not saved: reason: say why (it is kept with the correction); value: 'cheap' is not "
                                 "an amount (e.g. 52000 or \\$24.50)")  # shown as text: the $ escaped
    with db.reading(private_db) as con:
        assert list_corrections(con).is_empty()


def test_the_catalog_shows_the_versions_of_a_class_and_what_changed(private_db, tmp_path):
    con = db.connect(private_db)
    try:
        load_file(con, ct_docx(tmp_path), who=cli_user())
    finally:
        con.close()

    at = open_page("app_pages/catalog.py", title=CT)

    assert not at.exception
    assert [s.value for s in at.subheader if s.value == "Versions"] == ["Versions"]
    versions = at.dataframe[-1].value
    assert versions["is_current"].to_list() == [True, False]
    assert versions["file_name"].to_list()[1].endswith(".txt")


def test_the_audit_page_lists_writes_and_filters_them(private_db):
    con = db.connect(private_db)
    try:
        db.execute_all(con, "insert_audit", {"user_login": "cli:ann", "user_role": "steward",
                                             "action": "delete a document", "detail": "junk.pdf (0123)"})
    finally:
        con.close()

    at = open_page("app_pages/audit.py", user="cli:ann")

    assert not at.exception and not at.warning
    shown = at.dataframe[0].value
    assert isinstance(shown, pl.DataFrame) or hasattr(shown, "columns")
    assert list(shown["detail"]) == ["junk.pdf (0123)"]
