"""Cached loaders of the Ladder explorer and Pay progression pages: named queries in, analytics answers out.

Every loader reads through `loaders.query` (the shared connection and cached named queries) and
calls the same analytics functions as `python -m analytics ladder` and `python -m analytics pay`,
so a page and the command give the same answer. Cached results are keyed by the database path;
`loaders.clear()` forgets them with every other cached frame.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

import polars as pl
import streamlit as st

from analytics.ladders.graph import ladder_nodes, resolved_edges
from analytics.ladders.view import LadderView, Profile, ladder_start_titles, ladder_view, with_pay_ranges
from analytics.pay.bands import band_position, pay_bands
from analytics.pay.paths import (
    CLASS_PAY_RANGE_SCHEMA,
    bands_in_effect,
    career_pay_trajectory,
    class_pay_ranges,
    path_totals,
    promotion_paths,
)
from analytics.pay.progression import Longevity
from analytics.pay.steps import DEFAULT_RANGE_PCT, class_step_table, lump_sum_table, step_table
from analytics.pay.trajectory import anniversary_increases
from analytics.vocabulary import title_key
from app_pages.shared import loaders

CACHE_TTL = loaders.CACHE_TTL
LADDER_QUERIES = ("ladder_classes", "ladder_edges", "class_qualification_paths", "class_substitutions")


def _ladder_frames() -> dict[str, pl.LazyFrame]:
    return {name: loaders.query(name).lazy() for name in LADDER_QUERIES}


@st.cache_data(max_entries=4, ttl=CACHE_TTL, show_spinner=False)
def _start_titles(path: str) -> pl.DataFrame:
    frames = _ladder_frames()
    nodes = ladder_nodes(frames["ladder_classes"], resolved_edges(frames["ladder_classes"], frames["ladder_edges"]))
    return ladder_start_titles(nodes).collect()


def start_titles() -> pl.DataFrame:
    """One row per title a ladder can start from (job classes and titles only named in documents):
    title, class_codes, n_nodes."""
    return _start_titles(loaders.database())


@st.cache_data(max_entries=4, ttl=CACHE_TTL, show_spinner=False)
def _steps(path: str, range_pct: float = DEFAULT_RANGE_PCT) -> pl.DataFrame:
    return step_table(loaders.query("pay_rates").lazy(), generic_annual_pct=range_pct).collect()


def _class_profiles(title: str) -> pl.DataFrame:
    """The class_pay_profile rows of a title (the `pay` command's lookup): class_id, grade, jurisdiction, range."""
    return loaders.query("class_pay_profile", title=title, title_key=title_key(title))


def _class_steps(classes: pl.DataFrame, range_pct: float = DEFAULT_RANGE_PCT) -> pl.LazyFrame:
    """The steps of the classes; a range that states only its bounds rises `range_pct` a year (0.03 = 3%)."""
    return class_step_table(classes.lazy(), _steps(loaders.database(), range_pct).lazy(), generic_annual_pct=range_pct)


@st.cache_data(max_entries=64, ttl=CACHE_TTL, show_spinner=False)
def _ladder_view(path: str, title: str, years_total: float, years_in_title: float, education: str,
                 as_of: dt.date, years_supervisory: float, coursework_units: float | None,
                 jurisdiction: str | None) -> LadderView:
    profile = Profile(title, years_total, years_in_title, education, as_of, years_supervisory, coursework_units,
                      jurisdiction)
    view = ladder_view(_ladder_frames(), profile)
    class_ids = view.nodes["class_id"].drop_nulls().to_list()
    titles = view.nodes.filter(pl.col("class_id").is_not_null())["title"].unique().sort()
    profiles = [_class_profiles(t) for t in titles]
    if profiles:
        classes = pl.concat(profiles).filter(pl.col("class_id").is_in(class_ids))
        ranges = class_pay_ranges(_class_steps(classes), on=as_of)
    else:
        ranges = pl.LazyFrame(schema=CLASS_PAY_RANGE_SCHEMA)
    return dataclasses.replace(
        view,
        targets=with_pay_ranges(view.targets.lazy(), ranges).collect(),
        lateral=with_pay_ranges(view.lateral.lazy(), ranges).collect(),
        nodes=with_pay_ranges(view.nodes.lazy(), ranges).collect(),
    )


def ladder(title: str, *, years_total: float, years_in_title: float, education: str, as_of: dt.date,
           years_supervisory: float = 0.0, coursework_units: float | None = None,
           jurisdiction: str | None = None) -> LadderView:
    """Return the person's LadderView (targets up with eligibility, sideways moves, graph), each title with its
    pay range on `as_of` where one is loaded (pay_schedule_id, pay_grade, min_annual, max_annual); started only
    from the title in `jurisdiction` (a jurisdiction_id) when one is given.

    Raises LookupError for a title no ladder node has.
    """
    return _ladder_view(loaders.database(), title, float(years_total), float(years_in_title), education, as_of,
                        float(years_supervisory), None if coursework_units is None else float(coursework_units),
                        jurisdiction)


@st.cache_data(max_entries=4, ttl=CACHE_TTL, show_spinner=False)
def _schedule_ids(path: str) -> list[str]:
    return loaders.query("pay_rates")["schedule_id"].unique().sort().to_list()


def schedule_ids() -> list[str]:
    """Return the id of every loaded pay schedule, sorted."""
    return _schedule_ids(loaders.database())


@st.cache_data(max_entries=32, ttl=CACHE_TTL, show_spinner=False)
def _schedule_bands(path: str, schedule_id: str, on: dt.date) -> pl.DataFrame:
    return bands_in_effect(pay_bands(_steps(path).lazy()), schedule_id=schedule_id, on=on).collect()


def schedule_bands(schedule_id: str, *, on: dt.date, annual_salary: float | None = None) -> pl.DataFrame:
    """One row per grade of the schedule in the version in effect on `on` (pay_bands columns), lowest first;
    with a salary, also its compa_ratio and range_penetration in each grade."""
    bands = _schedule_bands(loaders.database(), schedule_id, on)
    if annual_salary is None:
        return bands
    return band_position(bands.lazy(), annual_salary=annual_salary).collect()


@st.cache_data(max_entries=32, ttl=CACHE_TTL, show_spinner=False)
def _title_bands(path: str, title: str, on: dt.date) -> pl.DataFrame:
    steps = _class_steps(_chosen_class(title, None)).drop("class_id")
    schedule_id = steps.select("schedule_id").first().collect()
    if schedule_id.is_empty():
        return pay_bands(steps).collect().clear()
    return bands_in_effect(pay_bands(steps), schedule_id=schedule_id.item(), on=on).collect()


def title_bands(title: str, *, on: dt.date, annual_salary: float | None = None) -> pl.DataFrame:
    """The schedule_bands rows of the one grade the `pay` command pays a title on (for a class paid on its own
    stated range, the only band there is)."""
    bands = _title_bands(loaders.database(), title, on)
    if annual_salary is None:
        return bands
    return band_position(bands.lazy(), annual_salary=annual_salary).collect()


@st.cache_data(max_entries=64, ttl=CACHE_TTL, show_spinner=False)
def _title_pay(path: str, title: str, on: dt.date, class_id: str | None = None,
               range_pct: float = DEFAULT_RANGE_PCT) -> dict | None:
    # The `pay` command pays the first matching class (by jurisdiction, then class id): so does the page.
    chosen = _chosen_class(title, class_id)
    if chosen.is_empty():
        return None
    ranges = class_pay_ranges(_class_steps(chosen, range_pct), on=on).collect()
    facts = {"class_id": chosen["class_id"][0], "title": chosen["title"][0], "stated_grade": chosen["grade"][0]}
    return facts | (ranges.row(0, named=True) if ranges.height else {"schedule_id": None, "grade": None})


def _chosen_class(title: str, class_id: str | None) -> pl.DataFrame:
    classes = _class_profiles(title)
    return classes.filter(pl.col("class_id") == class_id) if class_id else classes.head(1)


def title_pay(title: str, *, on: dt.date, class_id: str | None = None,
              range_pct: float = DEFAULT_RANGE_PCT) -> dict | None:
    """Return the class paid for a title (class_id, title, stated_grade) with its schedule_id, grade, min_annual
    and max_annual on `on` (schedule_id None when it has no pay); None for an unknown title.

    Without class_id it is the class the `pay` command pays: the first of those with the title.
    """
    return _title_pay(loaders.database(), title, on, class_id, float(range_pct))


@st.cache_data(max_entries=64, ttl=CACHE_TTL, show_spinner=False)
def _trajectory(path: str, title: str, start: dt.date, years: int, cola_pct: float,
                target: tuple[str, str] | None, promotions: tuple[tuple[str, dt.date | None], ...],
                range_pct: float, years_in_title: float, current_salary: float | None,
                longevity: tuple[float, int] | None) -> tuple[pl.DataFrame, pl.DataFrame]:
    own = _title_pay(path, title, start, None, range_pct)
    classes = [_chosen_class(title, None)]
    paid = _title_pay(path, target[0], start, target[1], range_pct) if target else None
    if paid and paid["schedule_id"]:
        classes.append(_chosen_class(*target))
    else:
        paid = None
    paths = promotion_paths(
        start=start, years=years, stay=(own["schedule_id"], own["grade"]),
        target=(paid["schedule_id"], paid["grade"]) if paid else None,
        promotions=dict(promotions),
    )
    increases = anniversary_increases(start_date=start, years=years, pct=cola_pct / 100) if cola_pct else None
    trajectory = career_pay_trajectory(
        _class_steps(pl.concat(classes), range_pct), paths, increases, years=years, years_in_title=years_in_title,
        start_salary=current_salary, lump_sums=lump_sum_table(loaders.query("pay_rates").lazy()),
        longevity=Longevity(*longevity) if longevity else None,
    ).collect()
    return trajectory, path_totals(trajectory.lazy()).collect()


def trajectory(title: str, *, start: dt.date, years: int, cola_pct: float, target: tuple[str, str] | None = None,
               promotions: dict[str, dt.date | None] | None = None, range_pct: float = DEFAULT_RANGE_PCT,
               years_in_title: float = 0.0, current_salary: float | None = None,
               longevity: tuple[float, int] | None = None) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Return (trajectory, totals) for a title with pay: one row per (path_id, year) as pay_trajectory returns
    it, and one row per path (pay_paths.path_totals).

    The "Stay in title" path is the `pay` command's answer; each `promotions` entry (label -> date)
    adds a path promoted on that date to `target`, a (title, class_id) pair with pay. Every path starts where the
    person is: `years_in_title` already served, or a `current_salary` (pay_trajectory); a range that states
    only its bounds rises `range_pct` a year; `longevity` (annual amount, years at the job rate) is an assumed
    New York longevity step (analytics.pay.progression.Longevity), and a schedule's LUMP_SUM rows are paid.
    """
    return _trajectory(loaders.database(), title, start, int(years), float(cola_pct), target,
                       tuple((promotions or {}).items()), float(range_pct), float(years_in_title),
                       None if current_salary is None else float(current_salary),
                       (float(longevity[0]), int(longevity[1])) if longevity else None)
