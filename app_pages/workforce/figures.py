"""Figures and display tables of the Workforce projection page: stocks with bands, flows, the matrix, the cost.

Okabe-Ito colours; nothing is told by colour alone: states differ by dash and marker as well and are
named in the legend and on hover, flows by bar pattern, and every matrix cell states its rate in words
(and whether it was edited or rests on too few observations).
"""

from __future__ import annotations

from collections.abc import Sequence

import plotly.graph_objects as go
import polars as pl

from app_pages.shared.plain import chart_text
from app_pages.shared.theme import BLACK, BLUE, FONT, GREEN, GREY, ORANGE, PURPLE, SKY, VERMILION, money, money_short

EXIT = "exit"
STATE_COLOURS = (BLUE, ORANGE, GREEN, PURPLE, SKY, VERMILION, GREY, BLACK)
DASHES = ("solid", "dash", "dot", "dashdot")
SYMBOLS = ("circle", "square", "diamond", "triangle-up", "x", "cross", "star", "pentagon")
FLOW_STYLE = {  # kind -> (words, colour, bar pattern)
    "hires": ("Hires", BLUE, ""), "promotions": ("Promotions", GREEN, "/"), "exits": ("Exits", VERMILION, "x"),
}
# A rate of a few percent must show next to a diagonal of 85 %: the scale spends most of its range low.
MATRIX_SCALE = [[0.0, "#FFFFFF"], [0.02, "#E3F0F9"], [0.1, "#B5D7EE"], [0.3, "#8CC3E6"], [1.0, "#5AA9DD"]]
Cells = frozenset[tuple[str, str]]  # (from, to) cells of a matrix
MAX_CELL_TEXT_STATES = 14  # above this many states the cells are too small for text: hover only


def state_words(state: str, *, by: str) -> str:
    """Return how a state is named to a reader: "Grade 18", a title as written, or "Leaves"."""
    if state == EXIT:
        return "Leaves"
    return f"Grade {state}" if by == "grade" else state


def _layout(fig: go.Figure, *, height: int, title: str) -> go.Figure:
    """Title on top, legend under the plot (the Staffing costs page's look)."""
    fig.update_layout(
        height=height, title={"text": title, "x": 0, "font": {"size": 15}},
        margin={"l": 10, "r": 10, "t": 40, "b": 10}, plot_bgcolor="#FFFFFF",
        font={"family": FONT, "size": 13, "color": "#222222"},
        legend={"orientation": "h", "yanchor": "top", "y": -0.15, "x": 0, "font": {"size": 12}},
    )
    fig.update_yaxes(gridcolor="#E6E6E6", zeroline=False, automargin=True)
    return fig


def _rgba(colour: str, alpha: float) -> str:
    red, green, blue = (int(colour[i:i + 2], 16) for i in (1, 3, 5))
    return f"rgba({red},{green},{blue},{alpha})"


