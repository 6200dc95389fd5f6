"""The ladder graph figure (Plotly): titles as boxes in layers, upward arrows, sideways curves, labels kept clear.

Coordinates are (column, layer). Labels are placed in estimated pixels: the plot is as wide as the
page column (about CHART_PX) and ROW_PX tall per layer, so a label that would cover a box or an
earlier label slides along its edge to the first free place. Arrows that skip layers run up lanes
in the gaps between columns.
"""

from __future__ import annotations

import textwrap
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import plotly.graph_objects as go
import polars as pl

from analytics.pay.steps import DEFAULT_RANGE_PCT, pay_basis_words
from analytics.vocabulary import edge_words
from app_pages.ladder.figures import (
    EDGE_STYLES,
    NODE_STYLES,
    pay_words,
    status_of,
    status_words,
)
from app_pages.shared.plain import chart_text
from app_pages.shared.theme import FONT, GREY, years_text

BOX_W, BOX_H = 240, 84  # node box, pixels
ROW_PX = 170            # pixels per layer
CHART_PX = 900          # the usual width of the page column, pixels (an estimate: the chart stretches)
TITLE_WRAP, TITLE_LINES = 33, 2
SIDEWAYS_DIP = 0.13     # depth of a sideways curve per column it spans, in layers
LANE_PX = 9             # distance between two lanes of arrows that skip layers, pixels
LANE_STEP = 0.1         # how far above a box (below the next) an arrow turns into its lane, in layers
LABEL_SPOTS = (0.5, 0.4, 0.6, 0.3, 0.7, 0.22, 0.78)  # where along an edge a label may sit, in order
LABEL_CHAR_PX, LABEL_H = 6.0, 16
MIN_COLUMNS = 3

Point = tuple[float, float]


@dataclass
class Canvas:
    """The pixel scale, what labels must not cover (boxes and labels already placed, as rectangles) and the
    lanes already used in each gap between columns."""

    col_px: float
    taken: list[tuple[float, float, float, float]] = field(default_factory=list)
    lanes: dict[float, int] = field(default_factory=dict)

    def lane(self, gap: float) -> float:
        """Return the x of a new lane in the gap centred on `gap`: the centre, then alternately right and left."""
        n = self.lanes.get(gap, 0)
        self.lanes[gap] = n + 1
        return gap + LANE_PX / self.col_px * ((n + 1) // 2) * (1 if n % 2 else -1)

    def rect(self, xy: Point, w: float, h: float) -> tuple[float, float, float, float]:
        x, y = xy[0] * self.col_px, xy[1] * ROW_PX
        return x - w / 2, y - h / 2, x + w / 2, y + h / 2

    def is_free(self, rect: tuple[float, float, float, float]) -> bool:
        return not any(rect[0] < r[2] and r[0] < rect[2] and rect[1] < r[3] and r[1] < rect[3] for r in self.taken)


def node_positions(nodes: pl.DataFrame, edges: pl.DataFrame) -> dict[str, Point]:
    """Return node_id -> (column, layer).

    Layer 0 holds the start titles, then the sideways ones; a title up sits one layer above the
    highest title an arrow comes from (the longest path, so every arrow points up). Each layer is
    ordered by the mean column of the titles its arrows come from, which keeps crossings few.
    """
    arrows = [(r["from_node_id"], r["to_node_id"]) for r in edges.filter(~pl.col("is_lateral")).iter_rows(named=True)]
    layer = dict(zip(nodes["node_id"], nodes["layer"].fill_null(1), strict=True))
    for _ in range(len(layer)):  # longest path by relaxation; a cycle stops at len(nodes) rounds
        changed = False
        for tail, head in arrows:
            if tail in layer and head in layer and layer[head] < layer[tail] + 1:
                layer[head], changed = layer[tail] + 1, True
        if not changed:
            break
    parents: dict[str, list[str]] = {}
    for tail, head in arrows:
        parents.setdefault(head, []).append(tail)
    bottom = nodes.filter(pl.col("role") != "up").sort(pl.col("role") != "start", "title")["node_id"]
    pos = {node_id: (float(i), 0.0) for i, node_id in enumerate(bottom)}
    titles = dict(zip(nodes["node_id"], nodes["title"], strict=True))
    for level in sorted({v for k, v in layer.items() if k not in pos}):
        def weight(node_id: str) -> tuple[float, str]:
            xs = [pos[p][0] for p in parents.get(node_id, []) if p in pos]
            return (sum(xs) / len(xs) if xs else 0.0, titles[node_id])
        members = sorted((k for k, v in layer.items() if v == level and k not in pos), key=weight)
        pos.update({node_id: (float(i), float(level)) for i, node_id in enumerate(members)})
    return pos


def ladder_figure(nodes: pl.DataFrame, edges: pl.DataFrame) -> go.Figure:
    """Return the ladder graph: one box per title (title, grade and pay range, status), an arrow per upward
    edge labelled with its kind and the years it states, a dotted curve per sideways move.

    Input: LadderView.nodes (with the pay columns) and LadderView.edges.
    """
    pos = node_positions(nodes, edges)
    n_cols = max(int(max(x for x, _ in pos.values())) + 1, MIN_COLUMNS)
    top = max(y for _, y in pos.values()) + 0.5
    sideways = [r for r in edges.filter(pl.col("is_lateral")).iter_rows(named=True) if r["to_node_id"] in pos]
    widest = max((abs(pos[r["to_node_id"]][0] - pos[r["from_node_id"]][0]) for r in sideways), default=0.0)
    bottom = -0.5 - (SIDEWAYS_DIP * widest + 0.2 if widest else 0.0)  # room for the deepest curve and its label
    canvas = Canvas(CHART_PX / (n_cols + 0.1))
    canvas.taken += [canvas.rect(xy, BOX_W + 8, BOX_H + 8) for xy in pos.values()]
    half = (BOX_H / 2 + 6) / ROW_PX  # half a box, in layers
    fig = go.Figure()
    for row in sideways:
        _draw_sideways(fig, canvas, row, pos[row["from_node_id"]], pos[row["to_node_id"]], half)
    for row in edges.filter(~pl.col("is_lateral")).iter_rows(named=True):
        if row["from_node_id"] in pos and row["to_node_id"] in pos:
            _draw_arrow(fig, canvas, row, pos[row["from_node_id"]], pos[row["to_node_id"]], half)
    rows = list(nodes.iter_rows(named=True))
    for row in rows:
        _draw_node(fig, row, pos[row["node_id"]])
    fig.add_trace(go.Scatter(
        x=[pos[r["node_id"]][0] for r in rows], y=[pos[r["node_id"]][1] for r in rows], mode="markers",
        marker={"size": 60, "opacity": 0}, hovertext=[_hover(r) for r in rows], hoverinfo="text", showlegend=False,
    ))
    _legend(fig, {status_of(r) for r in rows}, set(edges["kind"].to_list()))
    fig.update_layout(
        height=int(ROW_PX * (top - bottom)) + 90, margin={"l": 10, "r": 10, "t": 60, "b": 10},
        plot_bgcolor="#FFFFFF", paper_bgcolor="#FFFFFF", font={"family": FONT, "size": 13, "color": "#222222"},
        xaxis={"visible": False, "range": [-0.55, n_cols - 0.45], "fixedrange": True},
        yaxis={"visible": False, "range": [bottom, top], "fixedrange": True},
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.0, "x": 0, "font": {"size": 12}},
        hoverlabel={"align": "left"}, dragmode=False,
    )
    return fig


