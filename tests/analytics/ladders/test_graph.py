"""Ladder graph: resolved edges, nodes, upward edges and paths (checked against networkx), lateral moves."""

from __future__ import annotations

import random

import networkx as nx
import polars as pl
import pytest
from polars.testing import assert_frame_equal

from analytics.ladders.graph import (
    LATERAL_SCHEMA,
    NODE_SCHEMA,
    PATH_SCHEMA,
    RELATED_SCHEMA,
    RESOLVED_COLUMNS,
    UPWARD_SCHEMA,
    ladder_nodes,
    ladder_paths,
    lateral_moves,
    related_edges,
    resolved_edges,
    series_level_edges,
    start_nodes,
    upward_edges,
)

CLASS_SCHEMA = {
    "class_id": pl.String, "document_id": pl.String, "title": pl.String, "class_code": pl.String,
    "jurisdiction_id": pl.String, "series_id": pl.String, "series_name": pl.String,
    "level_in_series": pl.Int32, "grade": pl.String,
}
EDGE_SCHEMA = {
    "document_id": pl.String, "jurisdiction_id": pl.String, "from_title": pl.String, "to_title": pl.String,
    "from_class_id": pl.String, "to_class_id": pl.String, "kind": pl.String, "years": pl.Float64,
    "confidence": pl.Float64,
}
IWS, ICS = "Immigrant Workers Specialist", "Immigrant Community Specialist"
CLASSES = pl.LazyFrame(
    [
        ("iws1", "d1", f"{IWS} 1", "8418100", "nys", "s1", IWS, 1, "18"),
        ("iws2", "d1", f"{IWS} 2", "8418200", "nys", "s1", IWS, 2, "23"),
        ("diws", "d1", "Director Immigrant Workers Services", "8418300", "nys", "s1", IWS, 3, "M-3"),
        ("ics1", "d2", f"{ICS} 1", "8160100", "nys", "s2", ICS, 1, "18"),
        ("ics2", "d2", f"{ICS} 2", "8160200", "nys", "s2", ICS, 2, "23"),
        ("ecm", "d3", "Employment Case Manager", None, None, None, None, None, None),
        ("cw", "d4", "Social Services Worker", None, "ct", None, None, None, "18"),
    ],
    schema=CLASS_SCHEMA,
    orient="row",
)
EDGES = pl.LazyFrame(
    [
        ("d1", "nys", f"{IWS} 1", f"{IWS} 2", "iws1", "iws2", "series", None, 1.0),
        ("d1", "nys", f"{IWS} 1", f"{IWS} 2", "iws1", "iws2", "supervision", None, 1.0),
        ("d1", "nys", f"{IWS} 1", f"{ICS}s", "iws1", None, "related", None, 1.0),
        ("d3", None, "Social Services Worker", "Employment Case Manager", None, "ecm", "promotional_line", 3.0, 1.0),
        ("d3", None, "Employment Case Manager", "Senior Employment Case Manager", "ecm", None, "supervision", None, 1.0),
    ],
    schema=EDGE_SCHEMA,
    orient="row",
)
QUALIFICATIONS = pl.LazyFrame(
    {"class_id": ["iws1", "iws2", "diws", "ecm"], "path_order": [1, 1, 1, 1],
     "education": ["bachelor"] * 4, "experience_years": [2.0, 4.0, 8.0, 1.0]}
)


@pytest.fixture(scope="module")
def resolved() -> pl.LazyFrame:
    return resolved_edges(CLASSES, EDGES).collect().lazy()


def test_public_frames_have_their_stated_schemas(resolved):
    # Arrange
    nodes = ladder_nodes(CLASSES, resolved)
    related = related_edges(resolved, CLASSES)
    upward = upward_edges(resolved, CLASSES, QUALIFICATIONS)

    # Act
    schemas = {
        "resolved": list(resolved.collect_schema()),
        "nodes": nodes.collect_schema(),
        "upward": upward.collect_schema(),
        "related": related.collect_schema(),
        "lateral": lateral_moves(related, nodes, start_node_ids=["iws1"]).collect_schema(),
        "paths": ladder_paths(upward, start_node_ids=["iws1"]).collect_schema(),
    }

    # Assert
    assert schemas == {
        "resolved": list(RESOLVED_COLUMNS), "nodes": pl.Schema(NODE_SCHEMA), "upward": pl.Schema(UPWARD_SCHEMA),
        "related": pl.Schema(RELATED_SCHEMA), "lateral": pl.Schema(LATERAL_SCHEMA), "paths": pl.Schema(PATH_SCHEMA),
    }


def test_resolved_edges_name_a_node_for_titles_without_a_class(resolved):
    # Act
    got = resolved.select("kind", "from_node_id", "to_node_id", "confidence").collect().sort("kind", "to_node_id")

    # Assert: Social Services Worker in Connecticut is another employer's class, not the county's title.
    assert got.rows() == [
        ("promotional_line", "title:social service worker", "ecm", 1.0),
        ("related", "iws1", "ics1", 0.9),
        ("related", "iws1", "ics2", 0.9),
        ("series", "iws1", "iws2", 1.0),
        ("supervision", "iws1", "iws2", 1.0),
        ("supervision", "ecm", "title:senior employment case manager", 1.0),
    ]


