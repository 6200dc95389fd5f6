"""Figures and display tables of the Staffing costs page: monthly cost, breakdowns, bridges, comparison (Plotly).

Okabe-Ito colours; nothing is told by colour alone: every bar of a waterfall carries its signed
amount, and fiscal years are named on the axis. Images are drawn by app_pages/shared/downloads.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import plotly.graph_objects as go
import polars as pl

from app_pages.shared.plain import chart_text
from app_pages.shared.theme import BLACK, BLUE, FONT, GREEN, GREY, ORANGE, PURPLE, SKY, VERMILION, money, money_short

YEAR_COLOURS = (BLUE, ORANGE, GREEN, PURPLE, SKY, VERMILION, GREY, BLACK)
BRIDGE_WORDS = {
    "period": "Months outside the window", "cola": "COLA", "steps": "Step increases",
    "positions": "Positions added or cut", "promotions": "Promotions", "vacancies": "Vacancies",
    "turnover": "Turnover", "fringe": "Fringe rate",
}


def _look(*, height: int, title: str, y_title: str | None = "cost", yaxis: dict | None = None) -> dict:
    """Return the layout of the page's look: title on top, legend under the plot, dollars on the value axis
    (the Pay progression page's); `yaxis` adds to the value axis."""
    layout = {
        "height": height, "title": {"text": title, "x": 0, "font": {"size": 15}},
        "margin": {"l": 10, "r": 10, "t": 40, "b": 10}, "plot_bgcolor": "#FFFFFF",
        "font": {"family": FONT, "size": 13, "color": "#222222"},
        "legend": {"orientation": "h", "yanchor": "top", "y": -0.18, "x": 0, "font": {"size": 12}},
    }
    axis = dict(yaxis or {})
    if y_title is not None:
        axis |= {"title": y_title, "tickprefix": "$", "tickformat": "~s", "gridcolor": "#E6E6E6", "zeroline": False,
                 "automargin": True}
    return layout | ({"yaxis": axis} if axis else {})


def _assembled(traces: list, layout: dict) -> go.Figure:
    # One figure built from its whole layout: each update_layout or update_*axes call validates and merges
    # again, which made building a chart several times slower than drawing its JSON.
    return go.Figure(data=traces, layout=layout)


def _layout(fig: go.Figure, *, height: int, title: str, y_title: str | None = "cost") -> go.Figure:
    """Give a figure the page's look (_look)."""
    return fig.update_layout(_look(height=height, title=title, y_title=y_title))


def monthly_figure(months: pl.DataFrame) -> go.Figure:
    """Return the cost of each month as bars, one colour per fiscal year (named in the legend and hover).

    Input: cost_tables.monthly_costs rows.
    """
    traces = []
    for index, fiscal_year in enumerate(months["fiscal_year"].unique().sort().to_list()):
        rows = months.filter(pl.col("fiscal_year") == fiscal_year)
        traces.append(go.Bar(
            x=rows["month"].to_list(), y=rows["cost"].cast(pl.Float64).to_list(), name=f"FY{fiscal_year}",
            marker={"color": YEAR_COLOURS[index % len(YEAR_COLOURS)]},
            hovertemplate="%{x|%b %Y}: $%{y:,.2f}<extra>%{fullData.name}</extra>",
        ))
    look = _look(height=380, title="Cost by month (salary, steps, COLA and fringe)")
    return _assembled(traces, {"xaxis": {"dtick": "M3", "tickformat": "%b %Y", "ticklabelmode": "period"},
                               "bargap": 0.15, "hovermode": "closest", **look})


def breakdown_figure(long: pl.DataFrame, *, dim: str, fiscal_year: int | None, words: str) -> go.Figure:
    """Return the cost of each value of `dim` as horizontal bars, costliest on top, in one fiscal year or all.

    Input: cost_tables.breakdown rows (fiscal_year, dim, cost).
    """
    rows = long if fiscal_year is None else long.filter(pl.col("fiscal_year") == fiscal_year)
    totals = rows.group_by(dim).agg(pl.col("cost").sum().cast(pl.Float64)).sort("cost")
    period = "all fiscal years" if fiscal_year is None else f"FY{fiscal_year}"
    bars = go.Bar(
        y=[chart_text(v) for v in totals[dim].to_list()], x=totals["cost"].to_list(), orientation="h",
        marker={"color": BLUE},
        text=[money_short(v) for v in totals["cost"].to_list()], textposition="auto",
        hovertemplate="%{y}: $%{x:,.2f}<extra></extra>", cliponaxis=False,
    )
    height = max(220, 60 + 34 * totals.height)
    look = _look(height=height, title=f"Cost by {words}, {period}", y_title=None,
                 yaxis={"type": "category", "automargin": True, "ticksuffix": "  "})
    return _assembled([bars], {"xaxis": {"tickprefix": "$", "tickformat": "~s", "gridcolor": "#E6E6E6"}, **look})


def bridge_figure(steps: pl.DataFrame, *, title: str) -> go.Figure:
    """Return a bridge as a waterfall: the base cost, each driver's signed amount, the target cost.

    Input: cost_tables.bridge_steps rows (components already in words). Drivers that change
    nothing are left out of the bars; the bars still add up to the target.
    """
    shown = steps.filter((pl.col("measure") != "relative") | (pl.col("amount") != 0))
    amounts = shown["amount"].cast(pl.Float64).to_list()
    measures = shown["measure"].to_list()
    labels = [money_short(a, signed=m == "relative") for a, m in zip(amounts, measures, strict=True)]
    waterfall = go.Waterfall(
        x=[_two_lines(c) for c in shown["component"].to_list()], y=amounts, measure=measures, text=labels,
        textposition="outside", constraintext="none", textfont={"size": 13},
        increasing={"marker": {"color": VERMILION}}, decreasing={"marker": {"color": GREEN}},
        totals={"marker": {"color": BLUE}}, connector={"line": {"color": GREY, "width": 1, "dash": "dot"}},
        hovertemplate="%{x}: $%{y:,.2f}<extra></extra>", cliponaxis=False,
    )
    look = _look(height=400, title=title, yaxis={"range": _bridge_range(steps)})
    return _assembled([waterfall], {"xaxis": {"tickangle": 0, "automargin": True}, "showlegend": False,
                                    "waterfallgap": 0.3, **look})


def _two_lines(label: str) -> str:
    """Return a long axis label broken at its middle space, so neighbouring bars' labels never run together."""
    words = label.split(" ")
    if len(label) <= 12 or len(words) < 2:
        return label
    cut = min(range(1, len(words)), key=lambda k: abs(len(" ".join(words[:k])) - len(label) / 2))
    return " ".join(words[:cut]) + "<br>" + " ".join(words[cut:])


def _bridge_range(steps: pl.DataFrame) -> list[float]:
    """The value axis of a waterfall: around the levels its bars reach, from zero only when they come near it.

    A bridge of a few percent on a large base is unreadable from zero, so the axis starts near the
    lowest level (the caption says so); bars of the base and target are then cut at the bottom.
    """
    running = steps["running"].cast(pl.Float64)
    before = (running - steps["amount"].cast(pl.Float64)).filter(steps["measure"] == "relative")
    levels = [*running.to_list(), *before.to_list()]
    low, high = min(levels), max(levels)
    span = (high - low) or abs(high) * 0.05 or 1.0
    floor = low - span * 0.6
    if low >= 0 and floor < span:
        floor = 0.0
    return [floor, high + span * 0.35]


def comparison_figure(wide: pl.DataFrame, labels: Sequence[str]) -> go.Figure:
    """Return each scenario's cost by fiscal year as grouped bars (one colour and legend entry per scenario).

    Input: cost_tables.scenario_comparison rows; `labels` are its scenario columns, the reference first.
    """
    fig = go.Figure()
    years = [f"FY{y}" for y in wide["fiscal_year"].to_list()]
    for index, label in enumerate(labels):
        fig.add_trace(go.Bar(
            x=years, y=wide[label].cast(pl.Float64).to_list(), name=chart_text(label),
            marker={"color": YEAR_COLOURS[index % len(YEAR_COLOURS)],
                    "pattern": {"shape": ("", "/", ".", "x", "-", "\\")[index % 6]}},
            hovertemplate="%{x}: $%{y:,.2f}<extra>%{fullData.name}</extra>",
        ))
    fig.update_xaxes(type="category")
    fig.update_layout(barmode="group", bargap=0.25, hovermode="x unified")
    return _layout(fig, height=380, title="Cost by fiscal year, scenario by scenario")


def fiscal_year_table(totals: pl.DataFrame) -> pl.DataFrame:
    """One row per fiscal year in words: Fiscal year, Cost (to the cent), Change (whole dollars), Change % ("—" in
    the first year), and Months when a year is only partly in the window.

    Input: cost_tables.fiscal_year_totals rows.
    """
    rows = [
        (y["label"], y["n_months"], money(y["cost"], cents=True),
         "—" if y["change"] is None else ("+" if y["change"] > 0 else "") + money(y["change"]),
         "—" if y["change_pct"] is None else f"{y['change_pct']:+.1%}")
        for y in totals.iter_rows(named=True)
    ]
    table = pl.DataFrame(rows, schema=["Fiscal year", "Months", "Cost", "Change", "Change %"], orient="row")
    return table if (totals["n_months"] != 12).any() else table.drop("Months")


def bridge_table(steps: pl.DataFrame) -> pl.DataFrame:
    """One row per bar of a bridge in words: Step (the base, each driver, the target) and Amount ("−$7,543,764",
    drivers signed), leaving out drivers that change nothing."""
    rows = [(name, money(amount) if measure != "relative" else ("+" if amount > 0 else "") + money(amount))
            for name, amount, measure in steps.select("component", "amount", "measure").iter_rows()
            if measure != "relative" or amount != 0]
    return pl.DataFrame(rows, schema=["Step", "Amount"], orient="row")


def comparison_table(wide: pl.DataFrame, labels: Sequence[str]) -> pl.DataFrame:
    """The comparison in words, differences first so they show without scrolling: Fiscal year, the shown
    scenario's cost, each "<other> − shown" difference ("−$7,543,764", "+$1,200"), then the others' costs.

    Input: cost_tables.scenario_comparison rows for `labels` (the shown scenario first).
    """
    def signed(value: Any) -> str:
        return "" if value is None else ("+" if value > 0 else "") + money(value)

    first, others = labels[0], labels[1:]
    differences = [f"{label} − {first}" for label in others]
    return pl.DataFrame({
        "Fiscal year": [f"FY{y}" for y in wide["fiscal_year"]],
        first: [money(v) for v in wide[first]],
        **{f"{label} − shown": [signed(v) for v in wide[d]] for label, d in zip(others, differences, strict=True)},
        **{label: [money(v) for v in wide[label]] for label in others},
    })


def dollars_table(frame: pl.DataFrame) -> pl.DataFrame:
    """Return the frame with every Decimal column as Float64 (the table widgets show floats with a format)."""
    return frame.with_columns(pl.col(pl.Decimal).cast(pl.Float64))
