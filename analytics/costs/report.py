"""A scenario's cost report as plain JSON values: what a saved scenario stores and a shared link shows again.

The numbers come from the functions the `costs` command uses (analytics.costs.scenarios), so the page and
`python -m analytics costs` agree to the cent; the data version is the command's too (the roster
file's sha256 and the pay rates), so a scenario saved by the page has the id the command prints.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import replace
from decimal import Decimal
from typing import Any

import polars as pl

from analytics.costs.plan import change_problems
from analytics.costs.projection import month_date_expr, state_costs, unpriced_positions
from analytics.costs.rates import grade_key
from analytics.costs.scenarios import (
    PlannedState,
    Scenario,
    bridge_components,
    bridge_states,
    check_same_scope,
    cost_bridge,
    planned_state_costs,
    scenario_costs_by_fiscal_year,
    scenario_plan,
    scenario_state,
    state_totals,
)
from analytics.costs.scope import scope_problems, scoped
from analytics.costs.states import SMALL

RESULTS_FORMAT = 1
BREAKDOWN_DIMS = ("unit", "grade", "title")
MAX_PROBLEMS = 5
MAX_LISTED_VACANCIES = 2_000  # vacancies the builder's pickers list (a longer list is slow to send and to read)


def pay_rates_hash(pay_rates: pl.DataFrame) -> str:
    """Return the hex sha256 of the pay_rates rows (sorted, as CSV): the `costs` command's pay fingerprint."""
    return hashlib.sha256(pay_rates.sort(pl.all()).write_csv().encode()).hexdigest()


def cost_data_version(*, roster_sha256: str, pay_rates: pl.DataFrame) -> str:
    """Return the 16-hex data version of a cost computation: the roster file's sha256 and the pay rates.

    Same formula as `python -m analytics costs`, so both give a scenario the same id.
    """
    return hashlib.sha256(f"{roster_sha256}:{pay_rates_hash(pay_rates)}".encode()).hexdigest()[:16]


def baseline_scenario(scenario: Scenario) -> Scenario:
    """Return the roster as is over the scenario's months: same window, fiscal year and fringe; no COLA, no changes."""
    return replace(scenario, cola=(), changes=(), name="Roster as is")


def scenario_problems(positions: pl.LazyFrame, steps: pl.LazyFrame, *, scenario: Scenario) -> list[str]:
    """Return one sentence per change naming nothing in the roster or something outside the scope, per name of the
    scope the roster lacks, and per position the pay tables cannot price.

    The checks of `python -m analytics costs`; at most MAX_PROBLEMS sentences, the last one counting the rest.
    """
    found = sorted([*change_problems(positions, changes=scenario.changes).collect().iter_rows(),
                    *scope_problems(positions, scenario)], key=lambda row: -1 if row[0] is None else row[0])
    sentences = [f"{problem[0].upper()}{problem[1:]}." if index is None else f"Change {index + 1}: {problem}."
                 for index, problem in found]
    positions, (scenario,) = scoped(positions, [scenario])
    unpriced = unpriced_positions(scenario_plan(positions, scenario=scenario), steps).collect()
    sentences += [f"Position {pid} (grade {grade}, step {step}) cannot be priced: {problem}."
                  for pid, grade, step, problem in unpriced.head(MAX_PROBLEMS).iter_rows()]
    if unpriced.height > MAX_PROBLEMS:
        sentences.append(f"…and {unpriced.height - MAX_PROBLEMS:,} more positions that cannot be priced.")
    return sentences[:MAX_PROBLEMS + 1]


def _money(frame: pl.DataFrame, key: str) -> list[dict[str, Any]]:
    return [{key: k, "cost": float(cost)} for k, cost in frame.select(key, "cost").iter_rows()]


def _bridge(frame: pl.DataFrame, *, base_cost: Any, target_cost: Any, **labels: Any) -> dict[str, Any]:
    components = [{"component": c, "amount": float(a)} for c, a in frame.iter_rows()]
    return {**labels, "base_cost": float(base_cost), "target_cost": float(target_cost), "components": components}


