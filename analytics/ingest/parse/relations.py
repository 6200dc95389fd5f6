"""Supervision, related classes and document facts (jurisdiction, effective date) with spans."""

from __future__ import annotations

import re
from datetime import datetime

from analytics.ingest.parse.patterns import (
    BARGAINING_UNIT_PATTERNS,
    CLASSIFICATION_PATTERNS,
    CLASSIFICATION_VALUES,
    JURISDICTION_PATTERNS,
    TITLE_HEAD_NOUNS,
    US_STATES,
)
from analytics.ingest.parse.requirements import TITLE_PHRASE, clean_title
from analytics.ingest.parse.sections import Section, lines
from analytics.vocabulary import title_key

_UNDER = re.compile(
    rf"(?i:under\s+(?:the\s+)?(?:general\s+|direct\s+|close\s+|administrative\s+|immediate\s+|minimal\s+)?"
    rf"(?:supervision|direction)\s+(?:of|by|from)\s+(?:an?\s+|the\s+)?)(?P<title>{TITLE_PHRASE})"
    rf"|(?i:(?:reports?\s+(?:directly\s+)?to|(?:is\s+)?supervised\s+by|receives?\s+(?:general\s+|direct\s+|close\s+)?"
    rf"(?:supervision|direction)\s+from)\s+(?:an?\s+|the\s+)?)(?P<title2>{TITLE_PHRASE})",
)
# Where a supervision statement may start (a literal scan of the lower-cased text, then _UNDER at each place).
_UNDER_START = re.compile(r"\bunder\s|\breports?\s|\bsupervised\s|\bis\s+supervised|\breceives?\s")
_SUPERVISES_START = re.compile(r"\b(?:supervise|direct|lead|oversees|acts\s+as|assigns)")
_SUPERVISES = re.compile(
    rf"\b(?i:(?:supervises?|directs?|leads?|oversees|acts\s+as\s+(?:a\s+)?lead\s+for|assigns,?\s+(?:\w+\s+)?(?:and\s+)?"
    rf"(?:reviews|evaluates)(?:,?\s+and\s+evaluates)?)\s+(?:and\s+(?:trains?|works\s+with|participates\s+in)\s+)?"
    rf"(?P<work>the\s+work\s+of\s+)?(?P<group>the\s+|an?\s+(?:small\s+)?(?:group|crew|team|staff)\s+of\s+"
    rf"|one\s+or\s+more\s+)?)(?P<title>{TITLE_PHRASE})"
)
_DIFFERS = re.compile(
    rf"(?:differs?|(?:is\s+)?(?:differentiated|distinguished))\s+from\s+(?:those\s+in\s+the\s+|the\s+)?"
    rf"(?P<title>{TITLE_PHRASE})(?:\s+series)?"
)
_RELATED_LEAD = re.compile(rf"^\s*(?P<title>{TITLE_PHRASE})(?=\s+[a-z])")
DATE_RULES: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"Date Posted:\s*(\d{4}-\d{2}-\d{2})"), "%Y-%m-%d"),
    (re.compile(r"^\s*(?:Posting|Posted|Post)\s+Date:\s*(\d{4}-\d{2}-\d{2})", re.M | re.I), "%Y-%m-%d"),
    (re.compile(r"^\s*(?:Posting|Posted|Post)\s+Date:\s*(\d{1,2}/\d{1,2}/\d{4})", re.M | re.I), "%m/%d/%Y"),
    (re.compile(r"Opening and closing period[^:\n]*:\s*(\d{1,2}/\d{1,2}/\d{4})", re.I), "%m/%d/%Y"),
    (re.compile(r"Opening and closing period[^:\n]*:[^\n]*?([A-Z][a-z]+ \d{1,2}, \d{4})"), "%B %d, %Y"),
    (re.compile(r"Open Date:\s*(\d{1,2}-\d{1,2}-\d{2})\b", re.I), "%m-%d-%y"),
    (re.compile(r"Open Date:\s*(\d{1,2}-\d{1,2}-\d{4})\b", re.I), "%m-%d-%Y"),
    (re.compile(r"Opening Date:\s*(\d{1,2}/\d{1,2}/\d{4})", re.I), "%m/%d/%Y"),
    (re.compile(r"EFFECTIVE DATE\s*\n\s*(\d{1,2}/\d{1,2}/\d{4})"), "%m/%d/%Y"),
    (re.compile(r"^\s*Effective(?: Date)?:\s*(\d{1,2}/\d{1,2}/\d{4})\b", re.M | re.I), "%m/%d/%Y"),
    (re.compile(r"APPROVED:\W*([A-Z][a-zA-Z]+ \d{1,2}, \d{4})"), "%B %d, %Y"),
    (re.compile(r"Published:\s*([A-Z][a-z]{2} \d{1,2}, \d{4})"), "%b %d, %Y"),
    (re.compile(r"^\s*Date:\s*(\d{1,2}/\d{4})\s*$", re.M), "%m/%Y"),
    (re.compile(r"^\s*Date:\s*(\d{1,2}/\d{2})\s*$", re.M), "%m/%y"),
    (re.compile(r"(?:Series|Class) (?:established|revised) ([A-Z][a-z]+ \d{1,2}, \d{4})"), "%B %d, %Y"),
)
# The label word of a date rule, looked for in the lower-cased text before the rule runs.
_DATE_WORD = re.compile(r"posted|posting|opening|open|effective|approved|published|date|established|revised", re.I)
_HISTORY_DATE = re.compile(r"\|\s*(\d{2}/\d{2}/\d{4})\s*(?=\|)")
# A spec's own history lines ("Established: 02/24/1945", "Revised: 05/02/1995"): the latest is its date.
_HISTORY_LINE = re.compile(
    r"^\s*(?:Established|Revised|Amended|Adopted|Title Changed)\s*:\s*(\d{1,2}/\d{1,2}/\d{4})\s*$", re.M | re.I
)


