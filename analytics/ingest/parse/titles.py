"""Find the classes a document defines: title, class code and grade, each with its character span and a confidence.

Two kinds of evidence name titles. A document that lays out several classes (a class table, the New York State
header lines, consecutive "Title (code)" lines, an article's numbered sections) is read as that list. Any other
document defines one class, and every line that could name it is a *candidate*: labelled lines ("Title:",
"Official title in USAJOBS:", "Civil Service Title:"), a front-matter title, the line over a "Class Code:" line,
page headings, the first title-like line, and prose ("is hiring for X", "The X is responsible for"). Each
candidate is scored by where it comes from, where it stands, whether its words read as a job title (a head
noun such as Analyst or Manager) and whether the body repeats it; the best one is the title and its score the
title's confidence. When a document prints both an official class title and a working title, the class title
is the title and the working title is kept beside it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from analytics.ingest.parse.patterns import (
    DOCUMENT_HEADER_LINE,
    LOWER_IN_TITLE,
    NOT_A_TITLE_WORDS,
    ROMAN,
    SINGULAR_ENDINGS_KEEP,
    TITLE_HEAD_NOUNS,
    TITLE_LABELS,
    TITLE_PROSE,
)
from analytics.ingest.parse.sections import classify_heading, lines
from analytics.vocabulary import title_key


@dataclass
class TitleHit:
    """A class the document defines, with the spans of the facts stated about it and how sure the reading is."""

    title: str
    span: tuple[int, int]
    class_code: str | None = None
    code_span: tuple[int, int] | None = None
    grade: str | None = None
    grade_span: tuple[int, int] | None = None
    aliases: list[str] = field(default_factory=list)
    confidence: float = 1.0
    working_title: str | None = None
    source: str = ""


def title_case(raw: str) -> str:
    """Return a title as it should read: capitals become title case, mixed case is kept."""
    text = re.sub(r"\s+", " ", raw.strip(" \t*#:-"))
    letters = [c for c in text if c.isalpha()]
    if not letters or sum(c.isupper() for c in letters) / len(letters) < 0.5:
        return text
    words = []
    for i, word in enumerate(text.split(" ")):
        low = word.lower()
        if not word.isupper():
            words.append(word)
        elif low.strip("()") in ROMAN and i > 0:
            words.append(word.upper())
        elif low in LOWER_IN_TITLE and i > 0:
            words.append(low)
        else:
            words.append(re.sub(r"[A-Za-z]+", lambda m: m.group(0).capitalize(), word, count=0))
    return " ".join(words).replace("’S", "’s").replace("'S", "'s")


def singular(title: str) -> str:
    """Return the title with a plural head noun made singular ("Specialists 1" -> "Specialist 1")."""
    words = title.split()
    for i in range(len(words) - 1, -1, -1):
        word = words[i]
        if word.lower() in ROMAN or word.isdigit():
            continue
        low = word.lower()
        if low.endswith("s") and not low.endswith(SINGULAR_ENDINGS_KEEP) and len(low) > 3:
            words[i] = word[:-3] + "y" if low.endswith("ies") else word[:-1]
        break
    return " ".join(words)


# -- documents that lay out several classes ---------------------------------------------------------------------

_NYS_HEADER = re.compile(
    r"(?P<title>[A-Za-z][^\n,]{2,90}?),\s*(?P<grade>(?:grade|g-|sg-)\s*\d{1,2}|M-\d{1,2}|[A-Z]{1,3}[- ]?\d{1,2})"
    r"\s+(?P<code>\d{7})\b",
    re.IGNORECASE,
)
_CLASS_TABLE = re.compile(r"^\s*[A-Z0-9]{2,6}\s*\|\s*(?P<code>\d{3,5})\s*\|\s*(?P<title>[^|\n]+?)\s*$", re.M)
_CODE_IN_PARENS = re.compile(
    r"^(?P<title>[A-Za-z][^\n()$]{3,100}?)\s*\((?:(?:Class\s+)?(?:Code|No\.?|Number|#)\s*:?\s*)?"
    r"(?P<code>\d{3,6})(?P<suffix>[A-Z]{0,3})\)\s*$",
    re.I,
)
_ARTICLE = re.compile(r"^\s*WHAT DOES (?:AN?|THE) (?P<title>[A-Z][A-Z .'&/-]+?) DO\?", re.M)
_ARTICLE_SECTION = re.compile(
    r"^\s*\d{1,2}\.\s+(?P<title>(?:Sr\.|Senior|Jr\.|Junior|Lead|Chief|Principal|Assistant|Associate)?[A-Z][\w.' &/-]+?)"
    r"\s+(?:Duties|Responsibilities|Accountabilities|Functions|Job Description|Overview|Role|Tasks)\b",
    re.M,
)


def _class_table(text: str) -> list[TitleHit] | None:
    hits = [
        TitleHit(title_case(m.group("title")), m.span("title"), m.group("code"), m.span("code"), source="class table")
        for m in _CLASS_TABLE.finditer(text)
        if not re.match(r"(?i)class\b", m.group("title"))
    ]
    return hits or None


def _nys_header(text: str) -> list[TitleHit] | None:
    if not re.search(r"\d{7}", text[:3000]):
        return None
    hits = []
    head = text[:3000]
    codes = [m.start() for m in re.finditer(r"\b\d{7}\b", head)]
    if not codes:
        return None
    # the header lines stand just before the codes: scan from a little before the first one
    for m in _NYS_HEADER.finditer(head, max(0, head.rfind("\n", 0, max(0, codes[0] - 200)) + 1), codes[-1] + 7):
        grade = re.sub(r"(?i)^(?:grade|g-|sg-)\s*", "", m.group("grade")).upper()
        g_start = m.start("grade") + m.group("grade").upper().rfind(grade)
        hits.append(TitleHit(title_case(m.group("title")), m.span("title"), m.group("code"), m.span("code"),
                             grade, (g_start, g_start + len(grade)), source="header line"))
    return hits or None


def _code_in_parens(text: str) -> list[TitleHit]:
    """"Title (1234)" on one of the first lines; consecutive such lines name the levels of a series."""
    hits: list[TitleHit] = []
    for ln in lines(text)[:16]:
        m = _CODE_IN_PARENS.match(ln.text)
        if m:
            s = ln.start
            hits.append(TitleHit(title_case(m.group("title")), (s + m.start("title"), s + m.end("title")),
                                 m.group("code"), (s + m.start("code"), s + m.end("code")), source="title (code)"))
        elif hits and ln.text.strip():
            break
    return hits


def _article(text: str) -> list[TitleHit] | None:
    m = _ARTICLE.search(text[:2000])
    if not m:
        return None
    base = title_case(m.group("title"))
    hits = [TitleHit(base, m.span("title"), source="article")]
    for s in _ARTICLE_SECTION.finditer(text):
        at = s.group("title").find(base)
        if at != -1:
            name = s.group("title")[: at + len(base)].strip()
            hits.append(TitleHit(name, (s.start("title"), s.start("title") + len(name)), source="article"))
    return hits


def find_titles(text: str) -> list[TitleHit]:
    """Return the classes the document defines, in document order: a layout of several classes when there is
    one, else the best-scored candidate of a single class (none when no candidate reads as a title)."""
    for finder in (_class_table, _nys_header):
        hits = finder(text)
        if hits is not None:
            return _dedupe(hits)
    series = _code_in_parens(text)
    if len(series) > 1:
        return _dedupe(series)
    article = _article(text)
    if article is not None:
        return _dedupe(article)
    best = best_candidate(text, series)
    return split_levels(text, best) if best else []


_LEVEL_SEPARATOR = re.compile(r"\s+or\s+|\s*/\s*")


def split_levels(text: str, hit: TitleHit) -> list[TitleHit]:
    """A title line naming several classes ("Elections Technician or Elections Specialist", "A/B") is split into
    one title per class when each class heads a block of its own (its name alone on a line below the title)."""
    parts = [p for p in _LEVEL_SEPARATOR.split(hit.title) if p.strip()]
    if len(parts) < 2 or len(parts) > 4 or not all(head_noun(p) and len(p.split()) >= 2 for p in parts):
        return [hit]
    body = text[hit.span[1]:]
    headed = [re.search(rf"(?im)^[ \t#*-]*{re.escape(p)}[ \t*:]*$", body) for p in parts]
    if not all(headed):
        return [hit]
    out, at = [], hit.span[0]
    for part in parts:
        start = text.find(part, at, hit.span[1] + 1)
        start = start if start != -1 else hit.span[0]
        out.append(TitleHit(part, (start, start + len(part)), hit.class_code, hit.code_span, hit.grade,
                            hit.grade_span, confidence=round(hit.confidence * 0.9, 2), source=hit.source + " (split)"))
        at = start + len(part)
    return out


def _dedupe(hits: list[TitleHit]) -> list[TitleHit]:
    seen: dict[str, TitleHit] = {}
    for hit in hits:
        seen.setdefault(title_key(hit.title), hit)
    return list(seen.values())


# -- the candidates of a single class ----------------------------------------------------------------------------

@dataclass
class Candidate:
    """A line or phrase that may name the document's class: cleaned title, span, source, score and what it states."""

    title: str
    span: tuple[int, int]
    source: str
    base: float
    official: bool = False
    working: bool = False
    class_code: str | None = None
    code_span: tuple[int, int] | None = None
    grade: str | None = None
    grade_span: tuple[int, int] | None = None
    score: float = 0.0


