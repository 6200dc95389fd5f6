"""Split a document's text into headed sections, keeping character offsets into the original text."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from analytics.ingest.parse.patterns import HEADING_KINDS, HEADING_STOP_WORDS, HEADING_WORDS, POSTING_HEADINGS


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
# Kinds whose heading may carry its body on its own line in mixed case ("Minimum Qualifications: A bachelor's").
INLINE_MIXED_CASE = frozenset({"qualifications", "preferred", "substitutions", "duties", "questionnaire"})
_MARKUP = re.compile(r"[*#_\\]+")
_KIND_RULES = [(kind, re.compile(pattern)) for kind, pattern in HEADING_KINDS]
_MARKED = re.compile(r"^\s*(?:#{1,6}\s+(?P<md>\S.*?)|=+\s*(?P<eq>\S.*?)\s*=+)\s*$")
_ENUMERATOR = re.compile(r"^(?:\d{1,2}[.)]|[a-z][.)]|[ivx]{1,4}[.)])\s+")


@lru_cache(maxsize=128)
def lines(text: str) -> list[Span]:
    """Return every line of the text with its offsets (line breaks excluded). The list is shared between calls
    on the same text: do not change it."""
    out, pos = [], 0
    for raw in text.split("\n"):
        out.append(Span(pos, pos + len(raw), raw))
        pos += len(raw) + 1
    return out


def classify_heading(label: str) -> str | None:
    """Return the section kind a heading's words name (patterns.HEADING_KINDS), or None when no rule knows them."""
    words = " ".join(_ENUMERATOR.sub("", label.lower().replace("&", " and ")).split()).strip(" :*-.")
    if not words or words.startswith("("):
        return None
    if words in POSTING_HEADINGS:
        return "posting"
    tokens = [t for t in re.findall(r"[a-z]+", words.replace("'ll", "")) if t not in HEADING_STOP_WORDS]
    if not tokens or sum(t in HEADING_WORDS for t in tokens) * 2 < len(tokens):
        return None
    return next((kind for kind, rx in _KIND_RULES if rx.search(words)), None)


def heading_kind(line: str) -> tuple[str, int] | None:
    """Return (section kind, length of the heading part) when the line opens a section, else None.

    A heading is a Markdown heading ("## Duties") or "=== X ===" line, which opens a section even when no rule
    knows its words (kind "other"); or a short line whose words a rule knows (patterns.HEADING_KINDS) and that
    is laid out as a heading: capitals, title case, or a trailing colon, with no sentence after it. A label with
    its text on the same line ("SALARY: $74,987 ...") is a heading when the label is in capitals, or when it
    names requirements or duties ("Minimum Qualifications: A bachelor's degree ...").
    """
    if not line.strip() or len(line.strip()) > 100:
        return None
    marked = _MARKED.match(line)
    if marked:
        label = marked.group("md") or marked.group("eq")
        return classify_heading(_MARKUP.sub("", label)) or "other", len(line.rstrip())
    clean = _MARKUP.sub("", line).strip()
    if not clean or len(clean) > 90:
        return None
    label, colon, rest = clean.partition(":")
    kind = classify_heading(label)
    if kind is None:
        return None
    if rest.strip(" *"):  # "LABEL: text on the same line"
        if kind in STANDALONE_ONLY or len(label.split()) > 6:
            return None
        if not _is_caps(label) and (kind not in INLINE_MIXED_CASE or len(label.split()) < 2):
            return None
        return kind, _heading_length(line)
    if len(label.split()) > 10 or label.rstrip().endswith("."):
        return None
    if not (colon or _is_caps(label) or _title_like(label) or _sentence_case_heading(label)):
        return None
    return kind, _heading_length(line)


def _sentence_case_heading(label: str) -> bool:
    """A short heading in sentence case on its own line ("Role summary", "Key objectives": Google Docs and PDFs)."""
    words = label.split()
    return 1 < len(words) <= 4 and words[0][:1].isupper() and not re.search(r"[,;.!?]", label)


def _title_like(text: str) -> bool:
    """Most words of four letters or more start with a capital ("Minimum Qualifications", "Typical Tasks")."""
    long_words = [w for w in re.findall(r"[A-Za-z][A-Za-z'’]*", text) if len(w) >= 4]
    return bool(long_words) and sum(w[0].isupper() for w in long_words) / len(long_words) >= 0.6


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
        if found is None and kind not in REQUIREMENT_KINDS:
            found = _inline_requirement_label(ln.text)
        if found is None:
            continue
        if kind == "preferred" and found[0] in REQUIREMENT_KINDS and not _MINIMUM.search(ln.text):
            continue  # "PREFERRED QUALIFICATIONS / Education and Experience:": a part of the wish list
        sections.append(Section(kind, heading, Span(start, ln.start, text[start:ln.start])))
        kind, heading = found[0], ln.text[: found[1]].strip()
        start = ln.start + found[1]
    sections.append(Section(kind, heading, Span(start, len(text), text[start:])))
    return [s for s in sections if s.body.text.strip() or s.kind != "preamble"]


# Kinds of sections that state requirements (a label inside one of them does not open another).
REQUIREMENT_KINDS = frozenset({"qualifications", "education", "experience", "substitutions"})
_MINIMUM = re.compile(r"(?i)\bminimum\b|\brequire[ds]?\b|\brequirements?\b|\bmandatory\b")
_INLINE_REQUIREMENT = re.compile(r"^[ \t*]*(?P<label>Education|Experience|Training|Education\s+and\s+Experience"
                                 r"|Experience\s+and\s+Education)[ \t*]*:[ \t*]*(?=\S)")


def _inline_requirement_label(line: str) -> tuple[str, int] | None:
    """Outside requirement sections, "Education: Graduation from ..." / "Experience: Five years ..." open one
    (inside one they are parts of it and stay there)."""
    m = _INLINE_REQUIREMENT.match(line)
    if not m:
        return None
    label = m.group("label").lower()
    kind = "qualifications" if " and " in label else "experience" if label == "experience" else "education"
    return kind, m.end()


def sections_of(sections: list[Section], kind: str) -> list[Section]:
    """Return the sections of one kind, in document order."""
    return [s for s in sections if s.kind == kind]
