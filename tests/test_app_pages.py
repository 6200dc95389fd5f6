"""The app's pages under streamlit.testing.v1.AppTest (one interaction each), and the named queries they read."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from analytics import db
from queries import header

APP_QUERIES = ("database_summary", "data_version", "catalog_titles", "class_detail", "class_salary_ranges",
               "class_paths", "class_substitutions_detail", "class_edges", "class_duties", "document_text",
               "ingest_rejects_recent")
QUERY_PARAMS = {
    "catalog_titles": {"jurisdiction_id": None, "series_name": None, "grade": None, "search": None},
    "document_text": {"document_id": "nope"},
    "ingest_rejects_recent": {"limit": 10},
}
REPO_ROOT = Path(__file__).resolve().parent.parent
IWS2 = "Immigrant Workers Specialist 2"
CT_SPEC = Path("/work/shared/seeds/ct_labor_dept_community_services_representative.txt")
NEW_SPEC = b"""TEST AGENCY OF EXAMPLE
ARCHIVES TECHNICIAN 1, GRADE 9 1234567

Minimum Qualifications: a high school diploma and two years of experience in records work.
"""


def open_page(script: str | None = None, **query_params: str) -> AppTest:
    """Run the app, switch to `script` (None: stay on Home) with these query params and run it."""
    at = AppTest.from_file(str(REPO_ROOT / "app.py"), default_timeout=60)
    at.run()
    assert not at.exception, at.exception
    if script:
        at.switch_page(script)
    at.query_params.update(query_params)
    return at.run()


def metrics(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


# -- Home ------------------------------------------------------------------------------------------

def test_home_counts_what_the_database_holds_and_links_every_page(ladder_db):
    with db.connect(ladder_db) as con:
        expected = db.run(con, "database_summary").row(0, named=True)

    at = open_page()

    assert not at.exception
    shown = metrics(at)
    assert shown["Documents"] == f"{expected['n_documents']:,}"
    assert shown["Titles"] == f"{expected['n_titles']:,}"
    assert shown["Ladder edges"] == f"{expected['n_edges']:,}"
    assert {"Catalog", "Ingest"} <= {link.value for link in at.page_link}
    assert any("Data version" in c.value for c in at.sidebar.caption)


# -- Catalog ---------------------------------------------------------------------------------------

def test_catalog_deep_link_by_title_opens_the_title(ladder_db):
    at = open_page("app_pages/catalog.py", title=IWS2)

    assert not at.exception
    assert not at.warning
    assert metrics(at)["Class code"] == "8418200"
    assert metrics(at)["Grade"] == "23"
    assert at.header[0].value == IWS2
    assert at.query_params["title"] == IWS2


def test_catalog_deep_link_by_class_code_opens_the_title_and_links_it_by_name(ladder_db):
    at = open_page("app_pages/catalog.py", title="8418200")

    assert not at.exception
    assert metrics(at)["Grade"] == "23"
    assert at.query_params["title"] == IWS2


def test_catalog_shows_each_fact_with_its_evidence_highlighted(ladder_db):
    at = open_page("app_pages/catalog.py", title=IWS2)

    marks = [h.value for h in at.html if "<mark" in h.value]
    assert any("8418200</mark>" in m for m in marks)
    assert any(">23</mark>" in m or "GRADE 23</mark>" in m for m in marks)
    assert {"Promotion", "Supervision", "Related classes", "Salary ranges"} <= {s.value for s in at.subheader}


def test_catalog_unknown_title_falls_back_with_a_notice(ladder_db):
    at = open_page("app_pages/catalog.py", title="No Such Title", grade="99")

    assert not at.exception
    notice = at.warning[0].value
    assert "`title`" in notice and "No Such Title" in notice
    assert "`grade`" in notice
    assert not at.metric
    assert "title" not in at.query_params and "grade" not in at.query_params


def test_catalog_filter_by_jurisdiction_narrows_the_table_and_the_url(ladder_db):
    at = open_page("app_pages/catalog.py")
    everything = len(at.dataframe[0].value)

    at.selectbox(key="catalog.jurisdiction").set_value("new-york-state").run()

    assert not at.exception
    table = at.dataframe[0].value
    assert 0 < len(table) < everything
    assert set(table["jurisdiction_name"]) == {"New York State"}
    assert at.query_params["jurisdiction"] == "new-york-state"


# -- Ingest ----------------------------------------------------------------------------------------

def test_ingest_previews_an_upload_with_its_evidence(ladder_db):
    at = open_page("app_pages/ingest.py")

    at.file_uploader[0].set_value((CT_SPEC.name, CT_SPEC.read_bytes(), "text/plain")).run()

    assert not at.exception
    assert not at.error
    titles = at.dataframe[0].value
    assert titles["grade"].tolist() == ["SH 17"]
    assert any("<mark" in h.value for h in at.html)
    assert at.button[0].label == "Load into database"


def test_ingest_loads_a_new_document_once(private_db):
    at = open_page("app_pages/ingest.py")
    at.file_uploader[0].set_value(("archives.txt", NEW_SPEC, "text/plain")).run()

    at.button[0].click().run()
    assert not at.exception
    assert "archives.txt: loaded 1 title(s)" in at.success[0].value

    at.button[0].click().run()
    assert "already loaded" in at.info[0].value


def test_ingest_refuses_a_bad_file_clearly_and_lists_the_reject(private_db):
    with db.connect(private_db) as con:
        before = db.run(con, "database_summary").row(0, named=True)
    at = open_page("app_pages/ingest.py")

    at.file_uploader[0].set_value(("broken.pdf", b"not a pdf at all", "application/pdf")).run()
    assert "not a PDF file" in at.error[0].value
    at.button[0].click().run()

    assert not at.exception
    assert any("refused at the extract stage" in e.value for e in at.error)
    rejects = at.dataframe[-1].value
    assert rejects["file_name"].tolist() == ["broken.pdf"]
    with db.connect(private_db) as con:
        after = db.run(con, "database_summary").row(0, named=True)
    assert after["n_documents"] == before["n_documents"]
    assert after["n_rejects"] == before["n_rejects"] + 1


PAY_HEADER = b"schedule,grade,step,annual_amount,effective_date,source\n"


def test_ingest_shows_a_bad_pay_schedule_row_by_row_and_offers_no_load(ladder_db):
    at = open_page("app_pages/ingest.py")
    bad = PAY_HEADER + b"CITY_B,B-1,1,-5,2026-07-01,x\nCITY_B,B-1,2,abc,2026-13,x\n"

    at.file_uploader(key="ingest.pay").set_value(("bad.csv", bad, "text/csv")).run()

    assert not at.exception
    assert "bad.csv: 3 problem(s)" in at.error[0].value
    report = at.dataframe[0].value
    assert report[["row", "column"]].values.tolist() == [[2, "annual_amount"], [3, "annual_amount"],
                                                         [3, "effective_date"]]
    assert not [b for b in at.button if b.key == "ingest.pay.load"]


def test_ingest_loads_a_valid_pay_schedule_once(private_db):
    at = open_page("app_pages/ingest.py")
    good = PAY_HEADER + b"CITY_A,A-1,1,50000,2026-07-01,resolution 12\nCITY_A,A-1,2,52000,2026-07-01,resolution 12\n"
    at.file_uploader(key="ingest.pay").set_value(("city.csv", good, "text/csv")).run()
    assert "city.csv: 2 valid row(s) in 1 schedule version(s)." in at.success[0].value

    at.button(key="ingest.pay.load").click().run()
    assert not at.exception
    assert "city.csv: 2 pay row(s) new or changed." in [s.value for s in at.success]
    at.button(key="ingest.pay.load").click().run()
    assert "nothing changed" in at.info[0].value
    with db.connect(private_db) as con:
        rows = con.sql("SELECT grade, step, annual_amount FROM pay_schedules WHERE schedule_id = 'CITY_A' "
                       "ORDER BY step").fetchall()
    assert rows == [("A-1", "1", 50000.0), ("A-1", "2", 52000.0)]


# -- the named queries behind the pages ------------------------------------------------------------

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
