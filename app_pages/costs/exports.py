"""Words and export tables of the Staffing costs page: a scenario in one line, and its report as named frames."""

from __future__ import annotations

import calendar
from typing import Any

import polars as pl

from analytics.costs import tables as cost_tables
from analytics.costs.scenarios import (
    AddPositions,
    Attrition,
    Change,
    CutPositions,
    FillVacancy,
    FreezeVacancy,
    Promote,
    Scenario,
    VacancyFactor,
    canonical_json,
)
from app_pages.costs.figures import BRIDGE_WORDS

SHOWN_CHANGES = 4  # changes named in the one-line summary; the rest are counted


def _pct(value: Any) -> str:
    return f"{float(value):g}%"


def change_words(change: Change) -> str:
    """Return a change in a few words, e.g. "add 3 Immigrant Workers Specialist 1 in Albany from Jan 2026"."""
    match change:
        case AddPositions() | CutPositions():
            verb = "add" if isinstance(change, AddPositions) else "cut"
            return f"{verb} {change.count} {change.title} in {change.unit} from {change.date:%b %Y}"
        case FillVacancy():
            return f"fill {change.position_id} in {change.date:%b %Y}"
        case FreezeVacancy():
            return f"freeze {change.position_id}"
        case Promote():
            return f"promote {len(change.position_ids)} to {change.grade} in {change.date:%b %Y}"
        case VacancyFactor():
            return f"vacancy factor {_pct(change.pct)}" + (f" in {change.unit}" if change.unit else "")
        case Attrition():
            return (f"attrition {_pct(change.pct)} a year" + (f" in {change.unit}" if change.unit else "")
                    + f", {change.backfill_months} months to backfill")
    return change.kind


def scenario_words(scenario: Scenario) -> str:
    """Return the scenario's inputs in one line: window, fiscal year, fringe, COLAs and changes."""
    colas = ", ".join(f"{_pct(c.pct)} from {c.effective:%d %b %Y}" + (f" for {c.years} years" if c.years > 1 else "")
                      for c in scenario.cola) or "none"
    changes = [change_words(c) for c in scenario.changes]
    if len(changes) > SHOWN_CHANGES:
        changes = [*changes[:SHOWN_CHANGES], f"{len(changes) - SHOWN_CHANGES} more"]
    return (f"{scenario.start:%b %Y} – {scenario.end:%b %Y} · fiscal year from "
            f"{calendar.month_name[scenario.fy_start_month]} · fringe {_pct(scenario.fringe_rate * 100)} · "
            f"COLA {colas} · changes: {'; '.join(changes) or 'none'} · scope: {scenario.scope.words()}")


def export_frames(results: dict[str, Any], scenario: Scenario, *, scenario_id: str | None,
                  data_version: str) -> dict[str, pl.DataFrame]:
    """Return the tables of a scenario's report by sheet name, amounts as Decimal cents.

    Fiscal years, Monthly, By unit / By grade / By title (one cost column per fiscal year), the two
    bridges (one row per waterfall bar) and Scenario (its id, data version and inputs JSON).
    """
    fy_start = scenario.fy_start_month
    frames = {
        "Fiscal years": cost_tables.fiscal_year_totals(results, fy_start_month=fy_start),
        "Monthly": cost_tables.monthly_costs(results, fy_start_month=fy_start),
    }
    for dim in ("unit", "grade", "title"):
        frames[f"By {dim}"] = cost_tables.breakdown_by_year(cost_tables.breakdown(results, dim=dim), dim=dim)
    first, last = (f"FY{y['fiscal_year']}" for y in (results["fiscal_years"][0], results["fiscal_years"][-1]))
    frames["Bridge fiscal years"] = cost_tables.bridge_steps(
        results, kind="years", labels=BRIDGE_WORDS | {"base": first, "target": last})
    frames["Bridge baseline"] = cost_tables.bridge_steps(
        results, kind="baseline", labels=BRIDGE_WORDS | {"base": "Roster as is", "target": "Scenario"})
    frames["Scenario"] = pl.DataFrame({
        "setting": ["name", "scenario_id", "data_version", "inputs_json"],
        "value": [scenario.name, scenario_id or "not saved", data_version, canonical_json(scenario)],
    })
    return frames
