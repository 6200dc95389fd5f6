"""Cached loaders of the Staffing costs page: the latest roster, pay steps, the data version, reports, saved scenarios.

A scenario is computed on the newest loaded roster and the loaded pay rates with the functions of
`python -m analytics costs`, and its data version is the command's (the roster file's sha256 and
the pay rates), so a scenario saved here has the id the command prints for the same roster file
and scenario JSON. Cached results are keyed by the database path and the roster id; a report is
keyed by (data version, scenario id), so a rerun that leaves the scenario alone never recomputes it.
`loaders.clear()` forgets everything but a roster's rows, kept by roster id (which names their content);
saving a scenario forgets only the saved-scenario lists.
"""

from __future__ import annotations

import datetime as dt
import json
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd
import polars as pl
import streamlit as st

from analytics import db
from analytics.costs import tables as cost_tables
from analytics.costs.report import (
    RESULTS_FORMAT,
    change_options,
    cost_data_version,
    scenario_bridge,
    scenario_problems,
    scenario_results,
)
from analytics.costs.scenarios import Scenario, ScenarioError, canonical_json, parse_scenario, scenario_id
from analytics.costs.store import save_scenario, saved_scenario
from analytics.ingest.load.rosters import RosterLoad, load_roster
from analytics.pay.grades import known_titles
from analytics.pay.steps import lump_sum_table, step_table
from analytics.users import ANALYST, STEWARD
from app_pages.shared import auth, loaders

# As a timedelta: Streamlit parses a text TTL with pandas on every cached call (most of a cache hit's cost).
CACHE_TTL = pd.Timedelta(loaders.CACHE_TTL).to_pytimedelta()
SAVED_LIMIT = 200  # saved scenarios offered for comparison (newest first)


@dataclass(frozen=True)
class CostData:
    """What scenarios are computed on now: the newest roster and the pay rates, and their data version."""

    roster_id: str
    file_name: str
    n_positions: int
    loaded_at: dt.datetime
    data_version: str


@dataclass(frozen=True)
class CostReport:
    """A computed scenario: its id, and either its report (cost_report.scenario_results) or why it has none."""

    scenario_id: str
    problems: tuple[str, ...]
    results: dict[str, Any] | None


@dataclass(frozen=True)
class SavedScenario:
    """A saved scenario as stored: its inputs, the data version it was computed on and its results, never redone."""

    scenario_id: str
    name: str
    scenario: Scenario
    data_version: str
    created_at: dt.datetime
    results: dict[str, Any]


# -- the data a scenario is computed on ------------------------------------------------------------

@st.cache_data(max_entries=4, ttl=CACHE_TTL, show_spinner=False)
def _n_pay_rows(path: str) -> int:
    return loaders.query("pay_rates").height


def n_pay_rows() -> int:
    """Return how many pay rate rows (schedule, grade, step, date) are loaded."""
    return _n_pay_rows(loaders.database())


@st.cache_data(max_entries=8, ttl=CACHE_TTL, show_spinner=False)
def _data_version(path: str, roster_sha256: str) -> str:
    return cost_data_version(roster_sha256=roster_sha256, pay_rates=loaders.query("pay_rates"))


def cost_data() -> CostData | None:
    """Return the newest loaded roster with the data version of a computation on it, or None without a roster."""
    rosters = loaders.query("rosters")
    if rosters.is_empty():
        return None
    row = rosters.row(0, named=True)
    return CostData(roster_id=row["roster_id"], file_name=row["file_name"], n_positions=row["n_positions"],
                    loaded_at=row["loaded_at"], data_version=_data_version(loaders.database(), row["sha256"]))


@st.cache_resource(max_entries=2, ttl=CACHE_TTL, show_spinner=False)
def _roster_rows(path: str, roster_id: str) -> pl.DataFrame:
    # One frame per roster serves every session and rerun, never changed (Polars frames are not changed in place
    # here): a cache_data hit unpickles a copy, 12 ms of each Compute at 100,000 positions and 0.1 s at 1,000,000.
    # A roster id is its file's sha256, so its rows never change; the cache holds the two newest rosters read.
    return db.run(loaders.connection(path), "roster_positions", {"roster_id": roster_id})


