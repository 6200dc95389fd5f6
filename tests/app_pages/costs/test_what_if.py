"""The budget analyst's meeting on the Staffing costs page (AppTest): a scope, a what-if shared before saving,
repeating COLAs, the vacancy pickers and a bridge between any two ends."""

from __future__ import annotations

import json
import re
from decimal import Decimal

import pytest

from analytics.costs.scenarios import parse_scenario
from app_pages.costs.link import link_params, link_scenario
from tests.app_pages.costs.test_page import (
    ALBANY,
    DEFAULT_SCENARIO,
    FIRST_FY,
    IWS1,
    as_shown,
    button,
    cli_report,
    fiscal_years,
    open_costs,
)

BUFFALO = "Immigrant Workers Services - Buffalo"
WHAT_IF = DEFAULT_SCENARIO | {
    "name": "Albany, Buffalo at 45 %", "fringe_rate": 0.45,
    "cola": [{"pct": 2.5, "effective": f"{FIRST_FY}-04-01", "years": 3}],
    "changes": [{"type": "add_positions", "title": IWS1, "unit": ALBANY, "count": 2, "date": f"{FIRST_FY}-01-01"},
                {"type": "fill_vacancy", "position_id": "P0000022", "date": f"{FIRST_FY - 1}-10-01"},
                {"type": "vacancy_factor", "pct": 2}],
    "scope": {"units": [ALBANY, BUFFALO], "grades": ["18", "23"]},
}


def test_a_link_round_trips_every_input_of_a_scenario():
    scenario = parse_scenario(WHAT_IF | {"changes": [*WHAT_IF["changes"], {"type": "attrition", "pct": 8,
                                                                           "backfill_months": 3}]})

    params = link_params(scenario)
    raw, problems = link_scenario(params)

    assert problems == []
    assert parse_scenario(raw) == scenario
    assert params["cola"] == f"2.5@{FIRST_FY}-04-01x3" and params["grades"] == "18,23"
    assert params["units"] == f"{ALBANY}|{BUFFALO}"


def test_a_what_if_link_opens_with_the_numbers_the_costs_command_prints(ladder_db, demo_db_template, tmp_path,
                                                                         capsys):
    params = link_params(parse_scenario(WHAT_IF))

    at = open_costs(**params)

    assert not at.exception and not at.error and not at.warning
    expected = cli_report(tmp_path, demo_db_template, WHAT_IF, capsys)
    assert fiscal_years(at) == as_shown(expected)
    assert at.session_state["costs.units"] == [ALBANY, BUFFALO]
    assert at.session_state["costs.fill_ids"] == ["P0000022"]
    assert {k: at.query_params[k] for k in params} == params  # the address bar keeps the what-if
    assert "scenario" not in at.query_params
    link = next(c.value for c in at.code if "start=" in c.value)
    assert "units=" in link and "cola=2.5%40" in link

    button(at, "Save & share").click().run()  # saving turns the URL into the frozen form

    assert re.fullmatch(r"[0-9a-f]{16}", at.query_params["scenario"])
    assert not any(k in at.query_params for k in ("start", "units", "cola", "changes"))
    assert at.query_params["scenario"] == expected["scenario_id"]


def test_a_scope_change_recomputes_at_once_and_goes_into_the_link(ladder_db):
    at = open_costs()
    whole = fiscal_years(at)

    at.multiselect(key="costs.units").set_value([ALBANY]).run()

    assert not at.exception and not at.error
    albany = fiscal_years(at)
    assert albany.keys() == whole.keys()
    assert all(Decimal(albany[y][1:].replace(",", "")) < Decimal(whole[y][1:].replace(",", "")) for y in whole)
    assert at.query_params["units"] == ALBANY
    assert any("scope: units " + ALBANY in c.value for c in at.caption)

    at.selectbox(key="costs.grade_low").set_value("23").run()
    at.selectbox(key="costs.grade_high").set_value("27").run()

    assert at.query_params["grades"] == "23,27"
    assert all(Decimal(fiscal_years(at)[y][1:].replace(",", "")) < Decimal(albany[y][1:].replace(",", ""))
               for y in whole)


