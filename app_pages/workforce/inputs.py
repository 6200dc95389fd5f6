"""The inputs of the Workforce projection page: settings, stated rates, recruitment and matrix cell overrides.

The widgets' values live in st.session_state under KEY; `seed` writes a saved projection's inputs into
them, `chosen` reads the settings back and the editors return what they hold, from which
app_pages.workforce.loaders.inputs_of makes the canonical inputs a projection is identified by (the object
`seed` takes). The three editors (stated rates, hires or targets by state, matrix cells) are keyed by the
states they show and a generation bumped on each seed, so a saved projection opens with its own values and
an editor of other states starts afresh.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd
import polars as pl
import streamlit as st

from app_pages.workforce.figures import EXIT, state_words

KEY = {name: f"workforce.{name}" for name in ("by", "years", "runs", "seed", "recruit", "source", "cola_pct")}
SEED, GENERATION = "workforce.seeded", "workforce.generation"
BY = {"grade": "Grade", "title": "Title"}
RECRUIT = {"replace": "Replace leavers", "fixed": "Fixed hires a year", "target": "Hold headcount targets"}
SOURCE = {"estimated": "Estimated from the roster history", "rates": "Stated rates"}
DEFAULT_YEARS, MAX_YEARS = 5, 30
DEFAULT_RUNS, MIN_RUNS, MAX_RUNS = 1000, 100, 20_000
DEFAULT_SEED, MAX_SEED = 1, 2**31 - 1
DEFAULT_COLA_PCT, MAX_COLA_PCT = 3.0, 20.0
DEFAULT_PROMOTION_PCT, DEFAULT_ATTRITION_PCT = 10.0, 10.0
NO_PROMOTION = "—"
CELL_DECIMALS = 1  # matrix cells are edited in steps of 0.1 %
DIGITS = 6  # rates, cells and counts kept to 6 decimals: a value read back from a widget is the value saved


def _fraction(pct: Any) -> float:
    return round(float(pct or 0) / 100, DIGITS)


def _generation() -> int:
    return st.session_state.get(GENERATION, 0)


def seed(inputs: dict[str, Any]) -> None:
    """Put a saved projection's inputs (app_pages.workforce.loaders.inputs_of) into the widgets, replacing theirs."""
    state = st.session_state
    recruitment = inputs["recruitment"]
    state[KEY["by"]] = inputs["by"]
    for name in ("years", "runs", "seed"):
        state[KEY[name]] = int(inputs[name])  # canonical JSON writes every number as a float
    # "none" (no hires) is fixed hires of nobody: the page offers the three rules a link can name.
    state[KEY["recruit"]] = recruitment["mode"] if recruitment["mode"] in RECRUIT else "fixed"
    state[KEY["source"]] = "rates" if inputs["matrix_source"] == "rates" else "estimated"
    colas = inputs.get("cola", [])
    state[KEY["cola_pct"]] = float(colas[0]["pct"]) if colas else 0.0
    state[SEED] = {"rates": {r["state"]: r for r in inputs.get("rates", [])}, "hires": recruitment["hires"],
                   "targets": recruitment["targets"],
                   "overrides": {(c["from"], c["to"]): c["p"] for c in inputs.get("overrides", [])}}
    state[GENERATION] = _generation() + 1


def forget_seeded_cells() -> None:
    """Another state kind or matrix source: a saved projection's cell overrides no longer apply."""
    seeded = st.session_state.get(SEED)
    if seeded:
        st.session_state[SEED] = {**seeded, "overrides": {}}


def _seeded(part: str) -> dict:
    return (st.session_state.get(SEED) or {}).get(part, {})


