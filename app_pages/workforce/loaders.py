"""Cached loaders of the Workforce projection page: the roster and its history, matrices, projections, saved ones.

A projection starts from the newest loaded roster (its headcount is year 0) and moves people with a
transition matrix estimated from the dated history snapshots (`roster_snapshots`), or built from stated
rates, then overridden cell by cell. Its inputs are analytics.workforce.report.projection_inputs (by,
years, runs, seed, recruitment, the matrix used and its overrides) plus what only the page asks for
(the stated rates the matrix was built from and the COLA of the cost line); its data version is
workforce_data_version of the roster, the snapshots and the pay rates; its id hashes both. Every result
is cached by that id, so a rerun that leaves the inputs alone computes nothing and going back to inputs
seen before is a cache hit.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pandas as pd
import polars as pl
import streamlit as st

from analytics.costs.scenario_format import Cola
from analytics.pay.steps import step_table
from analytics.users import ANALYST
from analytics.workforce.cost import projected_cost
from analytics.workforce.estimation import estimate_transitions
from analytics.workforce.model import Recruitment, expected_years, project, steady_state
from analytics.workforce.report import (
    canonical_json,
    projection_id,
    projection_inputs,
    report_from,
    workforce_data_version,
)
from analytics.workforce.simulation import simulate
from analytics.workforce.states import (
    MATRIX_SCHEMA,
    WorkforceError,
    check_matrix,
    headcount,
    matrix_from_rates,
    matrix_states,
    override,
)
from analytics.workforce.store import save_projection, saved_projection
from app_pages.shared import auth, loaders

CACHE_TTL = pd.Timedelta(loaders.CACHE_TTL).to_pytimedelta()  # a timedelta: cheaper per call than text
MIN_OBSERVATIONS = 20
RESULTS_FORMAT = 1  # the page's results: the `workforce --json` report plus the page's own parts
SAVED_NAME = "Workforce projection"


@dataclass(frozen=True)
class WorkforceData:
    """What projections are computed on now: the newest roster, the dated history snapshots, their data version."""

    roster_id: str
    file_name: str
    as_of: dt.date
    n_positions: int
    snapshots: tuple[tuple[str, dt.date], ...]  # (snapshot_id, as_of), oldest first
    data_version: str


@dataclass(frozen=True)
class Matrix:
    """A transition matrix as used (estimated or stated, then overridden) or why it cannot be used."""

    matrix: pl.DataFrame | None  # from, to, p: complete, in state order
    states: tuple[str, ...]
    problems: tuple[str, ...]


@dataclass(frozen=True)
class SavedProjection:
    """A saved projection as stored: its id, inputs, data version and results (never recomputed)."""

    projection_id: str
    inputs: dict[str, Any]
    inputs_json: str
    data_version: str
    created_at: dt.datetime
    results: dict[str, Any]


# -- the data --------------------------------------------------------------------------------------

@st.cache_data(max_entries=8, ttl=CACHE_TTL, show_spinner=False)
def _data_version(path: str, roster_sha256: str, snapshot_sha256s: tuple[str, ...]) -> str:
    return workforce_data_version(roster_sha256=roster_sha256, snapshot_sha256s=snapshot_sha256s,
                                  pay_rates=loaders.query("pay_rates"))


@st.cache_data(max_entries=8, ttl=CACHE_TTL, show_spinner=False)
def _latest_date(path: str, roster_id: str) -> dt.date | None:
    positions = _positions(roster_id)
    return positions.select(pl.max_horizontal(pl.col("hire_date").max(), pl.col("title_date").max())).item()


def workforce_data() -> WorkforceData | None:
    """Return the newest roster with the dated history and the data version of a projection on them (None: no
    roster is loaded). The roster's date is the one it states, else its latest hire or title date."""
    rosters = loaders.query("rosters")
    if rosters.is_empty():
        return None
    newest = rosters.row(0, named=True)
    dated = loaders.query("roster_dates").filter(pl.col("roster_id") == newest["roster_id"])
    as_of = dated["as_of"][0] if dated.height else None
    as_of = as_of or _latest_date(loaders.database(), newest["roster_id"]) or newest["loaded_at"].date()
    snapshots = loaders.query("roster_snapshots")
    version = _data_version(loaders.database(), newest["sha256"], tuple(snapshots["sha256"].to_list()))
    return WorkforceData(
        roster_id=newest["roster_id"], file_name=newest["file_name"], as_of=as_of, n_positions=newest["n_positions"],
        snapshots=tuple(zip(snapshots["snapshot_id"].to_list(), snapshots["as_of"].to_list(), strict=True)),
        data_version=version)


