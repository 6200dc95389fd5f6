"""The result sections of the Workforce projection page: headline, stocks with bands, flows, matrix, years, cost.

Each `show_*` renders one section of a projection's results (app_pages.workforce.loaders.results), each chart and
table with its downloads, and returns what the printable report prints of it. A projection is identified by its
`view_key` (its id, which includes the data version), so its figures are built once per key and reused on every
rerun.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import plotly.graph_objects as go
import polars as pl
import streamlit as st

from app_pages.shared import url_state as us
from app_pages.shared.downloads import chart_downloads, table_downloads
from app_pages.shared.plain import plain
from app_pages.shared.theme import money, money_short
from app_pages.workforce import figures as figs
from app_pages.workforce import inputs as wi
from app_pages.workforce import loaders as wf_loaders
from app_pages.workforce.loaders import MIN_OBSERVATIONS

CHART_CONFIG = {"displaylogo": False, "modeBarButtonsToRemove": ["select2d", "lasso2d"],
                "toImageButtonOptions": {"format": "png", "scale": 2}}
Frames = dict[str, pl.DataFrame | None]
Printed = list[tuple[str, go.Figure | pl.DataFrame]]  # (name, chart or table) in the page's order, for the report


@st.cache_resource(max_entries=128, show_spinner=False)
def _built(kind: str, view_key: str, _build: Callable[[], Any]) -> Any:
    # Figures and display tables are read-only once built (st.plotly_chart and st.table copy them), so one
    # object per projection and kind serves every session and rerun: building them costs more than the rest.
    return _build()


def tables_of(view_key: str, results: dict[str, Any]) -> Frames:
    """Return the frames of a projection's results (loaders.frames), made once per view key."""
    return _built("frames", view_key, lambda: wf_loaders.frames(results))


def stop(message: str, problems: Sequence[str], *, view: dict[str, Any]) -> None:
    """Show why nothing can be shown (each problem as plain text), keep the link canonical and stop."""
    st.error("\n".join([message, *(f"- {plain(p)}" for p in problems)]))
    us.write_view(view)
    st.stop()


def show_headline(results: dict[str, Any], tables: Frames, *, by: str) -> None:
    """Headcount now and at the end (with its band), hires and exits over the years, and the last year's cost."""
    first, years = results["first_year"], max(tables["stocks"]["year"])
    now = tables["stocks"].filter(pl.col("year") == 0)["mean"].sum()
    end = tables["stocks"].filter(pl.col("year") == years)["mean"].sum()
    flows = tables["flows"].group_by("kind").agg(pl.col("count").sum())
    flow = dict(flows.iter_rows())
    columns = st.columns(5)
    columns[0].metric(f"Headcount {first} (roster)", f"{now:,.0f}", border=True)
    change = round(end - now, 1) or 0.0  # never "-0.0"
    columns[1].metric(f"Expected {first + years}", f"{end:,.1f}", f"{change:+,.1f}", delta_color="off",
                      delta_arrow="off", delta_description=f"on {first}", border=True,
                      help="The expected value of the stock-and-flow model, all states together.")
    columns[2].metric(f"Hires {first + 1}–{first + years}", f"{flow.get('hires', 0):,.0f}", border=True)
    columns[3].metric(f"Exits {first + 1}–{first + years}", f"{flow.get('exits', 0):,.0f}", border=True)
    cost = tables["cost"]
    if cost is not None:
        last = cost.filter(pl.col("year") == cost["year"].max())
        columns[4].metric(f"Salary cost {last['year'][0]}", money_short(last["cost"].sum(), digits=2), border=True,
                          help=f"{money(last['cost'].sum())}: expected headcount by state times its average rate.")


def _chart(chart: go.Figure, *, kind: str, view_key: str) -> None:
    st.plotly_chart(chart, config=CHART_CONFIG, key=f"workforce.{kind}_chart")
    chart_downloads(chart, stem=f"workforce-{view_key}-{kind}", key=f"workforce.{kind}_chart.download")


