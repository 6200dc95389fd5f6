"""The audit trail: one audit_log row per write (document load, correction, supersession, deletion, pay schedule or
roster load, saved scenario or projection) with who made it, in what role, what it did and on what.

Pages record the signed-in user (app_pages.shared.auth); the command line records the OS user as
"cli:<name>" with the steward's rights (whoever can run it can write the database file).
"""

from __future__ import annotations

import getpass

import duckdb

from analytics.users import STEWARD, User
from queries import sql

MAX_DETAIL = 2000  # characters of `detail` kept (a long list of file names is cut)


def cli_user() -> User:
    """Return who a command-line write is recorded as: the OS user, "cli:<name>"."""
    try:
        name = getpass.getuser()
    except (KeyError, OSError):  # no user name in the environment nor the password database
        name = "unknown"
    return User(f"cli:{name}", f"command line ({name})", STEWARD)


def record(cur: duckdb.DuckDBPyConnection, who: User, action: str, detail: str | None = None) -> None:
    """Append one audit_log row (inside the caller's transaction when it has one)."""
    params = {"user_login": who.login, "user_role": who.role, "action": action,
              "detail": detail[:MAX_DETAIL] if detail else detail}
    cur.execute(sql("insert_audit"), params)
