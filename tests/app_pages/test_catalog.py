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
    assert {"Promotion", "Supervision", "Related classes", "Salary ranges stated in the document",
            "Pay schedule of the grade"} <= {s.value for s in at.subheader}


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


# NYS_PST_PEF SG-18 effective 2025-03-27, as data/paydata/pay_schedules.csv prints it (read by hand): HR 66,951,
# ADVANCE_AMOUNT 2,299, JOB_RATE_ADVANCE 4,393, JR 85,138. Steps 1-6 are HR + k x 2,299; 80,745 + 4,393 = 85,138.
SG18_2025 = [66951, 69250, 71549, 73848, 76147, 78446, 80745, 85138]
SG18_NAMES = ["Hiring rate", *(f"Step {k}" for k in range(1, 7)), "Job rate"]


def test_catalog_shows_a_new_york_grade_18_title_its_schedule_in_effect_today(ladder_db):
    at = open_page("app_pages/catalog.py", title="Immigrant Workers Specialist 1")

    assert not at.exception
    assert metrics(at)["Hiring rate"] == "$66,951"
    assert metrics(at)["Job rate"] == "$85,138"
    assert metrics(at)["Schedule version"] == "27 Mar 2025"
    steps = at.dataframe[1].value
    assert list(steps.columns) == SG18_NAMES
    assert steps.iloc[0].tolist() == SG18_2025
    captions = " ".join(c.value for c in at.caption)
    assert "NYS_PST_PEF, grade SG-18" in captions
    assert "effective 27 March 2025" in captions
    assert "NY Civil Service Law s.130(1)(c)" in captions  # the schedule's source
    assert "30 Mar 2023, 28 Mar 2024" in captions  # the other versions, by date


def test_catalog_shows_a_new_york_grade_23_title_the_grade_23_rates(ladder_db):
    # NYS_PST_PEF SG-23 effective 2025-03-27: HR 86,681, JR 109,650 (data/paydata/pay_schedules.csv).
    at = open_page("app_pages/catalog.py", title=IWS2)

    assert (metrics(at)["Hiring rate"], metrics(at)["Job rate"]) == ("$86,681", "$109,650")


def test_catalog_says_in_one_line_when_no_loaded_schedule_matches_the_grade(ladder_db):
    at = open_page("app_pages/catalog.py", title="Campaign Finance Director")

    assert not at.exception
    assert metrics(at)["Grade"] == "GN15"
    assert [i.value for i in at.info] == ["No loaded pay schedule matches grade GN15."]
    assert "Hiring rate" not in metrics(at)
    assert "Salary ranges stated in the document" in [s.value for s in at.subheader]


def test_catalog_shows_both_the_stated_ranges_and_the_schedule_labelled(ladder_db):
    # CT_SH SH 17 is stated by its bounds only: MIN 57,625.00, MAX 72,787.00 (data/paydata/pay_schedules.csv).
    at = open_page("app_pages/catalog.py", title="Labor Department Community Services Representative")

    assert not at.exception
    headings = [s.value for s in at.subheader]
    assert "Pay schedule of the grade" in headings and "Salary ranges stated in the document" in headings
    assert (metrics(at)["Minimum"], metrics(at)["Maximum"]) == ("$57,625", "$72,787")
    assert metrics(at)["Schedule version"] == "undated"
    assert at.dataframe[1].value.iloc[0].tolist() == [57625, 72787]
    assert at.dataframe[2].value["pay_unit"].tolist() == ["hourly", "biweekly", "yearly"]
