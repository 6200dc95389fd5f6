"""Career ladders: upward and lateral edges between job classes, and the paths up from a title."""

from __future__ import annotations

from collections.abc import Sequence

import polars as pl

from analytics.ladders.titles import DEFAULT_THRESHOLD, title_matches
from analytics.vocabulary import (
    EDGE_KINDS,
    LEVEL_BASIS_CONFIDENCE,
    LEVEL_DOCUMENT,
    RELATED,
    SAME_GRADE,
    SAME_LEVEL,
    SERIES,
    UPWARD_EDGE_KINDS,
    title_key_expr,
)

# When two stated edges join the same pair, the first kind here is the one kept: a promotional
# line or feeder states the years in the lower title, a series or supervision edge does not.
MAX_DEPTH = 6
NAMED_TITLE_PREFIX = "title:"
# Scope of a title match: a title stated in a document names a class of the same document, then of
# the same jurisdiction; only related classes may name a class of another jurisdiction.
SAME_DOCUMENT, SAME_JURISDICTION, ELSEWHERE = 0, 1, 2

RESOLVED_COLUMNS = (
    "edge_id", "document_id", "jurisdiction_id", "kind", "years", "confidence",
    "from_title", "to_title", "from_node_id", "to_node_id", "from_class_id", "to_class_id",
)
NODE_SCHEMA = {
    "node_id": pl.String, "class_id": pl.String, "title": pl.String, "class_code": pl.String,
    "jurisdiction_id": pl.String, "series_id": pl.String, "level_in_series": pl.Int32, "grade": pl.String,
}
UPWARD_SCHEMA = {
    "from_node_id": pl.String, "to_node_id": pl.String, "kind": pl.String, "years": pl.Float64,
    "min_years": pl.Float64, "confidence": pl.Float64,
}
RELATED_SCHEMA = {"from_node_id": pl.String, "to_node_id": pl.String, "confidence": pl.Float64}
LATERAL_SCHEMA = {
    "start_node_id": pl.String, "node_id": pl.String, "title": pl.String, "kind": pl.String, "grade": pl.String,
    "confidence": pl.Float64,
}
PATH_SCHEMA = {
    "start_node_id": pl.String,
    "node_id": pl.String,
    "depth": pl.Int32,
    "node_ids": pl.List(pl.String),
    "kinds": pl.List(pl.String),
    "edge_years": pl.List(pl.Float64),
    "cumulative_min_years": pl.Float64,
}


def resolved_edges(classes: pl.LazyFrame, edges: pl.LazyFrame, *, threshold: float = DEFAULT_THRESHOLD) -> pl.LazyFrame:
    """One row per stated edge and resolved endpoints: edge_id, document_id, jurisdiction_id, kind, years, confidence,
    from_title, to_title, from_node_id, to_node_id, from_class_id, to_class_id.

    A title naming no loaded class becomes a node of its own (`title:<key>`, no class_id); a title
    naming a whole series resolves to each class of it. confidence = stated x match confidence.
    """
    # The table's key names an edge; a row index would not do, as lazy row order is not kept.
    numbered = edges.with_columns(
        edge_id=pl.concat_str(["document_id", "kind", "from_title", "to_title"], separator="|", ignore_nulls=True)
    )
    endpoints = pl.concat([_endpoints(numbered, "from"), _endpoints(numbered, "to")])
    ends = _resolved_endpoints(endpoints, classes, threshold)
    sides = [
        ends.filter(pl.col("side") == side).select(
            "edge_id",
            pl.col("node_id").alias(f"{side}_node_id"),
            pl.col("class_id").alias(f"{side}_class_id"),
            pl.col("match_confidence").alias(f"{side}_match"),
        )
        for side in ("from", "to")
    ]
    return (
        numbered.drop("from_class_id", "to_class_id")
        .join(sides[0], on="edge_id")
        .join(sides[1], on="edge_id")
        .with_columns(confidence=(pl.col("confidence") * pl.min_horizontal("from_match", "to_match")).round(3))
        .select(RESOLVED_COLUMNS)
    )


def _endpoints(numbered: pl.LazyFrame, side: str) -> pl.LazyFrame:
    """One row per edge end: edge_id, side, title, class_id, document_id, jurisdiction_id, kind."""
    return numbered.select(
        "edge_id",
        side=pl.lit(side),
        title=pl.col(f"{side}_title"),
        class_id=pl.col(f"{side}_class_id"),
        document_id=pl.col("document_id"),
        jurisdiction_id=pl.col("jurisdiction_id"),
        kind=pl.col("kind"),
    )


