"""The output conventions: how read requirement clauses and series levels become the `extract` record's paths and
edges. This module is the one place the annotation conventions (tests/golden/ANNOTATION.md) live as code:

- an alternative that asks for nothing but time in named classes is a promotional line, not a path;
- an alternative that adds education or other experience to class time is both: a line from each class (its
  years the time in that class) and a path (its years all the experience asked for, class time included);
- the first qualification path is the first alternative of the second kind (paths keep document order);
- an alternative that is only an equivalence ("a satisfactory equivalent combination of education and experience",
  "education and/or experience which is equivalent to "1" above") is not a path;
- a class named far (more than FAR_REFERENCE characters) after the years stated before it qualifies that
  experience and is not a line;
- one edge per (from, to) pair: a stated line (promotional, feeder) wins over the series step it restates, and
  of two stated figures the smaller years are kept (with and without a degree);
- a stated progression out of a class ("after twelve months the trainee advances to X") is a promotional line from
  that class to X;
- every edge carries a confidence: how surely the statement was read.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from analytics.ingest.parse.clauses import Clause, read_clause
from analytics.ingest.parse.numbers import DURATION, duration_years
from analytics.ingest.parse.requirements import TITLE_PHRASE, Edge, Path, clean_title
from analytics.vocabulary import FEEDER, PROMOTIONAL_LINE, SERIES, title_key

# A class named this far after the alternative's first stated years qualifies that experience ("three years of
# experience in ..., preferably as a Payroll Analyst"): it is not a line of its own.
FAR_REFERENCE = 160
# Kinds in the order one of them is kept when a pair of titles is stated more than once.
KIND_PREFERENCE = (PROMOTIONAL_LINE, FEEDER, SERIES)
# What blanked-out text is replaced with: a character no pattern reads as a space or a word (offsets are kept).
BLANK = "\x00"
# How surely a line is read when it names the class but not the time in it.
LINE_WITHOUT_YEARS_CONFIDENCE = 0.9
_PARENS = re.compile(r"\((?=[^()]*(?:experience|service|\s\w+\s\w+\s\w+))[^()]*\)|\[[^\[\]]*\]", re.I)
_EQUIVALENCY = re.compile(
    r"\W*(?:or\s+)?(?:an?\s+|any\s+)?(?:satisfactory\s+)?(?:equivalent\s+)?combination\s+of\s+(?:education|training|"
    r"experience)|\W*(?:or\s+)?(?:education|experience|training)\s+(?:and/or|or|and)\s+(?:education|experience|training)"
    r"\s+(?:(?:which|that)\s+(?:is|are)\s+)?equivalent|\W*(?:or\s+)?(?:an?\s+)?(?:satisfactory\s+)?equivalent\s+(?:combination|"
    r"of\s+(?:the\s+)?(?:above|minimum))",
    re.I,
)
_PROGRESSION = re.compile(
    rf"\b(?:advances?|(?:will|shall|may)\s+be\s+(?:advanced|promoted|reclassified)|progress(?:es)?|moves?)\s+to\s+"
    rf"(?:the\s+)?(?:class\s+of\s+|level\s+of\s+)?(?:an?\s+)?(?P<title>{TITLE_PHRASE})",
    re.I,
)
_PROGRESSION_WHEN = re.compile(r"\b(?:after|upon|on)\b", re.I)


def alternative_facts(text: str, offset: int, *, common_education: str | None,
                      known_titles: frozenset[str]) -> tuple[list[Path], list[Edge]]:
    """Return the qualification path and the promotional lines one alternative states."""
    main = _PARENS.sub(lambda m: BLANK * len(m.group(0)), _without_equivalence(text))
    clause = read_clause(main, offset, common_education=common_education, known_titles=known_titles)
    lines = tuple(r for r in clause.lines() if r.title_start - r.span[0] <= FAR_REFERENCE)
    edges = [Edge(r.title, r.years, PROMOTIONAL_LINE, r.span, _line_confidence(r.confidence, r.years))
             for r in lines]
    if lines and clause.class_time_only(lines):
        return [], edges
    path = clause_path(clause, len(text.rstrip()))
    return ([path] if path else []), edges


def _without_equivalence(text: str) -> str:
    """The alternative with an equivalence clause at its start blanked out to the end of its sentence or item
    ("Any equivalent combination of education and experience ...;"): an equivalence is not a requirement."""
    m = _EQUIVALENCY.match(text)
    if not m:
        return text
    end = len(text)
    for stop in (text.find(".", m.end()), text.find(";", m.end()), text.find("\n", m.end())):
        if stop != -1:
            end = min(end, stop + 1)
    if re.match(r"\s*However\b", text[end:]):  # "However, all candidates must have ...": a floor, not a path
        end = len(text)
    return BLANK * end + text[end:]


def clause_path(clause: Clause, length: int) -> Path | None:
    """The qualification path a clause states, or None when it states neither education nor years."""
    years, education = clause.total_years, clause.education
    if years is None and education is None:
        return None
    return Path(education, years, clause.supervisory_years, (clause.span[0], clause.span[0] + length),
                clause.coursework_units, clause.coursework_level, clause.field, clause.specialized_years)


def _line_confidence(reference: float, years: float | None) -> float:
    return round(reference * (1.0 if years is not None else LINE_WITHOUT_YEARS_CONFIDENCE), 2)


def progressions(text: str, offset: int, from_title: str) -> list[tuple[Edge, str]]:
    """Stated moves out of a class ("after twelve months the trainee advances to Clerk II"): (edge, to_title) with
    the edge's from_title the class itself."""
    out: list[tuple[Edge, str]] = []
    lowered = text.lower()
    if "advance" not in lowered and "promoted" not in lowered and "progress" not in lowered \
            and "reclassified" not in lowered and "move" not in lowered:
        return out
    for m in _PROGRESSION.finditer(text):
        start = max(text.rfind(".", 0, m.start()), text.rfind("\n", 0, m.start())) + 1
        lead = text[start:m.start()]
        when = _PROGRESSION_WHEN.search(lead)
        to_title = clean_title(m.group("title"))
        if not when or not to_title or title_key(to_title) == title_key(from_title):
            continue
        duration = DURATION.search(lead, when.end())
        years = duration_years(duration) if duration else None
        out.append((Edge(from_title, years, PROMOTIONAL_LINE, (offset + start + when.start(), offset + m.end()),
                         _line_confidence(0.8, years)), to_title))
    return out


def one_edge_per_pair(edges: Iterable[tuple[Edge, str]]) -> list[tuple[Edge, str]]:
    """Keep one (edge, to_title) per (from, to) pair: a stated line over a series step, then the smaller years."""
    kept: dict[tuple[str, str], tuple[int, Edge, str]] = {}
    for i, (edge, to_title) in enumerate(edges):
        pair = (title_key(edge.from_title), title_key(to_title))
        if pair[0] == pair[1]:
            continue
        if pair not in kept or _rank(edge) < _rank(kept[pair][1]):
            kept[pair] = (i, edge, to_title)
    return [(edge, to_title) for _, edge, to_title in sorted(kept.values(), key=lambda kept: kept[0])]


def _rank(edge: Edge) -> tuple[int, bool, float]:
    kind = KIND_PREFERENCE.index(edge.kind) if edge.kind in KIND_PREFERENCE else len(KIND_PREFERENCE)
    return kind, edge.years is None, edge.years or 0.0
