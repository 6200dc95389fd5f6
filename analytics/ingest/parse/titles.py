"""Find the classes a document defines: title, class code and grade, each with its character span."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from analytics.ingest.parse.patterns import DOCUMENT_HEADER_LINE, LOWER_IN_TITLE, ROMAN, SINGULAR_ENDINGS_KEEP
from analytics.ingest.parse.sections import lines
from analytics.vocabulary import title_key


@dataclass
class TitleHit:
    """A class the document defines, with the spans of the facts stated about it."""

    title: str
    span: tuple[int, int]
    class_code: str | None = None
    code_span: tuple[int, int] | None = None
    grade: str | None = None
    grade_span: tuple[int, int] | None = None
    aliases: list[str] = field(default_factory=list)


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
_NEOGOV_TITLE = re.compile(r"^Title:[ \t]*(?P<title>\S[^\n]*?)\s*$", re.M)
_JURISDICTION_LINE = re.compile(
    r"\s*(?:(?:State|County|City|Commonwealth|Town|Village) of\b|[A-Z][a-z]+ County\b|Department of\b)", re.I
)
_CLASS_CODE_LINE = re.compile(r"^\s*Class\s+Code:?\s*(?P<code>[A-Z]{0,3}\d{3,6}[A-Z]{0,3})\b", re.M | re.I)
_SPECIALTY = re.compile(r"^(?P<title>[A-Z][A-Z0-9 .,'&/-]+?)\s*\([^()]*[a-z][^()]*\)$")
_ARTICLE = re.compile(r"^\s*WHAT DOES (?:AN?|THE) (?P<title>[A-Z][A-Z .'&/-]+?) DO\?", re.M)
_ARTICLE_SECTION = re.compile(
    r"^\s*\d{1,2}\.\s+(?P<title>(?:Sr\.|Senior|Jr\.|Junior|Lead|Chief|Principal|Assistant|Associate)?[A-Z][\w.' &/-]+?)"
    r"\s+(?:Duties|Responsibilities|Accountabilities|Functions|Job Description|Overview|Role|Tasks)\b",
    re.M,
)
_BOLD_TITLE = re.compile(r"^\s*\*\*(?P<title>[A-Z][A-Z0-9 .,'&/()-]{3,90})\*\*\s*$", re.M)


def find_titles(text: str) -> list[TitleHit]:
    """Return the classes the document defines, in document order (first layout that matches wins)."""
    finders = (_neogov, _labelled_title, _class_table, _nys_header, _code_in_parens, _class_code_line, _article,
               _bold_title, _first_line_title)
    for finder in finders:
        hits = finder(text)
        if hits is not None:
            return _dedupe(hits)
    return []


def _dedupe(hits: list[TitleHit]) -> list[TitleHit]:
    seen: dict[str, TitleHit] = {}
    for hit in hits:
        seen.setdefault(title_key(hit.title), hit)
    return list(seen.values())


def _neogov(text: str) -> list[TitleHit] | None:
    if "=== JOB DETAILS ===" not in text[:400]:
        return None
    m = _NEOGOV_TITLE.search(text)
    if not m:
        return []  # a posting with no Title: line states no title
    return [TitleHit(title_case(m.group("title")), m.span("title"))]


def _class_table(text: str) -> list[TitleHit] | None:
    hits = [
        TitleHit(title_case(m.group("title")), m.span("title"), m.group("code"), m.span("code"))
        for m in _CLASS_TABLE.finditer(text)
        if not re.match(r"(?i)class\b", m.group("title"))
    ]
    return hits or None


def _nys_header(text: str) -> list[TitleHit] | None:
    if not re.search(r"\d{7}", text[:3000]):
        return None
    hits = []
    for m in _NYS_HEADER.finditer(text[:3000]):
        grade = re.sub(r"(?i)^(?:grade|g-|sg-)\s*", "", m.group("grade")).upper()
        g_start = m.start("grade") + m.group("grade").upper().rfind(grade)
        hits.append(TitleHit(title_case(m.group("title")), m.span("title"), m.group("code"), m.span("code"),
                             grade, (g_start, g_start + len(grade))))
    return hits or None


def _code_in_parens(text: str) -> list[TitleHit] | None:
    """"Title (1234)" on one of the first lines; consecutive such lines name the levels of a series."""
    hits: list[TitleHit] = []
    for ln in lines(text)[:16]:
        m = _CODE_IN_PARENS.match(ln.text)
        if m:
            s = ln.start
            hits.append(TitleHit(title_case(m.group("title")), (s + m.start("title"), s + m.end("title")),
                                 m.group("code"), (s + m.start("code"), s + m.end("code"))))
        elif hits and ln.text.strip():
            break
    return hits or None


def _class_code_line(text: str) -> list[TitleHit] | None:
    code = _CLASS_CODE_LINE.search(text[:1500])
    if not code:
        return None
    above = [ln for ln in lines(text[: code.start()])
             if ln.text.strip() and not _JURISDICTION_LINE.match(ln.text) and not DOCUMENT_HEADER_LINE.match(ln.text)]
    first = next((ln for ln in reversed(above) if not re.search(r"\d{3,}|:", ln.text)), above[0] if above else None)
    if first is None:
        return None
    stripped = first.text.strip()
    # "EQUIPMENT MECHANIC (Automotive Mechanic)": a capitalised title with its exam's specialty after it.
    specialty = _SPECIALTY.match(stripped)
    if specialty:
        stripped = specialty.group("title")
    start = first.start + first.text.index(stripped)
    return [TitleHit(title_case(stripped), (start, start + len(stripped)), code.group("code"), code.span("code"))]


def _article(text: str) -> list[TitleHit] | None:
    m = _ARTICLE.search(text[:2000])
    if not m:
        return None
    base = title_case(m.group("title"))
    hits = [TitleHit(base, m.span("title"))]
    for s in _ARTICLE_SECTION.finditer(text):
        at = s.group("title").find(base)
        if at != -1:
            name = s.group("title")[: at + len(base)].strip()
            hits.append(TitleHit(name, (s.start("title"), s.start("title") + len(name))))
    return hits


def _bold_title(text: str) -> list[TitleHit] | None:
    from analytics.ingest.parse.sections import heading_kind

    for m in _BOLD_TITLE.finditer(text[:3000]):
        candidate = m.group("title").strip()
        if ":" in candidate or heading_kind(candidate) or candidate.endswith("CONTINUED"):
            continue
        return [TitleHit(title_case(candidate), m.span("title"))]
    return None


_TITLE_LABEL = re.compile(
    r"^\s*(?:Class(?:ification)?|Job|Position)\s+Title\s*:[ \t]*(?P<title>\S[^\n]{2,100}?)\s*$", re.M | re.I
)
_CODE_LABEL = re.compile(
    r"^\s*(?:Class(?:ification)?|Job)\s+(?:Code|No\.?|Number)\s*:?[ \t]*(?P<code>[A-Z]{0,3}\d{2,7}[A-Z]{0,4})\b",
    re.M | re.I,
)


def _labelled_title(text: str) -> list[TitleHit] | None:
    """"Class Title: X" / "Job Title: X" with an optional "Class Code: N" label near it."""
    m = _TITLE_LABEL.search(text[:4000])
    if not m:
        return None
    code = _CODE_LABEL.search(text[:4000])
    return [TitleHit(title_case(m.group("title")), m.span("title"),
                     code.group("code") if code else None, code.span("code") if code else None)]


def _first_line_title(text: str) -> list[TitleHit] | None:
    """Last resort: a short title-like line at the top (no sentence punctuation, not a heading)."""
    from analytics.ingest.parse.sections import heading_kind

    for ln in lines(text)[:12]:
        stripped = ln.text.strip(" \t*#")
        words = stripped.split()
        if not (1 < len(words) <= 8) or heading_kind(stripped) or re.search(r"[:$;?!|@]|\.$|\d{3,}", stripped):
            continue
        if not all(w[0].isupper() or w.lower() in LOWER_IN_TITLE or w[0] in "(&-" for w in words):
            continue
        if re.match(r"(?i)(?:state|county|city|commonwealth|department|town|village)\b", stripped):
            continue
        if _JURISDICTION_LINE.match(stripped) or DOCUMENT_HEADER_LINE.match(stripped):  # "Maricopa County"
            continue
        start = ln.start + ln.text.index(stripped)
        code = _CODE_LABEL.search(text[:4000])
        return [TitleHit(title_case(stripped), (start, start + len(stripped)),
                         code.group("code") if code else None, code.span("code") if code else None)]
    return None
