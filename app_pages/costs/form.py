"""The scenario builder's widgets on the Staffing costs page: the scope (outside the form) and the form.

The widgets hold their values in st.session_state under builder.KEY (and the editors' keys), which
builder.seed writes and builder.scenario_json reads back as scenario JSON.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Callable
from typing import Any

import pandas as pd
import streamlit as st

from analytics.costs.scenario_format import MAX_COLA_YEARS, MAX_MONTHS
from app_pages.costs.builder import (
    ANY_GRADE,
    CHANGE_LABELS,
    COLA_ROWS_KEY,
    EDITOR_SCHEMA,
    KEY,
    MAX_BACKFILL,
    MAX_NAME,
    MAX_PCT,
    ROWS_KEY,
    cola_editor_key,
    editor_key,
    month_options,
)
from app_pages.shared.url_state import EARLIEST_DATE, LATEST_DATE


def _month_words(month: dt.date) -> str:
    # A table lookup, not strftime: the two month lists format some 180 options on every rerun.
    return f"{calendar.month_abbr[month.month]} {month.year}"


def _offered(options: list[str], key: str) -> list[str]:
    """The options of a multiselect, with whatever it holds that they lack (a link's or saved scenario's names
    stay shown, and the scenario's check names what the roster lacks, rather than dropping them silently)."""
    held = st.session_state.get(key) or []
    return [*options, *(v for v in held if v not in options)]


def scope_widgets(options: dict[str, Any], *, on_change: Callable[[], None]) -> None:
    """The scope: units, titles and a grade range; outside the form, so that a change recomputes at once."""
    state = st.session_state
    grades = [ANY_GRADE, *_offered(options["grades"], KEY["grade_low"]),
              *(g for g in [state.get(KEY["grade_high"])] if g and g not in options["grades"])]
    st.caption("**Scope**: the positions costed (all when empty); a change here recomputes at once.")
    row = st.columns([3, 3, 1.2, 1.2])
    row[0].multiselect("Units", _offered(options["units"], KEY["units"]), key=KEY["units"], on_change=on_change,
                       placeholder="All units", help="Cost only the positions of these units.")
    row[1].multiselect("Titles", _offered(options["titles"], KEY["titles"]), key=KEY["titles"],
                       on_change=on_change, placeholder="All titles", help="Cost only the positions of these titles.")
    row[2].selectbox("Lowest grade", grades, key=KEY["grade_low"], on_change=on_change,
                     format_func=lambda g: g or "Any", help="Grades of one kind, compared by number (18 to 25).")
    row[3].selectbox("Highest grade", grades, key=KEY["grade_high"], on_change=on_change,
                     format_func=lambda g: g or "Any")


def builder_form(options: dict[str, Any], *, on_submit: Callable[[], None]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Render the builder form; return the changes editor's and the COLA editor's rows (submitted with the form)."""
    state = st.session_state
    months = month_options(state[KEY["start"]], state[KEY["end"]])
    with st.form("costs.builder", border=False):
        row = st.columns([3, 1.4, 1.4, 1.4])
        row[0].text_input("Scenario name", key=KEY["name"], max_chars=MAX_NAME)
        row[1].selectbox("First month", months, key=KEY["start"], format_func=_month_words)
        row[2].selectbox("Last month", months, key=KEY["end"], format_func=_month_words,
                         help=f"Up to {MAX_MONTHS} months after the first.")
        row[3].selectbox("Fiscal year starts", range(1, 13), key=KEY["fy_start_month"],
                         format_func=lambda m: calendar.month_name[m],
                         help="A fiscal year is named by the calendar year it ends in.")
        row = st.columns(4)
        row[0].number_input("Fringe %", min_value=0.0, max_value=500.0, step=1.0, format="%g", key=KEY["fringe_pct"],
                            help="Benefits and payroll taxes as a percent of salary.")
        row[1].number_input("Vacancy factor %", min_value=0.0, max_value=MAX_PCT, step=0.5, format="%g",
                            key=KEY["vacancy_pct"], help="Expected cost × (1 − factor): the usual budget discount.")
        row[2].number_input("Attrition % a year", min_value=0.0, max_value=MAX_PCT, step=0.5, format="%g",
                            key=KEY["attrition_pct"], help="Leavers are replaced at the hiring rate.")
        row[3].number_input("Backfill months", min_value=0, max_value=MAX_BACKFILL, step=1, key=KEY["backfill_months"],
                            help="Months a leaver's position stays empty before the replacement starts.")
        left, right = st.columns([2, 3])
        with left:
            st.markdown("**COLAs**")
            cola_rows = st.data_editor(state[COLA_ROWS_KEY], key=cola_editor_key(), num_rows="dynamic",
                                       hide_index=True, column_config=_cola_columns())
            st.caption("A general increase from a date; Years repeats it on the same date each year "
                       "(3 % each April from 2027 for 3 years: 3, 2027-04-01, 3). Several compound.")
        with right:
            st.markdown("**Vacancies**")
            vacancies = options["vacancies"]
            label = lambda pid: vacancies.get(pid, pid)  # noqa: E731 - one format for both pickers
            pick = st.columns([3, 1.3])
            pick[0].multiselect("Fill", _offered(list(vacancies), KEY["fill_ids"]), key=KEY["fill_ids"],
                                format_func=label, placeholder="Vacancies to fill…")
            pick[1].date_input("Filled from", key=KEY["fill_date"], format="YYYY-MM-DD", min_value=EARLIEST_DATE,
                               max_value=LATEST_DATE, help="The first of its month; fills on other dates are rows "
                               "of the changes below.")
            st.multiselect("Freeze (never filled in the window)", _offered(list(vacancies), KEY["freeze_ids"]),
                           key=KEY["freeze_ids"], format_func=label, placeholder="Vacancies to freeze…")
            listed = "" if len(vacancies) == options["n_vacancies"] else (
                f" (the first {len(vacancies):,} are listed; give others by id in the changes)")
            st.caption(f"The roster has {options['n_vacancies']:,} vacancies{listed}: id · title · unit · grade.")
        st.markdown("**Changes**")
        rows = st.data_editor(state[ROWS_KEY], key=editor_key(), num_rows="dynamic", hide_index=True,
                              column_order=[c for c in EDITOR_SCHEMA if c != "schedule_id"],
                              column_config=_editor_columns(options))
        st.caption("Add or cut positions of a title in a unit from a date; fill a vacancy on a date or freeze it "
                   "(one position id); promote positions (ids separated by commas) to a grade on a date; give a "
                   "unit its own vacancy factor or attrition (%, and backfill months). Dates take effect on the "
                   "first of their month.")
        st.form_submit_button("Compute", type="primary", icon=":material/calculate:", on_click=on_submit)
    return rows, cola_rows


def _cola_columns() -> dict[str, Any]:
    return {
        "pct": st.column_config.NumberColumn("COLA %", min_value=-99.0, max_value=100.0, step=0.1, format="%g",
                                             required=True),
        "effective": st.column_config.DateColumn("From", format="YYYY-MM-DD", required=True,
                                                 min_value=EARLIEST_DATE, max_value=LATEST_DATE),
        "years": st.column_config.NumberColumn("Years", min_value=1, max_value=MAX_COLA_YEARS, step=1, default=1,
                                               help="How many years in all it repeats on the same date."),
    }


def _editor_columns(options: dict[str, Any]) -> dict[str, Any]:
    return {
        "change": st.column_config.SelectboxColumn("Change", options=list(CHANGE_LABELS), required=True,
                                                   format_func=CHANGE_LABELS.get),
        "title": st.column_config.SelectboxColumn("Title", options=options["titles"],
                                                  help="Add/cut: the title; promote: the new title (optional)."),
        "unit": st.column_config.SelectboxColumn("Unit", options=options["units"]),
        "count": st.column_config.NumberColumn("Count", min_value=1, max_value=100_000, step=1),
        "date": st.column_config.DateColumn("From", format="YYYY-MM-DD"),
        "position_ids": st.column_config.TextColumn("Position ids", help="Fill/freeze: one id; promote: ids "
                                                    "separated by commas."),
        "grade": st.column_config.SelectboxColumn("Grade", options=options["grades"],
                                                  help="Promote: the new grade; add: the grade if not the title's."),
        "fte": st.column_config.NumberColumn("FTE", min_value=0.05, max_value=1.0, step=0.05, format="%g",
                                             help="Add: the FTE of each new position (default 1)."),
        "pct": st.column_config.NumberColumn("%", min_value=0.0, max_value=MAX_PCT, step=0.5, format="%g",
                                             help="Vacancy factor or attrition of a unit: its percent, instead of "
                                                  "the scenario's."),
        "backfill_months": st.column_config.NumberColumn("Backfill", min_value=0, max_value=MAX_BACKFILL, step=1,
                                                         help="Attrition of a unit: months a post stays empty."),
    }
