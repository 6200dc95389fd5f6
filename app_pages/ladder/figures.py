"""Words, display tables and the eligibility timeline of the Ladder explorer.

Nothing is told by colour alone: every node states its status in words and edge kinds differ in dash.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import plotly.graph_objects as go
import polars as pl

from analytics.ladders.eligibility import NOT_STATED
from analytics.vocabulary import (
    EDGE_KINDS,
    FEEDER,
    PROMOTIONAL_LINE,
    RELATED,
    SAME_GRADE,
    SAME_LEVEL,
    SERIES,
    SUPERVISION,
    edge_words,
)
from app_pages.shared.plain import chart_text
from app_pages.shared.theme import BLACK, BLUE, FONT, GREEN, GREY, NBSP, ORANGE, PURPLE, VERMILION, money, years_text

# kind -> (colour, dash, legend label)
EDGE_STYLES: dict[str, tuple[str, str, str]] = {
    kind: (colour, dash, EDGE_KINDS[kind].legend)
    for kind, colour, dash in (
        (PROMOTIONAL_LINE, BLUE, "solid"), (SERIES, GREEN, "dash"), (FEEDER, PURPLE, "longdash"),
        (SUPERVISION, ORANGE, "dashdot"), (RELATED, VERMILION, "dot"), (SAME_GRADE, GREY, "dot"),
        (SAME_LEVEL, BLACK, "longdashdot"),
    )
}
# status -> (fill, border, legend label)
NODE_STYLES: dict[str, tuple[str, str, str]] = {
    "start": ("#FFFFFF", BLACK, "current title"),
    "now": ("#D9F0E9", GREEN, "eligible now"),
    "later": ("#DDEEF8", BLUE, "eligible later"),
    "closed": ("#EFEFEF", GREY, "not open to this education"),
    "unstated": ("#FFFFFF", GREY, "requirements not stated"),
    "lateral": ("#FBE5D6", VERMILION, "sideways move"),
}


def status_of(row: dict[str, Any]) -> str:
    """Return a node's status key: start, lateral, now, later, closed or unstated."""
    if row["role"] in ("start", "lateral"):
        return row["role"]
    if row.get("status") == NOT_STATED:
        return "unstated"
    if row["years_to_eligible"] is None:
        return "closed"
    return "now" if row["eligible_now"] else "later"


def when_words(row: dict[str, Any]) -> str:
    """Return when a title up can be reached, in words: "Eligible now", "In 4 years", "Not open to this education",
    "Requirements not stated"."""
    if row.get("status") == NOT_STATED:
        return "Requirements not stated"
    if row["years_to_eligible"] is None:
        return "Not open to this education"
    if row["eligible_now"]:
        return "Eligible now"
    return f"In {years_text(row['years_to_eligible'])}"


def status_words(row: dict[str, Any]) -> str:
    """Return when_words with the month of a future date: "In 4 years (Nov 2030)"."""
    words = when_words(row)
    if row["years_to_eligible"] and not row["eligible_now"]:
        words += f" ({row['earliest_eligible_date']:%b %Y})"
    return words


def pay_words(row: dict[str, Any]) -> str:
    """Return "Grade 23 · $86,681–$109,650" from a row's grade and pay range (what is known of them)."""
    grade = f"Grade {row['grade']}" if row.get("grade") else "Grade not stated"
    if row.get("min_annual") is None:
        return f"{grade} · pay not loaded"
    if row["min_annual"] == row["max_annual"]:
        return f"{grade} · {money(row['min_annual'])}"
    return f"{grade} · {money(row['min_annual'])}–{money(row['max_annual'])}"


def eligibility_table(targets: pl.DataFrame) -> pl.DataFrame:
    """One row per title up, as the page shows it: Title, Route, When, Earliest date, Binding constraint, Pay."""
    rows = [
        {
            "Title": r["title"],
            "Route": f"{edge_words(r['kind'])} from {r['via_title']}",
            "When": when_words(r),
            "Earliest date": f"{r['earliest_eligible_date']:%d %b %Y}".replace(" ", NBSP)
            if r["earliest_eligible_date"] else "—",
            "Binding constraint": r["binding_constraint"],
            "Grade and pay": pay_words(r),
        }
        for r in targets.iter_rows(named=True)
    ]
    columns = ("Title", "Route", "When", "Earliest date", "Binding constraint", "Grade and pay")
    return pl.DataFrame(rows, schema=dict.fromkeys(columns, pl.String))


