"""`python -m analytics.cli.demo_history --out DIR [--rows N] [--seed S]`: write the demo's yearly roster snapshots.

data/demo/history/roster_2020.csv ... roster_2024.csv are --rows 2000 --seed 2020 (the defaults); the pay
steps come from data/paydata/pay_schedules.csv, the rates from analytics.workforce.demo_history.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from analytics.costs.demo_roster import PAY_FILE
from analytics.ingest.tables.pay_schedules import read_pay_schedule
from analytics.pay.steps import step_table
from analytics.workforce.demo_history import HISTORY_ROWS, HISTORY_SEED, demo_history


def main(argv: Sequence[str] | None = None) -> int:
    """Write one CSV per snapshot date (roster_YYYY.csv); exit 2 with a one-line message on bad arguments."""
    parser = argparse.ArgumentParser(prog="python -m analytics.cli.demo_history", description=__doc__)
    parser.add_argument("--rows", type=int, default=HISTORY_ROWS)
    parser.add_argument("--seed", type=int, default=HISTORY_SEED)
    parser.add_argument("--out", type=Path, required=True, help="folder of the snapshot files")
    args = parser.parse_args(argv)
    if args.rows < 1:
        parser.error("--rows must be at least 1")
    rates, report = read_pay_schedule(PAY_FILE)
    if report.height:
        print(f"demo_history: {PAY_FILE} has problems: {report.row(0)}", file=sys.stderr)
        return 2
    args.out.mkdir(parents=True, exist_ok=True)
    for day, snapshot in demo_history(step_table(rates.lazy()), rows=args.rows, seed=args.seed):
        path = args.out / f"roster_{day.year}.csv"
        snapshot.write_csv(path)
        print(f"{day}: {snapshot.height} positions ({snapshot['is_vacant'].sum()} vacant) -> {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
