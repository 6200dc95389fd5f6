"""Cost states: the inputs of one projection of a plan (a scenario, or one attribution step of a cost bridge).

Several states are costed together (projection.state_month_costs): each state's scalar rules become a row of
one frame, so that a scenario, its baseline and every bridge step share one grouping of the positions and one
query, instead of one whole projection each.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, fields

import polars as pl

from analytics.costs.plan import AS_PLANNED, Shifts
from analytics.costs.rates import MONEY, CostRules, cola_factor

FTE_SCALE = 10_000  # FTE is summed in ten-thousandths so that the sum is exact
# The engine for the small frames (lookups, cohorts, their months): Polars' default streaming engine pays a
# start-up per query that frames of a few thousand rows never earn back (the in-memory one runs them about
# twice as fast); the pass over the positions keeps the default, which is faster on large rosters.
SMALL = "in-memory"
REPORT_DIMS = ("unit", "title", "grade")
SHIFTED = tuple(f.name for f in fields(Shifts))  # the drivers whose event months a state may move
STATE_SCHEMA = {
    "state": pl.Int32, "plan": pl.Int32, "first_month": pl.Int32, "last_month": pl.Int32, "rates_id": pl.Int32,
    "table_lag": pl.Int32, "factor": MONEY, "log_q": pl.Float64, "backfill_months": pl.Int32,
    "has_attrition": pl.Boolean, "by_unit": pl.Boolean, "by_title": pl.Boolean, "by_grade": pl.Boolean,
    **{f"shift_{driver}": pl.Int32 for driver in SHIFTED},
}


@dataclass(frozen=True)
class CostState:
    """One projection: its rules, the plan it costs (an index into the plans given), the drivers' shifts, report dims.

    The pay tables and lump sums are moved forward by shifts.cola months, as the COLAs are (rules.colas are
    given moved); every other shift moves the plan's event months of its driver (plan.shifted_months).
    """

    rules: CostRules
    plan: int = 0
    shifts: Shifts = AS_PLANNED
    by: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        unknown = set(self.by) - set(REPORT_DIMS)
        if unknown:
            raise ValueError(f"unknown report dims {sorted(unknown)}: expected some of {', '.join(REPORT_DIMS)}")

    @property
    def has_dims(self) -> bool:
        """Whether the state reports by unit or title, or has rules of its own for some units (its cohorts then
        keep units and titles apart)."""
        return "unit" in self.by or "title" in self.by or bool(self.rules.unit_rules)

    @property
    def has_attrition(self) -> bool:
        """Whether any position of the state may leave (attrition for every position or for some unit)."""
        return self.rules.attrition_rate > 0 or any(r.attrition_rate for r in self.rules.unit_rules)


def rate_keys(states: Sequence[CostState]) -> list[tuple]:
    """Return one key per distinct rate table the states price on: (table lag, COLAs), in order of first use."""
    return list(dict.fromkeys((s.shifts.cola, s.rules.colas) for s in states))


def state_frame(states: Sequence[CostState]) -> pl.DataFrame:
    """One row per state (`state`: its index): plan, window, rates_id, table_lag, cost factor, attrition, dims, shifts.

    factor is (1 + fringe) x (1 - vacancy factor) per FTE unit (Decimal); log_q the log of the monthly
    survival, null without attrition; rates_id indexes rate_keys.
    """
    keys = {key: index for index, key in enumerate(rate_keys(states))}
    rows = []
    for index, s in enumerate(states):
        rules = s.rules
        has_attrition = s.has_attrition
        rows.append({
            "state": index, "plan": s.plan, "first_month": rules.first_month, "last_month": rules.last_month,
            "rates_id": keys[(s.shifts.cola, rules.colas)], "table_lag": s.shifts.cola,
            "factor": (1 + rules.fringe_rate) * (1 - rules.vacancy_factor) / FTE_SCALE,
            "log_q": _log_q(rules.attrition_rate) if has_attrition else None,
            "backfill_months": rules.backfill_months, "has_attrition": has_attrition,
            "by_unit": "unit" in s.by or bool(rules.unit_rules), "by_title": "title" in s.by,
            "by_grade": "grade" in s.by,
            **{f"shift_{driver}": getattr(s.shifts, driver) for driver in SHIFTED},
        })
    return pl.DataFrame(rows, schema=STATE_SCHEMA)


def _log_q(rate: float) -> float:
    """Return the log of the monthly survival under an annual leaving rate (0.0 for none)."""
    return math.log(1 - rate) / 12


def unit_rule_frame(states: Sequence[CostState]) -> pl.DataFrame:
    """One row per (state, unit) whose rules differ from the state's: state, unit_key (lower case), factor, log_q
    and backfill_months as state_frame has them, the state's own where the unit's rule keeps them."""
    rows = []
    for index, s in enumerate(states):
        rules = s.rules
        for rule in rules.unit_rules:
            vacancy = rules.vacancy_factor if rule.vacancy_factor is None else rule.vacancy_factor
            rate = rules.attrition_rate if rule.attrition_rate is None else rule.attrition_rate
            backfill = rules.backfill_months if rule.backfill_months is None else rule.backfill_months
            rows.append({"state": index, "unit_key": rule.unit,
                         "factor": (1 + rules.fringe_rate) * (1 - vacancy) / FTE_SCALE,
                         "log_q": _log_q(rate), "backfill_months": backfill})
    schema = {"state": pl.Int32, "unit_key": pl.String, "factor": MONEY, "log_q": pl.Float64,
              "backfill_months": pl.Int32}
    return pl.DataFrame(rows, schema=schema)


def rate_months(states: Sequence[CostState]) -> pl.LazyFrame:
    """One row per (rates_id, month) a state prices: table_month (the month less the table lag), cola_factor.

    The months of rates.rate_tables: a rate table serves every state with its table lag and COLAs, over all
    their windows.
    """
    keys = rate_keys(states)
    months: dict[int, set[int]] = {index: set() for index in range(len(keys))}
    for s in states:
        months[keys.index((s.shifts.cola, s.rules.colas))].update(range(s.rules.first_month, s.rules.last_month + 1))
    rows = [(index, month, month - lag, cola_factor(colas, month))
            for index, (lag, colas) in enumerate(keys) for month in sorted(months[index])]
    schema = {"rates_id": pl.Int32, "month": pl.Int32, "table_month": pl.Int32, "cola_factor": MONEY}
    return pl.LazyFrame(rows, schema=schema, orient="row")


def plan_window(states: Sequence[CostState], plan: int) -> tuple[int, int]:
    """Return (first, last) months a plan's cohorts may be clipped to: every state of the plan, moved back, within.

    A state moves starts forward by its positions or vacancies shift and ends by its positions shift, then
    clips them to its window; clipping first to these bounds changes none of its months.
    """
    mine = [s for s in states if s.plan == plan]
    first = min(s.rules.first_month - max(s.shifts.positions, s.shifts.vacancies) for s in mine)
    last = max(s.rules.last_month - s.shifts.positions for s in mine)
    return first, last