def _resolved_endpoints(ends: pl.LazyFrame, classes: pl.LazyFrame, threshold: float) -> pl.LazyFrame:
    """One row per (edge end, node): edge_id, side, node_id, class_id, match_confidence."""
    out = ["edge_id", "side", "node_id", "class_id", "match_confidence"]
    given = ends.filter(pl.col("class_id").is_not_null()).with_columns(
        node_id=pl.col("class_id"), match_confidence=pl.lit(1.0)
    )
    open_ends = ends.filter(pl.col("class_id").is_null()).drop("class_id")
    owners = classes.select("class_id", class_document_id="document_id", class_jurisdiction_id="jurisdiction_id")
    scope = (
        pl.when(pl.col("class_document_id") == pl.col("document_id")).then(pl.lit(SAME_DOCUMENT))
        .when(pl.col("class_jurisdiction_id") == pl.col("jurisdiction_id")).then(pl.lit(SAME_JURISDICTION))
        .otherwise(pl.lit(ELSEWHERE))
    )
    end = ["edge_id", "side"]
    matched = (
        open_ends.join(title_matches(open_ends, classes, threshold=threshold), on="title")
        .join(owners, on="class_id")
        .with_columns(scope=scope)
        .filter((pl.col("scope") < ELSEWHERE) | (pl.col("kind") == RELATED))
        .filter(pl.col("scope") == pl.col("scope").min().over(end))
        .filter(pl.col("confidence") == pl.col("confidence").max().over(end))
        .with_columns(node_id=pl.col("class_id"), match_confidence=pl.col("confidence"))
    )
    named = open_ends.join(matched.select(end).unique(), on=end, how="anti").with_columns(
        node_id=pl.lit(NAMED_TITLE_PREFIX) + title_key_expr(pl.col("title")),
        class_id=pl.lit(None, dtype=pl.String),
        match_confidence=pl.lit(1.0),
    )
    return pl.concat([given.select(out), matched.select(out), named.select(out)])


def ladder_nodes(classes: pl.LazyFrame, resolved: pl.LazyFrame) -> pl.LazyFrame:
    """One row per node: node_id, class_id (null for a title only named in a document), title, class_code,
    jurisdiction_id, series_id, level_in_series, grade."""
    class_nodes = classes.select(
        pl.col("class_id").alias("node_id"),
        "class_id", "title", "class_code", "jurisdiction_id", "series_id", "level_in_series", "grade",
    )
    named = pl.concat(
        [
            resolved.filter(pl.col(f"{side}_class_id").is_null()).select(
                node_id=pl.col(f"{side}_node_id"), title=pl.col(f"{side}_title"), jurisdiction_id="jurisdiction_id"
            )
            for side in ("from", "to")
        ]
    ).group_by("node_id").agg(pl.col("title").min(), pl.col("jurisdiction_id").min())
    return pl.concat([class_nodes, named], how="diagonal_relaxed").select(list(NODE_SCHEMA)).cast(NODE_SCHEMA)


def start_nodes(nodes: pl.LazyFrame, *, title: str) -> pl.LazyFrame:
    """One row per node a user's title names (same title ignoring case, or its class code): node_id, title."""
    wanted = " ".join(title.split()).lower()
    same_title = pl.col("title").str.to_lowercase() == wanted
    same_code = pl.col("class_code").str.to_lowercase() == wanted
    return nodes.filter(same_title | same_code.fill_null(False)).select("node_id", "title")


