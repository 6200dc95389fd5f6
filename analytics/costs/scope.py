"""A scenario's scope (the units, titles and grade range it costs) and the checks of what its changes name.

A scope keeps the roster positions in any of its units, with any of its titles and a grade within its
range (units and titles compared case-insensitively, grades by grade_key: "SG-18" is grade 18). The
changes must stay inside it: a change naming a unit, title or position outside the scope, or a unit
the roster does not have, is refused with a sentence naming it (scope_problems), so that nothing a
scenario states is dropped silently. `scoped` gives the engine the positions of the scope.
"""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from dataclasses import replace

import polars as pl

from analytics.costs.rates import grade_key, grade_parts
from analytics.costs.scenario_format import (
    AddPositions,
    Attrition,
    CutPositions,
    Scenario,
    Scope,
    VacancyFactor,
)

MAX_NAMED = 3  # positions named in one problem; the rest are counted


def grade_range_expr(column: str, grades: Sequence[str]) -> pl.Expr:
    """Return whether a grade column's value lies within (lowest, highest): same kind, number in between."""
    (kind, low), (_, high) = grade_parts(grades[0]), grade_parts(grades[-1])
    parts = grade_key(column).str.extract_groups(r"^(?P<kind>[A-Z]*)(?P<number>\d+)$")
    number = parts.struct.field("number").cast(pl.Int64, strict=False)
    return ((parts.struct.field("kind") == kind) & number.is_between(low, high)).fill_null(False)


def in_scope_expr(scope: Scope) -> pl.Expr:
    """Return whether a roster row (unit, title, grade) is in the scope."""
    keep = pl.lit(True)
    if scope.units:
        keep &= pl.col("unit").str.to_lowercase().is_in([u.lower() for u in scope.units])
    if scope.titles:
        keep &= pl.col("title").str.to_lowercase().is_in([t.lower() for t in scope.titles])
    if scope.grades:
        keep &= grade_range_expr("grade", scope.grades)
    return keep


def _hint(name: str, known: Sequence[str]) -> str:
    """Return " (did you mean 'X'?)" for the one known name holding this one ("Albany" in "Services - Albany"),
    else for the closest spelling, else ""."""
    holding = [k for k in known if name.lower() in k.lower()]
    close = holding if len(holding) == 1 else difflib.get_close_matches(name, list(known), n=1, cutoff=0.6)
    return f" (did you mean {close[0]!r}?)" if close else ""


def _title_grades(positions: pl.LazyFrame) -> dict[str, tuple[str, str | None]]:
    """Return each title's (grade, schedule_id) as an added position takes it: the most held, then the lowest grade."""
    rows = (
        positions.group_by(key=pl.col("title").str.to_lowercase(), grade="grade", schedule_id="schedule_id")
        .agg(n=pl.len())
        .sort("key", "n", "grade", descending=[False, True, False])
        .group_by("key", maintain_order=True).first()
        .collect()
    )
    return {key: (grade, schedule) for key, grade, schedule, _ in rows.iter_rows()}


