"""Ladder explorer (/ladder): where a person in a title can move up or sideways, and when they are eligible.

URL: ?title=<title or class code>&years=<total years of experience>&years_in_title=<years in the title;
default: the total>&years_supervisory=<years of supervisory experience; default 0>&education=<an education
level>&coursework_units=<semester units of the coursework a title asks for; default not stated>&as_of=<YYYY-MM-DD>
&jurisdiction=<id or name: which of the titles of that name the ladder starts from; default all>&moves_in=<jurisdiction
ids, comma-separated: where the moves elsewhere are looked for; default everywhere>.
The answer is the one `python -m analytics ladder` prints for the same values.
"""

from __future__ import annotations

import datetime as dt
from functools import partial

import plotly.graph_objects as go
import polars as pl
import streamlit as st

from analytics.ladders.eligibility import NOT_STATED
from analytics.ladders.lateral_match import WEIGHTS
from analytics.ladders.view import MAX_COURSEWORK_UNITS, MAX_YEARS
from analytics.vocabulary import DEFAULT_EDUCATION, EDUCATION_LABELS, EDUCATION_LEVELS, RELATED
from app_pages.ladder.figures import (
    eligibility_figure,
    eligibility_table,
    lateral_match_table,
    lateral_table,
)
from app_pages.ladder.graph import ladder_figure
from app_pages.shared import career_loaders, lateral_loaders, loaders
from app_pages.shared import url_state as us
from app_pages.shared.downloads import chart_downloads, file_stem, table_downloads
from app_pages.shared.plain import plain
from app_pages.shared.print_report import report_button, report_html
from app_pages.shared.theme import years_text

KEY = {name: f"ladder.{name}" for name in ("title", "years", "years_in_title", "years_supervisory", "education",
                                             "coursework_units", "as_of", "jurisdiction", "moves_in")}
CHART_CONFIG = {"displaylogo": False, "modeBarButtonsToRemove": ["select2d", "lasso2d"],
                "toImageButtonOptions": {"format": "png", "scale": 2}}
URL_PATH = next(p.url_path for p in us.PAGES if p.script == "app_pages/ladder/page.py")

titles = career_loaders.start_titles()
codes_of = dict(zip(titles["title"], titles["class_codes"], strict=True))
# A link may name a title by itself (any case) or by one of its class codes, as the `ladder` command does.
by_name = {t.casefold(): t for t in titles["title"]}
by_name.update({code.casefold(): t for t, codes in codes_of.items() if codes for code in codes.split(", ")})


jurisdictions = lateral_loaders.jurisdictions()
jurisdiction_names = dict(zip(jurisdictions["jurisdiction_id"], jurisdictions["name"], strict=True))
by_jurisdiction = {j.casefold(): j for j in jurisdiction_names}
by_jurisdiction.update({name.casefold(): j for j, name in jurisdiction_names.items()})
# Which jurisdictions hold a job class of each title: the choices of the Jurisdiction box.
class_places = lateral_loaders.lateral_classes().select("title", "jurisdiction_id").drop_nulls()
places_of: dict[str, list[str]] = {}
for class_title, place in class_places.unique().sort("jurisdiction_id").iter_rows():
    places_of.setdefault(class_title.casefold(), []).append(place)


def parse_title(raw: str) -> str:
    """Return the title a URL names by title or class code."""
    found = by_name.get(" ".join(raw.split()).casefold())
    if found is None:
        raise ValueError("no title or class code matches")
    return found


def parse_jurisdiction(raw: str) -> str:
    """Return the jurisdiction_id a URL names by id or name."""
    found = by_jurisdiction.get(" ".join(raw.split()).casefold())
    if found is None:
        raise ValueError("no jurisdiction of that id or name")
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
    "jurisdiction": ("", parse_jurisdiction),
    "moves_in": ((), us.list_of(parse_jurisdiction)),
}

st.title("Ladder explorer")
st.caption("Where can someone in a title go next, and when are they eligible? Titles up come from series levels, "
           "promotional lines and supervision stated in the documents; sideways moves from related classes and "
           "titles at the same grade.")
values, notices = us.read_view(SPEC, show=False)
chosen = values["title"].casefold()
if values["jurisdiction"] and chosen and values["jurisdiction"] not in places_of.get(chosen, []):
    notices.append(f"URL parameter `jurisdiction` = `{values['jurisdiction']}` ignored (no job class of that title "
                   "there); showing every jurisdiction.")
    values["jurisdiction"] = ""