def test_a_scope_change_on_a_saved_scenario_makes_a_new_what_if(ladder_db):
    at = open_costs()
    button(at, "Save & share").click().run()
    saved_id = at.query_params["scenario"]
    again = open_costs(scenario=saved_id)

    again.multiselect(key="costs.units").set_value([BUFFALO]).run()

    assert not again.exception and not again.error
    assert "scenario" not in again.query_params and again.query_params["units"] == BUFFALO


@pytest.mark.parametrize(("params", "notice"), [
    ({"start": f"{FIRST_FY}-07", "cola": "three percent"}, "is not percent@YYYY-MM-DD"),
    ({"start": f"{FIRST_FY}-07", "fringe": "lots"}, "`fringe` is not a number"),
    ({"start": f"{FIRST_FY}-07", "changes": "[{]"}, "`changes` is not a JSON list"),
    ({"start": f"{FIRST_FY}-07", "end": f"{FIRST_FY + 20}-07"}, "scenario.end: expected a month"),
    ({"start": f"{FIRST_FY}-07", "grades": "M-3,27"}, "scope.grades: expected the lowest and highest grade"),
])
def test_a_link_that_cannot_be_read_says_why_and_shows_the_defaults(ladder_db, params, notice):
    at = open_costs(**params)

    assert not at.exception
    text = " ".join(w.value for w in at.warning)
    assert notice in text and "builder shows the defaults" in text
    assert at.session_state["costs.fringe_pct"] == 50.0
    assert list(fiscal_years(at)) == [f"FY{FIRST_FY + k}" for k in range(3)]


def test_a_scope_naming_a_unit_the_roster_lacks_is_refused_naming_it(ladder_db):
    at = open_costs(start=f"{FIRST_FY - 1}-07", end=f"{FIRST_FY}-06", fringe="50", units="Albny")

    assert not at.exception and not at.metric
    assert "Scope: unit 'Albny' is not in the roster" in at.error[0].value


def test_a_change_naming_an_unknown_unit_is_refused_naming_it(ladder_db):
    changes = [{"type": "add_positions", "title": IWS1, "unit": "Albany", "count": 1, "date": f"{FIRST_FY}-01-01"}]
    at = open_costs(start=f"{FIRST_FY - 1}-07", end=f"{FIRST_FY}-06", fringe="50", changes=json.dumps(changes))

    assert not at.metric
    assert f"Change 1: unit 'Albany' is not in the roster (did you mean '{ALBANY}'?)" in at.error[0].value


def test_the_vacancy_pickers_fill_and_freeze_roster_vacancies(ladder_db, demo_db_template, tmp_path, capsys):
    at = open_costs()
    labels = at.multiselect(key="costs.fill_ids").options
    assert any(o.startswith("P0000040 · Immigrant Workers Specialist 2 · Community Outreach - Hudson Valley · "
                            "grade 23") for o in labels)

    at.multiselect(key="costs.fill_ids").set_value(["P0000040", "P0000052"])
    at.date_input(key="costs.fill_date").set_value(f"{FIRST_FY - 1}-09-01")
    at.multiselect(key="costs.freeze_ids").set_value(["P0000022"])
    button(at, "Compute").click().run()

    assert not at.exception and not at.error
    picked = DEFAULT_SCENARIO | {"changes": [
        {"type": "fill_vacancy", "position_id": pid, "date": f"{FIRST_FY - 1}-09-01"} for pid in ("P0000040", "P0000052")
    ] + [{"type": "freeze_vacancy", "position_id": "P0000022"}]}
    assert fiscal_years(at) == as_shown(cli_report(tmp_path, demo_db_template, picked, capsys))


