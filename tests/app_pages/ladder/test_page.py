"""The Ladder explorer page under streamlit.testing.v1.AppTest: deep links, notices, one interaction, CLI agreement."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import polars as pl
import pytest
from streamlit.testing.v1 import AppTest

from analytics import db
from analytics.cli.ladder import Profile, ladder_report
from app_pages.shared import loaders, print_report
from tests.app_pages.apptest import open_page

PAGE = "app_pages/ladder/page.py"
IWS1, IWS2 = "Immigrant Workers Specialist 1", "Immigrant Workers Specialist 2"
DIRECTOR = "Director Immigrant Workers Services"
DEEP_LINK = {"title": IWS1, "years": "3", "education": "master"}
LADDER_QUERIES = ("ladder_classes", "ladder_edges", "class_qualification_paths", "class_substitutions")


def open_ladder(**query_params: str) -> AppTest:
    """Run the app, switch to the Ladder explorer with these query params and run it."""
    return open_page(PAGE, **query_params)


def eligibility(at: AppTest) -> dict[str, dict[str, str]]:
    """The eligibility table as {title: row}."""
    table = at.table[0].value
    return {row["Title"]: row for row in table.to_dict("records")}


def cli_report(database: Path, profile: Profile) -> dict:
    # Read-write like the app's own connection: DuckDB refuses two configurations of one file in a process.
    with db.connect(database) as con:
        frames = {name: db.run(con, name).lazy() for name in LADDER_QUERIES}
    return ladder_report(frames, profile)


def test_deep_link_opens_the_profile_with_its_eligibility(ladder_db):
    at = open_ladder(**DEEP_LINK)

    assert not at.exception
    assert not at.warning
    assert at.header[0].value == IWS1
    rows = eligibility(at)
    assert rows[IWS2]["When"] == "Eligible now"
    assert rows[DIRECTOR]["When"] == "In 4 years"
    assert rows[DIRECTOR]["Binding constraint"] == "needs 7 years of experience: 8 required, 1 credited for a master's"
    assert len(at.get("plotly_chart")) == 2
    assert at.query_params["as_of"] == dt.date.today().isoformat()  # the date shown is written into the link


def test_deep_link_agrees_with_the_ladder_command(ladder_db):
    at = open_ladder(**DEEP_LINK, as_of="2026-01-15")

    report = cli_report(ladder_db, Profile(IWS1, 3.0, 3.0, "master", dt.date(2026, 1, 15)))
    shown = at.table[0].value
    assert shown["Title"].tolist() == [t["title"] for t in report["targets"]]
    assert shown["Binding constraint"].tolist() == [t["binding_constraint"] for t in report["targets"]]
    lateral = at.dataframe[0].value
    assert lateral["title"].tolist() == [m["title"] for m in report["lateral"]]


def test_class_code_link_opens_the_title_and_links_it_by_name(ladder_db):
    at = open_ladder(title="8418100", years="3", education="master")

    assert not at.exception
    assert at.header[0].value == IWS1
    assert at.query_params["title"] == IWS1


def test_unknown_title_and_malformed_years_fall_back_with_a_notice(ladder_db):
    at = open_ladder(title="No Such Title", years="three", education="master")

    assert not at.exception
    notice = at.warning[0].value
    assert "`title`" in notice and "No Such Title" in notice
    assert "`years`" in notice and "not a number" in notice
    assert "Choose a title" in at.info[0].value
    assert "title" not in at.query_params and "years" not in at.query_params
    assert at.query_params["education"] == "master"


def test_years_in_title_above_the_total_is_counted_as_the_total_with_a_notice(ladder_db):
    at = open_ladder(**DEEP_LINK, years_in_title="5")

    assert not at.exception
    assert "cannot exceed" in at.warning[0].value
    assert eligibility(at)[IWS2]["When"] == "Eligible now"


def test_titles_not_open_to_the_education_say_so(ladder_db):
    at = open_ladder(title="Social Services Worker", years="1", education="none")

    assert not at.exception
    rows = eligibility(at)
    assert rows["Employment Case Manager"]["When"] == "Not open to this education"
    assert rows["Employment Case Manager"]["Earliest date"] == "—"


def test_changing_the_years_reruns_and_rewrites_the_link(ladder_db):
    at = open_ladder(**DEEP_LINK)

    at.number_input(key="ladder.years").set_value(1.0).run()

    assert not at.exception
    assert eligibility(at)[IWS2]["When"] == "In 2 years"
    assert at.query_params["years"] == "1"
    assert at.query_params["title"] == IWS1


def test_sideways_moves_link_to_the_ladder_from_there(ladder_db):
    at = open_ladder(**DEEP_LINK)

    lateral = pl.from_pandas(at.dataframe[0].value)
    ics = lateral.filter(pl.col("title") == "Immigrant Community Specialist 1").row(0, named=True)
    assert ics["why"] == "related" and ics["grade"] == "18"
    assert ics["link"].startswith("./ladder?title=Immigrant+Community+Specialist+1")


def test_coursework_is_offered_and_accepted_from_the_link(ladder_db):
    at = open_ladder(title=IWS1, years="2", education="coursework")

    assert not at.exception
    assert not at.warning
    education = at.selectbox(key="ladder.education")
    assert "College coursework" in education.options
    assert education.value == "coursework"
    assert at.query_params["education"] == "coursework"


def test_moves_elsewhere_rank_titles_with_their_scores_and_reasons(ladder_db):
    at = open_ladder(**DEEP_LINK)

    moves = pl.from_pandas(at.dataframe[1].value)
    first = moves.row(0, named=True)
    assert (first["title"], first["kind"], first["jurisdiction"]) == (
        "Immigrant Community Specialist 1", "related", "New York State")
    assert first["pay_overlap"] == 1.0  # both are grade 18 of the same schedule
    assert first["reason"].startswith("title shares 3 of 5 words (0.60), duties share ")
    assert IWS2 not in moves["title"].to_list()  # a title up the ladder is not a sideways move
    assert moves["score"].is_sorted(descending=True)
    assert "Moves elsewhere (CSV)" in [b.proto.label for b in at.get("download_button")]


def test_choosing_jurisdictions_to_look_in_narrows_the_moves_and_the_link(ladder_db):
    at = open_ladder(**DEEP_LINK)

    at.multiselect(key="ladder.moves_in").set_value(["city-of-los-angeles"]).run()

    assert not at.exception
    assert pl.from_pandas(at.dataframe[1].value)["jurisdiction"].unique().to_list() == ["City of Los Angeles"]
    assert at.query_params["moves_in"] == "city-of-los-angeles"


def test_the_pay_link_carries_the_years_in_title(ladder_db):
    at = open_ladder(**DEEP_LINK, years_in_title="2")

    assert "years_in_title=2&" in at.get("page_link")[0].proto.query_string


def _add_workers_specialist_in_connecticut(database: Path) -> None:
    with db.connect(database) as con:
        con.execute("INSERT INTO job_classes (class_id, document_id, jurisdiction_id, title, title_key, grade) "
                    "SELECT 'ct-iws1:0', document_id, jurisdiction_id, $title, 'immigrant worker specialist 1', "
                    "'SH 12' FROM documents WHERE jurisdiction_id = 'state-of-connecticut' LIMIT 1", {"title": IWS1})


def test_jurisdiction_in_the_link_chooses_which_title_of_the_name_the_ladder_starts_from(private_db):
    _add_workers_specialist_in_connecticut(private_db)

    both = open_ladder(**DEEP_LINK)
    connecticut = open_ladder(**DEEP_LINK, jurisdiction="State of Connecticut")
    new_york = open_ladder(**DEEP_LINK, jurisdiction="new-york-state")

    assert not both.exception and not connecticut.exception and not new_york.exception
    assert "2 jurisdictions have a title of this name" in both.info[0].value
    assert rows_of(both) == rows_of(new_york)
    assert connecticut.query_params["jurisdiction"] == "state-of-connecticut"
    assert not connecticut.warning
    assert "No titles above this one in the loaded documents." in [i.value for i in connecticut.info]
    assert "in this title in State of Connecticut" in connecticut.caption[1].value
    assert connecticut.selectbox(key="ladder.jurisdiction").value == "state-of-connecticut"


def rows_of(at: AppTest) -> dict[str, str]:
    return {title: row["When"] for title, row in eligibility(at).items()}


@pytest.mark.parametrize(("jurisdiction", "reason"), [
    ("Atlantis", "no jurisdiction of that id or name"),
    ("state-of-california", "no job class of that title there"),
])
def test_an_unknown_jurisdiction_falls_back_to_every_one_with_a_notice(ladder_db, jurisdiction, reason):
    at = open_ladder(**DEEP_LINK, jurisdiction=jurisdiction)

    assert not at.exception
    notice = at.warning[0].value
    assert f"`jurisdiction` = `{jurisdiction}` ignored ({reason})" in notice and notice.count("\n") == 0
    assert "jurisdiction" not in at.query_params
    assert eligibility(at)[IWS2]["When"] == "Eligible now"


def test_every_chart_and_table_has_its_downloads_and_the_view_a_printable_report(ladder_db, offered_files, monkeypatch):
    monkeypatch.setattr(print_report, "chromium_path", lambda: None)  # the report's text, without drawing charts

    at = open_ladder(**DEEP_LINK, as_of="2026-01-15")

    assert not at.exception
    labels = [b.proto.label for b in at.get("download_button")]
    assert [labels.count(f"Chart ({f})") for f in ("PNG", "SVG", "HTML")] == [len(at.get("plotly_chart"))] * 3 == [2] * 3
    for table in ("Eligibility", "Sideways moves", "Moves elsewhere"):
        assert {f"{table} (CSV)", f"{table} (Excel)"} <= set(labels)
    # The CSV files keep the names they had before the Excel buttons came.
    assert {"eligibility-immigrant-workers-specialist-1-2026-01-15.csv",
            "moves-elsewhere-immigrant-workers-specialist-1-2026-01-15.csv"} <= set(offered_files)
    assert labels.count("Printable report (HTML)") == 1
    report = offered_files["ladder-immigrant-workers-specialist-1-2026-01-15-report.html"]().decode("utf-8")
    assert "<h1>Ladder explorer: Immigrant Workers Specialist 1</h1>" in report
    assert "/ladder?title=Immigrant+Workers+Specialist+1&amp;years=3&amp;education=master&amp;as_of=2026-01-15" in report
    assert f"<dd>{loaders.data_version()}</dd>" in report
    assert "<td>Education</td><td>Master&#x27;s degree</td>" in report
    assert [h for h in re.findall(r"<h2>([^<]*)</h2>", report)] == ["Inputs", "Eligibility", "Sideways moves",
                                                                  "Moves elsewhere"]
    assert report.count("This chart is not drawn") == 2
    assert f"<td>{IWS2}</td>" in report
