"""`python -m analytics.cli.users add LOGIN --role ROLE [--name NAME] [--file FILE]`: add or replace a user of the
dashboard's credentials file (analytics.users), asking for the password twice; `list` prints the users."""

from __future__ import annotations

import argparse
import getpass
import sys
import tomllib
from pathlib import Path

from analytics.cli.usage import OneLineParser, UsageError, fail
from analytics.users import ROLES, USER_NAME, UsersError, hash_password, read_users, users_file

MIN_PASSWORD_CHARS = 10


def main(argv: list[str] | None = None) -> int:
    """Run the command; 0, or 2 with one line on stderr."""
    parser = OneLineParser(prog="python -m analytics.cli.users", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    add = commands.add_parser("add", help="add or replace a user")
    add.add_argument("login")
    add.add_argument("--role", required=True, choices=ROLES)
    add.add_argument("--name", help="the name shown (default: the login)")
    add.add_argument("--file", help="credentials file (default: $LADDER_USERS)")
    add.add_argument("--password-stdin", action="store_true", help="read the password from standard input")
    listing = commands.add_parser("list", help="print login, role and name of each user")
    listing.add_argument("--file", help="credentials file (default: $LADDER_USERS)")
    args = parser.parse_args(argv)
    try:
        path = Path(args.file) if args.file else users_file()
        if path is None:
            raise UsageError("name the credentials file with --file or LADDER_USERS")
        if args.command == "list":
            for login, (user, _) in sorted(read_users(path).items()):
                print(f"{login}\t{user.role}\t{user.name}")
            return 0
        _add(path, args)
    except (UsageError, UsersError) as exc:
        return fail("users", str(exc))
    return 0


def _add(path: Path, args: argparse.Namespace) -> None:
    if not USER_NAME.match(args.login):
        raise UsageError("a login is 1-64 lower-case letters, digits, '.', '_' or '-'")
    if args.password_stdin:
        password = sys.stdin.readline().rstrip("\n")
    else:
        password = getpass.getpass(f"Password for {args.login}: ")
        if getpass.getpass("Again: ") != password:
            raise UsageError("the two passwords differ")
    if len(password) < MIN_PASSWORD_CHARS:
        raise UsageError(f"a password has at least {MIN_PASSWORD_CHARS} characters")
    entries = tomllib.loads(path.read_text(encoding="utf-8")).get("users", {}) if path.is_file() else {}
    entries[args.login] = {"name": args.name or args.login, "role": args.role, "password_hash": hash_password(password)}
    lines = []
    for login, entry in sorted(entries.items()):
        lines += [f"[users.{login}]", f"name = {_toml(entry['name'])}", f"role = {_toml(entry['role'])}",
                  f"password_hash = {_toml(entry['password_hash'])}", ""]
    path.write_text("\n".join(lines), encoding="utf-8")
    path.chmod(0o600)
    print(f"{path}: {args.login} ({args.role}) saved")


def _toml(value: str) -> str:
    """A TOML basic string."""
    return '"' + str(value).replace("\\", "\\\\").replace('"', '\\"') + '"'


if __name__ == "__main__":
    raise SystemExit(main())
