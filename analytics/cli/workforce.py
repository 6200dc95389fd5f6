"""The `workforce` command: heads by grade (or title) over the years, with Monte Carlo bands, flows, years in grade."""

from __future__ import annotations

import argparse
import json
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import duckdb
import polars as pl

from analytics import db
from analytics.cli.usage import UsageError, fail, first_line
from analytics.costs.scenario_format import Cola
from analytics.ingest.load.rosters import file_sha256
from analytics.ingest.tables.roster import check_roster
from analytics.pay.steps import step_table
from analytics.workforce.cost import projected_cost
from analytics.workforce.estimation import estimate_transitions
from analytics.workforce.model import MAX_YEARS, MODES, Recruitment, expected_years, project
from analytics.workforce.report import projection_id, projection_inputs, report_from, workforce_data_version
from analytics.workforce.simulation import MAX_RUNS, simulate
from analytics.workforce.states import BY_COLUMNS, WorkforceError, check_matrix, headcount, ordered_states, override

MAX_MATRIX_BYTES = 5_000_000
DEFAULT_RUNS = 1000
DEFAULT_SEED = 0


def add_parser(subparsers: Any) -> argparse.ArgumentParser:
    """Add the `workforce` sub-command to an argparse sub-parser collection and return it."""
    parser = subparsers.add_parser(
        "workforce",
        help="heads by grade or title over the years (n(t+1) = n(t) P + hires), with bands, flows and years in grade",
        description="Project a roster's heads by state (grades as the roster writes them, or titles with --by "
        "title) with a transition matrix P estimated from dated --history snapshots (two or more, matched by "
        "position_id), read from --matrix (CSV: from,to,p; the exit state is 'exit'), or estimated and then "
        "overridden cell by cell by --matrix. Year 0 is the roster's own headcount. Bad input: one line, exit 2.",
    )
    parser.add_argument("--roster", required=True, help="roster file (.csv, .xlsx or .parquet): year 0")
    parser.add_argument("--history", nargs="+", action="extend", default=[], metavar="FILE",
                        help="dated roster snapshots (an as_of column each) to estimate P from")
    parser.add_argument("--matrix", help="CSV of from,to,p cells: P itself, or, with --history, overrides of the "
                        "estimate")
    parser.add_argument("--by", choices=BY_COLUMNS, default="grade", help="what a state is (default: grade)")
    parser.add_argument("--years", type=int, required=True, help=f"years to project (1-{MAX_YEARS})")
    parser.add_argument("--runs", type=int, default=DEFAULT_RUNS,
                        help=f"Monte Carlo runs for the bands (0: none; default {DEFAULT_RUNS})")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help=f"random seed (default {DEFAULT_SEED})")
    parser.add_argument("--recruit", choices=MODES, help="hires each year: none, fixed (--hires), replace "
                        "(leavers, into the state they left) or target (--target, else year 0's heads); "
                        "default: fixed with --hires, else none")
    parser.add_argument("--hires", nargs="+", action="extend", default=[], metavar="STATE=N",
                        help="fixed hires a year into a state")
    parser.add_argument("--target", nargs="+", action="extend", default=[], metavar="STATE=N",
                        help="headcount targets of --recruit target (states not named: year 0's heads)")
    parser.add_argument("--min-observations", type=int, default=20,
                        help="cells of a row with fewer positions at risk are flagged too_few (default 20)")
    parser.add_argument("--as-of", type=date.fromisoformat, help="the roster's date when it has no as_of column "
                        "(YYYY-MM-DD): the first year of the cost")
    parser.add_argument("--cola", nargs="+", action="extend", default=[], metavar="PCT@YYYY-MM-DD",
                        help="COLAs of the cost (with --db), e.g. 3@2026-04-01")
    parser.add_argument("--db", help="DuckDB file with pay schedules: adds the structure's cost by year (\"cost\"); "
                        "without it nothing is priced")
    parser.add_argument("--json", action="store_true", help="print JSON instead of text")
    parser.set_defaults(main=main)
    return parser


def main(args: argparse.Namespace) -> int:
    """Run the command: print the projection; return 0, or 2 with one line on stderr."""
    try:
        report = workforce_cli_report(args)
    except WorkforceError as exc:
        more = f" (and {len(exc.problems) - 1} more problem(s))" if len(exc.problems) > 1 else ""
        return fail("workforce", f"{exc.problems[0]}{more}")
    except UsageError as exc:
        return fail("workforce", first_line(exc))
    except (duckdb.Error, pl.exceptions.PolarsError, OSError, ValueError) as exc:
        return fail("workforce", f"cannot project: {type(exc).__name__}: {first_line(exc)}")
    print(json.dumps(report, indent=2) if args.json else report_text(report))
    return 0


