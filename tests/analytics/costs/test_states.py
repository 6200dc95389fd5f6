"""Cost states computed together (analytics.costs.states, cohorts, projection.state_month_costs): each state as
it would be costed alone, from one grouping of the positions; bridges from shared work, exact to the cent."""

from __future__ import annotations

import datetime as dt
import itertools
from decimal import Decimal

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from analytics.costs.plan import Shifts, planned_positions, position_plan
from analytics.costs.projection import (
    CostState,
    staffing_cost_by_fiscal_year,
    staffing_cost_by_month,
    state_costs,
    state_month_costs,
)
from analytics.costs.rates import CostRules, month_index
from analytics.costs.report import BREAKDOWN_DIMS, baseline_scenario, scenario_results
from analytics.costs.scenarios import (
    DRIVERS,
    bridge_states,
    cost_bridge,
    parse_scenario,
    planned_state_costs,
    scenario_costs_by_fiscal_year,
    scenario_costs_by_month,
    scenario_rules,
)
from analytics.costs.states import plan_window, rate_months, state_frame
from analytics.pay.steps import lump_sum_table, step_table
from tests.analytics.costs.test_connecticut import CT_RATES, ct
from tests.analytics.costs.test_projection import nys_steps, position, positions, step_frame
from tests.analytics.costs.test_scenarios import PLAN, roster

JULY_2025, JUNE_2028 = month_index(dt.date(2025, 7, 1)), month_index(dt.date(2028, 6, 1))


def rules(**overrides: object) -> CostRules:
    return CostRules(**({"first_month": JULY_2025, "last_month": JUNE_2028, "fringe_rate": Decimal("0.5")}
                        | overrides))


def alone(plan: pl.LazyFrame, steps: pl.LazyFrame, state: CostState, lump_sums=None) -> pl.DataFrame:
    """The state costed on its own, the way each bridge step was before: its plan moved by its shifts and the pay
    tables (and lump sums) moved by its COLA shift."""
    lag = f"{state.shifts.cola}mo"
    moved = steps.with_columns(pl.col("effective_date").dt.offset_by(lag))
    if lump_sums is not None:
        lump_sums = lump_sums.with_columns(pl.col("effective_date").dt.offset_by(lag))
    return staffing_cost_by_month(plan, moved, rules=state.rules, by=state.by, lump_sums=lump_sums).collect()