def test_ladder_nodes_add_named_titles_to_classes(resolved):
    # Act
    got = ladder_nodes(CLASSES, resolved).filter(pl.col("class_id").is_null()).collect().sort("node_id")

    # Assert
    assert got.select("node_id", "title").rows() == [
        ("title:senior employment case manager", "Senior Employment Case Manager"),
        ("title:social service worker", "Social Services Worker"),
    ]


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("social services worker", ["cw", "title:social service worker"]),
        ("8418200", ["iws2"]),
        ("  Immigrant   workers specialist 1 ", ["iws1"]),
        ("Chief Wizard", []),
    ],
)
def test_start_nodes_by_title_ignoring_case_or_class_code(resolved, title, expected):
    nodes = ladder_nodes(CLASSES, resolved)

    got = start_nodes(nodes, title=title).collect()

    assert sorted(got["node_id"].to_list()) == expected


def test_series_level_edges_join_consecutive_levels_even_with_gaps():
    # Arrange
    classes = pl.LazyFrame(
        {"class_id": ["a1", "a2", "a4", "b1"], "series_id": ["a", "a", "a", "b"], "level_in_series": [1, 2, 4, 1]}
    )

    # Act
    got = series_level_edges(classes).collect().sort("from_node_id")

    # Assert
    assert got.select("from_node_id", "to_node_id", "kind").rows() == [("a1", "a2", "series"), ("a2", "a4", "series")]


def test_upward_edges_keep_one_edge_per_pair_and_minimum_years(resolved):
    # Act
    got = upward_edges(resolved, CLASSES, QUALIFICATIONS).collect().sort("from_node_id", "to_node_id")

    # Assert: series beats supervision; min_years is stated years, else the rise in required experience.
    assert_frame_equal(
        got.select("from_node_id", "to_node_id", "kind", "years", "min_years"),
        pl.DataFrame(
            [
                ("ecm", "title:senior employment case manager", "supervision", None, 0.0),
                ("ics1", "ics2", "series", None, 0.0),
                ("iws1", "iws2", "series", None, 2.0),
                ("iws2", "diws", "series", None, 4.0),
                ("title:social service worker", "ecm", "promotional_line", 3.0, 3.0),
            ],
            schema={"from_node_id": pl.String, "to_node_id": pl.String, "kind": pl.String, "years": pl.Float64,
                    "min_years": pl.Float64},
            orient="row",
        ),
    )


def _upward(edges: list[tuple[str, str, float]]) -> pl.LazyFrame:
    return pl.LazyFrame(
        [(f, t, "series", None, w) for f, t, w in edges],
        schema={"from_node_id": pl.String, "to_node_id": pl.String, "kind": pl.String, "years": pl.Float64,
                "min_years": pl.Float64},
        orient="row",
    )


def test_ladder_paths_are_simple_and_stop_at_max_depth():
    # Arrange: a cycle a -> b -> c -> a and a long tail c -> d -> e.
    upward = _upward([("a", "b", 1.0), ("b", "c", 2.0), ("c", "a", 1.0), ("c", "d", 0.5), ("d", "e", 1.0)])

    # Act
    got = ladder_paths(upward, start_node_ids=["a"], max_depth=3).collect().sort("depth")

    # Assert
    assert_frame_equal(
        got,
        pl.DataFrame(
            {
                "start_node_id": ["a", "a", "a"], "node_id": ["b", "c", "d"], "depth": [1, 2, 3],
                "node_ids": [["a", "b"], ["a", "b", "c"], ["a", "b", "c", "d"]],
                "kinds": [["series"], ["series"] * 2, ["series"] * 3],
                "edge_years": [[None], [None] * 2, [None] * 3],
                "cumulative_min_years": [1.0, 3.0, 3.5],
            },
            schema=PATH_SCHEMA,
        ),
    )


def _random_graph(seed: int, n_nodes: int, n_edges: int) -> list[tuple[str, str, float]]:
    rng = random.Random(seed)
    pairs = {(rng.randrange(n_nodes), rng.randrange(n_nodes)) for _ in range(n_edges)}
    return [(f"n{a}", f"n{b}", float(rng.randint(0, 4))) for a, b in sorted(pairs) if a != b]


def _min_years(got: pl.DataFrame) -> dict[str, float]:
    return {row[0]: row[1] for row in got.group_by("node_id").agg(pl.col("cumulative_min_years").min()).rows()}


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_ladder_paths_match_networkx_on_a_random_graph(seed):
    # Arrange
    edges = _random_graph(seed, n_nodes=25, n_edges=55)
    graph = nx.DiGraph()
    graph.add_weighted_edges_from(edges)
    start = max(sorted(graph.nodes), key=lambda n: len(nx.descendants(graph, n)))
    depth = 6
    expected: dict[str, float] = {}
    n_paths = 0
    for target in graph.nodes - {start}:
        for path in nx.all_simple_paths(graph, start, target, cutoff=depth):
            n_paths += 1
            weight = nx.path_weight(graph, path, "weight")
            expected[target] = min(weight, expected.get(target, weight))

    # Act
    got = ladder_paths(_upward(edges), start_node_ids=[start], max_depth=depth).collect()

    # Assert
    assert len(expected) > 5
    assert set(got["node_id"]) == set(expected)
    assert _min_years(got) == expected
    assert got.height == n_paths


