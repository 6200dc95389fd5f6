"""The Ladder explorer's answer for one person: the `ladder` command's targets and sideways moves, plus the graph."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import polars as pl

from analytics.ladders.eligibility import eligibility_timeline
from analytics.ladders.graph import (
    ladder_nodes,
    ladder_paths,
    lateral_moves,
    related_edges,
    resolved_edges,
    start_nodes,
    upward_edges,
)

START, UP, LATERAL = "start", "up", "lateral"
START_TITLE_SCHEMA = {"title": pl.String, "class_codes": pl.String, "n_nodes": pl.UInt32}
GRAPH_NODE_SCHEMA = {
    "node_id": pl.String, "class_id": pl.String, "title": pl.String, "class_code": pl.String, "grade": pl.String,
    "role": pl.String, "layer": pl.Int32, "kind": pl.String, "eligible_now": pl.Boolean,
    "years_to_eligible": pl.Float64, "earliest_eligible_date": pl.Date, "binding_constraint": pl.String,
    "status": pl.String,
}
GRAPH_EDGE_SCHEMA = {
    "from_node_id": pl.String, "to_node_id": pl.String, "kind": pl.String, "years": pl.Float64,
    "is_lateral": pl.Boolean,
}
MAX_YEARS = 80.0  # years of experience or in title a profile may state
MAX_COURSEWORK_UNITS = 400.0  # semester units a profile may state (a doctorate is well under)
PAY_RANGE_COLUMNS = ("pay_schedule_id", "pay_grade", "min_annual", "max_annual")


@dataclass(frozen=True)
class Profile:
    """A person whose ladder is drawn: current title, years of experience in all and in the title,
    highest education, the date eligibility is counted from, and years of supervisory experience.

    jurisdiction (a jurisdiction_id) chooses among titles of one name in several jurisdictions; None
    starts from every one of them.
    """

    title: str
    years_total: float
    years_in_title: float
    education: str
    as_of: dt.date
    years_supervisory: float = 0.0
    coursework_units: float | None = None  # semester units of the coursework a title asks for, when stated
    jurisdiction: str | None = None


@dataclass(frozen=True)
class LadderView:
    """One person's ladder: the resolved title, the targets up and sideways, and the graph of both.

    targets: TIMELINE_SCHEMA rows plus the stated grade, in the `ladder` command's order (soonest first).
    lateral: LATERAL_SCHEMA rows less start_node_id, one per title, in the command's order.
    nodes: GRAPH_NODE_SCHEMA, one row per title drawn; edges: GRAPH_EDGE_SCHEMA, one row per arrow.
    """

    title: str
    start_node_ids: tuple[str, ...]
    targets: pl.DataFrame
    lateral: pl.DataFrame
    nodes: pl.DataFrame
    edges: pl.DataFrame


def ladder_start_titles(nodes: pl.LazyFrame) -> pl.LazyFrame:
    """One row per distinct title (ignoring case) a ladder can start from: title, class_codes, n_nodes.

    Input: ladder_nodes rows. class_codes joins the codes of every node with that title (", ").
    """
    return (
        nodes.with_columns(key=pl.col("title").str.to_lowercase())
        .group_by("key")
        .agg(
            pl.col("title").min(),
            class_codes=pl.col("class_code").drop_nulls().unique().sort().str.join(", "),
            n_nodes=pl.len(),
        )
        .with_columns(class_codes=pl.when(pl.col("class_codes") != "").then(pl.col("class_codes")))
        .select(list(START_TITLE_SCHEMA))
        .cast(START_TITLE_SCHEMA)
        .sort("title")
    )


def ladder_view(frames: dict[str, pl.LazyFrame], profile: Profile) -> LadderView:
    """Return the person's LadderView, computed as `python -m analytics ladder` computes its report.

    Args:
        frames: ladder_classes, ladder_edges, class_qualification_paths and class_substitutions rows.
        profile: the person.

    Raises:
        LookupError: no job class, class code or named title matches profile.title (in profile.jurisdiction,
            when given).
    """
    classes, quals, subs = frames["ladder_classes"], frames["class_qualification_paths"], frames["class_substitutions"]
    resolved = resolved_edges(classes, frames["ladder_edges"]).collect().lazy()
    nodes = ladder_nodes(classes, resolved).collect().lazy()
    starts = start_nodes(nodes, title=profile.title)
    if profile.jurisdiction is not None:
        in_jurisdiction = nodes.filter(pl.col("jurisdiction_id") == profile.jurisdiction).select("node_id")
        starts = starts.join(in_jurisdiction, on="node_id", how="semi")
    starts = starts.collect().sort("node_id")
    if starts.is_empty():
        where = f" in jurisdiction {profile.jurisdiction!r}" if profile.jurisdiction is not None else ""
        raise LookupError(f"unknown title {profile.title!r}{where}: no job class, class code or named title matches")
    start_ids = starts["node_id"].to_list()
    upward = upward_edges(resolved, classes, quals).collect().lazy()
    paths = ladder_paths(upward, start_node_ids=start_ids).collect().lazy()
    timeline = eligibility_timeline(
        paths, nodes, quals, subs, education=profile.education, years_total=profile.years_total,
        years_in_title=profile.years_in_title, as_of=profile.as_of, years_supervisory=profile.years_supervisory,
        coursework_units=profile.coursework_units,
    ).filter(~pl.col("node_id").is_in(start_ids))
    targets = (
        timeline.join(nodes.select("node_id", "grade"), on="node_id", how="left")
        .sort(["years_to_eligible", "depth", "title"], nulls_last=True)
        .collect()
    )
    lateral = (
        lateral_moves(related_edges(resolved, classes), nodes, start_node_ids=start_ids)
        .filter(~pl.col("node_id").is_in(start_ids))
        .group_by("node_id")
        .agg(pl.all().sort_by("confidence", descending=True).first())
        .sort(["confidence", "title"], descending=[True, False])
        .drop("start_node_id")
        .collect()
    )
    graph = graph_nodes(nodes, paths, targets.lazy(), lateral.lazy(), start_node_ids=start_ids).collect()
    edges = graph_edges(upward, graph.lazy(), start_node_ids=start_ids).collect()
    return LadderView(starts["title"][0], tuple(start_ids), targets, lateral, graph, edges)


def graph_nodes(nodes: pl.LazyFrame, paths: pl.LazyFrame, targets: pl.LazyFrame, lateral: pl.LazyFrame, *,
                start_node_ids: list[str]) -> pl.LazyFrame:
    """One row per title drawn (GRAPH_NODE_SCHEMA): the start titles, every title up, every title sideways.

    layer is 0 for a start or sideways title and, for a title up, the longest path to it, so every
    upward arrow points to a higher layer. A title both up and sideways is drawn up.
    """
    facts = nodes.select("node_id", "class_id", "class_code", "grade")
    layers = paths.group_by("node_id").agg(layer=pl.col("depth").max())
    start = nodes.filter(pl.col("node_id").is_in(start_node_ids)).select(
        "node_id", "class_id", "title", "class_code", "grade", role=pl.lit(START), layer=pl.lit(0)
    )
    up = (
        targets.drop("depth", "via_title", "required_years", "grade")
        .join(facts, on="node_id", how="left")
        .join(layers, on="node_id", how="left")
        .with_columns(role=pl.lit(UP))
    )
    side = (
        lateral.join(targets.select("node_id"), on="node_id", how="anti")
        .select("node_id", "kind")
        .join(nodes.select("node_id", "class_id", "title", "class_code", "grade"), on="node_id", how="left")
        .with_columns(role=pl.lit(LATERAL), layer=pl.lit(0))
    )
    return pl.concat([start, up, side], how="diagonal_relaxed").select(list(GRAPH_NODE_SCHEMA)).cast(GRAPH_NODE_SCHEMA)


def graph_edges(upward: pl.LazyFrame, drawn: pl.LazyFrame, *, start_node_ids: list[str]) -> pl.LazyFrame:
    """One row per arrow between drawn titles (GRAPH_EDGE_SCHEMA): upward edges into titles up, then a
    sideways edge from each start title to each sideways title (kind related or same_grade)."""
    shown = drawn.filter(pl.col("role") != LATERAL).select("node_id")
    ups = drawn.filter(pl.col("role") == UP).select("node_id")
    arrows = (
        upward.join(shown.select(from_node_id="node_id"), on="from_node_id", how="semi")
        .join(ups.select(to_node_id="node_id"), on="to_node_id", how="semi")
        .select("from_node_id", "to_node_id", "kind", "years", is_lateral=pl.lit(False))
    )
    starts = pl.LazyFrame({"from_node_id": start_node_ids}, schema={"from_node_id": pl.String})
    sideways = starts.join(
        drawn.filter(pl.col("role") == LATERAL).select(to_node_id="node_id", kind="kind"), how="cross"
    ).with_columns(years=pl.lit(None, pl.Float64), is_lateral=pl.lit(True))
    return (
        pl.concat([arrows, sideways], how="diagonal_relaxed")
        .select(list(GRAPH_EDGE_SCHEMA))
        .cast(GRAPH_EDGE_SCHEMA)
        .sort("is_lateral", "from_node_id", "to_node_id")
    )


def with_pay_ranges(frame: pl.LazyFrame, ranges: pl.LazyFrame) -> pl.LazyFrame:
    """The frame's rows (keyed by node_id) plus pay_schedule_id, pay_grade, min_annual, max_annual and
    pay_range_only (null if unpaid).

    Input ranges: pay_paths.class_pay_ranges rows; a class's node_id is its class_id.
    """
    stated = ranges.collect_schema().names()
    pay = ranges.select(
        node_id="class_id", pay_schedule_id="schedule_id", pay_grade="grade", min_annual="min_annual",
        max_annual="max_annual",
        pay_range_only=pl.col("range_only") if "range_only" in stated else pl.lit(None, pl.Boolean),
    )
    return frame.join(pay, on="node_id", how="left", maintain_order="left")

