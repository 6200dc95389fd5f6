"""Grade rules: which pay schedule and schedule grade a class's stated grade is paid on."""

from __future__ import annotations

import re
from dataclasses import dataclass

import polars as pl


@dataclass(frozen=True)
class GradeRule:
    """A stated grade pattern (one number captured) and the schedule grade it is paid on."""

    pattern: str
    schedule_id: str
    grade_format: str
    jurisdiction_id: str | None = None  # None: any jurisdiction
    is_mc: bool | None = None           # None: either designation


_NYS_NUMBER = r"^(?:GRADE\s*|SG-?\s*|G-\s*)?(\d{1,2})$"
# First matching rule wins. Sources: NY Civil Service Law s.130(1)(c) (PS&T) and s.130(1)(d) (M/C);
# OPM Salary Table 2026-GS; CT class spec salary group "SH 17" (see data/paydata/pay_schedules.csv).
GRADE_RULES: tuple[GradeRule, ...] = (
    GradeRule(r"^M/C\s*-?\s*(\d{1,2})$", "NYS_MC", "M/C {n}"),
    GradeRule(r"^M-\s*(\d{1,2})$", "NYS_MC", "M-{n}"),
    GradeRule(_NYS_NUMBER, "NYS_MC", "M/C {n}", "new-york-state", is_mc=True),
    GradeRule(_NYS_NUMBER, "NYS_PST_PEF", "SG-{n}", "new-york-state", is_mc=False),
    GradeRule(r"^GS\s*-?\s*(\d{1,2})$", "OPM_GS_2026_BASE", "GS-{n}"),
    GradeRule(r"^SH\s*-?\s*(\d{1,2})$", "CT_SH", "SH {n}", "state-of-connecticut"),
)
_MC_UNIT = re.compile(r"\bM/?C\b|manag|confidential", re.IGNORECASE)


def grade_schedule(
    grade: str | None, jurisdiction_id: str | None, *, bargaining_unit: str | None = None
) -> tuple[str, str] | None:
    """Return (schedule_id, schedule grade) a class's stated grade is paid on, or None.

    None means: use the class's stated salary range (generic engine). A New York grade is on the
    PS&T schedule unless its bargaining unit designates it managerial/confidential (M/C).
    """
    if not grade:
        return None
    stated = " ".join(grade.upper().split())
    is_mc = bool(bargaining_unit and _MC_UNIT.search(bargaining_unit))
    for rule in GRADE_RULES:
        match = re.match(rule.pattern, stated)
        if not match or rule.jurisdiction_id not in (None, jurisdiction_id):
            continue
        if rule.is_mc is None or rule.is_mc == is_mc:
            return rule.schedule_id, rule.grade_format.format(n=int(match.group(1)))
    return None


# What the roster validator checks titles against (analytics.ingest.tables.roster.read_roster).
KNOWN_TITLES_SCHEMA = {"title": pl.String, "class_code": pl.String, "grade": pl.String, "schedule_id": pl.String}


def known_titles(classes: pl.DataFrame) -> pl.LazyFrame | None:
    """One row per job class (ladder_classes rows): title, class_code, grade and the schedule its grade is paid on.

    None when there are no classes (a roster is then not checked against titles).
    """
    if classes.is_empty():
        return None
    rows = [
        (row["title"], row["class_code"], row["grade"],
         (grade_schedule(row["grade"], row["jurisdiction_id"]) or (None,))[0])
        for row in classes.iter_rows(named=True)
    ]
    return pl.LazyFrame(rows, schema=KNOWN_TITLES_SCHEMA, orient="row")
