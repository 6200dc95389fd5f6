"""Pay progression along one career path: step advances, dated pay-table versions, promotions and lump sums.

Rules (each engine's source is in analytics.pay.steps and analytics.pay.promotion):
- Advances: a salary moves up by one increment of the step it sits on, up to the top step. "nys" and
  "generic" steps wait their months_to_next; "gs" steps wait 5 CFR 531.405(a)(1)'s calendar weeks; a
  promotion restarts those clocks.
- Connecticut ("ct"): increments fall on 1 January, by the half-year of hire: CT State Comptroller Payroll
  Manual s.IV (osc.ct.gov/manuals/Payroll/section4.htm), for employees hired on or after 1 July 1977:
  "Employees hired between January 1 and June 30 will have the first increment due the first January
  following the date of initial employment. Employees hired between July 1 and December 31 will have the
  first increment due the second January following date of initial employment", then every 1 January;
  "promotions ... shall not change an established anniversary date". The date of initial employment is
  the path's first entry_date. At the top step an increment date pays the grade's LUMP_SUM amount
  instead, where the schedule states one (analytics.pay.steps.lump_sum_table): it counts in that day's
  earnings and leaves the salary rate unchanged. Not found: any published CT step table (SH or other), the
  P-2 contract's own increment and lump-sum text, and the rules for employees hired before July 1977 or
  for State Police and Corrections (a 1 January or 1 July date), which are not modelled.
- Pay-table versions: every version of a grade's table applies from its effective date. The person keeps
  the step the salary sits on; a salary between two steps keeps its share of the way from the lower step
  to the next (a uniform percentage increase of the table raises it by the same percentage), and a salary
  above the top step (longevity) keeps its amount above the top. A version dated on the same day as a
  step advance applies first; step clocks continue across versions.
- Longevity (New York, assumed): the enacting text of the 2023-2026 schedules (S.7576 of 2023) states no
  longevity amounts, and the PEF agreement was not found (PEF longevity was once a lump sum of $1,250 or
  $2,500 after 5 or 10 years at the job rate: OSC Payroll Bulletin 79, 1999). So longevity is off unless
  a Longevity is given: that amount is added to the salary after that many years at the job rate, and the
  step label says "longevity (assumed)".
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass, field, replace
from typing import TypeVar

import polars as pl

from analytics.pay.promotion import (
    CENT,
    CT_ENGINE,
    DEFAULT_PROMOTION_PCT,
    GS_ENGINE,
    NYS_ENGINE,
    promoted_salary,
    promotion_engine,
)
from analytics.pay.steps import GS_WAITING_WEEKS

T = TypeVar("T")
LONGEVITY_LABEL = "longevity (assumed)"


@dataclass(frozen=True)
class GradeSteps:
    """One version of a grade's step table (rows of the step_table contract)."""

    schedule_id: str
    grade: str
    engine: str
    amounts: tuple[float, ...]
    labels: tuple[str, ...]
    months_to_next: tuple[int | None, ...]

    @property
    def top_k(self) -> int:
        """0-based index of the top step."""
        return len(self.amounts) - 1

    def step_at(self, base: float) -> int:
        """0-based index of the highest step paying at most `base` (a salary may sit between steps)."""
        return max((i for i, a in enumerate(self.amounts) if a <= base + CENT), default=0)

    def step_after(self, months: int) -> tuple[int, int]:
        """Return (0-based step, months already served on it) after `months` on the grade from its first step,
        each step taking its months_to_next (12 when not stated); the top step is never left."""
        k = 0
        while k < self.top_k and months >= (wait := self.months_to_next[k] or 12):
            months -= wait
            k += 1
        return k, months


@dataclass(frozen=True)
class Longevity:
    """An assumed New York longevity step: `amount_annual` added to the salary after `after_years` at the job rate."""

    amount_annual: float
    after_years: int = 5

    def __post_init__(self) -> None:
        if self.amount_annual <= 0 or self.after_years < 1:
            raise ValueError("longevity needs a positive amount and at least one year at the job rate")


@dataclass(frozen=True)
class Position:
    """Pay from `since`: a grade version, a base salary before general increases, the next increment date."""

    since: dt.date
    grade: GradeSteps
    base: float
    next_date: dt.date | None
    top_since: dt.date | None = None  # when the salary reached the top step (the longevity clock)

    @property
    def step_label(self) -> str:
        """The label of the step the salary sits on, marked when an assumed longevity step is paid on top."""
        label = self.grade.labels[self.grade.step_at(self.base)]
        return f"{label} + {LONGEVITY_LABEL}" if self.base > self.grade.amounts[-1] + CENT else label


Versions = list[tuple[dt.date | None, GradeSteps]]


