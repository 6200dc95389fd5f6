"""Login and roles on the pages (analytics.users): a login form when a credentials file is configured, and the
server-side role check of every write.

A link opened without a session shows the login form on the page it names, with its query parameters left
as they are; once signed in the same script run goes on to the linked view.
"""

from __future__ import annotations

import logging

import streamlit as st

from analytics import db
from analytics.users import (
    LOCAL_USER,
    ROLE_WORDS,
    User,
    UsersError,
    authenticate,
    read_users,
    require,
    users_file,
)
from app_pages.shared import loaders
from app_pages.shared.plain import code, plain

SESSION_USER = "auth.user"
FORM_KEY = "auth.login"
log = logging.getLogger(__name__)


def is_on() -> bool:
    """Return whether login is configured (a credentials file is named)."""
    return users_file() is not None


def current_user() -> User:
    """Return the signed-in user (everyone is the local user, with every right, when login is off)."""
    if not is_on():
        return LOCAL_USER
    user = st.session_state.get(SESSION_USER)
    return user if isinstance(user, User) else User("", "nobody", "viewer")


def require_login() -> None:
    """Show the login form and stop the script unless a user is signed in (nothing when login is off)."""
    if not is_on() or isinstance(st.session_state.get(SESSION_USER), User):
        return
    path = users_file()
    try:
        users = read_users(path)
    except UsersError as exc:
        log.error("login is configured but the credentials file cannot be used: %s", "; ".join(exc.problems))
        st.error("Login is configured but its credentials file cannot be read: whoever runs the dashboard can find "
                 "the reason in its log.")
        st.stop()
    st.title("Sign in")
    st.caption("This dashboard shows salary data: sign in with the user name and password you were given.")
    with st.form(FORM_KEY):
        login = st.text_input("User name", max_chars=64, autocomplete="username")
        password = st.text_input("Password", type="password", max_chars=200, autocomplete="current-password")
        submitted = st.form_submit_button("Sign in", type="primary")
    if submitted:
        user = authenticate(users, login, password)
        if user is not None:
            st.session_state[SESSION_USER] = user
            log.info("signed in: %s (%s)", user.login, user.role)
            st.rerun()  # the linked view, its query parameters untouched
        log.info("failed sign-in for %r", login[:64])
        st.error("Unknown user name or wrong password.")
    st.stop()


def sidebar() -> None:
    """Name the signed-in user and their role in the sidebar, with a sign-out button (nothing when login is off)."""
    if not is_on():
        return
    user = current_user()
    st.caption(f"Signed in as {plain(user.name)} ({code(user.role)}: {ROLE_WORDS[user.role]})")
    if st.button("Sign out", key="auth.sign_out", icon=":material/logout:"):
        st.session_state.pop(SESSION_USER, None)
        st.rerun()


def may(role: str) -> bool:
    """Return whether the signed-in user may act as `role` (to disable a button; writes check again)."""
    return current_user().may(role)


def check(role: str, *, action: str) -> None:
    """Raise analytics.users.NotAllowed unless the signed-in user may act as `role`: call it in every write."""
    require(current_user(), role, action=action)


def audit(action: str, detail: str | None = None) -> None:
    """Record a write the signed-in user made in audit_log (who, role, what, on what, when)."""
    user = current_user()
    params = {"user_login": user.login, "user_role": user.role, "action": action, "detail": detail}
    with loaders.write_cursor() as cursor:
        cursor.execute(db.sql("insert_audit"), params)