def stock_figure(years: pl.DataFrame, states: Sequence[str], *, by: str, first_year: int) -> go.Figure:
    """Return the expected headcount of each state by year as lines, each in its p05-p95 band.

    Input: the report's years rows (year, state, mean, p05, p95); year 0 is the roster. A state's line and
    band share a legend entry, so a click hides both.
    """
    fig = go.Figure()
    for index, state in enumerate(states):
        colour = STATE_COLOURS[index % len(STATE_COLOURS)]
        name = chart_text(state_words(state, by=by))
        rows = years.filter(pl.col("state") == state).sort("year")
        x = [first_year + y for y in rows["year"].to_list()]
        fig.add_trace(go.Scatter(
            x=x + x[::-1], y=rows["p95"].to_list() + rows["p05"].to_list()[::-1], fill="toself", mode="lines",
            fillcolor=_rgba(colour, 0.16), line={"width": 0}, hoverinfo="skip", showlegend=False,
            legendgroup=state, name=f"{name}: 90% band"))
        fig.add_trace(go.Scatter(
            x=x, y=rows["mean"].to_list(), name=name,
            legendgroup=state, mode="lines+markers",
            line={"color": colour, "dash": DASHES[(index // len(STATE_COLOURS)) % len(DASHES)], "width": 2},
            marker={"symbol": SYMBOLS[index % len(SYMBOLS)], "size": 7},
            customdata=list(zip(rows["p05"].to_list(), rows["p95"].to_list(), strict=True)),
            hovertemplate="%{fullData.name}, %{x}: %{y:,.1f} expected<br>90% of runs between "
                          "%{customdata[0]:,.0f} and %{customdata[1]:,.0f}<extra></extra>"))
    fig.update_xaxes(dtick=1, tickformat="d", title=None)
    fig.update_yaxes(title="people", rangemode="tozero", tickformat=",")
    return _layout(fig, height=420, title="Headcount by year: expected, with the band 90% of simulated runs fall in")


def flows_figure(flows: pl.DataFrame, *, first_year: int) -> go.Figure:
    """Return hires, promotions and exits of each year (all states together) as grouped bars.

    Input: Projection.flows rows (year, kind, state, count).
    """
    totals = flows.group_by("year", "kind").agg(pl.col("count").sum()).sort("year")
    fig = go.Figure()
    for kind, (words, colour, pattern) in FLOW_STYLE.items():
        rows = totals.filter(pl.col("kind") == kind)
        fig.add_trace(go.Bar(
            x=[first_year + y for y in rows["year"].to_list()], y=rows["count"].to_list(), name=words,
            marker={"color": colour, "pattern": {"shape": pattern}},
            text=[f"{c:,.0f}" for c in rows["count"].to_list()], textposition="outside", cliponaxis=False,
            hovertemplate=f"{words}, %{{x}}: %{{y:,.1f}} expected<extra></extra>"))
    fig.update_xaxes(dtick=1, tickformat="d", type="category")
    fig.update_yaxes(title="people a year", rangemode="tozero", tickformat=",")
    fig.update_layout(barmode="group", bargap=0.25)
    return _layout(fig, height=380, title="Flows by year: hires, promotions and exits (all states)")


def matrix_figure(matrix: pl.DataFrame, states: Sequence[str], *, by: str, few: Cells = frozenset(),
                  edited: Cells = frozenset()) -> go.Figure:
    """Return the yearly transition matrix as a heat map: a row per state now, a column per state a year later.

    Input: matrix rows (from, to, p). `few` are the (from, to) cells estimated from too few observations,
    `edited` those the user set; both are said in the cell's text and hover.
    """
    rows, columns = list(states), [*states, EXIT]
    p = {(f, t): v for f, t, v in matrix.select("from", "to", "p").iter_rows()}
    z = [[p.get((f, t), 0.0) for t in columns] for f in rows]
    notes = [[_cell_note((f, t), few, edited) for t in columns] for f in rows]
    show_text = len(rows) <= MAX_CELL_TEXT_STATES
    text = [[_cell_text(v, note) if show_text else "" for v, note in zip(zr, nr, strict=True)]
            for zr, nr in zip(z, notes, strict=True)]
    x = [chart_text(state_words(t, by=by)) for t in columns]
    y = [chart_text(state_words(f, by=by)) for f in rows]
    fig = go.Figure(go.Heatmap(
        z=z, x=x, y=y, text=text, texttemplate="%{text}", customdata=notes, zmin=0, zmax=1, xgap=1, ygap=1,
        colorscale=MATRIX_SCALE, colorbar={"title": {"text": "share a year", "side": "right"}, "tickformat": ".0%",
                                           "len": 0.9, "thickness": 14},
        hovertemplate="From %{y} to %{x}: %{z:.1%} a year%{customdata}<extra></extra>"))
    fig.update_yaxes(autorange="reversed", title="now", type="category", ticksuffix=" ")
    fig.update_xaxes(title="a year later", type="category", side="top", tickangle=-30 if len(columns) > 6 else 0)
    longest = max(len(str(c)) for c in x)
    height = max(320, 80 + 36 * len(rows) + (6 * longest if len(columns) > 6 else 20))  # angled labels on top
    _layout(fig, height=height, title="")
    fig.update_layout(margin={"l": 10, "r": 10, "t": 30, "b": 10})
    return fig


def _cell_note(cell: tuple[str, str], few: Cells, edited: Cells) -> str:
    if cell in edited:
        return " (edited)"
    return " (too few observations)" if cell in few else ""


def _cell_text(p: float, note: str) -> str:
    if p == 0 and not note:
        return ""
    words = {" (edited)": "<br>edited", " (too few observations)": "<br>few obs."}.get(note, "")
    return f"{p:.1%}{words}"


def cost_figure(cost: pl.DataFrame) -> go.Figure:
    """Return the projected cost of the whole workforce by year as a line, each point labelled.

    Input: projected_cost rows (year, state, headcount, average_rate, cost).
    """
    totals = cost.group_by("year").agg(pl.col("cost").sum(), pl.col("headcount").sum()).sort("year")
    fig = go.Figure(go.Scatter(
        x=totals["year"].to_list(), y=totals["cost"].to_list(), mode="lines+markers+text", name="cost",
        line={"color": BLUE, "width": 2}, marker={"size": 8},
        text=[money_short(c) for c in totals["cost"].to_list()], textposition="top center",
        customdata=totals["headcount"].to_list(),
        hovertemplate="%{x}: $%{y:,.0f} for %{customdata:,.1f} people expected<extra></extra>", cliponaxis=False))
    fig.update_xaxes(dtick=1, tickformat="d")
    fig.update_yaxes(title="salary cost a year", tickprefix="$", tickformat="~s", rangemode="tozero")
    return _layout(fig, height=360, title="Projected salary cost by year (average rate by state, with COLA)")


# -- display tables --------------------------------------------------------------------------------

def stock_table(years: pl.DataFrame, states: Sequence[str], *, by: str, first_year: int) -> pl.DataFrame:
    """One row per state, one column per calendar year: "1,120 (1,080–1,160)" (expected, p05–p95 of the runs).

    Input: the report's years rows (year, state, mean, p05, p95).
    """
    cells = {(s, y): f"{m:,.0f} ({lo:,.0f}–{hi:,.0f})" for y, s, m, lo, hi in
             years.select("year", "state", "mean", "p05", "p95").iter_rows()}
    shown = sorted({y for _, y in cells})
    data = {"State": [state_words(s, by=by) for s in states]}
    data |= {str(first_year + y): [cells.get((s, y), "") for s in states] for y in shown}
    return pl.DataFrame(data)


def expected_years_table(expected: pl.DataFrame, steady: pl.DataFrame | None, start: pl.DataFrame,
                         states: Sequence[str], *, by: str) -> pl.DataFrame:
    """One row per state: headcount now, expected years in the state, expected years to exit, steady-state share.

    Input: expected_years rows (state, years, time_to_exit), steady_state rows (state, share) or None, headcount
    rows (state, count).
    """
    years = {s: (y, t) for s, y, t in expected.select("state", "years", "time_to_exit").iter_rows()}
    shares = dict(steady.select("state", "share").iter_rows()) if steady is not None else {}
    counts = dict(start.select("state", "count").iter_rows())
    table = pl.DataFrame({
        "State": [state_words(s, by=by) for s in states],
        "Headcount now": [float(counts.get(s, 0)) for s in states],
        "Years in the state": [years.get(s, (None, None))[0] for s in states],
        "Years to exit": [years.get(s, (None, None))[1] for s in states],
        "Steady-state share": [shares.get(s) for s in states],
    }, schema_overrides={"Years in the state": pl.Float64, "Years to exit": pl.Float64,
                         "Steady-state share": pl.Float64})
    return table if steady is not None else table.drop("Steady-state share")


def estimate_table(estimated: pl.DataFrame, *, by: str, min_observations: int) -> pl.DataFrame:
    """One row per estimated cell with a move or a stay seen: from, to, moves seen, out of, rate, its 95% interval
    and a note in words when the rate rests on fewer than `min_observations` people."""
    seen = estimated.filter(pl.col("n") > 0).sort("from", "to")
    rows = [(state_words(f, by=by), state_words(t, by=by), n, n_from, p, lo, hi,
             f"too few observations (fewer than {min_observations} people in the state)" if few else "")
            for f, t, n, n_from, p, lo, hi, few in
            seen.select("from", "to", "n", "n_from", "p", "p_low", "p_high", "too_few").iter_rows()]
    return pl.DataFrame(rows, orient="row", schema={
        "From": pl.String, "To": pl.String, "Seen": pl.Int64, "Out of": pl.Int64, "Rate": pl.Float64,
        "Low (95%)": pl.Float64, "High (95%)": pl.Float64, "Note": pl.String})


def cost_table(cost: pl.DataFrame, *, by: str) -> pl.DataFrame:
    """One row per year: the expected headcount and the cost in words-ready dollars, the whole workforce."""
    totals = cost.group_by("year").agg(pl.col("headcount").sum(), pl.col("cost").sum()).sort("year")
    return pl.DataFrame({"Year": [str(y) for y in totals["year"].to_list()],
                         "Headcount": [f"{h:,.1f}" for h in totals["headcount"].to_list()],
                         "Cost": [money(c) for c in totals["cost"].to_list()]})
