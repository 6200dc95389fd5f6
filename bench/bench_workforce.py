"""Benchmark: the workforce Monte Carlo (30 states x 10 years x 10,000 runs) and transition estimation from five
snapshots of 100,000 positions (prints figures only; targets 0.5 s and 1 s).

Run: .venv/bin/python bench/bench_workforce.py [--states 30] [--years 10] [--runs 10000] [--positions 100000]
     [--repeats 5]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

import numpy as np
import polars as pl

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from analytics.workforce.estimation import estimate_transitions
from analytics.workforce.model import Recruitment, project
from analytics.workforce.simulation import simulate
from analytics.workforce.states import matrix_from_rates


def ladder(n_states: int, heads_per_state: int) -> tuple[pl.DataFrame, pl.DataFrame]:
    """(start, matrix): a ladder of n grades, each leaving 5-12 % and promoted 2-10 % a year to the next."""
    rng = np.random.default_rng(30)
    states = [f"G{i + 1:02d}" for i in range(n_states)]
    attrition = dict(zip(states, rng.uniform(0.05, 0.12, n_states), strict=True))
    promotion = dict(zip(states[:-1], rng.uniform(0.02, 0.10, n_states - 1), strict=True))
    matrix = matrix_from_rates(states, promotion=promotion, attrition=attrition,
                               next_state=dict(zip(states[:-1], states[1:], strict=True)))
    start = pl.DataFrame({"state": states, "count": [float(heads_per_state)] * n_states})
    return start, matrix


def snapshots(n_positions: int, n_snapshots: int) -> list[tuple[date, pl.DataFrame]]:
    """Yearly snapshots of n positions over 30 grades: 8 % leave (vacant, refilled a year on), 6 % move up."""
    rng = np.random.default_rng(5)
    grade = rng.integers(1, 31, n_positions)
    vacant = rng.random(n_positions) < 0.06
    ids = pl.Series([f"P{i:07d}" for i in range(n_positions)])
    frames = []
    for year in range(n_snapshots):
        frames.append((date(2020 + year, 7, 1), pl.DataFrame({
            "position_id": ids, "grade": pl.Series(grade).cast(pl.String), "is_vacant": vacant})))
        draw = rng.random(n_positions)
        leaves = ~vacant & (draw < 0.08)
        grade = np.where(~vacant & ~leaves & (draw < 0.14), np.minimum(grade + 1, 30), grade)
        vacant = np.where(vacant, rng.random(n_positions) < 0.2, leaves)
    return frames


def timed(work: Callable[[], object], repeats: int) -> tuple[float, float, float]:
    """(median wall, best wall, median CPU) seconds of `repeats` runs of work() after one warm-up run.

    CPU time (this process's) tells what the wall time would be on an idle machine: the cores are shared.
    """
    work()
    walls, cpus = [], []
    for _ in range(repeats):
        started, cpu = time.perf_counter(), time.process_time()
        work()
        walls.append(time.perf_counter() - started)
        cpus.append(time.process_time() - cpu)
    return statistics.median(walls), min(walls), statistics.median(cpus)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--states", type=int, default=30)
    parser.add_argument("--years", type=int, default=10)
    parser.add_argument("--runs", type=int, default=10_000)
    parser.add_argument("--heads", type=int, default=300, help="heads per state at the start")
    parser.add_argument("--positions", type=int, default=100_000)
    parser.add_argument("--snapshots", type=int, default=5)
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()

    start, matrix = ladder(args.states, args.heads)
    for mode in ("replace", "none"):
        recruitment = Recruitment(mode)
        median, best, cpu = timed(lambda r=recruitment: simulate(start, matrix, years=args.years, recruitment=r,
                                                                 runs=args.runs, seed=1), args.repeats)
        print(f"simulate: {args.states} states x {args.years} years x {args.runs:,} runs ({args.heads} heads a "
              f"state, recruit {mode}): median {median:.3f} s, best {best:.3f} s, CPU {cpu:.3f} s (target <= 0.5 s)")
    median, best, cpu = timed(lambda: project(start, matrix, years=args.years, recruitment=Recruitment("replace")),
                              args.repeats)
    print(f"project (expected values), same size: median {median * 1000:.1f} ms, best {best * 1000:.1f} ms")

    history = snapshots(args.positions, args.snapshots)
    median, best, cpu = timed(lambda: estimate_transitions(history, by="grade"), args.repeats)
    print(f"estimate_transitions: {args.snapshots} snapshots x {args.positions:,} positions: median {median:.3f} s, "
          f"best {best:.3f} s, CPU {cpu:.3f} s (target <= 1 s; Polars may use both cores)")
    print(f"load average while measuring: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")


if __name__ == "__main__":
    main()
