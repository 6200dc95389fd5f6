"""Command lines: `python -m analytics <command>` (ladder, pay, costs, workforce); `python -m analytics.ingest`."""

from __future__ import annotations

import importlib
from collections.abc import Sequence
from types import ModuleType

from analytics.cli.usage import OneLineParser

# The commands of `python -m analytics`, each a module with add_parser(subparsers) and main(args) -> int.
# `python -m analytics.ingest` is analytics.cli.ingest.
COMMANDS = ("costs", "ladder", "pay", "workforce")


def command_modules() -> list[ModuleType]:
    """Return the module of each command of `python -m analytics`."""
    return [importlib.import_module(f"analytics.cli.{name}") for name in COMMANDS]


def main(argv: Sequence[str] | None = None) -> int:
    """Parse the command line, run the chosen command and return its exit code."""
    parser = OneLineParser(prog="python -m analytics", description="Career ladders, pay and staffing costs.")
    subparsers = parser.add_subparsers(dest="command", required=True, metavar="command")
    commands: dict[str, ModuleType] = {}
    for module in command_modules():
        before = set(subparsers.choices)
        module.add_parser(subparsers)
        commands.update(dict.fromkeys(set(subparsers.choices) - before, module))
    args = parser.parse_args(argv)
    return commands[args.command].main(args)
