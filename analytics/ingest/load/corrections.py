"""Stewards' corrections of extracted facts: made, replaced, reverted and carried over to new versions.

A correction changes the fact where every read finds it (job_classes, salary_ranges, qualification_paths,
substitutions, promotion_edges), so pages, command lines, costs and ladders all see the corrected value, and
it is kept apart in `corrections` with the value as extracted (`old_value`, and the extracted row in
`old_row` for an exact revert), the new value, the reason, the author and the time.

A correction belongs to a class across versions (job_classes.class_key). When a version of the class is
loaded again (the same document after a deletion, a re-issued spec, a rebuilt database), `reapply` corrects
the new version too where the document still states what the correction found (the old value); where it
states something else the correction waits for review (status needs_review).

Fields (the `field` column of a corrections file; README: Corrections):
- title, class_code, grade: the class's own facts (class_code and grade may be marked wrong).
- salary_min, salary_max, salary_unit: a bound or unit of salary range `position` (1-based);
  salary_range: a whole range, "MIN-MAX UNIT" ("52000-61000 yearly"), added at position n+1, or wrong.
- experience_years, specialized_years, supervisory_years, education: a part of qualification path `position`
  (a new path at n+1); qualification_path: wrong removes the path.
- substitution: the years the education `level` counts for, or wrong.
- promotes_to, promoted_from, supervised_by, supervises, related: the edge between the class and
  `other_title`; the value is the years it requires, "yes" (no years stated) or wrong.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb
import polars as pl

from analytics import db
from analytics.audit import record
from analytics.ingest.load.edges import resolve_edges
from analytics.users import User
from analytics.vocabulary import (
    EDUCATION_LEVELS,
    FEEDER,
    PAY_UNITS,
    PERIODS_PER_YEAR,
    PROMOTIONAL_LINE,
    RELATED,
    SERIES,
    SUPERVISION,
    title_key,
)
from queries import sql

WRONG = "wrong"  # the value that marks a fact wrong (an empty value does too where a fact may be absent)
STATED = "yes"  # an edge's value when the document states no years
ACTIVE, NEEDS_REVIEW, REVERTED, REPLACED, DISMISSED = "active", "needs_review", "reverted", "replaced", "dismissed"
OPEN_STATUSES = (ACTIVE, NEEDS_REVIEW)
MAX_FILE_BYTES = 2_000_000
MAX_ROWS = 5_000
MAX_TEXT = 200  # characters of a title, class code, grade or other title
MAX_REASON = 500
MAX_POSITION = 20
MAX_YEARS = 60.0
FILE_COLUMNS = ("title", "class_code", "jurisdiction", "field", "value", "reason", "path", "other_title", "level")
UNIT_WORDS = {"annual": "yearly", "annually": "yearly", "year": "yearly", "per year": "yearly", "hour": "hourly",
              "per hour": "hourly", "month": "monthly", "per month": "monthly", "bi-weekly": "biweekly",
              "semimonthly": "semi-monthly"}
MONEY = re.compile(r"^\$?\s*(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?$")


class CorrectionError(ValueError):
    """A correction that cannot be made; `problems` has one line per problem (a file's, by line)."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__(problems[0] if len(problems) == 1 else f"{problems[0]} (and {len(problems) - 1} more)")
        self.problems = problems


@dataclass(frozen=True)
class Change:
    """One correction as a steward states it: the field, the new value (WRONG or "" marks it wrong), the
    reason, and which range or path (`position`, 1-based), other class (`other_title`) or education
    (`level`) it is about."""

    field: str
    value: str
    reason: str
    position: int = 1
    other_title: str | None = None
    level: str | None = None


# -- facts: where each field lives and how its value reads and writes ------------------------------------

Row = dict[str, Any]


@dataclass(frozen=True)
class Fact:
    """How one field is read and written: its table, the row's key, the columns it sets, and its value."""

    table: str
    columns: tuple[str, ...]  # the columns the field sets (restored from old_row on revert)
    parse: Callable[[str], str | None]  # the steward's text -> canonical value (None: marked wrong)
    read: Callable[[Row], str | None]  # a row -> canonical value
    write: Callable[[Row, str], None]  # set a canonical value on a row
    may_add: bool = False  # whether a missing row is added (at position n+1, or for a new edge/substitution)


def _text(name: str, *, may_be_wrong: bool) -> Callable[[str], str | None]:
    def parse(raw: str) -> str | None:
        value = " ".join(raw.split())
        if value.casefold() == WRONG or not value:
            if not may_be_wrong:
                raise ValueError(f"a class needs a {name}: give the right one")
            return None
        if len(value) > MAX_TEXT:
            raise ValueError(f"longer than {MAX_TEXT} characters")
        return value
    return parse


def _money(raw: str) -> float:
    found = MONEY.match(raw.strip())
    if not found:
        raise ValueError(f"{raw.strip()!r} is not an amount (e.g. 52000 or $24.50)")
    value = float(found.group(1).replace(",", "") + (found.group(2) or ""))
    if not 0 < value < 10_000_000:
        raise ValueError(f"{value:g} is not a salary amount")
    return value


def _amount(raw: str) -> str:
    return f"{_money(raw):.2f}"


def _unit(raw: str) -> str:
    word = " ".join(raw.lower().split())
    unit = UNIT_WORDS.get(word, word)
    if unit not in PAY_UNITS:
        raise ValueError(f"{raw.strip()!r} is not a pay unit: one of {', '.join(PAY_UNITS)}")
    return unit


def _range(raw: str) -> str | None:
    value = raw.strip()
    if value.casefold() == WRONG:
        return None
    found = re.match(r"^(.+?)\s*(?:-|–|to)\s*(\$?[\d,.]+)\s+([a-z -]+)$", value, re.IGNORECASE)
    if not found:
        raise ValueError(f"{value!r}: write a range as MIN-MAX UNIT, e.g. 52000-61000 yearly")
    low, high, unit = _money(found.group(1)), _money(found.group(2)), _unit(found.group(3))
    if low > high:
        raise ValueError(f"{value!r}: the minimum is above the maximum")
    return f"{low:.2f}-{high:.2f} {unit}"


def _years(*, may_be_wrong: bool = True, stated: bool = False) -> Callable[[str], str | None]:
    def parse(raw: str) -> str | None:
        value = raw.strip().lower()
        if value in (WRONG, ""):
            if not may_be_wrong:
                raise ValueError("give the years (a number)")
            return None
        if stated and value in (STATED, "stated"):
            return STATED
        try:
            years = float(value)
        except ValueError:
            extra = f', "{STATED}"' if stated else ""
            raise ValueError(f"{raw.strip()!r} is not a number of years{extra} or {WRONG}") from None
        if not 0 <= years <= MAX_YEARS:
            raise ValueError(f"{years:g} years is outside 0-{MAX_YEARS:g}")
        return f"{years:g}"
    return parse


def _education(raw: str) -> str | None:
    value = raw.strip().lower().replace("'", "").replace(" ", "_")
    if value in (WRONG, ""):
        return None
    value = {"bachelors": "bachelor", "masters": "master", "high_school_diploma": "high_school", "hs": "high_school",
             "phd": "doctorate", "associates": "associate"}.get(value, value)
    if value not in EDUCATION_LEVELS:
        raise ValueError(f"{raw.strip()!r} is not an education level: one of {', '.join(EDUCATION_LEVELS)}")
    return value


def _only_wrong(raw: str) -> str | None:
    if raw.strip().casefold() != WRONG:
        raise ValueError(f"only {WRONG} (remove the path); set a path's parts with its own fields")
    return None


def _number_text(value: float | None) -> str | None:
    return None if value is None else f"{value:g}"


def _set_class(column: str) -> Callable[[Row, str], None]:
    def write(row: Row, value: str) -> None:
        row[column] = value
        if column == "title":
            row["title_key"] = title_key(value)
    return write


def _set_bound(column: str) -> Callable[[Row, str], None]:
    def write(row: Row, value: str) -> None:
        row[f"{column}_amount"] = float(value)
        row[f"{column}_annual"] = round(float(value) * row["annual_factor"], 2)
    return write


def _set_unit(row: Row, value: str) -> None:
    row.update(pay_unit=value, annual_factor=PERIODS_PER_YEAR[value], factor_source="standard",
               is_pay_unit_consistent=None)
    _annualise(row)


def _set_range(row: Row, value: str) -> None:
    bounds, unit = value.split(" ", 1)
    low, high = bounds.split("-")
    row.update(min_amount=float(low), max_amount=float(high))
    _set_unit(row, unit)


def _annualise(row: Row) -> None:
    row["min_annual"] = round(row["min_amount"] * row["annual_factor"], 2)
    row["max_annual"] = round(row["max_amount"] * row["annual_factor"], 2)


def _read_range(row: Row) -> str:
    return f"{row['min_amount']:.2f}-{row['max_amount']:.2f} {row['pay_unit']}"


def _set_number(column: str) -> Callable[[Row, str], None]:
    def write(row: Row, value: str) -> None:
        row[column] = None if value is None else float(value)
    return write


PATH_PARTS = ("education", "field", "experience_years", "specialized_years", "supervisory_years", "coursework_units",
              "coursework_level")


def _read_path(row: Row) -> str:
    return "; ".join(f"{k}={_number_text(v) if isinstance(v, float) else v}" for k in PATH_PARTS
                     if (v := row.get(k)) is not None) or "(nothing stated)"


def _read_edge(row: Row) -> str:
    return _number_text(row["years"]) or STATED


def _set_edge(row: Row, value: str) -> None:
    row["years"] = None if value == STATED else float(value)
    row["confidence"] = 1.0  # a steward stated it


FACTS: dict[str, Fact] = {
    "title": Fact("job_classes", ("title", "title_key"), _text("title", may_be_wrong=False),
                  lambda r: r["title"], _set_class("title")),
    "class_code": Fact("job_classes", ("class_code",), _text("class code", may_be_wrong=True),
                       lambda r: r["class_code"], _set_class("class_code")),
    "grade": Fact("job_classes", ("grade",), _text("grade", may_be_wrong=True), lambda r: r["grade"],
                  _set_class("grade")),
    "salary_min": Fact("salary_ranges", ("min_amount", "min_annual"), _amount,
                       lambda r: f"{r['min_amount']:.2f}", _set_bound("min")),
    "salary_max": Fact("salary_ranges", ("max_amount", "max_annual"), _amount,
                       lambda r: f"{r['max_amount']:.2f}", _set_bound("max")),
    "salary_unit": Fact("salary_ranges", ("pay_unit", "annual_factor", "factor_source", "is_pay_unit_consistent",
                                          "min_annual", "max_annual"), _unit, lambda r: r["pay_unit"], _set_unit),
    "salary_range": Fact("salary_ranges", ("min_amount", "max_amount", "pay_unit", "annual_factor", "factor_source",
                                           "is_pay_unit_consistent", "min_annual", "max_annual"),
                         _range, _read_range, _set_range, may_add=True),
    "experience_years": Fact("qualification_paths", ("experience_years",), _years(),
                             lambda r: _number_text(r["experience_years"]), _set_number("experience_years"),
                             may_add=True),
    "specialized_years": Fact("qualification_paths", ("specialized_years",), _years(),
                              lambda r: _number_text(r["specialized_years"]), _set_number("specialized_years"),
                              may_add=True),
    "supervisory_years": Fact("qualification_paths", ("supervisory_years",), _years(),
                              lambda r: _number_text(r["supervisory_years"]), _set_number("supervisory_years"),
                              may_add=True),
    "education": Fact("qualification_paths", ("education",), _education, lambda r: r["education"],
                      lambda r, v: r.update(education=v), may_add=True),
    "qualification_path": Fact("qualification_paths", PATH_PARTS, _only_wrong, _read_path, lambda r, v: None),
    "substitution": Fact("substitutions", ("years",), _years(), lambda r: _number_text(r["years"]),
                         _set_number("years"), may_add=True),
}
# Edge fields: (this class's side of the edge, the kinds it matches, the kind an added edge gets).
EDGE_FIELDS: dict[str, tuple[str, tuple[str, ...], str]] = {
    "promotes_to": ("from", (SERIES, PROMOTIONAL_LINE, FEEDER), PROMOTIONAL_LINE),
    "promoted_from": ("to", (SERIES, PROMOTIONAL_LINE, FEEDER), PROMOTIONAL_LINE),
    "supervised_by": ("from", (SUPERVISION,), SUPERVISION),
    "supervises": ("to", (SUPERVISION,), SUPERVISION),
    "related": ("from", (RELATED,), RELATED),
}
for _name in EDGE_FIELDS:
    FACTS[_name] = Fact("promotion_edges", ("years", "confidence"), _years(stated=True), _read_edge, _set_edge,
                        may_add=True)
FIELDS = tuple(FACTS)
RANGE_FIELDS = tuple(f for f, fact in FACTS.items() if fact.table == "salary_ranges")
PATH_FIELDS = tuple(f for f, fact in FACTS.items() if fact.table == "qualification_paths")
ROW_KEYS = {"job_classes": ("class_id",), "salary_ranges": ("class_id", "range_order"),
            "qualification_paths": ("class_id", "path_order"), "substitutions": ("class_id", "education"),
            "promotion_edges": ("document_id", "from_title", "to_title", "kind")}


def check_change(change: Change) -> tuple[str | None, list[str]]:
    """Return (the canonical new value, problems): one line per problem with the change as stated."""
    problems = []
    fact = FACTS.get(change.field)
    if fact is None:
        return None, [f"field {change.field!r} is not one of {', '.join(FIELDS)}"]
    if not change.reason.strip():
        problems.append("reason: say why (it is kept with the correction)")
    elif len(change.reason) > MAX_REASON:
        problems.append(f"reason: longer than {MAX_REASON} characters")
    if not 1 <= change.position <= MAX_POSITION:
        problems.append(f"path: {change.position} is not a range or path number (1-{MAX_POSITION})")
    if change.field in EDGE_FIELDS and not (change.other_title or "").strip():
        problems.append(f"other_title: {change.field} needs the other class's title")
    if change.other_title and len(change.other_title) > MAX_TEXT:
        problems.append(f"other_title: longer than {MAX_TEXT} characters")
    if change.field == "substitution" and (change.level or "").strip().lower() not in EDUCATION_LEVELS:
        problems.append(f"level: a substitution needs the education level ({', '.join(EDUCATION_LEVELS)})")
    try:
        value = fact.parse(change.value)
    except ValueError as exc:
        problems.append(f"value: {exc}")
        value = None
    return value, problems


# -- the row a correction is about -------------------------------------------------------------------------


@dataclass(frozen=True)
class Target:
    """The row a change is about in one version of the class: its table and key, and the row (None: absent)."""

    table: str
    key: Row
    row: Row | None


def _class_row(cur: duckdb.DuckDBPyConnection, class_id: str) -> Row:
    rows = _select(cur, "job_classes", {"class_id": class_id})
    if not rows:
        raise CorrectionError([f"{class_id}: no such class"])
    return rows[0]


def _select(cur: duckdb.DuckDBPyConnection, table: str, where: Row) -> list[Row]:
    condition = " AND ".join(f"{column} = ${column}" for column in where)
    frame = cur.sql(f"SELECT * FROM {table} WHERE {condition}", params=where).pl()  # table: a ROW_KEYS name
    return frame.to_dicts()


def _target(cur: duckdb.DuckDBPyConnection, klass: Row, field: str, position: int, other_title: str | None,
            level: str | None, *, restoring: bool = False) -> Target:
    """Find the row a change is about in this version of the class (raising when a row is missing and the
    field cannot add one there, unless `restoring` a row a correction removed)."""
    table = FACTS[field].table
    class_id = klass["class_id"]
    if table == "job_classes":
        return Target(table, {"class_id": class_id}, klass)
    if table in ("salary_ranges", "qualification_paths"):
        order = "range_order" if table == "salary_ranges" else "path_order"
        existing = _select(cur, table, {"class_id": class_id})
        key = {"class_id": class_id, order: position - 1}
        found = [r for r in existing if r[order] == position - 1]
        if found:
            return Target(table, key, found[0])
        what = "salary range" if table == "salary_ranges" else "qualification path"
        n_rows = max((r[order] for r in existing), default=-1) + 1
        if not restoring and (not FACTS[field].may_add or position != n_rows + 1):
            hint = "use field salary_range to add one" if field in RANGE_FIELDS else f"add one as path {n_rows + 1}"
            raise CorrectionError([f"{klass['title']} has no {what} {position} ({n_rows} stated): {hint}"])
        return Target(table, key, None)
    if table == "substitutions":
        key = {"class_id": class_id, "education": (level or "").strip().lower()}
        found = _select(cur, table, key)
        return Target(table, key, found[0] if found else None)
    return _edge_target(cur, klass, field, other_title or "")


def _edge_target(cur: duckdb.DuckDBPyConnection, klass: Row, field: str, other_title: str) -> Target:
    side, kinds, added_kind = EDGE_FIELDS[field]
    other_side = "to" if side == "from" else "from"
    mine, theirs = title_key(klass["title"]), title_key(other_title)
    for row in _select(cur, "promotion_edges", {"document_id": klass["document_id"]}):
        if row["kind"] not in kinds:
            continue
        here = row[f"{side}_class_id"] == klass["class_id"] or title_key(row[f"{side}_title"]) == mine
        if here and title_key(row[f"{other_side}_title"]) == theirs:
            return Target("promotion_edges", {c: row[c] for c in ROW_KEYS["promotion_edges"]}, row)
    if field == "related":  # a related class is related both ways: the edge may be stated from the other side
        for row in _select(cur, "promotion_edges", {"document_id": klass["document_id"], "kind": RELATED}):
            if title_key(row["to_title"]) == mine and title_key(row["from_title"]) == theirs:
                return Target("promotion_edges", {c: row[c] for c in ROW_KEYS["promotion_edges"]}, row)
    titles = {side: klass["title"], other_side: " ".join(other_title.split())}
    key = {"document_id": klass["document_id"], "from_title": titles["from"], "to_title": titles["to"],
           "kind": added_kind}
    return Target("promotion_edges", key, None)


def _new_row(klass: Row, target: Target) -> Row:
    """A row the correction adds (no evidence span: a steward stated it)."""
    owner = {"class_id": klass["class_id"], "document_id": klass["document_id"]}
    if target.table == "salary_ranges":
        return {**owner, **target.key, "min_amount": 0.0, "max_amount": 0.0, "pay_unit": "yearly", "department": None,
                "min_annual": 0.0, "max_annual": 0.0, "annual_factor": 1.0, "factor_source": "standard",
                "is_pay_unit_consistent": None, "char_start": None, "char_end": None}
    if target.table == "qualification_paths":
        return {**owner, **target.key, **dict.fromkeys(PATH_PARTS), "char_start": None, "char_end": None}
    if target.table == "substitutions":
        return {**owner, **target.key, "years": 0.0, "char_start": None, "char_end": None}
    side = "from" if target.key["from_title"] == klass["title"] else "to"
    return {**target.key, "from_class_id": klass["class_id"] if side == "from" else None,
            "to_class_id": klass["class_id"] if side == "to" else None, "years": None, "confidence": 1.0,
            "char_start": None, "char_end": None}


def _store(cur: duckdb.DuckDBPyConnection, target: Target, row: Row | None) -> None:
    """Write a row (None: delete it) in place of target.row."""
    key = target.key
    condition = " AND ".join(f"{c} = $k_{c}" for c in key)
    key_params = {f"k_{c}": v for c, v in key.items()}
    if row is None:
        cur.execute(f"DELETE FROM {target.table} WHERE {condition}", key_params)
    elif target.row is None:
        columns = list(row)
        cur.execute(f"INSERT INTO {target.table} ({', '.join(columns)}) VALUES "
                    f"({', '.join('$' + c for c in columns)})", row)
    else:
        changed = [c for c in row if c not in key and row[c] != target.row.get(c)]
        if changed:
            assignments = ", ".join(f"{c} = ${c}" for c in changed)
            cur.execute(f"UPDATE {target.table} SET {assignments} WHERE {condition}",
                        {**key_params, **{c: row[c] for c in changed}})


def _changed_row(klass: Row, target: Target, field: str, value: str | None) -> Row | None:
    """The row with the field set to `value` (None: the fact removed, or for a row's part the part cleared)."""
    fact = FACTS[field]
    if value is None and (field in ("salary_range", "qualification_path", "substitution") or field in EDGE_FIELDS):
        return None
    row = dict(target.row) if target.row is not None else _new_row(klass, target)
    if value is None:
        for column in fact.columns:
            row[column] = None
    else:
        fact.write(row, value)
    return row


def _restored_row(target: Target, field: str, old_row: Row | None, new_value: str | None) -> Row | None:
    """The row with the field as extracted again (its columns from old_row; derived columns recomputed)."""
    if old_row is None:
        return None  # the correction added the row
    if target.row is None or new_value is None and field in ("salary_range", "qualification_path"):
        return dict(old_row)  # the correction removed the row
    row = dict(target.row)
    for column in FACTS[field].columns:
        row[column] = old_row.get(column)
    if target.table == "salary_ranges":
        _annualise(row)
    return row


# -- making, reverting and re-applying corrections ----------------------------------------------------------


def correct(con: duckdb.DuckDBPyConnection, class_id: str, change: Change, *, who: User) -> str:
    """Correct one fact of a current class in one transaction and return the correction's id."""
    with db.transaction(con) as cur:
        correction_id = _correct(cur, class_id, change, who=who)
        resolve_edges(cur)
    return correction_id


def _correct(cur: duckdb.DuckDBPyConnection, class_id: str, change: Change, *, who: User) -> str:
    value, problems = check_change(change)
    if problems:
        raise CorrectionError(problems)
    klass = _class_row(cur, class_id)
    if klass["superseded_by"] is not None:
        raise CorrectionError([f"{klass['title']} ({class_id}) is an earlier version: correct the current one"])
    level = change.level.strip().lower() if change.level else None
    other = " ".join(change.other_title.split()) if change.other_title else None
    target = _target(cur, klass, change.field, change.position, other, level)
    fact = FACTS[change.field]
    current = fact.read(target.row) if target.row is not None else None
    if current == value:
        raise CorrectionError([f"{klass['title']}: {change.field} is already {_shown(value)}"])
    old_value, old_row = current, target.row
    earlier = _open_correction(cur, klass["class_key"], change.field, change.position, other, level)
    if earlier is not None:  # a correction of a corrected fact: revert still goes back to what was extracted
        old_value, old_row = earlier["old_value"], _loads(earlier["old_row"])
        cur.execute(sql("set_correction_status"), {"correction_id": earlier["correction_id"], "status": REPLACED,
                                                   "author": who.login})
    changed = _changed_row(klass, target, change.field, value)
    if changed is not None and target.table == "salary_ranges" and changed["min_amount"] > changed["max_amount"]:
        raise CorrectionError([f"{klass['title']}: salary range {change.position} would run from "
                               f"{changed['min_amount']:,.2f} down to {changed['max_amount']:,.2f}"])
    _store(cur, target, changed)
    correction_id = uuid.uuid4().hex[:12]
    cur.execute(sql("insert_correction"), {
        "correction_id": correction_id, "class_key": klass["class_key"], "class_title": klass["title"],
        "field": change.field, "position": change.position if change.field in RANGE_FIELDS + PATH_FIELDS else None,
        "other_title": other, "level": level, "old_value": old_value, "new_value": value,
        "old_row": _dumps(old_row), "reason": change.reason.strip(), "author": who.login, "status": ACTIVE,
        "document_id": klass["document_id"], "created_at": dt.datetime.now(),
    })
    where = _where(change.field, change.position, other, level)
    record(cur, who, "correct a fact", f"{correction_id}: {klass['title']}: {change.field}{where}: "
           f"{_shown(old_value)} -> {_shown(value)} ({change.reason.strip()})")
    return correction_id


def revert(con: duckdb.DuckDBPyConnection, correction_id: str, *, who: User) -> dict[str, Any]:
    """Put the fact back as extracted (an open correction's) in one transaction; return the correction."""
    with db.transaction(con) as cur:
        found = _correction(cur, correction_id)
        if found["status"] not in OPEN_STATUSES:
            raise CorrectionError([f"{correction_id}: already {found['status']}, nothing to revert"])
        if found["status"] == ACTIVE:
            klass = _current_class(cur, found["class_key"])
            if klass is not None:
                target = _target_of(cur, klass, found, restoring=True)
                _store(cur, target, _restored_row(target, found["field"], _loads(found["old_row"]),
                                                  found["new_value"]))
        cur.execute(sql("set_correction_status"), {"correction_id": correction_id, "status": REVERTED,
                                                   "author": who.login})
        resolve_edges(cur)
        record(cur, who, "revert a correction", f"{correction_id}: {found['class_title']}: {found['field']}: "
               f"{_shown(found['new_value'])} -> {_shown(found['old_value'])}")
    return found


def settle(con: duckdb.DuckDBPyConnection, correction_id: str, *, apply: bool, who: User) -> None:
    """Settle a correction waiting for review: apply it to what the document states now (`apply`), or keep the
    document's value and close it (status dismissed)."""
    with db.transaction(con) as cur:
        found = _correction(cur, correction_id)
        if found["status"] != NEEDS_REVIEW:
            raise CorrectionError([f"{correction_id}: {found['status']}, not waiting for review"])
        klass = _current_class(cur, found["class_key"]) if apply else None
        if apply and klass is None:
            raise CorrectionError([f"{correction_id}: {found['class_title']} has no current version"])
        if klass is not None:
            target = _target_of(cur, klass, found)
            _apply(cur, klass, target, found)
        else:
            cur.execute(sql("set_correction_status"), {"correction_id": correction_id, "status": DISMISSED,
                                                       "author": who.login})
        resolve_edges(cur)
        action = "apply a correction again" if apply else "dismiss a correction"
        record(cur, who, action, f"{correction_id}: {found['class_title']}: {found['field']}")


def reapply(cur: duckdb.DuckDBPyConnection, document_id: str | None = None) -> tuple[int, int]:
    """Apply the open corrections of the current classes (of one document, else of every document) to them,
    inside the caller's transaction; return (applied, set for review).

    A correction applies where the class's fact still reads as the correction's old value (or already as
    its new value); otherwise it waits for review.
    """
    rows = cur.sql(sql("corrections_to_reapply"), params={"document_id": document_id}).pl().to_dicts()
    applied = waiting = 0
    for found in rows:
        klass = _class_row(cur, found["class_id"])
        try:
            target = _target_of(cur, klass, found)
        except CorrectionError:  # the row it corrected is not there (no range 2 in this version)
            target = None
        current = FACTS[found["field"]].read(target.row) if target is not None and target.row is not None else None
        if target is not None and current == found["new_value"]:
            status = ACTIVE
        elif target is not None and current == found["old_value"]:
            _apply(cur, klass, target, found)
            applied += 1
            continue
        else:
            status, waiting = NEEDS_REVIEW, waiting + 1
        cur.execute(sql("move_correction"), {"correction_id": found["correction_id"], "status": status,
                                             "document_id": klass["document_id"]})
    if rows:
        resolve_edges(cur)
    return applied, waiting


def _apply(cur: duckdb.DuckDBPyConnection, klass: Row, target: Target, found: Row) -> None:
    """Apply a stored correction to this version: what it states now becomes what revert restores."""
    _store(cur, target, _changed_row(klass, target, found["field"], found["new_value"]))
    current = FACTS[found["field"]].read(target.row) if target.row is not None else None
    cur.execute(sql("rebase_correction"), {"correction_id": found["correction_id"], "document_id": klass["document_id"],
                                           "old_value": current, "old_row": _dumps(target.row)})


def _target_of(cur: duckdb.DuckDBPyConnection, klass: Row, found: Row, *, restoring: bool = False) -> Target:
    return _target(cur, klass, found["field"], found["position"] or 1, found["other_title"], found["level"],
                   restoring=restoring)


def _correction(cur: duckdb.DuckDBPyConnection, correction_id: str) -> Row:
    rows = cur.sql(sql("correction_by_id"), params={"correction_id": correction_id.strip()}).pl().to_dicts()
    if not rows:
        raise CorrectionError([f"{correction_id}: no such correction"])
    return rows[0]


def _current_class(cur: duckdb.DuckDBPyConnection, key: str) -> Row | None:
    rows = _select(cur, "job_classes", {"class_key": key})
    current = [r for r in rows if r["superseded_by"] is None]
    return current[0] if current else None


def _open_correction(cur: duckdb.DuckDBPyConnection, key: str, field: str, position: int, other: str | None,
                     level: str | None) -> Row | None:
    for row in cur.sql(sql("open_corrections_of_class"), params={"class_key": key}).pl().to_dicts():
        same_row = (row["position"] or 1) == position or field not in RANGE_FIELDS + PATH_FIELDS
        same_other = title_key(row["other_title"] or "") == title_key(other or "")
        if row["field"] == field and same_row and same_other and row["level"] == level:
            return row
    return None


def _dumps(row: Row | None) -> str | None:
    return None if row is None else json.dumps(row, default=str, sort_keys=True)


def _loads(text: str | None) -> Row | None:
    return None if text is None else json.loads(text)


def _shown(value: str | None) -> str:
    return "(none)" if value is None else value


def _where(field: str, position: int, other: str | None, level: str | None) -> str:
    if field in RANGE_FIELDS:
        return f" (range {position})"
    if field in PATH_FIELDS:
        return f" (path {position})"
    if other:
        return f" ({other})"
    return f" ({level})" if level else ""


# -- files of corrections -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class FileRow:
    """One line of a corrections file: which class (title or class code, optional jurisdiction) and the change."""

    line: int
    title: str
    class_code: str
    jurisdiction: str
    change: Change


def read_corrections_file(path: str | Path) -> list[FileRow]:
    """Read and check a corrections CSV; raise CorrectionError with one line per problem (nothing is applied)."""
    path = Path(path)
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise CorrectionError([f"{path}: cannot read: {exc.strerror or exc}"]) from None
    if size > MAX_FILE_BYTES:
        raise CorrectionError([f"{path}: larger than {MAX_FILE_BYTES:,} bytes"])
    try:
        frame = pl.read_csv(path, infer_schema=False, n_rows=MAX_ROWS + 1, truncate_ragged_lines=False)
    except (pl.exceptions.PolarsError, OSError, UnicodeDecodeError) as exc:
        raise CorrectionError([f"{path}: not a readable CSV file: {str(exc).splitlines()[0][:200]}"]) from None
    columns = [c.strip().lower() for c in frame.columns]
    frame.columns = columns
    problems = [f"{path}: unknown column {c!r} (columns: {', '.join(FILE_COLUMNS)})"
                for c in columns if c not in FILE_COLUMNS]
    problems += [f"{path}: no {c!r} column" for c in ("field", "value", "reason") if c not in columns]
    if "title" not in columns and "class_code" not in columns:
        problems.append(f"{path}: a 'title' or 'class_code' column names each class")
    if frame.height > MAX_ROWS:
        problems.append(f"{path}: more than {MAX_ROWS:,} rows")
    if problems:
        raise CorrectionError(problems)
    rows = []
    for i, raw in enumerate(frame.iter_rows(named=True)):
        line = i + 2
        cell = {c: (raw.get(c) or "").strip() for c in FILE_COLUMNS}
        position = 1
        if cell["path"]:
            try:
                position = int(cell["path"])
            except ValueError:
                problems.append(f"line {line}: path: {cell['path']!r} is not a whole number")
        change = Change(cell["field"].lower(), raw.get("value") or "", cell["reason"], position,
                        cell["other_title"] or None, cell["level"] or None)
        if not cell["title"] and not cell["class_code"]:
            problems.append(f"line {line}: give the class's title or class_code")
        problems += [f"line {line}: {p}" for p in check_change(change)[1]]
        rows.append(FileRow(line, cell["title"], cell["class_code"], cell["jurisdiction"], change))
    if not rows:
        problems.append(f"{path}: no corrections in the file")
    if problems:
        raise CorrectionError(problems)
    return rows


def apply_file(con: duckdb.DuckDBPyConnection, path: str | Path, *, who: User) -> list[str]:
    """Apply every correction of a file in one transaction, in file order, and return their ids; on any problem
    nothing is applied and CorrectionError lists one line per problem."""
    rows = read_corrections_file(path)
    with db.transaction(con) as cur:
        ids, problems = [], []
        for row in rows:
            try:
                class_id = find_class(cur, title=row.title, class_code=row.class_code,
                                      jurisdiction=row.jurisdiction)
                ids.append(_correct(cur, class_id, row.change, who=who))
            except CorrectionError as exc:
                problems += [f"line {row.line}: {p}" for p in exc.problems]
        if problems:
            raise CorrectionError(problems)
        resolve_edges(cur)
    return ids


def find_class(cur: duckdb.DuckDBPyConnection, *, title: str = "", class_code: str = "", jurisdiction: str = "") -> str:
    """Return the class id of the one current class with this class code (else title) in the jurisdiction (id or
    name; any when empty); CorrectionError when none or several match."""
    classes = cur.sql(sql("current_classes")).pl()
    if class_code:
        matched = classes.filter(pl.col("class_code").str.to_lowercase() == class_code.strip().lower())
        named = f"class code {class_code!r}"
    else:
        matched = classes.filter(pl.col("title").map_elements(title_key, return_dtype=pl.String) == title_key(title))
        named = f"title {title!r}"
    if jurisdiction:
        wanted = jurisdiction.strip().lower()
        matched = matched.filter((pl.col("jurisdiction_id").str.to_lowercase() == wanted)
                                 | (pl.col("jurisdiction_name").str.to_lowercase() == wanted))
        named += f" in {jurisdiction!r}"
    if matched.is_empty():
        raise CorrectionError([f"no current class has the {named}"])
    if matched.height > 1:
        places = ", ".join(sorted({str(j) for j in matched["jurisdiction_id"]}))[:200]
        raise CorrectionError([f"{matched.height} current classes have the {named} ({places}): add the jurisdiction"
                               + (" or the class code" if not class_code else "")])
    return matched["class_id"][0]


def list_corrections(con: duckdb.DuckDBPyConnection, *, include_closed: bool = False) -> pl.DataFrame:
    """One row per correction (open ones only unless `include_closed`), oldest first, with the current class."""
    cur = con.cursor()
    try:
        return cur.sql(sql("corrections"), params={"include_closed": include_closed}).pl()
    finally:
        cur.close()


def as_file_rows(corrections: pl.DataFrame) -> pl.DataFrame:
    """The open corrections as a corrections file (FILE_COLUMNS) that `apply_file` reads back: after a rebuild
    from the sources, applying it makes the same corrections again."""
    rows = []
    for row in corrections.filter(pl.col("status").is_in(OPEN_STATUSES)).iter_rows(named=True):
        rows.append({
            "title": row["class_title"], "class_code": None, "jurisdiction": row["jurisdiction_id"],
            "field": row["field"], "value": WRONG if row["new_value"] is None else row["new_value"],
            "reason": row["reason"], "path": str(row["position"]) if row["position"] else None,
            "other_title": row["other_title"], "level": row["level"],
        })
    return pl.DataFrame(rows, schema=dict.fromkeys(FILE_COLUMNS, pl.String))
