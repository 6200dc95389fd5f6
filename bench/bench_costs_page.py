"""Benchmark of the Staffing costs page under AppTest at 100,000 positions (prints figures; asserts nothing about time).

    .venv/bin/python bench/bench_costs_page.py [--positions 100000] [--runs 10]

A temporary database holds the demo documents and pay schedules and a generated roster of
--positions rows (analytics.costs.demo_roster, loaded through analytics.ingest.load.rosters, so it is the
roster the page costs). The page is run in streamlit.testing.v1.AppTest and each figure is the
wall time of `AppTest.run()` (the whole app script: sidebar, navigation, the page) after:

1. a view change that leaves the scenario alone: the breakdowns' fiscal year (the goal: <= 100 ms);
   "first view" is the first time each fiscal year is shown (its figures are built), "repeated" is
   switching between fiscal years already shown;
2. a rerun with no widget change;
3. a scenario change (the fringe rate, then Compute): a new scenario, computed on every position;
4. a scope change (the Units widget: one unit, then another; the goal: <= 100 ms): "first" is a scope not
   computed before (a new scenario on the scope's positions), "again" one computed before in the session.

AppTest compiles the app and page scripts again on every run (a new ScriptCache per run, with Streamlit's
"magic" AST pass: about 50 ms for the costs page), which `streamlit run` does once per process. With
--served (the default) the runs share one ScriptCache, as the server's do; --as-apptest keeps AppTest's own.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT))  # run as a script from anywhere

from streamlit.testing.v1 import AppTest
from streamlit.testing.v1.element_tree import Button

from analytics import db
from analytics.costs.demo_roster import DEFAULT_AS_OF, DEMO_TITLES, PAY_FILE, demo_roster
from analytics.demo import ensure_demo_database
from analytics.ingest.load.rosters import load_roster
from analytics.ingest.tables.pay_schedules import read_pay_schedule
from analytics.pay.grades import known_titles
from analytics.pay.steps import step_table

GOAL_MS = 100.0


def build_database(folder: Path, n_positions: int) -> Path:
    """Return a database with the demo documents and pay schedules and a generated roster as the newest."""
    path = ensure_demo_database(folder / "ladder.duckdb")
    rates, _ = read_pay_schedule(PAY_FILE)
    roster = demo_roster(DEMO_TITLES, step_table(rates.lazy()), n_rows=n_positions, seed=1, as_of=DEFAULT_AS_OF)
    roster_file = folder / f"roster-{n_positions}.csv"
    roster.collect().write_csv(roster_file)
    con = db.connect(path)
    try:
        loaded = load_roster(con, roster_file, known_titles=known_titles(db.run(con, "ladder_classes")))
    finally:
        con.close()
    if loaded.roster_id is None:
        raise SystemExit(f"the generated roster was refused: {loaded.report.head(3)}")
    return path


def timed(at: AppTest, change: Callable[[AppTest], object]) -> float:
    """Apply a widget change and rerun; return the rerun's wall time in milliseconds."""
    change(at)
    start = time.perf_counter()
    at.run()
    elapsed = (time.perf_counter() - start) * 1000
    if at.exception:
        raise SystemExit(f"the page failed: {at.exception[0].message}")
    return elapsed


def report(label: str, times: list[float]) -> None:
    """Print one line of figures: median, min and max of the times."""
    print(f"{label:<58} median {statistics.median(times):7.1f} ms  min {min(times):7.1f} ms  "
          f"max {max(times):7.1f} ms  ({len(times)} runs)")


def share_script_cache() -> None:
    """Make every AppTest run use one ScriptCache, so a script is compiled once, as `streamlit run` does."""
    from streamlit.runtime.scriptrunner.script_cache import ScriptCache
    from streamlit.testing.v1 import app_test, local_script_runner

    shared = ScriptCache()
    local_script_runner.ScriptCache = app_test.ScriptCache = lambda: shared


def compute_button(at: AppTest) -> Button:
    """The builder form's submit button."""
    return next(b for b in at.button if b.label == "Compute")


def main() -> None:
    """Print the figures of the module docstring."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--positions", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--as-apptest", action="store_true",
                        help="compile the scripts on every run, as AppTest does (not as a server does)")
    args = parser.parse_args()
    if not args.as_apptest:
        share_script_cache()
    with tempfile.TemporaryDirectory(prefix="bench-costs-page-") as folder:
        start = time.perf_counter()
        os.environ["LADDER_DB"] = str(build_database(Path(folder), args.positions))
        print(f"database with a {args.positions:,}-position roster built in {time.perf_counter() - start:.1f} s")
        at = AppTest.from_file(str(REPO_ROOT / "app.py"), default_timeout=600)
        at.run()
        at.switch_page("app_pages/costs/page.py")
        first = timed(at, lambda at: None)
        years = [y for y in at.selectbox(key="costs.fy").options if y != "All fiscal years"]
        print(f"first run of the page (roster read, scenario computed): {first:,.0f} ms; "
              f"fiscal years {', '.join(years)}; {len(at.metric)} totals shown")
        choices = [0, *(int(y.removeprefix("FY")) for y in years)]  # 0: all fiscal years
        first_views = [timed(at, lambda at, c=c: at.selectbox(key="costs.fy").set_value(c)) for c in choices[1:]]
        first_views.append(timed(at, lambda at: at.selectbox(key="costs.fy").set_value(choices[0])))
        repeated = [timed(at, lambda at, i=i: at.selectbox(key="costs.fy").set_value(choices[i % len(choices)]))
                    for i in range(1, args.runs + 1)]
        plain = [timed(at, lambda at: None) for _ in range(args.runs)]
        fringes = [50.0 - 0.5 * (i + 1) for i in range(max(3, args.runs // 2))]
        recomputed = [timed(at, lambda at, f=f: (at.number_input(key="costs.fringe_pct").set_value(f),
                                                 compute_button(at).click())) for f in fringes]
        units = at.multiselect(key="costs.units").options
        scoped_first = [timed(at, lambda at, u=u: at.multiselect(key="costs.units").set_value([u])) for u in units]
        scoped_again = [timed(at, lambda at, i=i: at.multiselect(key="costs.units").set_value([units[i % len(units)]]))
                        for i in range(args.runs)]
        whole_again = timed(at, lambda at: at.multiselect(key="costs.units").set_value([]))
        print(f"\nAppTest reruns at {args.positions:,} positions (goal for a widget change: <= {GOAL_MS:.0f} ms)")
        report("view change (breakdown fiscal year), repeated", repeated)
        report("view change (breakdown fiscal year), first view of each", first_views)
        report("rerun without a widget change", plain)
        report("scenario change (fringe %, Compute): full recompute", recomputed)
        report(f"scope change to one of {len(units)} units, first time (computed)", scoped_first)
        report("scope change to a unit computed before", scoped_again)
        report("scope change back to the whole roster (computed before)", [whole_again])
        for what, times in (("a view change", repeated), ("a scope change, first time", scoped_first),
                            ("a scope change computed before", scoped_again)):
            verdict = "met" if statistics.median(times) <= GOAL_MS else "NOT met"
            print(f"goal <= {GOAL_MS:.0f} ms for a rerun after {what}: {verdict} "
                  f"(median {statistics.median(times):.1f} ms)")


if __name__ == "__main__":
    main()