def scope_problems(positions: pl.LazyFrame, scenario: Scenario) -> list[tuple[int | None, str]]:
    """Return (change index, or None for the scope itself; problem) per name the roster lacks or the scope leaves out.

    Scope: a unit or title not in the roster, a grade range no position has, a scope with no position.
    Changes: an added or cut position's unit, or a vacancy factor's or attrition's, not in the roster; a cut
    title not in its unit; a unit, title or grade outside the scope; a filled, frozen or promoted position
    outside the scope. Each check reads
    the roster's distinct names or the positions named, never a Python loop over every position.
    """
    scope = scenario.scope
    posts_changes = [(i, c) for i, c in enumerate(scenario.changes) if isinstance(c, AddPositions | CutPositions)]
    unit_changes = [(i, c) for i, c in enumerate(scenario.changes)
                    if isinstance(c, VacancyFactor | Attrition) and c.unit is not None]
    named = [(i, c) for i, c in enumerate(scenario.changes) if c.kind in ("fill_vacancy", "freeze_vacancy", "promote")]
    if scope.is_whole and not posts_changes and not unit_changes:
        return []
    roster = positions.select("position_id", "unit", "title", "grade", inside=in_scope_expr(scope))
    ids = [pid for _, c in named for pid in (c.position_ids if c.kind == "promote" else (c.position_id,))]
    # One pass over the roster answers every question about it: its names, whether the scope (and its grade
    # range alone) holds any position, and which named positions it leaves out.
    in_range = grade_range_expr("grade", scope.grades).any() if scope.grades else pl.lit(True)
    pairs, found, outside = pl.collect_all([
        roster.select("title", "unit").unique(),
        roster.select(inside=pl.col("inside").any(), in_range=in_range),
        roster.filter(pl.col("position_id").is_in(ids) & ~pl.col("inside")).select("position_id")
        if ids and not scope.is_whole else pl.LazyFrame(schema={"position_id": pl.String}),
    ])
    units, titles = sorted(set(pairs["unit"])), sorted(set(pairs["title"]))
    unit_keys, title_keys = {u.lower() for u in units}, {t.lower() for t in titles}
    problems: list[tuple[int | None, str]] = []
    problems += [(None, f"scope: unit {u!r} is not in the roster{_hint(u, units)}")
                 for u in scope.units if u.lower() not in unit_keys]
    problems += [(None, f"scope: title {t!r} is not in the roster{_hint(t, titles)}")
                 for t in scope.titles if t.lower() not in title_keys]
    if not found["in_range"].item():
        problems.append((None, f"scope: no position of the roster has a {scope.words()}"))
    if not problems and not found["inside"].item():
        problems.append((None, f"scope: no position of the roster is in it ({scope.words()})"))
    posts = {(t.lower(), u.lower()) for t, u in pairs.iter_rows()}
    grades = _title_grades(positions) if scope.grades and posts_changes else {}
    for index, change in posts_changes:
        problems += [(index, p) for p in _post_problems(change, scope, known=(units, unit_keys), posts=posts,
                                                        grades=grades)]
        posts.add((change.title.lower(), change.unit.lower()))  # a later cut may take what this change adds
    for index, change in unit_changes:
        if change.unit.lower() not in unit_keys:
            problems.append((index, f"unit {change.unit!r} is not in the roster{_hint(change.unit, units)}"))
        elif scope.units and change.unit.lower() not in {u.lower() for u in scope.units}:
            problems.append((index, f"unit {change.unit!r} is outside the scope ({scope.words()})"))
    left_out = set(outside["position_id"])
    for index, change in named:
        ids = change.position_ids if change.kind == "promote" else (change.position_id,)
        mine = [pid for pid in ids if pid in left_out]
        if mine:
            more = f" and {len(mine) - MAX_NAMED:,} more" if len(mine) > MAX_NAMED else ""
            problems.append((index, f"position {', '.join(mine[:MAX_NAMED])}{more} outside the scope "
                                    f"({scope.words()})"))
    return sorted(problems, key=lambda row: -1 if row[0] is None else row[0])


def _post_problems(change: AddPositions | CutPositions, scope: Scope, *, known: tuple[list[str], set[str]],
                   posts: set[tuple[str, str]], grades: dict[str, tuple[str, str | None]]) -> list[str]:
    units, unit_keys = known
    unit, title = change.unit, change.title
    if unit.lower() not in unit_keys:
        return [f"unit {unit!r} is not in the roster{_hint(unit, units)}"]
    found = []
    if isinstance(change, CutPositions) and (title.lower(), unit.lower()) not in posts:
        found.append(f"no position titled {title!r} in unit {unit!r} to cut")
    if scope.units and unit.lower() not in {u.lower() for u in scope.units}:
        found.append(f"unit {unit!r} is outside the scope ({scope.words()})")
    if scope.titles and title.lower() not in {t.lower() for t in scope.titles}:
        found.append(f"title {title!r} is outside the scope ({scope.words()})")
    if scope.grades and isinstance(change, AddPositions):
        grade = change.grade or grades.get(title.lower(), (None, None))[0]
        if grade is not None and not _grade_within(grade, scope.grades):
            found.append(f"grade {grade!r} of the added positions is outside the scope ({scope.words()})")
    return found


def _grade_within(grade: str, grades: Sequence[str]) -> bool:
    (kind, number), (low_kind, low), (_, high) = grade_parts(grade), grade_parts(grades[0]), grade_parts(grades[-1])
    return number is not None and kind == low_kind and low <= number <= high


def scoped(positions: pl.LazyFrame, scenarios: Sequence[Scenario]) -> tuple[pl.LazyFrame, list[Scenario]]:
    """Return the positions of the scenarios' scope and the scenarios as the engine costs them.

    The scenarios share one scope (cost_bridge refuses two). An added position without a grade takes its
    title's grade from the whole roster (a title may be held only outside the scope), so it is resolved
    here, before the roster is cut to the scope.
    """
    scope = scenarios[0].scope
    if scope.is_whole:
        return positions, list(scenarios)
    needs_grade = any(isinstance(c, AddPositions) and c.grade is None for s in scenarios for c in s.changes)
    grades = _title_grades(positions) if needs_grade else {}

    def resolved(scenario: Scenario) -> Scenario:
        changes = tuple(
            replace(c, grade=grades[c.title.lower()][0], schedule_id=grades[c.title.lower()][1])
            if isinstance(c, AddPositions) and c.grade is None and c.title.lower() in grades else c
            for c in scenario.changes)
        return replace(scenario, changes=changes)

    return positions.filter(in_scope_expr(scope)), [resolved(s) for s in scenarios]