def _positions(roster_id: str) -> pl.DataFrame:
    return loaders.query("roster_positions", roster_id=roster_id)


@st.cache_data(max_entries=4, ttl=CACHE_TTL, show_spinner=False)
def _steps(path: str) -> pl.DataFrame:
    return step_table(loaders.query("pay_rates").lazy()).collect()


@st.cache_data(max_entries=16, ttl=CACHE_TTL, show_spinner=False)
def _start(path: str, roster_id: str, by: str) -> pl.DataFrame:
    return headcount(_positions(roster_id), by=by)


def start(data: WorkforceData, *, by: str) -> pl.DataFrame:
    """One row per state of the newest roster: state, count (its headcount now), in state order."""
    return _start(loaders.database(), data.roster_id, by)


@st.cache_data(max_entries=16, ttl=CACHE_TTL, show_spinner="Estimating the transition rates from the roster history…")
def _estimate(path: str, snapshots: tuple[tuple[str, dt.date], ...], by: str) -> pl.DataFrame:
    history = loaders.query("roster_history")
    parts = history.partition_by("snapshot_id", as_dict=True)
    dated = [(as_of, parts[(snapshot_id,)]) for snapshot_id, as_of in snapshots if (snapshot_id,) in parts]
    return estimate_transitions(dated, by=by, min_observations=MIN_OBSERVATIONS)


def estimate(data: WorkforceData, *, by: str) -> pl.DataFrame | None:
    """One row per (from, to) cell estimated from the dated snapshots: from, to, n, n_from, p, p_low, p_high,
    too_few; None with fewer than two snapshots. Raises WorkforceError when the snapshots cannot be matched."""
    if len(data.snapshots) < 2:
        return None
    return _estimate(loaders.database(), data.snapshots, by)


# -- matrices and projections ----------------------------------------------------------------------

@st.cache_data(max_entries=64, ttl=CACHE_TTL, show_spinner=False)
def _matrix(path: str, data_version: str, by: str, source: str, rates_json: str, overrides_json: str, *,
            _data: WorkforceData) -> Matrix:
    # `_data` is not hashed: the data version names it.
    try:
        if source == "estimated":
            estimated = estimate(_data, by=by)
            if estimated is None:
                return Matrix(None, (), ("Estimating the rates needs two or more dated roster snapshots.",))
            base = estimated.select("from", "to", "p")
        else:
            rates = json.loads(rates_json)["rates"]
            base = matrix_from_rates(
                start(_data, by=by)["state"].to_list(), promotion={r["state"]: r["promotion"] for r in rates},
                attrition={r["state"]: r["attrition"] for r in rates},
                next_state={r["state"]: r["next"] for r in rates if r["next"]})
        states = matrix_states(base)
        edits = json.loads(overrides_json)
        if edits:
            base = override(base, pl.DataFrame(edits, schema=MATRIX_SCHEMA, orient="row"))
        return Matrix(check_matrix(base, states), tuple(states), ())
    except WorkforceError as error:
        return Matrix(None, (), tuple(error.problems))


def matrix(data: WorkforceData, *, by: str, source: str, rates: list[dict[str, Any]] | None,
           overrides: list[dict[str, Any]]) -> Matrix:
    """Return the transition matrix on the current data: estimated (source "estimated") or built from the stated
    rates (one {state, promotion, attrition, next} each), then the override cells ({from, to, p}) applied."""
    return _matrix(loaders.database(), data.data_version, by, source, canonical_json({"rates": rates or []}),
                   json.dumps(overrides), _data=data)


