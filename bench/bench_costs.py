"""Benchmark of the staffing-cost projection (prints figures; asserts nothing about time).

    .venv/bin/python bench/bench_costs.py [--positions 1000000] [--runs 5] [--pandas-months 60]

1. Ours (Polars, cohorts): 1,000,000 generated positions x 120 months -> cost by unit x month.
2. A straightforward vectorised pandas version of the same rules (steps from months_to_next,
   pay-table version in effect, compounding COLA, FTE, fringe, vacancies from their fill month):
   one row per position per month, joined to the step path and the rates, then grouped; run on
   the same positions x 60 months, in chunks of 100,000 positions to bound its memory.
3. The two agree on a small case (the 2,000-position demo organisation, 60 months) to the cent.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from pathlib import Path

import numpy as np
import pandas as pd
import polars as pl

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # run as a script from anywhere

from analytics.costs.demo_roster import DEMO_TITLES, PAY_FILE, demo_roster
from analytics.costs.projection import cohorts
from analytics.costs.rates import month_index, scales
from analytics.costs.scenarios import parse_scenario, scenario_costs_by_month, scenario_plan, scenario_rules
from analytics.ingest.tables.pay_schedules import read_pay_schedule
from analytics.pay.steps import step_table

AS_OF = date(2025, 7, 1)
SCENARIO = {"fringe_rate": 0.5, "fy_start_month": 7, "start": "2025-07",
            "cola": [{"pct": 3, "effective": "2026-07-01"}, {"pct": 2, "effective": "2027-07-01"}]}
CHUNK = 100_000


def _end(months: int) -> str:
    last = month_index(AS_OF) + months - 1
    return f"{last // 12:04d}-{last % 12 + 1:02d}"


def ours(positions: pl.DataFrame, steps: pl.LazyFrame, months: int) -> pl.DataFrame:
    """Cost by (unit, month) from the typed positions, plan building and cohorting included."""
    scenario = parse_scenario(SCENARIO | {"end": _end(months)})
    return scenario_costs_by_month(positions.lazy(), steps, scenario=scenario, by=("unit",)).collect()


def _pandas_lookups(steps: pd.DataFrame, first: int, months: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Step paths (scale, step0, k -> step) and monthly rates with COLA (scale, step, month -> amount)."""
    eff = steps.effective_date.dt.year * 12 + steps.effective_date.dt.month - 1
    steps = steps.assign(scale=steps.schedule_id + "|" + steps.grade, eff=eff.fillna(-(10**7)).astype(int))
    latest = steps[steps.eff == steps.groupby("scale").eff.transform("max")]
    paths = []
    for scale, rows in latest.sort_values("step_index").groupby("scale"):
        waits = rows.months_to_next.fillna(0).astype(int).tolist()
        top_k = sum(waits)
        for start in range(len(waits)):
            entry = np.cumsum([0, *waits[start:-1]])
            k = np.arange(top_k + 1)
            paths.append(pd.DataFrame({"scale": scale, "step0": start + 1, "k": k, "top_k": top_k,
                                       "step": start + np.searchsorted(entry, k, side="right")}))
    grid = latest[["scale", "step_index"]].merge(pd.DataFrame({"month": range(first, first + months)}), how="cross")
    rates = pd.merge_asof(grid.sort_values("month"), steps.sort_values("eff")[["scale", "step_index", "eff",
                          "annual_amount"]], left_on="month", right_on="eff", by=["scale", "step_index"])
    earliest = steps.sort_values("eff").groupby(["scale", "step_index"]).annual_amount.first()
    fallback = pd.Series(rates.set_index(["scale", "step_index"]).index.map(earliest), index=rates.index)
    rates["annual_amount"] = rates.annual_amount.fillna(fallback)
    cola = pd.Series(1.0, index=range(first, first + months))
    for c in SCENARIO["cola"]:
        cola[cola.index >= month_index(date.fromisoformat(c["effective"]))] *= 1 + c["pct"] / 100
    rates["amount"] = rates.annual_amount * rates.month.map(cola)
    return pd.concat(paths), rates.rename(columns={"step_index": "step"})[["scale", "step", "month", "amount"]]


