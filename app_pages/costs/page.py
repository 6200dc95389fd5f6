"""Staffing costs (/costs): a roster's cost by fiscal year under a scenario, why it changes, scenarios compared.

URL: ?scenario=<saved scenario id>&compare=<saved scenario ids, comma-separated>&fy=<fiscal year of the
breakdowns; default: all years>&from=<bridge base>&to=<bridge target> (FY2027, baseline, scenario or a saved
id). A saved scenario's link shows the inputs and the results it was saved with (never recomputed), also
after new data is loaded. An unsaved what-if is in the URL too, every input of it (app_pages/costs/link.py),
so its link reproduces it before anyone saves. The fiscal-year totals are those `python -m analytics costs`
prints for the same roster file and scenario JSON, under the same id.
"""

from __future__ import annotations

import datetime as dt
import re
from urllib.parse import urlencode

import streamlit as st

from analytics.costs.scenarios import Scenario, ScenarioError, parse_scenario
from app_pages.costs import builder, form
from app_pages.costs import figures as figs
from app_pages.costs import link as what_if
from app_pages.costs import loaders as cost_loaders
from app_pages.costs import view as cost_view
from app_pages.costs.exports import scenario_words
from app_pages.shared import url_state as us
from app_pages.shared.plain import code, plain
from app_pages.shared.print_report import report_html

SCENARIO_ID = re.compile(r"[0-9a-f]{16}")
URL_PATH = next(p.url_path for p in us.PAGES if p.script == "app_pages/costs/page.py")
LOADED = "costs.loaded"  # the saved scenario the builder was last seeded from
LOADED_LINK = "costs.loaded_link"  # the what-if link the builder was last seeded from or wrote
SAVE_PROBLEM = "costs.save_problem"
KEY = {"fy": "costs.fy", "compare": "costs.compare", "from": "costs.bridge_from", "to": "costs.bridge_to"}

st.title("Staffing costs")
st.caption("What does a unit cost by fiscal year, and why does the cost change? Build a scenario on the loaded "
           "roster (COLA, fringe, vacancies, attrition, positions added or cut, promotions), save it and share its "
           "link: the link shows the same numbers, also after new data is loaded.")

data = cost_loaders.cost_data()
if data is None or cost_loaders.n_pay_rows() == 0:
    if cost_loaders.n_pay_rows() == 0:
        st.info("No pay schedules are loaded, so no position can be priced. Build the demo database with "
                "`python -m analytics.ingest demo` (it loads the bundled pay schedules and roster).")
    if data is None:
        st.info("No roster is loaded yet. Load one below, or cost a roster file directly with "
                "`python -m analytics costs --roster FILE --scenario FILE`.")
    cost_view.roster_section(expanded=True)
    st.stop()
options = cost_loaders.builder_options(data.roster_id)


def parse_saved_id(raw: str) -> str:
    """Return the id of a saved scenario a URL names; ValueError says why it is not one."""
    value = raw.strip().lower()
    if not SCENARIO_ID.fullmatch(value):
        raise ValueError("not a scenario id (16 hex digits)")
    try:
        found = cost_loaders.saved(value)
    except ScenarioError as exc:
        raise ValueError(f"the saved scenario cannot be read: {exc}") from None
    if found is None:
        raise ValueError("no saved scenario has this id")
    return value


SPEC: us.Spec = {
    "scenario": ("", parse_saved_id),
    "compare": ((), us.list_of(parse_saved_id, max_items=cost_view.MAX_COMPARE)),
    "fy": (cost_view.ALL_YEARS, us.integer(1900, 2200)),
    "from": ("", us.text(40)),
    "to": ("", us.text(40)),
    # A what-if's inputs, read as text and checked together (link.link_scenario, then the scenario schema).
    **{param: ("", us.text(what_if.MAX_CHARS.get(param, what_if.MAX_OTHER))) for param in what_if.PARAMS},
}


