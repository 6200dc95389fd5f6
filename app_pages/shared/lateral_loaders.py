"""Cached loaders of the Ladder explorer's moves elsewhere (a ladder started in one jurisdiction is
career_loaders.ladder's).

Named queries in, analytics answers out, as in career_loaders: cached results are keyed by the database
path, and `loaders.clear()` forgets them with every other cached frame.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import polars as pl
import streamlit as st

from analytics.ladders import lateral_match
from analytics.pay.paths import class_pay_ranges
from analytics.pay.steps import class_step_table, step_table
from app_pages.shared import loaders

CACHE_TTL = loaders.CACHE_TTL


def jurisdictions() -> pl.DataFrame:
    """One row per jurisdiction, by name: jurisdiction_id, name."""
    return loaders.query("jurisdictions")


def lateral_classes() -> pl.DataFrame:
    """One row per job class (the lateral_classes query): class_id, title, class_code, jurisdiction_id,
    jurisdiction_name, agency, series_id, level_in_series, grade, bargaining_unit, min_annual, max_annual."""
    return loaders.query("lateral_classes")


@st.cache_data(max_entries=8, ttl=CACHE_TTL, show_spinner=False)
def _class_pay(path: str, on: dt.date) -> pl.DataFrame:
    # The classes' pay as the ladder's own titles get it (career_loaders): the schedule grade their grade maps
    # to, else the first stated range.
    classes = loaders.query("lateral_classes").lazy()
    steps = step_table(loaders.query("pay_rates").lazy())
    return class_pay_ranges(class_step_table(classes, steps), on=on).collect()


@st.cache_data(max_entries=4, ttl=CACHE_TTL, show_spinner=False)
def _word_sets(path: str) -> tuple[pl.DataFrame, pl.DataFrame]:
    title_words = lateral_match.title_word_sets(loaders.query("lateral_classes").lazy()).collect()
    duty_words = lateral_match.duty_word_sets(loaders.query("lateral_duties").lazy()).collect()
    return title_words, duty_words


@st.cache_data(max_entries=64, ttl=CACHE_TTL, show_spinner=False)
def _matches(path: str, class_id: str, related: tuple[str, ...], excluded: tuple[str, ...],
             jurisdiction_ids: tuple[str, ...], on: dt.date, top_n: int) -> pl.DataFrame:
    pay = _class_pay(path, on).select("class_id", "min_annual", "max_annual")
    classes = loaders.query("lateral_classes").drop("min_annual", "max_annual").join(pay, on="class_id", how="left")
    title_words, duty_words = _word_sets(path)
    return lateral_match.lateral_matches(
        classes.lazy(), title_words.lazy(), duty_words.lazy(), start_class_id=class_id, related_class_ids=related,
        excluded_class_ids=excluded, jurisdiction_ids=jurisdiction_ids, top_n=top_n,
    ).collect()


def lateral_matches(class_id: str, *, on: dt.date, related_class_ids: Sequence[str] = (),
                    excluded_class_ids: Sequence[str] = (), jurisdiction_ids: Sequence[str] = (),
                    top_n: int = lateral_match.DEFAULT_TOP_N) -> pl.DataFrame:
    """One row per class a person in `class_id` could move to sideways, best first (lateral_match.lateral_matches:
    LATERAL_MATCH_SCHEMA), every class paid as on `on`.

    Raises LookupError for an unknown class.
    """
    return _matches(loaders.database(), class_id, tuple(related_class_ids), tuple(excluded_class_ids),
                    tuple(sorted(jurisdiction_ids)), on, int(top_n))