def _positions(roster_id: str) -> pl.LazyFrame:
    """One row per position of a loaded roster (analytics.ingest.tables.roster.POSITIONS_SCHEMA), as read_roster
    returns it."""
    return _roster_rows(loaders.database(), roster_id).lazy()


@st.cache_data(max_entries=4, ttl=CACHE_TTL, show_spinner=False)
def _steps(path: str) -> pl.DataFrame:
    return step_table(loaders.query("pay_rates").lazy()).collect()


@st.cache_data(max_entries=4, ttl=CACHE_TTL, show_spinner=False)
def _builder_options(path: str, roster_id: str) -> dict[str, Any]:
    positions = _positions(roster_id)
    dates = positions.select(pl.max_horizontal(pl.col("hire_date").max(), pl.col("title_date").max())).collect()
    return change_options(positions, _steps(path).lazy()) | {"as_of": dates.item()}


def builder_options(roster_id: str) -> dict[str, Any]:
    """Return what the scenario builder offers for a roster: titles, units, grades (sorted), n_vacancies,
    vacancies ({id: "id · title · unit · grade"}), and as_of: the roster's latest hire or title date (None if it
    has none)."""
    return _builder_options(loaders.database(), roster_id)


# -- reports ---------------------------------------------------------------------------------------

@st.cache_data(max_entries=32, show_spinner="Computing the scenario on every position…")
def _report(path: str, roster_id: str, data_version: str, scenario_key: str, inputs_json: str) -> CostReport:
    # Keyed by the data version and the scenario id: the same pair always gives the same report.
    scenario = parse_scenario(json.loads(inputs_json))
    positions, steps = _positions(roster_id), _steps(path).lazy()
    problems = tuple(scenario_problems(positions, steps, scenario=scenario))
    if problems:
        return CostReport(scenario_key, problems, None)
    lump_sums = lump_sum_table(loaders.query("pay_rates").lazy())
    return CostReport(scenario_key, (), scenario_results(positions, steps, scenario=scenario, lump_sums=lump_sums))


def report(scenario: Scenario, data: CostData) -> CostReport:
    """Return the scenario's report on the current data (computed once per data version and scenario id).

    A scenario whose changes name nothing in the roster, or whose positions the pay tables cannot
    price, has no results but the problems `python -m analytics costs` would refuse it for.
    """
    key = scenario_id(scenario, data_version=data.data_version)
    return _report(loaders.database(), data.roster_id, data.data_version, key, canonical_json(scenario))


@st.cache_data(max_entries=32, show_spinner="Computing the bridge…")
def _bridge(path: str, roster_id: str, data_version: str, ends_json: str) -> dict[str, Any]:
    ends = json.loads(ends_json)
    base, target = (parse_scenario(json.loads(e["inputs"])) for e in ends)
    lump_sums = lump_sum_table(loaders.query("pay_rates").lazy())
    return scenario_bridge(_positions(roster_id), _steps(path).lazy(), base=base, target=target,
                           base_fiscal_year=ends[0]["fiscal_year"], target_fiscal_year=ends[1]["fiscal_year"],
                           lump_sums=lump_sums)


def bridge(base: tuple[Scenario, int | None], target: tuple[Scenario, int | None], data: CostData) -> dict[str, Any]:
    """Return the bridge from a base to a target, each (scenario, fiscal year or None for its window), on the
    current data, as report.scenario_bridge (computed once per data version and ends).

    Raises ScenarioError when the two cost different scopes.
    """
    ends = [{"inputs": canonical_json(s), "fiscal_year": fy} for s, fy in (base, target)]
    return _bridge(loaders.database(), data.roster_id, data.data_version, json.dumps(ends))


@st.cache_data(max_entries=64, show_spinner=False)
def _report_tables(view_key: str, fy_start_month: int, _results: dict[str, Any]) -> dict[str, pl.DataFrame]:
    # `_results` is not hashed: the view key (a scenario id, which includes the data version) names them.
    tables = {"totals": cost_tables.fiscal_year_totals(_results, fy_start_month=fy_start_month),
              "months": cost_tables.monthly_costs(_results, fy_start_month=fy_start_month)}
    for dim in ("unit", "grade", "title"):
        tables[dim] = cost_tables.breakdown(_results, dim=dim)
        tables[f"{dim}_by_year"] = cost_tables.breakdown_by_year(tables[dim], dim=dim)
    return tables