def test_ladder_paths_without_depth_limit_match_dijkstra():
    # Arrange
    edges = _random_graph(9, n_nodes=14, n_edges=24)
    graph = nx.DiGraph()
    graph.add_weighted_edges_from(edges)

    # Act
    got = ladder_paths(_upward(edges), start_node_ids=["n0"], max_depth=14).collect()

    # Assert
    expected = nx.single_source_dijkstra_path_length(graph, "n0")
    expected.pop("n0")
    assert _min_years(got) == expected


def test_related_edges_apply_to_the_whole_series_level_for_level(resolved):
    # Act
    got = related_edges(resolved, CLASSES).collect().sort("from_node_id", "to_node_id")

    # Assert: stated on level 1 only, inherited by level 2; the director (level 3) has no level 3 to match.
    assert got.rows() == [
        ("diws", "ics1", 0.9), ("diws", "ics2", 0.9),
        ("ics1", "diws", 0.9), ("ics1", "iws1", 0.9), ("ics2", "diws", 0.9), ("ics2", "iws2", 0.9),
        ("iws1", "ics1", 0.9), ("iws2", "ics2", 0.9),
    ]


def test_lateral_moves_related_first_then_same_grade_in_the_same_jurisdiction(resolved):
    # Arrange: "cw" is grade 18 too, but in Connecticut.
    nodes = ladder_nodes(CLASSES, resolved)
    related = related_edges(resolved, CLASSES)

    # Act
    got = lateral_moves(related, nodes, start_node_ids=["iws1", "ics2"]).collect().sort("start_node_id", "node_id")

    # Assert
    assert got.select("start_node_id", "node_id", "kind", "grade", "confidence").rows() == [
        ("ics2", "diws", "related", "M-3", 0.9),
        ("ics2", "iws2", "related", "23", 0.9),
        ("iws1", "ics1", "related", "18", 0.9),
    ]


def test_lateral_moves_same_grade_without_a_stated_relation():
    # Arrange
    nodes = pl.LazyFrame(
        {"node_id": ["a", "b", "c"], "class_id": ["a", "b", "c"], "title": ["A", "B", "C"], "class_code": [None] * 3,
         "jurisdiction_id": ["j", "j", "k"], "series_id": [None] * 3, "level_in_series": [None] * 3,
         "grade": ["7", "7", "7"]},
        schema=NODE_SCHEMA,
    )
    related = pl.LazyFrame(schema={"from_node_id": pl.String, "to_node_id": pl.String, "confidence": pl.Float64})

    # Act
    got = lateral_moves(related, nodes, start_node_ids=["a"]).collect()

    # Assert
    # a derived move carries its kind's confidence (vocabulary.EDGE_KINDS), not a constant 1
    assert got.select("node_id", "title", "kind", "grade", "confidence").rows() == [("b", "B", "same_grade", "7", 0.5)]


def test_lateral_moves_the_other_track_at_one_level_of_a_series():
    # Arrange: a and b share level 2 of series s (Specialist / Supervisor); c is the next level.
    nodes = pl.LazyFrame(
        {"node_id": ["a", "b", "c"], "class_id": ["a", "b", "c"], "title": ["A (Spec)", "A (Sup)", "C"],
         "class_code": [None] * 3, "jurisdiction_id": ["j", "j", "j"], "series_id": ["s", "s", "s"],
         "level_in_series": [2, 2, 3], "grade": [None] * 3},
        schema=NODE_SCHEMA,
    )
    related = pl.LazyFrame(schema={"from_node_id": pl.String, "to_node_id": pl.String, "confidence": pl.Float64})

    # Act
    got = lateral_moves(related, nodes, start_node_ids=["a"]).collect()

    # Assert
    assert got.select("node_id", "kind", "confidence").rows() == [("b", "same_level", 0.9)]


def test_series_levels_lead_across_tracks_with_the_confidence_of_their_order():
    # Arrange: level 1, two parallel classes at level 2 ordered by document order, then level 3.
    classes = pl.LazyFrame({
        "class_id": ["a", "b1", "b2", "c"], "series_id": ["s"] * 4, "level_in_series": [1, 2, 2, 3],
        "level_basis": ["document"] * 4,
    })

    # Act
    got = series_level_edges(classes).collect().sort("from_node_id", "to_node_id")

    # Assert: no edge between b1 and b2; 0.75 = series 1.0 x document order 0.75
    assert got.select("from_node_id", "to_node_id", "confidence").rows() == [
        ("a", "b1", 0.75), ("a", "b2", 0.75), ("b1", "c", 0.75), ("b2", "c", 0.75)]