def show_stocks(results: dict[str, Any], tables: Frames, *, by: str, view_key: str) -> Printed:
    """The headcount of each state by year with its 90% band, and the same as a table."""
    states, first = results["states"], results["first_year"]
    chart = _built("stocks", view_key, lambda: figs.stock_figure(tables["stocks"], states, by=by, first_year=first))
    _chart(chart, kind="stock", view_key=view_key)
    with st.expander("Headcount by state and year (expected, and the 5th–95th percentile of the runs)",
                     icon=":material/table:"):
        table = _built("stock_table", view_key, lambda: figs.stock_table(tables["stocks"], states, by=by,
                                                                       first_year=first))
        st.table(table.to_arrow(), hide_index=True)
        table_downloads({"Headcount by year": table}, stem=f"workforce-{view_key}-headcount",
                        key="workforce.stock_table")
    return [("Headcount by year", chart), ("Headcount by state and year: expected (5th–95th percentile)", table)]


def show_flows(results: dict[str, Any], tables: Frames, *, view_key: str) -> Printed:
    """Hires, promotions and exits by year."""
    chart = _built("flows", view_key, lambda: figs.flows_figure(tables["flows"], first_year=results["first_year"]))
    _chart(chart, kind="flow", view_key=view_key)
    return [("Flows by year", chart)]


def show_matrix(results: dict[str, Any], tables: Frames, inputs: dict[str, Any], *, by: str,
                view_key: str) -> Printed:
    """The matrix used as a heat map, where it comes from in words, and the estimate's counts and intervals."""
    estimated = tables["estimated"]
    few = frozenset() if estimated is None else frozenset(
        (f, t) for f, t in estimated.filter(pl.col("too_few")).select("from", "to").iter_rows())
    edited = frozenset((c["from"], c["to"]) for c in inputs.get("overrides", []))
    source = ("stated as promotion and attrition rates by state" if inputs["matrix_source"] == "rates"
              else f"estimated from {results['n_snapshots']} dated roster snapshots")
    overridden = f", then {len(edited)} cell(s) overridden" if edited else ""
    st.caption(f"A row per state now, a column per state a year later (\"Leaves\" is exit); each row sums to 100%. "
               f"Rates {source}{overridden}.")
    chart = _built("matrix", view_key, lambda: figs.matrix_figure(tables["matrix"], results["states"], by=by,
                                                                    few=few, edited=edited))
    _chart(chart, kind="matrix", view_key=view_key)
    printed: Printed = [("Transition matrix: a row per state now, a column per state a year later", chart)]
    if estimated is None:
        return printed
    thin = estimated.filter(pl.col("too_few")).select("from").unique()["from"].to_list()
    if thin:
        names = ", ".join(plain(figs.state_words(s, by=by)) for s in sorted(thin))
        st.warning(f"Too few observations: the rates out of {names} rest on fewer than {MIN_OBSERVATIONS} people "
                   "followed from one snapshot to the next, so they are uncertain (see their intervals). Consider "
                   "overriding them.", icon=":material/warning:")
    with st.expander("Estimated cells: moves seen, out of how many, rate and 95% interval", icon=":material/table:"):
        table = _built("estimate_table", view_key, lambda: figs.estimate_table(estimated, by=by,
                                                                             min_observations=MIN_OBSERVATIONS))
        st.dataframe(table, hide_index=True,
                     column_config={c: st.column_config.NumberColumn(format="percent")
                                    for c in ("Rate", "Low (95%)", "High (95%)")})
        table_downloads({"Estimated cells": table}, stem=f"workforce-{view_key}-estimated-cells",
                        key="workforce.estimate_table")
    return printed