# Below this score a candidate is not taken for the title (a first line or a heading with no job noun in it).
MIN_TITLE_SCORE = 0.5
_LABEL = re.compile(rf"^[ \t]*(?:[-*][ \t]+)?(?P<label>{TITLE_LABELS})[ \t]*:[ \t]*(?P<value>[^\n]*?)[ \t]*$",
                    re.M | re.I)
_FRONT_MATTER = re.compile(r"\A\s*---\n(?:[^\n]*\n){0,40}?---[ \t]*(?:\n|\Z)")
_FRONT_MATTER_TITLE = re.compile(
    r"\A\s*---\n(?:[^\n]*\n){0,12}?title:[ \t]*(?P<q>[\"']?)(?P<value>[^\n]+?)(?P=q)[ \t]*$", re.M)
_MARKDOWN_HEADING = re.compile(r"^(?P<hashes>#{1,3})[ \t]+(?P<value>[^\n]+?)[ \t#]*$", re.M)
_CLASS_CODE_LINE = re.compile(r"^\s*Class\s+Code:?\s*(?P<code>[A-Z]{0,3}\d{3,6}[A-Z]{0,3})\b", re.M | re.I)
_JURISDICTION_LINE = re.compile(
    r"\s*(?:(?:State|County|City|Commonwealth|Town|Village) of\b|[A-Z][a-z]+ County\b|Department of\b)", re.I
)
# A labelled class code near the top: "Class Code: 1961", "Title Code No: 1002D", "Job Code: 12TE",
# "Classification Number: 63122", "Series & Grade: 0301 - 15", "Job Family (Series): 2210 IT".
_CODE_LABEL = re.compile(
    r"^\s*(?:Class(?:ification)?\s+(?:Code|No\.?|Number)|(?:Job|Title)\s+Code(?:\s+No\.?)?|Series\s*(?:&|and)\s*Grade"
    r"|Job\s+Family\s*\(Series\)|Occupational\s+Series)\s*:?[ \t]*(?P<code>[A-Z]{0,3}\d{2,7}[A-Z]{0,4})\b",
    re.M | re.I,
)
# The occupational series of a federal posting, wherever its basic information stands.
_FEDERAL_SERIES = re.compile(
    r"^\s*(?:Series\s*(?:&|and)\s*Grade|Job\s+Family\s*\(Series\))\s*:?[ \t]*(?P<code>\d{4})\b", re.M | re.I)