def settings(*, can_estimate: bool) -> None:
    """Render the settings row: states, years, runs, seed, recruitment, matrix source and COLA."""
    row = st.columns([1.5, 0.9, 1, 1, 1.7, 2.1, 0.9])
    row[0].segmented_control("States are", list(BY), key=KEY["by"], format_func=BY.get, required=True,
                             on_change=forget_seeded_cells, help="Grades as the roster writes them, or titles.")
    row[1].number_input("Years", min_value=1, max_value=MAX_YEARS, step=1, key=KEY["years"],
                        help="Years projected after the roster's own year.")
    row[2].number_input("Runs", min_value=MIN_RUNS, max_value=MAX_RUNS, step=500, key=KEY["runs"],
                        help="Simulated runs behind the bands (each person moves at random with the matrix's rates).")
    row[3].number_input("Seed", min_value=0, max_value=MAX_SEED, step=1, key=KEY["seed"],
                        help="The same seed gives the same bands.")
    row[4].selectbox("Recruitment", list(RECRUIT), key=KEY["recruit"], format_func=RECRUIT.get,
                     help="Replace leavers: each state hires as many as left it that year (a promotion is not "
                          "replaced: the person still works here). Fixed: the hires a year you type by state. "
                          "Targets: hires bring each state up to its target.")
    sources = list(SOURCE) if can_estimate else ["rates"]
    row[5].radio("Rates", sources, key=KEY["source"], format_func=SOURCE.get, on_change=forget_seeded_cells,
                 help="Estimated: counted from the dated roster snapshots. Stated: promotion and attrition % by "
                      "state. Either way, cells of the matrix can be overridden below.")
    row[6].number_input("COLA %", min_value=0.0, max_value=MAX_COLA_PCT, step=0.5, format="%g", key=KEY["cola_pct"],
                        help="General increase a year, for the cost line.")


def ensure_defaults(values: dict[str, Any], *, can_estimate: bool) -> None:
    """Seed the settings from the URL values the first time this session shows the page."""
    for name in ("by", "years", "runs", "seed", "recruit"):
        if KEY[name] not in st.session_state:
            st.session_state[KEY[name]] = values[name]
    st.session_state.setdefault(KEY["source"], "estimated" if can_estimate else "rates")
    if not can_estimate:
        st.session_state[KEY["source"]] = "rates"
    st.session_state.setdefault(KEY["cola_pct"], DEFAULT_COLA_PCT)


# -- editors ---------------------------------------------------------------------------------------

def rates_editor(states: Sequence[str], *, by: str) -> list[dict[str, Any]]:
    """Render the stated-rates editor (promotion and attrition % by state, and the state promoted to); return
    one rate row per state: state, promotion, attrition (fractions), next (a state, or None)."""
    seeded = _seeded("rates")
    names = {state_words(s, by=by): s for s in states}
    rows = []
    for index, state in enumerate(states):
        own = seeded.get(state)
        following = states[index + 1] if index + 1 < len(states) else None  # the next state up, by default
        promoted_to = own["next"] if own else following
        rows.append({
            "State": state_words(state, by=by),
            "Promotion %": round(own["promotion"] * 100, CELL_DECIMALS) if own else
            (DEFAULT_PROMOTION_PCT if following else 0.0),
            "Attrition %": round(own["attrition"] * 100, CELL_DECIMALS) if own else DEFAULT_ATTRITION_PCT,
            "Promoted to": state_words(promoted_to, by=by) if promoted_to else NO_PROMOTION,
        })
    edited = st.data_editor(
        pd.DataFrame(rows).set_index("State"), key=f"workforce.rates.{by}.{_generation()}", num_rows="fixed",
        column_config={
            "Promotion %": st.column_config.NumberColumn(min_value=0.0, max_value=100.0, step=0.1, format="%.1f",
                                                         required=True),
            "Attrition %": st.column_config.NumberColumn(min_value=0.0, max_value=100.0, step=0.1, format="%.1f",
                                                         required=True),
            "Promoted to": st.column_config.SelectboxColumn(options=[NO_PROMOTION, *names], required=True),
        })
    return [{"state": names[label], "promotion": _fraction(row["Promotion %"]),
             "attrition": _fraction(row["Attrition %"]), "next": names.get(row["Promoted to"])}
            for label, row in edited.iterrows()]


