"""Catalog (/catalog): search titles by jurisdiction, series and grade; one title's facts with their evidence, and
for stewards the corrections, versions and deletion of what was read.

URL: ?q=<search>&jurisdiction=<id>&series=<name>&grade=<grade>&title=<title, class code or class id>.
"""

from __future__ import annotations

import datetime as dt
import html
from typing import Any

import polars as pl
import streamlit as st

from analytics.ingest.load.corrections import PATH_FIELDS, RANGE_FIELDS
from analytics.vocabulary import FEEDER, PROMOTIONAL_LINE, RELATED, SERIES, SUPERVISION, title_key
from app_pages.shared import loaders, steward
from app_pages.shared import url_state as us
from app_pages.shared.downloads import table_downloads
from app_pages.shared.evidence import show_evidence
from app_pages.shared.grade_pay import show_grade_pay
from app_pages.shared.plain import plain

KEY = {name: f"catalog.{name}" for name in ("q", "jurisdiction", "series", "grade", "title")}
TABLE_KEY, TABLE_IDS = "catalog.table", "catalog.table_ids"
EDGE_GROUPS = (
    ("Promotion", (SERIES, PROMOTIONAL_LINE, FEEDER)),
    ("Supervision", (SUPERVISION,)),
    ("Related classes", (RELATED,)),
)
# The Catalog reads an edge from the class's side ("next in series"), not as a route (edge_words).
KIND_LABEL = {SERIES: "next in series", PROMOTIONAL_LINE: "promotional line", FEEDER: "feeder",
              SUPERVISION: "supervision", RELATED: "related class"}
# How this title stands to the other one, by (edge kind, direction): edges run from -> to, and a
# supervision edge runs from the subordinate to the supervisor.
RELATION = {"out": "leads to", "in": "comes from", (SUPERVISION, "out"): "works under",
            (SUPERVISION, "in"): "supervises", (RELATED, "out"): "related to", (RELATED, "in"): "related to"}
MONEY = st.column_config.NumberColumn(format="dollar")
STATED_RANGES = "Salary ranges stated in the document"
# The correction fields of an edge, by (kind, direction) as the Catalog reads it from this class's side.
EDGE_FIELD_OF = {
    **{(kind, "out"): ("promotes_to",) for kind in (SERIES, PROMOTIONAL_LINE, FEEDER)},
    **{(kind, "in"): ("promoted_from",) for kind in (SERIES, PROMOTIONAL_LINE, FEEDER)},
    (SUPERVISION, "out"): ("supervised_by",), (SUPERVISION, "in"): ("supervises",),
    (RELATED, "out"): ("related",), (RELATED, "in"): ("related",),
}

everything = loaders.catalog_titles()
ids = everything["class_id"].to_list()
label_of = {
    row["class_id"]: f"{row['title']} · {row['jurisdiction_name'] or 'jurisdiction not stated'}"
                     + (f" · {row['class_code']}" if row["class_code"] else "")
    for row in everything.iter_rows(named=True)
}


def _title_lookup() -> dict[str, list[str]]:
    """Class ids by every way a link may name a title: class id, title key, class code (in catalog order)."""
    found: dict[str, list[str]] = {}
    for row in everything.iter_rows(named=True):
        for name in (row["class_id"], title_key(row["title"]), row["class_code"]):
            if name:
                found.setdefault(name.casefold(), []).append(row["class_id"])
    return found


LOOKUP = _title_lookup()


def parse_title(raw: str) -> str:
    """Return the class id a URL's title names (title, class code or class id); the first when several match."""
    found = LOOKUP.get(raw.strip().casefold()) or LOOKUP.get(title_key(raw))
    if found:
        return found[0]
    if ":" in raw and loaders.class_detail(raw.strip()) is not None:  # an earlier version, by its class id
        return raw.strip()
    raise ValueError("no title or class code matches")


def encode_title(class_id: str) -> str:
    """Return the shortest unambiguous name of a class for a link: its title, else class code, else class id."""
    if class_id not in label_of:
        return class_id
    row = everything.row(ids.index(class_id), named=True)
    if LOOKUP.get(title_key(row["title"])) == [class_id]:
        return row["title"]
    if row["class_code"] and LOOKUP.get(row["class_code"].casefold()) == [class_id]:
        return row["class_code"]
    return class_id


