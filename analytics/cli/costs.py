"""The `costs` command: staffing cost of a roster by fiscal year under a scenario, and its cost bridge."""

from __future__ import annotations

import argparse
import json
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

import duckdb
import polars as pl

from analytics import db
from analytics.cli.usage import UsageError, add_db_and_json, fail, first_line
from analytics.costs.plan import change_problems
from analytics.costs.projection import unpriced_positions
from analytics.costs.report import cost_data_version, scenario_bridge
from analytics.costs.scenarios import (
    Scenario,
    ScenarioError,
    parse_scenario,
    scenario_costs_by_fiscal_year,
    scenario_id,
    scenario_plan,
)
from analytics.costs.scope import scope_problems, scoped
from analytics.ingest.load.rosters import file_sha256
from analytics.ingest.tables.roster import read_roster
from analytics.pay.grades import known_titles
from analytics.pay.steps import lump_sum_table, step_table

MAX_SCENARIO_BYTES = 1_000_000



def add_parser(subparsers: Any) -> argparse.ArgumentParser:
    """Add the `costs` sub-command to an argparse sub-parser collection and return it."""
    parser = subparsers.add_parser(
        "costs",
        help="staffing cost by fiscal year of a roster under a scenario, with its cost bridge",
        description="Project a roster's cost by fiscal year under a scenario (JSON, see analytics/scenarios.py) "
        "and split the change from the first to the last fiscal year, or to --compare's scenario, into "
        "COLA, steps, positions, promotions, vacancies, turnover and fringe. Bad input: one line per problem, "
        "exit 2.",
    )
    parser.add_argument("--roster", required=True, help="roster file (.csv, .xlsx or .parquet)")
    parser.add_argument("--scenario", required=True, help="scenario JSON file")
    parser.add_argument("--compare", help="a second scenario JSON file: bridge from --scenario to it (whole windows)")
    parser.add_argument("--base", choices=("scenario", "compare"), default="scenario",
                        help="which end the bridge starts from (default: --scenario)")
    parser.add_argument("--from-year", type=int, metavar="FY",
                        help="fiscal year the bridge starts from (default: the first; with --compare: whole window)")
    parser.add_argument("--to-year", type=int, metavar="FY",
                        help="fiscal year the bridge ends in (default: the last; with --compare: whole window)")
    parser.add_argument("--unit", action="append", default=[], metavar="UNIT",
                        help="cost only this unit (repeat for several); replaces the scenario file's scope")
    parser.add_argument("--title", action="append", default=[], metavar="TITLE",
                        help="cost only this title (repeat for several); replaces the scenario file's scope")
    parser.add_argument("--grades", nargs="+", metavar="GRADE",
                        help="cost only grades from LOWEST to HIGHEST (one grade: only it), e.g. --grades 18 25")
    add_db_and_json(parser, db_help="DuckDB file with pay schedules")
    parser.set_defaults(main=main)
    return parser


def main(args: argparse.Namespace) -> int:
    """Run the command: print the costs; return 0, or 2 with one line per problem on stderr."""
    try:
        report = costs_report(args)
    except UsageError as exc:  # a bad scenario file holds one problem a line, each printed as its own error line
        for line in str(exc).splitlines() or [""]:
            fail("costs", line)
        return 2
    except (duckdb.Error, pl.exceptions.PolarsError, OSError, ValueError) as exc:
        line = (str(exc).strip().splitlines() or [""])[0]
        return fail("costs", f"cannot compute the costs: {type(exc).__name__}: {line}")
    print(json.dumps(report, indent=2) if args.json else report_text(report))
    return 0