def lateral_table(lateral: pl.DataFrame, links: list[str | None]) -> pl.DataFrame:
    """One row per sideways move, as the page shows it: title, why, grade, pay, confidence, link."""
    rows = [
        {"title": r["title"], "why": edge_words(r["kind"]), "grade": r["grade"] or "not stated",
         "pay": pay_words(r).split(" · ", 1)[1], "confidence": r["confidence"], "link": link}
        for r, link in zip(lateral.iter_rows(named=True), links, strict=True)
    ]
    schema = {"title": pl.String, "why": pl.String, "grade": pl.String, "pay": pl.String, "confidence": pl.Float64,
              "link": pl.String}
    return pl.DataFrame(rows, schema=schema)


MATCH_TABLE_SCHEMA = {
    "title": pl.String, "jurisdiction": pl.String, "kind": pl.String, "score": pl.Float64, "reason": pl.String,
    "agency": pl.String, "title_score": pl.Float64, "duty_score": pl.Float64, "pay_overlap": pl.Float64,
    "grade": pl.String, "pay": pl.String, "link": pl.String,
}


def lateral_match_table(matches: pl.DataFrame, links: list[str | None]) -> pl.DataFrame:
    """One row per move elsewhere, as the page shows it (MATCH_TABLE_SCHEMA): title, jurisdiction, kind, the
    combined score and the reason first (what a reader needs on a narrow screen), then agency, each score as a
    number, grade, pay range in words and a link to the ladder from there."""
    rows = [
        {"title": r["title"], "jurisdiction": r["jurisdiction"] or "not stated", "agency": r["agency"] or "—",
         "grade": r["grade"] or "not stated", "pay": pay_words(r).split(" · ", 1)[1], "kind": r["kind"],
         "score": r["score"], "title_score": r["title_score"], "duty_score": r["duty_score"],
         "pay_overlap": r["pay_overlap"], "reason": r["reason"], "link": link}
        for r, link in zip(matches.iter_rows(named=True), links, strict=True)
    ]
    return pl.DataFrame(rows, schema=MATCH_TABLE_SCHEMA)


def eligibility_figure(targets: pl.DataFrame, *, as_of: dt.date) -> go.Figure:
    """Return the eligibility timeline: one row per title up, a bar from `as_of` to its earliest date,
    labelled "now", "in 4 years" or "not open"."""
    rows = list(targets.iter_rows(named=True))
    fig = go.Figure()
    dates = [r["earliest_eligible_date"] for r in rows if r["earliest_eligible_date"]]
    last = max([*dates, as_of + dt.timedelta(days=365)])
    end = last + max((last - as_of) * 0.3, dt.timedelta(days=240))  # room for the label right of the last date
    for row in rows:
        status = status_of({**row, "role": "up"})
        fill, border, label = NODE_STYLES[status]
        day = row["earliest_eligible_date"] or as_of
        if status == "later":
            text = f"in {years_text(row['years_to_eligible'])} · {day:%b %Y}"
        else:
            words = {"now": "eligible now", "unstated": "requirements not stated"}
            text = words.get(status, "not open to this education")
        fig.add_trace(go.Scatter(
            x=[as_of, day], y=[chart_text(row["title"])] * 2, mode="lines+markers+text", name=label, legendgroup=status,
            line={"color": border, "width": 6}, marker={"size": [0, 14], "color": border,
                                                       "symbol": "x" if status == "closed" else "circle"},
            text=["", text], textposition="middle right", textfont={"color": "#111111", "size": 12},
            hovertext=chart_text(row["binding_constraint"]), hoverinfo="text+y", showlegend=False,
        ))
    fig.add_shape(type="line", x0=as_of, x1=as_of, y0=0, y1=1, yref="paper",
                  line={"color": BLACK, "dash": "dash", "width": 1})
    fig.add_annotation(x=as_of, y=1.0, yref="paper", text=f"as of {as_of:%d %b %Y}", showarrow=False,
                       yanchor="bottom", font={"size": 11})
    fig.update_layout(
        height=90 + 44 * max(len(rows), 1), margin={"l": 10, "r": 20, "t": 30, "b": 30},
        plot_bgcolor="#FFFFFF", font={"family": FONT, "size": 13},
        xaxis={"range": [as_of - dt.timedelta(days=120), end], "showgrid": True, "gridcolor": "#EEEEEE",
               "fixedrange": True},
        yaxis={"autorange": "reversed", "fixedrange": True, "automargin": True},
    )
    return fig