def series_level_edges(classes: pl.LazyFrame) -> pl.LazyFrame:
    """One row per (lower, next higher) level pair of a series: from_node_id, to_node_id, kind, years, confidence.

    Every class at a level leads to every class at the next (parallel tracks cross); classes at one level
    are not linked upward. confidence = the series kind's x how the levels were ordered (level_basis;
    document order when not recorded).
    """
    ranked = classes.filter(pl.col("series_id").is_not_null() & pl.col("level_in_series").is_not_null())
    levels = (
        ranked.select("series_id", "level_in_series")
        .unique()
        .with_columns(next_level=pl.col("level_in_series").shift(-1).over("series_id", order_by="level_in_series"))
        .drop_nulls("next_level")
    )
    upper = ranked.select("series_id", next_level="level_in_series", to_node_id="class_id")
    return (
        ranked.select("series_id", "level_in_series", from_node_id="class_id", basis=_level_basis(classes))
        .join(levels, on=["series_id", "level_in_series"])
        .join(upper, on=["series_id", "next_level"])
        .select(
            "from_node_id",
            "to_node_id",
            kind=pl.lit(SERIES),
            years=pl.lit(None, dtype=pl.Float64),
            confidence=_basis_confidence(EDGE_KINDS[SERIES].confidence),
        )
    )


def _peers(starts: pl.LazyFrame, nodes: pl.LazyFrame, *, on: list[str], kind: str) -> pl.LazyFrame:
    """One row per (start_node_id, node_id) of another class sharing the start's values of `on` (all stated)."""
    peers = nodes.filter(pl.col("class_id").is_not_null()).select("node_id", *on)
    return (
        starts.select("node_id", *on).rename({"node_id": "start_node_id"})
        .drop_nulls(on)
        .join(peers, on=on)
        .filter(pl.col("start_node_id") != pl.col("node_id"))
        .select("start_node_id", "node_id", kind=pl.lit(kind), confidence=_kind_confidence(kind))
    )


def _kind_confidence(kind: str) -> pl.Expr:
    return pl.lit(EDGE_KINDS[kind].confidence)


def _level_basis(classes: pl.LazyFrame) -> pl.Expr:
    """Return each class's level_basis (document order when the frame or the row has none)."""
    if "level_basis" not in classes.collect_schema().names():
        return pl.lit(LEVEL_DOCUMENT)
    return pl.col("level_basis").fill_null(LEVEL_DOCUMENT)


def _basis_confidence(kind_confidence: float) -> pl.Expr:
    factor = pl.col("basis").replace_strict(LEVEL_BASIS_CONFIDENCE, default=LEVEL_BASIS_CONFIDENCE[LEVEL_DOCUMENT],
                                            return_dtype=pl.Float64)
    return (factor * kind_confidence).round(3)


def upward_edges(resolved: pl.LazyFrame, classes: pl.LazyFrame, qualification_paths: pl.LazyFrame) -> pl.LazyFrame:
    """One row per upward (from_node_id, to_node_id): kind, years (stated), min_years, confidence.

    min_years is the edge's stated years in the lower title; otherwise the rise in minimum experience
    between the two classes (never below zero), so a path's sum is the least time it can take.
    """
    stated = resolved.filter(pl.col("kind").is_in(UPWARD_EDGE_KINDS)).select(
        "from_node_id", "to_node_id", "kind", "years", "confidence"
    )
    rank = pl.col("kind").replace_strict({kind: i for i, kind in enumerate(UPWARD_EDGE_KINDS)}, return_dtype=pl.Int32)
    least = qualification_paths.group_by("class_id").agg(
        least_years=pl.col("experience_years").fill_null(0.0).min()
    )
    rise = (pl.col("to_least") - pl.col("from_least")).clip(lower_bound=0.0)
    return (
        pl.concat([stated, series_level_edges(classes)])
        .filter(pl.col("from_node_id") != pl.col("to_node_id"))
        .group_by("from_node_id", "to_node_id")
        .agg(pl.all().sort_by([rank, pl.col("confidence")], descending=[False, True]).first())
        .join(least.select(from_node_id="class_id", from_least="least_years"), on="from_node_id", how="left")
        .join(least.select(to_node_id="class_id", to_least="least_years"), on="to_node_id", how="left")
        .with_columns(min_years=pl.coalesce(pl.col("years"), rise, pl.lit(0.0)))
        .select(list(UPWARD_SCHEMA))
        .cast(UPWARD_SCHEMA)
    )


