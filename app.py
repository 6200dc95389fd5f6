"""Streamlit entrypoint: page config, the demo database on first start, navigation and the shared sidebar."""

from __future__ import annotations

import streamlit as st

from app_pages.shared import loaders
from app_pages.shared.url_state import available_pages

st.set_page_config(page_title="Career ladders and workforce planning", page_icon="/app/static/favicon.svg",
                   layout="wide")

path = loaders.database()
try:
    with st.spinner("Preparing the database (the demo is built on first start)…"):
        loaders.ensure_database(path)
        loaders.connection(path)
except Exception as exc:  # a bad path or a locked file: say so instead of showing a traceback
    st.error(f"Cannot open the database at `{path}`: {exc}. Set LADDER_DB to a writable DuckDB file path.")
    st.stop()

pages = [
    st.Page(p.script, title=p.title, icon=p.icon, url_path=p.url_path or None, default=not p.url_path)
    for p in available_pages()
]
page = st.navigation(pages)

with st.sidebar:
    st.caption("Database")
    st.code(path, language=None, wrap_lines=True)
    st.caption(f"Data version `{loaders.data_version()}`",
               help="A hash of every loaded document, pay schedule row and roster: it changes whenever they do. "
                    "Saved staffing-cost scenarios record the version of the roster and pay data they used.")

page.run()