def _seed_from_link(link_values: dict[str, str], defaults: Scenario) -> list[str]:
    """Seed the builder with a what-if link's scenario (the defaults if it cannot be read); return the notices."""
    raw, problems = what_if.link_scenario(link_values)
    linked = None
    if not problems:
        try:
            linked = parse_scenario(raw)
        except ScenarioError as exc:
            problems = [f"The link's scenario: {p}" for p in exc.problems]
    builder.seed(linked or defaults)
    st.session_state[LOADED_LINK] = link_values
    st.session_state[LOADED] = None
    return [*problems, "The link's what-if cannot be read; the builder shows the defaults."] if problems else []


values, notices = us.read_view(SPEC, show=False)
saved = cost_loaders.saved(values["scenario"]) if values["scenario"] else None
defaults = builder.default_scenario(dt.date.today())
link_values = {param: values[param] for param in what_if.PARAMS if values[param]}
if saved is not None and st.session_state.get(LOADED) != saved.scenario_id:
    builder.seed(saved.scenario)
    st.session_state[LOADED] = saved.scenario_id
elif saved is None and any("`scenario`" in notice for notice in notices):
    builder.seed(defaults)  # a refused link starts from the defaults, not from what this session held
    st.session_state[LOADED] = None
elif saved is None and what_if.is_what_if(link_values) and st.session_state.get(LOADED_LINK) != link_values:
    notices += _seed_from_link(link_values, defaults)  # a what-if link opened (not the one this page wrote)
else:
    builder.ensure_seeded(defaults)
us.show_notices(notices)
us.init_widget(KEY["fy"], values["fy"])
us.init_widget(KEY["compare"], list(values["compare"]))
us.init_widget(KEY["from"], values["from"])
us.init_widget(KEY["to"], values["to"])


def _show_builder_scenario() -> None:
    """The form was submitted: show the builder's scenario computed on the current data, not a saved one."""
    st.session_state[LOADED] = None
    if "scenario" in st.query_params:
        del st.query_params["scenario"]


def _save_and_share(scenario: Scenario) -> None:
    """Save the scenario with its results on the current data and open its link (the page then shows it)."""
    try:
        saved_id = cost_loaders.save(scenario, data)
    except ValueError as exc:
        st.session_state[SAVE_PROBLEM] = str(exc)
        return
    st.session_state[LOADED] = saved_id
    st.query_params["scenario"] = saved_id


def _stop(message: str, problems: tuple[str, ...] | list[str] = ()) -> None:
    st.error("\n".join([message, *(f"- {plain(p)}" for p in problems)]))
    us.write_view({"compare": tuple(st.session_state[KEY["compare"]]), "fy": st.session_state[KEY["fy"]],
                   **link_values})
    st.stop()


form.scope_widgets(options, on_change=_show_builder_scenario)
inputs_label = f"Scenario inputs: {plain(st.session_state[builder.KEY['name']] or 'unnamed')}"
with st.expander(inputs_label, expanded=saved is None, icon=":material/tune:"):
    rows, cola_rows = form.builder_form(options, on_submit=_show_builder_scenario)

if saved is not None:
    scenario, results, version, view_key = saved.scenario, saved.results, saved.data_version, saved.scenario_id
else:
    raw, row_problems = builder.scenario_json(rows, cola_rows)
    if row_problems:
        _stop("Some changes are incomplete; complete or delete them and press Compute:", row_problems)
    try:
        scenario = parse_scenario(raw)
    except ScenarioError as exc:
        _stop("The scenario cannot be computed:", exc.problems)
    computed = cost_loaders.report(scenario, data)
    if computed.results is None:
        _stop("The scenario cannot be computed on the loaded roster and pay tables:", computed.problems)
    results, version, view_key = computed.results, data.data_version, computed.scenario_id
shown_id = saved.scenario_id if saved else None