us.show_notices(notices)
for name, key in KEY.items():
    initial = dt.date.today() if name == "as_of" and values[name] is None else values[name]
    us.init_widget(key, list(initial) if name == "moves_in" else initial)

top = st.columns([5, 3, 1.8])
title = top[0].selectbox(
    "Current title", ["", *titles["title"]], key=KEY["title"],
    format_func=lambda t: f"{t} · {codes_of[t]}" if codes_of.get(t) else (t or "Choose a title or class code…"),
    help="Type to search by title or class code.",
)
row = st.columns(5)
years = row[0].number_input("Years of experience", min_value=0.0, max_value=MAX_YEARS, step=0.5, format="%g",
                            key=KEY["years"], help="Total years of qualifying experience.")
in_title = row[1].number_input("Years in title", min_value=0.0, max_value=MAX_YEARS, step=0.5, format="%g",
                               key=KEY["years_in_title"], placeholder="same as total",
                               help="Years in the current title; empty means all of the experience.")
supervisory = row[2].number_input("Years supervising", min_value=0.0, max_value=MAX_YEARS, step=0.5, format="%g",
                                  key=KEY["years_supervisory"],
                                  help="Years of experience supervising staff, for titles that state a minimum.")
education = row[3].selectbox("Education", EDUCATION_LEVELS, key=KEY["education"], format_func=EDUCATION_LABELS.get)
units = row[4].number_input("Coursework units", min_value=0.0, max_value=MAX_COURSEWORK_UNITS, step=3.0, format="%g",
                            key=KEY["coursework_units"], placeholder="not stated",
                            help="Semester units of the coursework a title asks for (e.g. 30 graduate units), "
                                 "if the person has them. Empty: a degree counts only for the units it "
                                 "necessarily includes (graduate units need a master's).")
as_of = top[2].date_input("As of", key=KEY["as_of"], format="YYYY-MM-DD", min_value=us.EARLIEST_DATE,
                          max_value=us.LATEST_DATE)
places = places_of.get((title or "").casefold(), [])
if st.session_state[KEY["jurisdiction"]] not in places:  # a jurisdiction of the title chosen before
    st.session_state[KEY["jurisdiction"]] = ""
# Beside the title it qualifies: most titles have one jurisdiction, so the box is usually disabled.
jurisdiction = top[1].selectbox(
    "Jurisdiction", ["", *places], key=KEY["jurisdiction"], disabled=len(places) < 2,
    format_func=lambda j: jurisdiction_names.get(j, j) if j else "Any jurisdiction",
    help="Which of the titles of this name the ladder starts from, when several jurisdictions have one.",
)
shown_view = {"title": title, "years": years, "years_in_title": in_title, "years_supervisory": supervisory,
              "education": education, "coursework_units": units, "as_of": as_of, "jurisdiction": jurisdiction,
              "moves_in": tuple(st.session_state.get(KEY["moves_in"], ()))}
us.write_view(shown_view)

if not title:
    st.info("Choose a title (or type its class code) to see where it leads and when.")
    st.stop()
if in_title is not None and in_title > years:
    us.show_notices([f"Years in title ({in_title:g}) cannot exceed the years of experience ({years:g}); "
                     f"counting {years:g}."])
in_title = years if in_title is None else min(in_title, years)

view = career_loaders.ladder(title, years_total=years, years_in_title=in_title, education=education, as_of=as_of,
                             years_supervisory=supervisory, coursework_units=units, jurisdiction=jurisdiction or None)

st.header(plain(view.title), anchor=False)
where = f" in {plain(jurisdiction_names.get(jurisdiction, jurisdiction))}" if jurisdiction else ""
st.caption(f"{years_text(years)} of experience ({years_text(in_title)} in this title{where}, "
           f"{years_text(supervisory)} supervising), "
           f"{EDUCATION_LABELS[education].lower()}, "
           f"as of {as_of:%d %B %Y}.")
report_slot = st.empty()  # the printable report of the view, known once the page is drawn
charts: list[tuple[str, go.Figure]] = []  # what the report prints, in the page's order
printed: list[tuple[str, pl.DataFrame]] = []
stem = file_stem(view.title, as_of)
if not jurisdiction and len(places) > 1:
    st.info(f"{len(places)} jurisdictions have a title of this name: the ladder starts from all of them. Choose one "
            "under Jurisdiction to see that employer's ladder alone.", icon=":material/call_split:")
