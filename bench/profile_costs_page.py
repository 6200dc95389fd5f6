"""Profile of the Staffing costs page's Compute (prints where the time goes; asserts nothing about time).

    .venv/bin/python bench/profile_costs_page.py [--positions 100000] [--runs 3] [--top 25]

The database is bench_costs_compute's (the demo documents and pay schedules and a generated roster of
--positions rows, the newest). The page runs in streamlit.testing.v1.AppTest; each profiled rerun is a
scenario change (the fringe rate, then Compute): a new scenario computed on every position.

1. The split of one Compute rerun (mean of --runs) from cProfile in the script thread: reading (DuckDB rows
   and cached frames), the problems check, the report (scenario_results: plans, projections and bridges),
   report tables, figures, and the rest (Streamlit and the page's widgets); then the report's functions.
2. The Polars collects (LazyFrame.collect, polars.collect_all) by call site: count and ms per rerun.
3. The cProfile functions with the most cumulative time in the script thread.
4. The Compute path outside Streamlit, each part on its own (so the parts add up to more than the report,
   which shares their work): reading, plan building, one projection, the report's four projections, its two
   bridges (cost_bridge), the problems check, the whole report.
Parts 1 to 3 run with every collect wrapped in a timer and under cProfile, so their figures are above the
unprofiled ones (bench_costs_compute.py).
"""

from __future__ import annotations

import argparse
import cProfile
import functools
import os
import pstats
import statistics
import sys
import tempfile
import threading
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT))  # run as a script from anywhere

import polars as pl
from bench_costs_compute import build_database
from bench_costs_page import compute_button
from streamlit.testing.v1 import AppTest
from streamlit.testing.v1.local_script_runner import LocalScriptRunner

# The split of a rerun: each part is the cumulative time of these functions (file suffix, name).
SPLIT = {
    "reading (roster rows, pay rates, cached frames)": [("app_pages/shared/loaders.py", "query"),
                                                        ("app_pages/costs/loaders.py", "_roster_rows")],
    "problems check (scenario_problems)": [("analytics/costs/report.py", "scenario_problems")],
    "report: plans, projections, bridges (scenario_results)": [("analytics/costs/report.py", "scenario_results")],
    "report tables (cost_tables frames)": [("app_pages/costs/loaders.py", "_report_tables")],
    "figures (Plotly, built once per report)": [("app_pages/costs/view.py", "_figure")],
}
# Inside the report: whichever of these the code has (before and after issue 15).
REPORT_PARTS = [
    ("analytics/costs/scenarios.py", "scenario_costs_by_fiscal_year"),
    ("analytics/costs/scenarios.py", "scenario_costs_by_month"),
    ("analytics/costs/scenarios.py", "cost_bridge"),
    ("analytics/costs/projection.py", "cohort_month_costs"),
    ("analytics/costs/plan.py", "position_plan"),
    ("analytics/costs/plan.py", "planned_positions"),
    ("analytics/costs/scenarios.py", "planned_state_costs"),
    ("analytics/costs/cohorts.py", "costed_cohorts"),
    ("analytics/costs/projection.py", "state_month_costs"),
    ("analytics/costs/report.py", "_shown_costs"),
    ("analytics/costs/scenarios.py", "state_totals"),
]


class CollectTimer:
    """Wall time of every outermost Polars collect, keyed by its call site (file:function:line)."""

    def __init__(self) -> None:
        self.times: dict[str, list[float]] = defaultdict(list)
        self._depth = threading.local()

    def wrap(self, collect: Callable) -> Callable:
        @functools.wraps(collect)
        def timed(*args, **kwargs):
            depth = getattr(self._depth, "n", 0)
            self._depth.n = depth + 1
            start = time.perf_counter()
            try:
                return collect(*args, **kwargs)
            finally:
                self._depth.n = depth
                if depth == 0:
                    caller = sys._getframe(1)
                    where = caller.f_code.co_filename.removeprefix(str(REPO_ROOT) + "/")
                    self.times[f"{where}:{caller.f_code.co_name}:{caller.f_lineno}"].append(
                        time.perf_counter() - start)
        return timed

    def install(self) -> None:
        pl.LazyFrame.collect = self.wrap(pl.LazyFrame.collect)
        pl.collect_all = self.wrap(pl.collect_all)


def profile_script_threads(profiles: list[cProfile.Profile]) -> None:
    """Run each AppTest script thread under a cProfile of its own (cProfile sees one thread only)."""
    original = LocalScriptRunner._run_script_thread

    def run(self: LocalScriptRunner) -> None:
        profile = cProfile.Profile()
        profiles.append(profile)
        profile.enable()
        try:
            original(self)
        finally:
            profile.disable()

    LocalScriptRunner._run_script_thread = run


def cumulative(stats: pstats.Stats, file_suffix: str, name: str) -> float:
    """Return the cumulative seconds of a function (every entry of it; recursion counted once by cProfile)."""
    return sum(row[3] for (file, _, func), row in stats.stats.items() if file.endswith(file_suffix) and func == name)