def _pairs(values: list[str], option: str) -> dict[str, float]:
    """STATE=N values as {state: number}; the last '=' splits, so a state may hold one."""
    found: dict[str, float] = {}
    for value in values:
        state, sep, number = value.rpartition("=")
        try:
            amount = float(number)
        except ValueError:
            amount = -1.0
        if not sep or not state or not amount >= 0 or amount == float("inf"):
            raise UsageError(f"{option} {value!r}: expected STATE=N with N a number of people, 0 or more")
        found[state] = amount
    return found


def _colas(values: list[str]) -> tuple[Cola, ...]:
    colas = []
    for value in values:
        pct, _, day = value.partition("@")
        try:
            colas.append(Cola(pct=Decimal(pct), effective=date.fromisoformat(day)))
        except (InvalidOperation, ValueError):
            raise UsageError(f"--cola {value!r}: expected PCT@YYYY-MM-DD, e.g. 3@2026-04-01") from None
    return tuple(colas)


def _recruitment(args: argparse.Namespace) -> Recruitment:
    hires, targets = _pairs(args.hires, "--hires"), _pairs(args.target, "--target")
    mode = args.recruit or ("fixed" if hires else "none")
    if hires and mode != "fixed":
        raise UsageError(f"--hires goes with --recruit fixed (or no --recruit), not --recruit {mode}")
    if targets and mode != "target":
        raise UsageError("--target goes with --recruit target")
    return Recruitment(mode=mode, hires=hires, targets=targets)


def _pay_rates(path: str | None) -> pl.DataFrame | None:
    if path is None:
        return None
    db_path = db.database_path(path)
    if str(db_path) != ":memory:" and not db_path.is_file():
        raise UsageError(f"database not found: {db_path}")
    con = db.connect(db_path, read_only=True)
    try:
        rates = db.run(con, "pay_rates")
    finally:
        con.close()
    if rates.is_empty():
        raise UsageError("the database has no pay schedules: load one first")
    return rates


def _checked_roster(path: str, steps: pl.LazyFrame | None, *, as_of: date | None = None,
                    what: str = "roster") -> tuple[pl.DataFrame, date | None]:
    if not Path(path).is_file():
        raise UsageError(f"{what} file not found: {path}")
    checked = check_roster(path, None, steps=steps, as_of=as_of)
    if checked.report.height:
        row, column, problem, value = checked.report.row(0)
        where = f"row {row}, {column}: " if row is not None else (f"{column}: " if column else "")
        raise UsageError(f"{what} {path} has {checked.report.height} problem(s); first: {where}{problem} ({value})")
    return checked.positions, checked.as_of


def _history(paths: list[str], steps: pl.LazyFrame | None) -> list[tuple[date, pl.DataFrame]]:
    snapshots = []
    for path in paths:
        positions, day = _checked_roster(path, steps, what="history snapshot")
        if day is None:
            raise UsageError(f"history snapshot {path} has no as_of column: each snapshot needs its date")
        snapshots.append((day, positions))
    return snapshots


def read_matrix_file(path: str) -> pl.DataFrame:
    """Return the cells of a matrix CSV (from, to, p as text, trimmed); raises UsageError for a file it cannot read."""
    file = Path(path)
    if not file.is_file():
        raise UsageError(f"matrix file not found: {path}")
    if file.stat().st_size > MAX_MATRIX_BYTES:
        raise UsageError(f"matrix file larger than {MAX_MATRIX_BYTES:,} bytes: {path}")
    try:
        cells = pl.read_csv(file, infer_schema=False)
    except (pl.exceptions.PolarsError, UnicodeDecodeError) as exc:
        raise UsageError(f"{path} is not a CSV file: {first_line(exc)}") from None
    return cells.with_columns(pl.col(c).str.strip_chars() for c in cells.columns)


def _matrix(args: argparse.Namespace, steps: pl.LazyFrame | None) -> tuple[pl.DataFrame, str, pl.DataFrame | None,
                                                                          list[str]]:
    """(P with n where estimated, its source, the overrides, the snapshots' sha256s)."""
    file_cells = read_matrix_file(args.matrix) if args.matrix else None
    if not args.history:
        if file_cells is None:
            raise UsageError("give --history snapshots (two or more) to estimate P from, or a --matrix file")
        states = ordered_states(file_cells["from"].to_list()) if "from" in file_cells.columns else []
        return check_matrix(file_cells, states), "file", None, []
    snapshots = _history(args.history, steps)
    estimated = estimate_transitions(snapshots, by=args.by, min_observations=args.min_observations)
    shas = [file_sha256(path) for path in args.history]
    if file_cells is None:
        return estimated, "estimated", None, shas
    edits = check_edits(file_cells)
    return override(estimated, edits), "estimated+file", edits, shas


