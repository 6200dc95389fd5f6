"""Users and roles: the credentials file, password checks and the server-side role check."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from analytics.users import (
    ANALYST,
    STEWARD,
    VIEWER,
    NotAllowed,
    User,
    UsersError,
    authenticate,
    hash_password,
    read_users,
    require,
)
from tests.paths import REPO_ROOT

PASSWORD = "correct horse battery"


def write_users(path: Path, **roles: str) -> Path:
    """A credentials file with one user per role given (login -> role), every password PASSWORD."""
    hashed = hash_password(PASSWORD)
    path.write_text("".join(f'[users.{login}]\nname = "{login.title()}"\nrole = "{role}"\npassword_hash = "{hashed}"\n\n'
                            for login, role in roles.items()), encoding="utf-8")
    return path


def test_a_user_signs_in_with_the_right_password_only(tmp_path):
    users = read_users(write_users(tmp_path / "users.toml", ann=ANALYST))

    assert authenticate(users, "ann", PASSWORD) == User("ann", "Ann", ANALYST)
    assert authenticate(users, " ANN ", PASSWORD) == User("ann", "Ann", ANALYST)  # logins are lower case
    assert authenticate(users, "ann", PASSWORD + "!") is None
    assert authenticate(users, "nobody", PASSWORD) is None


@pytest.mark.parametrize(("role", "allowed"), [
    (VIEWER, {VIEWER}), (ANALYST, {VIEWER, ANALYST}), (STEWARD, {VIEWER, ANALYST, STEWARD}),
])
def test_each_role_includes_the_ones_below_it(role, allowed):
    user = User("u", "U", role)

    assert {r for r in (VIEWER, ANALYST, STEWARD) if user.may(r)} == allowed
    for needed in {VIEWER, ANALYST, STEWARD} - allowed:
        with pytest.raises(NotAllowed, match=f"U \\({role}\\) may not load a roster: it needs the {needed} role"):
            require(user, needed, action="load a roster")


def test_a_bad_credentials_file_lists_every_problem(tmp_path):
    path = tmp_path / "users.toml"
    path.write_text('[users.ann]\nrole = "boss"\npassword_hash = "plain"\n\n[users."Bad Name"]\nrole = "viewer"\n',
                    encoding="utf-8")

    with pytest.raises(UsersError) as refused:
        read_users(path)

    assert refused.value.problems == [
        f"{path}: users.ann.role: expected one of viewer, analyst, steward; got 'boss'",
        f"{path}: users.ann.password_hash: expected a bcrypt hash ($2b$...)",
        f"{path}: users.Bad Name: a login is 1-64 lower-case letters, digits, '.', '_' or '-'",
    ]


def test_the_users_command_adds_and_lists_users(tmp_path):
    path = tmp_path / "users.toml"

    def users(*argv: str, stdin: str = "") -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "analytics.cli.users", *argv, "--file", str(path)],
                              cwd=REPO_ROOT, input=stdin, capture_output=True, text=True, timeout=60)

    added = users("add", "sam", "--role", "steward", "--name", "Sam Steward", "--password-stdin", stdin=PASSWORD)
    short = users("add", "tim", "--role", "viewer", "--password-stdin", stdin="short")

    assert added.returncode == 0 and f"{path}: sam (steward) saved" in added.stdout
    assert (short.returncode, short.stderr) == (2, "users: error: a password has at least 10 characters\n")
    assert users("list").stdout == "sam\tsteward\tSam Steward\n"
    assert authenticate(read_users(path), "sam", PASSWORD) == User("sam", "Sam Steward", STEWARD)
    assert path.stat().st_mode & 0o777 == 0o600
