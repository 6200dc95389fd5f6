"""Split a minimum-qualifications block into its alternatives (OR) and the parts they share (AND)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from analytics.ingest.parse.requirements import education_mentions, experience_years, lowest_education

_ITEM = re.compile(
    r"^[ \t]*(?:\*\*)?(?:(?P<conn>OR|AND|Or|And|or|and)(?::?\*\*:?|:)?[ \t]+)?(?:(?P<num>\d{1,2})[.)](?=\s)"
    r"|(?:(?P<either>Either|Or)[ \t]+)?(?:Pattern[ \t]+)?(?P<roman>I{1,3}|IV|V)[ \t]*$|(?P<bare>OR|Or|or)[ \t]*$"
    r"|(?P<dashor>-[ \t]*(?:OR|Or|or))[ \t]+)",  # Ohio: "-Or 24 mos. exp. as ..."
    re.M,
)
_BULLET = re.compile(r"^[ \t]*[•·●▪◦*-][ \t]+(?=\S)", re.M)
_COMMON_EDUCATION = re.compile(r"^[ \t]*(?:and[ \t]+)?Education:[^\n]*", re.M | re.I)
_PROMOTIONAL_HEAD = re.compile(r"promotional(?: qualifications)?\s*:?", re.I)
_OPEN_HEAD = re.compile(r"open[- ]competitive\s*:?", re.I)


@dataclass
class Alternative:
    """One alternative: its text, where it starts in the block, whether it is a promotional block, and education
    stated for it in front of a list of OR parts ("Bachelor's Degree AND 2 years of X OR 2 years of Y")."""

    text: str
    start: int
    is_promotional: bool = False
    education: str | None = None


_INLINE_ITEM = re.compile(r"(?<=[;.])[ \t]+(?=(?:(?:or|and|OR|AND)[ \t]+)?[2-9][.)][ \t])")
_INLINE_OR = re.compile(
    r"[ \t]+OR[ \t]+(?=\S)|[;:][ \t]*or,?[ \t]+(?=\S)"
    # "One year of experience equivalent to X; two years equivalent to Y": a new figure after a semicolon
    r"|;[ \t]+(?=(?i:one|two|three|four|five|six|seven|eight|nine|ten|\d{1,2})(?:[ \t]+\(\d+\))?"
    r"[ \t]+(?i:years?|months?)\b"
    r"(?![ \t]+(?:of[ \t]+(?:which|whom)|must|shall|should)))",
)
_LEADING_AND = re.compile(r"^\s*(?P<lead>[^\n]{3,200}?)[ \t]+AND[ \t]+")


def split_alternatives(block: str) -> tuple[list[Alternative], str | None]:
    """Return the alternatives of a block and the education that every alternative shares."""
    alternatives, common = _split(_inline_items(block))
    return [part for alt in alternatives for part in _or_parts(alt)], common


def _inline_items(block: str) -> str:
    """Put items numbered inline ("1. A baccalaureate ...; or  2. High school ...") on lines of their own; the text
    keeps its length (a space before each item becomes a line break)."""
    if not re.match(r"\s*(?:[A-Za-z ]{0,40}:\s*)?1[.)]\s", block):
        return block
    return _INLINE_ITEM.sub(lambda m: "\n" + m.group(0)[1:], block)


def _or_parts(alt: Alternative) -> list[Alternative]:
    """Split an alternative at capitalised OR between parts that each state time ("Bachelor's Degree AND 2 years of
    X OR 2 years of Y OR 1 year of Z"); education stated before AND in the first part goes with every part."""
    if alt.is_promotional:
        return [alt]
    cuts = [m for m in _INLINE_OR.finditer(alt.text)]
    bounds = [0, *[m.end() for m in cuts]]
    ends = [*[m.start() for m in cuts], len(alt.text)]
    parts = [(alt.text[b:e], b) for b, e in zip(bounds, ends, strict=True)]
    if len(parts) < 2 or sum(experience_years(p)[0] is not None for p, _ in parts) < 2:
        return [alt]
    lead = _LEADING_AND.match(parts[0][0])
    education = alt.education
    if lead and education_mentions(lead.group("lead")) and experience_years(lead.group("lead"))[0] is None:
        education = lowest_education(lead.group("lead"))
    return [Alternative(text, alt.start + at, False, education) for text, at in parts]


def _split(block: str) -> tuple[list[Alternative], str | None]:
    promo, block_rest, rest_start = _promotional_part(block)
    common_edu, block_rest = _common_education(block_rest)
    items = _items(block_rest)
    alternatives = [Alternative(promo[0], promo[1], True)] if promo else []
    if not items:
        text = block_rest.strip()
        if text:
            alternatives.append(Alternative(block_rest, rest_start))
        return alternatives, common_edu
    prefix = block_rest[: items[0][1]]
    prefix_edu = lowest_education(prefix) if prefix.strip() and not re.search(r"\d|year", prefix) else None
    if experience_years(prefix)[0] is not None:  # text before a bare "OR" is an alternative of its own
        alternatives.append(Alternative(prefix, rest_start))
    for text, start in _group(block_rest, items):
        alternatives.append(Alternative(text, rest_start + start))
    return alternatives, common_edu or prefix_edu


def _promotional_part(block: str) -> tuple[tuple[str, int] | None, str, int]:
    head = _PROMOTIONAL_HEAD.search(block)
    open_head = _OPEN_HEAD.search(block)
    if not head or (open_head and open_head.start() < head.start()):
        return None, block, 0
    end = open_head.start() if open_head else len(block)
    promo = (block[head.end(): end], head.end())
    if open_head:
        blanked = " " * open_head.end() + block[open_head.end():]
        return promo, blanked, 0
    return promo, " " * len(block), 0


def _common_education(block: str) -> tuple[str | None, str]:
    m = _COMMON_EDUCATION.search(block)
    if not m or not education_mentions(m.group(0)):
        return None, block
    level = lowest_education(m.group(0))
    blanked = block[: m.start()] + " " * (m.end() - m.start()) + block[m.end():]
    return level, blanked


def _items(block: str) -> list[tuple[str, int, int]]:
    """Return (connector, marker start, content start) for each enumerated item of the block."""
    out = []
    for m in _ITEM.finditer(block):
        if not (m.group("num") or m.group("roman") or m.group("bare") or m.group("dashor")):
            continue
        if m.group("num") and int(m.group("num")) > 9:
            continue
        conn = "or" if m.group("dashor") else (m.group("conn") or m.group("either") or m.group("bare") or "").lower()
        out.append((conn, m.start(), m.end(), bool(m.group("num"))))
    if any(not numbered for *_, numbered in out):  # "Or III / 1. ... or 2. ..." : numbers are sub-items
        out = [item for item in out if not item[3]]
    if not out:  # a bulleted list: its items go together unless one ends in "or" ("; and/or")
        bullets = [("bullet", m.start(), m.end(), False) for m in _BULLET.finditer(block)]
        out = bullets if len(bullets) > 1 else []
    return [(conn, start, end) for conn, start, end, _ in out]


def _group(block: str, items: list[tuple[str, int, int]]) -> list[tuple[str, int]]:
    """Join items linked by AND into one alternative; OR (the default) starts a new one."""
    groups: list[tuple[int, int]] = []
    for i, (conn, _marker, content) in enumerate(items):
        end = items[i + 1][1] if i + 1 < len(items) else len(block)
        previous_tail = block[items[i - 1][2]: items[i][1]].rstrip(" \t\n*") if i else ""
        joined = conn in ("and", "bullet") or re.search(r"(?:;|,)?\s*\band\s*$", previous_tail, re.I)
        if i and joined and not re.search(r"\bor\s*$", previous_tail, re.I):
            groups[-1] = (groups[-1][0], end)
        else:
            groups.append((content, end))
    return [(block[s:e], s) for s, e in groups]