def supervised_by(text: str, title: str, others: list[str]) -> list[tuple[str, tuple[int, int]]]:
    """Return (supervisor title, span) for classes the text says supervise this title."""
    out = []
    keys = {title_key(o) for o in others}
    lowered = text.lower()
    starts = [m.start() for m in _UNDER_START.finditer(lowered)]
    for m in (found for at in starts if (found := _UNDER.match(text, at))):
        name = clean_title(m.group("title") or m.group("title2"))
        if name and title_key(name) != title_key(title) and (title_key(name) in keys or names_a_class(name)):
            out.append((name, m.span()))
    return out


_HEAD_NOUN = re.compile(rf"^(?:{TITLE_HEAD_NOUNS})$", re.I)
_UNIT_WORDS = re.compile(r"(?i)\b(?:personnel|staff|responsibility|initiative|model|each|members?)\b")


def names_a_class(name: str) -> bool:
    """Whether a supervisor's name reads as a class title: a few words ending in a job noun ("Senior Employment
    Case Manager"), not a unit of the employer ("Elections Division personnel")."""
    words = re.sub(r"\s+(?:[IVX]{1,4}|\d{1,2})$", "", name).split()
    head = re.split(r"\s+(?:of|for)\s+", name, maxsplit=1)[0].split()  # "Deputy Director of Finance"
    ends_in_noun = bool(_HEAD_NOUN.match(words[-1])) or bool(head and _HEAD_NOUN.match(head[-1]))
    return 1 <= len(words) <= 7 and ends_in_noun and not _UNIT_WORDS.search(name)


def supervises(duties_text: str, offset: int, title: str, others: list[str]) -> list[tuple[str, tuple[int, int]]]:
    """Return (subordinate title, span) for classes of this document a title's duties say it supervises."""
    keys = {title_key(o): o for o in others}
    out = []
    starts = [m.start() for m in _SUPERVISES_START.finditer(duties_text.lower())]
    for m in (found for at in starts if (found := _SUPERVISES.match(duties_text, at))):
        name = clean_title(m.group("title"))
        if not name or title_key(name) == title_key(title):
            continue
        # A class of this document, or a plural class name after "a crew of" / "one or more" (Painters).
        if title_key(name) in keys:
            out.append((keys[title_key(name)], (offset + m.start(), offset + m.end())))
        elif _plural(m.group("title")) and ((m.group("group") or "").strip() not in ("", "the")
                                             or (m.group("work") and names_a_class(name))):
            out.append((name, (offset + m.start(), offset + m.end())))
    return out


def _plural(name: str) -> bool:
    return name.rstrip().endswith(("s", " I", " II"))


