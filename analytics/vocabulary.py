"""The one domain vocabulary every layer shares: education levels, edge kinds, pay units and the title key."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import polars as pl

# -- education ------------------------------------------------------------------------------------

# Every education value the product accepts (documents, rosters, URL, CLI), in the README's order.
EDUCATION_LEVELS = ("none", "high_school", "associate", "bachelor", "master", "doctorate", "law", "coursework")
# The order of requirements: a higher level is a harder requirement. College coursework (some units, no
# degree) sits between a diploma and an associate's; a law degree is post-graduate, like a doctorate.
EDUCATION_RANK: dict[str, int] = {
    "none": 0, "high_school": 1, "coursework": 2, "associate": 3, "bachelor": 4, "master": 5, "doctorate": 6,
    "law": 6,
}
# What a held degree meets: a law degree (J.D.) is a professional degree, so it meets any requirement up to
# a bachelor's; only a law degree meets a law requirement (see meets_education).
HELD_EDUCATION_RANK: dict[str, int] = {**EDUCATION_RANK, "law": EDUCATION_RANK["bachelor"]}
# Labels for widgets, and words for sentences ("needs a bachelor's").
EDUCATION_LABELS: dict[str, str] = {
    "none": "No diploma", "high_school": "High school diploma", "associate": "Associate's degree",
    "bachelor": "Bachelor's degree", "master": "Master's degree", "doctorate": "Doctorate",
    "law": "Law degree (J.D.)", "coursework": "College coursework",
}
EDUCATION_WORDS: dict[str, str] = {
    "none": "no diploma", "high_school": "a high school diploma", "coursework": "college coursework",
    "associate": "an associate's", "bachelor": "a bachelor's", "master": "a master's",
    "doctorate": "a doctorate", "law": "a law degree",
}
DEFAULT_EDUCATION = "bachelor"


def meets_education(held: str, required: str) -> bool:
    """Return whether a person holding `held` education meets a requirement of `required` education."""
    if required == "law":
        return held == "law"
    return HELD_EDUCATION_RANK.get(held, -1) >= EDUCATION_RANK.get(required, 99)


# Coursework a requirement states in semester units: graduate units need a graduate degree (a master's or
# higher); undergraduate units are met by a degree that necessarily includes that many (an associate's is
# 60 semester units, a bachelor's 120); otherwise only the person's own stated units count.
GRADUATE_DEGREES = ("master", "doctorate", "law")
DEGREE_SEMESTER_UNITS: dict[str, float] = {
    "associate": 60.0, "bachelor": 120.0, "master": 120.0, "doctorate": 120.0, "law": 120.0,
}


def meets_coursework(held: str, held_units: float | None, *, units: float, level: str | None) -> bool:
    """Return whether a person holding `held` education (and `held_units` semester units of the coursework the
    title asks for, when stated) meets a requirement of `units` semester units at `level`."""
    if held_units is not None and held_units >= units:
        return True
    if level == "graduate":
        return held in GRADUATE_DEGREES
    return DEGREE_SEMESTER_UNITS.get(held, 0.0) >= units


# -- promotion edges ------------------------------------------------------------------------------

SERIES = "series"
PROMOTIONAL_LINE = "promotional_line"
FEEDER = "feeder"
SUPERVISION = "supervision"
RELATED = "related"
SAME_GRADE = "same_grade"  # a sideways move the ladder derives (same grade elsewhere); never stored
SAME_LEVEL = "same_level"  # a sideways move the ladder derives (the other class at one level of a series)


@dataclass(frozen=True)
class EdgeKind:
    """A kind of link between two titles: how it reads, how far it is trusted, and what it implies."""

    name: str
    words: str              # in a sentence or a table cell ("promotional line")
    legend: str             # in a chart legend
    confidence: float       # of a stated edge of this kind (document order, not a probability)
    is_upward: bool         # leads to a higher title (a promotion), not sideways
    is_time_in_title: bool  # its stated years are time the person must spend in the lower title


EDGE_KINDS: dict[str, EdgeKind] = {k.name: k for k in (
    EdgeKind(SERIES, "series", "next level in the series", 1.0, is_upward=True, is_time_in_title=False),
    EdgeKind(PROMOTIONAL_LINE, "promotional line", "promotional line", 1.0, is_upward=True, is_time_in_title=True),
    EdgeKind(FEEDER, "feeder", "feeder / trainee", 1.0, is_upward=True, is_time_in_title=True),
    EdgeKind(SUPERVISION, "supervision", "stated supervision", 0.8, is_upward=True, is_time_in_title=False),
    EdgeKind(RELATED, "related", "sideways: related class", 0.6, is_upward=False, is_time_in_title=False),
    EdgeKind(SAME_GRADE, "same grade", "sideways: same grade", 0.5, is_upward=False, is_time_in_title=False),
    EdgeKind(SAME_LEVEL, "same level", "sideways: same level of the series", 0.9, is_upward=False,
             is_time_in_title=False),
)}
# The kinds a document states (promotion_edges.kind), in order of precedence when two link the same titles;
# same_grade is derived by the ladder.
STATED_EDGE_KINDS = (PROMOTIONAL_LINE, FEEDER, SERIES, SUPERVISION, RELATED)
UPWARD_EDGE_KINDS = tuple(k for k in STATED_EDGE_KINDS if EDGE_KINDS[k].is_upward)
TITLE_TIME_EDGE_KINDS = tuple(k for k in STATED_EDGE_KINDS if EDGE_KINDS[k].is_time_in_title)


def edge_words(kind: str) -> str:
    """Return how an edge kind reads in a sentence (an unknown kind as itself)."""
    known = EDGE_KINDS.get(kind)
    return known.words if known else kind


# How the levels of a series were ordered (job_classes.level_basis), and how far that order is trusted: the
# factor a "next level" edge's confidence gets (ingest.parse.levels finds the basis).
LEVEL_NUMBER, LEVEL_GRADE, LEVEL_DOCUMENT = "number", "grade", "document"
LEVEL_BASIS_CONFIDENCE: dict[str, float] = {LEVEL_NUMBER: 1.0, LEVEL_GRADE: 0.9, LEVEL_DOCUMENT: 0.75}


# -- pay units ------------------------------------------------------------------------------------

# A stated salary's pay unit -> standard pay periods per year (2,080 hours: 40 hours x 52 weeks).
PERIODS_PER_YEAR: dict[str, float] = {
    "hourly": 2080.0, "biweekly": 26.0, "semi-monthly": 24.0, "monthly": 12.0, "yearly": 1.0,
}
PAY_UNITS = tuple(PERIODS_PER_YEAR)

# -- the title key --------------------------------------------------------------------------------

# Documents abbreviate and number levels inconsistently ("Sr.", "II" vs "2"): one spelling per word.
WORD_SYNONYMS: dict[str, str] = {
    "sr": "senior", "jr": "junior", "asst": "assistant", "assoc": "associate", "mgr": "manager",
    "dir": "director", "supv": "supervisor", "supvr": "supervisor", "admin": "administrator",
    "i": "1", "ii": "2", "iii": "3", "iv": "4", "v": "5", "vi": "6", "vii": "7", "viii": "8",
}
# Plural endings: "-es" after a sibilant, else a final "s" not after s, i or u ("status", "radius" stay).
_PLURAL_ES = r"^(\w+(?:ss|sh|ch|x))es$"
_PLURAL_S = r"^(\w{2,}[^siu])s$"
_NOT_WORD = r"[^a-z0-9]+"
_PLURAL_ES_RX, _PLURAL_S_RX, _NOT_WORD_RX = re.compile(_PLURAL_ES), re.compile(_PLURAL_S), re.compile(_NOT_WORD)


@lru_cache(maxsize=8192)
def title_key(title: str) -> str:
    """Return a title's matching key: lower case, punctuation-free, abbreviations expanded, words singular.

    The same rule runs on both sides of every match (documents, the database, URLs, rosters), so it only
    has to be consistent, not good English. title_key_expr is the same rule as a Polars expression.
    """
    words = _NOT_WORD_RX.sub(" ", title.lower().replace("&", " and ")).split()
    return " ".join(_singular_word(WORD_SYNONYMS.get(w, w)) for w in words)


def _singular_word(word: str) -> str:
    return _PLURAL_S_RX.sub(r"\1", _PLURAL_ES_RX.sub(r"\1", word, count=1), count=1)


def title_key_expr(title: pl.Expr) -> pl.Expr:
    """Return title_key of each value of a String expression (the same rule, vectorised)."""
    words = (
        title.str.to_lowercase()
        .str.replace_all("&", " and ", literal=True)
        .str.replace_all(_NOT_WORD, " ")
        .str.strip_chars()
        .str.split(" ")
    )
    singular = (
        pl.element()
        .replace(WORD_SYNONYMS)
        .str.replace(_PLURAL_ES, "${1}")
        .str.replace(_PLURAL_S, "${1}")
    )
    return words.list.eval(singular).list.join(" ")