st.header(plain(scenario.name or "Unnamed scenario"), anchor=False)
st.caption(plain(scenario_words(scenario)))
if saved is None:
    with st.container(horizontal=True, vertical_alignment="center"):
        st.button("Save & share", type="primary", icon=":material/share:", key="costs.save",
                  on_click=_save_and_share, args=(scenario,))
        st.caption(f"Computed on the loaded roster {code(data.file_name)} ({data.n_positions:,} positions) and pay "
                   f"rates (roster-and-pay version `{data.data_version}`). Saving keeps these inputs and results "
                   "under one id; its link opens them exactly, also after new data is loaded.")
elif saved.data_version != data.data_version:
    st.warning(f"This scenario was computed on roster-and-pay version `{saved.data_version}`; newer data "
               f"(`{data.data_version}`: roster `{data.file_name}` and the loaded pay rates) is loaded. "
               "The numbers below are the saved ones.", icon=":material/update:")
    st.button("Recompute on the current data as a new scenario", icon=":material/refresh:", key="costs.recompute",
              on_click=_save_and_share, args=(saved.scenario,))
if problem := st.session_state.pop(SAVE_PROBLEM, None):
    st.error(f"The scenario was not saved: {plain(problem)}")
link_slot = st.empty()  # the link names the view, known once its widgets are drawn

tables = cost_loaders.report_tables(view_key, results, fy_start_month=scenario.fy_start_month)
totals = tables["totals"]
years = totals["fiscal_year"].to_list()
stem = f"costs-{shown_id or 'what-if'}"
monthly = cost_view.show_fiscal_years(totals, tables["months"], view_key=view_key, stem=stem)
fiscal_year, breakdowns = cost_view.show_breakdowns(tables, years, view_key=view_key, key=KEY["fy"], stem=stem)
bridges, bridge_ends, bridge_table = cost_view.show_bridges(
    results, years, view_key=view_key, scenario=scenario, data=data, shown_id=shown_id, shown_version=version,
    keys=(KEY["from"], KEY["to"]), stem=stem)
compare, compare_chart, compare_table = cost_view.show_comparison(
    scenario, totals, shown_id=shown_id, shown_version=version, view_key=view_key, key=KEY["compare"], stem=stem)

view = {"scenario": shown_id or "", "compare": tuple(compare), "fy": fiscal_year, **bridge_ends}
if saved is None:  # an unsaved what-if is in the URL as it is: its link reproduces it
    view |= what_if.link_params(scenario)
    st.session_state[LOADED_LINK] = {param: view[param] for param in what_if.PARAMS if view.get(param)}
view_link = f"{st.context.url or '/' + URL_PATH}?{urlencode(us.encode_view(view, SPEC))}"


def _report() -> bytes:
    """The printable report of this view (built when its button is clicked)."""
    charts = [("Cost by month", monthly), *((f"Cost by {dim}", fig) for dim, fig in breakdowns.items()),
              *((f"Bridge: {kind}", fig) for kind, fig in bridges.items()),
              *([("Comparison", compare_chart)] if compare_chart is not None else [])]
    printed = [("Fiscal years", figs.fiscal_year_table(totals)),
               *([("The bridge", bridge_table)] if bridge_table is not None else []),
               ("By unit", cost_view.money_frame(tables["unit_by_year"])),
               ("By grade", cost_view.money_frame(tables["grade_by_year"])),
               *([("Comparison", compare_table)] if compare_table is not None else [])]
    return report_html(title=f"Staffing costs: {scenario.name or 'Unnamed scenario'}", url=view_link,
                       data_version=version, inputs=cost_view.report_inputs(scenario, shown_id=shown_id, data=data),
                       figures=charts, tables=printed)


cost_view.show_exports(results, scenario, shown_id=shown_id, data_version=version, stem=stem, report=_report)
cost_view.roster_section(expanded=False)

with link_slot.container():
    if saved is not None:
        st.markdown(f"**Share link** · saved {saved.created_at:%Y-%m-%d %H:%M} · id `{saved.scenario_id}` · computed "
                    f"on roster-and-pay version `{saved.data_version}`")
    else:
        st.markdown("**Link to this what-if** (not saved: it is computed again on the data loaded when it is "
                    "opened; Save & share freezes the numbers)")
    st.code(view_link, language=None)
us.write_view(view)