def together(plans: list[pl.LazyFrame], steps: pl.LazyFrame, states: list[CostState], lump_sums=None):
    """Each state's rows of one batch, as staffing_cost_by_month shapes them."""
    monthly = state_month_costs(plans, steps, states=states, lump_sums=lump_sums)
    frame = state_costs(monthly, keys=["month", "unit", "title", "grade"]).collect()
    for index, state in enumerate(states):
        rows = frame.filter(pl.col("state") == index).group_by("month", *state.by).agg(pl.col("cost").sum())
        yield rows.sort("month", *state.by).select("month", *state.by, "cost").with_columns(
            month=pl.date(pl.col("month") // 12, pl.col("month") % 12 + 1, 1))


def test_states_of_a_batch_cost_what_each_costs_alone():
    # Rules, report dims, windows and shifts differ from state to state; one plan, grouped once.
    scenario = parse_scenario(PLAN)
    changes, as_of = scenario.changes, month_index(scenario.start)
    steps = step_frame(nys_steps())
    states = [
        CostState(scenario_rules(scenario)),
        CostState(scenario_rules(scenario), by=("unit", "title", "grade")),
        CostState(rules(colas=((JULY_2025 + 12, Decimal("0.03")),), vacancy_factor=Decimal("0.02"))),
        CostState(rules(attrition_rate=0.08, backfill_months=3, fringe_rate=Decimal("0.4567")), by=("grade",)),
        CostState(rules(first_month=JULY_2025 + 24, last_month=JUNE_2028 + 12),
                  shifts=Shifts(cola=12, steps=12, positions=24, promotions=24, vacancies=12, turnover=12)),
        CostState(rules(first_month=JULY_2025 + 24, last_month=JUNE_2028 + 12), shifts=Shifts(cola=24), by=("unit",)),
    ]
    plan = planned_positions(roster(), changes=changes, as_of_month=as_of)

    got = list(together([plan], steps, states))

    for state, rows in zip(states, got, strict=True):
        moved = position_plan(roster(), changes=changes, as_of_month=as_of, shifts=state.shifts)
        assert_frame_equal(rows, alone(moved, steps, state), check_row_order=False)


def test_states_on_different_plans_and_connecticut_lump_sums_cost_what_each_costs_alone():
    steps, lumps = step_table(CT_RATES), lump_sum_table(CT_RATES)
    people = positions(ct("A", step=3, hire=dt.date(2019, 3, 1)), ct("B", step=4, hire=dt.date(2016, 9, 1)),
                       ct("V", step=None, hire=None, vacant=True, fill=dt.date(2026, 2, 1)))
    promote = parse_scenario({"fringe_rate": 0, "fy_start_month": 7, "start": "2025-07", "end": "2028-06",
                              "changes": [{"type": "promote", "position_ids": ["A"], "grade": "SH 19",
                                           "date": "2026-05-01"}]})
    as_of = month_index(promote.start)
    plans = [planned_positions(people, changes=(), as_of_month=as_of),
             planned_positions(people, changes=promote.changes, as_of_month=as_of)]
    states = [CostState(rules(), plan=0, by=("unit",)), CostState(rules(), plan=1, by=("unit", "grade")),
              CostState(rules(first_month=JULY_2025 + 12, last_month=JUNE_2028 + 12), plan=1,
                        shifts=Shifts(cola=12, steps=12))]

    got = list(together(plans, steps, states, lump_sums=lumps))

    for state, rows in zip(states, got, strict=True):
        changes = promote.changes if state.plan else ()
        moved = position_plan(people, changes=changes, as_of_month=as_of, shifts=state.shifts)
        assert_frame_equal(rows, alone(moved, steps, state, lumps), check_row_order=False)


def test_a_single_state_reports_as_the_projection_does():
    scenario = parse_scenario(PLAN)
    plan = position_plan(roster(), changes=scenario.changes, as_of_month=month_index(scenario.start))
    steps = step_frame(nys_steps())

    years = staffing_cost_by_fiscal_year(plan, steps, rules=scenario_rules(scenario), fy_start_month=7).collect()
    monthly = state_month_costs([plan], steps, states=[CostState(scenario_rules(scenario))])
    batch = state_costs(monthly, keys=["fiscal_year"], fy_start_months=[7]).drop("state").collect()

    assert_frame_equal(batch, years)


def reference_bridge(base, target, steps, *, base_fiscal_year=None, target_fiscal_year=None) -> list[Decimal]:
    """The bridge the slow way: every attribution state planned, grouped and costed on its own."""
    totals = []
    for state in bridge_states(base, target, base_fiscal_year=base_fiscal_year, target_fiscal_year=target_fiscal_year):
        if state is None:
            totals.append(Decimal(0))
            continue
        plan = position_plan(roster(), changes=state.changes, as_of_month=state.as_of_month, shifts=state.shifts)
        moved = steps.with_columns(pl.col("effective_date").dt.offset_by(f"{state.shifts.cola}mo"))
        years = staffing_cost_by_fiscal_year(plan, moved, rules=state.rules, fy_start_month=state.fy_start_month)
        totals.append(years.collect()["cost"].sum())
    return [after - before for before, after in itertools.pairwise(totals)]


@pytest.mark.parametrize(
    ("base_edit", "target_edit", "years"),
    [({}, {}, (2026, 2029)), ({}, {}, (2029, 2027)), ({"changes": []}, {"fringe_rate": 0.52}, None),
     ({"start": "2026-01", "fy_start_month": 1}, {"end": "2030-06"}, None), ({}, {"start": "2026-01"}, (2026, 2027))],
    ids=["years", "years-backwards", "scenario", "calendar-base", "partial-year"],
)
def test_bridge_from_shared_work_is_the_bridge_of_states_costed_alone(base_edit, target_edit, years):
    base, target = parse_scenario(PLAN | base_edit), parse_scenario(PLAN | target_edit)
    steps = step_frame(nys_steps())
    fiscal = {"base_fiscal_year": years[0], "target_fiscal_year": years[1]} if years else {}

    bridge = cost_bridge(roster(), steps, base=base, target=target, **fiscal).collect()

    assert bridge["component"].to_list() == list(DRIVERS)
    assert bridge["amount"].to_list() == reference_bridge(base, target, steps, **fiscal)


def test_planned_states_build_each_distinct_plan_once(monkeypatch):
    scenario = parse_scenario(PLAN)
    states = [s for s in bridge_states(scenario, scenario, base_fiscal_year=2026, target_fiscal_year=2029) if s]
    built = []
    import analytics.costs.scenarios as scenarios

    def counted(positions, **kw):
        built.append(kw["changes"])
        return planned_positions(positions, **kw)

    monkeypatch.setattr(scenarios, "planned_positions", counted)
    planned_state_costs(roster(), step_frame(nys_steps()), states=states).collect()

    # Nine attribution states between two fiscal years of one scenario differ in timing only: one plan.
    assert len(states) == len(DRIVERS) + 1
    assert len(built) == 1 and set(built[0]) == set(scenario.changes)


def test_state_frame_and_rate_months_hold_each_state_scalars():
    plain = CostState(rules(vacancy_factor=Decimal("0.03")))
    moved = CostState(rules(colas=((JULY_2025, Decimal("0.02")),), attrition_rate=0.1, backfill_months=2),
                      shifts=Shifts(cola=12, positions=-12), by=("unit",))

    frame = state_frame([plain, moved, plain])
    months = rate_months([plain, moved]).collect()

    assert frame["rates_id"].to_list() == [0, 1, 0] and frame["table_lag"].to_list() == [0, 12, 0]
    assert frame["factor"].to_list()[0] == Decimal("1.5") * Decimal("0.97") / 10_000
    assert frame["log_q"][0] is None and frame["log_q"][1] == pytest.approx(-0.00878, abs=1e-5)
    assert frame["by_unit"].to_list() == [False, True, False]
    first = months.filter(pl.col("rates_id") == 1).row(0, named=True)
    assert (first["month"], first["table_month"], first["cola_factor"]) == (JULY_2025, JULY_2025 - 12, Decimal("1.02"))
    assert months.height == 2 * (JUNE_2028 - JULY_2025 + 1)


def test_plan_window_lets_every_state_clip_its_months_after_its_shifts():
    states = [CostState(rules()), CostState(rules(first_month=JULY_2025 + 12), shifts=Shifts(vacancies=24)),
              CostState(rules(last_month=JUNE_2028 + 6), shifts=Shifts(positions=-6), plan=1)]

    assert plan_window(states, 0) == (JULY_2025 - 12, JUNE_2028)
    assert plan_window(states, 1) == (JULY_2025, JUNE_2028 + 12)  # an end moved back 6 months is clipped 6 later


def test_a_state_names_only_report_dims():
    with pytest.raises(ValueError, match="unknown report dims"):
        CostState(rules(), by=("division",))
    assert not CostState(rules(), by=("grade",)).has_dims  # grade alone keeps no cohorts apart


def test_positions_no_scale_prices_are_left_out_of_every_state():
    people = positions(position("P1", step=8), position("X", grade="99", step=1))
    steps = step_frame(nys_steps())
    states = [CostState(rules()), CostState(rules(), by=("grade",))]

    got = list(together([planned_positions(people, changes=(), as_of_month=JULY_2025)], steps, states))

    assert got[1]["grade"].unique().to_list() == ["18"]
    assert got[0]["cost"].sum() == got[1]["cost"].sum()


def report_the_slow_way(people: pl.LazyFrame, steps: pl.LazyFrame, scenario) -> dict:
    """scenario_results' numbers from the functions it batches, each computed on its own."""
    baseline = baseline_scenario(scenario)
    years = dict(scenario_costs_by_fiscal_year(people, steps, scenario=scenario).collect().iter_rows())
    base_years = scenario_costs_by_fiscal_year(people, steps, scenario=baseline).collect()
    months = scenario_costs_by_month(people, steps, scenario=scenario).collect()
    cells = scenario_costs_by_fiscal_year(people, steps, scenario=scenario, by=BREAKDOWN_DIMS).collect()
    first, last = min(years), max(years)
    over_years = cost_bridge(people, steps, base=scenario, target=scenario, base_fiscal_year=first,
                             target_fiscal_year=last).collect()
    over_baseline = cost_bridge(people, steps, base=baseline, target=scenario).collect()
    return {
        "fiscal_years": [{"fiscal_year": fy, "cost": float(cost)} for fy, cost in years.items()],
        "months": [{"month": m.isoformat(), "cost": float(c)} for m, c in months.iter_rows()],
        "unit": sorted(cells.group_by("fiscal_year", "unit").agg(pl.col("cost").sum()).rows()),
        "years": [float(a) for a in over_years["amount"]],
        "baseline": [float(a) for a in over_baseline["amount"]],
        "base_cost": float(base_years["cost"].sum()),
    }


@pytest.mark.parametrize("late", [False, True], ids=["plan", "nothing-costed-in-the-first-year"])
def test_scenario_results_are_the_numbers_of_the_functions_it_batches(late):
    steps = step_frame(nys_steps())
    people = roster()
    if late:  # only a vacancy filled in FY2027: the years bridge runs from FY2027, not the window's first year
        people = positions(position("V1", step=None, hire=None, vacant=True, fill=dt.date(2026, 9, 1)))
    scenario = parse_scenario(PLAN | ({"end": "2027-06", "changes": PLAN["changes"][-2:]} if late else {}))

    results = scenario_results(people, steps, scenario=scenario)
    expected = report_the_slow_way(people, steps, scenario)

    assert results["fiscal_years"] == expected["fiscal_years"]
    assert results["months"] == expected["months"]
    got_units = sorted((r["fiscal_year"], r["key"], Decimal(str(r["cost"]))) for r in results["breakdowns"]["unit"])
    assert got_units == expected["unit"]
    bridges = results["bridges"]
    assert [c["amount"] for c in bridges["years"]["components"]] == expected["years"]
    assert [c["amount"] for c in bridges["baseline"]["components"]] == expected["baseline"]
    assert bridges["baseline"]["base_cost"] == expected["base_cost"]
    assert bridges["years"]["base_fiscal_year"] == (2027 if late else 2026)