def recruitment_editor(start: pl.DataFrame, *, by: str, mode: str) -> dict[str, float]:
    """Render the hires-a-year (fixed) or target-headcount (target) editor by state; return state -> number, as
    `python -m analytics workforce --hires / --target` name them: the states hiring someone (fixed), or the targets
    other than the headcount now (a state not named keeps its own)."""
    counts = dict(start.select("state", "count").iter_rows())
    seeded = _seeded("hires" if mode == "fixed" else "targets")
    column = "Hires a year" if mode == "fixed" else "Target headcount"
    default = {s: 0.0 for s in counts} if mode == "fixed" else {s: float(c) for s, c in counts.items()}
    frame = pd.DataFrame({"State": [state_words(s, by=by) for s in counts],
                          "Headcount now": [float(c) for c in counts.values()],
                          column: [float(seeded.get(s, default[s])) for s in counts]}).set_index("State")
    edited = st.data_editor(frame, key=f"workforce.{mode}.{by}.{_generation()}", num_rows="fixed", column_config={
        "Headcount now": st.column_config.NumberColumn(disabled=True, format="%d"),
        column: st.column_config.NumberColumn(min_value=0.0, max_value=1_000_000.0, step=1.0, format="%g",
                                              required=True)})
    chosen = {s: round(float(v or 0), DIGITS) for s, v in zip(counts, edited[column].to_list(), strict=True)}
    unnamed = {s: 0.0 for s in counts} if mode == "fixed" else {s: float(c) for s, c in counts.items()}
    return {s: v for s, v in chosen.items() if v != unnamed[s]}


def _grid(percent: np.ndarray, states: Sequence[str], *, by: str) -> pd.DataFrame:
    return pd.DataFrame(percent, index=pd.Index([state_words(s, by=by) for s in states], name="From"),
                        columns=[state_words(t, by=by) for t in [*states, EXIT]])


def matrix_editor(base: pl.DataFrame, states: Sequence[str], *, by: str, source: str) -> list[dict[str, Any]]:
    """Render the matrix cells (% a year to 0.1, a row per state now) for editing; return the overrides: one
    {from, to, p} per cell whose value differs from the base matrix (estimated or stated) as shown, in row order.

    base: a complete matrix in state order (analytics.workforce.states.check_matrix), one row of cells per state.
    """
    columns = [*states, EXIT]
    # Percent to the editor's step (0.1): the editor cuts (not rounds) what it shows to its step's decimals.
    before = np.round(base["p"].to_numpy().reshape(len(states), len(columns)) * 100, CELL_DECIMALS)
    shown = before.copy()
    row, column = {s: i for i, s in enumerate(states)}, {t: j for j, t in enumerate(columns)}
    for (origin, target), p in _seeded("overrides").items():
        if origin in row and target in column:
            shown[row[origin], column[target]] = round(p * 100, CELL_DECIMALS)
    grid = _grid(shown, states, by=by)
    edited = st.data_editor(
        grid, key=f"workforce.cells.{by}.{source}.{_generation()}", num_rows="fixed",
        column_config={c: st.column_config.NumberColumn(min_value=0.0, max_value=100.0, step=0.1, format="%.1f")
                       for c in grid.columns})
    values = edited.to_numpy(dtype=float, na_value=np.nan)
    changed = ~np.isnan(values) & (values != before)
    return [{"from": states[i], "to": columns[j], "p": _fraction(values[i, j])} for i, j in zip(*np.nonzero(changed),
                                                                                              strict=True)]


def chosen() -> dict[str, Any]:
    """Return the settings the widgets hold: by, years, runs, seed, recruit, source, cola_pct."""
    state = st.session_state
    return {"by": state[KEY["by"]], "years": int(state[KEY["years"]]), "runs": int(state[KEY["runs"]]),
            "seed": int(state[KEY["seed"]]), "recruit": state[KEY["recruit"]], "source": state[KEY["source"]],
            "cola_pct": round(float(state[KEY["cola_pct"]]), DIGITS)}