def report_tables(view_key: str, results: dict[str, Any], *, fy_start_month: int) -> dict[str, pl.DataFrame]:
    """Return the cost_tables frames of a report, made once per view key (the id of the scenario shown):
    totals (fiscal_year_totals), months (monthly_costs), and for unit, grade and title the breakdown
    (`<dim>`) and breakdown_by_year (`<dim>_by_year`)."""
    return _report_tables(view_key, fy_start_month, results)


# -- saved scenarios -------------------------------------------------------------------------------

@st.cache_data(max_entries=256, ttl=CACHE_TTL, show_spinner=False)
def _saved(path: str, saved_id: str) -> dict[str, Any] | None:
    return saved_scenario(loaders.connection(path), saved_id)


@st.cache_data(max_entries=4, ttl=CACHE_TTL, show_spinner=False)
def _saved_list(path: str) -> pl.DataFrame:
    return db.run(loaders.connection(path), "saved_scenarios", {"limit": SAVED_LIMIT})


def saved(saved_id: str) -> SavedScenario | None:
    """Return a saved scenario by id, or None when no scenario has it.

    Raises ScenarioError when the stored inputs or results cannot be read (a newer format, a damaged row).
    """
    row = _saved(loaders.database(), saved_id)
    if row is None:
        return None
    try:
        scenario = parse_scenario({**json.loads(row["inputs_json"]), "name": row["name"] or None})
    except json.JSONDecodeError as exc:
        raise ScenarioError(f"its inputs are not JSON ({exc})") from None
    if row["results"].get("format") != RESULTS_FORMAT:
        raise ScenarioError(f"its results have format {row['results'].get('format')!r}, not {RESULTS_FORMAT}")
    return SavedScenario(scenario_id=row["scenario_id"], name=row["name"], scenario=scenario,
                         data_version=row["data_version"], created_at=row["created_at"], results=row["results"])


def saved_list() -> pl.DataFrame:
    """One row per saved scenario, newest first (at most SAVED_LIMIT): scenario_id, name, data_version, created_at."""
    return _saved_list(loaders.database())


def save(scenario: Scenario, data: CostData) -> str:
    """Save the scenario with its report on the current data (immutable: an id saved before is kept); return its id.

    Raises ValueError when the scenario has problems (nothing is saved).
    """
    auth.check(ANALYST, action="save a scenario")
    computed = report(scenario, data)
    if computed.results is None:
        raise ValueError(computed.problems[0])
    with loaders.write_cursor() as cursor:
        save_scenario(cursor, scenario_id=computed.scenario_id, name=scenario.name,
                      inputs_json=canonical_json(scenario), data_version=data.data_version, results=computed.results)
    auth.audit("save a scenario", computed.scenario_id)
    _saved.clear()
    _saved_list.clear()
    return computed.scenario_id


# -- loading a roster ------------------------------------------------------------------------------

def load_roster_upload(file_name: str, data: bytes) -> RosterLoad:
    """Validate an uploaded roster file and load it (all positions or none, as `load_roster` does).

    Titles are checked against the loaded job classes; a loaded roster becomes the newest one, so
    every cached frame is forgotten. The report lists each problem (row, column, problem, value); steps are
    read against the loaded pay tables (JR, Job Rate ...), and salaries more than 1% off their step are
    accepted with a warning (loaded.warnings, same shape).
    """
    auth.check(STEWARD, action="load a roster")
    classes = loaders.query("ladder_classes")
    steps = _steps(loaders.database()).lazy()
    with tempfile.TemporaryDirectory(prefix="roster-upload-") as folder:
        # The file keeps its name and bytes: the roster id is their sha256, as with the CLI.
        path = Path(folder) / Path(file_name).name
        path.write_bytes(data)
        with loaders.write_cursor() as cursor:
            loaded = load_roster(cursor, path, known_titles=known_titles(classes), steps=steps, as_of=dt.date.today())
    if loaded.roster_id is not None:
        auth.audit("load a roster", f"{Path(file_name).name}: roster {loaded.roster_id}")
        loaders.clear()
    return loaded
