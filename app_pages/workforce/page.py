"""Workforce projection (/workforce): how many people sit in each grade (or title) in N years, with bands, and why.

URL: ?projection=<saved projection id>&by=grade|title&years=<1-30>&runs=<100-20000>&seed=<0-2147483647>&recruit=
fixed|replace|target. Where the matrix comes from, stated rates, hires or targets by state, cell overrides and the
COLA are held by the widgets; a link carries them once saved. A saved projection is immutable and content-addressed
(its inputs, cell overrides and data version, as `python -m analytics workforce` identifies it): its link opens
the saved numbers, never recomputed, with a notice when newer data is loaded.
"""

from __future__ import annotations

import re
from functools import partial

import polars as pl
import streamlit as st

from analytics.workforce.report import canonical_json
from app_pages.shared import url_state as us
from app_pages.shared.plain import code, plain
from app_pages.shared.print_report import report_button, report_html
from app_pages.workforce import inputs as wi
from app_pages.workforce import loaders as wf_loaders
from app_pages.workforce import view as wv

PROJECTION_ID = re.compile(r"[0-9a-f]{16}")
URL_PATH = next(p.url_path for p in us.PAGES if p.script == "app_pages/workforce/page.py")
LOADED, OPENED_AS, SAVE_PROBLEM = "workforce.loaded", "workforce.opened_as", "workforce.save_problem"

st.title("Workforce projection")
st.caption("How many people will sit in each grade in a few years if promotion and attrition rates hold, and how "
           "many must be hired? Each year people stay, move or leave at the matrix's rates (estimated from the dated "
           "roster snapshots, or stated), and recruitment refills; the bands come from simulated runs.")


def parse_saved_id(raw: str) -> str:
    """Return the id of a saved projection a URL names; ValueError says why it is not one."""
    value = raw.strip().lower()
    if not PROJECTION_ID.fullmatch(value):
        raise ValueError("not a projection id (16 hex digits)")
    try:
        found = wf_loaders.saved(value)
    except ValueError as exc:
        raise ValueError(f"the saved projection cannot be read: {exc}") from None
    if found is None:
        raise ValueError("no saved projection has this id")
    return value


SPEC: us.Spec = {
    "projection": ("", parse_saved_id),
    "by": ("grade", us.one_of(wi.BY, what="state kind (grade or title)")),
    "years": (wi.DEFAULT_YEARS, us.integer(1, wi.MAX_YEARS)),
    "runs": (wi.DEFAULT_RUNS, us.integer(wi.MIN_RUNS, wi.MAX_RUNS)),
    "seed": (wi.DEFAULT_SEED, us.integer(0, wi.MAX_SEED)),
    "recruit": ("replace", us.one_of(wi.RECRUIT, what="recruitment (fixed, replace or target)")),
}
values, notices = us.read_view(SPEC, show=False)
data = wf_loaders.workforce_data()
if data is None:
    us.show_notices(notices)
    st.info("No roster is loaded yet, so there is nobody to project. Build the demo database with "
            "`python -m analytics.ingest demo`, or load a roster on the Staffing costs page.")
    st.stop()
can_estimate = len(data.snapshots) >= 2
saved = wf_loaders.saved(values["projection"]) if values["projection"] else None
opening = saved is not None and st.session_state.get(LOADED) != saved.projection_id
if opening:
    shown_by_saved = {"by": saved.inputs["by"], "years": int(saved.inputs["years"]), "runs": int(saved.inputs["runs"]),
                      "seed": int(saved.inputs["seed"]), "recruit": saved.inputs["recruitment"]["mode"]}
    notices += [f"URL parameter `{name}` ignored: the saved projection sets it to `{value}`."
                for name, value in shown_by_saved.items() if name in st.query_params and values[name] != value]
    wi.seed(saved.inputs)
    st.session_state[LOADED] = saved.projection_id
wi.ensure_defaults(values, can_estimate=can_estimate)
us.show_notices(notices)

wi.settings(can_estimate=can_estimate)
state = st.session_state
settings = wi.chosen()
by, recruit, source = settings["by"], settings["recruit"], settings["source"]
view = {name: settings[name] for name in ("by", "years", "runs", "seed", "recruit")} | {"projection": ""}
start = wf_loaders.start(data, by=by)
states = start["state"].to_list()
if not states:
    st.info(f"The roster {code(data.file_name)} has no filled position, so there is nobody to project.")
    us.write_view(view)
    st.stop()

recruits = None
if recruit in ("fixed", "target"):
    label = "Hires a year by state" if recruit == "fixed" else "Target headcount by state"
    with st.expander(label, expanded=True, icon=":material/person_add:"):
        recruits = wi.recruitment_editor(start, by=by, mode=recruit)
        st.caption("Fixed: these hires join their state every year. Targets: each year's hires bring every state back "
                   "up to its target after the year's moves (a state above its target hires nobody).")
results_slot = st.container()

st.subheader("Transition matrix", anchor=False)
rates = None
if source == "rates":
    st.markdown("**Stated rates** (a year): promotion moves people to the state named; attrition is leaving.")
    rates = wi.rates_editor(states, by=by)
base = wf_loaders.matrix(data, by=by, source=source, rates=rates, overrides=[])
if base.matrix is None:
    wv.stop("The transition matrix cannot be built:", base.problems, view=view)