def show_expected_years(tables: Frames, *, by: str, states: list[str], view_key: str) -> Printed:
    """Expected years in each state and to exit (fundamental matrix), with the steady-state structure if any."""
    st.subheader("Expected years in grade", anchor=False)
    table = _built("years_table", view_key, lambda: figs.expected_years_table(
        tables["expected"], tables["steady"], tables["start"], states, by=by))
    st.dataframe(table, hide_index=True, column_config={
        "Headcount now": st.column_config.NumberColumn(format="%d"),
        "Years in the state": st.column_config.NumberColumn(format="%.1f",
                                                            help="Expected years a person in the state spends in it."),
        "Years to exit": st.column_config.NumberColumn(format="%.1f",
                                                       help="Expected years until a person in the state leaves."),
        "Steady-state share": st.column_config.NumberColumn(format="percent",
                                                            help="The share of the workforce in each state in the "
                                                                 "long run, if the rates and recruitment hold."),
    })
    table_downloads({"Expected years": table}, stem=f"workforce-{view_key}-expected-years",
                    key="workforce.years_table")
    if tables["steady"] is None:
        st.caption("No single steady-state structure: with these rates and this recruitment the long-run shares depend "
                   "on where the workforce starts, or it never settles (it grows or empties).")
    share = "Steady-state share"
    shown = table.with_columns(pl.format("{}%", (pl.col(share) * 100).round(1))) if share in table.columns else table
    return [("Expected years in grade", shown.with_columns(pl.selectors.float().round(1)))]


def show_cost(results: dict[str, Any], tables: Frames, *, by: str, view_key: str,
              colas: list[dict[str, Any]]) -> Printed:
    """The projected salary cost by year (expected headcount times average rate by state, with COLA)."""
    st.subheader("Cost", anchor=False)
    cost = tables["cost"]
    if cost is None:
        problems = results.get("cost_problems") or ["no pay rate covers these states"]
        st.info("No cost line: " + "; ".join(plain(p) for p in problems))
        return []
    left, right = st.columns([3, 2])
    chart = _built("cost", view_key, lambda: figs.cost_figure(cost))
    with left:
        _chart(chart, kind="cost", view_key=view_key)
    table = _built("cost_table", view_key, lambda: figs.cost_table(cost, by=by))
    right.table(table.to_arrow(), hide_index=True)
    with right:
        table_downloads({"Cost by year": table}, stem=f"workforce-{view_key}-cost", key="workforce.cost_table")
    raised = (f"raised {colas[0]['pct']:g}% each January from {colas[0]['effective'][:4]} (COLA)" if colas
              else "with no COLA")
    right.caption(f"Average rate of each state from the roster's positions priced with the pay tables, {raised}. "
                  "Salary only, no fringe; see Staffing costs for scenarios.")
    unpriced = sorted(set(cost.filter(pl.col("average_rate").is_null())["state"].to_list()))
    if unpriced:
        st.info("No pay table pays " + ", ".join(plain(figs.state_words(s, by=by)) for s in unpriced)
                + ": left out of the cost line.")
    return [("Projected salary cost by year", chart), ("Cost by year", table)]


def report_inputs(inputs: dict[str, Any]) -> list[tuple[str, str]]:
    """A projection's inputs (loaders.inputs_of) in words, as the printable report lists them."""
    by, recruitment = inputs["by"], inputs["recruitment"]
    matrix = ("stated promotion and attrition rates" if inputs["matrix_source"] == "rates"
              else "estimated from the dated roster snapshots")
    edited = len(inputs.get("overrides") or [])
    colas = inputs.get("cola") or []
    rows = [("States are", wi.BY[by]), ("Years projected", f"{int(inputs['years'])}"),
            ("Simulated runs", f"{int(inputs['runs']):,}"), ("Seed", f"{int(inputs['seed'])}"),
            ("Recruitment", wi.RECRUIT.get(recruitment["mode"], recruitment["mode"])),
            ("Transition matrix", matrix + (f", {edited} cell(s) overridden" if edited else "")),
            ("COLA", f"{colas[0]['pct']:g}% each January from {colas[0]['effective'][:4]}" if colas else "none")]
    for name, words in (("hires", "Hires a year"), ("targets", "Target headcount")):
        if recruitment.get(name):
            rows.append((words, ", ".join(f"{figs.state_words(s, by=by)}: {n:g}"
                                          for s, n in recruitment[name].items())))
    return rows
