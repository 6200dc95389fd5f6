"""Scenario inputs: the types of the scenario JSON format (README "Scenario JSON"), its bounds and its error.

analytics.costs.scenario_schema checks a JSON value against the format and builds these types. Every problem
is one line naming where it is (`changes[2].count: expected ..., got ...`); a ScenarioError's message holds
them all, one per line (its `problems` holds them as a tuple).
"""

from __future__ import annotations

import typing
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import ClassVar

SCENARIO_KEYS = ("fringe_rate", "fy_start_month", "start", "end")  # required; name, cola, changes optional
TOP_KEYS = ("name", "fringe_rate", "cola", "fy_start_month", "start", "end", "changes", "scope")
MAX_MONTHS = 120  # a projection covers up to ten years

# Size bounds of the format (each problem says the bound it breaks). They keep a scenario's run time and memory
# bounded: the positions a change adds are rows of every projection month, and the CLI reads files up to 1 MB.
MAX_COUNT = 10_000  # positions one add_positions or cut_positions change adds or cuts: more than a large agency
MAX_CHANGES = 500  # changes in one scenario: a detailed multi-year plan has tens (500 adds and cuts: ~13 s)
MAX_COLAS = 60  # COLA rows: several a year over the longest window (120 months)
MAX_POSITION_IDS = 10_000  # position ids one promote change names: a whole large roster
MAX_TEXT = 200  # characters in a name, title, unit, grade, schedule id or position id
MAX_BACKFILL_MONTHS = MAX_MONTHS  # months a leaver's post stays empty: at most the longest window
FIRST_YEAR, LAST_YEAR = 1900, 2199  # years of every date and month: a staffing plan's, as the page's fiscal years
MAX_COLA_YEARS = 50  # years one COLA row repeats: longer than any window (ten years) needs
MAX_SCOPE_ITEMS = 200  # units or titles one scope names: every unit of a large department
MAX_PROBLEMS = 100  # problem lines a ScenarioError lists; a last line counts the rest
SHOWN_CHARS = 60  # characters of a bad value a problem line shows


class ScenarioError(ValueError):
    """A scenario that cannot be read: the message names the field and the problem, one line per problem."""

    def __init__(self, problems: str | Sequence[str]) -> None:
        self.problems = (problems,) if isinstance(problems, str) else tuple(problems)
        super().__init__("\n".join(self.problems))


@dataclass(frozen=True)
class Cola:
    """A general increase of `pct` percent from `effective`, repeated on the same day each year, `years` times."""

    pct: Decimal
    effective: date
    years: int = 1

    def dates(self) -> tuple[date, ...]:
        """Return the day of each increase: "3 % each April from 2027 for 3 years" is April 2027, 2028 and 2029."""
        day = self.effective
        return tuple(date(day.year + k, day.month, min(day.day, 28) if k else day.day) for k in range(self.years))


@dataclass(frozen=True)
class Scope:
    """The positions a scenario costs: those in any of `units`, with any of `titles`, and a grade within `grades`
    (lowest, highest: grades of one kind compared by number, "18" to "25" or "M-1" to "M-4"). Empty: no limit."""

    units: tuple[str, ...] = ()
    titles: tuple[str, ...] = ()
    grades: tuple[str, ...] = ()

    @property
    def is_whole(self) -> bool:
        """Whether the scope takes the whole roster."""
        return not (self.units or self.titles or self.grades)

    def words(self) -> str:
        """Return the scope in a few words, e.g. "units Albany, Buffalo · grades 18 to 23" ("whole roster")."""
        parts = [f"{name} {', '.join(values)}" for name, values in (("units", self.units), ("titles", self.titles))
                 if values]
        if self.grades:
            low, high = self.grades
            parts.append(f"grade {low}" if low == high else f"grades {low} to {high}")
        return " · ".join(parts) or "whole roster"


WHOLE_ROSTER = Scope()


@dataclass(frozen=True)
class AddPositions:
    title: str
    unit: str
    count: int
    date: date
    fte: Decimal = Decimal(1)
    grade: str | None = None
    schedule_id: str | None = None
    kind: ClassVar[str] = "add_positions"
    driver: ClassVar[str] = "positions"


@dataclass(frozen=True)
class CutPositions:
    title: str
    unit: str
    count: int
    date: date
    kind: ClassVar[str] = "cut_positions"
    driver: ClassVar[str] = "positions"


@dataclass(frozen=True)
class FillVacancy:
    position_id: str
    date: date
    kind: ClassVar[str] = "fill_vacancy"
    driver: ClassVar[str] = "vacancies"


@dataclass(frozen=True)
class FreezeVacancy:
    position_id: str
    kind: ClassVar[str] = "freeze_vacancy"
    driver: ClassVar[str] = "vacancies"


@dataclass(frozen=True)
class Promote:
    position_ids: tuple[str, ...]
    grade: str
    date: date
    title: str | None = None
    kind: ClassVar[str] = "promote"
    driver: ClassVar[str] = "promotions"


@dataclass(frozen=True)
class VacancyFactor:
    """Expected cost x (1 - pct / 100): of every position, or of one unit's (which then takes it instead)."""

    pct: Decimal
    unit: str | None = None
    kind: ClassVar[str] = "vacancy_factor"
    driver: ClassVar[str] = "vacancies"


@dataclass(frozen=True)
class Attrition:
    """An annual leaving rate with months to backfill: of every position, or of one unit's (instead)."""

    pct: Decimal
    backfill_months: int = 0
    unit: str | None = None
    kind: ClassVar[str] = "attrition"
    driver: ClassVar[str] = "turnover"


Change = AddPositions | CutPositions | FillVacancy | FreezeVacancy | Promote | VacancyFactor | Attrition
CHANGE_TYPES: dict[str, type] = {c.kind: c for c in typing.get_args(Change)}


@dataclass(frozen=True)
class Scenario:
    fringe_rate: Decimal
    fy_start_month: int
    start: date  # first day of the first month
    end: date  # first day of the last month
    cola: tuple[Cola, ...] = ()
    changes: tuple[Change, ...] = ()
    name: str = ""
    scope: Scope = WHOLE_ROSTER