def _wrapped_title(title: str) -> str:
    lines = textwrap.wrap(title, TITLE_WRAP) or [""]
    if len(lines) > TITLE_LINES:
        lines = lines[:TITLE_LINES]
        lines[-1] = lines[-1][: TITLE_WRAP - 1] + "…"
    return "<br>".join(lines)


def _draw_node(fig: go.Figure, row: dict[str, Any], xy: Point) -> None:
    status = status_of(row)
    fill, border, _ = NODE_STYLES[status]
    if status == "start":
        last = "Current title"
    elif status == "lateral":
        last = f"Sideways · {edge_words(row['kind'])}"
    else:
        last = status_words(row)
    title = _wrapped_title(chart_text(row["title"]))
    text = f"<b>{title}</b><br>{chart_text(pay_words(row))}<br><i>{chart_text(last)}</i>"
    fig.add_annotation(
        x=xy[0], y=xy[1], text=text, showarrow=False, align="center", width=BOX_W, height=BOX_H,
        bgcolor=fill, bordercolor=border, borderwidth=3 if status == "start" else 2, borderpad=2,
        font={"size": 12, "color": "#111111"},
    )


def _label(fig: go.Figure, canvas: Canvas, text: str, colour: str, spots: Iterable[Point], **extra: Any) -> None:
    """Put an edge label on the first spot where it covers no box and no earlier label (else the first)."""
    w = LABEL_CHAR_PX * len(text) + 8
    spots = list(spots)
    chosen = next((s for s in spots if canvas.is_free(canvas.rect(s, w, LABEL_H))), spots[0])
    canvas.taken.append(canvas.rect(chosen, w, LABEL_H))
    fig.add_annotation(x=chosen[0], y=chosen[1], text=text, showarrow=False, font={"size": 11, "color": colour},
                       bgcolor="rgba(255,255,255,0.92)", borderpad=1, **extra)


def _edge_text(row: dict[str, Any]) -> str:
    text = edge_words(row["kind"])
    return f"{text} · {years_text(row['years'])}" if row["years"] else text


