"""The clause grammar of a requirement: one alternative (OR) of a minimum-qualifications block read into its parts.

An alternative states education (a level, perhaps a field), experience (durations, each general, specialised
or supervisory, and whether it is a part of another: "four years of which must have been in supervision"),
classes of the employer it names ("two years as a Real Estate Officer", "performing the duties of", "equivalent
to", "at the level of", "status as") and grades it names ("the next lower grade (GS-14)"). `read_clause` returns
those parts with their spans; analytics.ingest.parse.conventions decides what they become (a qualification
path, a promotional line, or both).

A class reference is scored, because a capitalised job name after "experience as a" is as often an occupation
("as a Software Engineer, Product Manager, or Designer") as a class of the employer. What makes it a class:
a relation that only classes have ("performing the duties of", "status as", "in the class of"), the employer's
service around it ("with the City of Los Angeles", "in the California state service", "permanent"), a level
number or class code on the title, time stated directly in it ("one year as a Senior Social Services Worker"),
or the title being one the document itself defines.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from analytics.ingest.parse.numbers import DURATION, NUMBER, duration_years, number_value
from analytics.ingest.parse.requirements import (
    class_references,
    coursework_units,
    required_education,
)
from analytics.vocabulary import title_key

# How sure a class reference must be to count as a promotional line.
CLASS_REFERENCE_MIN = 0.5

_STRONG_RELATION = re.compile(
    r"(?:performing\s+the\s+duties\s+of|(?:equivalent|comparable)\s+to(?:\s+th(?:at|ose)\s+of)?|at\s+(?:or\s+above\s+)?"
    r"the\s+level\s+of|in\s+the\s+(?:class|title)\s+of|status\s+as|not\s+less\s+than(?:\s+that\s+of)?)\s+(?:an?\s+)?$",
    re.I,
)
_DURATION_AS = re.compile(
    r"(?:years?|months?|yrs?\.?|mos?\.?)\s+(?:of\s+(?:permanent\s+)?(?:service\s+)?)?as\s+(?:an?\s+)?$", re.I)
_SERVICE = re.compile(
    r"\b(?:with|in|for)\s+the\s+(?:City|County|State|Commonwealth|Town|Village)\b|\b(?:state|county|city|civil|"
    r"classified|municipal)\s+service\b|\bpermanent\b|\bcompetitive\s+(?:class|status)\b|\bstatus\s+as\b"
    r"|\bin\s+the\s+(?:class|title)\s+of\b|\bin\s+a\s+class\b|\bwith\s+the\s+(?:\w+\s+){0,3}(?:County|City|State|Department)\b",
    re.I,
)
_CREDENTIAL_AS = re.compile(r"(?:certificat\w*|licen[cs]\w*|registration|credential|certified)\s+as\s+(?:an?\s+)?$",
                            re.I)
_LIST_SEPARATOR = re.compile(r"^(?:,?\s*\(?Range\s+[A-Z]\)?)?[\s,;]*(?:\b(?:or|and)\b)?[\s,]*(?:an?\s+)?$", re.I)
_LEVEL_MARK = re.compile(r"\s(?:[IVX]{1,4}|\d{1,2})$|\(\w[^)]*\)$")
_CODE_AFTER = re.compile(r"^,?\s*\(?\d{4,6}\)?")
_WITHIN_AFTER = re.compile(r"^\s*(?:of\s+(?:which|whom|that|this|such|the\s+(?:above|required))\b|"
                           r"(?:must|shall|should)\s+(?:have\s+been|be|include)\b)", re.I)
_WITHIN_BEFORE = re.compile(r"(?:including|includes|of\s+which|with\s+at\s+least|at\s+least)\s*$", re.I)
_SUPERVISORY = re.compile(r"supervis|managerial|\bmanagement\s+experience|lead(?:ership)?\s+(?:capacity|role|position)"
                          r"|executive\s+capacity|as\s+an?\s+(?:lead|supervisor|manager)\b", re.I)
_SPECIALIZED = re.compile(r"\bspeciali[sz]ed\b", re.I)
_NOT_EXPERIENCE_AFTER = re.compile(r"^\s*(?:of\s+(?:age|college|university|high\s+school|study|full-time\s+study|"
                                   r"education|training|coursework)|old|ago|from\s+the\s+date)\b", re.I)
_NOT_EXPERIENCE_BEFORE = re.compile(
    r"(?:within|after|last|past|first|than|for|every|each|per|completion\s+of\s+an?)\s*$", re.I)
_ADDED = re.compile(r"^[^.;]{0,120}?(?:\band\b|\bplus\b|\bin\s+addition\s+to\b|\bas\s+well\s+as\b)[^.;]{0,40}$", re.I)
_ADDED_RIGHT_BEFORE = re.compile(r"(?:\band|\bplus|\bin\s+addition\s+to|\bas\s+well\s+as)\s*(?:\n\s*)?(?:\d[.)]\s*)?$",
                                 re.I)
_OR_BETWEEN = re.compile(r"\bor\b", re.I)
_PART_OF_THOSE = re.compile(rf"\b(?P<n>{NUMBER})\s+of\s+(?:those|these|the|such)\s+years\b", re.I)
_TIME_WORD = re.compile(r"(?i)year|month|\byrs?\b|\bmos?\b")
_GRADE_REFERENCE = re.compile(r"\b(?P<grade>GS|GG|WG)[- ]?(?P<n>\d{1,2})\b|\bgrade\s+(?P<g>\d{1,2})\b", re.I)
_GRADE_CONTEXT = re.compile(r"next\s+lower\s+grade|equivalent\s+to\s+(?:the\s+)?(?:GS|grade)|at\s+the\s+(?:GS|grade)",
                            re.I)
_FIELD = re.compile(
    r"\b(?P<kind>degree|major|coursework|course\s+work|experience|work)\s+in\s+(?:the\s+field\s+of\s+|an?\s+)?"
    r"(?P<field>[a-z][\w /&-]{2,60}?)(?=\s*(?:[,.;:(]|\s+or\s+(?:a\s+)?(?:closely\s+)?related|\s+and\s+\w+\s+years?|"
    r"\s+(?:from|at|with|for|which|that|including)\b|$))",
    re.I,
)


@dataclass(frozen=True)
class ClassReference:
    """A class of the employer a requirement names, the time in it, how it is named, and how sure that it is a
    class (not an occupation)."""

    title: str
    years: float | None
    relation: str
    span: tuple[int, int]  # from the time stated in it (or the title) to the end of the title
    confidence: float
    title_start: int = 0  # where the title (or the list it is part of) starts


@dataclass(frozen=True)
class ExperiencePart:
    """A stated duration of experience: years, kind (general, specialized, supervisory), and whether it is part of
    another duration ("at least three years of that experience")."""

    years: float
    kind: str
    within: bool
    span: tuple[int, int]


@dataclass(frozen=True)
class Clause:
    """One alternative of a requirement, read into its parts (spans are offsets into the document)."""

    span: tuple[int, int]
    education: str | None
    field: str | None
    experience: tuple[ExperiencePart, ...]
    references: tuple[ClassReference, ...]
    grade_reference: str | None
    coursework_units: float | None = None
    coursework_level: str | None = None

    @property
    def total_years(self) -> float | None:
        """All the experience the alternative asks for: its durations that are not part of another, added up."""
        parts = [p.years for p in self.experience if not p.within]
        return round(sum(parts), 4) if parts else None

    @property
    def supervisory_years(self) -> float | None:
        found = [p.years for p in self.experience if p.kind == "supervisory"]
        return max(found) if found else None

    @property
    def specialized_years(self) -> float | None:
        found = [p.years for p in self.experience if p.kind == "specialized"]
        return max(found) if found else None

    def lines(self) -> tuple[ClassReference, ...]:
        """The references that are classes of the employer (promotional lines)."""
        return tuple(r for r in self.references if r.confidence >= CLASS_REFERENCE_MIN)

    def class_time_only(self, lines: tuple[ClassReference, ...] | None = None) -> bool:
        """Whether the alternative asks for nothing but time in named classes (no education, no other experience);
        `lines` are the references taken as classes (default: all of lines())."""
        lines = self.lines() if lines is None else lines
        if not lines or self.education is not None:
            return False
        covered = [(r.span[0] - 40, r.span[1]) for r in lines]
        return all(any(s <= p.span[0] <= e for s, e in covered) for p in self.experience if not p.within)


def read_clause(text: str, offset: int, *, common_education: str | None = None,
                known_titles: frozenset[str] = frozenset()) -> Clause:
    """Read one alternative (its text and where it starts in the document) into a Clause."""
    references = tuple(_references(text, offset, known_titles))
    education = required_education(text) or common_education  # an alternative that states its own education keeps it
    units, level = coursework_units(text) if education == "coursework" else (None, None)
    grade = _grade_reference(text)
    return Clause((offset, offset + len(text.rstrip())), education, _field(text), tuple(_experience(text, offset)),
                  references, grade, units, level)


def _references(text: str, offset: int, known_titles: frozenset[str]) -> list[ClassReference]:
    out: list[ClassReference] = []
    refs = class_references(text)
    all_durations = list(DURATION.finditer(text)) if refs else []
    for k, (title, start, end) in enumerate(refs):
        before = text[max(0, start - 90):start]
        if k and _LIST_SEPARATOR.match(text[refs[k - 1][2]:start]):  # "..., Programmer II; or Analyst": one list
            previous = out[-1]
            out.append(ClassReference(title, previous.years, previous.relation, (previous.span[0], offset + end),
                                      max(previous.confidence, _level_bonus(title, text, end)),
                                      previous.title_start))
            continue
        durations = [m for m in all_durations if m.end() <= start]
        years = duration_years(durations[-1]) if durations else None
        span_start = durations[-1].start() if durations else start
        relation = "as"
        score = 0.5
        if _STRONG_RELATION.search(before):
            relation, score = _STRONG_RELATION.search(before).group(0).strip().lower(), score + 0.35
        elif re.search(r"\s(?:level|or\s+above)\b", text[end:end + 20]) or re.match(r"\s+level\b", text[end:]):
            relation, score = "level experience", score + 0.35
        sentence = _sentence(text, start)
        if _SERVICE.search(sentence):
            score += 0.35
        if _LEVEL_MARK.search(title) or _CODE_AFTER.match(text[end:end + 12]):
            score += 0.2
        if title_key(title) in known_titles:
            score += 0.4
        if _DURATION_AS.search(before):
            score += 0.25
        if relation == "as" and (years is None or _CREDENTIAL_AS.search(before)):
            score -= 0.3  # "A Certificate as a Competent Conveyance Mechanic": no time in a class
        if len(refs) >= 3 and relation == "as" and not _SERVICE.search(sentence):
            score -= 0.3  # "as a Software Engineer, Product Manager, or Designer": occupations, not classes
        out.append(ClassReference(title, years, relation, (offset + span_start, offset + end),
                                  round(min(max(score, 0.0), 1.0), 2), offset + start))
    return out


def _level_bonus(title: str, text: str, end: int) -> float:
    return 0.55 if _LEVEL_MARK.search(title) or _CODE_AFTER.match(text[end:end + 12]) else 0.0


def _sentence(text: str, pos: int) -> str:
    start = max(text.rfind(".", 0, pos), text.rfind(";", 0, pos)) + 1
    ends = [i for i in (text.find(".", pos), text.find(";", pos)) if i != -1]
    return text[start:min(ends) if ends else len(text)]


def _experience(text: str, offset: int) -> list[ExperiencePart]:
    """The durations of experience a clause states, in order: additive parts, and parts of another."""
    out: list[ExperiencePart] = []
    last_end = None
    if not _TIME_WORD.search(text):
        return out
    for m in DURATION.finditer(text):
        after, before = text[m.end():m.end() + 160], text[max(0, m.start() - 40):m.start()]
        if _NOT_EXPERIENCE_BEFORE.search(before) or _NOT_EXPERIENCE_AFTER.match(after):
            continue
        years = duration_years(m)
        if years is None:
            continue
        if not re.match(r"^[^.;]{0,80}?\b(?:experience|exp\.|service|work|employment|as\s+an?|as\s+[A-Z]|performing|"
                        r"in\s+(?:a|an|the)\b|of\s+[A-Z]|level\b|supervis|manag)", after, re.I):
            if not re.match(r"\s+(?:of|in)\b", after):
                continue
        clause_after = re.split(r"[.;]|\bor\b|\band\s+(?=\w+\s+(?:years?|months?)\b)|,?\s+(?:with|including)\b",
                                after, maxsplit=1)[0]
        within = False
        if out and last_end is not None:
            between = text[last_end:m.start()]
            within = bool(_WITHIN_AFTER.match(after) or _WITHIN_BEFORE.search(before))
            if not within and not _ADDED_RIGHT_BEFORE.search(between):
                # "two years ... or three years": an alternative figure; "and" farther back adds, unless an "or" too
                added = _ADDED.match(between) and not _OR_BETWEEN.search(between[-60:])
                within = not added
            if m.group("unit").lower().startswith("mo") and between.strip() in ("and", ""):
                within = False  # "two years and six months"
        kind = ("supervisory" if _SUPERVISORY.search(clause_after[:90]) else
                "specialized" if _SPECIALIZED.search(clause_after[:60]) else "general")
        out.append(ExperiencePart(years, kind, within, (offset + m.start(), offset + m.end())))
        last_end = m.end()
    for m in _PART_OF_THOSE.finditer(text):  # "with one of those years in a supervisory role"
        years = number_value(m.group("n"))
        window = text[m.end():m.end() + 60]
        kind = "supervisory" if _SUPERVISORY.search(window) else "specialized" if _SPECIALIZED.search(window) else ""
        if years and out and kind:
            out.append(ExperiencePart(years, kind, True, (offset + m.start(), offset + m.end())))
    return out


def _grade_reference(text: str) -> str | None:
    if not _GRADE_CONTEXT.search(text):
        return None
    m = _GRADE_REFERENCE.search(text, _GRADE_CONTEXT.search(text).start())
    if not m:
        return None
    return f"{m.group('grade').upper()}-{m.group('n')}" if m.group("grade") else f"Grade {m.group('g')}"


def _field(text: str) -> str | None:
    m = _FIELD.search(text)
    if not m:
        return None
    field = re.sub(r"\s+", " ", m.group("field")).strip(" ,")
    words = field.split()
    if not words or len(words) > 6 or words[0].lower() in ("the", "this", "which", "order", "addition", "lieu", "one"):
        return None
    if re.search(r"\b(?:or|and)$", field):
        return None
    if m.group("kind").lower() in ("experience", "work") and words[0].lower().endswith("ing"):
        return None  # "experience in providing assistance ...": what the work does, not a field
    return field
