"""Scenario inputs: the types of the scenario JSON format (documented in analytics.scenarios) and its parser."""

from __future__ import annotations

import re
import typing
from collections.abc import Mapping
from dataclasses import MISSING, dataclass, fields
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any, ClassVar

from analytics.costs.rates import month_index

SCENARIO_KEYS = ("fringe_rate", "fy_start_month", "start", "end")  # required; name, cola, changes optional
MAX_MONTHS = 120  # a projection covers up to ten years


class ScenarioError(ValueError):
    """A scenario that cannot be read: the message names the field and the problem."""


@dataclass(frozen=True)
class Cola:
    pct: Decimal
    effective: date


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
    pct: Decimal
    kind: ClassVar[str] = "vacancy_factor"
    driver: ClassVar[str] = "vacancies"


@dataclass(frozen=True)
class Attrition:
    pct: Decimal
    backfill_months: int = 0
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


def _month(text: Any, where: str) -> date:
    if not isinstance(text, str) or not re.fullmatch(r"\d{4}-\d{2}", text):
        raise ScenarioError(f"{where}: expected a month YYYY-MM, got {text!r}")
    try:
        return date.fromisoformat(f"{text}-01")
    except ValueError:
        raise ScenarioError(f"{where}: {text!r} is not a month") from None


def _value(hint: Any, raw: Any, where: str) -> Any:
    """Return a JSON value converted to a field's type, or raise ScenarioError naming the field."""
    if type(None) in typing.get_args(hint):
        return None if raw is None else _value(typing.get_args(hint)[0], raw, where)
    if hint is str and isinstance(raw, str) and raw.strip():
        return raw.strip()
    if hint is int and isinstance(raw, int) and not isinstance(raw, bool) and raw >= 0:
        return raw
    if hint is Decimal and isinstance(raw, int | float) and not isinstance(raw, bool):
        try:
            number = Decimal(str(raw))
        except InvalidOperation:
            number = None
        if number is not None and number.is_finite():
            return number
    if hint is date and isinstance(raw, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", raw):
        try:
            return date.fromisoformat(raw)
        except ValueError:
            pass
    if hint == tuple[str, ...] and isinstance(raw, list) and raw:
        return tuple(_value(str, item, f"{where}[{i}]") for i, item in enumerate(raw))
    expected = {str: "a non-empty string", int: "a whole number >= 0", Decimal: "a number", date: "a date YYYY-MM-DD"}
    raise ScenarioError(f"{where}: expected {expected.get(hint, 'a non-empty list of strings')}, got {raw!r}")


def _record(cls: type, raw: Any, where: str) -> Any:
    """Return an instance of a dataclass built from a JSON object with exactly its fields."""
    if not isinstance(raw, Mapping):
        raise ScenarioError(f"{where}: expected an object, got {raw!r}")
    hints = typing.get_type_hints(cls)
    specs = {f.name: f for f in fields(cls)}
    unknown = sorted(set(raw) - set(specs))
    if unknown:
        raise ScenarioError(f"{where}: unknown key {unknown[0]!r}")
    values = {}
    for name, spec in specs.items():
        if name in raw:
            values[name] = _value(hints[name], raw[name], f"{where}.{name}")
        elif spec.default is MISSING:
            raise ScenarioError(f"{where}: missing key {name!r}")
    return cls(**values)


def _change(raw: Any, where: str) -> Change:
    kind = raw.get("type") if isinstance(raw, Mapping) else None
    if kind not in CHANGE_TYPES:
        raise ScenarioError(f"{where}.type: expected one of {sorted(CHANGE_TYPES)}, got {kind!r}")
    change = _record(CHANGE_TYPES[kind], {k: v for k, v in raw.items() if k != "type"}, where)
    if getattr(change, "count", 1) < 1:
        raise ScenarioError(f"{where}.count: must be at least 1")
    if not 0 <= getattr(change, "pct", 0) < 100:
        raise ScenarioError(f"{where}.pct: must be at least 0 and below 100")
    if not 0 < getattr(change, "fte", 1) <= 1:
        raise ScenarioError(f"{where}.fte: must be above 0 and at most 1")
    return change


def _list(raw: Mapping[str, Any], key: str) -> list[Any]:
    value = raw.get(key, [])
    if not isinstance(value, list):
        raise ScenarioError(f"scenario.{key}: expected a list, got {value!r}")
    return value


def parse_scenario(raw: Any) -> Scenario:
    """Return the scenario a JSON object describes; raises ScenarioError naming the bad key."""
    if not isinstance(raw, Mapping):
        raise ScenarioError("scenario: expected a JSON object")
    unknown = sorted(set(raw) - {*SCENARIO_KEYS, "name", "cola", "changes"})
    missing = [key for key in SCENARIO_KEYS if key not in raw]
    if unknown or missing:
        problem = f"unknown key {unknown[0]!r}" if unknown else f"missing key {missing[0]!r}"
        raise ScenarioError(f"scenario: {problem}")
    colas = tuple(_record(Cola, c, f"cola[{i}]") for i, c in enumerate(_list(raw, "cola")))
    scenario = Scenario(
        fringe_rate=_value(Decimal, raw["fringe_rate"], "scenario.fringe_rate"),
        fy_start_month=_value(int, raw["fy_start_month"], "scenario.fy_start_month"),
        start=_month(raw["start"], "scenario.start"),
        end=_month(raw["end"], "scenario.end"),
        cola=colas,
        changes=tuple(_change(c, f"changes[{i}]") for i, c in enumerate(_list(raw, "changes"))),
        name=_value(str | None, raw.get("name"), "scenario.name") or "",
    )
    if not 1 <= scenario.fy_start_month <= 12:
        raise ScenarioError("scenario.fy_start_month: must be 1-12")
    if scenario.end < scenario.start or month_index(scenario.end) - month_index(scenario.start) >= MAX_MONTHS:
        raise ScenarioError(f"scenario.end: the window must run from start for 1 to {MAX_MONTHS} months")
    if not 0 <= scenario.fringe_rate <= 5 or any(not -100 < c.pct <= 100 for c in colas):
        raise ScenarioError("scenario: fringe_rate must be 0-5 and every cola pct above -100 and at most 100")
    return scenario
