"""Minimum qualifications: alternative paths, education substitutions and promotional / feeder lines."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from analytics.ingest.parse.numbers import DURATION, NUMBER, duration_years, number_value
from analytics.ingest.parse.patterns import (
    CLASS_REFERENCE,
    EDUCATION_PATTERNS,
    GENERIC_SUPERVISORS,
    JOB_NOUNS,
    SUBSTITUTION_WORDS,
)
from analytics.ingest.parse.titles import singular, title_case
from analytics.vocabulary import EDUCATION_RANK, FEEDER, PROMOTIONAL_LINE

# A word of a title; a full stop only after a short abbreviation ("Sr.", "Dept."), never a sentence's end.
_TITLE_WORD = r"(?:[A-Z][a-z]{0,3}\.(?=\s[A-Z])|[A-Z][\w'’/-]*|[IVX]{1,4}\b|\d{1,2}\b|\([A-Z][\w ]{0,20}\))"
TITLE_PHRASE = rf"{_TITLE_WORD}(?:[ \t]+(?:(?:of|and|the|in|for|&|to)[ \t]+)?{_TITLE_WORD})*"
_MORE = rf"(?:[,;][ \t]*(?:or[ \t]+)?|[ \t]+or[ \t]+)(?:an?[ \t]+)?(?P<t>{TITLE_PHRASE})"
_REFERENCE = re.compile(rf"\b{CLASS_REFERENCE}\s+(?P<title>{TITLE_PHRASE})(?P<more>(?:{_MORE.replace('?P<t>', '')})*)")
_EDUCATION = [(level, re.compile(p, re.I)) for level, p in EDUCATION_PATTERNS]
_PARENS = re.compile(r"\((?=[^()]*(?:experience|service|\s\w+\s\w+\s\w+))[^()]*\)|\[[^\[\]]*\]", re.I)
_CLAUSE_END = re.compile(r"[.;]|\d|\b(?:one|two|three|four|five|six|seven|eight|nine|ten)\b")
_YEAR_OR_MONTH = re.compile(r"year|month|\byrs?\b|\bmos?\b", re.I)
_AFTER_DURATION = re.compile(r"(?:within|after|last|past|first|than|for)\s*$", re.I)
# "may be substituted for the required experience in Requirement #1": the years are that requirement's.
_REQUIRED_IN = re.compile(
    r"for\s+the\s+required\s+experience\s+in\s+Requirement\s*(?:No\.|#)?\s*(?P<number>\d)\b", re.I
)
_SUPERVISORY = re.compile(r"supervis|lead\b|managerial", re.I)
_EXPERIENCE_CONTEXT = re.compile(
    r"^[^.;]{0,80}?\b(experience|exp\.|service|work|employment|as an?|performing)(?:\b|(?<=\.))", re.I
)
SUBSTITUTION = re.compile(SUBSTITUTION_WORDS, re.I)
_NOT_A_CLASS = re.compile(
    r"^(?:(?:City|State|County|Department|Bureau|Division|Office) of\b|California$|Los Angeles$|Range\b"
    r"|Class(?: Code)?\b)"
)
_LEVEL_EXPERIENCE = re.compile(
    rf"\bof\s+(?P<title>(?:{TITLE_PHRASE}\s+)?(?:{JOB_NOUNS})(?:\s+(?:[IVX]{{1,4}}|\d{{1,2}}))?)\s+(?:level|or\s+above|experience)\b"
)


@dataclass
class Path:
    """One alternative way to qualify: education, total years, supervisory years, span, and for a coursework
    path the semester units it asks for and whether they are graduate units."""

    education: str | None
    experience_years: float | None
    supervisory_years: float | None
    span: tuple[int, int]
    coursework_units: float | None = None
    coursework_level: str | None = None  # "graduate" | "undergraduate" when units are stated
    field: str | None = None  # the subject of the degree or experience, in a few words ("accounting")
    specialized_years: float | None = None


@dataclass
class Edge:
    """A stated move into a title: from_title, years, kind, span and how surely it was read."""

    from_title: str
    years: float | None
    kind: str
    span: tuple[int, int]
    confidence: float = 1.0  # how surely the statement was read (0-1)


@dataclass
class Substitution:
    """Education that replaces a stated number of years of experience."""

    education: str
    years: float
    span: tuple[int, int]


@lru_cache(maxsize=1024)
def education_mentions(text: str) -> list[tuple[str, int]]:
    """Return (education level, position) for every education phrase in the text (a shared list: do not change
    it)."""
    found = [(level, m.start()) for level, rx in _EDUCATION for m in rx.finditer(text)]
    return sorted(found, key=lambda pair: pair[1])


def lowest_education(text: str) -> str | None:
    """Return the lowest education level a requirement text accepts (degrees before coursework)."""
    levels = {level for level, _ in education_mentions(text)}
    degrees = levels - {"coursework"}
    if degrees:
        return min(degrees, key=lambda lv: EDUCATION_RANK[lv])
    return "coursework" if levels else None


def required_education(text: str) -> str | None:
    """Return the education a requirement needs: alternatives (or) take the lowest, parts (and) the highest."""
    parts = [lowest_education(part) for part in re.split(r"\band\b|;|\+", text)]
    return higher_education(*parts)


def higher_education(*levels: str | None) -> str | None:
    """Return the highest of the given education levels, ignoring None."""
    known = [lv for lv in levels if lv]
    return max(known, key=lambda lv: EDUCATION_RANK[lv]) if known else None


def experience_years(text: str) -> tuple[float | None, tuple[int, int] | None]:
    """Return the total years of experience a requirement states first, and its span in the text."""
    if not _YEAR_OR_MONTH.search(text):
        return None, None
    matches = [m for m in DURATION.finditer(text)
               if (_EXPERIENCE_CONTEXT.match(text[m.end():]) or re.match(r"\s+(?:of|in)\b", text[m.end():]))
               and not _AFTER_DURATION.search(text[max(0, m.start() - 12): m.start()])]
    if not matches:
        return None, None
    first = matches[0]
    years = duration_years(first)
    after = text[first.end(): first.end() + 30]
    extra = re.match(r"\s+and\s+", after)
    if extra and years is not None:
        more = DURATION.match(text, first.end() + extra.end())
        if more and more.group("unit").lower().startswith("month"):
            years += duration_years(more) or 0.0
    return years, first.span()


def supervisory_years(text: str) -> float | None:
    """Return the years of supervisory experience a requirement asks for, if it says so."""
    for m in DURATION.finditer(text):
        window = _CLAUSE_END.split(text[m.end(): m.end() + 70])[0]
        if _SUPERVISORY.search(window):
            return duration_years(m)
    return None


_UNITS_STATED = re.compile(
    rf"(?<![\w-])(?P<n>{NUMBER})\s+(?P<kind>semester|quarter)\s+(?:or\s+(?P<m>{NUMBER})\s+(?P<other>semester|quarter)\s+)?"
    r"(?:units?|hours?|credits?|credit\s+hours)\b",
    re.IGNORECASE,
)
_GRADUATE = re.compile(r"\bgraduate(?:[- ]level)?\s+(?:work|units|study|courses|coursework|credits?|program)\b"
                       r"|\bpost[- ]?graduate\b", re.IGNORECASE)
QUARTER_TO_SEMESTER = 2 / 3  # 45 quarter units = 30 semester units (the ratio every stated pair uses)


def coursework_units(text: str) -> tuple[float | None, str | None]:
    """Return the semester units of college coursework a requirement asks for first, and their level.

    "Thirty semester units or 45 quarter units of graduate work" -> (30.0, "graduate"); "60 semester or
    90 quarter units" -> (60.0, "undergraduate"). Quarter units alone are converted (x 2/3). The level is
    "graduate" when the clause calls the units graduate work, else "undergraduate"; (None, None) when no
    units are stated.
    """
    m = _UNITS_STATED.search(text)
    if not m:
        return None, None
    semester = m.group("n") if m.group("kind").lower() == "semester" else m.group("m")
    if semester is not None and (m.group("kind").lower() == "semester" or m.group("other").lower() == "semester"):
        units = number_value(semester)
    else:
        quarter = number_value(m.group("n"))
        units = round(quarter * QUARTER_TO_SEMESTER, 2) if quarter is not None else None
    if units is None:
        return None, None
    clause = re.split(r"[.;]", text[m.start():])[0]
    return units, ("graduate" if _GRADUATE.search(clause) else "undergraduate")


def class_references(text: str) -> list[tuple[str, int, int]]:
    """Return (title, start, end) for each class named in a requirement ("as a Real Estate Officer")."""
    out = []
    for m in _REFERENCE.finditer(text):
        names = [(m.group("title"), m.start("title"), m.end("title"))]
        for extra in re.finditer(_MORE, m.group("more") or ""):
            name = extra.group("t")
            if re.fullmatch(r"[IVX]{1,4}|\d{1,2}", name):  # "Associate II, III, or IV"
                name = re.sub(r"\s+(?:[IVX]{1,4}|\d{1,2})$", "", names[0][0]) + " " + name
            elif " " not in name and extra.group(0).startswith(","):  # "Senior Typist, Legal"
                first, s0, _ = names[-1]
                names[-1] = (f"{first}, {name}", s0, m.start("more") + extra.end("t"))
                continue
            names.append((name, m.start("more") + extra.start("t"), m.start("more") + extra.end("t")))
        for name, start, end in names:
            clean = clean_title(name)
            if clean:
                out.append((clean, start, end))
    for m in _LEVEL_EXPERIENCE.finditer(text):
        clean = clean_title(m.group("title"))
        if clean and len(clean.split()) > 1 and not any(s <= m.start("title") < e for _, s, e in out):
            out.append((clean, m.start("title"), m.end("title")))
    return sorted(out, key=lambda ref: ref[1])


def clean_title(name: str) -> str | None:
    """Return a named class as a title, or None when the words are not a class name."""
    name = re.sub(r"[\s.,;:]+$", "", name.strip())
    name = re.sub(r"\s*\(Range [A-Z]\)|,?\s+Range [A-Z]\b", "", name).strip()
    words = name.split()
    while words and words[-1].lower() in {"of", "and", "the", "in", "for", "&", "to"}:
        words.pop()
    name = " ".join(words)
    if not name or name.lower() in GENERIC_SUPERVISORS or _NOT_A_CLASS.match(name):
        return None
    if len(words) == 1 and (words[0].isupper() and len(words[0]) <= 4):
        return None
    return singular(title_case(name))


def path_or_promotions(text: str, offset: int, common_education: str | None) -> tuple[list[Path], list[Edge]]:
    """Read one alternative: a qualification path, or promotional lines when it is time in named classes."""
    main = _PARENS.sub(lambda m: " " * len(m.group(0)), text)
    refs = class_references(main)
    first_years = experience_years(main)[1]
    if refs and first_years and refs[0][1] - first_years[1] > 160:
        refs = []  # a class named far from the stated years qualifies the experience; it is not a line
    if refs:
        return [], [reference_edge(main, ref, offset, PROMOTIONAL_LINE) for ref in refs]
    years, _ = experience_years(main)
    education = higher_education(required_education(main), common_education)
    if years is None and education is None:
        return [], []
    units, level = coursework_units(main) if education == "coursework" else (None, None)
    return [Path(education, years, supervisory_years(main), (offset, offset + len(text.rstrip())), units, level)], []


def reference_edge(text: str, ref: tuple[str, int, int], offset: int, kind: str) -> Edge:
    """Return the edge a class reference states: the duration written before it, if any, and its span."""
    title, start, end = ref
    before = [m for m in DURATION.finditer(text) if m.end() <= start]
    years = duration_years(before[-1]) if before else None
    span_start = before[-1].start() if before else start
    return Edge(title, years, kind, (offset + span_start, offset + end))


_STUDY = re.compile(r"\b(?:graduate|college|university|undergraduate|academic)\s+"
                    r"(?:study|studies|coursework|course\s+work|education|work)\b", re.I)
_FOLLOWING = re.compile(
    r"(?i)the following may be substituted for\s+(?P<rest>[^:\n]*):(?P<items>(?:\s*\n\s*\d{1,2}[.)][^\n]*)+)"
)


def following_list(text: str, offset: int) -> tuple[list[Substitution], list[Edge], list[tuple[int, int]]]:
    """Read "The following may be substituted for one year of X experience: 1. ...; or 2. ..." lists."""
    subs: list[Substitution] = []
    feeders: list[Edge] = []
    spans = []
    for m in _FOLLOWING.finditer(text):
        spans.append(m.span())
        intro = DURATION.search(m.group("rest"))
        intro_years = duration_years(intro) if intro else None
        for item in re.finditer(r"\n\s*\d{1,2}[.)](?P<body>[^\n]*)", m.group("items")):
            body, start = item.group("body"), offset + m.start("items") + item.start("body")
            refs = class_references(body)
            feeders += [reference_edge(body, ref, start, FEEDER) for ref in refs]
            level = lowest_education(body)
            if not refs and level and intro_years:
                subs.append(Substitution(level, intro_years, (start, start + len(body))))
    return subs, feeders, spans


def substitutions_in(text: str, offset: int) -> tuple[list[Substitution], list[Edge]]:
    """Return education substitutions and feeder lines stated in a text (sentence by sentence)."""
    subs, feeders, spans = following_list(text, offset)
    for start, end in spans:
        text = text[:start] + " " * (end - start) + text[end:]
    for sent in re.finditer(r"[^.•\n]+(?:\.(?!\d)|$)", text, re.M):
        sentence = sent.group(0)
        if not SUBSTITUTION.search(sentence):
            continue
        refs = [r for r in class_references(sentence)]
        trainee = re.search(rf"completion of an?\s+(?:(?:[A-Z]\w+\s+)*?)(?P<t>{TITLE_PHRASE}\s+Trainee)\b", sentence)
        if refs or trainee:
            for ref in refs:
                feeders.append(reference_edge(sentence, ref, offset + sent.start(), FEEDER))
            if trainee and not refs:
                name = clean_title(trainee.group("t"))
                if name:
                    s = offset + sent.start()
                    feeders.append(Edge(name, None, FEEDER, (s + trainee.start("t"), s + trainee.end("t"))))
            continue
        subs.extend(_education_substitutions(sentence, offset + sent.start(), requirements=text))
    return subs, feeders


def _numbered_requirement_years(text: str, number: str) -> float | None:
    """Return the experience years of the requirement numbered `number` ("1. Graduation ... and one year ...")."""
    item = re.search(rf"^[ \t]*{number}[.)][ \t]+(?P<body>[^\n]+)", text, re.M)
    return experience_years(item.group("body"))[0] if item else None


def _education_substitutions(sentence: str, offset: int, *, requirements: str = "") -> list[Substitution]:
    """Education-for-experience substitutions of one sentence; "for the required experience in Requirement #1"
    takes its years from that numbered requirement of `requirements`."""
    out = []
    parts = re.split(r";|\band\s+(?=an?\s+\w+(?:[’']s)?\s+degree)", sentence)
    pos = 0
    for part in parts:
        start = sentence.find(part, pos)
        pos = start + len(part)
        mentions = education_mentions(part)
        if not mentions:
            continue
        maximum = re.search(r"maximum(?:\s+of)?\s+", part)
        durations = list(DURATION.finditer(part, maximum.end() if maximum else 0))
        referred = _REQUIRED_IN.search(part)
        if not durations and not referred:
            continue
        level = mentions[-1][0] if maximum else mentions[0][0]
        study = _STUDY.search(part)
        if study and study.start() < mentions[0][1] + 1 and level not in ("high_school", "coursework"):
            level = "coursework"  # "one year of graduate study in a master's degree program": units, not the degree
        if durations:
            years = duration_years(durations[0])
        else:
            years = _numbered_requirement_years(requirements, referred.group("number"))
        if years:
            out.append(Substitution(level, years, (offset + start, offset + pos)))
    return out