def _sorted(values: pl.Series) -> list[str]:
    return sorted(values.drop_nulls().unique().to_list(), key=lambda v: (len(v), v))


jurisdictions = dict(everything.select("jurisdiction_id", "jurisdiction_name").drop_nulls().unique().iter_rows())
SPEC: us.Spec = {
    "q": ("", us.text(100)),
    "jurisdiction": ("", us.one_of(jurisdictions, what="jurisdiction")),
    "series": ("", us.one_of(_sorted(everything["series_name"]), what="series")),
    "grade": ("", us.one_of(_sorted(everything["grade"]), what="grade")),
    "title": ("", parse_title, encode_title),
}

st.title("Catalog")
st.caption("Every title the loaded documents define. Pick one to see its grade, pay, qualifications and ladder "
           "links, each with the sentence it was read from.")
values, _ = us.read_view(SPEC)
for name, key in KEY.items():
    us.init_widget(key, values[name])


def _keep_if_offered(key: str, options: list[str], what: str) -> None:
    """Reset a filter whose value the other filters no longer offer, saying so."""
    if st.session_state[key] not in options:
        us.show_notices([f"The {what} `{st.session_state[key]}` is not among the current choices; showing all."])
        st.session_state[key] = ""


filters = st.columns([3, 3, 3, 2])
search = filters[0].text_input("Search", key=KEY["q"], placeholder="title or class code")
jurisdiction = filters[1].selectbox("Jurisdiction", ["", *sorted(jurisdictions, key=jurisdictions.get)],
                                    format_func=lambda j: jurisdictions.get(j, "All jurisdictions"),
                                    key=KEY["jurisdiction"])
in_jurisdiction = loaders.catalog_titles(jurisdiction_id=jurisdiction or None)
series_options = ["", *_sorted(in_jurisdiction["series_name"])]
_keep_if_offered(KEY["series"], series_options, "series")
series = filters[2].selectbox("Series", series_options, format_func=lambda s: s or "All series", key=KEY["series"])
grade_options = ["", *_sorted(loaders.catalog_titles(jurisdiction_id=jurisdiction or None,
                                                     series_name=series or None)["grade"])]
_keep_if_offered(KEY["grade"], grade_options, "grade")
grade = filters[3].selectbox("Grade", grade_options, format_func=lambda g: g or "All grades", key=KEY["grade"])

shown = loaders.catalog_titles(jurisdiction_id=jurisdiction or None, series_name=series or None,
                               grade=grade or None, search=search.strip() or None)


def _pick_from_table() -> None:
    rows = st.session_state[TABLE_KEY].selection.rows
    if rows:
        st.session_state[KEY["title"]] = st.session_state[TABLE_IDS][rows[0]]


st.session_state[TABLE_IDS] = shown["class_id"].to_list()
st.dataframe(
    shown.select("title", "class_code", "grade", "jurisdiction_name", "series_name", "level_in_series",
                 "min_annual", "max_annual", "file_name"),
    hide_index=True, on_select=_pick_from_table, selection_mode="single-row", key=TABLE_KEY, height=300,
    column_config={
        "title": "Title", "class_code": "Class code", "grade": "Grade", "jurisdiction_name": "Jurisdiction",
        "series_name": "Series", "level_in_series": "Level",
        "min_annual": st.column_config.NumberColumn("Annual min", format="dollar"),
        "max_annual": st.column_config.NumberColumn("Annual max", format="dollar"),
        "file_name": "Source document",
    },
)
st.caption(f"{shown.height} of {everything.height} titles. Select a row, or choose below.")
table_downloads({"Titles": shown.drop("class_id")}, stem="catalog_titles", key="catalog.downloads")

current = st.session_state[KEY["title"]]
title_options = ["", *st.session_state[TABLE_IDS], *([current] if current and current not in shown["class_id"] else [])]
class_id = st.selectbox("Title", title_options, key=KEY["title"],
                        format_func=lambda c: label_of.get(c) or (f"{c} (earlier version)" if c else "Choose a title…"))
us.write_view({"q": search.strip(), "jurisdiction": jurisdiction, "series": series, "grade": grade,
               "title": class_id})


