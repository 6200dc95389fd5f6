"""Levels of a series: which classes sit side by side at one level, and the order of the levels.

A series document lists its classes, but its order is not always the order of the levels, and two classes
may share a level: "Associate Analyst (Specialist)" and "(Supervisor)" are parallel tracks, "Program
Manager I (Supervisory)" and "(Managerial)" alternatives at one level. The levels are ordered by, in this
order of preference, the level number the titles carry ("Specialist 1", "Analyst III"), the pay grade every
level states, and the document's order; the basis is kept, because it says how far the order can be trusted.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from analytics.vocabulary import LEVEL_DOCUMENT as DOCUMENT
from analytics.vocabulary import LEVEL_GRADE as GRADE
from analytics.vocabulary import LEVEL_NUMBER as NUMBER
from analytics.vocabulary import title_key

_NUMERAL = re.compile(r"^(?:[ivx]{1,4}|\d{1,2})$")
_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "v": 5, "vi": 6, "vii": 7, "viii": 8, "ix": 9, "x": 10}
_GRADE_NUMBER = re.compile(r"(\d{1,3})")


def _base(title: str) -> str:
    """The title's key without its parenthesised qualifier ("(Specialist)")."""
    return title_key(re.sub(r"\s*\([^)]*\)", "", title))


def parallel(a: str, b: str) -> bool:
    """Return whether two classes sit side by side at one level: the same title but for a qualifier
    ("(Specialist)" / "(Supervisory)"), or the same number of words ending in the same level number
    ("Specialist I" / "Supervisor I")."""
    base_a, base_b = _base(a), _base(b)
    if base_a == base_b:
        return True
    wa, wb = base_a.split(), base_b.split()
    return len(wa) == len(wb) > 1 and wa[-1] == wb[-1] and bool(_NUMERAL.match(wa[-1]))


def level_number(title: str) -> int | None:
    """Return the level number a title ends with ("Analyst 2" -> 2, "Analyst III" -> 3), or None."""
    words = _base(title).split()
    if len(words) < 2 or not _NUMERAL.match(words[-1]):
        return None
    last = words[-1]
    return int(last) if last.isdigit() else _ROMAN.get(last)


def _grade_number(grade: str | None) -> tuple[str, int] | None:
    """A grade as (its scale, its number): "SG-18" -> ("SG", 18), "M-3" -> ("M", 3), "23" -> ("", 23)."""
    found = _GRADE_NUMBER.search(grade or "")
    if not found or grade is None:
        return None
    scale = re.sub(r"[^A-Z]", "", grade[:found.start()].upper())
    return re.sub(r"^(?:GRADE|SG|G)$", "", scale), int(found.group(1))


def series_levels(titles: Sequence[str], grades: Sequence[str | None]) -> tuple[list[int], str]:
    """Return the 1-based level of each title of a series document, and the basis of their order.

    Consecutive parallel titles form one level. The levels are ordered by their titles' level numbers when
    every level has one (and no two levels share one), else by their stated grades on the same terms when all
    are on one scale ("18" and "M-3" are not), else in document order. A title list of one has level 1.
    """
    groups: list[list[int]] = []
    for i, title in enumerate(titles):
        if groups and parallel(titles[groups[-1][-1]], title):
            groups[-1].append(i)
        else:
            groups.append([i])
    for basis, key in ((NUMBER, lambda i: level_number(titles[i])), (GRADE, lambda i: _grade_number(grades[i]))):
        keys = [{key(i) for i in group} for group in groups]
        stated = all(len(k) == 1 and None not in k for k in keys) and len({min(k) for k in keys}) == len(groups)
        one_scale = basis == NUMBER or len({next(iter(k))[0] for k in keys if k and None not in k}) == 1
        if stated and one_scale:
            order = sorted(range(len(groups)), key=lambda g: min(keys[g]))
            break
    else:
        basis, order = DOCUMENT, list(range(len(groups)))
    levels = [0] * len(titles)
    for rank, g in enumerate(order, start=1):
        for i in groups[g]:
            levels[i] = rank
    return levels, basis
