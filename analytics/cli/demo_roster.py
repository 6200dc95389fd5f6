"""`python -m analytics.cli.demo_roster --rows N --seed S --out FILE`: write a seeded demo roster as CSV.

data/demo/roster.csv is --rows 2000 --seed 2025; the pay steps come from data/paydata/pay_schedules.csv.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from datetime import date
from pathlib import Path

from analytics.costs.demo_roster import DEFAULT_AS_OF, DEMO_TITLES, PAY_FILE, demo_roster
from analytics.ingest.tables.pay_schedules import read_pay_schedule
from analytics.pay.steps import step_table


def main(argv: Sequence[str] | None = None) -> int:
    """Write a demo roster CSV; exit 2 with a one-line message on bad arguments."""
    parser = argparse.ArgumentParser(prog="python -m analytics.cli.demo_roster", description=__doc__)
    parser.add_argument("--rows", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=2025)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--as-of", type=date.fromisoformat, default=DEFAULT_AS_OF)
    args = parser.parse_args(argv)
    if args.rows < 1:
        parser.error("--rows must be at least 1")
    rates, report = read_pay_schedule(PAY_FILE)
    if report.height:
        print(f"demo_roster: {PAY_FILE} has problems: {report.row(0)}", file=sys.stderr)
        return 2
    steps = step_table(rates.lazy())
    roster = demo_roster(DEMO_TITLES, steps, n_rows=args.rows, seed=args.seed, as_of=args.as_of).collect()
    args.out.parent.mkdir(parents=True, exist_ok=True)
    roster.write_csv(args.out)
    print(f"{roster.height} positions ({roster['is_vacant'].sum()} vacant) -> {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
