"""Staffing-cost scenarios: the JSON format, content-addressed ids, scenario costs and the cost bridge.

A scenario is the baseline (roster + step table) plus settings and a list of changes:

    {
      "name": "FY27 plan",                                 optional, not part of the id
      "fringe_rate": 0.5,                                  fraction of salary (0.5 = 50 %)
      "cola": [{"pct": 3, "effective": "2026-07-01"}],     percent; several compound; optional
      "fy_start_month": 7,                                 1-12; a fiscal year is named by the year it ends in
      "start": "2025-07", "end": "2030-06",                first and last month costed (inclusive)
      "changes": [...]                                     optional, applied in list order
    }

Change objects, chosen by "type" (dates are YYYY-MM-DD and take effect on the first of their month;
percentages are percent, so 8 means 8 %):
    {"type": "add_positions", "title": T, "unit": U, "count": N, "date": D,
     "fte": 1.0, "grade": G, "schedule_id": S}            fte, grade, schedule_id optional (grade and
                                                          schedule default to the title's in the roster)
    {"type": "cut_positions", "title": T, "unit": U, "count": N, "date": D}
    {"type": "fill_vacancy", "position_id": P, "date": D}
    {"type": "freeze_vacancy", "position_id": P}          never filled within the scenario
    {"type": "promote", "position_ids": [P, ...], "grade": G, "date": D, "title": T}   title optional
    {"type": "vacancy_factor", "pct": 3}                  expected cost x (1 - pct / 100)
    {"type": "attrition", "pct": 8, "backfill_months": 3} annual leaving rate; replacements at the hiring rate

The scenario id is the first 16 hex digits of sha256(canonical inputs JSON + newline + data version):
keys sorted, no spaces, numbers as floats (3 and 3.0 hash alike), name left out.
"""

from __future__ import annotations

import hashlib
import itertools
import json
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass
from datetime import date
from decimal import Decimal
from typing import Any

import polars as pl

from analytics.costs.plan import AS_PLANNED, Shifts, planned_positions, position_plan
from analytics.costs.projection import (
    CENTS,
    CostState,
    staffing_cost_by_fiscal_year,
    staffing_cost_by_month,
    state_costs,
    state_month_costs,
)
from analytics.costs.rates import CostRules, UnitRule, month_index
from analytics.costs.scenario_format import (
    CHANGE_TYPES,
    AddPositions,
    Attrition,
    Change,
    Cola,
    CutPositions,
    FillVacancy,
    FreezeVacancy,
    Promote,
    Scenario,
    ScenarioError,
    Scope,
    VacancyFactor,
)
from analytics.costs.scenario_schema import parse_scenario
from analytics.costs.scope import scoped
from analytics.costs.states import SMALL

__all__ = [
    "CHANGE_TYPES", "DRIVERS", "AddPositions", "Attrition", "Change", "Cola", "CutPositions", "FillVacancy",
    "FreezeVacancy", "PlannedState", "Promote", "Scenario", "ScenarioError", "Scope", "VacancyFactor",
    "bridge_components", "bridge_states", "canonical_inputs", "canonical_json", "check_same_scope", "cost_bridge",
    "parse_scenario", "planned_state_costs", "scenario_costs_by_fiscal_year", "scenario_costs_by_month",
    "scenario_id", "scenario_rules", "scenario_state", "state_totals",
]

# Sequential attribution order of the bridge; each name is also a component of the result.
DRIVERS = ("period", "cola", "steps", "positions", "promotions", "vacancies", "turnover", "fringe")


def _plain(value: Any) -> Any:
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, tuple):
        return [_plain(v) for v in value]
    return value


def canonical_inputs(scenario: Scenario) -> dict[str, Any]:
    """Return the scenario as plain JSON values in the canonical form (every field, name left out)."""
    return {
        "fringe_rate": float(scenario.fringe_rate),
        "fy_start_month": scenario.fy_start_month,
        "start": scenario.start.isoformat()[:7],
        "end": scenario.end.isoformat()[:7],
        # A COLA's `years`, a vacancy factor's or attrition's unit and the scope are written only when they are
        # not the default, so that a scenario without them keeps the id it had before they existed.
        "cola": [{k: _plain(v) for k, v in asdict(c).items() if k != "years" or v != 1} for c in scenario.cola],
        "changes": [{"type": c.kind, **{k: _plain(v) for k, v in asdict(c).items() if k != "unit" or v is not None}}
                    for c in scenario.changes],
    } | ({} if scenario.scope.is_whole else {"scope": {k: list(v) for k, v in asdict(scenario.scope).items() if v}})