def check_edits(cells: pl.DataFrame) -> pl.DataFrame:
    """The override cells of a matrix file (from, to, p as numbers); raises WorkforceError for missing columns."""
    missing = [c for c in ("from", "to", "p") if c not in cells.columns]
    if missing:
        raise WorkforceError(f"the matrix has no {', '.join(missing)} column: expected columns from, to, p")
    try:
        return cells.select("from", "to", pl.col("p").cast(pl.Float64))
    except pl.exceptions.PolarsError:
        raise WorkforceError("the matrix's p column is not numbers") from None


def workforce_cli_report(args: argparse.Namespace) -> dict[str, Any]:
    """Return the report `workforce --json` prints (analytics.workforce.report.workforce_report's; "cost" with --db)."""
    if not 1 <= args.years <= MAX_YEARS:
        raise UsageError(f"--years {args.years}: expected 1 to {MAX_YEARS}")
    if not 0 <= args.runs <= MAX_RUNS:
        raise UsageError(f"--runs {args.runs}: expected 0 to {MAX_RUNS:,}")
    recruitment, colas = _recruitment(args), _colas(args.cola)
    pay_rates = _pay_rates(args.db)
    steps = None if pay_rates is None else step_table(pay_rates.lazy()).collect().lazy()
    positions, as_of = _checked_roster(args.roster, steps, as_of=args.as_of)
    start = headcount(positions, by=args.by)
    matrix, source, edits, shas = _matrix(args, steps)
    projection = project(start, matrix, years=args.years, recruitment=recruitment)
    bands = simulate(start, matrix, years=args.years, recruitment=recruitment, runs=args.runs,
                     seed=args.seed) if args.runs else None
    inputs = projection_inputs(by=args.by, years=args.years, runs=args.runs, seed=args.seed, recruitment=recruitment,
                               matrix=matrix, matrix_source=source, overrides=edits,
                               min_observations=args.min_observations if args.history else None)
    if colas or pay_rates is not None:
        inputs["cola"] = [{"pct": float(c.pct), "effective": c.effective.isoformat()} for c in colas]
    version = workforce_data_version(roster_sha256=file_sha256(args.roster), snapshot_sha256s=shas,
                                     pay_rates=pay_rates)
    cost = None
    if steps is not None:
        first_year = (as_of or date.today()).year
        cost = projected_cost(projection.stocks, positions, steps, first_year=first_year, colas=colas, by=args.by)
    return report_from(projection_id=projection_id(inputs, version), projection=projection, bands=bands,
                       matrix=matrix, expected=expected_years(matrix), cost=cost)


def _shown(value: float | None, digits: int = 1) -> str:
    return "-" if value is None else f"{value:,.{digits}f}"


def report_text(report: dict[str, Any]) -> str:
    """Return the report as lines of text: heads by year and state, flows, years in state, the matrix."""
    lines = [f"projection {report['projection_id']}", "year  state                      mean        p05        p95"]
    lines += [f"{y['year']:>4}  {y['state'][:24]:<24} {_shown(y['mean']):>8} {_shown(y['p05'], 0):>10} "
              f"{_shown(y['p95'], 0):>10}" for y in report["years"]]
    lines += ["year  kind        state                     count"]
    lines += [f"{f['year']:>4}  {f['kind']:<11} {f['state'][:24]:<24} {_shown(f['count']):>7}" for f in report["flows"]]
    exits = {e["state"]: e["years"] for e in report["time_to_exit"]}
    lines += ["state                     years in state  years to exit"]
    lines += [f"{e['state'][:24]:<24} {_shown(e['years'], 2):>15} {_shown(exits[e['state']], 2):>14}"
              for e in report["expected_years_in_state"]]
    lines += ["from                      to                               p       n"]
    lines += [f"{m['from'][:24]:<24}  {m['to'][:24]:<24} {m['p']:>10.4f} {'-' if m['n'] is None else m['n']:>7}"
              for m in report["transition_matrix"] if m["p"] or m["n"]]
    if "cost" in report:
        lines += ["year  state                    headcount   average rate            cost"]
        lines += [f"{c['year']:>4}  {c['state'][:24]:<24} {_shown(c['headcount']):>9} "
                  f"{_shown(c['average_rate'], 2):>14} {_shown(c['cost'], 2):>15}" for c in report["cost"]]
    return "\n".join(lines)