def pandas_costs(positions: pd.DataFrame, steps: pd.DataFrame, months: int) -> pd.DataFrame:
    """Cost by (unit, month): one row per position per month, vectorised (the straightforward way)."""
    first = month_index(AS_OF)
    paths, rates = _pandas_lookups(steps, first, months)
    tops = paths.groupby("scale").top_k.first()
    out = []
    for lo in range(0, len(positions), CHUNK):
        pos = positions.iloc[lo:lo + CHUNK]
        hire = pos.hire_date.dt.year * 12 + pos.hire_date.dt.month - 1
        fill = pos.fill_date.dt.year * 12 + pos.fill_date.dt.month - 1
        last_anniversary = np.where(hire >= first, hire, first - (first - hire) % 12)
        frame = pd.DataFrame({
            "unit": pos.unit.to_numpy(), "scale": (pos.schedule_id + "|" + pos.grade_on_schedule).to_numpy(),
            "fte": pos.fte.to_numpy(),
            "step0": np.where(pos.is_vacant, 1, pos.step.fillna(1)).astype(int),
            "start": np.where(pos.is_vacant, fill.fillna(10**7), hire.fillna(-(10**7))),
            "anchor": np.where(pos.is_vacant, fill.fillna(10**7), last_anniversary),
        })
        frame = frame.loc[frame.index.repeat(months)].reset_index(drop=True)
        frame["month"] = np.tile(np.arange(first, first + months), len(pos))
        frame = frame[frame.month >= frame.start]
        frame["k"] = (frame.month - frame.anchor).clip(lower=0).clip(upper=frame.scale.map(tops))
        frame = frame.merge(paths[["scale", "step0", "k", "step"]], on=["scale", "step0", "k"])
        frame = frame.merge(rates, on=["scale", "step", "month"])
        frame["cost"] = frame.amount * frame.fte * (1 + SCENARIO["fringe_rate"]) / 12
        out.append(frame.groupby(["unit", "month"]).cost.sum())
    return pd.concat(out).groupby(level=[0, 1]).sum().reset_index()


def _pandas_inputs(positions: pl.DataFrame, steps: pl.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    on_schedule = steps.select("schedule_id", "grade").unique().with_columns(
        key=pl.col("grade").str.replace(r"^SG-", ""))
    frame = positions.join(on_schedule.rename({"grade": "grade_on_schedule"}), left_on=["schedule_id", "grade"],
                           right_on=["schedule_id", "key"], how="left")
    return frame.to_pandas(), steps.to_pandas()


def timed(label: str, runs: int, work: Callable[[], object]) -> tuple[float, object]:
    """Run `work` `runs` times, print min and median wall time, return (min, last result)."""
    times, result = [], None
    for _ in range(runs):
        start = time.perf_counter()
        result = work()
        times.append(time.perf_counter() - start)
    print(f"{label}: min {min(times):.3f} s, median {statistics.median(times):.3f} s over {runs} run(s)")
    return min(times), result


def main() -> None:
    """Print the figures of the three parts of the module docstring."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--positions", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--pandas-months", type=int, default=60)
    args = parser.parse_args()
    rates, _ = read_pay_schedule(PAY_FILE)
    steps = step_table(rates.lazy()).collect()
    start = time.perf_counter()
    big = demo_roster(DEMO_TITLES, steps.lazy(), n_rows=args.positions, seed=1, as_of=AS_OF).collect()
    print(f"generated {big.height:,} positions ({big['is_vacant'].mean():.1%} vacant) in "
          f"{time.perf_counter() - start:.2f} s")
    scenario = parse_scenario(SCENARIO | {"end": _end(120)})
    n_cohorts = cohorts(scenario_plan(big.lazy(), scenario=scenario), scales(steps.lazy()),
                        rules=scenario_rules(scenario), by=("unit",)).collect().height
    print(f"cohorts (unit report): {n_cohorts:,}")
    ours_time, result = timed(f"ours  {big.height:,} x 120 months, cost by unit x month", args.runs,
                              lambda: ours(big, steps.lazy(), 120))
    print(f"      -> {result.height} rows, total {result['cost'].sum():,.2f}")
    big_pd, steps_pd = _pandas_inputs(big, steps)
    pandas_time, _ = timed(f"pandas {big.height:,} x {args.pandas_months} months", 1,
                           lambda: pandas_costs(big_pd, steps_pd, args.pandas_months))
    print(f"ours (120 months) is {pandas_time / ours_time:.0f}x faster than pandas ({args.pandas_months} months)")
    small = demo_roster(DEMO_TITLES, steps.lazy(), n_rows=2000, seed=2025, as_of=AS_OF).collect()
    mine = ours(small, steps.lazy(), 60).with_columns(month=pl.col("month").dt.year() * 12
                                                      + pl.col("month").dt.month() - 1)
    small_pd, _ = _pandas_inputs(small, steps)
    theirs = pl.from_pandas(pandas_costs(small_pd, steps_pd, 60)).with_columns(pl.col("month").cast(pl.Int32))
    joined = mine.join(theirs, on=["unit", "month"], how="full", coalesce=True)
    gap = (joined["cost"].cast(pl.Float64) - joined["cost_right"]).abs().max()
    print(f"small case (2,000 positions x 60 months, {joined.height} unit-months): largest difference "
          f"{gap:.4f}; {'agree to the cent' if gap is not None and gap <= 0.0051 else 'DISAGREE'}")
    print(f"totals: ours {Decimal(str(mine['cost'].sum())):,} (sum of cent-rounded unit-months), "
          f"pandas {theirs['cost'].sum():,.2f}")


if __name__ == "__main__":
    main()
