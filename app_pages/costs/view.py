"""The result sections of the Staffing costs page: fiscal years, breakdowns, bridges, comparison, exports, rosters.

Each `show_*` renders one section of a scenario's report (cost_report.scenario_results JSON). A
report is identified by its `view_key` (the saved or computed scenario id, which includes the data
version), so its figures are built once per key and option and reused on every rerun.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import plotly.graph_objects as go
import polars as pl
import streamlit as st

from analytics.costs import tables as cost_tables
from analytics.costs.report import baseline_scenario
from analytics.costs.scenarios import Scenario, ScenarioError, check_same_scope
from analytics.exports import csv_bytes, excel_bytes
from app_pages.costs import figures as figs
from app_pages.costs import loaders as cost_loaders
from app_pages.costs.exports import export_frames, scenario_words
from app_pages.shared import theme
from app_pages.shared import url_state as us
from app_pages.shared.downloads import chart_downloads
from app_pages.shared.plain import plain
from app_pages.shared.print_report import report_button
from app_pages.shared.problems import show_problem_report

CHART_CONFIG = {"displaylogo": False, "modeBarButtonsToRemove": ["select2d", "lasso2d"],
                "toImageButtonOptions": {"format": "png", "scale": 2}}
DOLLARS = "$%,.0f"
METRICS_PER_ROW = 5
ALL_YEARS = 0  # the fiscal-year choice meaning every year (None would show as "no choice")
MAX_COMPARE = 5
CSV_SHEETS = ("Fiscal years", "Monthly", "By unit", "By grade")
ROSTER_MESSAGE = "costs.roster_message"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ROSTER_WARNINGS = "costs.roster_warnings"


@st.cache_resource(max_entries=64, show_spinner=False)
def _figure(kind: str, view_key: str, option: Any, _build: Callable[[], go.Figure]) -> go.Figure:
    # Figures are read-only once built (st.plotly_chart and kaleido copy them), so one object per
    # report and option serves every session: building a Plotly figure costs more than the rest of a rerun.
    return _build()


def _chart(where: Any, fig: go.Figure, *, key: str, stem: str) -> None:
    """A chart and, under it, its PNG, SVG and HTML downloads."""
    with where:
        st.plotly_chart(fig, config=CHART_CONFIG, key=f"costs.{key}_chart")
        chart_downloads(fig, stem=f"{stem}-{key.replace('_', '-')}", key=f"costs.dl.{key}")


def show_fiscal_years(totals: pl.DataFrame, months: pl.DataFrame, *, view_key: str, stem: str) -> go.Figure:
    """The fiscal-year totals (a metric each, change on the year before), the monthly chart and the table;
    return the monthly figure."""
    year_rows = list(totals.iter_rows(named=True))
    per_row = min(len(year_rows), METRICS_PER_ROW)
    for start in range(0, len(year_rows), per_row):
        chunk = year_rows[start:start + per_row]
        for column, year in zip(st.columns(per_row)[:len(chunk)], chunk, strict=True):
            change = year["change"]
            delta = None if change is None else f"{theme.money_short(change, signed=True)} ({year['change_pct']:+.1%})"
            partial = "" if year["n_months"] == 12 else f" ({year['n_months']} months)"
            column.metric(f"{year['label']}{partial}", theme.money_short(year["cost"], digits=2), delta,
                          delta_color="off", border=True,
                          help=f"{theme.money(year['cost'], cents=True)}: salary with steps and COLA, times FTE, plus "
                               "fringe, over the fiscal year.")
    monthly = _figure("monthly", view_key, None, lambda: figs.monthly_figure(months))
    left, right = st.columns([3, 2])
    _chart(left, monthly, key="monthly", stem=stem)
    right.table(figs.fiscal_year_table(totals).to_arrow(), hide_index=True)
    return monthly


def show_breakdowns(tables: dict[str, pl.DataFrame], years: list[int], *, view_key: str, key: str,
                    stem: str) -> tuple[int, dict[str, go.Figure]]:
    """Cost by unit and by grade as bars for one fiscal year or all, then the tables by fiscal year (unit, grade,
    title); return the fiscal year chosen (ALL_YEARS: all) and the two figures. `tables` are
    cost_loaders.report_tables."""
    st.subheader("By unit and grade", anchor=False)
    if st.session_state[key] not in (ALL_YEARS, *years):
        us.show_notices([f"FY{st.session_state[key]} is not a fiscal year of this scenario; showing all years."])
        st.session_state[key] = ALL_YEARS
    fiscal_year = st.selectbox("Fiscal year", [ALL_YEARS, *years], key=key, width=220,
                               format_func=lambda y: "All fiscal years" if y == ALL_YEARS else f"FY{y}")
    charts = {}
    for column, dim in zip(st.columns(2), ("unit", "grade"), strict=True):
        charts[dim] = _figure(f"by_{dim}", view_key, fiscal_year, lambda dim=dim: figs.breakdown_figure(
            tables[dim], dim=dim, fiscal_year=fiscal_year or None, words=dim))
        _chart(column, charts[dim], key=dim, stem=stem)
    for tab, dim in zip(st.tabs(["Table by unit", "Table by grade", "Table by title"]), ("unit", "grade", "title"),
                        strict=True):
        _money_table(tab, tables[f"{dim}_by_year"], dim.capitalize())
    return fiscal_year, charts


def _money_table(where: Any, frame: pl.DataFrame, first: str) -> None:
    """A table whose first column is a name and every other an amount in dollars."""
    shown = figs.dollars_table(frame)
    where.dataframe(shown.to_arrow(), hide_index=True, placeholder="—", column_config={shown.columns[0]: first, **{
        c: st.column_config.NumberColumn(c.capitalize() if c == "total" else c, format=DOLLARS)
        for c in shown.columns[1:]}})


def bridge_choices(years: list[int], saved: dict[str, str], *, shown_id: str | None) -> dict[str, str]:
    """Return what a bridge may run between, value -> words: each fiscal year of the scenario shown, the roster as
    is and the scenario over the whole window, and every other saved scenario over its window."""
    choices = {f"FY{y}": f"FY{y} of this scenario" for y in years}
    choices |= {"baseline": "Roster as is (whole window)", "scenario": "This scenario (whole window)"}
    return choices | {i: f"Saved: {name or 'Unnamed'} · {i[:8]} (whole window)" for i, name in saved.items()
                      if i != shown_id}


def _bridge_end(value: str, scenario: Scenario) -> tuple[Scenario, int | None]:
    """Return the (scenario, fiscal year or None) a bridge choice names."""
    if value.startswith("FY"):
        return scenario, int(value[2:])
    if value == "baseline":
        return baseline_scenario(scenario), None
    if value == "scenario":
        return scenario, None
    other = cost_loaders.saved(value)
    if other is None:
        raise ScenarioError(f"no saved scenario has the id {value}")
    return other.scenario, None


def show_bridges(results: dict[str, Any], years: list[int], *, view_key: str, scenario: Scenario,
                 data: cost_loaders.CostData, shown_id: str | None, shown_version: str,
                 keys: tuple[str, str], stem: str) -> tuple[dict[str, go.Figure], dict[str, str], pl.DataFrame | None]:
    """The bridge between any two ends the analyst chooses (base first: fiscal years, the roster as is, the scenario,
    saved scenarios) and the roster as is -> this scenario; return the figures, the view's from/to values and the
    chosen bridge as a table (figures.bridge_table; None when there is none)."""
    st.subheader("Why the cost changes", anchor=False)
    listed = cost_loaders.saved_list()
    choices = bridge_choices(years, dict(zip(listed["scenario_id"], listed["name"], strict=True)), shown_id=shown_id)
    defaults = (f"FY{years[0]}", f"FY{years[-1]}")
    for key, default in zip(keys, defaults, strict=True):
        if st.session_state[key] not in choices:
            if st.session_state[key]:
                us.show_notices([f"The bridge end `{st.session_state[key][:40]}` is not one of this scenario's; "
                                 f"showing {default}."])
            st.session_state[key] = default
    row = st.columns([3, 3, 2])
    base = row[0].selectbox("From (the base)", list(choices), key=keys[0], format_func=choices.get)
    target = row[1].selectbox("To", list(choices), key=keys[1], format_func=choices.get)
    ends = {"from": "" if base == defaults[0] else base, "to": "" if target == defaults[1] else target}
    title = f"{choices[base]} → {choices[target]}".replace(" of this scenario", "")
    shown: dict[str, go.Figure] = {}
    table = None
    if (base, target) == defaults:
        chosen: dict[str, Any] | None = results["bridges"]["years"]
    elif (base, target) == ("baseline", "scenario"):
        chosen = results["bridges"]["baseline"]
    else:
        try:
            (base_scenario, base_year), (target_scenario, target_year) = (_bridge_end(v, scenario)
                                                                          for v in (base, target))
            check_same_scope(base_scenario, target_scenario)
            chosen = cost_loaders.bridge((base_scenario, base_year), (target_scenario, target_year), data)
        except ScenarioError as exc:
            st.info(f"No bridge: {plain(str(exc))}.", icon=":material/info:")
            chosen = None
        else:
            if shown_version != data.data_version:
                row[2].caption(f"Computed on the data loaded now (`{data.data_version}`), not the saved scenario's "
                               f"(`{shown_version}`): its ends may differ from the saved totals.")
    if chosen is not None:
        steps = cost_tables.bridge_steps({"bridges": {"chosen": chosen}}, kind="chosen",
                                         labels=figs.BRIDGE_WORDS | {"base": choices[base], "target": choices[target]})
        shown["chosen"] = _figure("bridge_chosen", view_key, (base, target, data.data_version),
                                  lambda: figs.bridge_figure(steps, title=title))
        _chart(st.container(), shown["chosen"], key="bridge_chosen", stem=stem)
        table = figs.bridge_table(steps)
        with st.expander("The bridge as a table", icon=":material/table:"):
            st.table(table.to_arrow(), hide_index=True)
    shown["baseline"] = _figure("bridge_baseline", view_key, None, lambda: figs.bridge_figure(
        cost_tables.bridge_steps(results, kind="baseline",
                                 labels=figs.BRIDGE_WORDS | {"base": "Roster as is", "target": "Scenario"}),
        title="Roster as is → this scenario, whole window"))
    _chart(st.container(), shown["baseline"], key="bridge_baseline", stem=stem)
    st.caption("Each bar is what one driver adds, switched on in turn in this order: COLA, step increases, positions "
               "added or cut, promotions, vacancies (fills, freezes, vacancy factor), turnover and fringe; the bars "
               "add up exactly to the change, in either direction. Drivers that change nothing are left out. The "
               "value axis starts near the lowest level, not at zero. \"Roster as is\" is the roster over the same "
               "months with no COLA and no changes. Two scenarios are bridged over their whole windows, on the data "
               "loaded now.")
    return shown, ends, table


def _saved_label(saved_id: str, names: dict[str, str]) -> str:
    name = names.get(saved_id)
    if name is None:
        found = cost_loaders.saved(saved_id)
        name = found.name if found else ""
    return f"{name or 'Unnamed'} · {saved_id[:8]}"


def show_comparison(scenario: Scenario, totals: pl.DataFrame, *, shown_id: str | None, shown_version: str,
                    view_key: str, key: str, stem: str) -> tuple[list[str], go.Figure | None, pl.DataFrame | None]:
    """Saved scenarios beside the shown one: fiscal-year costs and differences (saved results, never redone);
    return the ids compared, the chart and the table (None without a comparison)."""
    st.subheader("Compare scenarios", anchor=False)
    listed = cost_loaders.saved_list()
    names = dict(zip(listed["scenario_id"], listed["name"], strict=True))
    st.session_state[key] = [i for i in st.session_state[key] if i != shown_id]
    choices = [i for i in dict.fromkeys([*st.session_state[key], *names]) if i != shown_id]
    compare = st.multiselect("Saved scenarios to set beside this one", choices, key=key, max_selections=MAX_COMPARE,
                             format_func=lambda i: _saved_label(i, names),
                             placeholder="Choose saved scenarios…" if choices else "No other scenario is saved yet")
    if not compare:
        return compare, None, None
    shown_label = f"{scenario.name or 'Unnamed'} (shown)"
    others = [(_saved_label(i, names), cost_loaders.saved(i)) for i in compare]
    compared = cost_tables.scenario_comparison([(shown_label, totals)] + [
        (label, cost_tables.fiscal_year_totals(other.results, fy_start_month=other.scenario.fy_start_month))
        for label, other in others])
    labels = [shown_label, *(label for label, _ in others)]
    chart = _figure("compare", view_key, (shown_label, *compare), lambda: figs.comparison_figure(compared, labels))
    _chart(st.container(), chart, key="compare", stem=stem)
    table = figs.comparison_table(compared, labels)
    st.table(table.to_arrow(), hide_index=True)
    versions = {other.data_version for _, other in others} - {shown_version}
    st.caption("Saved scenarios show their saved results." + (
        f" Some were computed on other data ({', '.join(f'`{v}`' for v in sorted(versions))})." if versions else ""))
    return compare, chart, table


def show_exports(results: dict[str, Any], scenario: Scenario, *, shown_id: str | None, data_version: str,
                 stem: str, report: Callable[[], bytes]) -> None:
    """Download buttons: CSV tables and one Excel workbook of the report, and the printable report of the view;
    each file is made when it is clicked (the charts' own downloads are under each chart)."""
    st.subheader("Export", anchor=False)
    frames: dict[str, pl.DataFrame] = {}

    def tables() -> dict[str, pl.DataFrame]:
        if not frames:  # built on the first download only: a rerun that exports nothing builds nothing
            frames.update(export_frames(results, scenario, scenario_id=shown_id, data_version=data_version))
        return frames

    with st.container(horizontal=True):
        for sheet in CSV_SHEETS:
            st.download_button(f"{sheet} (CSV)", lambda sheet=sheet: csv_bytes(tables()[sheet]), on_click="ignore",
                               file_name=f"{stem}-{sheet.lower().replace(' ', '-')}.csv", mime="text/csv",
                               icon=":material/download:", key=f"costs.csv.{sheet}")
        st.download_button("All tables (Excel)", lambda: excel_bytes(tables()), on_click="ignore", mime=XLSX,
                           file_name=f"{stem}.xlsx", icon=":material/table:", key="costs.excel")
        report_button("Printable report (HTML)", report, stem=f"{stem}-report", key="costs.report")
    st.caption("Text cells starting with =, +, - or @ are written with a leading ' so a spreadsheet never runs them. "
               "The printable report holds this view (its link, data version, inputs, charts and tables) laid out "
               "for A4 or Letter: open it and print, or save as PDF.")


def report_inputs(scenario: Scenario, *, shown_id: str | None, data: cost_loaders.CostData) -> list[tuple[str, str]]:
    """The inputs a printed report lists, in words."""
    return [("Scenario", scenario.name or "Unnamed scenario"),
            ("Scenario id", shown_id or "not saved: a what-if, computed on the data loaded when its link is opened"),
            ("Inputs", scenario_words(scenario)),
            ("Roster", f"{data.file_name} ({data.n_positions:,} positions)")]


def money_frame(frame: pl.DataFrame) -> pl.DataFrame:
    """Return a report frame with every Decimal column as money text ("$1,234", "−$5")."""
    return frame.with_columns(pl.col(c).map_elements(theme.money, return_dtype=pl.String)
                              for c, dtype in frame.schema.items() if dtype == pl.Decimal)


def roster_section(*, expanded: bool) -> None:
    """The roster upload: validated whole (every problem listed with its row), loaded all or nothing."""
    with st.expander("Load a roster", expanded=expanded, icon=":material/upload_file:"):
        kind, message = st.session_state.pop(ROSTER_MESSAGE, (None, None))
        if kind:
            getattr(st, kind)(message)
        warnings = st.session_state.pop(ROSTER_WARNINGS, None)
        if warnings is not None and warnings.height:
            st.warning(f"{warnings.height:,} salary warning(s): a stated salary more than 1% off its step's amount; "
                       "accepted and costed from the stated salaries.")
            show_problem_report(warnings)
        st.caption("A CSV, Excel or Parquet file with one row per position: position_id, title or class_code, grade, "
                   "step, annual_salary, hire_date, title_date, fte, unit, is_vacant, fill_date (optional: education, "
                   "schedule_id). The newest roster loaded is the one costed.")
        upload = st.file_uploader("Roster file", type=["csv", "xlsx", "parquet"], key="costs.roster_file")
        if upload is None or not st.button("Validate and load", key="costs.load_roster", icon=":material/check:"):
            return
        try:
            loaded = cost_loaders.load_roster_upload(upload.name, upload.getvalue())
        except ValueError as refused:  # a role the upload needs (NotAllowed), a busy database
            st.error(plain(str(refused)))
            return
        if loaded.roster_id is None:
            st.error(f"{plain(upload.name)} was refused with {loaded.report.height:,} problem(s); nothing of it was "
                     "loaded.")
            show_problem_report(loaded.report)
            return
        text = (f"{plain(upload.name)}: loaded {loaded.n_positions:,} positions; scenarios are now computed on it."
                if loaded.is_new else f"{plain(upload.name)} is already loaded (same content): nothing changed.")
        st.session_state[ROSTER_MESSAGE] = ("success" if loaded.is_new else "info", text)
        st.session_state[ROSTER_WARNINGS] = loaded.warnings
        st.rerun()
