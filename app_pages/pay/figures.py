"""Figures of the Pay progression page: pay bands of a schedule, salary and cumulative earnings by path (Plotly).

Okabe-Ito colours; paths also differ by dash and marker, so no line is told by colour alone.
"""

from __future__ import annotations

from collections.abc import Mapping

import plotly.graph_objects as go
import polars as pl

from app_pages.shared.plain import chart_text
from app_pages.shared.theme import BLACK, BLUE, FONT, GREEN, ORANGE, SKY, VERMILION

PATH_STYLES = ((BLUE, "solid", "circle"), (GREEN, "dash", "diamond"), (VERMILION, "dot", "square"))
BAND_FILL, BAND_HIGHLIGHT, OVERLAP_FILL = "#C6DDEF", SKY, ORANGE


def _layout(fig: go.Figure, *, height: int, title: str, y_title: str) -> go.Figure:
    """Title on top, legend under the plot (a long legend never runs into the title)."""
    fig.update_layout(
        height=height, title={"text": title, "x": 0, "font": {"size": 15}},
        margin={"l": 10, "r": 10, "t": 40, "b": 10},
        plot_bgcolor="#FFFFFF", font={"family": FONT, "size": 13, "color": "#222222"},
        legend={"orientation": "h", "yanchor": "top", "y": -0.2, "x": 0, "font": {"size": 12}},
        hovermode="x unified",
    )
    fig.update_yaxes(title=y_title, tickprefix="$", tickformat=",.0f", gridcolor="#E6E6E6", zeroline=False,
                     automargin=True)
    return fig


def band_figure(bands: pl.DataFrame, *, salary: float | None = None, highlight: str | None = None) -> go.Figure:
    """Return the schedule's pay bands: one floating bar per grade from minimum to maximum, a tick at the
    midpoint, the share of each band the next grade also covers hatched, and a salary as a dashed line.

    Input: pay_paths.bands_in_effect rows (lowest grade first).
    """
    grades = bands["grade"].to_list()
    fills = [BAND_HIGHLIGHT if g == highlight else BAND_FILL for g in grades]
    shown = [chart_text(g) for g in grades]  # the category labels, as text
    fig = go.Figure()
    fig.add_trace(go.Bar(
        x=shown, y=(bands["max_annual"] - bands["min_annual"]).to_list(),
        base=bands["min_annual"].to_list(),
        name="range (minimum to maximum)", marker={"color": fills, "line": {"color": BLUE, "width": 1.5}},
        customdata=bands.select("min_annual", "max_annual", "range_spread").rows(),
        hovertemplate="%{x}: $%{customdata[0]:,.0f} – $%{customdata[1]:,.0f}<br>spread %{customdata[2]:.0%}"
                      "<extra></extra>",
    ))
    overlaps = bands.filter(pl.col("overlap_with_next") > 0).with_columns(
        next_min=pl.col("max_annual") - pl.col("overlap_with_next") * (pl.col("max_annual") - pl.col("min_annual"))
    )
    if overlaps.height:
        fig.add_trace(go.Bar(
            x=[chart_text(g) for g in overlaps["grade"].to_list()],
            y=(overlaps["max_annual"] - overlaps["next_min"]).to_list(),
            base=overlaps["next_min"].to_list(), name="overlap with the next grade",
            marker={"color": "rgba(0,0,0,0)", "pattern": {"shape": "/", "fgcolor": OVERLAP_FILL, "size": 8},
                    "line": {"color": OVERLAP_FILL, "width": 1.5}},
            customdata=[(chart_text(g), share)
                        for g, share in overlaps.select("next_grade", "overlap_with_next").rows()],
            hovertemplate="%{x}: %{customdata[1]:.0%} of the band is also paid in %{customdata[0]}<extra></extra>",
        ))
    fig.add_trace(go.Scatter(
        x=shown, y=bands["midpoint_annual"].to_list(), mode="markers", name="midpoint",
        marker={"symbol": "line-ew", "size": 34, "line": {"color": BLACK, "width": 3}},
        hovertemplate="%{x} midpoint: $%{y:,.0f}<extra></extra>",
    ))
    if salary is not None:
        fig.add_hline(y=salary, line={"color": VERMILION, "dash": "dash", "width": 2},
                      annotation={"text": f"salary ${salary:,.0f}", "font": {"color": VERMILION, "size": 12},
                                  "bgcolor": "rgba(255,255,255,0.9)"},
                      annotation_position="top right")
    fig.update_layout(barmode="overlay", bargap=0.35)
    fig.update_xaxes(type="category", title="grade")
    _layout(fig, height=420, title="Pay bands of the schedule", y_title="annual pay")
    fig.update_layout(hovermode="closest")
    return fig


def _path_lines(trajectory: pl.DataFrame, labels: Mapping[str, str], column: str, hover: str) -> go.Figure:
    fig = go.Figure()
    for (colour, dash, symbol), path_id in zip(PATH_STYLES, labels, strict=False):
        rows = trajectory.filter(pl.col("path_id") == path_id).sort("year")
        if rows.is_empty():
            continue
        fig.add_trace(go.Scatter(
            x=rows["year"].to_list(), y=rows[column].to_list(), name=chart_text(labels[path_id]), mode="lines+markers",
            line={"color": colour, "dash": dash, "width": 3, "shape": "hv" if column == "salary" else "linear"},
            marker={"symbol": symbol, "size": 8, "color": colour},
            customdata=[tuple(map(chart_text, r)) for r in rows.select("grade", "step_label").rows()],
            hovertemplate=hover,
        ))
    fig.update_xaxes(title="year", dtick=1 if trajectory["year"].max() <= 12 else 2, gridcolor="#F0F0F0")
    return fig


def salary_figure(trajectory: pl.DataFrame, labels: Mapping[str, str]) -> go.Figure:
    """Return the annual salary at the start of each year, one stepped line per path (path_id -> legend label)."""
    fig = _path_lines(trajectory, labels, "salary",
                      "$%{y:,.0f} · %{customdata[0]} step %{customdata[1]}<extra>%{fullData.name}</extra>")
    return _layout(fig, height=400, title="Salary at the start of each year", y_title="annual salary")


def cumulative_figure(trajectory: pl.DataFrame, labels: Mapping[str, str]) -> go.Figure:
    """Return the earnings accumulated by the end of each year, one line per path (path_id -> legend label)."""
    fig = _path_lines(trajectory, labels, "cumulative_earnings", "$%{y:,.0f}<extra>%{fullData.name}</extra>")
    return _layout(fig, height=400, title="Cumulative earnings", y_title="earned since the start")


def band_table(bands: pl.DataFrame) -> pl.DataFrame:
    """One row per grade, as printed: Grade, Minimum/Midpoint/Maximum annual (dollars), Spread, Overlap with next,
    Compa-ratio and Penetration (shares as "45%", "" when not known).

    Input: pay_paths.bands_in_effect rows.
    """
    def percent(column: str) -> pl.Expr:
        return pl.format("{}%", (pl.col(column) * 100).round(0).cast(pl.Int64)).fill_null("")

    shown = {"grade": "Grade", "min_annual": "Minimum annual", "midpoint_annual": "Midpoint annual",
             "max_annual": "Maximum annual"}
    shares = {"range_spread": "Spread", "overlap_with_next": "Overlap with next", "range_penetration": "Penetration"}
    return bands.select(
        *(pl.col(c).alias(name) for c, name in shown.items()),
        *(percent(c).alias(name) for c, name in shares.items() if c in bands.columns),
        *((pl.col("compa_ratio").round(2).alias("Compa-ratio"),) if "compa_ratio" in bands.columns else ()),
    )
