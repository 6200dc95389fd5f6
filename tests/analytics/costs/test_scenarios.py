"""Scenarios: the JSON format, content-addressed ids, the immutable store and the cost bridge."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

import polars as pl
import pytest

from analytics import db
from analytics.costs.projection import NEVER
from analytics.costs.scenarios import (
    DRIVERS,
    AddPositions,
    Cola,
    ScenarioError,
    canonical_json,
    cost_bridge,
    parse_scenario,
    scenario_costs_by_fiscal_year,
    scenario_id,
    scenario_plan,
)
from analytics.costs.store import save_scenario, saved_scenario
from tests.analytics.costs.test_projection import nys_steps, position, positions, step_frame

PLAN = {
    "name": "FY27 plan",
    "fringe_rate": 0.5,
    "cola": [{"pct": 3, "effective": "2026-07-01"}],
    "fy_start_month": 7,
    "start": "2025-07",
    "end": "2029-06",
    "changes": [
        {"type": "add_positions", "title": "Immigrant Workers Specialist 1", "unit": "Unit B", "count": 2,
         "date": "2026-10-01"},
        {"type": "cut_positions", "title": "Immigrant Workers Specialist 1", "unit": "Unit A", "count": 1,
         "date": "2027-01-01"},
        {"type": "fill_vacancy", "position_id": "V1", "date": "2026-01-01"},
        {"type": "promote", "position_ids": ["P1"], "grade": "23", "date": "2027-03-01",
         "title": "Immigrant Workers Specialist 2"},
        {"type": "vacancy_factor", "pct": 2},
        {"type": "attrition", "pct": 8, "backfill_months": 3},
    ],
}


def roster() -> pl.LazyFrame:
    return positions(
        position("P1", step=8, unit="Unit A"),
        position("P2", step=3, hire=dt.date(2023, 2, 1), unit="Unit A"),
        position("P3", title="Immigrant Workers Specialist 2", grade="23", step=5, hire=dt.date(2019, 11, 4),
                 unit="Unit B", fte=0.8),
        position("V1", step=None, hire=None, vacant=True, fill=dt.date(2026, 4, 1), unit="Unit B"),
    )


def test_parse_reads_every_change_type():
    scenario = parse_scenario(PLAN)
    assert scenario.cola == (Cola(pct=Decimal(3), effective=dt.date(2026, 7, 1)),)
    assert scenario.changes[0] == AddPositions(title="Immigrant Workers Specialist 1", unit="Unit B", count=2,
                                               date=dt.date(2026, 10, 1))
    assert [c.kind for c in scenario.changes] == [c["type"] for c in PLAN["changes"]]
    assert parse_scenario(json.loads(canonical_json(scenario))) == parse_scenario(PLAN | {"name": None})


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        ({"start": "2025-13"}, "scenario.start"),
        ({"fringe_rate": "half"}, "scenario.fringe_rate"),
        ({"colour": 1}, "unknown key 'colour'"),
        ({"cola": [{"pct": 3}]}, "cola[0]: missing key 'effective'"),
        ({"changes": [{"type": "hire_everyone"}]}, "changes[0].type"),
        ({"changes": [{"type": "attrition", "pct": 120}]}, "changes[0].pct"),
        ({"changes": [{"type": "fill_vacancy", "position_id": "V1", "date": "2026-02-30"}]}, "changes[0].date"),
        ({"end": "2020-01"}, "scenario.end"),
    ],
)
def test_parse_names_the_bad_key(edit: dict, message: str):
    with pytest.raises(ScenarioError, match=message.replace("[", r"\[").replace("]", r"\]")):
        parse_scenario(PLAN | edit)


def test_scenario_id_is_stable_across_runs():
    # A literal: the id must not depend on the process (hash seeds, dict order, float printing).
    assert scenario_id(parse_scenario(PLAN), data_version="roster-1:pay-1") == "28f7bd391df494af"


def test_scenario_id_ignores_name_key_order_and_number_spelling():
    same = {k: PLAN[k] for k in reversed(PLAN)} | {"name": "other", "fringe_rate": 0.50, "cola": [
        {"effective": "2026-07-01", "pct": 3.0}]}
    assert scenario_id(parse_scenario(same), data_version="d") == scenario_id(parse_scenario(PLAN), data_version="d")


@pytest.mark.parametrize(
    "edit",
    [{"fringe_rate": 0.51}, {"end": "2029-07"}, {"cola": []}, {"changes": PLAN["changes"][:-1]},
     {"changes": [*PLAN["changes"][:-1], {"type": "attrition", "pct": 8, "backfill_months": 4}]}],
)
def test_scenario_id_changes_with_the_inputs(edit: dict):
    assert scenario_id(parse_scenario(PLAN | edit), data_version="d") != scenario_id(parse_scenario(PLAN),
                                                                                      data_version="d")


def test_scenario_id_changes_with_the_data_version():
    scenario = parse_scenario(PLAN)
    assert scenario_id(scenario, data_version="roster-1") != scenario_id(scenario, data_version="roster-2")


def _fiscal(scenario, steps) -> dict[int, Decimal]:
    return dict(scenario_costs_by_fiscal_year(roster(), steps, scenario=scenario).collect().iter_rows())


def test_fiscal_year_bridge_parts_sum_exactly_to_the_difference():
    scenario, steps = parse_scenario(PLAN), step_frame(nys_steps())
    bridge = cost_bridge(roster(), steps, base=scenario, target=scenario, base_fiscal_year=2026,
                         target_fiscal_year=2029).collect()
    costs = _fiscal(scenario, steps)
    assert bridge["component"].to_list() == list(DRIVERS)
    assert bridge["amount"].sum() == costs[2029] - costs[2026]
    parts = dict(bridge.iter_rows())
    assert parts["cola"] > 0 and parts["steps"] > 0 and parts["turnover"] < 0
    assert parts["fringe"] == 0 and parts["period"] == 0


def test_scenario_bridge_parts_sum_exactly_to_the_difference():
    steps = step_frame(nys_steps())
    base = parse_scenario({k: v for k, v in PLAN.items() if k != "changes"})
    plan = parse_scenario(PLAN | {"fringe_rate": 0.52, "cola": [*PLAN["cola"], {"pct": 2, "effective": "2027-07-01"}]})
    bridge = cost_bridge(roster(), steps, base=base, target=plan).collect()
    total = {name: sum(_fiscal(s, steps).values()) for name, s in (("base", base), ("plan", plan))}
    assert bridge["amount"].sum() == total["plan"] - total["base"]
    parts = dict(bridge.iter_rows())
    assert parts["steps"] == 0 and parts["period"] == 0
    assert all(parts[d] != 0 for d in ("cola", "positions", "promotions", "vacancies", "turnover", "fringe"))


def test_bridge_puts_a_cola_only_difference_on_cola():
    steps = step_frame(nys_steps())
    base = parse_scenario(PLAN | {"changes": []})
    more = parse_scenario(PLAN | {"changes": [], "cola": [{"pct": 5, "effective": "2026-07-01"}]})
    parts = dict(cost_bridge(roster(), steps, base=base, target=more, base_fiscal_year=2027,
                             target_fiscal_year=2027).collect().iter_rows())
    assert parts["cola"] > 0
    assert all(amount == 0 for driver, amount in parts.items() if driver != "cola")


def test_bridge_from_a_partial_fiscal_year_reports_the_missing_months_as_period():
    steps = step_frame(nys_steps())
    scenario = parse_scenario(PLAN | {"start": "2026-01"})
    bridge = cost_bridge(roster(), steps, base=scenario, target=scenario, base_fiscal_year=2026,
                         target_fiscal_year=2027).collect()
    costs = _fiscal(scenario, steps)
    parts = dict(bridge.iter_rows())
    assert bridge["amount"].sum() == costs[2027] - costs[2026]
    assert parts["period"] > 0


@pytest.fixture
def con(tmp_path):
    connection = db.connect(tmp_path / "scenarios.duckdb")
    yield connection
    connection.close()


def test_saved_scenarios_are_never_updated(con):
    scenario = parse_scenario(PLAN)
    sid = scenario_id(scenario, data_version="d1")
    first = save_scenario(con, scenario_id=sid, name="plan", inputs_json=canonical_json(scenario),
                          data_version="d1", results={"fiscal_years": [{"fiscal_year": 2026, "cost": 1.5}]})
    again = save_scenario(con, scenario_id=sid, name="renamed", inputs_json=canonical_json(scenario),
                          data_version="d1", results={"fiscal_years": []})
    saved = saved_scenario(con, sid)
    assert (first, again) == (True, False)
    assert saved["name"] == "plan"
    assert saved["results"] == {"fiscal_years": [{"fiscal_year": 2026, "cost": 1.5}]}
    assert parse_scenario(json.loads(saved["inputs_json"])) == parse_scenario(PLAN | {"name": None})
    assert saved_scenario(con, "0000000000000000") is None


def test_scenario_by_id_query_shape(con):
    rows = db.run(con, "scenario_by_id", {"scenario_id": "none"})
    assert rows.columns == ["scenario_id", "name", "inputs_json", "data_version", "created_at", "results_json"]


def test_adds_and_cuts_build_a_plan_that_stays_small():
    # Each add (grade from the roster) and cut reads the plan built so far; unmaterialised, the query grew
    # fourfold with every add-and-cut pair (5,617 plan lines for four pairs; ten changes took minutes).
    add = {"type": "add_positions", "title": "Immigrant Workers Specialist 1", "unit": "Unit A", "count": 2,
           "date": "2025-10-01"}
    cut = {"type": "cut_positions", "title": "Immigrant Workers Specialist 1", "unit": "Unit A", "count": 1,
           "date": "2026-01-01"}
    roster = positions(*(position(f"P{i}") for i in range(1, 6)))
    s = parse_scenario({"fringe_rate": 0, "fy_start_month": 7, "start": "2025-07", "end": "2026-06",
                        "changes": [add, cut] * 4})

    plan = scenario_plan(roster, scenario=s)

    assert len(plan.explain(optimized=False).splitlines()) < 50
    rows = plan.collect()
    # 5 roster posts + 8 added; each cut from January takes the newest post still open.
    assert rows.height == 13
    assert sorted(rows.filter(pl.col("end_month") < NEVER)["position_id"]) == ["NEW0-2", "NEW2-2", "NEW4-2", "NEW6-2"]
