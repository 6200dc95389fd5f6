"""Audit trail (/audit): every write to the database, who made it, when, and on what; exportable as CSV.

URL: ?user=<login>&action=<action>&q=<search in what it acted on>.
"""

from __future__ import annotations

import polars as pl
import streamlit as st

from app_pages.shared import loaders
from app_pages.shared import url_state as us
from app_pages.shared.downloads import table_downloads

MAX_ROWS = 100_000  # rows read; the log of a busy office stays far below
KEY = {name: f"audit.{name}" for name in ("user", "action", "q")}

st.title("Audit trail")
st.caption("Every write to the database: documents loaded, superseded and deleted, corrections made and reverted, "
           "review decisions, pay schedules and rosters loaded, scenarios and projections saved. Pages record the "
           "signed-in user; the command line records the computer's user as `cli:USERNAME`.")

log = loaders.query("audit_log", limit=MAX_ROWS)
users = sorted(log["user_login"].unique().to_list())
actions = sorted(log["action"].unique().to_list())
SPEC: us.Spec = {
    "user": ("", us.one_of(users, what="user")),
    "action": ("", us.one_of(actions, what="action")),
    "q": ("", us.text(100)),
}
values, _ = us.read_view(SPEC)
for name, key in KEY.items():
    us.init_widget(key, values[name])

filters = st.columns(3)
user = filters[0].selectbox("User", ["", *users], format_func=lambda u: u or "All users", key=KEY["user"])
action = filters[1].selectbox("Action", ["", *actions], format_func=lambda a: a or "All actions", key=KEY["action"])
search = filters[2].text_input("Search", key=KEY["q"], placeholder="file name, title, correction id")
us.write_view({"user": user, "action": action, "q": search.strip()})

shown = log
if user:
    shown = shown.filter(pl.col("user_login") == user)
if action:
    shown = shown.filter(pl.col("action") == action)
if search.strip():
    shown = shown.filter(pl.col("detail").fill_null("").str.to_lowercase()
                         .str.contains(search.strip().lower(), literal=True))

if log.is_empty():
    st.info("Nothing has been written yet.")
    st.stop()
st.caption(f"{shown.height:,} of {log.height:,} writes, newest first.")
st.dataframe(shown, hide_index=True, height=520, column_config={
    "logged_at": st.column_config.DatetimeColumn("When", format="YYYY-MM-DD HH:mm:ss"),
    "user_login": "User", "user_role": "Role", "action": "Action",
    "detail": st.column_config.TextColumn("On what", width="large"),
})
table_downloads({"Audit trail": shown}, stem="audit_log", key="audit.downloads")