_SPECIALTY = re.compile(r"^(?P<title>[A-Z][A-Z0-9 .,'&/-]+?)\s*\([^()]*[a-z][^()]*\)$")
# Each prose pattern with the words one of which it needs (a cheap test before the pattern runs).
_PROSE = [(words, re.compile(p, re.M)) for words, p in zip(
    (("hiring", "recruiting", "seeking", "looking", "seeks"), ("join",), ("the ", "our "), ("accepted", "sought"),
     ("position of", "role of"), ("opening", "vacancy", "opportunity"), ("to fill",)), TITLE_PROSE, strict=True)]
_HEAD_NOUN = re.compile(rf"^(?:{TITLE_HEAD_NOUNS})s?$", re.I)
_NOT_A_TITLE = re.compile(rf"(?i)\b(?:{NOT_A_TITLE_WORDS})\b")
# What may trail a title on its line: a federal grade ("GS15", "- GS-15", "(GS-13)"), a job or requisition number.
_GRADE_SUFFIX = re.compile(r"[\s,(-]*\b(?P<grade>GS|ES)[- ]?(?P<n>\d{1,2})\b\)?\s*$"
                           r"|[\s,(-]*\b(?P<ses>SES)\b\)?\s*$"
                           r"|,?\s*\(?\b(?:Grade|Pay Grade|Salary Grade)\s+(?P<plain>[A-Z]{0,3}-?\d{1,3}[A-Z]?)\)?\s*$",
                           re.I)
