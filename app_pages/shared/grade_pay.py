"""The Catalog's pay schedule section: the schedule a class's stated grade is paid on, its rates, their source."""

from __future__ import annotations

import datetime as dt
from typing import Any

import polars as pl
import streamlit as st

from analytics.pay.grades import grade_schedule
from app_pages.shared import loaders
from app_pages.shared.plain import plain
from app_pages.shared.theme import money

# What the rates shown are, by engine (analytics.pay.steps): why a reader sees steps the schedule does not print.
ENGINE_NOTES = {
    "nys": "Steps 1–6 are the hiring rate plus one to six advance amounts, a year apart; the schedule prints the "
           "hiring rate, the advance amount and the job rate (NY Civil Service Law s.130(1)(c)).",
    "bounds": "The schedule states only these two rates for the grade; the Pay page assumes a yearly increase "
              "between them.",
}


def show_grade_pay(detail: dict[str, Any], *, on: dt.date) -> None:
    """The pay schedule of the class's grade on a day: its first and top rates, every step, the version and source;
    one line when no grade is stated or no loaded schedule pays it."""
    st.subheader("Pay schedule of the grade", anchor=False)
    grade = detail["grade"]
    paid = grade_schedule(grade, detail["jurisdiction_id"], bargaining_unit=detail["bargaining_unit"])
    if not grade:
        st.info("No grade is stated for this title, so no pay schedule applies to it.")
        return
    rates, versions = loaders.grade_pay(*paid, on=on) if paid else (pl.DataFrame(), pl.DataFrame())
    if rates.is_empty():
        where = f" (it would be {paid[0]} {paid[1]}, which is not loaded)" if paid else ""
        st.info(plain(f"No loaded pay schedule matches grade {grade}{where}."))
        return
    schedule_id, schedule_grade = paid
    first, top = rates.row(0, named=True), rates.row(-1, named=True)
    cells = st.columns(3)
    for cell, rate in zip(cells, (first, top), strict=False):
        cell.metric(rate["step_name"], money(rate["annual_amount"], cents=rate["annual_amount"] % 1 > 0), border=True)
    cells[2].metric("Schedule version", _version_words(first["effective_date"], on), border=True)
    st.caption(plain(f"Grade {grade} is paid on the schedule {schedule_id}, grade {schedule_grade}, "
                     f"{_in_effect_words(first['effective_date'], on)}; amounts a year."))
    steps = rates.select("step_name", "annual_amount").transpose(column_names="step_name")
    st.dataframe(steps, hide_index=True,
                 column_config={name: st.column_config.NumberColumn(name, format="dollar") for name in steps.columns})
    note = ENGINE_NOTES.get("bounds" if first["is_range_only"] else first["engine"])
    if note:
        st.caption(note)
    _show_versions(versions, first["effective_date"])


def _version_words(effective: dt.date | None, on: dt.date) -> str:
    if effective is None:
        return "undated"
    return _day(effective, "%b") + (" (not yet in effect)" if effective > on else "")


def _day(day: dt.date, month: str = "%B") -> str:
    """Return "27 March 2025" ("27 Mar 2025" with month="%b")."""
    return f"{day.day} {day:{month} %Y}"


def _in_effect_words(effective: dt.date | None, on: dt.date) -> str:
    if effective is None:
        return "in its undated version"
    if effective > on:
        return f"in its earliest version, which takes effect on {_day(effective)} (none is in effect on {_day(on)})"
    return f"in the version in effect on {_day(on)}, effective {_day(effective)}"


def _show_versions(versions: pl.DataFrame, shown: dt.date | None) -> None:
    """The source of the version shown, and the dates of the other versions loaded."""
    source = versions.filter(pl.col("effective_date").eq_missing(shown))["source"]
    if source.len():
        st.caption(f"Source: {plain(source[0])}")
    others = [_day(d, "%b") if d else "undated" for d in versions["effective_date"] if d != shown]
    if others:
        st.caption(f"Other versions loaded: {', '.join(others)}.")