def profiled_computes(args: argparse.Namespace, timer: CollectTimer) -> None:
    """Parts 1 to 3 of the module docstring."""
    at = AppTest.from_file(str(REPO_ROOT / "app.py"), default_timeout=900)
    at.run()
    at.switch_page("app_pages/costs/page.py")
    at.run()
    fringes = [45.0 - 0.5 * i for i in range(args.runs + 1)]
    at.number_input(key="costs.fringe_pct").set_value(fringes[0])  # the first Compute of the process warms up
    compute_button(at).click()
    at.run()
    profiles: list[cProfile.Profile] = []
    profile_script_threads(profiles)
    timer.times.clear()
    walls = []
    for fringe in fringes[1:]:
        at.number_input(key="costs.fringe_pct").set_value(fringe)
        compute_button(at).click()
        start = time.perf_counter()
        at.run()
        walls.append(time.perf_counter() - start)
        if at.exception:
            raise SystemExit(f"the page failed: {at.exception[0].message}")
    stats = pstats.Stats(profiles[0])
    for profile in profiles[1:]:
        stats.add(profile)
    runs = len(walls)
    script = cumulative(stats, "streamlit/runtime/scriptrunner/script_runner.py", "_run_script") / runs
    print(f"\n1. One Compute rerun at {args.positions:,} positions, profiled: wall median "
          f"{statistics.median(walls) * 1000:,.0f} ms ({runs} runs); script thread {script * 1000:,.1f} ms")
    split = {part: sum(cumulative(stats, f, n) for f, n in functions) / runs for part, functions in SPLIT.items()}
    for part, seconds in split.items():
        print(f"   {part:<58} {seconds * 1000:8.1f} ms  {seconds / script:6.1%}")
    rest = script - sum(split.values())
    print(f"   {'Streamlit and the page (widgets, tables, messages)':<58} {rest * 1000:8.1f} ms  {rest / script:6.1%}")
    print("   inside the report (cumulative, ms per rerun; nested parts overlap):")
    for file, name in REPORT_PARTS:
        seconds = cumulative(stats, file, name) / runs
        if seconds:
            print(f"     {name:<40} {seconds * 1000:8.1f} ms")
    print("\n2. Polars collects by call site (per rerun)")
    for site, times in sorted(timer.times.items(), key=lambda item: -sum(item[1])):
        print(f"   {sum(times) / runs * 1000:8.1f} ms  x{len(times) / runs:4.1f}  {site}")
    print(f"\n3. cProfile, top {args.top} by cumulative time (all {runs} runs)")
    stats.sort_stats("cumulative").print_stats(args.top)


def staged(args: argparse.Namespace) -> None:
    """Part 4 of the module docstring: the Compute path outside Streamlit, one part at a time."""
    from analytics import db
    from analytics.costs import report as cost_report
    from analytics.costs.demo_roster import DEFAULT_AS_OF
    from analytics.costs.scenarios import (
        cost_bridge,
        scenario_costs_by_fiscal_year,
        scenario_costs_by_month,
        scenario_plan,
    )
    from analytics.pay.steps import lump_sum_table, step_table
    from app_pages.costs.builder import default_scenario

    con = db.connect(os.environ["LADDER_DB"])  # the AppTest's connection has this configuration
    roster_id = db.run(con, "rosters")["roster_id"][0]
    pay = db.run(con, "pay_rates")
    steps = step_table(pay.lazy()).collect().lazy()
    lumps = lump_sum_table(pay.lazy())
    scenario = default_scenario(DEFAULT_AS_OF)  # the builder's, as the page computes it
    baseline = cost_report.baseline_scenario(scenario)
    positions = db.run(con, "roster_positions", {"roster_id": roster_id}).lazy()
    first, last = scenario.start.year + 1, scenario.end.year  # its July-June fiscal years

    def projections() -> None:
        pl.collect_all([
            scenario_costs_by_fiscal_year(positions, steps, scenario=scenario, lump_sums=lumps),
            scenario_costs_by_month(positions, steps, scenario=scenario, lump_sums=lumps),
            scenario_costs_by_fiscal_year(positions, steps, scenario=scenario, by=cost_report.BREAKDOWN_DIMS,
                                          lump_sums=lumps),
            scenario_costs_by_fiscal_year(positions, steps, scenario=baseline, lump_sums=lumps),
        ])

    def bridges() -> None:
        pl.collect_all([
            cost_bridge(positions, steps, base=scenario, target=scenario, base_fiscal_year=first,
                        target_fiscal_year=last, lump_sums=lumps),
            cost_bridge(positions, steps, base=baseline, target=scenario, lump_sums=lumps),
        ])

    parts = {
        "read roster_positions (DuckDB -> Polars)": lambda: db.run(con, "roster_positions", {"roster_id": roster_id}),
        "plan building (scenario_plan, collected)": lambda: scenario_plan(positions, scenario=scenario).collect(),
        "one projection (scenario_costs_by_month)": lambda: scenario_costs_by_month(
            positions, steps, scenario=scenario, lump_sums=lumps).collect(),
        "the report's four projections, on their own": projections,
        "the report's two bridges (cost_bridge), on their own": bridges,
        "problems check (scenario_problems)": lambda: cost_report.scenario_problems(positions, steps,
                                                                                     scenario=scenario),
        "the whole report (scenario_results)": lambda: cost_report.scenario_results(positions, steps,
                                                                                    scenario=scenario,
                                                                                    lump_sums=lumps),
    }
    print(f"\n4. The Compute path outside Streamlit at {args.positions:,} positions (median of {args.runs})")
    for label, work in parts.items():
        times = []
        for _ in range(args.runs):
            start = time.perf_counter()
            work()
            times.append(time.perf_counter() - start)
        print(f"   {label:<56} {statistics.median(times) * 1000:8.1f} ms")
    con.close()


def main() -> None:
    """Print the figures of the module docstring."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--positions", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--top", type=int, default=25)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="profile-costs-page-") as folder:
        os.environ["LADDER_DB"] = str(build_database(Path(folder), args.positions))
        staged(args)  # before the timers are installed
        timer = CollectTimer()
        timer.install()
        profiled_computes(args, timer)


if __name__ == "__main__":
    main()
