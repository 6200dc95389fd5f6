"""A ladder started in one jurisdiction: Profile.jurisdiction chooses among titles of one name."""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest

from analytics.ladders.view import Profile, ladder_view

CLASS_SCHEMA = {"class_id": pl.String, "document_id": pl.String, "title": pl.String, "class_code": pl.String,
                "jurisdiction_id": pl.String, "series_id": pl.String, "series_name": pl.String,
                "level_in_series": pl.Int32, "grade": pl.String}
CLASSES = pl.LazyFrame(
    [
        ("a1", "da", "Program Analyst", "A1", "a", "sa", "Program Analyst", 1, "10"),
        ("a2", "da", "Senior Program Analyst", "A2", "a", "sa", "Program Analyst", 2, "12"),
        ("b1", "db", "Program Analyst", "B1", "b", None, None, None, "20"),
    ],
    schema=CLASS_SCHEMA, orient="row",
)
EDGE_SCHEMA = {"document_id": pl.String, "jurisdiction_id": pl.String, "from_title": pl.String,
               "to_title": pl.String, "from_class_id": pl.String, "to_class_id": pl.String, "kind": pl.String,
               "years": pl.Float64, "confidence": pl.Float64}
FRAMES = {
    "ladder_classes": CLASSES,
    "ladder_edges": pl.LazyFrame(schema=EDGE_SCHEMA),
    "class_qualification_paths": pl.LazyFrame(
        {"class_id": ["a1", "a2", "b1"], "path_order": [0, 0, 0], "education": ["bachelor"] * 3,
         "experience_years": [0.0, 2.0, 0.0]},
        schema={"class_id": pl.String, "path_order": pl.Int32, "education": pl.String,
                "experience_years": pl.Float64},
    ),
    "class_substitutions": pl.LazyFrame(schema={"class_id": pl.String, "education": pl.String, "years": pl.Float64}),
}
AS_OF = dt.date(2026, 1, 15)


def view_in(jurisdiction: str | None):
    return ladder_view(FRAMES, Profile("program analyst", 3.0, 3.0, "bachelor", AS_OF, jurisdiction=jurisdiction))


def test_without_a_jurisdiction_every_title_of_the_name_starts_the_ladder():
    assert view_in(None).start_node_ids == ("a1", "b1")


@pytest.mark.parametrize(("jurisdiction", "starts", "targets"), [
    ("a", ("a1",), ["Senior Program Analyst"]),
    ("b", ("b1",), []),
])
def test_a_jurisdiction_starts_the_ladder_from_its_own_title_only(jurisdiction, starts, targets):
    view = view_in(jurisdiction)

    assert view.start_node_ids == starts
    assert view.targets["title"].to_list() == targets


def test_a_jurisdiction_without_the_title_is_a_lookup_error():
    with pytest.raises(LookupError, match="unknown title 'program analyst' in jurisdiction 'c'"):
        view_in("c")
