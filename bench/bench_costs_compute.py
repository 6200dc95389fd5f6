"""Benchmark of the Staffing costs page's Compute against the bare projection of the same roster (prints figures;
asserts nothing about time).

    .venv/bin/python bench/bench_costs_compute.py [--positions 100000 1000000] [--runs 7]

For each roster size a temporary database is built as bench_costs_page builds it (the demo documents and pay
schedules and a generated roster, loaded as the newest), the roster written as Parquet (a CSV of a million
positions is over the 50 MB upload cap); a fresh process then measures, so that its peak RSS is the app's
alone (resource.getrusage: Polars allocates outside the Python heap, which tracemalloc does not see):

1. Compute on the page: streamlit.testing.v1.AppTest, the wall time of the rerun after a fringe change and the
   Compute button (problems check, the scenario, its breakdown, the baseline, both bridges, tables, figures);
   the peak RSS of the process once the page has been computed --runs times.
2. The same computation outside Streamlit: what the page's cached loader runs (report.scenario_problems and
   report.scenario_results) on the positions read from the database.
3. The bare projection of the same roster, alternating with 2 so that both see the same machine load:
   (a) the page's scenario as one projection, cost by month (scenarios.scenario_costs_by_month);
   (b) bench_costs.py's projection: 120 months, cost by unit x month.
Each ratio is printed with both of its figures. Goals (issue 15): Compute <= 250 ms and <= 3x the bare
projection at 100,000 positions; <= 2 s and peak RSS <= 4 GB at 1,000,000.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT))  # run as a script from anywhere

import bench_costs
from bench_costs_page import compute_button

from analytics import db
from analytics.costs.demo_roster import DEFAULT_AS_OF, DEMO_TITLES, PAY_FILE, demo_roster
from analytics.demo import ensure_demo_database
from analytics.ingest.load.rosters import load_roster
from analytics.ingest.tables.pay_schedules import read_pay_schedule
from analytics.pay.grades import known_titles
from analytics.pay.steps import step_table

GOALS = {100_000: (0.250, 3.0, None), 1_000_000: (2.0, None, 4.0)}  # seconds, x bare, GB of peak RSS


def build_database(folder: Path, n_positions: int) -> Path:
    """Return a database with the demo documents and pay schedules and a generated roster (Parquet) as the newest."""
    path = ensure_demo_database(folder / "ladder.duckdb")
    rates, _ = read_pay_schedule(PAY_FILE)
    roster = demo_roster(DEMO_TITLES, step_table(rates.lazy()), n_rows=n_positions, seed=1, as_of=DEFAULT_AS_OF)
    roster_file = folder / f"roster-{n_positions}.parquet"
    roster.collect().write_parquet(roster_file)
    con = db.connect(path)
    try:
        loaded = load_roster(con, roster_file, known_titles=known_titles(db.run(con, "ladder_classes")))
    finally:
        con.close()
    if loaded.roster_id is None:
        raise SystemExit(f"the generated roster was refused: {loaded.report.head(3)}")
    return path


def peak_rss_gb() -> float:
    """Return this process's peak resident set size in GB (ru_maxrss is in kB on Linux)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024**2


def timed(work: Callable[[], object]) -> float:
    """Return the wall time of one call in seconds."""
    start = time.perf_counter()
    work()
    return time.perf_counter() - start


def line(label: str, times: list[float]) -> str:
    """One line of figures: median, min and max in ms."""
    return (f"{label:<60} median {statistics.median(times) * 1000:8.1f} ms  min {min(times) * 1000:8.1f}  "
            f"max {max(times) * 1000:8.1f}  ({len(times)} runs)")


def page_computes(runs: int) -> tuple[float, list[float]]:
    """Run the page and `runs` Computes in AppTest; return (the first page run, the Compute reruns) in seconds."""
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(REPO_ROOT / "app.py"), default_timeout=900)
    at.run()
    at.switch_page("app_pages/costs/page.py")
    first = timed(at.run)
    times = []
    for index in range(runs + 1):  # the first Compute of the process warms caches of its own: not counted
        at.number_input(key="costs.fringe_pct").set_value(45.0 - 0.5 * index)
        compute_button(at).click()
        elapsed = timed(at.run)
        if at.exception:
            raise SystemExit(f"the page failed: {at.exception[0].message}")
        if index:
            times.append(elapsed)
    return first, times