def related_classes(sections: list[Section], text: str) -> list[tuple[str, tuple[int, int]]]:
    """Return (related title, span) from Related Classes sections and "differs from X" sentences."""
    out = []
    for section in (s for s in sections if s.kind == "related"):
        for ln in lines(section.body.text):
            m = _RELATED_LEAD.match(ln.text)
            name = clean_title(m.group("title")) if m else None
            if name:
                start = section.body.start + ln.start + m.start("title")
                out.append((name, (start, start + len(m.group("title")))))
    # The substring test is much faster than the pattern, which has no literal prefix to skip ahead with.
    for m in _DIFFERS.finditer(text) if ("differ" in text or "distinguished" in text) else ():
        name = clean_title(m.group("title"))
        if name:
            out.append((name, m.span("title")))
    return out


def jurisdiction(text: str) -> tuple[str, tuple[int, int]] | None:
    """Return the jurisdiction the document names, with its span: an Employer: or Agency: line as printed, else a
    named employer of patterns.JURISDICTION_PATTERNS (first in the text), else a government named on one of the
    first lines, else the government the text names most often ("Boulder County", "State of Colorado")."""
    employer = re.search(r"^(?:Employer|Agency)[ \t]*:[ \t]*(?P<name>\S[^\n]*?)\s*$", text, re.M)
    if employer:
        return employer.group("name"), employer.span("name")
    hits = [(m.start(), name, m.span()) for rx, name in JURISDICTION_PATTERNS for m in [re.search(rx, text)] if m]
    if hits:
        _, name, span = min(hits)
        return (name, span) if name else None
    return _header_jurisdiction(text) or _named_most(text)


_GOVERNMENT_OF = re.compile(
    r"\b(?P<name>(?:State|County|City|Commonwealth|Town|Village|City and County) of (?:the )?[A-Z][a-z]+"
    r"(?: (?!County\b)[A-Z][a-z]+)?)\b"
)
_COUNTY = re.compile(r"(?<!\bthe )\b(?P<name>[A-Z][a-z]+(?: [A-Z][a-z]+)? County)(?! (?:Clerk|Board|Commission|"
                     r"Association|Government|Courthouse|Administrator)s?\b)")
# Forms a government is also named by in running text, and the name it goes by.
_GOVERNMENT_ALIASES = {"New York City": "City of New York"}


def _named_most(text: str) -> tuple[str, tuple[int, int]] | None:
    """The government the first part of the text names most often (the first named among equals)."""
    found: dict[str, list[tuple[int, int]]] = {}
    head = text[:20000]
    places = [m for m in _GOVERNMENT_OF.finditer(head)]
    for county in re.finditer(r" County\b", head):
        m = _COUNTY.search(head, max(0, county.start() - 40), county.end())
        if m and m.end() == county.end():
            places.append(m)
    if "New York City" in head:
        places += list(re.finditer(r"(?P<name>New York City)", head))
    for m in sorted(places, key=lambda m: m.start()):
        name = m.group("name")
        line_start = text.rfind("\n", 0, m.start()) + 1
        if name.split()[0] in _NOT_A_PLACE or _LOCATION_LINE.match(text, line_start):
            continue
        found.setdefault(_GOVERNMENT_ALIASES.get(name, name), []).append(m.span("name"))
    if not found:
        return None
    name, spans = max(found.items(), key=lambda item: (len(item[1]), -item[1][0][0]))
    if len(spans) < 2 and not _HIRING.search(_sentence_around(text, spans[0][0])):
        return None  # named once, and not as the one hiring ("licensed in the State of Washington")
    return name, spans[0]


_NOT_A_PLACE = frozenset({"The", "This", "Each", "Any", "Our", "Your", "Per", "View", "Visit", "Contact", "Serving",
                          "About", "Welcome", "Search", "Home", "Join"})
_LOCATION_LINE = re.compile(r"[ \t|*-]*(?:Location|Work Location|Address|Located)\b", re.I)
_HIRING = re.compile(r"\b(?:hiring|looking for|seeking|seeks|recruiting|join|employer|employs|is accepting|invites)\b",
                     re.I)


def _sentence_around(text: str, pos: int) -> str:
    start = max(text.rfind(".", 0, pos), text.rfind("\n", 0, pos)) + 1
    ends = [i for i in (text.find(".", pos), text.find("\n", pos)) if i != -1]
    return text[start:min(ends) if ends else len(text)]


