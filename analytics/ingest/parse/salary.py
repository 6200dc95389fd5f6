"""Salary ranges and pay grades as stated: amounts, unit, department, with spans."""

from __future__ import annotations

import re
from dataclasses import dataclass

from analytics.ingest.parse.patterns import UNIT_SYNONYMS
from analytics.ingest.parse.sections import Section

_AMOUNT = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
# "$22.50/hr - $28.00/hr" states the unit after each amount; "$52K - $68K" counts thousands.
_PER_HOUR = r"(?:\s*(?:/|per\s+)(?:hr|hour)\b\.?)?"
# "$136,908 to GS-15 Step 10 $183,500": a grade's step named between the two amounts.
_STEP = r"(?:(?:[A-Z]{2}-\d{1,2}\s+)?Step\s+\d{1,2}\s*)?"
_RANGE = re.compile(
    rf"\$\s*(?:\$\s*)?(?P<min>{_AMOUNT})(?P<kmin>[kK]\b)?{_PER_HOUR}\s*(?:-|–|—|to)\s*{_STEP}\$?\s*(?P<max>{_AMOUNT})"
    rf"(?P<kmax>[kK]\b)?"
    rf"|\$\s*(?P<flat>{_AMOUNT})\s*\(?\s*flat[- ]rated"
    rf"|(?<=between )\$\s*(?P<bmin>{_AMOUNT})\s+and\s+\$\s*(?P<bmax>{_AMOUNT})",
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
    r"|[A-Z][\w]*(?:\s+[A-Z][\w]*)*\s+(?:Department|Airports)|Airports?|Harbor)\b"
)
_SALARY_LINE = re.compile(r"salary|wage|pay range|hourly|annually|biweekly|per hour|yearly|compensation", re.I)
GRADE_PATTERNS = (
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
    for rng in _labelled_pairs(text) + _labelled_amounts(text):
        if not any(f.span[0] <= rng.span[0] < f.span[1] for f in found.values()):
            found.setdefault(rng.span, rng)
    unique: list[SalaryRange] = []
    for rng in sorted(found.values(), key=lambda r: r.span):
        same = (rng.min, rng.max, rng.unit, rng.department)
        if not any((u.min, u.max, u.unit, u.department) == same for u in unique):
            unique.append(rng)
    return unique


_LABELLED_PAIR = re.compile(
    rf"^[ \t]*(?:Salary|Pay|Wage)?[ \t]*(?:Range[ \t]+)?(?:From|Min(?:imum)?|Low)\b[^\n:]{{0,20}}:[ \t]*\$?[ \t]*"
    rf"(?P<min>{_AMOUNT})[ \t]*\n(?:[^\n]*\n){{0,2}}?[ \t]*(?:Salary|Pay|Wage)?[ \t]*(?:Range[ \t]+)?"
    rf"(?:To|Max(?:imum)?|High)\b[^\n:]{{0,20}}:[ \t]*\$?[ \t]*(?P<max>{_AMOUNT})[ \t]*$",
    re.M | re.I,
)
_FREQUENCY = re.compile(r"^[ \t]*(?:Salary|Pay)?[ \t]*Frequency[ \t]*:[ \t]*(?P<unit>[A-Za-z -]+?)[ \t]*$", re.M | re.I)
_LABELLED_AMOUNT = re.compile(
    rf"^[ \t]*(?:Salary|Pay|Pay Rate|Rate of Pay|Hourly Rate|Wage|Compensation|Annual Salary)[ \t]*:[ \t]*"
    rf"\$[ \t]*(?P<flat>{_AMOUNT})(?P<kflat>[kK]\b)?[ \t]*(?:/|per[ \t]+)?[ \t]*"
    rf"(?P<unit>hourly|hour|hr|annually|annual|yearly|year|monthly|month|bi-?weekly)?\.?[ \t]*$",
    re.M | re.I,
)


def _labelled_pairs(text: str) -> list[SalaryRange]:
    """Ranges stated as two labelled lines ("Salary Range From: 90000" / "Salary Range To: 110000"), in the unit
    a "Salary Frequency:" line names (a frequency no pay unit matches, "Daily", gives no range)."""
    out: list[SalaryRange] = []
    if not re.search(r"(?i)\b(?:from|min|low)", text):
        return out
    for m in _LABELLED_PAIR.finditer(text):
        frequency = _FREQUENCY.search(text, m.end(), m.end() + 200)
        unit = UNIT_SYNONYMS.get(frequency.group("unit").lower()) if frequency else None
        if frequency and unit is None:
            continue
        low, high = (float(m.group(g).replace(",", "")) for g in ("min", "max"))
        rng = _located(text, low, high, m.start("min"), m.end("max"), unit)
        if rng is not None:
            out.append(rng)
    return out


def _labelled_amounts(text: str) -> list[SalaryRange]:
    """A single amount on a salary line ("Salary: $130,000.00 Annually"): a flat rate. A cap ("up to"), a
    starting rate or a minimum alone is not a range, so only a line with nothing but the amount counts."""
    out = []
    for m in _LABELLED_AMOUNT.finditer(text[:20000]):
        amount = float(m.group("flat").replace(",", "")) * (1000 if m.group("kflat") else 1)
        unit = UNIT_SYNONYMS.get((m.group("unit") or "").lower().replace("-", "")) if m.group("unit") else None
        rng = _located(text, amount, amount, m.start("flat") - 1, m.end("flat"), unit)
        if rng is not None:
            out.append(rng)
    return out


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
    low = float((groups.get("min") or groups.get("bmin") or groups["flat"]).replace(",", "")) * (
        1000 if groups.get("kmin") else 1)
    high = float((groups.get("max") or groups.get("bmax") or groups["flat"]).replace(",", "")) * (
        1000 if groups.get("kmax") else 1)
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
    """Return the pay grade / salary group the document states for its class, with its span: a labelled grade, or
    a federal General Schedule grade where the posting states its pay or what it hires ("Salary range: GS-15 (...",
    "Series & Grade: 0301 - 15", "hiring for the role of a GS-14 engineer")."""
    lowered = text.lower()
    if "grade" in lowered or "group" in lowered or "level" in lowered or "range" in lowered \
            or "salary information" in lowered:
        for rx in GRADE_PATTERNS:
            m = rx.search(text)
            if m:
                return m.group("grade").strip(), m.span("grade")
    return federal_grade(text) if "GS" in text else None


_FEDERAL_GRADE = re.compile(r"\bGS-?(?P<n>\d{1,2})\b")
_FEDERAL_GRADE_LINE = re.compile(r"salary|hiring|grade|\$|position is|role of", re.I)
_NOT_THE_GRADE = re.compile(r"promotion potential|maximum salary|next lower|equivalent to|at or above|at the", re.I)
_SERIES_AND_GRADE = re.compile(r"^\s*Series\s*(?:&|and)\s*Grade:?\s*\d{4}\s*[-–]\s*(?P<n>\d{1,2})\b", re.M | re.I)


def federal_grade(text: str) -> tuple[str, tuple[int, int]] | None:
    """The General Schedule grade a federal posting is for ("GS-15"), from "Series & Grade: 0301 - 15" or the first
    GS grade on a line about pay or hiring (not a promotion potential, a pay cap or the grade below)."""
    series = _SERIES_AND_GRADE.search(text)
    if series and "GS" in text:
        return f"GS-{series.group('n')}", series.span("n")
    for m in _FEDERAL_GRADE.finditer(text[:30000]):
        line_start = text.rfind("\n", 0, m.start()) + 1
        line_end = text.find("\n", m.end())
        line = text[line_start:line_end if line_end != -1 else len(text)]
        before = text[max(line_start, m.start() - 40):m.start()]
        if _FEDERAL_GRADE_LINE.search(line) and not _NOT_THE_GRADE.search(before):
            return f"GS-{m.group('n')}", m.span()
    return None
