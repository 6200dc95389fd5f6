"""The Staffing costs page under streamlit.testing.v1.AppTest: CLI agreement, recompute, save and share, notices,
newer data, the changes editor, exports and roster uploads."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
import shutil
from pathlib import Path

import openpyxl
import polars as pl
import pytest
from streamlit.testing.v1 import AppTest

from analytics import db
from analytics.__main__ import main as cli
from analytics.demo import DEMO_ROSTER
from analytics.ingest.load.rosters import load_roster
from analytics.pay.grades import known_titles
from app_pages.shared import loaders
from tests.app_pages.apptest import open_page

PAGE = "app_pages/costs/page.py"
# The builder's defaults: three fiscal years from July, starting with the current one, fringe 50 %, a 3 % COLA
# each July after the first month.
FIRST_FY = dt.date.today().year + (1 if dt.date.today().month >= 7 else 0)
DEFAULT_SCENARIO = {"fringe_rate": 0.5, "fy_start_month": 7, "start": f"{FIRST_FY - 1}-07", "end": f"{FIRST_FY + 2}-06",
                    "cola": [{"pct": 3, "effective": f"{FIRST_FY}-07-01", "years": 2}]}
DEFAULT_YEARS = [f"FY{FIRST_FY + k}" for k in range(3)]
IWS1 = "Immigrant Workers Specialist 1"
ALBANY = "Immigrant Workers Services - Albany"
SCENARIO_ID = re.compile(r"[0-9a-f]{16}")
FORMULA_UNITS = {"Language Access and Policy": '=HYPERLINK("http://evil.example","x")',
                 "Community Outreach - Rochester": "+1+1", "Community Outreach - Hudson Valley": "@SUM(A1)",
                 "Community Outreach - Long Island": "-2+3"}


def open_costs(**query_params: str) -> AppTest:
    """Run the app, switch to the Staffing costs page with these query params and run it."""
    return open_page(PAGE, timeout=120, **query_params)


def fiscal_years(at: AppTest) -> dict[str, str]:
    """The fiscal-year table as shown: label -> cost to the cent ("$251,918,977.33")."""
    table = at.table[0].value
    return dict(zip(table["Fiscal year"], table["Cost"], strict=True))


def dollars(text: str) -> float:
    return float(text.replace("$", "").replace(",", "").replace("−", "-"))


def button(at: AppTest, label: str):
    return next(b for b in at.button if b.label == label)


def cli_report(tmp_path: Path, template: Path, scenario: dict, capsys: pytest.CaptureFixture[str],
               roster: Path = DEMO_ROSTER) -> dict:
    """`python -m analytics costs --json` for a roster file and scenario, on a copy of the demo database."""
    folder = tmp_path / "cli"
    folder.mkdir(exist_ok=True)
    database = folder / "ladder.duckdb"
    shutil.copyfile(template, database)  # a file of its own: the app holds the test's database open
    scenario_file = folder / "scenario.json"
    scenario_file.write_text(json.dumps(scenario), encoding="utf-8")
    capsys.readouterr()
    code = cli(["costs", "--roster", str(roster), "--scenario", str(scenario_file), "--db", str(database), "--json"])
    out, err = capsys.readouterr()
    assert (code, err) == (0, "")
    return json.loads(out)


def as_shown(report: dict) -> dict[str, str]:
    return {f"FY{y['fiscal_year']}": f"${y['cost']:,.2f}" for y in report["fiscal_years"]}


def load_roster_file(database: Path, path: Path) -> None:
    """Load a roster into the database the app has open (same process, same configuration) and forget caches."""
    with db.connect(database) as con:
        loaded = load_roster(con, path, known_titles=known_titles(db.run(con, "ladder_classes")))
    assert loaded.roster_id is not None, loaded.report
    loaders.clear()


def test_page_shows_the_fiscal_year_totals_the_costs_command_prints(ladder_db, demo_db_template, tmp_path, capsys):
    at = open_costs()

    assert not at.exception
    assert not at.warning and not at.error
    expected = cli_report(tmp_path, demo_db_template, DEFAULT_SCENARIO, capsys)
    assert fiscal_years(at) == as_shown(expected)
    assert [m.label for m in at.metric] == DEFAULT_YEARS
    assert len(at.get("plotly_chart")) == 5  # monthly, unit, grade and the two bridges

    button(at, "Save & share").click().run()

    assert at.query_params["scenario"] == expected["scenario_id"]


def test_changing_the_fringe_recomputes_the_totals(ladder_db):
    at = open_costs()
    before = {label: dollars(cost) for label, cost in fiscal_years(at).items()}

    at.number_input(key="costs.fringe_pct").set_value(30.0)
    button(at, "Compute").click().run()

    assert not at.exception
    after = {label: dollars(cost) for label, cost in fiscal_years(at).items()}
    assert after.keys() == before.keys()
    for label, cost in before.items():
        assert after[label] == pytest.approx(cost * 1.3 / 1.5, abs=1.0)


def test_a_breakdown_choice_changes_the_view_and_the_link_not_the_scenario(ladder_db):
    at = open_costs()
    shown = fiscal_years(at)

    at.selectbox(key="costs.fy").set_value(FIRST_FY + 1).run()

    assert not at.exception
    assert at.query_params["fy"] == str(FIRST_FY + 1)
    assert fiscal_years(at) == shown
    assert "scenario" not in at.query_params


def test_a_saved_scenario_link_reopens_the_same_view(ladder_db):
    at = open_costs(fy=str(FIRST_FY + 1))
    at.number_input(key="costs.vacancy_pct").set_value(3.0)
    button(at, "Compute").click().run()
    shown = fiscal_years(at)

    button(at, "Save & share").click().run()
    saved_id = at.query_params["scenario"]

    assert SCENARIO_ID.fullmatch(saved_id)
    assert any(f"/costs?scenario={saved_id}&fy={FIRST_FY + 1}" in c.value for c in at.code)
    again = open_costs(scenario=saved_id, fy=str(FIRST_FY + 1))
    assert not again.exception
    assert not again.warning
    assert fiscal_years(again) == shown
    assert again.session_state["costs.vacancy_pct"] == 3.0
    assert again.query_params["scenario"] == saved_id


def test_saving_twice_keeps_one_immutable_scenario_and_compares_two(ladder_db):
    at = open_costs()
    button(at, "Save & share").click().run()
    first = at.query_params["scenario"]
    at.number_input(key="costs.fringe_pct").set_value(40.0)
    button(at, "Compute").click().run()
    assert "scenario" not in at.query_params
    button(at, "Save & share").click().run()
    second = at.query_params["scenario"]

    at.multiselect(key="costs.compare").set_value([first]).run()

    assert not at.exception
    assert first != second
    assert at.query_params["compare"] == first
    compared = at.table[-1].value
    columns = list(compared.columns)
    # The difference comes right after the shown scenario, so it shows without scrolling, signed before the $.
    assert columns[0] == "Fiscal year" and columns[1].endswith("(shown)") and columns[2].endswith(" − shown")
    differences = compared[columns[2]].tolist()
    assert all(re.fullmatch(r"\+\$[\d,]+", d) for d in differences), differences  # 50 % fringe costs more than 40 %
    assert all(re.fullmatch(r"\$[\d,]+", v) for v in compared[columns[1]])
    with db.connect(ladder_db) as con:
        saved = db.run(con, "scenario_by_id", {"scenario_id": first})
    assert saved.height == 1


@pytest.mark.parametrize(("raw", "reason"), [("not-an-id", "not a scenario id"),
                                              ("0123456789abcdef", "no saved scenario has this id")])
def test_a_malformed_or_unknown_scenario_id_falls_back_to_the_builder_with_a_notice(ladder_db, raw, reason):
    at = open_costs(scenario=raw)

    assert not at.exception
    notice = at.warning[0].value
    assert "`scenario`" in notice and reason in notice
    assert [m.label for m in at.metric] == DEFAULT_YEARS
    assert at.session_state["costs.fringe_pct"] == 50.0
    assert "scenario" not in at.query_params


def test_newer_data_is_noticed_and_recomputing_saves_a_new_scenario(private_db, tmp_path):
    at = open_costs()
    button(at, "Save & share").click().run()
    saved_id = at.query_params["scenario"]
    saved_totals = fiscal_years(at)
    smaller = tmp_path / "roster-one-less.csv"
    pl.read_csv(DEMO_ROSTER, infer_schema=False).head(-1).write_csv(smaller)
    load_roster_file(private_db, smaller)

    again = open_costs(scenario=saved_id)

    assert not again.exception
    notice = again.warning[0].value
    assert "computed on roster-and-pay version" in notice and "newer data" in notice
    assert fiscal_years(again) == saved_totals  # the saved numbers, never recomputed
    button(again, "Recompute on the current data as a new scenario").click().run()
    assert not again.exception
    new_id = again.query_params["scenario"]
    assert SCENARIO_ID.fullmatch(new_id) and new_id != saved_id
    assert not again.warning
    assert fiscal_years(again) != saved_totals


def test_a_change_in_the_editor_is_costed_as_the_costs_command_costs_it(ladder_db, demo_db_template, tmp_path,
                                                                        capsys):
    at = open_costs()
    editor = f"costs.changes.{at.session_state['costs.editor_generation']}"
    at.session_state[editor] = {"edited_rows": {}, "deleted_rows": [], "added_rows": [
        {"change": "add_positions", "title": IWS1, "unit": ALBANY, "count": 10, "date": "2026-01-01"}]}

    button(at, "Compute").click().run()
    button(at, "Save & share").click().run()

    assert not at.exception and not at.error
    assert any(f"add 10 {IWS1} in {ALBANY} from Jan 2026" in c.value for c in at.caption)
    change = {"type": "add_positions", "title": IWS1, "unit": ALBANY, "count": 10, "date": "2026-01-01"}
    expected = cli_report(tmp_path, demo_db_template, DEFAULT_SCENARIO | {"changes": [change]}, capsys)
    assert fiscal_years(at) == as_shown(expected)
    assert at.query_params["scenario"] == expected["scenario_id"]


def test_a_saved_scenario_with_every_kind_of_change_goes_through_the_form_unchanged(ladder_db):
    at = open_costs()
    editor = f"costs.changes.{at.session_state['costs.editor_generation']}"
    at.session_state[editor] = {"edited_rows": {}, "deleted_rows": [], "added_rows": [
        {"change": "add_positions", "title": IWS1, "unit": ALBANY, "count": 3, "date": "2026-01-01", "fte": 0.5},
        {"change": "cut_positions", "title": IWS1, "unit": ALBANY, "count": 1, "date": "2027-01-01"},
        {"change": "fill_vacancy", "position_ids": "P0000022", "date": "2025-10-01"},
        {"change": "freeze_vacancy", "position_ids": "P0000023"},
        {"change": "promote", "position_ids": "P0000001, P0000002", "grade": "27", "date": "2026-10-01"}]}
    at.number_input(key="costs.vacancy_pct").set_value(2.5)
    at.number_input(key="costs.attrition_pct").set_value(8.0)
    at.number_input(key="costs.backfill_months").set_value(3)
    button(at, "Compute").click().run()
    assert not at.exception and not at.error
    button(at, "Save & share").click().run()
    saved_id = at.query_params["scenario"]

    again = open_costs(scenario=saved_id)
    shown = fiscal_years(again)
    button(again, "Compute").click().run()  # the saved inputs, read back from the form
    assert "scenario" not in again.query_params
    button(again, "Save & share").click().run()

    assert not again.exception and not again.error
    assert again.query_params["scenario"] == saved_id
    assert fiscal_years(again) == shown


def test_an_incomplete_or_impossible_change_is_explained_not_costed(ladder_db):
    at = open_costs()
    editor = f"costs.changes.{at.session_state['costs.editor_generation']}"
    at.session_state[editor] = {"edited_rows": {}, "deleted_rows": [], "added_rows": [
        {"change": "cut_positions", "title": IWS1, "count": 2, "date": "2026-01-01"},
        {"change": "fill_vacancy", "position_ids": "P9999999", "date": "2026-01-01"}]}

    button(at, "Compute").click().run()

    assert not at.exception
    assert "Change 1 (cut positions): unit missing." in at.error[0].value
    assert not at.metric


def test_exports_neutralise_formula_text_in_csv_and_excel(private_db, tmp_path, offered_files):
    roster = tmp_path / "roster-formulas.csv"
    pl.read_csv(DEMO_ROSTER, infer_schema=False).with_columns(pl.col("unit").replace(FORMULA_UNITS)).write_csv(roster)
    load_roster_file(private_db, roster)

    at = open_costs()

    assert not at.exception
    by_unit = next(f for name, f in offered_files.items() if name.endswith("-by-unit.csv"))()
    units = [row["unit"] for row in csv.DictReader(io.StringIO(by_unit.decode("utf-8")))]
    assert {f"'{u}" for u in FORMULA_UNITS.values()} <= set(units)
    workbook = next(f for name, f in offered_files.items() if name.endswith(".xlsx"))()
    sheet = openpyxl.load_workbook(io.BytesIO(workbook))["By unit"]
    cells = {row[0].value: row for row in sheet.iter_rows(min_row=2)}
    for unit in FORMULA_UNITS.values():
        assert cells[f"'{unit}"][0].data_type == "s"
        assert isinstance(cells[f"'{unit}"][1].value, float)
    # Four CSV tables, one workbook, the printable report, and PNG, SVG and HTML for each of the five charts.
    assert len(offered_files) == 4 + 1 + 1 + 5 * 3
    assert {name.rsplit(".", 1)[1] for name in offered_files} == {"csv", "xlsx", "html", "png", "svg"}


def test_a_refused_roster_upload_lists_its_problems_and_loads_nothing(private_db):
    at = open_costs()
    bad = b"position_id,title,grade\nP1,Immigrant Workers Specialist 1,18\n"

    at.file_uploader(key="costs.roster_file").set_value(("bad-roster.csv", bad, "text/csv")).run()
    button(at, "Validate and load").click().run()

    assert not at.exception
    assert "bad-roster.csv was refused" in at.error[0].value
    report = at.dataframe[-1].value
    assert "missing column" in set(report["problem"])
    with db.connect(private_db) as con:
        assert db.run(con, "rosters").height == 1


def test_without_a_roster_the_page_says_so_and_offers_the_upload(private_db):
    with db.connect(private_db) as con:
        con.execute("DELETE FROM roster_positions")
        con.execute("DELETE FROM rosters")
    loaders.clear()

    at = open_costs()

    assert not at.exception
    assert any("No roster is loaded yet" in i.value for i in at.info)
    assert not at.metric
    assert at.file_uploader(key="costs.roster_file")


def test_a_roster_with_named_steps_loads_and_lists_its_salary_warnings(private_db):
    at = open_costs()
    header = "position_id,title,grade,step,annual_salary,hire_date,title_date,fte,unit,is_vacant,fill_date\n"
    rows = ("W1,Immigrant Workers Specialist 1,18,JR,85138,2015-03-01,,1,Albany,no,\n"
            "W2,Immigrant Workers Specialist 1,18,Job Rate,89395,2015-03-01,,1,Albany,no,\n")

    at.file_uploader(key="costs.roster_file").set_value(("named-steps.csv", (header + rows).encode(), "text/csv")).run()
    button(at, "Validate and load").click().run()

    assert not at.exception
    assert any("named-steps.csv: loaded 2 positions" in s.value for s in at.success)
    assert any("1 salary warning(s)" in w.value for w in at.warning)
    [report] = [d.value for d in at.dataframe if "problem" in d.value.columns]
    assert report["problem"].str.startswith("5.0% above 85138").any()