def _draw_arrow(fig: go.Figure, canvas: Canvas, row: dict[str, Any], tail: Point, head: Point, half: float) -> None:
    """An arrow from the top of the lower box to the foot of the upper one, labelled with its kind and years.

    An arrow that skips layers runs up a lane in the gap beside the tail's column instead, so it
    never crosses the boxes in between; its label is only the years (the legend tells the kind).
    """
    colour, dash, _ = EDGE_STYLES.get(row["kind"], (GREY, "solid", row["kind"]))
    p0, p1 = (tail[0], tail[1] + half), (head[0], head[1] - half)
    if head[1] - tail[1] > 1:
        x = canvas.lane(tail[0] + (0.5 if head[0] >= tail[0] else -0.5))
        points = [p0, (x, p0[1] + LANE_STEP), (x, p1[1] - LANE_STEP), p1]
        spots = [(x, points[1][1] + (points[2][1] - points[1][1]) * t) for t in LABEL_SPOTS]
        text = years_text(row["years"]) if row["years"] else edge_words(row["kind"])
    else:
        points = [p0, p1]
        spots = [(p0[0] + (p1[0] - p0[0]) * t, p0[1] + (p1[1] - p0[1]) * t) for t in LABEL_SPOTS]
        text = _edge_text(row)
    fig.add_shape(type="path", path="M " + " L ".join(f"{x},{y}" for x, y in points),
                  line={"color": colour, "width": 2.5, "dash": dash}, layer="below")
    before = points[-2]
    near = (p1[0] + (before[0] - p1[0]) * 0.25, p1[1] + (before[1] - p1[1]) * 0.25)
    fig.add_annotation(x=p1[0], y=p1[1], ax=near[0], ay=near[1], xref="x", yref="y", axref="x", ayref="y",
                       text="", showarrow=True, arrowhead=2, arrowsize=1.3, arrowwidth=2.5, arrowcolor=colour)
    _label(fig, canvas, text, colour, spots)


def _draw_sideways(fig: go.Figure, canvas: Canvas, row: dict[str, Any], tail: Point, head: Point,
                   half: float) -> None:
    """A dotted curve under the row from the start box's foot to the other's (a sideways move has no direction).

    The curve dips in proportion to its width, so a curve to a farther title runs below the nearer
    ones and never crosses them: y(x) = -2 * SIDEWAYS_DIP * x * (1 - x / width).
    """
    colour, _, _ = EDGE_STYLES.get(row["kind"], (GREY, "dot", row["kind"]))
    p0, p1 = (tail[0], tail[1] - half), (head[0], head[1] - half)
    c = ((p0[0] + p1[0]) / 2, p0[1] - 2 * SIDEWAYS_DIP * abs(p1[0] - p0[0]))
    fig.add_shape(type="path", path=f"M {p0[0]},{p0[1]} Q {c[0]},{c[1]} {p1[0]},{p1[1]}",
                  line={"color": colour, "width": 2.5, "dash": "dot"}, layer="below")
    # Just under the curve's lowest point (t = 0.5), else further along it.
    _label(fig, canvas, _edge_text(row), colour,
           ((x, y - 0.06) for x, y in (_on_curve(p0, c, p1, t) for t in LABEL_SPOTS)))


def _on_curve(p0: Point, c: Point, p1: Point, t: float) -> Point:
    """The point at t of the quadratic curve p0 -> p1 pulled towards c."""
    a, b, d = (1 - t) ** 2, 2 * t * (1 - t), t**2
    return a * p0[0] + b * c[0] + d * p1[0], a * p0[1] + b * c[1] + d * p1[1]


def _hover(row: dict[str, Any]) -> str:
    lines = [f"<b>{chart_text(row['title'])}</b>"]
    if row.get("class_code"):
        lines.append(f"Class code {chart_text(row['class_code'])}")
    lines.append(chart_text(pay_words(row)))
    if row.get("pay_schedule_id"):
        basis = pay_basis_words(row["pay_schedule_id"], row["pay_grade"], range_only=bool(row.get("pay_range_only")),
                                range_pct=DEFAULT_RANGE_PCT)
        lines.append(f"Paid on {chart_text(basis)}")
    if row["role"] == "up":
        lines += [chart_text(status_words(row)), chart_text(row["binding_constraint"] or "")]
    return "<br>".join(lines)


def _legend(fig: go.Figure, statuses: set[str], kinds: set[str]) -> None:
    for status in (s for s in NODE_STYLES if s in statuses):
        fill, border, label = NODE_STYLES[status]
        fig.add_trace(go.Scatter(x=[None], y=[None], mode="markers", name=label, marker={
            "symbol": "square", "size": 14, "color": fill, "line": {"color": border, "width": 2}}))
    for kind in (k for k in EDGE_STYLES if k in kinds):
        colour, dash, label = EDGE_STYLES[kind]
        fig.add_trace(go.Scatter(x=[None], y=[None], mode="lines", name=label,
                                 line={"color": colour, "width": 2.5, "dash": dash}))