_SERIES_PREFIX = re.compile(r"^(?:(?P<code>\d{4})\s*[-:]?\s+)(?=[A-Za-z])")
_CODE_SUFFIX = re.compile(r"\s*\((?P<code>[A-Z0-9]{3,10})\)\s*$")
_DOCUMENT_SUFFIX = re.compile(
    r"(?i)\s*[-–:]?\s*(?:Performance Profile|Position Summary\b.*|Job Description|Class Specification)$"
    r"|\s+\(?DOQ\)?$")
_NUMBER_SUFFIX = re.compile(r"\s*(?:[-#,]|\bPOS\b|\b(?:No|Number)\.?)\s*#?\s*\d{5,}\s*$")


def best_candidate(text: str, series: list[TitleHit] | None = None) -> TitleHit | None:
    """Return the best-scored title candidate of a one-class document, or None when nothing reads as a title."""
    candidates = [c for c in _candidates(text, series or []) if c.title]
    for c in candidates:
        c.score = _score(c, text)
    candidates = [c for c in candidates if c.score >= MIN_TITLE_SCORE]
    if not candidates:
        return None
    best = max(candidates, key=lambda c: (c.score, -c.span[0]))
    hit = TitleHit(best.title, best.span, best.class_code, best.code_span, best.grade, best.grade_span,
                   confidence=round(min(best.score, 1.0), 2), source=best.source)
    if hit.class_code is None:
        code = _CODE_LABEL.search(text[:4000]) or _FEDERAL_SERIES.search(text[:30000])
        if code:
            hit.class_code, hit.code_span = code.group("code"), code.span("code")
    if best.official:
        hit.working_title = next((c.title for c in sorted(candidates, key=lambda c: -c.score)
                                  if c.working and title_key(c.title) != title_key(best.title)), None)
    return hit


def _candidates(text: str, series: list[TitleHit]) -> list[Candidate]:
    top = text[:6000]
    front_end = _FRONT_MATTER.match(text).end() if _FRONT_MATTER.match(text) else 0
    out: list[Candidate] = []
    if "=== JOB DETAILS ===" in top[:400]:  # the NEOGOV export: its Title: line is the title, else the prose
        m = re.search(r"^Title:[ \t]*(?P<value>\S[^\n]*?)\s*$", text, re.M)
        if m:
            return [_candidate(m.group("value"), m.start("value"), "label", 1.0)]
        return _prose(top)
    for m in _labels(text, front_end, min(len(text), 30000)):
        value, start = m.group("value"), m.start("value")
        if not value.strip():  # "Performance Profile:" with the title on the next line
            following = re.match(r"\n[ \t]*(?P<v>[^\n]{3,90})", top[m.end():])
            if not following:
                continue
            value, start = following.group("v"), m.end() + following.start("v")
        label = m.group("label").lower()
        official = bool(re.match(r"official|civil service|class(?:ification)? title", label))
        working = bool(re.match(r"working|business|job title|posting|position title", label))
        base = 0.97 if official else 0.75 if re.match(r"working|business", label) else 0.85 if "profile" in label \
            else 0.9
        out.append(_candidate(value, start, "label", base, official=official, working=working))
    front = _FRONT_MATTER_TITLE.match(text)
    if front:
        out.append(_candidate(front.group("value"), front.start("value"), "front matter", 0.82, working=True))
    if series:
        out.append(_from_hit(series[0], "title (code)", 0.93))
    code_line = _class_code_line(text)
    if code_line:
        out.append(_from_hit(code_line, "class code line", 0.93))
    for m in _MARKDOWN_HEADING.finditer(top):
        level = len(m.group("hashes"))
        if classify_heading(m.group("value")) is None:
            out.append(_candidate(m.group("value"), m.start("value"), f"heading {level}",
                                  0.8 if level == 1 else 0.5, working=level == 1))
    first = _first_line(text)
    if first:
        out.append(first)
    out.extend(_prose(top))
    return out