def scenario_results(positions: pl.LazyFrame, steps: pl.LazyFrame, *, scenario: Scenario,
                     lump_sums: pl.LazyFrame | None = None) -> dict[str, Any]:
    """Return the scenario's cost report as JSON values (amounts are cents as floats).

    {"format", "fiscal_years": [{"fiscal_year", "cost"}], "months": [{"month": "YYYY-MM-DD", "cost"}],
     "breakdowns": {dim: [{"fiscal_year", "key", "cost"}]} for unit, grade and title,
     "bridges": {"years": first -> last fiscal year, "baseline": roster as is -> scenario (whole window)}},
    each bridge {"base_cost", "target_cost", "components": [{"component", "amount"}] in DRIVERS order}
    whose amounts add up exactly (in cents) to target_cost - base_cost. lump_sums: the lump_sum_table rows
    (Connecticut top-step lump sums), none if omitted.

    The scenario, its breakdown, the baseline and every state of both bridges are costed together
    (scenarios.planned_state_costs: each distinct plan is built and grouped once), with the numbers of
    scenario_costs_by_fiscal_year, scenario_costs_by_month and cost_bridge.
    """
    positions, (scenario,) = scoped(positions, [scenario])
    baseline = baseline_scenario(scenario)
    shown = {"years": scenario_state(scenario), "base_years": scenario_state(baseline),
             "cells": scenario_state(scenario, by=BREAKDOWN_DIMS)}
    # The years bridge runs from the first to the last fiscal year costed: those of the window's ends, unless
    # no position is costed in an end year (it is then computed again once the years are known).
    ends = (_fiscal_year(scenario.start, scenario), _fiscal_year(scenario.end, scenario))
    over_years = bridge_states(scenario, scenario, base_fiscal_year=ends[0], target_fiscal_year=ends[1])
    over_baseline = bridge_states(baseline, scenario)
    states = list(dict.fromkeys([*shown.values(), *(s for s in (*over_years, *over_baseline) if s is not None)]))
    monthly = planned_state_costs(positions, steps, states=states, lump_sums=lump_sums).collect(engine=SMALL)
    years, base_years, cells, months = _shown_costs(monthly, states, shown)
    totals = state_totals(monthly, states)
    by_state = {s: totals.get(i, Decimal(0)) for i, s in enumerate(states)}
    first, last = years["fiscal_year"].min(), years["fiscal_year"].max()
    if (first, last) == ends:
        years_bridge = bridge_components(over_years, by_state)
    else:
        years_bridge = cost_bridge(positions, steps, base=scenario, target=scenario, base_fiscal_year=first,
                                   target_fiscal_year=last, lump_sums=lump_sums).collect()
    cost_of = dict(years.iter_rows())
    breakdowns = {
        dim: [{"fiscal_year": fy, "key": key, "cost": float(cost)} for fy, key, cost in
              cells.group_by("fiscal_year", dim).agg(pl.col("cost").sum()).sort("fiscal_year", dim).iter_rows()]
        for dim in BREAKDOWN_DIMS
    }
    return {
        "format": RESULTS_FORMAT,
        "fiscal_years": _money(years, "fiscal_year"),
        "months": [{"month": m.isoformat(), "cost": float(c)} for m, c in months.iter_rows()],
        "breakdowns": breakdowns,
        "bridges": {
            "years": _bridge(years_bridge, base_cost=cost_of[first], target_cost=cost_of[last],
                             base_fiscal_year=first, target_fiscal_year=last),
            "baseline": _bridge(bridge_components(over_baseline, by_state), base_cost=base_years["cost"].sum(),
                                target_cost=years["cost"].sum()),
        },
    }


def period_cost(positions: pl.LazyFrame, steps: pl.LazyFrame, *, scenario: Scenario, fiscal_year: int | None,
                lump_sums: pl.LazyFrame | None = None) -> Decimal:
    """Return a scenario's cost over a fiscal year, or over its window when None (the sum of its fiscal years)."""
    years = scenario_costs_by_fiscal_year(positions, steps, scenario=scenario, lump_sums=lump_sums).collect()
    if fiscal_year is not None:
        years = years.filter(pl.col("fiscal_year") == fiscal_year)
    return years["cost"].sum() if years.height else Decimal(0)


