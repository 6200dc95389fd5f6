"""Matching titles stated in documents to job classes: keys, series names, fuzzy matches, confidence."""

from __future__ import annotations

import polars as pl
from polars.testing import assert_frame_equal

from analytics.ladders.titles import MATCH_SCHEMA, title_matches

CLASSES = pl.LazyFrame(
    {
        "class_id": ["ics1", "ics2", "ics3", "iws1", "ecm", "sis"],
        "title": [
            "Immigrant Community Specialist 1", "Immigrant Community Specialist 2", "Immigrant Community Specialist 3",
            "Immigrant Workers Specialist 1", "Employment Case Manager", "Senior Immigration Specialist",
        ],
        "series_name": ["Immigrant Community Specialist"] * 3 + ["Immigrant Workers Specialist", None, None],
    }
)


def _matches(*titles: str) -> pl.DataFrame:
    stated = pl.LazyFrame({"title": list(titles)})
    return title_matches(stated, CLASSES).collect().sort("title", "class_id")


def test_exact_title_ignoring_case_is_full_confidence():
    assert_frame_equal(
        _matches("employment case manager"),
        pl.DataFrame({"title": ["employment case manager"], "class_id": ["ecm"], "confidence": [1.0],
                      "method": ["title"]}, schema=MATCH_SCHEMA),
    )


def test_plural_and_abbreviation_match_the_same_key():
    got = _matches("Immigrant Workers Specialists 1", "Sr. Immigration Specialist")

    assert got.select("class_id", "confidence").rows() == [("iws1", 0.95), ("sis", 0.95)]


def test_series_name_in_plural_names_every_level_of_the_series():
    got = _matches("Immigrant Community Specialists")

    assert got.select("class_id", "confidence", "method").rows() == [
        ("ics1", 0.9, "series"), ("ics2", 0.9, "series"), ("ics3", 0.9, "series"),
    ]


def test_misspelled_title_matches_fuzzily_with_lower_confidence():
    got = _matches("Employment Case Manger")

    assert got["class_id"].to_list() == ["ecm"]
    assert got["method"].to_list() == ["fuzzy"]
    assert 0.8 < got["confidence"].item() < 0.9


def test_fuzzy_match_never_crosses_level_numbers():
    # "Immigrant Workers Specialist 3" is one character from level 1, but level 3 is not loaded.
    assert _matches("Immigrant Workers Specialist 3").is_empty()


def test_unrelated_or_more_senior_titles_do_not_match():
    assert _matches("Senior Employment Case Manager", "Caseworker", "Immigration Specialist").is_empty()
