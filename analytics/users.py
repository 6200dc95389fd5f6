"""Users and roles for serving the dashboard to a team: a credentials file of bcrypt-hashed passwords.

Login is off unless a credentials file is configured (LADDER_USERS names it); then every page asks for a
user name and password, and each write checks the user's role on the server:
- viewer: reads every page;
- analyst: also saves staffing-cost scenarios and workforce projections;
- steward: also loads documents, pay schedules and rosters.

The file is TOML, one table per user (written by `python -m analytics.cli.users add NAME --role ROLE`):

    [users.alice]
    name = "Alice Analyst"
    role = "analyst"
    password_hash = "$2b$12$..."

Passwords are hashed with bcrypt (a maintained implementation of a password hash made to be slow), never
stored; a check takes about a quarter of a second, which also slows guessing.
"""

from __future__ import annotations

import os
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

import bcrypt

USERS_ENV = "LADDER_USERS"
VIEWER, ANALYST, STEWARD = "viewer", "analyst", "steward"
ROLES = (VIEWER, ANALYST, STEWARD)  # each may do what the ones before it may
ROLE_WORDS = {VIEWER: "read every page", ANALYST: "save scenarios and projections",
              STEWARD: "load, correct and delete documents; load pay schedules and rosters"}
USER_NAME = re.compile(r"^[a-z0-9][a-z0-9._-]{0,63}$")
MAX_PASSWORD_BYTES = 72  # bcrypt reads at most 72 bytes of a password
MAX_FILE_BYTES = 1_000_000
BCRYPT_ROUNDS = 12


class UsersError(ValueError):
    """A credentials file that cannot be used, with one line per problem."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__(problems[0] if len(problems) == 1 else f"{problems[0]} (and {len(problems) - 1} more)")
        self.problems = problems


class NotAllowed(PermissionError, ValueError):
    """A write the signed-in user's role does not allow (a ValueError too: pages show a refused write's message
    as they show any other refused input)."""


@dataclass(frozen=True)
class User:
    """A signed-in user: the login name, the name shown, and the role."""

    login: str
    name: str
    role: str

    def may(self, role: str) -> bool:
        """Return whether this user's role includes `role`'s rights."""
        return ROLES.index(self.role) >= ROLES.index(role)


# Who everyone is when login is off (the local default): one person at their own machine.
LOCAL_USER = User("local", "local user", STEWARD)


def users_file() -> Path | None:
    """Return the configured credentials file, or None when login is off."""
    configured = os.environ.get(USERS_ENV, "").strip()
    return Path(configured) if configured else None


def read_users(path: Path) -> dict[str, tuple[User, bytes]]:
    """Return login -> (User, password hash) from a credentials file; raises UsersError for a bad file."""
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            raise UsersError([f"{path}: the credentials file is over {MAX_FILE_BYTES:,} bytes"])
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise UsersError([f"{path}: the credentials file does not exist"]) from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise UsersError([f"{path}: not a TOML file ({exc})"]) from None
    problems: list[str] = []
    users: dict[str, tuple[User, bytes]] = {}
    table = data.get("users", {})
    if not isinstance(table, dict) or not table:
        raise UsersError([f"{path}: no [users.NAME] table"])
    for login, entry in table.items():
        where = f"{path}: users.{login}"
        if not USER_NAME.match(str(login)):
            problems.append(f"{where}: a login is 1-64 lower-case letters, digits, '.', '_' or '-'")
            continue
        if not isinstance(entry, dict):
            problems.append(f"{where}: expected a table with name, role and password_hash")
            continue
        role, hashed = entry.get("role"), entry.get("password_hash")
        if role not in ROLES:
            problems.append(f"{where}.role: expected one of {', '.join(ROLES)}; got {role!r}")
        if not isinstance(hashed, str) or not hashed.startswith("$2"):
            problems.append(f"{where}.password_hash: expected a bcrypt hash ($2b$...)")
        if role in ROLES and isinstance(hashed, str) and hashed.startswith("$2"):
            users[login] = (User(login, str(entry.get("name") or login), role), hashed.encode("ascii"))
    if problems:
        raise UsersError(problems)
    return users


def authenticate(users: dict[str, tuple[User, bytes]], login: str, password: str) -> User | None:
    """Return the user whose login and password these are, or None (an unknown login costs a hash check too)."""
    found = users.get(login.strip().lower())
    secret = password.encode("utf-8")[:MAX_PASSWORD_BYTES]
    if found is None:
        bcrypt.checkpw(secret, _DUMMY_HASH)  # the same time as a wrong password: no hint that the login exists
        return None
    user, hashed = found
    try:
        return user if bcrypt.checkpw(secret, hashed) else None
    except ValueError:  # a malformed hash
        return None


def hash_password(password: str) -> str:
    """Return the bcrypt hash to store for a password."""
    return bcrypt.hashpw(password.encode("utf-8")[:MAX_PASSWORD_BYTES], bcrypt.gensalt(BCRYPT_ROUNDS)).decode("ascii")


def require(user: User, role: str, *, action: str) -> None:
    """Raise NotAllowed unless `user` may act as `role` (the server-side check of every write)."""
    if not user.may(role):
        raise NotAllowed(f"{user.name} ({user.role}) may not {action}: it needs the {role} role")


_DUMMY_HASH = bcrypt.hashpw(b"not a password", bcrypt.gensalt(4))