def _show_header(detail: dict[str, Any], text: str | None, corrections: pl.DataFrame) -> None:
    st.header(plain(detail["title"]), anchor=False)
    code, grade, about = st.columns([1, 1, 2])
    code.metric("Class code", detail["class_code"] or "not stated", border=True)
    grade.metric("Grade", detail["grade"] or "not stated", border=True)
    series = " · level ".join(str(v) for v in (detail["series_name"], detail["level_in_series"]) if v is not None)
    confidence = detail.get("confidence")
    rows = (("Jurisdiction", detail["jurisdiction_name"]), ("Series", series), ("Source", detail["file_name"]),
            ("Effective", detail["effective_date"]), ("Classification", detail["classification"]),
            ("Bargaining unit", detail["bargaining_unit"]), ("Working title", detail.get("working_title")),
            ("Title read with confidence", f"{confidence:.2f}" if confidence is not None else None))
    with about.container(border=True):
        st.html("".join(f"<div><b>{label}:</b> {html.escape(str(value))}</div>" for label, value in rows if value))
    for label, prefix in (("title", "title"), ("class code", "class_code"), ("grade", "grade")):
        corrected = steward.mark(corrections, (prefix,))
        if corrected:
            st.caption(f":material/edit: {plain(corrected)}")
        show_evidence(f"Evidence: {label}" + (f" ({corrected})" if corrected else ""), text,
                      detail[f"{prefix}_start"], detail[f"{prefix}_end"])


def _show_facts(heading: str, frame: pl.DataFrame, columns: dict[str, Any], labels: list[str],
                text: str | None, marks: list[str] | None = None) -> None:
    """A section: the facts as a table (with a "Corrected" column when a steward corrected one), then one
    evidence expander per fact: the sentence it was read from, the correction beside it."""
    st.subheader(heading, anchor=False)
    if frame.is_empty():
        st.caption("None stated in the document.")
        return
    marks = marks or [""] * frame.height
    if any(marks):
        frame = frame.with_columns(pl.Series("corrected", marks, dtype=pl.String))
        columns = {**columns, "corrected": st.column_config.TextColumn("Corrected", width="large")}
    st.dataframe(frame.select(list(columns)), hide_index=True, column_config=columns)
    for label, mark, row in zip(labels, marks, frame.iter_rows(named=True), strict=True):
        note = f" ({mark})" if mark else ""
        if row["char_start"] is None and mark:
            note = " (added by a steward)"
        show_evidence(f"Evidence: {label}{note}", text, row["char_start"], row["char_end"])


def _years(value: float | None) -> str:
    return "" if value is None else f"{value:g} year{'s' if value != 1 else ''}"


def _show_pay(ranges: pl.DataFrame, text: str | None, corrections: pl.DataFrame) -> None:
    columns = {"min_amount": st.column_config.NumberColumn("Stated min", format="dollar"),
               "max_amount": st.column_config.NumberColumn("Stated max", format="dollar"),
               "pay_unit": "Pay unit", "department": "Department",
               "min_annual": st.column_config.NumberColumn("Annual min", format="dollar"),
               "max_annual": st.column_config.NumberColumn("Annual max", format="dollar"),
               "annual_factor": st.column_config.NumberColumn("Factor", format="%.6g",
                                                              help="Pay periods per year used to annualise"),
               "factor_source": "Factor source", "is_pay_unit_consistent": "Pay units agree"}
    labels = [f"${r['min_amount']:,.2f}–${r['max_amount']:,.2f} {r['pay_unit']}" for r in ranges.iter_rows(named=True)]
    marks = [steward.mark(corrections, RANGE_FIELDS, position=order + 1) for order in ranges["range_order"]]
    _show_facts(STATED_RANGES, ranges, columns, labels, text, marks)


def _show_qualifications(paths: pl.DataFrame, subs: pl.DataFrame, text: str | None,
                         corrections: pl.DataFrame) -> None:
    columns = {"path_order": st.column_config.NumberColumn("Path", format="%d"), "education": "Education",
               "field": "Field", "experience_years": "Experience (years)",
               "specialized_years": "Specialised (years)", "supervisory_years": "Supervisory (years)"}
    paths = paths.with_columns(pl.col("path_order") + 1)
    labels = [f"path {r['path_order']}: {r['education'] or 'no education stated'}, "
              f"{_years(r['experience_years']) or 'no years'}" for r in paths.iter_rows(named=True)]
    marks = [steward.mark(corrections, PATH_FIELDS, position=order) for order in paths["path_order"]]
    _show_facts("Qualification paths (any one qualifies)", paths, columns, labels, text, marks)
    labels = [f"{r['education']} counts for {_years(r['years'])}" for r in subs.iter_rows(named=True)]
    marks = [steward.mark(corrections, ("substitution",), level=level) for level in subs["education"]]
    _show_facts("Substitutions", subs, {"education": "Education", "years": "Years credited"}, labels, text, marks)