def colas_of(*, cola_pct: float, first_year: int, years: int) -> tuple[Cola, ...]:
    """Return the COLAs of the cost line: cola_pct each 1 January after the roster's year (year k pays
    (1 + COLA)^k of the roster's rates); none for 0."""
    if not cola_pct:
        return ()
    return tuple(Cola(Decimal(str(cola_pct)), dt.date(first_year + k, 1, 1)) for k in range(1, years + 1))


def inputs_of(data: WorkforceData, *, settings: dict[str, Any], used: pl.DataFrame,
              rates: list[dict[str, Any]] | None, hires: dict[str, float], targets: dict[str, float],
              overrides: list[dict[str, Any]]) -> dict[str, Any]:
    """Return a projection's inputs (what its id hashes), as `python -m analytics workforce` makes them for the same
    choices: projection_inputs of the matrix used (source "estimated", "estimated+file" once cells are overridden,
    the command's name for an estimate with override cells, or "rates") and the COLAs of the cost; a matrix built
    from stated rates keeps them ("rates", the page's own). settings: by, years, runs, seed, recruit, source,
    cola_pct.
    """
    estimated = settings["source"] == "estimated"
    rule = Recruitment(mode=settings["recruit"], hires=hires, targets=targets)
    edits = pl.DataFrame(overrides, schema=MATRIX_SCHEMA, orient="row") if overrides else None
    source = ("estimated+file" if overrides else "estimated") if estimated else "rates"
    inputs = projection_inputs(
        by=settings["by"], years=settings["years"], runs=settings["runs"], seed=settings["seed"], recruitment=rule,
        matrix=used, matrix_source=source, overrides=edits, min_observations=MIN_OBSERVATIONS if estimated else None)
    colas = colas_of(cola_pct=settings["cola_pct"], first_year=data.as_of.year, years=settings["years"])
    inputs["cola"] = [{"pct": float(c.pct), "effective": c.effective.isoformat()} for c in colas]
    if not estimated:
        inputs["rates"] = rates or []
    return inputs


def _rows(frame: pl.DataFrame | None) -> list[dict[str, Any]] | None:
    return None if frame is None else frame.to_dicts()


@st.cache_data(max_entries=32, ttl=CACHE_TTL, show_spinner=False)
def _results(path: str, key: str, inputs_text: str, *, _data: WorkforceData) -> dict[str, Any]:
    # Keyed by the projection id (inputs and data version); inputs_text is what it is computed from.
    data, inputs = _data, json.loads(inputs_text)
    used = pl.DataFrame(inputs["matrix"], schema=MATRIX_SCHEMA, orient="row")
    first = start(data, by=inputs["by"])
    recruits = inputs["recruitment"]
    rule = Recruitment(mode=recruits["mode"], hires=recruits["hires"], targets=recruits["targets"])
    years, runs, seed = int(inputs["years"]), int(inputs["runs"]), int(inputs["seed"])
    try:
        projection = project(first, used, years=years, recruitment=rule)
        bands = simulate(first, used, years=years, recruitment=rule, runs=runs, seed=seed)
        steady = steady_state(used, rule, start=first)
        expected = expected_years(used)
    except WorkforceError as error:
        return {"format": RESULTS_FORMAT, "problems": list(error.problems)}
    cost, cost_problems = None, []
    try:
        colas = tuple(Cola(Decimal(str(c["pct"])), dt.date.fromisoformat(c["effective"])) for c in inputs["cola"])
        cost = projected_cost(projection.stocks, _positions(data.roster_id), _steps(path).lazy(),
                              first_year=data.as_of.year, colas=colas, by=inputs["by"])
    except WorkforceError as error:
        cost_problems = list(error.problems)
    estimated = estimate(data, by=inputs["by"]) if inputs["matrix_source"].startswith("estimated") else None
    counted = used if estimated is None else used.join(estimated.select("from", "to", "n"), on=["from", "to"],
                                                       how="left", maintain_order="left")
    report = report_from(projection_id=key, projection=projection, bands=bands, matrix=counted, expected=expected,
                         cost=cost)
    return report | {"format": RESULTS_FORMAT, "problems": [], "first_year": data.as_of.year,
                     "as_of": data.as_of.isoformat(), "n_snapshots": len(data.snapshots), "start": _rows(first),
                     "steady_state": _rows(steady), "estimated": _rows(estimated), "cost_problems": cost_problems}