def _prose(top: str) -> list[Candidate]:
    lowered = top.lower()
    return [_candidate(m.group("t"), m.start("t"), "prose", 0.5) for words, rx in _PROSE
            if any(w in lowered for w in words) for m in rx.finditer(top)]


def _labels(text: str, start: int, end: int) -> list[re.Match[str]]:
    """The title label lines between start and end: each line holding "title" or "profile" is tried."""
    lowered = text[:end].lower()
    found, at = [], start
    while True:
        hits = [i for i in (lowered.find("title", at), lowered.find("profile", at)) if i != -1]
        if not hits:
            return found
        line_start = lowered.rfind("\n", 0, min(hits)) + 1
        line_end = lowered.find("\n", min(hits))
        line_end = end if line_end == -1 else line_end
        m = _LABEL.match(text, line_start, line_end)
        if m and m.start() >= start:
            found.append(m)
        at = line_end + 1


def _candidate(raw: str, start: int, source: str, base: float, **flags: bool) -> Candidate:
    """A candidate from a raw title as printed: trailing grade, series number, code and job number split off."""
    value = raw.strip()
    lead = len(raw) - len(raw.lstrip())
    grade = code = None
    grade_span = code_span = None
    quoted = re.match(r"^[\"'](?P<v>.+)[\"']$", value)
    if quoted:
        value, lead = quoted.group("v"), lead + 1
    series = _SERIES_PREFIX.match(value)
    if series:
        code, code_span = series.group("code"), (start + lead, start + lead + 4)
        lead, value = lead + series.end(), value[series.end():]
    suffix = _CODE_SUFFIX.search(value)
    if suffix and not suffix.group("code").isdigit():
        value = value[:suffix.start()]
    value = _DOCUMENT_SUFFIX.sub("", _NUMBER_SUFFIX.sub("", value))
    g = _GRADE_SUFFIX.search(value)
    if g and g.start() > 0:
        if g.group("grade"):
            grade = f"{g.group('grade').upper()}-{g.group('n')}"
            grade_span = (start + lead + g.start("grade"), start + lead + g.end("n"))
        elif g.group("plain"):
            grade, grade_span = g.group("plain"), (start + lead + g.start("plain"), start + lead + g.end("plain"))
        value = value[:g.start()]
    value = re.sub(r"\s*\($", "", value.rstrip(" :-–—,")).strip()  # "ADMINISTRATIVE STAFF ANALYST (" cut short
    title = title_case(value)
    at = start + lead
    return Candidate(title, (at, at + len(value)), source, base, class_code=code, code_span=code_span,
                     grade=grade, grade_span=grade_span, **flags)


def _from_hit(hit: TitleHit, source: str, base: float) -> Candidate:
    return Candidate(hit.title, hit.span, source, base, official=True, class_code=hit.class_code,
                     code_span=hit.code_span, grade=hit.grade, grade_span=hit.grade_span)


def _class_code_line(text: str) -> TitleHit | None:
    """The title line over a "Class Code:" line (City of Los Angeles bulletins and many county specs)."""
    code = _CLASS_CODE_LINE.search(text[:1500])
    if not code:
        return None
    above = [ln for ln in lines(text[: code.start()])
             if ln.text.strip() and not _JURISDICTION_LINE.match(ln.text) and not DOCUMENT_HEADER_LINE.match(ln.text)]
    first = next((ln for ln in reversed(above) if not re.search(r"\d{3,}|:", ln.text)), above[0] if above else None)
    if first is None:
        return None
    stripped = first.text.strip().strip("*# ")
    # "EQUIPMENT MECHANIC (Automotive Mechanic)": a capitalised title with its exam's specialty after it.
    specialty = _SPECIALTY.match(stripped)
    if specialty:
        stripped = specialty.group("title")
    start = first.start + first.text.index(stripped)
    return TitleHit(title_case(stripped), (start, start + len(stripped)), code.group("code"), code.span("code"))


