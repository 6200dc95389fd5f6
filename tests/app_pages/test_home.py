"""The Home page under AppTest: what the database holds and a link to every page."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from analytics import db
from tests.app_pages.apptest import open_page


def metrics(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


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
