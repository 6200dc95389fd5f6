"""Review (/review): what the extractor read with doubt, for a steward to accept or correct.

URL: ?kind=<title|edge|requirements|unresolved|pay_units|correction>&jurisdiction=<id>&q=<search>
&threshold=<confidence below which a fact is listed, default 0.75>.
"""

from __future__ import annotations

import polars as pl
import streamlit as st

from analytics.ingest.load.corrections import settle
from analytics.review import DEFAULT_THRESHOLD, KIND_WORDS, KINDS, accept
from analytics.users import STEWARD
from app_pages.shared import auth, loaders, steward
from app_pages.shared import url_state as us
from app_pages.shared.downloads import table_downloads
from app_pages.shared.evidence import show_evidence

KEY = {name: f"review.{name}" for name in ("kind", "jurisdiction", "q", "threshold")}
TABLE_KEY = "review.table"
CATALOG_SPEC: us.Spec = {"title": ("", us.text())}
KIND_SHORT = {"title": "Titles", "edge": "Links", "requirements": "No qualifications", "unresolved": "Unloaded titles",
              "pay_units": "Pay units", "correction": "Corrections"}

st.title("Review")
st.caption("Facts the extractor read with doubt: titles and ladder links read with low confidence, classes with no "
           "minimum qualifications, links to titles that are not loaded, pay units that disagree, and corrections "
           "a new version of a spec no longer matches. Accept what was read correctly; correct the rest on the "
           "Catalog page, beside its evidence.")

jurisdictions = dict(loaders.query("jurisdictions").select("jurisdiction_id", "name").iter_rows())
SPEC: us.Spec = {
    "kind": ("", us.one_of(KINDS, what="kind")),
    "jurisdiction": ("", us.one_of(jurisdictions, what="jurisdiction")),
    "q": ("", us.text(100)),
    "threshold": (DEFAULT_THRESHOLD, us.number(0.0, 1.0)),
}
values, _ = us.read_view(SPEC)
for name, key in KEY.items():
    us.init_widget(key, values[name])

steward.show_notice()

filters = st.columns([3, 3, 3, 2])
kind = filters[0].selectbox("Kind", ["", *KINDS], format_func=lambda k: KIND_WORDS.get(k, "All kinds"),
                            key=KEY["kind"])
jurisdiction = filters[1].selectbox("Jurisdiction", ["", *sorted(jurisdictions, key=jurisdictions.get)],
                                    format_func=lambda j: jurisdictions.get(j, "All jurisdictions"),
                                    key=KEY["jurisdiction"])
search = filters[2].text_input("Search", key=KEY["q"], placeholder="title or detail")
threshold = filters[3].number_input("Confidence below", min_value=0.0, max_value=1.0, step=0.05, key=KEY["threshold"],
                                    help="Titles and links read with less confidence than this are listed.")
us.write_view({"kind": kind, "jurisdiction": jurisdiction, "q": search.strip(), "threshold": round(threshold, 2)})

items = loaders.review_items(round(threshold, 2))
counts = dict(items.group_by("kind").len().iter_rows())
for column, name in zip(st.columns(len(KINDS)), KINDS, strict=True):
    column.metric(KIND_SHORT[name], f"{counts.get(name, 0):,}", help=KIND_WORDS[name], border=True)

shown = items
if kind:
    shown = shown.filter(pl.col("kind") == kind)
if jurisdiction:
    shown = shown.filter(pl.col("jurisdiction_id") == jurisdiction)
if search.strip():
    needle = search.strip().lower()
    shown = shown.filter(pl.col("title").str.to_lowercase().str.contains(needle, literal=True)
                         | pl.col("detail").str.to_lowercase().str.contains(needle, literal=True))
if items.is_empty():
    st.success("Nothing waits for review.")
    st.stop()
st.caption(f"{shown.height:,} of {items.height:,} items waiting. Select rows to accept them or see their evidence.")

links = [us.view_url("catalog", {"title": c}, CATALOG_SPEC) if c else None for c in shown["class_id"]]
table = shown.with_columns(pl.Series("link", links, dtype=pl.String),
                           pl.col("kind").replace_strict(KIND_SHORT).alias("kind_words"),
                           pl.col("jurisdiction_id").fill_null("not stated"))
selection = st.dataframe(
    table.select("kind_words", "title", "jurisdiction_id", "detail", "file_name", "link"),
    hide_index=True, on_select="rerun", selection_mode="multi-row", key=TABLE_KEY, height=380,
    column_config={"kind_words": st.column_config.TextColumn("Kind", width="small"),
                   "title": st.column_config.TextColumn("Title", width="medium"), "jurisdiction_id": "Jurisdiction",
                   "detail": st.column_config.TextColumn("What to check", width="large"), "file_name": "Document",
                   "link": st.column_config.LinkColumn("Correct", display_text="Open in catalog")},
)
table_downloads({"Review list": shown.drop("char_start", "char_end")}, stem="review_queue", key="review.downloads")
picked = shown[selection.selection.rows] if selection.selection.rows else shown.clear()


shown_facts = shown.filter(pl.col("kind") != "correction")
if shown_facts.height and auth.may(STEWARD) and (kind or jurisdiction or search.strip()):
    if st.button(f"Accept all {shown_facts.height:,} shown as read", icon=":material/done_all:",
                 key="review.accept_all",
                 help="Every item the filters above show, except corrections (each needs its own decision)."):
        every = shown_facts["item_key"].to_list()
        steward.run_write("accept review items", lambda con, who: accept(con, every, who=who),
                          f"Accepted {len(every)} item(s): they leave the queue.")

if picked.height:
    facts = picked.filter(pl.col("kind") != "correction")
    waiting = picked.filter(pl.col("kind") == "correction")
    may = auth.may(STEWARD)
    with st.container(horizontal=True):
        if facts.height and st.button(f"Accept {facts.height} as read", type="primary", disabled=not may,
                                      icon=":material/check:", key="review.accept"):
            keys = facts["item_key"].to_list()
            steward.run_write("accept review items", lambda con, who: accept(con, keys, who=who),
                              f"Accepted {len(keys)} item(s): they leave the queue.")
        if waiting.height:
            ids = waiting["correction_id"].to_list()
            if st.button("Apply the correction(s) anyway", disabled=not may, icon=":material/published_with_changes:",
                         key="review.apply"):
                steward.run_write("apply a correction again",
                                  lambda con, who: [settle(con, i, apply=True, who=who) for i in ids],
                                  f"Applied {len(ids)} correction(s) to the new version.")
            if st.button("Keep the document's value", disabled=not may, icon=":material/undo:", key="review.dismiss"):
                steward.run_write("dismiss a correction",
                                  lambda con, who: [settle(con, i, apply=False, who=who) for i in ids],
                                  f"Closed {len(ids)} correction(s): the document's value stands.")
    if not may:
        st.caption("Accepting and settling items needs the steward role.")
    first = picked.row(0, named=True)
    text = loaders.document_text(first["document_id"]) if first["document_id"] else None
    show_evidence(f"Evidence: {first['title']}: {first['detail']}", text, first["char_start"], first["char_end"],
                  expanded=True)
