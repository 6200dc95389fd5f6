"""What every command shares: the one-line argument parser, UsageError and the one-line failure."""

from __future__ import annotations

import argparse
import sys


class UsageError(Exception):
    """A value on the command line, or a file or database it names, cannot be used; the message is one line."""


class OneLineParser(argparse.ArgumentParser):
    """An argument parser whose errors are one line on stderr with exit code 2 (no usage block)."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.exit(2, f"{self.prog}: error: {message}\n")


def add_db_and_json(parser: argparse.ArgumentParser, *, db_help: str = "DuckDB file") -> None:
    """Add the options every report command shares: --db (the database) and --json (JSON instead of text)."""
    parser.add_argument("--db", help=f"{db_help} (default: $LADDER_DB, else the demo database)")
    parser.add_argument("--json", action="store_true", help="print JSON instead of text")


def fail(command: str, message: str, *, code: int = 2) -> int:
    """Print `command: error: message` on stderr and return the exit code."""
    print(f"{command}: error: {message}", file=sys.stderr)
    return code


def first_line(exc: BaseException) -> str:
    """Return the first line of an exception's message (its type name when it has none)."""
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0]