eligible = view.targets.filter(pl.col("eligible_now"))
unstated = view.targets.filter(pl.col("status") == NOT_STATED)
facts = (("Titles up", f"{view.targets.height}"), ("Eligible now", f"{eligible.height}"),
         ("Not stated", f"{unstated.height}"), ("Sideways moves", f"{view.lateral.height}"))
HELP = {"Eligible now": "Titles up whose every stated minimum the person meets today.",
        "Not stated": "Titles up with no qualifications loaded: never counted as eligible now."}
for column, (label, value) in zip(st.columns(len(facts) + 1)[:len(facts)], facts, strict=True):
    column.metric(label, value, border=True, help=HELP.get(label))
pay_page = next(p for p in us.PAGES if p.url_path == "pay")
if pay_page.is_available:  # pages are written by different people over time
    st.page_link(pay_page.script, label="Pay trajectory for this profile", icon=pay_page.icon,
                 query_params={"title": view.title, "experience": f"{years:g}", "years_in_title": f"{in_title:g}",
                               "education": education})

st.subheader("Ladder", anchor=False)
if view.nodes.height <= 1:
    st.info("The loaded documents state no title above or beside this one.")
else:
    graph = ladder_figure(view.nodes, view.edges)
    st.plotly_chart(graph, config=CHART_CONFIG, key="ladder.graph")
    chart_downloads(graph, stem=f"ladder-{stem}", key="ladder.graph.download")
    charts.append(("Ladder", graph))
    st.caption("Arrows point up the ladder, labelled with the kind of link and the years in the lower title it "
               "states; dotted curves are sideways moves. Hover a title for its class code and binding rule.")

st.subheader("Eligibility timeline", anchor=False)
if view.targets.is_empty():
    st.info("No titles above this one in the loaded documents.")
else:
    timeline = eligibility_figure(view.targets, as_of=as_of)
    st.plotly_chart(timeline, config=CHART_CONFIG, key="ladder.timeline")
    chart_downloads(timeline, stem=f"eligibility-timeline-{stem}", key="ladder.timeline.download")
    table = eligibility_table(view.targets)
    st.table(table, hide_index=True)
    table_downloads({"Eligibility": view.targets.drop("node_id")},
                    stem=f"eligibility-{view.title.lower().replace(' ', '-')}-{as_of}", key="ladder.eligibility")
    charts.append(("Eligibility timeline", timeline))
    printed.append(("Eligibility", table))
    st.caption("The earliest date is the latest of every binding rule: experience (less the credit the education "
               "earns) and the years a promotional line requires in the lower title.")

st.subheader("Sideways moves", anchor=False)
if view.lateral.is_empty():
    st.info("The loaded documents name no related class or same-grade title for this one.")
else:
    links = [us.view_url("ladder", {"title": t, "years": years, "education": education, "as_of": as_of}, SPEC)
             if t.casefold() in by_name else None for t in view.lateral["title"]]
    sideways = lateral_table(view.lateral, links)
    st.dataframe(
        sideways, hide_index=True,
        column_config={
            "title": "Title", "why": "Why", "grade": "Grade", "pay": "Pay range",
            "confidence": st.column_config.ProgressColumn("Confidence", format="%.2f", min_value=0, max_value=1,
                                                          help="How surely the stated title names this class."),
            "link": st.column_config.LinkColumn("Open", display_text="Ladder from here"),
        },
    )
    table_downloads({"Sideways moves": sideways.drop("link")}, stem=f"sideways-{stem}", key="ladder.sideways")
    printed.append(("Sideways moves", sideways.drop("link").rename(
        {"title": "Title", "why": "Why", "grade": "Grade", "pay": "Pay range", "confidence": "Confidence"})))

st.subheader("Moves elsewhere", anchor=False)
st.caption("Titles in any jurisdiction, ranked by how alike their title words, duty words and pay ranges are to this "
           f"title's. Score = {WEIGHTS['title_score']:g} × title + {WEIGHTS['duty_score']:g} × duties + "
           f"{WEIGHTS['pay_overlap']:g} × pay overlap, the weights of whatever is not loaded shared among the rest. "
           "Titles up this ladder are left out; a title linked by neither a document nor the grade is listed only "
           "if its title or duties share a word with this one.")
