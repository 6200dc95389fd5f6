"""Minimum qualifications: alternative paths, education substitutions and promotional / feeder lines."""

from __future__ import annotations

import re
from dataclasses import dataclass

from analytics.ingest.numbers import DURATION, duration_years
from analytics.ingest.titles import singular, title_case
from analytics.ingest.vocabulary import (
    CLASS_REFERENCE,
    EDUCATION_PATTERNS,
    EDUCATION_RANK,
    GENERIC_SUPERVISORS,
)

_TITLE_WORD = r"(?:[A-Z][\w'’/-]*\.?|[IVX]{1,4}\b|\d{1,2}\b)"
TITLE_PHRASE = rf"{_TITLE_WORD}(?:[ \t]+(?:(?:of|and|the|in|for|&|to)[ \t]+)?{_TITLE_WORD})*"
_REFERENCE = re.compile(rf"\b{CLASS_REFERENCE}\s+(?P<title>{TITLE_PHRASE})(?P<more>(?:,?\s+or\s+(?:an?\s+)?{TITLE_PHRASE})*)")
_EDUCATION = [(level, re.compile(p, re.I)) for level, p in EDUCATION_PATTERNS]
_PARENS = re.compile(r"\([^()]*\)")
_SUPERVISORY = re.compile(r"supervis|lead\b|managerial", re.I)
_EXPERIENCE_CONTEXT = re.compile(r"^[^.;]{0,80}?\b(experience|service|work|employment|as an?|performing)\b", re.I)
_SUBSTITUTION = re.compile(r"substitut|in lieu of|may be used|\bequall?ing|\bcredited|may replace", re.I)
_NOT_A_CLASS = re.compile(r"^(?:City|State|County|Department|Bureau|Division|Office|California|Los Angeles|Range)\b")


@dataclass
class Path:
    """One alternative way to qualify: education, total years, supervisory years, span."""

    education: str | None
    experience_years: float | None
    supervisory_years: float | None
    span: tuple[int, int]


@dataclass
class Edge:
    """A stated move into a title: from_title, years, kind and span."""

    from_title: str
    years: float | None
    kind: str
    span: tuple[int, int]


@dataclass
class Substitution:
    """Education that replaces a stated number of years of experience."""

    education: str
    years: float
    span: tuple[int, int]


def education_mentions(text: str) -> list[tuple[str, int]]:
    """Return (education level, position) for every education phrase in the text."""
    found = [(level, m.start()) for level, rx in _EDUCATION for m in rx.finditer(text)]
    return sorted(found, key=lambda pair: pair[1])


def lowest_education(text: str) -> str | None:
    """Return the lowest education level a requirement text names (degrees before coursework)."""
    levels = {level for level, _ in education_mentions(text)}
    degrees = levels - {"coursework"}
    if degrees:
        return min(degrees, key=lambda lv: EDUCATION_RANK[lv])
    return "coursework" if levels else None


def experience_years(text: str) -> tuple[float | None, tuple[int, int] | None]:
    """Return the total years of experience a requirement states first, and its span in the text."""
    matches = [m for m in DURATION.finditer(text) if _EXPERIENCE_CONTEXT.match(text[m.end():])
               or re.match(r"\s+(?:of|in)\b", text[m.end():])]
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
        window = re.split(r"[.;]|\d|\b(?:one|two|three|four|five|six|seven|eight|nine|ten)\b", text[m.end(): m.end() + 70])[0]
        if _SUPERVISORY.search(window):
            return duration_years(m)
    return None


def class_references(text: str) -> list[tuple[str, int, int]]:
    """Return (title, start, end) for each class named in a requirement ("as a Real Estate Officer")."""
    out = []
    for m in _REFERENCE.finditer(text):
        names = [(m.group("title"), m.start("title"), m.end("title"))]
        for extra in re.finditer(rf"or\s+(?:an?\s+)?(?P<t>{TITLE_PHRASE})", m.group("more") or ""):
            names.append((extra.group("t"), m.start("more") + extra.start("t"), m.start("more") + extra.end("t")))
        for name, start, end in names:
            clean = clean_title(name)
            if clean:
                out.append((clean, start, end))
    return out


def clean_title(name: str) -> str | None:
    """Return a named class as a title, or None when the words are not a class name."""
    name = re.sub(r"[\s.,;:]+$", "", name.strip())
    name = re.sub(r"\s+(?:I|II|III)?\s*$", lambda m: m.group(0), name)
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
    if refs:
        return [], [_edge(main, ref, offset, "promotional_line") for ref in refs]
    years, _ = experience_years(main)
    education = lowest_education(main) or common_education
    if years is None and education is None:
        return [], []
    return [Path(education, years, supervisory_years(main), (offset, offset + len(text.rstrip())))], []


def _edge(text: str, ref: tuple[str, int, int], offset: int, kind: str) -> Edge:
    title, start, end = ref
    before = [m for m in DURATION.finditer(text) if m.end() <= start]
    years = duration_years(before[-1]) if before else None
    span_start = before[-1].start() if before else start
    return Edge(title, years, kind, (offset + span_start, offset + end))


def substitutions_in(text: str, offset: int) -> tuple[list[Substitution], list[Edge]]:
    """Return education substitutions and feeder lines stated in a text (sentence by sentence)."""
    subs: list[Substitution] = []
    feeders: list[Edge] = []
    for sent in re.finditer(r"[^.•\n]+(?:\.(?!\d)|$)", text, re.M):
        sentence = sent.group(0)
        if not _SUBSTITUTION.search(sentence):
            continue
        refs = [r for r in class_references(sentence)]
        trainee = re.search(rf"completion of an?\s+(?:(?:[A-Z]\w+\s+)*?)(?P<t>{TITLE_PHRASE}\s+Trainee)\b", sentence)
        if refs or trainee:
            for ref in refs:
                feeders.append(_edge(sentence, ref, offset + sent.start(), "feeder"))
            if trainee and not refs:
                name = clean_title(trainee.group("t"))
                if name:
                    s = offset + sent.start()
                    feeders.append(Edge(name, None, "feeder", (s + trainee.start("t"), s + trainee.end("t"))))
            continue
        subs.extend(_education_substitutions(sentence, offset + sent.start()))
    return subs, feeders


def _education_substitutions(sentence: str, offset: int) -> list[Substitution]:
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
        if not durations:
            continue
        level = mentions[-1][0] if maximum else mentions[0][0]
        years = duration_years(durations[0])
        if level == "coursework" and not maximum:
            level = lowest_education(part) or level
        if years:
            out.append(Substitution(level, years, (offset + start, offset + pos)))
    return out
