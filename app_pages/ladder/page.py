"""Ladder explorer (/ladder): where a person in a title can move up or sideways, and when they are eligible.

URL: ?title=<title or class code>&years=<total years of experience>&years_in_title=<years in the title;
default: the total>&years_supervisory=<years of supervisory experience; default 0>&education=<an education
level>&coursework_units=<semester units of the coursework a title asks for; default not stated>&as_of=<YYYY-MM-DD>.
The answer is the one `python -m analytics ladder` prints for the same values.
"""

from __future__ import annotations

import datetime as dt

import polars as pl
import streamlit as st

from analytics.exports import csv_bytes
from analytics.ladders.eligibility import NOT_STATED
from analytics.ladders.view import MAX_COURSEWORK_UNITS, MAX_YEARS
from analytics.vocabulary import DEFAULT_EDUCATION, EDUCATION_LABELS, EDUCATION_LEVELS
from app_pages.ladder.figures import (
    eligibility_figure,
    eligibility_table,
    lateral_table,
)
from app_pages.ladder.graph import ladder_figure
from app_pages.shared import career_loaders
from app_pages.shared import url_state as us
from app_pages.shared.plain import plain
from app_pages.shared.theme import years_text

KEY = {name: f"ladder.{name}" for name in ("title", "years", "years_in_title", "years_supervisory", "education",
                                             "coursework_units", "as_of")}
CHART_CONFIG = {"displaylogo": False, "modeBarButtonsToRemove": ["select2d", "lasso2d"],
                "toImageButtonOptions": {"format": "png", "scale": 2}}

titles = career_loaders.start_titles()
codes_of = dict(zip(titles["title"], titles["class_codes"], strict=True))
# A link may name a title by itself (any case) or by one of its class codes, as the `ladder` command does.
by_name = {t.casefold(): t for t in titles["title"]}
by_name.update({code.casefold(): t for t, codes in codes_of.items() if codes for code in codes.split(", ")})


def parse_title(raw: str) -> str:
    """Return the title a URL names by title or class code."""
    found = by_name.get(" ".join(raw.split()).casefold())
    if found is None:
        raise ValueError("no title or class code matches")
    return found


SPEC: us.Spec = {
    "title": ("", parse_title),
    "years": (0.0, us.number(0, MAX_YEARS)),
    "years_in_title": (None, us.number(0, MAX_YEARS)),
    "years_supervisory": (0.0, us.number(0, MAX_YEARS)),
    "education": (DEFAULT_EDUCATION, us.one_of(EDUCATION_LEVELS, what="education level")),
    "coursework_units": (None, us.number(0, MAX_COURSEWORK_UNITS)),
    # No default date: the date shown is always written, so a link keeps meaning the same day.
    "as_of": (None, us.iso_date),
}

st.title("Ladder explorer")
st.caption("Where can someone in a title go next, and when are they eligible? Titles up come from series levels, "
           "promotional lines and supervision stated in the documents; sideways moves from related classes and "
           "titles at the same grade.")
values, _ = us.read_view(SPEC)
for name, key in KEY.items():
    us.init_widget(key, dt.date.today() if name == "as_of" and values[name] is None else values[name])

row = st.columns([4, 1.3, 1.3, 1.3, 2, 1.3, 1.6])
title = row[0].selectbox(
    "Current title", ["", *titles["title"]], key=KEY["title"],
    format_func=lambda t: f"{t} · {codes_of[t]}" if codes_of.get(t) else (t or "Choose a title or class code…"),
    help="Type to search by title or class code.",
)
years = row[1].number_input("Years of experience", min_value=0.0, max_value=MAX_YEARS, step=0.5, format="%g",
                            key=KEY["years"], help="Total years of qualifying experience.")
in_title = row[2].number_input("Years in title", min_value=0.0, max_value=MAX_YEARS, step=0.5, format="%g",
                               key=KEY["years_in_title"], placeholder="same as total",
                               help="Years in the current title; empty means all of the experience.")
supervisory = row[3].number_input("Years supervising", min_value=0.0, max_value=MAX_YEARS, step=0.5, format="%g",
                                  key=KEY["years_supervisory"],
                                  help="Years of experience supervising staff, for titles that state a minimum.")