_HEADER_JURISDICTION = re.compile(
    r"^\s*(?P<name>(?:State|County|City|Commonwealth|Town|Village|City and County) of [A-Z][\w.]*(?: [A-Z][\w.]*){0,3}"
    r"|[A-Z][a-z]+(?: [A-Z][a-z]+)? County)\b"
)


def _header_jurisdiction(text: str) -> tuple[str, tuple[int, int]] | None:
    """An employer named on one of the first lines ("County of Erie", "Lane County", "COUNTY OF SONOMA",
    "Washington State Human Resources")."""
    top = [ln for ln in lines(text) if ln.text.strip()][:3]
    for ln in top:
        line = ln.text if not ln.text.isupper() else title_case_words(ln.text)
        m = _HEADER_JURISDICTION.match(line)
        if m:
            return m.group("name"), (ln.start + m.start("name"), ln.start + m.end("name"))
        state = _STATE_HEADER.match(line)
        if state and state.group("state") in US_STATES:
            return f"State of {state.group('state')}", (ln.start + state.start(), ln.start + state.end())
    return None


def title_case_words(line: str) -> str:
    """The line with each word capitalised and small connecting words in lower case (same length)."""
    return re.sub(r"[A-Za-z]+", lambda m: m.group(0).lower() if m.group(0).lower() in ("of", "and", "the")
                  else m.group(0).capitalize(), line)


_STATE_HEADER = re.compile(r"^\s*(?P<state>[A-Z][a-z]+(?: [A-Z][a-z]+)?) State\b(?! University| College)")


def _is_date(text: str) -> bool:
    try:
        datetime.strptime(text, "%m/%d/%Y")
    except ValueError:
        return False
    return True


def effective_date(text: str) -> tuple[str, tuple[int, int]] | None:
    """Return the document's own date as ISO (YYYY-MM-DD, or YYYY-MM when only a month is stated)."""
    history = [(datetime.strptime(m.group(1), "%m/%d/%Y"), m.span(1))
               for rx in (_HISTORY_DATE, _HISTORY_LINE) if "/" in text
               for m in rx.finditer(text) if _is_date(m.group(1))]
    if history:
        when, span = max(history)
        return when.strftime("%Y-%m-%d"), span
    lowered = _lowered(text)
    for rx, fmt in DATE_RULES:
        if _DATE_WORD.search(rx.pattern) and _DATE_WORD.search(rx.pattern).group(0).lower() not in lowered:
            continue  # the rule's label is nowhere in the text
        m = rx.search(text)
        if not m:
            continue
        try:
            when = datetime.strptime(m.group(1).title() if "%B" in fmt or "%b" in fmt else m.group(1), fmt)
        except ValueError:
            continue
        iso = when.strftime("%Y-%m") if "%d" not in fmt else when.strftime("%Y-%m-%d")
        return iso, m.span(1)
    return None


def _lowered(text: str) -> str:
    """The text lower-cased with every character where it was (a few characters change length when
    lower-cased, e.g. "İ": those are left as they are, so spans found in the result fit the text)."""
    lowered = text.lower()
    if len(lowered) == len(text):
        return lowered
    return "".join(c if len(c.lower()) != 1 else c.lower() for c in text)


def classification(text: str) -> tuple[str, tuple[int, int]] | None:
    """Return the jurisdictional class the document states (competitive, non-competitive, exempt, labor,
    unclassified) and the span of the words stating it, or None."""
    lowered = _lowered(text)
    found = [m for rx in CLASSIFICATION_PATTERNS for m in rx.finditer(lowered)]
    for m in sorted(found, key=lambda m: m.start("value")):
        value = CLASSIFICATION_VALUES.get(" ".join(m.group("value").split()))
        if value:
            return value, m.span("value")
    return None


def bargaining_unit(text: str) -> tuple[str, tuple[int, int]] | None:
    """Return the bargaining unit the document states, as written, and its span, or None."""
    lowered = _lowered(text)
    found = [m for rx in BARGAINING_UNIT_PATTERNS for m in rx.finditer(lowered)
             if not lowered[lowered.rfind("\n", 0, m.start()) + 1:m.start()].strip()]
    first = min(found, key=lambda m: m.start("value"), default=None)
    if first is None:
        return None
    start, end = first.span("value")
    return text[start:end], (start, end)
