"""Split a document's text into headed sections, keeping character offsets into the original text."""

from __future__ import annotations

import re
from dataclasses import dataclass

from analytics.ingest.parse.patterns import SECTION_HEADINGS


@dataclass(frozen=True)
class Span:
    """A piece of the document: its text and where it starts and ends in the full text."""

    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Section:
    """A headed part of the document: canonical kind, heading as printed, and its body."""

    kind: str
    heading: str
    body: Span


STANDALONE_ONLY = frozenset({"experience", "education", "posting"})
_MARKUP = re.compile(r"[*#_\\]+")
_HEADING_WORDS = sorted(
    ((phrase, kind) for kind, phrases in SECTION_HEADINGS.items() for phrase in phrases),
    key=lambda pair: -len(pair[0]),
)


def lines(text: str) -> list[Span]:
    """Return every line of the text with its offsets (line breaks excluded)."""
    out, pos = [], 0
    for raw in text.split("\n"):
        out.append(Span(pos, pos + len(raw), raw))
        pos += len(raw) + 1
    return out


_PHRASE_KIND = {phrase: kind for phrase, kind in _HEADING_WORDS}
_HEADING_RX = re.compile(
    "^(?P<phrase>" + "|".join(re.escape(p) for p, _ in _HEADING_WORDS) + r")(?P<rest>(?![a-z0-9]).*)$"
)


def heading_kind(line: str) -> tuple[str, int] | None:
    """Return (section kind, length of the heading part) when the line opens a section, else None."""
    clean = _MARKUP.sub("", line).strip()
    if not clean or len(clean) > 90:
        return None
    m = _HEADING_RX.match(re.sub(r"\s+", " ", clean.lower()))
    if not m:
        return None
    kind, rest = _PHRASE_KIND[m.group("phrase")], m.group("rest")
    if kind in STANDALONE_ONLY and rest.strip(" :*"):
        return None
    # A heading stands alone ("DUTIES"), ends in a colon, or is a short qualifier ("- GENERAL EXPERIENCE").
    if rest.strip(" :*") == "" or re.match(r"\s*(?:[-:(*]|of the class|for|and)", rest):
        if ":" in rest and rest.split(":", 1)[1].strip() and not _is_caps(clean.split(":")[0]):
            return None
        return kind, _heading_length(line)
    return None


def _is_caps(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and sum(c.isupper() for c in letters) / len(letters) > 0.6


def _heading_length(line: str) -> int:
    """Where the body starts on a heading line ("**NOTE:** text" has its body after the colon)."""
    colon = line.find(":")
    if colon != -1 and line[colon + 1:].strip(" *"):
        end = colon + 1
        while end < len(line) and line[end] in "* ":
            end += 1
        return end
    return len(line)


def split_sections(text: str) -> list[Section]:
    """Return the document's sections in order; text before the first heading is kind 'preamble'."""
    sections: list[Section] = []
    kind, heading, start = "preamble", "", 0
    for ln in lines(text):
        found = heading_kind(ln.text)
        if found is None:
            continue
        sections.append(Section(kind, heading, Span(start, ln.start, text[start:ln.start])))
        kind, heading = found[0], ln.text[: found[1]].strip()
        start = ln.start + found[1]
    sections.append(Section(kind, heading, Span(start, len(text), text[start:])))
    return [s for s in sections if s.body.text.strip() or s.kind != "preamble"]


def sections_of(sections: list[Section], kind: str) -> list[Section]:
    """Return the sections of one kind, in document order."""
    return [s for s in sections if s.kind == kind]