def _first_line(text: str) -> Candidate | None:
    """A short title-like line at the top (no sentence punctuation, not a heading, not the employer)."""
    for ln in lines(text)[:12]:
        stripped = ln.text.strip(" \t*#")
        words = stripped.split()
        if not (1 < len(words) <= 8) or classify_heading(stripped) or re.search(r"[:$;?!|@]|\.$|\d{3,}", stripped):
            continue
        if not all(w[0].isupper() or w.lower() in LOWER_IN_TITLE or w[0] in "(&-" for w in words):
            continue
        if stripped.startswith("---") or _JURISDICTION_LINE.match(stripped) or DOCUMENT_HEADER_LINE.match(stripped):
            continue
        if re.match(r"(?i)(?:state|county|city|commonwealth|department|town|village)\b", stripped):
            continue
        start = ln.start + ln.text.index(stripped)
        following = re.match(r"\n[ \t]*(?P<more>[^\n]{1,40})", text[ln.end:])
        if following and _continues_title(stripped, following.group("more")):  # a title wrapped onto a second line
            more = following.group("more").rstrip()
            return _candidate(text[start:ln.end + following.start("more") + len(more)].replace("\n", " "), start,
                              "first line", 0.6)
        return _candidate(stripped, start, "first line", 0.6)
    return None


def _continues_title(line: str, following: str) -> bool:
    """Whether a short next line finishes a title ("Open Innovation Program Engineering" / "Lead")."""
    words = following.split()
    if not words or len(words) > 3 or len(line.split()) + len(words) > 10 or classify_heading(following):
        return False
    if re.search(r"[:.;!?$]|\d{3,}", following) or line.endswith((".", ":")):
        return False
    return all(w[0].isupper() or w[0] == "(" for w in words) and not _HEAD_NOUN.match(line.split()[-1])


def head_noun(title: str) -> bool:
    """Whether a title ends in a job noun, or names one before "of" / "for" ("Registrar of Voters")."""
    core = re.sub(r"\s*\([^)]*\)$|\s*\([^)]*$|\s+(?:[IVX]{1,4}|\d{1,2})$", "", title)
    first_part = re.split(r"\s*(?:\s-\s|-(?=[A-Z])|:|,)\s*", core, maxsplit=1)[0]  # "Coordinator-Training"
    heads = [core.split(), re.split(r"\s+(?:of|for)\s+", core, maxsplit=1)[0].split(),
             re.sub(r"\s+(?:[IVX]{1,4}|\d{1,2})$", "", first_part).split()]
    return any(words and _HEAD_NOUN.match(words[-1].strip(".,")) for words in heads)


def _score(c: Candidate, text: str) -> float:
    """How surely a candidate is the document's title: its source's weight, adjusted for its words and place."""
    words = c.title.split()
    if not words or len(c.title) > 100 or DOCUMENT_HEADER_LINE.match(c.title):
        return 0.0
    if c.source != "label" and classify_heading(c.title):  # a heading, not a title ("Minimum Qualifications")
        return 0.0
    score = c.base
    has_head_noun = head_noun(c.title)
    if re.search(r"[.!?]$|https?:|www\.|@", c.title):
        score -= 0.6
    elif not has_head_noun and c.source != "label" and _NOT_A_TITLE.search(c.title):
        score -= 0.6  # "Join the Technology Transformation Services": page chrome or a unit, not a title
    if len(words) > 10:
        score -= 0.3
    if len(words) == 1 and c.source in ("prose", "first line"):
        score -= 0.1  # "The Director oversees ...": a bare noun says little
    if not words[0][0].isupper() and not words[0][0].isdigit():
        score -= 0.3
    if has_head_noun:
        score += 0.08
    elif c.source in ("prose", "first line") or c.source.startswith("heading"):
        score -= 0.15
    if c.source != "label" and text.count(c.title) + text.count(c.title.upper()) > 1:
        score += 0.05
    return score