start_classes = view.nodes.filter((pl.col("role") == "start") & pl.col("class_id").is_not_null())["class_id"]
if start_classes.is_empty():
    st.info("This title is only named in the documents (no job class of it is loaded), so it has no duties or pay "
            "to compare.")
else:
    moves_in = st.multiselect("Jurisdictions to look in", list(jurisdiction_names), key=KEY["moves_in"],
                              format_func=lambda j: jurisdiction_names.get(j, j), placeholder="All jurisdictions")
    matches = lateral_loaders.lateral_matches(
        start_classes[0], on=as_of, jurisdiction_ids=moves_in, excluded_class_ids=view.targets["node_id"].to_list(),
        related_class_ids=view.lateral.filter(pl.col("kind") == RELATED)["node_id"].to_list(),
    )
    if start_classes.len() > 1:
        st.caption("Compared with the first of the titles of this name; choose a jurisdiction above for another.")
    if matches.is_empty():
        st.info("No title " + ("in these jurisdictions " if moves_in else "") + "shares a title or duty word with this "
                "one.")
    else:
        links = [us.view_url("ladder", {"title": r["title"], "years": years, "education": education, "as_of": as_of,
                                        "jurisdiction": r["jurisdiction_id"] or ""}, SPEC)
                 if r["title"].casefold() in by_name else None for r in matches.iter_rows(named=True)]
        score = "Weighted mean of the scores loaded for both titles (0 to 1)."
        elsewhere = lateral_match_table(matches, links)
        st.dataframe(
            elsewhere, hide_index=True,
            column_config={
                "title": "Title", "jurisdiction": "Jurisdiction", "grade": "Grade", "pay": "Pay range", "kind": "Kind",
                "agency": st.column_config.TextColumn("Agency", help="The departments the title's salary ranges name; "
                                                      "the documents state no other agency."),
                "score": st.column_config.NumberColumn("Score", format="%.2f", help=score),
                "title_score": st.column_config.NumberColumn("Title score", format="%.2f",
                                                             help="Shared title words over all title words."),
                "duty_score": st.column_config.NumberColumn("Duty score", format="%.2f",
                                                            help="Shared duty words over all duty words (stop words "
                                                                 "left out); empty when either has no duties loaded."),
                "pay_overlap": st.column_config.NumberColumn("Pay overlap", format="percent",
                                                             help="Overlap of the two pay ranges over the shorter one; "
                                                                  "empty when either has no pay loaded."),
                "reason": "Why",
                "link": st.column_config.LinkColumn("Open", display_text="Ladder from here"),
            },
        )
        table_downloads({"Moves elsewhere": matches.drop("class_id")},
                        stem=f"moves-elsewhere-{view.title.lower().replace(' ', '-')}-{as_of}", key="ladder.moves")
        printed.append(("Moves elsewhere", elsewhere.select(
            pl.col("title").alias("Title"), pl.col("jurisdiction").alias("Jurisdiction"), pl.col("kind").alias("Kind"),
            pl.col("score").round(2).alias("Score"), pl.col("grade").alias("Grade"), pl.col("pay").alias("Pay range"),
            pl.col("reason").alias("Why"))))

report_inputs = [
    ("Title", view.title), ("Jurisdiction", jurisdiction_names.get(jurisdiction, jurisdiction) or "any"),
    ("Years of experience", f"{years:g}"), ("Years in the title", f"{in_title:g}"),
    ("Years supervising", f"{supervisory:g}"), ("Education", EDUCATION_LABELS[education]),
    ("Coursework units", "not stated" if units is None else f"{units:g}"), ("As of", f"{as_of}"),
    ("Moves elsewhere looked for in", ", ".join(jurisdiction_names.get(j, j) for j in shown_view["moves_in"])
     or "all jurisdictions"),
]
build_report = partial(report_html, title=f"Ladder explorer: {view.title}", url=us.full_url(URL_PATH, shown_view, SPEC),
                       data_version=loaders.data_version(), inputs=report_inputs, figures=tuple(charts),
                       tables=tuple(printed))
with report_slot.container():
    report_button("Printable report (HTML)", build_report, stem=f"ladder-{stem}-report", key="ladder.report")