@dataclass(frozen=True)
class PayRules:
    """The inputs every path of a trajectory shares: grade versions, lump sums, longevity, promotion pct."""

    tables: dict[tuple[str, str], Versions]
    lump_sums: dict[tuple[str, str], list[tuple[dt.date | None, float]]] = field(default_factory=dict)
    longevity: Longevity | None = None
    promotion_pct: float = DEFAULT_PROMOTION_PCT

    def version(self, schedule_id: str, grade: str, on: dt.date) -> GradeSteps:
        """The grade's table in effect on a date: the latest dated on or before it, else the earliest."""
        versions = self.tables.get((schedule_id, grade))
        if not versions:
            raise ValueError(f"no step table for schedule {schedule_id} grade {grade}")
        return in_effect(versions, on)

    def lump_sum(self, table: GradeSteps, on: dt.date) -> float | None:
        """The lump sum the grade pays at its top step on a date: the latest stated on or before it (or undated)."""
        sums = [(d, a) for d, a in self.lump_sums.get((table.schedule_id, table.grade), []) if d is None or d <= on]
        return in_effect(sums, on) if sums else None

    def next_version(self, position: Position) -> tuple[dt.date, GradeSteps] | None:
        """The first later version of the position's grade that takes effect after `since`."""
        versions = self.tables[(position.grade.schedule_id, position.grade.grade)]
        later = [(d, t) for d, t in versions if d is not None and d > position.since and t is not position.grade]
        return later[0] if later else None


def in_effect(versions: list[tuple[dt.date | None, T]], on: dt.date) -> T:
    """The value in effect on a day: the latest dated on or before it (an undated one first), else the earliest."""
    dated = sorted(versions, key=lambda v: v[0] or dt.date.min)
    chosen = [value for effective, value in dated if effective is None or effective <= on]
    return chosen[-1] if chosen else dated[0][1]


def grade_tables(steps: pl.DataFrame) -> dict[tuple[str, str], Versions]:
    """Every version of every grade's steps in a step_table frame, by (schedule_id, grade)."""
    tables: dict[tuple[str, str], Versions] = {}
    keys = ["schedule_id", "grade", "effective_date"]
    for (schedule_id, grade, effective), rows in steps.sort(*keys, "step_index").group_by(keys, maintain_order=True):
        table = GradeSteps(schedule_id, grade, rows["engine"][0], tuple(rows["annual_amount"]),
                           tuple(rows["step_label"]), tuple(rows["months_to_next"]))
        tables.setdefault((schedule_id, grade), []).append((effective, table))
    return {key: sorted(v, key=lambda item: item[0] or dt.date.min) for key, v in tables.items()}


def lump_sum_amounts(lump_sums: pl.DataFrame) -> dict[tuple[str, str], list[tuple[dt.date | None, float]]]:
    """Every lump_sum_table row by (schedule_id, grade): (effective_date, lump_sum_amount)."""
    out: dict[tuple[str, str], list[tuple[dt.date | None, float]]] = {}
    for schedule_id, grade, effective, amount in lump_sums.select(
        "schedule_id", "grade", "effective_date", "lump_sum_amount"
    ).drop_nulls("lump_sum_amount").iter_rows():
        out.setdefault((schedule_id, grade), []).append((effective, amount))
    return out


def path_positions(legs: pl.DataFrame, rules: PayRules, horizon: dt.date, *, start_step_index: int,
                   months_in_title: int = 0, start_salary: float | None = None,
                   ) -> tuple[list[Position], list[tuple[dt.date, float]]]:
    """Every pay change of one path (its legs in order) up to the horizon, and the lump sums it is paid.

    The path starts on its first leg's date at step start_step_index; or, for a person already in the title,
    on the step `months_in_title` of service reach from the first step (GradeSteps.step_after), the next
    increment falling due when that step's wait is served; or at a stated `start_salary`, on the step it
    sits on, the next increment a full wait later (the day the salary was reached is not known).
    """
    first, *promotions = legs.iter_rows(named=True)
    hired = first["entry_date"]
    table = rules.version(first["schedule_id"], first["grade"], hired)
    if not 1 <= start_step_index <= len(table.amounts):
        raise ValueError(f"{table.grade} has steps 1-{len(table.amounts)}, got {start_step_index}")
    k, served = start_step_index - 1, 0
    if start_salary is not None:
        k, base = table.step_at(start_salary), start_salary
    else:
        if months_in_title > 0:
            k, served = table.step_after(months_in_title)
        base = table.amounts[k]
    due = next_step_date(table, k, add_months(hired, -served), hired=hired)
    out = [Position(hired, table, base, due, hired if k == table.top_k else None)]
    lumps: list[tuple[dt.date, float]] = []
    for leg in promotions:
        if leg["entry_date"] < out[-1].since:
            raise ValueError(f"leg {leg['leg']} of path {leg['path_id']} starts before the previous one")
        # A step due on the promotion date is processed first (5 CFR 531.214(c)).
        changes, paid = progress(out[-1], rules, until=leg["entry_date"], hired=hired)
        out, lumps = out + changes, lumps + paid
        new = rules.version(leg["schedule_id"], leg["grade"], leg["entry_date"])
        out.append(promoted(out[-1], new, rules, on=leg["entry_date"], hired=hired))
    changes, paid = progress(out[-1], rules, until=horizon, hired=hired)
    return out + changes, lumps + paid


