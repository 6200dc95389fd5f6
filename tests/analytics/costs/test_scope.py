"""A scenario's scope (units, titles, a grade range), repeating COLAs and the checks of what changes name.

Hand-computed: P1 is grade 18 at its job rate ($85,138) in Unit A, P2 grade 23 at its job rate
($109,650) in Unit B; fringe 50 %, so a year costs $127,707.00 and $164,475.00.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from analytics.costs.report import scenario_bridge, scenario_problems, scenario_results
from analytics.costs.scenarios import ScenarioError, canonical_json, parse_scenario, scenario_id
from tests.analytics.costs.test_projection import fiscal_costs, nys_steps, position, positions, scenario, step_frame

STEPS = step_frame(nys_steps())
ROSTER = positions(
    position("P1", step=8, unit="Unit A"),
    position("P2", title="Immigrant Workers Specialist 2", grade="23", step=8, unit="Unit B"),
    position("P3", step=None, hire=None, vacant=True, unit="Unit B"),
)
P1_YEAR, P2_YEAR = Decimal("127707.00"), Decimal("164475.00")


@pytest.mark.parametrize(("scope", "year"), [
    ({"units": ["Unit A"]}, P1_YEAR),
    ({"units": ["unit b"]}, P2_YEAR),  # units and titles are matched whatever their case
    ({"titles": ["Immigrant Workers Specialist 2"]}, P2_YEAR),
    ({"grades": ["SG-20", "Grade 27"]}, P2_YEAR),  # grades compared by number: 23 is within 20 to 27
    ({"grades": ["18", "18"]}, P1_YEAR),
    ({"units": ["Unit A", "Unit B"], "grades": ["18", "23"]}, P1_YEAR + P2_YEAR),
])
def test_a_scope_costs_only_its_positions(scope, year):
    costs = fiscal_costs(ROSTER, STEPS, scope=scope)

    assert costs == {2026: year, 2027: year}


def test_the_whole_roster_is_both_positions_and_an_empty_scope_keeps_the_id():
    whole, empty = scenario(), scenario(scope={})

    assert fiscal_costs(ROSTER, STEPS) == {2026: P1_YEAR + P2_YEAR, 2027: P1_YEAR + P2_YEAR}
    assert canonical_json(whole) == canonical_json(empty) and "scope" not in canonical_json(whole)
    scoped = scenario(scope={"units": ["Unit A"]})
    assert scenario_id(scoped, data_version="v") != scenario_id(whole, data_version="v")


def test_a_repeating_cola_is_its_yearly_rows():
    rule = [{"pct": 3, "effective": "2025-07-01", "years": 2}]
    rows = [{"pct": 3, "effective": "2025-07-01"}, {"pct": 3, "effective": "2026-07-01"}]
    scoped = {"units": ["Unit A"]}

    by_rule = fiscal_costs(ROSTER, STEPS, cola=rule, scope=scoped)

    assert by_rule == fiscal_costs(ROSTER, STEPS, cola=rows, scope=scoped)
    assert by_rule[2026] == Decimal("131538.21")  # 127,707 x 1.03
    assert abs(by_rule[2027] - Decimal("135484.3563")) <= Decimal("0.06")  # 127,707 x 1.03 x 1.03
    assert '"years":2' in canonical_json(scenario(cola=rule)) and "years" not in canonical_json(scenario(cola=rows))


def test_the_scope_and_every_change_name_what_the_roster_has():
    planned = scenario(scope={"units": ["Unit A", "Unti A"], "titles": ["Immigrant Worker Specialist 2"]}, changes=[
        {"type": "add_positions", "title": "Immigrant Workers Specialist 1", "unit": "Unit Aa", "count": 1,
         "date": "2026-01-01"},
        {"type": "fill_vacancy", "position_id": "P3", "date": "2026-01-01"},
    ])

    problems = scenario_problems(ROSTER, STEPS, scenario=planned)

    assert problems[:2] == ["Scope: unit 'Unti A' is not in the roster (did you mean 'Unit A'?).",
                            "Scope: title 'Immigrant Worker Specialist 2' is not in the roster (did you mean "
                            "'Immigrant Workers Specialist 2'?)."]
    assert problems[2] == "Change 1: unit 'Unit Aa' is not in the roster (did you mean 'Unit A'?)."
    assert problems[3].startswith("Change 2: position P3 outside the scope")


def test_changes_outside_the_scope_are_refused_with_what_they_name():
    planned = scenario(scope={"units": ["Unit A"], "grades": ["18", "18"]}, changes=[
        {"type": "add_positions", "title": "Immigrant Workers Specialist 2", "unit": "Unit B", "count": 1,
         "date": "2026-01-01"},
        {"type": "cut_positions", "title": "Immigrant Workers Specialist 1", "unit": "Unit A", "count": 1,
         "date": "2026-01-01"},
        {"type": "promote", "position_ids": ["P1", "P2"], "grade": "23", "date": "2026-01-01"},
    ])

    problems = scenario_problems(ROSTER, STEPS, scenario=planned)

    assert problems == [
        "Change 1: unit 'Unit B' is outside the scope (units Unit A · grade 18).",
        "Change 1: grade '23' of the added positions is outside the scope (units Unit A · grade 18).",
        "Change 3: position P2 outside the scope (units Unit A · grade 18).",
    ]


def test_an_added_title_held_only_outside_the_scope_takes_its_grade_from_the_roster():
    added = [{"type": "add_positions", "title": "Immigrant Workers Specialist 2", "unit": "Unit A", "count": 1,
              "date": "2025-07-01"}]
    planned = scenario(scope={"units": ["Unit A"]}, changes=added)

    assert scenario_problems(ROSTER, STEPS, scenario=planned) == []
    # The new grade-23 position enters at the hiring rate, $86,681 x 1.5 for its first year.
    assert fiscal_costs(ROSTER, STEPS, scope={"units": ["Unit A"]}, changes=added)[2026] == \
        P1_YEAR + Decimal("130021.50")


def test_a_bad_scope_is_one_line_each():
    with pytest.raises(ScenarioError) as refused:
        parse_scenario({"fringe_rate": 0.5, "fy_start_month": 7, "start": "2025-07", "end": "2026-06",
                        "scope": {"units": "Unit A", "grades": ["M-1", "18"], "teams": []}})

    assert refused.value.problems == (
        "scenario.scope: unknown key 'teams'",
        'scope.units: expected a list of at most 200 units, got "Unit A"',
        'scope.grades: expected the lowest and highest grade of one kind, each with a number (e.g. ["18", "25"] '
        'or ["M-1", "M-4"]), got ["M-1", "18"]',
    )


def test_a_bridge_runs_either_way_and_needs_one_scope():
    base, plan = scenario(), scenario(cola=[{"pct": 2, "effective": "2025-07-01"}])

    forward = scenario_bridge(ROSTER, STEPS, base=base, target=plan)
    backward = scenario_bridge(ROSTER, STEPS, base=plan, target=base)

    for bridge in (forward, backward):
        parts = sum(Decimal(str(c["amount"])) for c in bridge["components"])
        assert parts == Decimal(str(bridge["target_cost"])) - Decimal(str(bridge["base_cost"]))
    assert forward["target_cost"] == backward["base_cost"] == float(2 * (P1_YEAR + P2_YEAR) * Decimal("1.02"))
    with pytest.raises(ScenarioError, match="different positions"):
        scenario_bridge(ROSTER, STEPS, base=base, target=scenario(scope={"units": ["Unit A"]}))


def test_a_scoped_report_bridges_to_its_own_roster_as_is():
    results = scenario_results(ROSTER, STEPS, scenario=scenario(scope={"units": ["Unit B"]}))

    assert [y["cost"] for y in results["fiscal_years"]] == [float(P2_YEAR), float(P2_YEAR)]
    assert results["bridges"]["baseline"]["base_cost"] == float(2 * P2_YEAR)


def test_a_vacancy_factor_can_target_one_unit():
    # Unit A's P1 at 10 %: 127,707 x 0.9 = 114,936.30; Unit B's P2 keeps the scenario's 2 %: 164,475 x 0.98.
    changes = [{"type": "vacancy_factor", "pct": 2}, {"type": "vacancy_factor", "pct": 10, "unit": "unit a"}]

    costs = fiscal_costs(ROSTER, STEPS, changes=changes)

    assert costs == {2026: Decimal("114936.30") + Decimal("161185.50"), 2027: Decimal("276121.80")}
    report = scenario_results(ROSTER, STEPS, scenario=scenario(changes=changes))
    assert [y["cost"] for y in report["fiscal_years"]] == [276121.80, 276121.80]
    by_unit = {(c["fiscal_year"], c["key"]): c["cost"] for c in report["breakdowns"]["unit"]}
    assert by_unit[(2026, "Unit A")] == 114936.30 and by_unit[(2026, "Unit B")] == 161185.50
    assert '"unit":"unit a"' in canonical_json(scenario(changes=changes))
    assert '"unit"' not in canonical_json(scenario(changes=changes[:1]))  # ids of scenarios without one are kept


def test_attrition_can_target_one_unit_as_that_unit_alone_would_leave():
    one_unit = [{"type": "attrition", "pct": 8, "backfill_months": 3, "unit": "Unit A"}]
    everyone = [{"type": "attrition", "pct": 8, "backfill_months": 3}]

    targeted = fiscal_costs(ROSTER, STEPS, changes=one_unit)
    unit_a = fiscal_costs(ROSTER, STEPS, changes=everyone, scope={"units": ["Unit A"]})

    for year in (2026, 2027):  # Unit B stays whole; each total is rounded once, so within a cent of the parts
        assert abs(targeted[year] - (unit_a[year] + P2_YEAR)) <= Decimal("0.01")
        assert unit_a[year] < P1_YEAR
    bridge = scenario_bridge(ROSTER, STEPS, base=scenario(), target=scenario(changes=one_unit))
    parts = {c["component"]: Decimal(str(c["amount"])) for c in bridge["components"]}
    assert parts["turnover"] < 0 and sum(parts.values()) == Decimal(str(bridge["target_cost"])) - Decimal(
        str(bridge["base_cost"]))


def test_a_unit_rule_names_a_unit_of_the_roster_and_of_the_scope():
    planned = scenario(scope={"units": ["Unit A"]}, changes=[
        {"type": "vacancy_factor", "pct": 5, "unit": "Unit B"}, {"type": "attrition", "pct": 5, "unit": "Unti A"}])

    assert scenario_problems(ROSTER, STEPS, scenario=planned) == [
        "Change 1: unit 'Unit B' is outside the scope (units Unit A).",
        "Change 2: unit 'Unti A' is not in the roster (did you mean 'Unit A'?).",
    ]
