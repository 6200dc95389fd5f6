"""The Catalog page under AppTest: deep links, evidence, fallbacks and filters."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from tests.app_pages.apptest import open_page

IWS2 = "Immigrant Workers Specialist 2"


def metrics(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


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