def _show_edges(edges: pl.DataFrame, text: str | None, corrections: pl.DataFrame) -> None:
    links = [us.view_url("catalog", {"title": c}, SPEC) if c in label_of else None
             for c in edges["other_class_id"].fill_null("")]
    ways = [RELATION.get((kind, way), RELATION[way])
            for kind, way in zip(edges["kind"], edges["direction"], strict=True)]
    edges = edges.with_columns(pl.Series("link", links, dtype=pl.String), pl.Series("way", ways, dtype=pl.String),
                               pl.col("kind").replace(KIND_LABEL).alias("kind_label"))
    columns = {"kind_label": "Kind", "way": "This title", "other_title": "Other title", "years": "Years",
               "confidence": st.column_config.NumberColumn("Confidence", format="%.1f"),
               "link": st.column_config.LinkColumn("Open", display_text="Open in catalog")}
    for heading, kinds in EDGE_GROUPS:
        group = edges.filter(pl.col("kind").is_in(kinds))
        labels = [f"{r['kind_label']}: {r['from_title']} → {r['to_title']}" for r in group.iter_rows(named=True)]
        marks = [steward.mark(corrections, EDGE_FIELD_OF[(r["kind"], r["direction"])], other_title=r["other_title"])
                 for r in group.iter_rows(named=True)]
        _show_facts(heading, group, columns, labels, text, marks)


def _show_duties(duties: pl.DataFrame) -> None:
    if duties.is_empty():
        return
    with st.expander(f"Illustrative duties ({duties.height})"):
        st.html("<ul>" + "".join(f"<li>{html.escape(d)}</li>" for d in duties["duty_text"]) + "</ul>")


def version_facts(version_id: str) -> dict[str, str]:
    """One version's facts as {name: text}, for what changed between versions."""
    found = loaders.class_detail(version_id) or {}
    facts = {name: str(found.get(name) or "") for name in ("title", "class_code", "grade")}
    for r in loaders.class_salary_ranges(version_id).iter_rows(named=True):
        facts[f"salary range {r['range_order'] + 1}"] = f"{r['min_amount']:,.2f}–{r['max_amount']:,.2f} {r['pay_unit']}"
    for r in loaders.class_paths(version_id).iter_rows(named=True):
        facts[f"path {r['path_order'] + 1}"] = (f"{r['education'] or 'no education'}, "
                                                f"{_years(r['experience_years']) or 'no years'}")
    for r in loaders.class_substitutions(version_id).iter_rows(named=True):
        facts[f"substitution: {r['education']}"] = _years(r["years"])
    for r in loaders.class_edges(version_id).iter_rows(named=True):
        facts[f"{KIND_LABEL.get(r['kind'], r['kind'])}: {r['from_title']} → {r['to_title']}"] = (
            _years(r["years"]) or "stated")
    return facts


steward.show_notice()
detail = loaders.class_detail(class_id) if class_id else None
if detail is None:
    st.info("Choose a title to see its class code, grade, pay, qualifications and ladder links.")
    st.stop()
if detail["superseded_by"]:
    current_version = us.view_url("catalog", {"title": detail["superseded_by"]}, SPEC)
    st.warning("This is an earlier version of the class, kept as history: a newer document supersedes it.")
    st.page_link(current_version, label="Open the current version", icon=":material/update:")
source = loaders.document_text(detail["document_id"])
corrections = steward.open_corrections(class_id)
_show_header(detail, source, corrections)
show_grade_pay(detail, on=dt.date.today())
_show_pay(loaders.class_salary_ranges(class_id), source, corrections)
_show_qualifications(loaders.class_paths(class_id), loaders.class_substitutions(class_id), source, corrections)
_show_edges(loaders.class_edges(class_id), source, corrections)
_show_duties(loaders.class_duties(class_id))
if not detail["superseded_by"]:
    steward.show_correction_form(detail)
steward.show_corrections(class_id)
steward.show_versions(class_id, version_facts, lambda c: us.view_url("catalog", {"title": c}, SPEC))
steward.show_delete(detail)
