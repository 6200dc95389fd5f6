"""Benchmark of the Workforce projection page under AppTest at 30 states x 10 years x 10,000 runs (prints figures;
asserts nothing about time).

    .venv/bin/python bench/bench_workforce_page.py [--states 30] [--positions 700] [--years 10] [--runs 10000]
                                                   [--reruns 10]

A temporary database holds the demo documents and pay schedules, five yearly history snapshots of a generated
workforce of --states grades (--positions per grade; each year a filled position leaves 8 % of the time and is
promoted in place to the next grade 10 % of the time, a vacancy is refilled 60 % of the time), loaded through
analytics.ingest.load.rosters.load_roster_snapshot, and the last of them as the newest roster (load_roster).
The page is run in streamlit.testing.v1.AppTest with ?years=&runs= and each figure is the wall time of
`AppTest.run()` (the whole app script: sidebar, navigation, the page) after:

1. a widget change to inputs seen before (years back and forth): the projection is a cache hit (the goal:
   <= 100 ms);
2. a rerun with no widget change;
3. a widget change to new inputs (a new seed): the projection is simulated again (10,000 runs);
4. a matrix cell edit: a new matrix, projected and simulated again.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT))  # run as a script from anywhere

import numpy as np
import polars as pl
from streamlit.testing.v1 import AppTest

from analytics import db
from analytics.demo import DEMO_SPECS
from analytics.ingest.load.documents import load_documents
from analytics.ingest.load.pay_schedules import load_demo_pay_schedules
from analytics.ingest.load.rosters import load_roster, load_roster_snapshot

GOAL_MS = 100.0
LEAVE, PROMOTE, REFILL = 0.08, 0.10, 0.6
DATES = tuple(dt.date(year, 7, 1) for year in range(2021, 2026))


def snapshots(n_states: int, per_state: int, seed: int = 1) -> list[pl.DataFrame]:
    """Five yearly roster snapshots of the same positions, states "1".."N" (grades), moved at the rates above."""
    rng = np.random.default_rng(seed)
    size = n_states * per_state
    grade = np.repeat(np.arange(1, n_states + 1), per_state)
    filled = rng.random(size) < 0.92
    hired = np.array([dt.date(2021, 7, 1) - dt.timedelta(days=int(d)) for d in rng.integers(30, 9000, size)])
    frames = []
    for index, day in enumerate(DATES):
        if index:
            draw = rng.random(size)
            leaves = filled & (draw < LEAVE)
            promoted = filled & ~leaves & (draw < LEAVE + PROMOTE) & (grade < n_states)
            grade = grade + promoted
            refilled = ~filled & (rng.random(size) < REFILL)
            hired = np.where(refilled, day - dt.timedelta(days=30), hired)
            filled = (filled & ~leaves) | refilled
        frames.append(pl.DataFrame({
            "position_id": [f"B{i:07d}" for i in range(size)], "title": [f"Bench Title {g}" for g in grade],
            "grade": [str(g) for g in grade], "step": [1] * size, "annual_salary": [None] * size,
            "hire_date": [h if f else None for h, f in zip(hired, filled, strict=True)],
            "title_date": [h if f else None for h, f in zip(hired, filled, strict=True)], "fte": [1.0] * size,
            "unit": ["Bench unit"] * size, "is_vacant": (~filled).tolist(), "fill_date": [None] * size,
            "as_of": [day] * size,
        }, schema_overrides={"annual_salary": pl.Float64, "fill_date": pl.Date}))
    return frames


def build_database(folder: Path, n_states: int, per_state: int) -> Path:
    """Return a database with the demo documents and pay schedules, the snapshots and the newest as the roster."""
    path = folder / "ladder.duckdb"
    con = db.connect(path)
    try:
        load_documents(con, [DEMO_SPECS])
        load_demo_pay_schedules(con)
        for frame in snapshots(n_states, per_state):
            file = folder / f"snapshot-{frame['as_of'][0]}.csv"
            frame.write_csv(file)
            loaded = load_roster_snapshot(con, file, known_titles=None)
            if loaded.roster_id is None:
                raise SystemExit(f"a generated snapshot was refused: {loaded.report.head(3)}")
        loaded = load_roster(con, file, known_titles=None)
        if loaded.roster_id is None:
            raise SystemExit(f"the generated roster was refused: {loaded.report.head(3)}")
    finally:
        con.close()
    return path


def timed(at: AppTest, change: Callable[[AppTest], object]) -> float:
    """Apply a widget change and rerun; return the rerun's wall time in milliseconds."""
    change(at)
    start = time.perf_counter()
    at.run()
    elapsed = (time.perf_counter() - start) * 1000
    if at.exception or at.error:
        raise SystemExit(f"the page failed: {(at.exception or at.error)[0].value}")
    return elapsed


