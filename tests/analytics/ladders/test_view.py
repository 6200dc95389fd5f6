"""The Ladder explorer's view: the `ladder` command's answer, the graph's nodes and edges, start titles, pay."""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from analytics.cli.ladder import TARGET_FIELDS, Profile, ladder_report
from analytics.ladders.view import (
    GRAPH_EDGE_SCHEMA,
    GRAPH_NODE_SCHEMA,
    START_TITLE_SCHEMA,
    ladder_start_titles,
    ladder_view,
    with_pay_ranges,
)

IWS = "Immigrant Workers Specialist"
CLASSES = pl.LazyFrame(
    [
        ("iws1", "d1", f"{IWS} 1", "8418100", "nys", "s1", IWS, 1, "18"),
        ("iws2", "d1", f"{IWS} 2", "8418200", "nys", "s1", IWS, 2, "23"),
        ("diws", "d1", "Director Immigrant Workers Services", "8418300", "nys", "s1", IWS, 3, "M-3"),
        ("ics1", "d2", "Immigrant Community Specialist 1", "8160100", "nys", "s2", "Immigrant Community Specialist",
         1, "18"),
        ("ecm", "d3", "Employment Case Manager", None, None, None, None, None, None),
    ],
    schema={"class_id": pl.String, "document_id": pl.String, "title": pl.String, "class_code": pl.String,
            "jurisdiction_id": pl.String, "series_id": pl.String, "series_name": pl.String,
            "level_in_series": pl.Int32, "grade": pl.String},
    orient="row",
)
EDGES = pl.LazyFrame(
    [
        ("d1", "nys", f"{IWS} 1", "Immigrant Community Specialists", "iws1", None, "related", None, 1.0),
        ("d3", None, "Social Services Worker", "Employment Case Manager", None, "ecm", "promotional_line", 3.0, 1.0),
    ],
    schema={"document_id": pl.String, "jurisdiction_id": pl.String, "from_title": pl.String, "to_title": pl.String,
            "from_class_id": pl.String, "to_class_id": pl.String, "kind": pl.String, "years": pl.Float64,
            "confidence": pl.Float64},
    orient="row",
)
PATHS = pl.LazyFrame(
    {"class_id": ["iws1", "iws2", "diws"], "path_order": [0, 0, 0], "education": ["bachelor"] * 3,
     "experience_years": [0.0, 4.0, 8.0]},
    schema={"class_id": pl.String, "path_order": pl.Int32, "education": pl.String, "experience_years": pl.Float64},
)
SUBSTITUTIONS = pl.LazyFrame({"class_id": ["iws2", "diws"], "education": ["master", "master"], "years": [1.0, 1.0]})
FRAMES = {"ladder_classes": CLASSES, "ladder_edges": EDGES, "class_qualification_paths": PATHS,
          "class_substitutions": SUBSTITUTIONS}
AS_OF = dt.date(2026, 1, 15)


@pytest.mark.parametrize("profile", [
    Profile(f"{IWS} 1", 3.0, 3.0, "master", AS_OF),
    Profile(f"{IWS} 1", 0.0, 0.0, "bachelor", AS_OF),
    Profile("8418200", 6.0, 2.0, "high_school", AS_OF),
    Profile("Social Services Worker", 1.0, 1.0, "none", AS_OF),
])
def test_targets_and_sideways_moves_are_the_ladder_commands(profile):
    view = ladder_view(FRAMES, profile)
    report = ladder_report(FRAMES, profile)

    assert view.title == report["title"]
    assert view.targets.select(TARGET_FIELDS).to_dicts() == report["targets"]
    assert view.lateral.select("title", "kind", "grade", "confidence").to_dicts() == report["lateral"]


def test_graph_nodes_are_the_start_then_titles_up_by_layer_then_sideways():
    view = ladder_view(FRAMES, Profile(f"{IWS} 1", 3.0, 3.0, "master", AS_OF))

    nodes = view.nodes.sort("role", "layer").select("node_id", "role", "layer", "eligible_now", "grade")
    expected = pl.DataFrame(
        [("ics1", "lateral", 0, None, "18"), ("iws1", "start", 0, None, "18"), ("iws2", "up", 1, True, "23"),
         ("diws", "up", 2, False, "M-3")],
        schema={k: GRAPH_NODE_SCHEMA[k] for k in ("node_id", "role", "layer", "eligible_now", "grade")}, orient="row",
    )
    assert_frame_equal(nodes, expected)
    assert view.nodes.schema == pl.Schema(GRAPH_NODE_SCHEMA)


def test_graph_edges_point_up_the_series_and_sideways_from_the_start():
    view = ladder_view(FRAMES, Profile(f"{IWS} 1", 3.0, 3.0, "master", AS_OF))

    expected = pl.DataFrame(
        [("iws1", "iws2", "series", None, False), ("iws2", "diws", "series", None, False),
         ("iws1", "ics1", "related", None, True)],
        schema=GRAPH_EDGE_SCHEMA, orient="row",
    )
    assert_frame_equal(view.edges, expected)


def test_a_title_only_named_in_a_document_starts_a_ladder_of_its_own():
    view = ladder_view(FRAMES, Profile("social services worker", 1.0, 1.0, "none", AS_OF))

    assert view.title == "Social Services Worker"
    assert view.targets.select("title", "years_to_eligible").rows() == [("Employment Case Manager", 2.0)]
    assert view.edges.select("kind", "years").rows() == [("promotional_line", 3.0)]


def test_unknown_title_raises_lookup_error():
    with pytest.raises(LookupError, match="unknown title"):
        ladder_view(FRAMES, Profile("No Such Title", 1.0, 1.0, "none", AS_OF))


def test_start_titles_are_one_per_title_ignoring_case_with_their_class_codes():
    nodes = pl.LazyFrame(
        {"node_id": ["a", "b", "c", "title:x"], "class_id": ["a", "b", "c", None],
         "title": ["Clerk", "CLERK", "Typist", "Messenger"], "class_code": ["2", "1", None, None]},
    )

    titles = ladder_start_titles(nodes).collect()

    expected = pl.DataFrame([("CLERK", "1, 2", 2), ("Messenger", None, 1), ("Typist", None, 1)],
                            schema=START_TITLE_SCHEMA, orient="row")
    assert_frame_equal(titles, expected)


def test_pay_ranges_join_by_node_keeping_rows_and_order():
    frame = pl.LazyFrame({"node_id": ["b", "title:x", "a"], "title": ["B", "X", "A"]})
    ranges = pl.LazyFrame({"class_id": ["a", "b"], "schedule_id": ["S", "S"], "grade": ["1", "2"],
                           "min_annual": [10.0, 20.0], "max_annual": [15.0, 25.0]})

    joined = with_pay_ranges(frame, ranges).collect()

    assert joined["node_id"].to_list() == ["b", "title:x", "a"]
    assert joined["min_annual"].to_list() == [20.0, None, 10.0]
    assert joined["pay_grade"].to_list() == ["2", None, "1"]
