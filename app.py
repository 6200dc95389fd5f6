"""Streamlit entrypoint: page config, the demo database on first start, navigation and the shared sidebar."""

from __future__ import annotations

import logging

import streamlit as st

from analytics import db
from app_pages.shared import auth, loaders
from app_pages.shared.plain import code
from app_pages.shared.url_state import available_pages

st.set_page_config(page_title="Career ladders and workforce planning", page_icon="/app/static/favicon.svg",
                   layout="wide")

# Navigation first: the page a link names is chosen even while the database is not ready, so a link
# opened during a command-line load shows its own view once the load finishes.
pages = [
    st.Page(p.script, title=p.title, icon=p.icon, url_path=p.url_path or None, default=not p.url_path)
    for p in available_pages()
]
page = st.navigation(pages)
# Login before anything is read (when a credentials file is configured): the page the link names stays chosen.
auth.require_login()

path = loaders.database()
try:
    with st.spinner("Preparing the database (the demo is built on first start)…"):
        loaders.ensure_database(path)
        version = loaders.data_version()  # the first read: a file another process is writing to waits here
except db.DatabaseBusy as busy:  # a command-line load holds the file: wait for it, then open
    loaders.wait_while_busy(busy, path)
    st.stop()
except Exception:  # a bad path or a damaged file: say so instead of showing a traceback
    # The full error names the server's paths: it goes to the server's log, not to every visitor.
    logging.getLogger(__name__).exception("cannot open the database %s", path)
    st.error(f"Cannot open the database {code(loaders.database_name(path))}. Whoever runs the dashboard can find "
             "the reason in its log; LADDER_DB must name a writable DuckDB file.")
    st.stop()

with st.sidebar:
    # The file's name, not its path: every visitor sees the sidebar.
    st.caption(f"Database {code(loaders.database_name(path))}")
    st.caption(f"Data version `{version}`",
               help="A hash of every loaded document, pay schedule row and roster: it changes whenever they do. "
                    "Saved staffing-cost scenarios record the version of the roster and pay data they used.")
    auth.sidebar()

page.run()
