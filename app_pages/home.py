"""Home: what the database holds and which page answers which question."""

from __future__ import annotations

import streamlit as st

from analytics.review import DEFAULT_THRESHOLD
from app_pages.shared import loaders
from app_pages.shared import url_state as us
from app_pages.shared.url_state import available_pages

st.title("Career ladders and workforce planning")
st.write("Job classification documents turned into career ladders, pay progressions and staffing-cost "
         "plans. Every fact links back to the sentence it was read from, and every view is a link you can share.")

us.read_view({})  # Home has no parameters: any in the link gets a notice and is dropped
us.write_view({})

summary = loaders.database_summary()
st.subheader("What the database holds")
counts = (
    ("Documents", "n_documents", "Class specifications loaded (each once, by content)."),
    ("Jurisdictions", "n_jurisdictions", "Employers that own the classes."),
    ("Titles", "n_titles", "Job classes defined by the documents."),
    ("Ladder edges", "n_edges", "Promotion, supervision and related-class links stated in the documents."),
    ("Pay schedules", "n_pay_schedules", f"Schedules with {summary['n_pay_rows']:,} (grade, step, date) rows."),
    ("Ingest rejects", "n_rejects", "Inputs refused with a reason (see the Ingest page)."),
)
for column, (label, key, help_text) in zip(st.columns(len(counts)), counts, strict=True):
    column.metric(label, f"{summary[key]:,}", help=help_text, border=True)
waiting = loaders.review_items(DEFAULT_THRESHOLD).height
if waiting:
    st.page_link("app_pages/review.py", label=f"{waiting:,} extracted fact(s) wait for review: open the review queue",
                 icon=":material/fact_check:")
if summary["n_versions"]:
    st.caption(f"{summary['n_versions']:,} earlier version(s) of classes are kept as history (the Catalog shows "
               "them).")
if summary["last_loaded_at"] is not None:
    st.caption(f"Last document loaded {summary['last_loaded_at']:%Y-%m-%d %H:%M}.")
if summary["n_documents"] == 0:
    st.info("The database has no documents yet: load class specifications on the Ingest page.")

st.subheader("Where to go")
for entry in available_pages():
    if not entry.url_path:
        continue
    with st.container(horizontal=True, vertical_alignment="center"):
        st.page_link(entry.script, label=entry.title, icon=entry.icon, width=180)
        st.write(entry.answers)
