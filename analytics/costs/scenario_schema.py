"""The scenario JSON schema: one rule per field, every problem one line naming where it is.

`parse_scenario` checks the whole JSON value before building anything: types (no bool where a number
goes, no list or object where a string goes), ranges, known keys (at the top level and per change
type) and sizes (the bounds are in analytics.costs.scenario_format).
"""

from __future__ import annotations

import difflib
import json
import re
import unicodedata
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import MISSING, fields
from datetime import date
from decimal import Decimal
from typing import Any

from analytics.costs.rates import grade_parts, month_index
from analytics.costs.scenario_format import (
    CHANGE_TYPES,
    FIRST_YEAR,
    LAST_YEAR,
    MAX_BACKFILL_MONTHS,
    MAX_CHANGES,
    MAX_COLA_YEARS,
    MAX_COLAS,
    MAX_COUNT,
    MAX_MONTHS,
    MAX_POSITION_IDS,
    MAX_PROBLEMS,
    MAX_SCOPE_ITEMS,
    MAX_TEXT,
    SCENARIO_KEYS,
    SHOWN_CHARS,
    TOP_KEYS,
    AddPositions,
    Attrition,
    Change,
    Cola,
    CutPositions,
    FillVacancy,
    FreezeVacancy,
    Promote,
    Scenario,
    ScenarioError,
    Scope,
    VacancyFactor,
)

# -- the schema: a rule per field turns a JSON value into the field's value or raises _Invalid ---------------

class _Invalid(Exception):
    """A JSON value a rule refuses; the message is what the rule expects ("a number from 0 to 5")."""


Rule = Callable[[Any], Any]


def _text(raw: Any) -> str:
    expected = f"a non-empty string of at most {MAX_TEXT} characters, without control characters"
    if not isinstance(raw, str):
        raise _Invalid(expected)
    text = raw.strip()
    if not text or len(text) > MAX_TEXT or any(unicodedata.category(c) in ("Cc", "Cs") for c in text):
        raise _Invalid(expected)
    return text


def _whole(low: int, high: int) -> Rule:
    def rule(raw: Any) -> int:
        if isinstance(raw, bool) or not isinstance(raw, int) or not low <= raw <= high:
            raise _Invalid(f"a whole number from {low:,} to {high:,}")
        return raw
    return rule


def _number(expected: str, accepts: Callable[[Decimal], bool]) -> Rule:
    def rule(raw: Any) -> Decimal:
        if isinstance(raw, bool) or not isinstance(raw, int | float):
            raise _Invalid(expected)
        if isinstance(raw, float) and raw != raw or raw in (float("inf"), float("-inf")):  # NaN or infinite
            raise _Invalid(expected)
        if isinstance(raw, int) and not -(10**6) <= raw <= 10**6:  # far out of every range; no long str()
            raise _Invalid(expected)
        number = Decimal(str(raw))
        if not accepts(number):
            raise _Invalid(expected)
        return number
    return rule


def _day(raw: Any) -> date:
    if isinstance(raw, str) and re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", raw):
        try:
            day = date.fromisoformat(raw)
        except ValueError:
            day = None
        if day is not None and FIRST_YEAR <= day.year <= LAST_YEAR:
            return day
    raise _Invalid(f"a date YYYY-MM-DD from {FIRST_YEAR} to {LAST_YEAR}")


def _month(raw: Any) -> date:
    if isinstance(raw, str) and re.fullmatch(r"[0-9]{4}-[0-9]{2}", raw) and FIRST_YEAR <= int(raw[:4]) <= LAST_YEAR:
        try:
            return date.fromisoformat(f"{raw}-01")
        except ValueError:
            pass
    raise _Invalid(f"a month YYYY-MM from {FIRST_YEAR} to {LAST_YEAR}")


FRINGE_RATE = _number("a number from 0 to 5", lambda x: 0 <= x <= 5)
COLA_PCT = _number("a number above -100 and at most 100", lambda x: -100 < x <= 100)
CHANGE_PCT = _number("a number from 0 to below 100", lambda x: 0 <= x < 100)
FTE = _number("a number above 0 and at most 1", lambda x: 0 < x <= 1)
COUNT = _whole(1, MAX_COUNT)
FY_START_MONTH = _whole(1, 12)
BACKFILL_MONTHS = _whole(0, MAX_BACKFILL_MONTHS)
COLA_YEARS = _whole(1, MAX_COLA_YEARS)
SCOPE_KEYS = ("units", "titles", "grades")