def test_a_cola_row_repeats_yearly(ladder_db, demo_db_template, tmp_path, capsys):
    at = open_costs()
    editor = f"costs.colas.{at.session_state['costs.editor_generation']}"
    at.session_state[editor] = {"edited_rows": {0: {"pct": 2.0, "effective": f"{FIRST_FY - 1}-10-01", "years": 3}},
                                "deleted_rows": [], "added_rows": []}

    button(at, "Compute").click().run()

    assert not at.exception and not at.error
    rows = DEFAULT_SCENARIO | {"cola": [{"pct": 2, "effective": f"{FIRST_FY - 1 + k}-10-01"} for k in range(3)]}
    assert fiscal_years(at) == as_shown(cli_report(tmp_path, demo_db_template, rows, capsys))
    assert at.query_params["cola"] == f"2@{FIRST_FY - 1}-10-01x3"


def test_a_bridge_between_any_two_ends_adds_up_either_way(ladder_db):
    at = open_costs()
    last, first = f"FY{FIRST_FY + 2}", f"FY{FIRST_FY}"

    at.selectbox(key="costs.bridge_from").set_value(last)
    at.selectbox(key="costs.bridge_to").set_value(first).run()

    assert not at.exception and not at.error
    assert (at.query_params["from"], at.query_params["to"]) == (last, first)
    steps = at.table[-1].value  # "The bridge as a table"
    amounts = [Decimal(a.replace("−", "-").replace("$", "").replace(",", "").replace("+", ""))
               for a in steps["Amount"]]
    assert steps["Step"].iloc[0].startswith(last) and steps["Step"].iloc[-1].startswith(first)
    assert sum(amounts[1:-1]) == amounts[-1] - amounts[0] < 0
    assert all(a.startswith(("−$", "+$")) for a in steps["Amount"].iloc[1:-1])

    button(at, "Save & share").click().run()
    saved_id = at.query_params["scenario"]
    at.number_input(key="costs.fringe_pct").set_value(40.0)
    button(at, "Compute").click().run()
    at.selectbox(key="costs.bridge_from").set_value(saved_id)
    at.selectbox(key="costs.bridge_to").set_value("scenario").run()

    assert not at.exception and not at.error
    steps = at.table[-1].value
    fringe = next(a for s, a in zip(steps["Step"], steps["Amount"], strict=True) if s == "Fringe rate")
    assert fringe.startswith("−$")  # from the saved 50 % to this 40 %


def test_a_unit_gets_its_own_vacancy_factor_and_attrition_in_the_changes(ladder_db, demo_db_template, tmp_path,
                                                                          capsys):
    at = open_costs()
    editor = f"costs.changes.{at.session_state['costs.editor_generation']}"
    at.session_state[editor] = {"edited_rows": {}, "deleted_rows": [], "added_rows": [
        {"change": "vacancy_factor", "unit": ALBANY, "pct": 6.0},
        {"change": "attrition", "unit": BUFFALO, "pct": 10.0, "backfill_months": 2}]}
    at.number_input(key="costs.vacancy_pct").set_value(2.0)

    button(at, "Compute").click().run()

    assert not at.exception and not at.error
    targeted = DEFAULT_SCENARIO | {"changes": [
        {"type": "vacancy_factor", "unit": ALBANY, "pct": 6},
        {"type": "attrition", "unit": BUFFALO, "pct": 10, "backfill_months": 2},
        {"type": "vacancy_factor", "pct": 2}]}
    assert fiscal_years(at) == as_shown(cli_report(tmp_path, demo_db_template, targeted, capsys))
    assert any(f"vacancy factor 6% in {ALBANY}" in c.value for c in at.caption)
    assert at.query_params["vacancy"] == "2" and ALBANY in at.query_params["changes"]
    button(at, "Save & share").click().run()
    saved_id = at.query_params["scenario"]

    again = open_costs(scenario=saved_id)  # the unit rules come back as rows of the changes editor
    button(again, "Compute").click().run()
    button(again, "Save & share").click().run()
    assert again.query_params["scenario"] == saved_id
