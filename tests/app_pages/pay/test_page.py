"""The Pay progression page under streamlit.testing.v1.AppTest: deep links, CLI agreement, bands, one interaction."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from analytics import db
from analytics.cli.pay import PayRequest, pay_report
from analytics.pay.progression import Longevity
from analytics.vocabulary import title_key
from app_pages.shared import loaders, print_report
from tests.app_pages.apptest import open_page

PAGE = "app_pages/pay/page.py"
IWS1 = "Immigrant Workers Specialist 1"
DEEP_LINK = {"title": IWS1, "start": "2025-04-01", "years": "10"}
# New York grade 18 on the 2025 PS&T schedule: hiring rate, six advances of 2,299, then the job rate.
NYS_GRADE_18 = [66951.0, 69250.0, 71549.0, 73848.0, 76147.0, 78446.0, 80745.0, 85138.0, 85138.0, 85138.0]


def open_pay(**query_params: str) -> AppTest:
    """Run the app, switch to the Pay progression page with these query params and run it."""
    return open_page(PAGE, **query_params)


def year_by_year(at: AppTest) -> pd.DataFrame:
    return next(d.value for d in at.dataframe if "cumulative_earnings" in d.value.columns)


def path_salaries(at: AppTest, path: str) -> list[float]:
    """The salaries by year of the path whose label starts with `path` ("Promote on 01 Jan 2027")."""
    table = year_by_year(at)
    return table[table["path_id"].str.startswith(path)].sort_values("year")["salary"].tolist()


def cli_salaries(database: Path, request: PayRequest) -> list[float]:
    # Read-write like the app's own connection: DuckDB refuses two configurations of one file in a process.
    with db.connect(database) as con:
        frames = {"classes": db.run(con, "class_pay_profile", {"title": request.title,
                                                               "title_key": title_key(request.title)}).lazy(),
                  "pay_rates": db.run(con, "pay_rates").lazy()}
    return [y["salary"] for y in pay_report(frames, request)["years"]]


def metrics(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def test_deep_link_stays_on_the_grade_18_steps_as_the_pay_command_does(ladder_db):
    at = open_pay(**DEEP_LINK)

    assert not at.exception
    assert not at.warning
    assert path_salaries(at, "Stay in title") == NYS_GRADE_18
    assert NYS_GRADE_18 == cli_salaries(ladder_db, PayRequest(IWS1, dt.date(2025, 4, 1), 10, 0.0))
    assert at.subheader[0].value == f"{IWS1}: NYS_PST_PEF SG-18"
    assert len(at.get("plotly_chart")) == 3


@pytest.mark.parametrize("cola", ["3", "2.5"])
def test_cola_applies_on_each_anniversary_as_the_pay_command_does(ladder_db, cola):
    at = open_pay(**DEEP_LINK, cola=cola)

    assert not at.exception
    expected = cli_salaries(ladder_db, PayRequest(IWS1, dt.date(2025, 4, 1), 10, float(cola)))
    assert path_salaries(at, "Stay in title") == expected
    assert expected[1] == round(69250 * (1 + float(cola) / 100), 2)


def test_promotion_paths_at_eligibility_and_on_a_chosen_date(ladder_db):
    at = open_pay(**DEEP_LINK, promote="2027-01-01")

    at_eligibility = path_salaries(at, "Promote at eligibility")
    on_date = path_salaries(at, "Promote on 01 Jan 2027")
    # A bachelor's and no experience: Specialist 2 needs 4 years, so the promotion comes in year 5.
    assert at_eligibility[:4] == NYS_GRADE_18[:4] and at_eligibility[4] == 86681.0
    assert on_date[2] == 86681.0  # SG-23 hiring rate: above 69,250 x 1.03
    assert any("more than staying" in (m.delta or "") for m in at.metric)


def test_a_title_paid_on_its_stated_range_agrees_with_the_pay_command_and_is_compared_with_it(ladder_db):
    at = open_pay(title="Chief Security Officer", start="2025-04-01", years="6", cola="2")

    assert not at.exception
    expected = cli_salaries(ladder_db, PayRequest("Chief Security Officer", dt.date(2025, 4, 1), 6, 2.0))
    assert path_salaries(at, "Stay in title") == expected
    assert at.subheader[0].value == "Chief Security Officer: its stated salary range (range only: 3% a year assumed)"
    assert metrics(at)["Compa-ratio in range"] == f"{55227 / ((55227 + 80763) / 2):.2f}"


def test_salary_compared_with_its_band(ladder_db):
    at = open_pay(**DEEP_LINK, salary="80000")

    shown = metrics(at)
    assert shown["Salary compared"] == "$80,000"
    assert shown["Compa-ratio in SG-18"] == f"{80000 / 76044.5:.2f}"
    assert shown["Range penetration"] == f"{(80000 - 66951) / (85138 - 66951):.0%}"


def test_unknown_title_and_schedule_fall_back_with_a_notice(ladder_db):
    at = open_pay(title="No Such Title", schedule="NOPE", years="99")

    assert not at.exception
    notice = at.warning[0].value
    assert "`title`" in notice and "No Such Title" in notice
    assert "`schedule`" in notice and "`years`" in notice
    assert "Choose a title" in at.info[0].value
    assert "title" not in at.query_params and "schedule" not in at.query_params


def test_a_title_without_pay_says_so_and_still_shows_bands(ladder_db):
    at = open_pay(title="Computer Operator", start="2025-04-01")

    assert not at.exception
    assert "No pay schedule or salary range" in at.info[0].value
    assert len(at.get("plotly_chart")) == 1


def test_changing_the_years_reruns_and_rewrites_the_link(ladder_db):
    at = open_pay(**DEEP_LINK)

    at.number_input(key="pay.years").set_value(5).run()

    assert not at.exception
    assert path_salaries(at, "Stay in title") == NYS_GRADE_18[:5]
    assert at.query_params["years"] == "5"
    assert at.query_params["start"] == "2025-04-01"


def test_coursework_is_offered_as_an_education(ladder_db):
    at = open_pay(**DEEP_LINK)

    assert not at.exception
    assert "College coursework" in at.selectbox(key="pay.education").options


def test_range_pct_is_the_assumed_yearly_increase_of_a_range_only_title(ladder_db):
    at = open_pay(title="Chief Security Officer", start="2025-04-01", years="6", range_pct="2")

    assert not at.exception
    expected = cli_salaries(ladder_db, PayRequest("Chief Security Officer", dt.date(2025, 4, 1), 6, 0.0, 2.0))
    assert path_salaries(at, "Stay in title") == expected
    assert expected[1] == round(55227 * 1.02, 2)
    assert at.subheader[0].value == "Chief Security Officer: its stated salary range (range only: 2% a year assumed)"
    assert "RANGE:" not in " ".join(str(e.value) for kind in (at.caption, at.subheader, at.markdown) for e in kind)


def test_years_in_title_start_the_trajectory_on_the_step_they_reach(ladder_db):
    # The ladder's "Pay trajectory for this profile" link passes years_in_title: 3 years on SG-18 -> HR+3adv.
    at = open_pay(**DEEP_LINK, years_in_title="3")

    assert not at.exception
    expected = cli_salaries(ladder_db, PayRequest(IWS1, dt.date(2025, 4, 1), 10, 0.0, years_in_title=3.0))
    assert path_salaries(at, "Stay in title") == expected
    assert expected[0] == 66951 + 3 * 2299


def test_an_assumed_longevity_is_an_input_and_matches_the_pay_command(ladder_db):
    at = open_pay(title=IWS1, start="2025-04-01", years="14", longevity="1500", longevity_after="3")

    assert not at.exception
    expected = cli_salaries(ladder_db, PayRequest(IWS1, dt.date(2025, 4, 1), 14, 0.0,
                                                  longevity=Longevity(1500.0, 3)))
    assert path_salaries(at, "Stay in title") == expected
    assert expected[10] == 85138.0 + 1500  # JR from year 8, three years at it: year 11


def test_every_chart_and_table_has_its_downloads_and_the_view_a_printable_report(ladder_db, offered_files, monkeypatch):
    monkeypatch.setattr(print_report, "chromium_path", lambda: None)  # the report's text, without drawing charts

    at = open_pay(**DEEP_LINK)

    assert not at.exception
    labels = [b.proto.label for b in at.get("download_button")]
    assert [labels.count(f"Chart ({f})") for f in ("PNG", "SVG", "HTML")] == [len(at.get("plotly_chart"))] * 3 == [3] * 3
    assert {"Trajectory (CSV)", "Trajectory (Excel)", "Pay bands (CSV)", "Pay bands (Excel)"} <= set(labels)
    assert "pay-immigrant worker specialist 1.csv" in offered_files  # the name the trajectory CSV always had
    assert "pay-bands-nys-pst-pef-2025-04-01.xlsx" in offered_files
    assert labels.count("Printable report (HTML)") == 1
    report = offered_files["pay-immigrant-workers-specialist-1-2025-04-01-report.html"]().decode("utf-8")
    assert "<h1>Pay progression: Immigrant Workers Specialist 1</h1>" in report
    assert "<dd>/pay?title=Immigrant+Workers+Specialist+1&amp;start=2025-04-01</dd>" in report
    assert f"<dd>{loaders.data_version()}</dd>" in report
    assert "<td>COLA</td><td>0% a year</td>" in report and "<td>Pay bands of</td><td>NYS_PST_PEF</td>" in report
    totals = metrics(at)
    assert f"<td class=number>{totals['Stay in title']}</td>" in report  # the total the page shows, as printed
    assert "<td class=number>$85,138</td>" in report  # grade 18's job rate, a money column
    assert "$-" not in report