def scenario_bridge(positions: pl.LazyFrame, steps: pl.LazyFrame, *, base: Scenario, target: Scenario,
                    base_fiscal_year: int | None = None, target_fiscal_year: int | None = None,
                    lump_sums: pl.LazyFrame | None = None) -> dict[str, Any]:
    """Return the bridge from a base (scenario, fiscal year or whole window) to a target, as a report's bridges are:
    {"base_cost", "target_cost", "components": [{"component", "amount"}], "base_fiscal_year", "target_fiscal_year"},
    the amounts adding up exactly (in cents) to target_cost - base_cost, in either direction.

    Raises ScenarioError when the two cost different scopes.
    """
    check_same_scope(base, target)
    bridge = cost_bridge(positions, steps, base=base, target=target, base_fiscal_year=base_fiscal_year,
                         target_fiscal_year=target_fiscal_year, lump_sums=lump_sums).collect()
    costs = [period_cost(positions, steps, scenario=s, fiscal_year=fy, lump_sums=lump_sums)
             for s, fy in ((base, base_fiscal_year), (target, target_fiscal_year))]
    return _bridge(bridge, base_cost=costs[0], target_cost=costs[1], base_fiscal_year=base_fiscal_year,
                   target_fiscal_year=target_fiscal_year)


def _shown_costs(monthly: pl.DataFrame, states: list[PlannedState],
                 shown: dict[str, PlannedState]) -> list[pl.DataFrame]:
    """Return the report's frames of the costed states: the scenario's fiscal years (fiscal_year, cost), the
    baseline's, the breakdown cells (fiscal_year, unit, grade, title, cost) and the months (month as Date, cost)."""
    fy_starts = [s.fy_start_month for s in states]

    def costs(state: PlannedState, keys: list[str]) -> pl.LazyFrame:
        rows = monthly.lazy().filter(pl.col("state") == states.index(state))
        return state_costs(rows, keys=keys, fy_start_months=fy_starts).drop("state")

    return pl.collect_all([
        costs(shown["years"], ["fiscal_year"]), costs(shown["base_years"], ["fiscal_year"]),
        costs(shown["cells"], ["fiscal_year", *BREAKDOWN_DIMS]),
        costs(shown["years"], ["month"]).with_columns(month=month_date_expr("month")),
    ], engine=SMALL)


def _fiscal_year(day: dt.date, scenario: Scenario) -> int:
    """Return the fiscal year of a month under the scenario's fiscal-year start (named by the year it ends in)."""
    return day.year + (1 if scenario.fy_start_month > 1 and day.month >= scenario.fy_start_month else 0)


def change_options(positions: pl.LazyFrame, steps: pl.LazyFrame) -> dict[str, Any]:
    """Return what the scenario builder offers: titles, units and grades (sorted), n_vacancies and vacancies
    ({position id: "id · title · unit · grade"}, the first MAX_LISTED_VACANCIES by id).

    Grades are the roster's and those its schedules pay (a promotion may go to a grade nobody holds yet).
    """
    roster = positions.select("title", "unit", "grade", "schedule_id", "position_id", "is_vacant")
    held = roster.select("grade").unique().with_columns(key=grade_key("grade"))
    # Grades the roster's schedules pay but nobody holds yet, unless the roster spells them another way.
    paid = (
        steps.join(roster.select("schedule_id").unique(), on="schedule_id")
        .select("grade").unique().with_columns(key=grade_key("grade"))
        .join(held, on="key", how="anti")
    )
    titles, units, grades, vacant = pl.collect_all([
        roster.select(pl.col("title").unique().sort()),
        roster.select(pl.col("unit").unique().sort()),
        pl.concat([held, paid]).sort(pl.col("grade").str.replace_all(r"\d+", ""),
                                     pl.col("grade").str.extract(r"(\d+)").cast(pl.Int64), "grade"),
        roster.filter("is_vacant").select("position_id", "title", "unit", "grade").sort("position_id"),
    ])
    listed = vacant.head(MAX_LISTED_VACANCIES)
    labels = listed.select(pl.concat_str("position_id", "title", "unit", pl.format("grade {}", "grade"),
                                         separator=" · ", ignore_nulls=True))
    return {"titles": titles["title"].to_list(), "units": units["unit"].to_list(), "grades": grades["grade"].to_list(),
            "n_vacancies": vacant.height, "vacancies": dict(zip(listed["position_id"], labels.to_series(),
                                                                strict=True))}