# The rule of each field of each record (a field with a default is optional; one defaulting to None takes null).
RULES: dict[type, dict[str, Rule]] = {
    Cola: {"pct": COLA_PCT, "effective": _day, "years": COLA_YEARS},
    AddPositions: {"title": _text, "unit": _text, "count": COUNT, "date": _day, "fte": FTE, "grade": _text,
                   "schedule_id": _text},
    CutPositions: {"title": _text, "unit": _text, "count": COUNT, "date": _day},
    FillVacancy: {"position_id": _text, "date": _day},
    FreezeVacancy: {"position_id": _text},
    Promote: {"position_ids": _text, "grade": _text, "date": _day, "title": _text},
    VacancyFactor: {"pct": CHANGE_PCT, "unit": _text},
    Attrition: {"pct": CHANGE_PCT, "backfill_months": BACKFILL_MONTHS, "unit": _text},
}
# Fields holding a non-empty list, each item checked by the field's rule: field -> (most items, what the items are).
LIST_FIELDS = {"position_ids": (MAX_POSITION_IDS, "position ids")}


def _shown(value: Any, *, budget: int = SHOWN_CHARS, depth: int = 0) -> str:
    """Return a JSON value as JSON text for a problem line, cut to about `budget` characters ("..." marks a cut)."""
    if isinstance(value, Mapping | list | tuple):
        opening, closing = ("{", "}") if isinstance(value, Mapping) else ("[", "]")
        if depth >= 3 and value:
            return f"{opening}...{closing}"
        items = value.items() if isinstance(value, Mapping) else ((None, v) for v in value)
        parts, used = [], 2
        for key, item in items:
            if used >= budget:
                parts.append("...")
                break
            head = "" if key is None else f"{_shown(key, budget=budget - used, depth=depth + 1)}: "
            part = head + _shown(item, budget=max(budget - used - len(head), 8), depth=depth + 1)
            parts.append(part)
            used += len(part) + 2
            if part.endswith("..."):  # cut: nothing more fits
                break
        return opening + ", ".join(parts) + closing
    if isinstance(value, int) and not isinstance(value, bool):
        text = str(value) if abs(value) < 10**budget else f"a number of more than {budget} digits"
    elif isinstance(value, str | bool | float | None):
        text = json.dumps(value)
    else:
        text = repr(value)
    return text if len(text) <= budget else f"{text[:budget]}..."


def _month_text(index: int) -> str:
    return f"{index // 12:04}-{index % 12 + 1:02}"


def _key(name: Any) -> str:
    text = repr(name)
    return text if len(text) <= SHOWN_CHARS else f"{text[:SHOWN_CHARS]}..."


def _unknown(raw: Mapping[Any, Any], known: Sequence[str], where: str) -> Iterator[str]:
    for name in raw:
        if name not in known:
            close = difflib.get_close_matches(name, known, n=1) if isinstance(name, str) and len(name) < 40 else []
            hint = f" (did you mean {close[0]!r}?)" if close else ""
            yield f"{where}: unknown key {_key(name)}{hint}"