def canonical_json(scenario: Scenario) -> str:
    """Return the canonical inputs JSON: sorted keys, no spaces."""
    return json.dumps(canonical_inputs(scenario), sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def scenario_id(scenario: Scenario, *, data_version: str) -> str:
    """Return the scenario's content address: 16 hex digits of sha256(canonical JSON, newline, data version)."""
    text = f"{canonical_json(scenario)}\n{data_version}"
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def _last(scenario: Scenario, kind: type) -> Any:
    """The last change of a kind for every position (none naming a unit), or None."""
    found = [c for c in scenario.changes if isinstance(c, kind) and c.unit is None]
    return found[-1] if found else None


def unit_rules(scenario: Scenario) -> tuple[UnitRule, ...]:
    """Return the rules of the units a vacancy factor or attrition names (the last of each kind per unit wins)."""
    rules: dict[str, dict[str, Any]] = {}
    for change in scenario.changes:
        if isinstance(change, VacancyFactor | Attrition) and change.unit is not None:
            rule = rules.setdefault(change.unit.lower(), {})
            if isinstance(change, VacancyFactor):
                rule["vacancy_factor"] = change.pct / 100
            else:
                rule |= {"attrition_rate": float(change.pct / 100), "backfill_months": change.backfill_months}
    return tuple(UnitRule(unit, **rule) for unit, rule in sorted(rules.items()))


def scenario_rules(
    scenario: Scenario, *, shifts: Shifts = AS_PLANNED, window: tuple[int, int] | None = None
) -> CostRules:
    """Return the projection rules of a scenario (the last vacancy_factor and attrition changes win, for every
    position and for each unit one names)."""
    vacancy, attrition = _last(scenario, VacancyFactor), _last(scenario, Attrition)
    first, last = window or (month_index(scenario.start), month_index(scenario.end))
    return CostRules(
        first_month=first,
        last_month=last,
        fringe_rate=scenario.fringe_rate,
        colas=tuple((month_index(day) + shifts.cola, c.pct / 100) for c in scenario.cola for day in c.dates()),
        vacancy_factor=vacancy.pct / 100 if vacancy else Decimal(0),
        attrition_rate=float(attrition.pct / 100) if attrition else 0.0,
        backfill_months=attrition.backfill_months if attrition else 0,
        unit_rules=unit_rules(scenario),
    )


def scenario_plan(positions: pl.LazyFrame, *, scenario: Scenario, shifts: Shifts = AS_PLANNED) -> pl.LazyFrame:
    """One row per position of the scenario (projection.PLAN_SCHEMA), the roster taken as of its start."""
    return position_plan(positions, changes=scenario.changes, as_of_month=month_index(scenario.start), shifts=shifts)


def scenario_costs_by_fiscal_year(
    positions: pl.LazyFrame, steps: pl.LazyFrame, *, scenario: Scenario, by: tuple[str, ...] = (),
    lump_sums: pl.LazyFrame | None = None,
) -> pl.LazyFrame:
    """One row per (fiscal_year, *by) of the scenario: fiscal_year, the by dims, cost (Decimal cents).

    lump_sums: analytics.pay.steps.lump_sum_table rows (Connecticut top-step lump sums), none if omitted.
    """
    positions, (scenario,) = scoped(positions, [scenario])
    plan = scenario_plan(positions, scenario=scenario)
    rules = scenario_rules(scenario)
    return staffing_cost_by_fiscal_year(plan, steps, rules=rules, fy_start_month=scenario.fy_start_month, by=by,
                                        lump_sums=lump_sums)


def scenario_costs_by_month(
    positions: pl.LazyFrame, steps: pl.LazyFrame, *, scenario: Scenario, by: tuple[str, ...] = (),
    lump_sums: pl.LazyFrame | None = None,
) -> pl.LazyFrame:
    """One row per (month, *by) of the scenario: month (Date), the by dims, cost (Decimal cents)."""
    positions, (scenario,) = scoped(positions, [scenario])
    plan = scenario_plan(positions, scenario=scenario)
    return staffing_cost_by_month(plan, steps, rules=scenario_rules(scenario), by=by, lump_sums=lump_sums)


def _period(scenario: Scenario, fiscal_year: int | None) -> tuple[int, int]:
    """Return (first month, number of months) of a fiscal year, or of the scenario's window."""
    if fiscal_year is None:
        first = month_index(scenario.start)
        return first, month_index(scenario.end) - first + 1
    before = 12 if scenario.fy_start_month > 1 else 0
    return fiscal_year * 12 + scenario.fy_start_month - 1 - before, 12


def _blend(base: Scenario, target: Scenario, switched: set[str]) -> Scenario:
    """Return a scenario whose inputs come from the target for the switched drivers, else from the base."""
    def pick(driver: str) -> Scenario:
        return target if driver in switched else base

    period = pick("period")
    return Scenario(
        fringe_rate=pick("fringe").fringe_rate, fy_start_month=period.fy_start_month, start=period.start,
        end=period.end, cola=pick("cola").cola,
        changes=tuple(c for d in DRIVERS for c in pick(d).changes if c.driver == d), scope=target.scope,
    )


@dataclass(frozen=True)
class PlannedState:
    """A cost state (analytics.costs.states) with its plan's inputs: changes and roster month, and its fiscal year."""

    changes: tuple[Change, ...]
    as_of_month: int
    rules: CostRules
    shifts: Shifts = AS_PLANNED
    by: tuple[str, ...] = ()
    fy_start_month: int = 1


def scenario_state(scenario: Scenario, *, by: tuple[str, ...] = ()) -> PlannedState:
    """Return the cost state of a scenario as planned (the state scenario_costs_by_* cost)."""
    return PlannedState(changes=scenario.changes, as_of_month=month_index(scenario.start),
                        rules=scenario_rules(scenario), by=by, fy_start_month=scenario.fy_start_month)


def planned_state_costs(
    positions: pl.LazyFrame, steps: pl.LazyFrame, *, states: Sequence[PlannedState],
    lump_sums: pl.LazyFrame | None = None,
) -> pl.LazyFrame:
    """projection.state_month_costs rows of planned states (`state` indexes them): each distinct plan built once."""
    plans = list(dict.fromkeys((s.changes, s.as_of_month) for s in states))
    built = [planned_positions(positions, changes=changes, as_of_month=as_of) for changes, as_of in plans]
    cost_states = [CostState(s.rules, plan=plans.index((s.changes, s.as_of_month)), shifts=s.shifts, by=s.by)
                   for s in states]
    return state_month_costs(built, steps, states=cost_states, lump_sums=lump_sums)


def _bridge_state(base: Scenario, target: Scenario, *, periods: tuple[tuple[int, int], tuple[int, int]],
                  switched: set[str]) -> PlannedState | None:
    """Return one attribution state over the target period's months, or None when it costs no month."""
    (base_first, base_len), (target_first, target_len) = periods
    gap = target_first - base_first
    lag = {d: 0 if d in switched else gap for d in DRIVERS}
    source, first, length = (target, target_first, target_len) if "period" in switched else (base, base_first, base_len)
    lo = max(first, month_index(source.start)) + lag["period"]
    hi = min(first + length - 1, month_index(source.end)) + lag["period"]
    if lo > hi:
        return None
    mixed = _blend(base, target, switched)
    shifts = Shifts(**{name: lag[name] for name in Shifts.__dataclass_fields__})
    as_of = month_index((target if "steps" in switched else base).start)
    # Totals are sums of cent-rounded fiscal years (of the period's scenario, moved with its months),
    # so that a bridge adds up exactly to the fiscal-year costs reported for each scenario. The pay tables
    # (and their lump sums) move with the COLA driver (shifts.cola).
    rules = scenario_rules(mixed, shifts=shifts, window=(lo, hi))
    fy_start = (source.fy_start_month - 1 + lag["period"]) % 12 + 1
    return PlannedState(changes=mixed.changes, as_of_month=as_of, rules=rules, shifts=shifts, fy_start_month=fy_start)


def bridge_states(base: Scenario, target: Scenario, *, base_fiscal_year: int | None = None,
                  target_fiscal_year: int | None = None) -> list[PlannedState | None]:
    """Return the attribution states of cost_bridge, from the base's inputs to the target's (None: no month costed).

    State k has the first k drivers of DRIVERS switched to the target's inputs and timing.
    """
    periods = (_period(base, base_fiscal_year), _period(target, target_fiscal_year))
    return [_bridge_state(base, target, periods=periods, switched=set(DRIVERS[:k])) for k in range(len(DRIVERS) + 1)]


def state_totals(monthly: pl.DataFrame, states: Sequence[PlannedState]) -> dict[int, Decimal]:
    """Return each state's total by `state` index: the sum of its cent-rounded fiscal years.

    monthly: projection.state_month_costs rows of the states; a state costing no month has no total.
    """
    years = state_costs(monthly.lazy(), keys=["fiscal_year"], fy_start_months=[s.fy_start_month for s in states])
    totals = years.group_by("state").agg(pl.col("cost").sum()).collect(engine=SMALL)
    return dict(totals.iter_rows())


def bridge_components(states: Sequence[PlannedState | None], totals: Mapping[PlannedState, Decimal]) -> pl.DataFrame:
    """One row per driver in DRIVERS order: component, amount (Decimal cents), a state's total less the one before.

    states: bridge_states; totals: each costed state's state_totals (a state costing no month totals 0).
    """
    costs = [Decimal(0) if s is None else totals.get(s, Decimal(0)) for s in states]
    amounts = [after - before for before, after in itertools.pairwise(costs)]
    return pl.DataFrame({"component": list(DRIVERS), "amount": amounts},
                        schema={"component": pl.String, "amount": CENTS})


def check_same_scope(base: Scenario, target: Scenario) -> None:
    """Raise ScenarioError when two scenarios cost different scopes (no bridge splits a change of scope)."""
    if base.scope != target.scope:
        raise ScenarioError(f"the two scenarios cost different positions ({base.scope.words()}; "
                            f"{target.scope.words()}): a bridge explains the change of one scope, so give both the "
                            "same scope")


def cost_bridge(
    positions: pl.LazyFrame, steps: pl.LazyFrame, *, base: Scenario, target: Scenario,
    base_fiscal_year: int | None = None, target_fiscal_year: int | None = None, lump_sums: pl.LazyFrame | None = None,
) -> pl.LazyFrame:
    """One row per driver in DRIVERS order: component, amount (Decimal cents), summing exactly to the change.

    The change is cost(target, target period) - cost(base, base period), a period being a fiscal
    year or, when none is given, the scenario's whole window (the sum of its cent-rounded fiscal
    years). Sequential attribution: start from the base's inputs with every event moved forward by
    the gap between the two periods' first months (which reproduces the base period's cost on the
    target period's months), then switch the drivers one at a time, in DRIVERS order, to the
    target's inputs and timing; each component is the change in the cent-rounded total at its
    switch, so the parts telescope to the difference. Between two fiscal years of one scenario this
    splits the growth into COLA, step increases, new or cut positions, promotions, vacancy fills and
    turnover (period: months of a fiscal year outside the scenario's window). lump_sums: the lump_sum_table
    rows (Connecticut top-step lump sums), dated like the pay tables; none if omitted.

    The states are costed together (planned_state_costs): one plan per distinct set of changes, grouped once.
    Both scenarios must cost the same scope (else ScenarioError): a bridge splits a change of one set of positions.
    """
    check_same_scope(base, target)
    positions, (base, target) = scoped(positions, [base, target])
    states = bridge_states(base, target, base_fiscal_year=base_fiscal_year, target_fiscal_year=target_fiscal_year)
    costed = list(dict.fromkeys(s for s in states if s is not None))
    totals: dict[PlannedState, Decimal] = {}
    if costed:
        monthly = planned_state_costs(positions, steps, states=costed, lump_sums=lump_sums).collect(engine=SMALL)
        by_index = state_totals(monthly, costed)
        totals = {s: by_index.get(i, Decimal(0)) for i, s in enumerate(costed)}
    return bridge_components(states, totals).lazy()
