"""Command-line entry point: `python -m analytics <command>`, one command per `analytics/cli_*.py` module."""

from __future__ import annotations

import argparse
import importlib
import pkgutil
import sys
from collections.abc import Sequence
from types import ModuleType

import analytics


class OneLineParser(argparse.ArgumentParser):
    """An argument parser whose errors are one line on stderr with exit code 2 (no usage block)."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.exit(2, f"{self.prog}: error: {message}\n")


def cli_modules() -> list[ModuleType]:
    """Return every `analytics.cli_*` module; each exposes add_parser(subparsers) and main(args) -> int."""
    names = sorted(m.name for m in pkgutil.iter_modules(analytics.__path__) if m.name.startswith("cli_"))
    return [importlib.import_module(f"analytics.{name}") for name in names]


def main(argv: Sequence[str] | None = None) -> int:
    """Parse the command line, run the chosen command and return its exit code."""
    parser = OneLineParser(prog="python -m analytics", description=__doc__)
    subparsers = parser.add_subparsers(dest="command", required=True, metavar="command")
    commands: dict[str, ModuleType] = {}
    for module in cli_modules():
        before = set(subparsers.choices)
        module.add_parser(subparsers)
        commands.update(dict.fromkeys(set(subparsers.choices) - before, module))
    args = parser.parse_args(argv)
    return commands[args.command].main(args)


if __name__ == "__main__":
    sys.exit(main())