def ladder_paths(upward: pl.LazyFrame, *, start_node_ids: Sequence[str], max_depth: int = MAX_DEPTH) -> pl.LazyFrame:
    """One row per simple upward path from a start node, up to max_depth edges: start_node_id, node_id (the end),
    depth, node_ids (start first), kinds, edge_years (stated, per edge), cumulative_min_years.

    The walk is breadth first, one join per level. Each level is materialised so the walk stops as
    soon as nothing is left and the plan does not grow with depth (3x faster on 10,000 titles).
    """
    starts = sorted(set(start_node_ids))
    frontier = pl.DataFrame(
        [(s, s, 0, [s], [], [], 0.0) for s in starts], schema=PATH_SCHEMA, orient="row"
    )
    step = upward.select(
        node_id="from_node_id", next_node_id="to_node_id", kind="kind", years="years", min_years="min_years"
    ).collect()
    levels = [frontier.clear()]
    for _ in range(max_depth):
        frontier = (
            frontier.join(step, on="node_id")
            .filter(~pl.col("node_ids").list.contains(pl.col("next_node_id")))
            .select(
                "start_node_id",
                node_id="next_node_id",
                depth=pl.col("depth") + 1,
                node_ids=pl.concat_list("node_ids", "next_node_id"),
                kinds=pl.concat_list("kinds", "kind"),
                edge_years=pl.concat_list("edge_years", "years"),
                cumulative_min_years=pl.col("cumulative_min_years") + pl.col("min_years"),
            )
        )
        if frontier.is_empty():
            break
        levels.append(frontier)
    return pl.concat(levels).lazy()


def related_edges(resolved: pl.LazyFrame, classes: pl.LazyFrame) -> pl.LazyFrame:
    """One row per related (from_node_id, to_node_id) pair, both directions: confidence."""
    stated = resolved.filter(pl.col("kind") == RELATED)
    levels = classes.select("class_id", "series_id", "level_in_series")
    # A "Related Classes" section is stated once for a whole series (on its first title), so every
    # class of the series inherits it; a related series is matched level for level where it can be.
    members = levels.filter(pl.col("series_id").is_not_null()).select(
        "series_id", member_id="class_id", member_level="level_in_series"
    )
    expanded = (
        stated.join(levels, left_on="from_class_id", right_on="class_id", how="left")
        .join(members, on="series_id", how="left")
        .join(levels.select(to_class_id="class_id", to_level="level_in_series"), on="to_class_id", how="left")
        .with_columns(
            from_node_id=pl.coalesce("member_id", "from_node_id"),
            from_level=pl.coalesce("member_level", "level_in_series"),
        )
    )
    same_level = pl.col("to_level").eq_missing(pl.col("from_level"))
    pairs = expanded.filter(same_level | ~same_level.any().over("edge_id", "from_node_id")).select(
        "from_node_id", "to_node_id", "confidence"
    )
    reverse = pairs.select(from_node_id="to_node_id", to_node_id="from_node_id", confidence="confidence")
    return (
        pl.concat([pairs, reverse])
        .filter(pl.col("from_node_id") != pl.col("to_node_id"))
        .group_by("from_node_id", "to_node_id")
        .agg(pl.col("confidence").max())
        .cast(RELATED_SCHEMA)
    )


def lateral_moves(related: pl.LazyFrame, nodes: pl.LazyFrame, *, start_node_ids: Sequence[str]) -> pl.LazyFrame:
    """One row per (start_node_id, node_id) sideways move: title, kind (related|same_level|same_grade), grade,
    confidence.

    Same level means the other classes at the start's level of its series (parallel tracks); same grade the
    same grade code in the same jurisdiction. A pair found twice is listed once, in that order of kinds.
    A derived move's confidence is its kind's.
    """
    starts = nodes.filter(pl.col("node_id").is_in(list(start_node_ids)))
    stated = related.join(starts.select(from_node_id="node_id"), on="from_node_id").select(
        start_node_id="from_node_id", node_id="to_node_id", kind=pl.lit(RELATED), confidence="confidence"
    )
    same_level = _peers(starts, nodes, on=["series_id", "level_in_series"], kind=SAME_LEVEL)
    same_grade = _peers(starts, nodes, on=["jurisdiction_id", "grade"], kind=SAME_GRADE)
    precedence = pl.col("kind").replace_strict({RELATED: 0, SAME_LEVEL: 1, SAME_GRADE: 2}, return_dtype=pl.Int32)
    return (
        pl.concat([stated, same_level, same_grade])
        .group_by("start_node_id", "node_id")
        .agg(pl.all().sort_by(precedence).first())
        .join(nodes.select("node_id", "title", "grade"), on="node_id", how="left")
        .select(list(LATERAL_SCHEMA))
        .cast(LATERAL_SCHEMA)
    )