heat_slot = st.container()
with st.expander("Edit cells (% a year) to override them", icon=":material/edit:"):
    overrides = wi.matrix_editor(base.matrix, list(base.states), by=by, source=source)
    st.caption("An edited cell keeps the value you type; the other cells of its row are rescaled so the row still sums "
               "to 100%. Clear an edit by typing the original value back.")
used = wf_loaders.matrix(data, by=by, source=source, rates=rates, overrides=overrides) if overrides else base
if used.matrix is None:
    wv.stop("The edited cells cannot be used:", used.problems, view=view)
wanted = wf_loaders.inputs_of(data, settings=settings, used=used.matrix, rates=rates,
                              hires=recruits if recruit == "fixed" else {},
                              targets=recruits if recruit == "target" else {}, overrides=overrides)
wanted_json = canonical_json(wanted)
if opening:
    state[OPENED_AS] = wanted_json  # what the saved inputs read as on the data loaded now
is_saved_view = saved is not None and wanted_json in (saved.inputs_json, state.get(OPENED_AS))
if is_saved_view:
    view["projection"] = saved.projection_id
    view_key, results, shown_inputs = saved.projection_id, saved.results, saved.inputs
else:
    with st.spinner(f"Projecting {settings['years']} years, {settings['runs']:,} simulated runs…", show_time=True):
        view_key, results = wf_loaders.results(data, wanted, text=wanted_json)
    shown_inputs = wanted
if results["problems"]:
    wv.stop("The projection cannot be computed:", results["problems"], view=view)
tables = wv.tables_of(view_key, results)


def _save(inputs: dict) -> None:
    """Save the projection on the current data and open its link (the page then shows the saved one)."""
    try:
        saved_id = wf_loaders.save(data, inputs)
    except ValueError as exc:
        state[SAVE_PROBLEM] = str(exc)
        return
    state[LOADED] = saved_id
    state[OPENED_AS] = canonical_json(inputs)
    st.query_params["projection"] = saved_id


def _recompute() -> None:
    """Leave the saved numbers: compute the same inputs on the data loaded now (it can then be saved)."""
    if "projection" in st.query_params:
        del st.query_params["projection"]


with results_slot:
    with st.container(horizontal=True, vertical_alignment="center"):
        if not is_saved_view:
            st.button("Save & share", type="primary", icon=":material/share:", key="workforce.save", on_click=_save,
                      args=(wanted,))
            st.caption(f"Computed on the roster {code(data.file_name)} as of {data.as_of}, "
                       f"{len(data.snapshots)} dated history snapshot(s) and the pay rates (data version "
                       f"`{data.data_version}`). Saving keeps these inputs, overrides and results under one id; its "
                       "link opens them exactly, also after new data is loaded.")
        else:
            st.markdown(f"**Saved projection** `{saved.projection_id}` · saved {saved.created_at:%Y-%m-%d %H:%M} · "
                        f"data version `{saved.data_version}` · share link:")
    if is_saved_view:
        st.code(us.full_url(URL_PATH, view, SPEC), language=None)
    if is_saved_view and saved.data_version != data.data_version:
        st.warning(f"This projection was computed on data version `{saved.data_version}`; newer data "
                   f"(`{data.data_version}`: roster {code(data.file_name)} as of {data.as_of}) is loaded. The numbers "
                   "below are the saved ones; changing any input recomputes on the data loaded now.",
                   icon=":material/update:")
        st.button("Recompute on the current data", icon=":material/refresh:", key="workforce.recompute",
                  on_click=_recompute)
    if problem := state.pop(SAVE_PROBLEM, None):
        st.error(f"The projection was not saved: {plain(problem)}")
    report_slot = st.empty()  # the printable report of the view, known once the page is drawn
    wv.show_headline(results, tables, by=shown_inputs["by"])
    printed = wv.show_stocks(results, tables, by=shown_inputs["by"], view_key=view_key)
    printed += wv.show_flows(results, tables, view_key=view_key)
with heat_slot:
    printed += wv.show_matrix(results, tables, shown_inputs, by=shown_inputs["by"], view_key=view_key)
printed += wv.show_expected_years(tables, by=shown_inputs["by"], states=results["states"], view_key=view_key)
printed += wv.show_cost(results, tables, by=shown_inputs["by"], view_key=view_key, colas=shown_inputs["cola"])
us.write_view(view)

shown_version = saved.data_version if is_saved_view else data.data_version
note = (f"Saved projection {saved.projection_id}, saved {saved.created_at:%Y-%m-%d %H:%M}." if is_saved_view else
        f"Not saved: computed on the roster {data.file_name} as of {data.as_of} with {len(data.snapshots)} dated "
        "history snapshot(s). Save & share on the page for a link that opens these inputs and numbers exactly.")
build_report = partial(
    report_html, title="Workforce projection", url=us.full_url(URL_PATH, view, SPEC), data_version=shown_version,
    inputs=wv.report_inputs(shown_inputs), note=note,
    figures=[(name, part) for name, part in printed if not isinstance(part, pl.DataFrame)],
    tables=[(name, part) for name, part in printed if isinstance(part, pl.DataFrame)])
with report_slot.container():
    report_button("Printable report (HTML)", build_report, stem=f"workforce-{view_key}-report", key="workforce.report")