def report(label: str, times: list[float]) -> None:
    """Print one line of figures: median, min and max of the times."""
    print(f"{label:<58} median {statistics.median(times):7.1f} ms  min {min(times):7.1f} ms  "
          f"max {max(times):7.1f} ms  ({len(times)} runs)")


def edit_cell(at: AppTest, row: int, percent: float) -> None:
    """Edit the exit cell of one matrix row, as the browser's data editor sends it."""
    generation = at.session_state["workforce.generation"] if "workforce.generation" in at.session_state else 0
    at.session_state[f"workforce.cells.grade.estimated.{generation}"] = {
        "edited_rows": {row: {"Leaves": percent}}, "added_rows": [], "deleted_rows": []}


def main() -> None:
    """Print the figures of the module docstring."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--states", type=int, default=30)
    parser.add_argument("--positions", type=int, default=700, help="positions per state")
    parser.add_argument("--years", type=int, default=10)
    parser.add_argument("--runs", type=int, default=10_000)
    parser.add_argument("--reruns", type=int, default=10)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-workforce-page-") as folder:
        start = time.perf_counter()
        os.environ["LADDER_DB"] = str(build_database(Path(folder), args.states, args.positions))
        print(f"database with {len(DATES)} snapshots of {args.states * args.positions:,} positions "
              f"({args.states} grades) built in {time.perf_counter() - start:.1f} s")
        at = AppTest.from_file(str(REPO_ROOT / "app.py"), default_timeout=600)
        at.run()
        at.switch_page("app_pages/workforce/page.py")
        at.query_params.update({"years": str(args.years), "runs": str(args.runs)})
        first = timed(at, lambda at: None)
        states = len(at.table[0].value) if at.table else 0
        print(f"first run of the page (history read, matrix estimated, {args.runs:,} runs simulated): {first:,.0f} ms; "
              f"{states} states, source {at.session_state['workforce.source']}")
        timed(at, lambda at: at.number_input(key="workforce.years").set_value(args.years - 1))  # seen once
        seen = [timed(at, lambda at, i=i: at.number_input(key="workforce.years").set_value(args.years - i % 2))
                for i in range(args.reruns)]
        plain = [timed(at, lambda at: None) for _ in range(args.reruns)]
        seeds = [timed(at, lambda at, s=s: at.number_input(key="workforce.seed").set_value(100 + s))
                 for s in range(max(3, args.reruns // 2))]
        edits = [timed(at, lambda at, k=k: edit_cell(at, k % args.states, 20.0 + k))
                 for k in range(max(3, args.reruns // 2))]
        print(f"\nAppTest reruns at {args.states} states x {args.years} years x {args.runs:,} runs "
              f"(goal for a widget change: <= {GOAL_MS:.0f} ms)")
        report("widget change to inputs seen before (years): cache hit", seen)
        report("rerun without a widget change", plain)
        report("widget change to new inputs (seed): simulated again", seeds)
        report("matrix cell edit: new matrix, projected and simulated", edits)
        verdict = "met" if statistics.median(seen) <= GOAL_MS else "NOT met"
        print(f"goal <= {GOAL_MS:.0f} ms for a rerun after a widget change to inputs seen before: {verdict} "
              f"(median {statistics.median(seen):.1f} ms)")


if __name__ == "__main__":
    main()
