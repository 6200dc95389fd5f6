"""Salary ranges and pay grades as stated: amounts, unit, department, with spans."""

from __future__ import annotations

import re
from dataclasses import dataclass

from analytics.ingest.parse.patterns import UNIT_SYNONYMS
from analytics.ingest.parse.sections import Section

_AMOUNT = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
# "$22.50/hr - $28.00/hr" states the unit after each amount; "$52K - $68K" counts thousands.
_PER_HOUR = r"(?:\s*(?:/|per\s+)(?:hr|hour)\b\.?)?"
_RANGE = re.compile(
    rf"\$\s*(?:\$\s*)?(?P<min>{_AMOUNT})(?P<kmin>[kK]\b)?{_PER_HOUR}\s*(?:-|–|—|to)\s*\$?\s*(?P<max>{_AMOUNT})"
    rf"(?P<kmax>[kK]\b)?"
    rf"|\$\s*(?P<flat>{_AMOUNT})\s*\(?\s*flat[- ]rated",
    re.I,
)
_FLAT_LIST = re.compile(
    rf"(?P<list>\$\s*(?:{_AMOUNT})(?:\s*(?:,|and|;|or)\s*\$\s*(?:{_AMOUNT}))+)\s*\(?\s*flat[- ]rated", re.I
)
_UNIT_AFTER = re.compile(
    r"\s*(?:/|per|an|a)?\s*(?P<unit>bi-?weekly|semi-?monthly|hourly|hour|hr|monthly|month|yearly|year|annually|annual|annum)\b",
    re.I,
)
_DEPARTMENT = re.compile(
    r"\b(?:in|at|for|with)\s+the\s+(?P<dept>Department\s+of\s+[A-Z][\w]*(?:\s+(?:and|of)?\s*[A-Z][\w]*)*"
    r"|[A-Z][\w]*(?:\s+[A-Z][\w]*)*\s+Department|Airports?|Harbor)\b"
)
_SALARY_LINE = re.compile(r"salary|wage|pay range|hourly|annually|biweekly|per hour|yearly|compensation", re.I)
_GRADE_PATTERNS = (
    re.compile(r"^\s*Salary\s+Grade:?[ \t]*(?P<grade>[A-Z]{0,3}[- ]?\d{1,3}[A-Z]?)\s*$", re.M | re.I),
    re.compile(
        r"^\s*(?:Pay|Salary)(?:\s+Scale)?\s+(?:Grade|Group|Level):?[ \t]*(?P<grade>[A-Z]{0,3}[- ]?\d{1,3}[A-Z]?)\b",
        re.M | re.I,
    ),
    re.compile(r"^SALARY INFORMATION\s*\n\s*(?P<grade>[A-Z]{1,3}[- ]?\d{1,3})\s*$", re.M),
    re.compile(r"^\s*Grade:?[ \t]+(?P<grade>[A-Z]{0,3}[- ]?\d{1,3}[A-Z]?)\s*$", re.M | re.I),
    # "Salary Range: 54" (a range number, not an amount)
    re.compile(r"^\s*(?:Salary|Pay)\s+Range(?:\s+Number)?:?[ \t]*(?P<grade>\d{1,3}[A-Z]?)\s*$", re.M | re.I),
)


@dataclass
class SalaryRange:
    """A pay range as stated: min, max, canonical unit, department (or None) and span."""

    min: float
    max: float
    unit: str
    department: str | None
    span: tuple[int, int]


def salary_ranges(text: str, sections: list[Section]) -> list[SalaryRange]:
    """Return every pay range stated in salary sections, salary lines and the document's header."""
    regions = [(s.body.start, s.body.end, "yearly" if "annual" in s.heading.lower() else None)
               for s in sections if s.kind == "salary"]
    found: dict[tuple[int, int], SalaryRange] = {}
    for m in _RANGE.finditer(text):
        rng = _in_region(text, m.start(), regions, lambda unit, m=m: _salary_range(text, m, unit))
        if rng is not None:
            found.setdefault(rng.span, rng)
    for m in _FLAT_LIST.finditer(text):
        for amount in re.finditer(rf"\$\s*(?P<flat>{_AMOUNT})", m.group("list")):
            at = m.start() + amount.start()
            flat = re.match(rf"\$\s*(?P<flat>{_AMOUNT})", text[at:])
            rng = _in_region(text, at, regions, lambda unit, f=flat, a=at: _salary_range(text, f, unit, offset=a))
            if rng is not None:
                found.setdefault(rng.span, rng)
    unique: list[SalaryRange] = []
    for rng in sorted(found.values(), key=lambda r: r.span):
        same = (rng.min, rng.max, rng.unit, rng.department)
        if not any((u.min, u.max, u.unit, u.department) == same for u in unique):
            unique.append(rng)
    return unique


def _in_region(text: str, pos: int, regions: list[tuple[int, int, str | None]], build):
    """Build the range when it sits in a salary section, on a salary line, or in the document's header."""
    for start, end, unit in regions:
        if start <= pos < end:
            return build(unit)
    line_start = text.rfind("\n", 0, pos) + 1
    line_end = text.find("\n", pos)
    if pos < 400 or _SALARY_LINE.search(text, line_start, line_end if line_end != -1 else len(text)):
        return build(None)
    return None


def _salary_range(text: str, m: re.Match[str], default_unit: str | None, offset: int = 0) -> SalaryRange | None:
    groups = m.groupdict()
    low = float((groups.get("min") or groups["flat"]).replace(",", "")) * (1000 if groups.get("kmin") else 1)
    high = float((groups.get("max") or groups["flat"]).replace(",", "")) * (1000 if groups.get("kmax") else 1)
    if offset:
        return _located(text, low, high, offset, offset + m.end(), default_unit)
    return _located(text, low, high, m.start(), m.end(), default_unit)


def _located(text: str, low: float, high: float, start: int, end: int, default_unit: str | None) -> SalaryRange | None:
    if low <= 0 or high < low or high > 5_000_000:
        return None
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line = text[line_start: line_end if line_end != -1 else len(text)]
    unit_m = _UNIT_AFTER.match(text, end)
    unit = UNIT_SYNONYMS.get(unit_m.group("unit").lower().replace("-", "")) if unit_m else None
    if unit is None and unit_m:
        unit = UNIT_SYNONYMS.get(unit_m.group("unit").lower())
    unit = unit or _unit_from_line(line) or default_unit or _unit_from_size(high)
    sentence_start = max(text.rfind(".", line_start, start) + 1, line_start)
    dept = _DEPARTMENT.search(text, sentence_start, start)
    return SalaryRange(low, high, unit, dept.group("dept") if dept else None, (start, end))


def _unit_from_line(line: str) -> str | None:
    low = line.lower()
    for word, unit in (("per hour", "hourly"), ("hourly", "hourly"), ("biweekly", "biweekly"),
                       ("bi-weekly", "biweekly"), ("monthly", "monthly"), ("per month", "monthly"),
                       ("annual", "yearly"), ("yearly", "yearly"), ("per year", "yearly")):
        if word in low:
            return unit
    return None


def _unit_from_size(amount: float) -> str:
    if amount < 300:
        return "hourly"
    if amount < 4000:
        return "biweekly"
    return "monthly" if amount < 15000 else "yearly"


def stated_grade(text: str) -> tuple[str, tuple[int, int]] | None:
    """Return the pay grade / salary group the document states for its class, with its span."""
    for rx in _GRADE_PATTERNS:
        m = rx.search(text)
        if m:
            return m.group("grade").strip(), m.span("grade")
    return None