class _Walk:
    """One check of a scenario's JSON value: each method returns what it read (None if it found a problem) and
    adds every problem it finds, in the order of the format, to `problems`."""

    def __init__(self) -> None:
        self.problems: list[str] = []

    def value(self, rule: Rule, raw: Any, where: str) -> Any:
        try:
            return rule(raw)
        except _Invalid as exc:
            self.problems.append(f"{where}: expected {exc}, got {_shown(raw)}")
            return None

    def items(self, raw: Any, where: str, *, most: int, what: str, least: int = 0) -> list[Any]:
        """Return a JSON list of `least` to `most` items (else a problem and no items)."""
        expected = f"a list of {least:,} to {most:,} {what}" if least else f"a list of at most {most:,} {what}"
        if not isinstance(raw, list) or len(raw) < least:
            self.problems.append(f"{where}: expected {expected}, got {_shown(raw)}")
            return []
        if len(raw) > most:
            self.problems.append(f"{where}: expected {expected}, got {len(raw):,} {what}")
            return []
        return raw

    def record(self, cls: type, raw: Any, where: str, *, extra: tuple[str, ...] = ()) -> Any:
        """Return a dataclass built from a JSON object with its fields (and `extra` keys); None after problems."""
        if not isinstance(raw, Mapping):
            self.problems.append(f"{where}: expected an object, got {_shown(raw)}")
            return None
        before = len(self.problems)
        specs = {f.name: f for f in fields(cls)}
        self.problems += _unknown(raw, [*extra, *specs], where)
        self.problems += [f"{where}: missing key {name!r}" for name, spec in specs.items()
                          if spec.default is MISSING and name not in raw]
        values = {}
        for name, rule in RULES[cls].items():
            if name not in raw:
                continue
            if raw[name] is None and specs[name].default is None:
                values[name] = None
            elif name in LIST_FIELDS:
                most, what = LIST_FIELDS[name]
                items = self.items(raw[name], f"{where}.{name}", most=most, what=what, least=1)
                values[name] = tuple(self.value(rule, item, f"{where}.{name}[{i}]") for i, item in enumerate(items))
            else:
                values[name] = self.value(rule, raw[name], f"{where}.{name}")
        return cls(**values) if len(self.problems) == before else None

    def change(self, raw: Any, where: str) -> Change | None:
        if not isinstance(raw, Mapping):
            self.problems.append(f"{where}: expected an object, got {_shown(raw)}")
            return None
        if "type" not in raw:
            self.problems.append(f"{where}: missing key 'type' (one of {', '.join(CHANGE_TYPES)})")
            return None
        kind = raw["type"]
        if not isinstance(kind, str) or kind not in CHANGE_TYPES:
            self.problems.append(f"{where}.type: expected one of {', '.join(CHANGE_TYPES)}, got {_shown(kind)}")
            return None
        return self.record(CHANGE_TYPES[kind], {k: v for k, v in raw.items() if k != "type"}, where, extra=("type",))

    def scenario(self, raw: Any) -> Scenario | None:
        if not isinstance(raw, Mapping):
            self.problems.append(f"scenario: expected a JSON object, got {_shown(raw)}")
            return None
        self.problems += _unknown(raw, TOP_KEYS, "scenario")
        self.problems += [f"scenario: missing key {key!r}" for key in SCENARIO_KEYS if key not in raw]

        def field(rule: Rule, key: str) -> Any:  # None when missing (a problem above), or a null name
            if key not in raw or (key == "name" and raw[key] is None):
                return None
            return self.value(rule, raw[key], f"scenario.{key}")

        name, fringe_rate = field(_text, "name"), field(FRINGE_RATE, "fringe_rate")
        colas = [self.record(Cola, c, f"cola[{i}]") for i, c in
                 enumerate(self.items(raw.get("cola", []), "scenario.cola", most=MAX_COLAS, what="COLA rows"))]
        fy_start_month = field(FY_START_MONTH, "fy_start_month")
        start, end = field(_month, "start"), field(_month, "end")
        if start is not None and end is not None and not 0 <= month_index(end) - month_index(start) < MAX_MONTHS:
            last = min(month_index(start) + MAX_MONTHS - 1, LAST_YEAR * 12 + 11)
            self.problems.append(f"scenario.end: expected a month from {_month_text(month_index(start))} to "
                                 f"{_month_text(last)} (the window runs from start for 1 to {MAX_MONTHS} months), "
                                 f"got {_shown(raw['end'])}")
        changes_raw = self.items(raw.get("changes", []), "scenario.changes", most=MAX_CHANGES, what="changes")
        changes = [self.change(c, f"changes[{i}]") for i, c in enumerate(changes_raw)]
        scope = self.scope(raw.get("scope", {}))
        if self.problems:
            return None
        return Scenario(fringe_rate=fringe_rate, fy_start_month=fy_start_month, start=start, end=end,
                        cola=tuple(colas), changes=tuple(changes), name=name or "", scope=scope)

    def scope(self, raw: Any) -> Scope:
        """Return the scope of {"units": [...], "titles": [...], "grades": [lowest, highest]} (each optional)."""
        if not isinstance(raw, Mapping):
            self.problems.append(f"scenario.scope: expected an object, got {_shown(raw)}")
            return Scope()
        self.problems += _unknown(raw, SCOPE_KEYS, "scenario.scope")
        lists = {}
        for key, most in (("units", MAX_SCOPE_ITEMS), ("titles", MAX_SCOPE_ITEMS), ("grades", 2)):
            items = self.items(raw.get(key, []), f"scope.{key}", most=most, what=key)
            values = [self.value(_text, item, f"scope.{key}[{i}]") for i, item in enumerate(items)]
            lists[key] = tuple(dict.fromkeys(v for v in values if v is not None))
        grades = lists["grades"]
        if grades:
            low, high = grades[0], grades[-1]
            (low_kind, low_number), (high_kind, high_number) = grade_parts(low), grade_parts(high)
            if low_number is None or high_number is None or low_kind != high_kind or low_number > high_number:
                self.problems.append(f"scope.grades: expected the lowest and highest grade of one kind, each with a "
                                     f'number (e.g. ["18", "25"] or ["M-1", "M-4"]), got {_shown(raw["grades"])}')
            grades = (low, high)
        return Scope(units=lists["units"], titles=lists["titles"], grades=grades)


def parse_scenario(raw: Any) -> Scenario:
    """Return the scenario a JSON object describes; raises ScenarioError listing every problem, one per line."""
    walk = _Walk()
    scenario = walk.scenario(raw)
    if scenario is None:
        problems = walk.problems
        if len(problems) > MAX_PROBLEMS:
            problems = [*problems[:MAX_PROBLEMS], f"... and {len(problems) - MAX_PROBLEMS:,} more problems"]
        raise ScenarioError(problems)
    return scenario