education = row[4].selectbox("Education", EDUCATION_LEVELS, key=KEY["education"], format_func=EDUCATION_LABELS.get)
units = row[5].number_input("Coursework units", min_value=0.0, max_value=MAX_COURSEWORK_UNITS, step=3.0, format="%g",
                            key=KEY["coursework_units"], placeholder="not stated",
                            help="Semester units of the coursework a title asks for (e.g. 30 graduate units), "
                                 "if the person has them. Empty: a degree counts only for the units it "
                                 "necessarily includes (graduate units need a master's).")
as_of = row[6].date_input("As of", key=KEY["as_of"], format="YYYY-MM-DD", min_value=us.EARLIEST_DATE,
                          max_value=us.LATEST_DATE)
us.write_view({"title": title, "years": years, "years_in_title": in_title, "years_supervisory": supervisory,
               "education": education, "coursework_units": units, "as_of": as_of})

if not title:
    st.info("Choose a title (or type its class code) to see where it leads and when.")
    st.stop()
if in_title is not None and in_title > years:
    us.show_notices([f"Years in title ({in_title:g}) cannot exceed the years of experience ({years:g}); "
                     f"counting {years:g}."])
in_title = years if in_title is None else min(in_title, years)

view = career_loaders.ladder(title, years_total=years, years_in_title=in_title, education=education, as_of=as_of,
                             years_supervisory=supervisory, coursework_units=units)

st.header(plain(view.title), anchor=False)
st.caption(f"{years_text(years)} of experience ({years_text(in_title)} in this title, "
           f"{years_text(supervisory)} supervising), "
           f"{EDUCATION_LABELS[education].lower()}, "
           f"as of {as_of:%d %B %Y}.")
eligible = view.targets.filter(pl.col("eligible_now"))
unstated = view.targets.filter(pl.col("status") == NOT_STATED)
facts = (("Titles up", f"{view.targets.height}"), ("Eligible now", f"{eligible.height}"),
         ("Requirements not stated", f"{unstated.height}"), ("Sideways moves", f"{view.lateral.height}"))
for column, (label, value) in zip(st.columns(len(facts) + 1)[:len(facts)], facts, strict=True):
    column.metric(label, value, border=True)
pay_page = next(p for p in us.PAGES if p.url_path == "pay")
if pay_page.is_available:  # pages are written by different people over time
    st.page_link(pay_page.script, label="Pay trajectory for this profile", icon=pay_page.icon,
                 query_params={"title": view.title, "experience": f"{years:g}", "education": education})

st.subheader("Ladder", anchor=False)
if view.nodes.height <= 1:
    st.info("The loaded documents state no title above or beside this one.")
else:
    st.plotly_chart(ladder_figure(view.nodes, view.edges), config=CHART_CONFIG, key="ladder.graph")
    st.caption("Arrows point up the ladder, labelled with the kind of link and the years in the lower title it "
               "states; dotted curves are sideways moves. Hover a title for its class code and binding rule.")

st.subheader("Eligibility timeline", anchor=False)
if view.targets.is_empty():
    st.info("No titles above this one in the loaded documents.")
else:
    st.plotly_chart(eligibility_figure(view.targets, as_of=as_of), config=CHART_CONFIG, key="ladder.timeline")
    table = eligibility_table(view.targets)
    st.table(table, hide_index=True)
    st.download_button("Download eligibility (CSV)", csv_bytes(view.targets.drop("node_id")),
                       file_name=f"eligibility-{view.title.lower().replace(' ', '-')}-{as_of}.csv",
                       mime="text/csv", icon=":material/download:")
    st.caption("The earliest date is the latest of every binding rule: experience (less the credit the education "
               "earns) and the years a promotional line requires in the lower title.")

st.subheader("Sideways moves", anchor=False)
if view.lateral.is_empty():
    st.info("The loaded documents name no related class or same-grade title for this one.")
else:
    links = [us.view_url("ladder", {"title": t, "years": years, "education": education, "as_of": as_of}, SPEC)
             if t.casefold() in by_name else None for t in view.lateral["title"]]
    st.dataframe(
        lateral_table(view.lateral, links), hide_index=True,
        column_config={
            "title": "Title", "why": "Why", "grade": "Grade", "pay": "Pay range",
            "confidence": st.column_config.ProgressColumn("Confidence", format="%.2f", min_value=0, max_value=1,
                                                          help="How surely the stated title names this class."),
            "link": st.column_config.LinkColumn("Open", display_text="Ladder from here"),
        },
    )