def measure(database: str, n_positions: int, runs: int) -> None:
    """Print the figures of the module docstring for one database (run in a fresh process)."""
    os.environ["LADDER_DB"] = database
    first, page = page_computes(runs)
    page_rss = peak_rss_gb()

    from analytics.costs.report import scenario_problems, scenario_results
    from analytics.costs.scenarios import parse_scenario, scenario_costs_by_month
    from analytics.pay.steps import lump_sum_table
    from app_pages.costs.builder import default_scenario

    con = db.connect(database)
    roster_id = db.run(con, "rosters")["roster_id"][0]
    positions = db.run(con, "roster_positions", {"roster_id": roster_id})
    pay = db.run(con, "pay_rates")
    con.close()
    steps = step_table(pay.lazy()).collect().lazy()
    lumps = lump_sum_table(pay.lazy())
    scenario = default_scenario(DEFAULT_AS_OF)

    def compute() -> None:
        if scenario_problems(positions.lazy(), steps, scenario=scenario):
            raise SystemExit("the scenario has problems")
        scenario_results(positions.lazy(), steps, scenario=scenario, lump_sums=lumps)

    window = parse_scenario(bench_costs.SCENARIO | {"end": bench_costs._end(120)})
    bare = {"a": lambda: scenario_costs_by_month(positions.lazy(), steps, scenario=scenario, lump_sums=lumps).collect(),
            "b": lambda: scenario_costs_by_month(positions.lazy(), steps, scenario=window, by=("unit",)).collect()}
    figures: dict[str, list[float]] = {"compute": [], "a": [], "b": []}
    for work in (compute, *bare.values()):  # warm-up
        work()
    for _ in range(runs):
        figures["a"].append(timed(bare["a"]))
        figures["compute"].append(timed(compute))
        figures["b"].append(timed(bare["b"]))
    print(f"\n{n_positions:,} positions ({positions.height:,} read), window "
          f"{scenario.start:%Y-%m} to {scenario.end:%Y-%m}; first page run {first * 1000:,.0f} ms")
    print(line("1. Compute on the page (AppTest rerun)", page))
    print(line("2. the same outside Streamlit (problems + scenario_results)", figures["compute"]))
    print(line("3a. bare projection: the page's scenario, cost by month", figures["a"]))
    print(line("3b. bare projection: bench_costs (120 months, unit x month)", figures["b"]))
    compute_ms = statistics.median(page)
    for key, label in (("a", "3a"), ("b", "3b")):
        bare_ms = statistics.median(figures[key])
        print(f"   Compute / bare {label}: {compute_ms * 1000:.1f} ms / {bare_ms * 1000:.1f} ms = "
              f"{compute_ms / bare_ms:.2f}x; outside Streamlit {statistics.median(figures['compute']) * 1000:.1f} ms"
              f" / {bare_ms * 1000:.1f} ms = {statistics.median(figures['compute']) / bare_ms:.2f}x")
    print(f"   peak RSS: {page_rss:.2f} GB after the page's Computes; {peak_rss_gb():.2f} GB at the end")
    seconds, times_bare, gigabytes = GOALS.get(n_positions, (None, None, None))
    goals = []
    if seconds is not None:
        goals.append(f"Compute <= {seconds * 1000:.0f} ms: {'met' if compute_ms <= seconds else 'NOT met'}")
    if times_bare is not None:
        verdicts = [f"{label} {'met' if compute_ms <= times_bare * statistics.median(figures[key]) else 'NOT met'}"
                    for key, label in (("a", "3a"), ("b", "3b"))]
        goals.append(f"<= {times_bare:.0f}x bare: {', '.join(verdicts)}")
    if gigabytes is not None:
        goals.append(f"peak RSS <= {gigabytes:.0f} GB: {'met' if page_rss <= gigabytes else 'NOT met'}")
    if goals:
        print("   goals: " + "; ".join(goals))


def main() -> None:
    """Build each database here, measure it in a fresh process."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--positions", type=int, nargs="+", default=[100_000, 1_000_000])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--measure", help=argparse.SUPPRESS)  # a database to measure (the fresh process)
    args = parser.parse_args()
    if args.measure:
        measure(args.measure, args.positions[0], args.runs)
        return
    for n_positions in args.positions:
        with tempfile.TemporaryDirectory(prefix="bench-costs-compute-") as folder:
            start = time.perf_counter()
            database = build_database(Path(folder), n_positions)
            print(f"database with a {n_positions:,}-position roster built in {time.perf_counter() - start:.1f} s",
                  flush=True)
            subprocess.run([sys.executable, __file__, "--measure", str(database), "--positions", str(n_positions),
                            "--runs", str(args.runs)], check=True)


if __name__ == "__main__":
    main()
