"""A what-if's link: every input of an unsaved scenario as query parameters of /costs, and back.

A link holding `start` is a what-if: it names every input, and an input it leaves out is empty (no COLA,
no changes, no vacancy factor, the whole roster), never a default that could change by the time the link
is opened. A saved scenario's link is `scenario=<id>` alone (the frozen form).

    name=FY27 plan & start=2026-07 & end=2029-06 & fystart=7 & fringe=50
    & cola=3@2027-07-01x2,1.5@2028-01-01        percent @ date, x years it repeats (default 1)
    & vacancy=3 & attrition=8 & backfill=3       percent, percent a year, months
    & changes=[{"type":"add_positions",...}]     the other changes as the scenario JSON writes them
    & units=A|B & titles=T1|T2 & grades=18,25   the scope ("|" between units and titles, which may hold commas)

The values are read back into the scenario JSON and checked by the same schema as a file
(analytics.costs.scenario_schema), so a link can ask for nothing a scenario file could not.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from analytics.costs.scenarios import Attrition, Scenario, VacancyFactor, canonical_inputs

PARAMS = ("name", "start", "end", "fystart", "fringe", "cola", "vacancy", "attrition", "backfill", "changes",
          "units", "titles", "grades")
MAX_CHARS = {"changes": 100_000, "units": 20_000, "titles": 20_000, "cola": 5_000}  # others: MAX_OTHER
MAX_OTHER = 200
LIST_SEPARATOR = "|"
COLA_ITEM = re.compile(r"(-?\d{1,3}(?:\.\d{1,6})?)@(\d{4}-\d{2}-\d{2})(?:x(\d{1,3}))?")
MOVED = {"vacancy_factor", "attrition"}  # changes for every position the link writes as parameters of their own


def _number(value: Decimal | float) -> str:
    text = format(Decimal(str(value)).normalize(), "f")
    return text


def link_params(scenario: Scenario) -> dict[str, str]:
    """Return the query parameters of a what-if link to a scenario (every input, empty ones left out)."""
    inputs = canonical_inputs(scenario)
    params = {"name": scenario.name, "start": inputs["start"], "end": inputs["end"],
              "fystart": str(scenario.fy_start_month), "fringe": _number(scenario.fringe_rate * 100)}
    params["cola"] = ",".join(f"{_number(c.pct)}@{c.effective.isoformat()}" + (f"x{c.years}" if c.years > 1 else "")
                              for c in scenario.cola)
    vacancy = [c for c in scenario.changes if isinstance(c, VacancyFactor) and c.unit is None]
    attrition = [c for c in scenario.changes if isinstance(c, Attrition) and c.unit is None]
    if vacancy:
        params["vacancy"] = _number(vacancy[-1].pct)
    if attrition:
        params["attrition"] = _number(attrition[-1].pct)
        params["backfill"] = str(attrition[-1].backfill_months)
    others = [c for c in inputs["changes"] if c["type"] not in MOVED or "unit" in c]
    if others:
        params["changes"] = json.dumps(others, separators=(",", ":"), ensure_ascii=False)
    scope = scenario.scope
    params |= {"units": LIST_SEPARATOR.join(scope.units), "titles": LIST_SEPARATOR.join(scope.titles),
               "grades": ",".join(scope.grades)}
    return {k: v for k, v in params.items() if v}


def is_what_if(params: Mapping[str, str]) -> bool:
    """Whether the query parameters are a what-if link (they name its first month)."""
    return bool(params.get("start"))


def link_scenario(params: Mapping[str, str]) -> tuple[dict[str, Any], list[str]]:
    """Return (the scenario JSON a what-if link names, problems: one sentence per parameter it cannot read).

    The JSON still goes through parse_scenario, which names every value out of range.
    """
    problems: list[str] = []
    for key, value in params.items():
        if len(value) > MAX_CHARS.get(key, MAX_OTHER):
            problems.append(f"URL parameter `{key}` is longer than {MAX_CHARS.get(key, MAX_OTHER):,} characters.")
    if problems:
        return {}, problems

    def number(key: str, default: str = "0") -> float:
        text = params.get(key) or default
        try:
            value = Decimal(text)
        except InvalidOperation:
            problems.append(f"URL parameter `{key}` is not a number.")
            return 0.0
        if not value.is_finite():
            problems.append(f"URL parameter `{key}` is not a finite number.")
            return 0.0
        return float(value)

    raw: dict[str, Any] = {"start": params.get("start", ""), "end": params.get("end") or params.get("start", "")}
    if params.get("name"):
        raw["name"] = params["name"]
    fy_start = params.get("fystart") or "7"
    raw["fy_start_month"] = int(fy_start) if fy_start.isdigit() and len(fy_start) <= 2 else fy_start
    raw["fringe_rate"] = float(Decimal(str(number("fringe"))) / 100)
    raw["cola"] = _colas(params.get("cola", ""), problems)
    changes: list[Any] = []
    if params.get("changes"):
        try:
            changes = json.loads(params["changes"])
        except (json.JSONDecodeError, RecursionError):
            problems.append("URL parameter `changes` is not a JSON list of changes.")
        if not isinstance(changes, list):
            problems.append("URL parameter `changes` is not a JSON list of changes.")
            changes = []
    if params.get("vacancy"):
        changes.append({"type": "vacancy_factor", "pct": number("vacancy")})
    if params.get("attrition"):
        backfill = params.get("backfill") or "0"
        changes.append({"type": "attrition", "pct": number("attrition"),
                        "backfill_months": int(backfill) if backfill.isdigit() and len(backfill) <= 4 else backfill})
    raw["changes"] = changes
    scope = {"units": [u for u in params.get("units", "").split(LIST_SEPARATOR) if u.strip()],
             "titles": [t for t in params.get("titles", "").split(LIST_SEPARATOR) if t.strip()],
             "grades": [g for g in params.get("grades", "").split(",") if g.strip()]}
    if any(scope.values()):
        raw["scope"] = {k: v for k, v in scope.items() if v}
    return raw, problems


def _colas(text: str, problems: list[str]) -> list[dict[str, Any]]:
    colas = []
    for item in (i.strip() for i in text.split(",")):
        if not item:
            continue
        found = COLA_ITEM.fullmatch(item)
        if found is None:
            problems.append(f"URL parameter `cola`: {item[:40]!r} is not percent@YYYY-MM-DD (xYEARS).")
            continue
        pct, effective, years = found.groups()
        colas.append({"pct": float(Decimal(pct)), "effective": effective} | ({"years": int(years)} if years else {}))
    return colas