def read_scenario(path: str) -> Scenario:
    """Return the scenario a JSON file describes; raises UsageError naming the file and each problem, a line each."""
    file = Path(path)
    if not file.is_file():
        raise UsageError(f"scenario file not found: {path}")
    if file.stat().st_size > MAX_SCENARIO_BYTES:
        raise UsageError(f"scenario file larger than {MAX_SCENARIO_BYTES:,} bytes: {path}")
    try:
        raw = json.loads(file.read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise UsageError(f"{path} is not JSON: {exc}") from None
    except RecursionError:
        raise UsageError(f"{path} cannot be read: its JSON is nested too deeply") from None
    except ValueError as exc:  # valid JSON Python refuses, e.g. an integer of more than 4,300 digits
        raise UsageError(f"{path} cannot be read: {first_line(exc)}") from None
    try:
        return parse_scenario(raw)
    except ScenarioError as exc:
        raise UsageError("\n".join(f"{path}: {problem}" for problem in exc.problems)) from None


def load_pay_and_classes(path: str | None) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Return (pay_rates rows, ladder_classes rows) read from the database."""
    db_path = db.database_path(path)
    if str(db_path) != ":memory:" and not db_path.is_file():
        raise UsageError(f"database not found: {db_path}")
    con = db.connect(db_path, read_only=True)
    try:
        return db.run(con, "pay_rates"), db.run(con, "ladder_classes")
    finally:
        con.close()


def _positions(path: str, titles: pl.LazyFrame | None, *, steps: pl.LazyFrame, as_of: date) -> pl.DataFrame:
    """The roster's positions, steps read against the pay tables (JR, Job Rate ...) in effect on `as_of`."""
    positions, report = read_roster(path, titles, steps=steps, as_of=as_of)
    if report.height:
        row, column, problem, value = report.row(0)
        where = f"row {row}, {column}: " if row is not None else (f"{column}: " if column else "")
        raise UsageError(f"roster has {report.height} problem(s); first: {where}{problem} ({value})")
    return positions


def _with_scope(scenario: Scenario, args: argparse.Namespace) -> Scenario:
    """Return the scenario with the scope the flags give (--unit, --title, --grades), if any."""
    if not (args.unit or args.title or args.grades):
        return scenario
    raw = {"units": args.unit, "titles": args.title} | ({"grades": args.grades} if args.grades else {})
    base = {"fringe_rate": 0, "fy_start_month": 1, "start": "2000-01", "end": "2000-01", "scope": raw}
    try:
        scope = parse_scenario(base).scope
    except ScenarioError as exc:
        raise UsageError("\n".join(p.replace("scope.", "--").replace("scenario.--", "--")
                                    for p in exc.problems)) from None
    return replace(scenario, scope=scope)


def _check_plan(positions: pl.DataFrame, steps: pl.LazyFrame, scenario: Scenario) -> None:
    problems = change_problems(positions.lazy(), changes=scenario.changes).collect()
    if problems.height:
        raise UsageError(f"changes[{problems['change'][0]}]: {problems['problem'][0]}")
    named = scope_problems(positions.lazy(), scenario)
    if named:
        index, problem = named[0]
        raise UsageError(problem if index is None else f"changes[{index}]: {problem}")
    positions, (scenario,) = scoped(positions.lazy(), [scenario])
    unpriced = unpriced_positions(scenario_plan(positions, scenario=scenario), steps).collect()
    if unpriced.height:
        pid, grade, step, problem = unpriced.row(0)
        raise UsageError(f"{unpriced.height} position(s) cannot be priced; first: {pid} (grade {grade}, "
                         f"step {step}): {problem}")


def costs_report(args: argparse.Namespace) -> dict[str, Any]:
    """Return {"scenario_id", "fiscal_years": [{"fiscal_year", "cost"}], "bridge": [{"component", "amount"}]}.

    The bridge's components add up exactly to the target's cost less the base's: by default from the first
    to the last fiscal year of --scenario, or from --scenario to --compare (whole windows); --base, --from-year
    and --to-year choose the ends. The text output names both ends and their costs.
    """
    if args.base == "compare" and not args.compare:
        raise UsageError("--base compare needs --compare FILE")
    scenario = _with_scope(read_scenario(args.scenario), args)
    compare = _with_scope(read_scenario(args.compare), args) if args.compare else None
    pay_rates, classes = load_pay_and_classes(args.db)
    if pay_rates.is_empty():
        raise UsageError("the database has no pay schedules: load one first")
    steps = step_table(pay_rates.lazy()).collect().lazy()
    positions = _positions(args.roster, known_titles(classes), steps=steps, as_of=scenario.start)
    for checked in (scenario, compare):
        if checked is not None:
            _check_plan(positions, steps, checked)
    data_version = cost_data_version(roster_sha256=file_sha256(args.roster), pay_rates=pay_rates)
    lump_sums = lump_sum_table(pay_rates.lazy())
    years = scenario_costs_by_fiscal_year(positions.lazy(), steps, scenario=scenario, lump_sums=lump_sums).collect()
    ends = {"scenario": scenario, "compare": compare or scenario}
    base_name = args.base
    target_name = ("scenario" if base_name == "compare" else "compare") if compare else "scenario"
    if compare is None:
        from_year = years["fiscal_year"].min() if args.from_year is None else args.from_year
        to_year = years["fiscal_year"].max() if args.to_year is None else args.to_year
    else:
        from_year, to_year = args.from_year, args.to_year
    for flag, year in (("--from-year", from_year), ("--to-year", to_year)):
        if year is not None and not 1900 <= year <= 2200:
            raise UsageError(f"{flag}: expected a fiscal year from 1900 to 2200, got {year}")
    try:
        bridge = scenario_bridge(positions.lazy(), steps, base=ends[base_name], target=ends[target_name],
                                 base_fiscal_year=from_year, target_fiscal_year=to_year, lump_sums=lump_sums)
    except ScenarioError as exc:
        raise UsageError(str(exc)) from None
    return {
        "scenario_id": scenario_id(scenario, data_version=data_version),
        "fiscal_years": [{"fiscal_year": fy, "cost": float(cost)} for fy, cost in years.iter_rows()],
        "bridge": bridge["components"],
    } | ({} if args.json else {"ends": [(base_name, from_year, bridge["base_cost"]),
                                        (target_name, to_year, bridge["target_cost"])]})


def report_text(report: dict[str, Any]) -> str:
    """Return the report as lines of text: fiscal years, then the bridge."""
    lines = [f"scenario {report['scenario_id']}", "fiscal year          cost"]
    lines += [f"FY{y['fiscal_year']}  {y['cost']:>18,.2f}" for y in report["fiscal_years"]]
    if "ends" in report:
        lines += ["bridge from " + " to ".join(f"{name} {f'FY{year}' if year else 'whole window'} ({cost:,.2f})"
                                               for name, year, cost in report["ends"])]
    lines += ["bridge component   amount"]
    lines += [f"{b['component']:<12} {b['amount']:>16,.2f}" for b in report["bridge"]]
    return "\n".join(lines)