def results(data: WorkforceData, inputs: dict[str, Any], *, text: str | None = None) -> tuple[str, dict[str, Any]]:
    """Return (projection id, results) of the inputs on the current data, computed once per id.

    The results are the `python -m analytics workforce --json` report (analytics.workforce.report.report_from:
    states, years with mean and bands, flows, expected_years_in_state, time_to_exit, transition_matrix,
    cost) plus first_year, as_of, start, steady_state, estimated and cost_problems; `problems` lists why
    there is no projection. `text`: the inputs' canonical JSON when the caller has it already.
    """
    key = projection_id(inputs, data.data_version)
    return key, _results(loaders.database(), key, text or canonical_json(inputs), _data=data)


def frames(results: dict[str, Any]) -> dict[str, pl.DataFrame | None]:
    """Return the results as the frames the figures take: start, matrix, estimated, stocks and bands (the years
    rows), flows, expected (state, years, time_to_exit), steady, cost; None where there is none."""
    def frame(name: str) -> pl.DataFrame | None:
        return pl.DataFrame(results[name]) if results.get(name) else None

    years = frame("years")
    to_exit = pl.DataFrame(results["time_to_exit"]).rename({"years": "time_to_exit"})
    expected = pl.DataFrame(results["expected_years_in_state"]).join(to_exit, on="state", maintain_order="left")
    return {"start": frame("start"), "matrix": frame("transition_matrix"), "estimated": frame("estimated"),
            "stocks": years, "bands": years, "flows": frame("flows"), "expected": expected,
            "steady": frame("steady_state"), "cost": frame("cost")}


# -- saved projections -----------------------------------------------------------------------------

@st.cache_data(max_entries=256, ttl=CACHE_TTL, show_spinner=False)
def _saved(path: str, saved_id: str) -> dict[str, Any] | None:
    return saved_projection(loaders.connection(path), saved_id)


def saved(saved_id: str) -> SavedProjection | None:
    """Return a saved projection by id, or None when none has it. Raises ValueError when it cannot be read."""
    try:
        row = _saved(loaders.database(), saved_id)
    except json.JSONDecodeError as exc:
        raise ValueError(f"its inputs or results are not JSON ({exc})") from None
    if row is None:
        return None
    if row["results"].get("format") != RESULTS_FORMAT:
        raise ValueError(f"its results have format {row['results'].get('format')!r}, not {RESULTS_FORMAT}")
    return SavedProjection(projection_id=row["projection_id"], inputs=row["inputs"], inputs_json=row["inputs_json"],
                           data_version=row["data_version"], created_at=row["created_at"], results=row["results"])


def save(data: WorkforceData, inputs: dict[str, Any]) -> str:
    """Save the inputs' projection on the current data (an id saved before is kept as it is); return its id.

    Raises ValueError when the inputs give no projection (nothing is saved).
    """
    auth.check(ANALYST, action="save a projection")
    key, computed = results(data, inputs)
    if computed["problems"]:
        raise ValueError(computed["problems"][0])
    with loaders.write_cursor() as cursor:
        save_projection(cursor, projection_id=key, name=SAVED_NAME, inputs_json=canonical_json(inputs),
                        data_version=data.data_version, results=computed)
    auth.audit("save a projection", key)
    _saved.clear()
    return key