def promoted(old: Position, new: GradeSteps, rules: PayRules, *, on: dt.date, hired: dt.date) -> Position:
    """The position a promotion to `new` on a day starts (analytics.pay.promotion, the cost projection's rule)."""
    base = promoted_salary(
        old.base, old_amounts=old.grade.amounts, old_engine=promotion_engine(old.grade.engine, old.grade.schedule_id),
        new_amounts=new.amounts, new_engine=promotion_engine(new.engine, new.schedule_id), pct=rules.promotion_pct,
        old_grade=old.grade.grade, new_grade=new.grade,
    )
    k = new.step_at(base)
    return Position(on, new, base, next_step_date(new, k, on, hired=hired), on if k == new.top_k else None)


def progress(position: Position, rules: PayRules, *, until: dt.date,
             hired: dt.date) -> tuple[list[Position], list[tuple[dt.date, float]]]:
    """Every change due on or before `until` (versions, then increments, then longevity, on one day), and lump sums."""
    out: list[Position] = []
    lumps: list[tuple[dt.date, float]] = []
    while (event := _next_event(position, rules)) is not None and event[0] <= until:
        day, kind, table = event
        if kind == "version":
            position = rebased(position, table, on=day, hired=hired)
        elif kind == "step":
            position, lump = advanced(position, rules, on=day, hired=hired)
            lumps += [(day, lump)] if lump else []
        else:
            position = replace(position, since=day, base=round(position.base + rules.longevity.amount_annual, 2))
        out.append(position)
    return out, lumps


def _next_event(position: Position, rules: PayRules) -> tuple[dt.date, str, GradeSteps | None] | None:
    events: list[tuple[dt.date, int, str, GradeSteps | None]] = []
    if (version := rules.next_version(position)) is not None:
        events.append((version[0], 0, "version", version[1]))
    if position.next_date is not None:
        events.append((position.next_date, 1, "step", None))
    if (due := _longevity_date(position, rules.longevity)) is not None:
        events.append((due, 2, "longevity", None))
    if not events:
        return None
    day, _, kind, table = min(events, key=lambda e: (e[0], e[1]))
    return day, kind, table


def _longevity_date(position: Position, longevity: Longevity | None) -> dt.date | None:
    table = position.grade
    is_ny = promotion_engine(table.engine, table.schedule_id) == NYS_ENGINE
    if longevity is None or not is_ny or position.top_since is None or position.base > table.amounts[-1] + CENT:
        return None
    return add_months(position.top_since, 12 * longevity.after_years)


def rebased(position: Position, table: GradeSteps, *, on: dt.date, hired: dt.date) -> Position:
    """The position on a new version of its grade's table from a day (module docstring: the same step, same share)."""
    old, base = position.grade, position.base
    k = min(old.step_at(base), table.top_k)
    if k >= old.top_k or k >= table.top_k:
        new_base = table.amounts[k] + base - old.amounts[min(k, old.top_k)]
    else:
        gap = old.amounts[k + 1] - old.amounts[k]
        share = (base - old.amounts[k]) / gap if gap else 0.0
        new_base = table.amounts[k] + share * (table.amounts[k + 1] - table.amounts[k])
    new_k = table.step_at(new_base)
    next_date = position.next_date or next_step_date(table, new_k, on, hired=hired)
    top_since = (position.top_since or on) if new_k == table.top_k else None
    return Position(on, table, round(new_base, 2), next_date, top_since)


def advanced(position: Position, rules: PayRules, *, on: dt.date, hired: dt.date) -> tuple[Position, float | None]:
    """The position after the increment due on a day, and the lump sum paid instead at a CT top step."""
    table, k = position.grade, position.grade.step_at(position.base)
    if k >= table.top_k:
        next_date = next_step_date(table, k, on, hired=hired)
        return replace(position, since=on, next_date=next_date), rules.lump_sum(table, on)
    base = min(position.base + table.amounts[k + 1] - table.amounts[k], table.amounts[-1])
    new_k = table.step_at(base)
    top_since = on if new_k == table.top_k else None
    return Position(on, table, base, next_step_date(table, new_k, on, hired=hired), top_since), None


def next_step_date(table: GradeSteps, k: int, since: dt.date, *, hired: dt.date) -> dt.date | None:
    """When the increment after 0-based step k falls due, counted from `since` (module docstring).

    A CT grade always has a next 1 January (at the top it may pay a lump sum); other top steps have none.
    """
    if table.engine == CT_ENGINE:
        return ct_increment_after(since, hired=hired)
    if k + 1 >= len(table.amounts):
        return None
    if table.engine == GS_ENGINE:
        return since + dt.timedelta(weeks=GS_WAITING_WEEKS[k + 2])
    return add_months(since, table.months_to_next[k] or 12)


def ct_increment_after(day: dt.date, *, hired: dt.date) -> dt.date:
    """The first CT increment date (1 January) after a day for a person hired on `hired` (module docstring)."""
    first = dt.date(hired.year + (1 if hired.month <= 6 else 2), 1, 1)
    return max(first, dt.date(day.year + 1, 1, 1))


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` later, clamped to the month's end (29 Feb + 12 months = 28 Feb)."""
    year, month = divmod(day.month - 1 + months, 12)
    year += day.year
    return dt.date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))
