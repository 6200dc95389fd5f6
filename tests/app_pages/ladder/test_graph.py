"""The ladder graph figure: layers, the bottom row, skip-layer lanes, and what each box says."""

from __future__ import annotations

import datetime as dt

import polars as pl

from analytics.ladders.view import GRAPH_EDGE_SCHEMA, GRAPH_NODE_SCHEMA
from app_pages.ladder.graph import BOX_W, ladder_figure, node_positions

NODE_COLUMNS = ("node_id", "title", "grade", "role", "layer", "kind", "eligible_now", "years_to_eligible",
                "earliest_eligible_date")


def _nodes(rows: list[tuple]) -> pl.DataFrame:
    frame = pl.DataFrame(rows, schema={k: GRAPH_NODE_SCHEMA[k] for k in NODE_COLUMNS}, orient="row")
    return frame.with_columns(pl.col("node_id").alias("class_id"), class_code=pl.lit(None, pl.String),
                              binding_constraint=pl.lit("needs 4 years of experience"),
                              min_annual=pl.lit(86681.0), max_annual=pl.lit(109650.0))


def _edges(rows: list[tuple]) -> pl.DataFrame:
    return pl.DataFrame(rows, schema=GRAPH_EDGE_SCHEMA, orient="row")


LATER = dt.date(2030, 11, 1)
NODES = _nodes([
    ("a", "Clerk 1", "18", "start", 0, None, None, None, None),
    ("b", "Clerk 2", "23", "up", 1, "series", True, 0.0, dt.date(2026, 11, 1)),
    ("c", "Clerk 3", "27", "up", 1, "promotional_line", False, 4.0, LATER),  # capped depth: drawn above b
    ("s", "Typist", "18", "lateral", 0, "related", None, None, None),
])
EDGES = _edges([("a", "b", "series", None, False), ("b", "c", "series", None, False),
                ("a", "c", "promotional_line", 2.0, False), ("a", "s", "related", None, True)])


def test_every_arrow_points_up_and_the_start_leads_the_bottom_row():
    pos = node_positions(NODES, EDGES)

    assert pos["a"] == (0.0, 0.0) and pos["s"] == (1.0, 0.0)
    assert pos["b"][1] == 1.0 and pos["c"][1] == 2.0


def test_each_title_is_a_box_with_its_grade_pay_and_status():
    fig = ladder_figure(NODES, EDGES)

    boxes = [a.text for a in fig.layout.annotations if a.width == BOX_W]
    assert len(boxes) == 4
    clerk3 = next(b for b in boxes if "Clerk 3" in b)
    assert "Grade 27 · $86,681–$109,650" in clerk3 and "In 4 years (Nov 2030)" in clerk3
    labels = {a.text for a in fig.layout.annotations if a.width is None and a.text}
    assert {"series", "2 years", "related"} <= labels  # a skipping arrow is labelled with its years


def test_an_arrow_skipping_a_layer_runs_in_the_gap_beside_the_column():
    fig = ladder_figure(NODES, EDGES)

    skip = [s.path for s in fig.layout.shapes if s.path and s.path.count(" L ") == 3]
    assert len(skip) == 1
    lane_x = float(skip[0].split(" L ")[1].split(",")[0])
    assert 0.4 < lane_x < 0.6  # between column 0 and column 1, clear of both boxes
