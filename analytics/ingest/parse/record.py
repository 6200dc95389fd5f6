"""The typed record of one class-spec document: every fact with its value and span, and closed field lists."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any, Generic, TypeVar

from analytics.ingest.parse.requirements import Edge, Path, Substitution
from analytics.ingest.parse.salary import SalaryRange

Span = tuple[int, int]
T = TypeVar("T")
SpanMap = Callable[[Span | None], Span | None]

# The keys of the `extract` JSON, in order; tests assert that to_json() writes exactly these.
DOCUMENT_FACTS = ("jurisdiction", "effective_date", "classification", "bargaining_unit")
DOCUMENT_FIELDS = ("file", *DOCUMENT_FACTS, "titles", "promotions", "supervised_by", "related", "evidence")
TITLE_FACTS = ("title", "class_code", "grade")
TITLE_FIELDS = (
    *TITLE_FACTS, "working_title", "confidence", "series", "level", "salary_min", "salary_max", "salary_unit",
    "salary_ranges", "experience_years", "education", "qualification_paths", "substitutions", "duties",
)
SALARY_RANGE_FIELDS = ("min", "max", "unit", "department")
PATH_FIELDS = ("education", "experience_years", "supervisory_years", "specialized_years", "field",
               "coursework_units", "coursework_level")
SUBSTITUTION_FIELDS = ("education", "years")
PROMOTION_FIELDS = ("from_title", "to_title", "years", "kind", "confidence")
SUPERVISION_FIELDS = ("title", "supervisor_title", "confidence")
RELATED_FIELDS = ("title", "related_title", "confidence")


@dataclass(frozen=True)
class Fact(Generic[T]):
    """One stated value and its character span in the document (None when the value was not found)."""

    value: T
    span: Span | None = None


@dataclass(frozen=True)
class Promotion:
    """A stated move into one of the document's titles: the edge (from_title, years, kind, span) and its to_title."""

    edge: Edge
    to_title: str

    @property
    def span(self) -> Span:
        """Return the span of the statement."""
        return self.edge.span


@dataclass(frozen=True)
class Supervision:
    """A title and the title that supervises it, with the span of the statement."""

    title: str
    supervisor_title: str
    span: Span
    confidence: float = 1.0


@dataclass(frozen=True)
class RelatedClass:
    """A class the document names as related to its (first) title, with the span of the mention."""

    title: str
    related_title: str
    span: Span
    confidence: float = 1.0


@dataclass(frozen=True)
class TitleRecord:
    """One class the document defines: its stated facts, pay ranges, qualification paths and duties."""

    title: Fact[str]
    class_code: Fact[str | None]
    grade: Fact[str | None]
    series: str | None
    level: int | None
    salary_ranges: tuple[SalaryRange, ...]
    qualification_paths: tuple[Path, ...]
    substitutions: tuple[Substitution, ...]
    duties: tuple[Fact[str], ...]
    working_title: str | None = None
    confidence: float = 1.0  # how surely the title was read (its candidate's score; 1.0 for a class list)

    @property
    def primary_range(self) -> SalaryRange | None:
        """Return the range that gives salary_min/max/unit: the first yearly range of no department, else the first."""
        first = self.salary_ranges[0] if self.salary_ranges else None
        return next((r for r in self.salary_ranges if r.unit == "yearly" and r.department is None), first)

    def to_json(self) -> dict[str, Any]:
        """Return the title's `extract` JSON object (keys TITLE_FIELDS, in that order)."""
        primary, path = self.primary_range, (self.qualification_paths or (None,))[0]
        return {
            "title": self.title.value, "class_code": self.class_code.value, "grade": self.grade.value,
            "working_title": self.working_title, "confidence": self.confidence,
            "series": self.series, "level": self.level,
            "salary_min": primary.min if primary else None, "salary_max": primary.max if primary else None,
            "salary_unit": primary.unit if primary else None,
            "salary_ranges": [_fields(r, SALARY_RANGE_FIELDS) for r in self.salary_ranges],
            "experience_years": path.experience_years if path else None,
            "education": path.education if path else None,
            "qualification_paths": [_fields(p, PATH_FIELDS) for p in self.qualification_paths],
            "substitutions": [_fields(s, SUBSTITUTION_FIELDS) for s in self.substitutions],
            "duties": [d.value for d in self.duties],
        }

    def located(self, where: SpanMap, slice_of: Callable[[Span], str]) -> TitleRecord:
        """Return the record with every span mapped by `where` (normalised text -> original) and each duty
        re-read from the original text (`slice_of`)."""
        return replace(
            self, title=_moved(self.title, where), class_code=_moved(self.class_code, where),
            grade=_moved(self.grade, where),
            salary_ranges=tuple(replace(r, span=where(r.span)) for r in self.salary_ranges),
            qualification_paths=tuple(replace(p, span=where(p.span)) for p in self.qualification_paths),
            substitutions=tuple(replace(x, span=where(x.span)) for x in self.substitutions),
            duties=tuple(Fact(slice_of(d.span).strip(), where(d.span)) if d.span else d for d in self.duties),
        )

    def evidence(self, key: str) -> dict[str, list[int]]:
        """Return the spans of this title's facts, keyed under `key` ("titles[0]") as in the evidence map."""
        out = {f"{key}.{name}": list(fact.span)
               for name in TITLE_FACTS if (fact := getattr(self, name)).span is not None}
        for name, items in (("salary_ranges", self.salary_ranges), ("qualification_paths", self.qualification_paths),
                            ("substitutions", self.substitutions)):
            out.update({f"{key}.{name}[{j}]": list(item.span) for j, item in enumerate(items)})
        return out


@dataclass(frozen=True)
class SpecRecord:
    """One document: its file name, document facts, titles and the relations between classes.

    supervised_by holds every statement, repeats included: the JSON lists each (title, supervisor_title) once
    but its evidence keeps one span per statement, indexed in statement order."""

    file: str
    jurisdiction: Fact[str | None]
    effective_date: Fact[str | None]
    classification: Fact[str | None]
    bargaining_unit: Fact[str | None]
    titles: tuple[TitleRecord, ...]
    promotions: tuple[Promotion, ...]
    supervised_by: tuple[Supervision, ...]
    related: tuple[RelatedClass, ...]

    def located(self, where: SpanMap, slice_of: Callable[[Span], str]) -> SpecRecord:
        """Return the record with every span mapped by `where` (from the normalised text the parser read to the
        original text), so that evidence points into the stored text."""
        return replace(
            self, **{name: _moved(getattr(self, name), where) for name in DOCUMENT_FACTS},
            titles=tuple(t.located(where, slice_of) for t in self.titles),
            promotions=tuple(replace(p, edge=replace(p.edge, span=where(p.edge.span))) for p in self.promotions),
            supervised_by=tuple(replace(x, span=where(x.span)) for x in self.supervised_by),
            related=tuple(replace(x, span=where(x.span)) for x in self.related),
        )

    def evidence(self) -> dict[str, list[int]]:
        """Return the evidence map: each fact's key ("titles[0].grade", "promotions[1]") to its [start, end]."""
        out = {name: list(fact.span) for name in DOCUMENT_FACTS if (fact := getattr(self, name)).span is not None}
        for i, title in enumerate(self.titles):
            out.update(title.evidence(f"titles[{i}]"))
        for name in ("promotions", "supervised_by", "related"):
            out.update({f"{name}[{k}]": list(item.span) for k, item in enumerate(getattr(self, name))})
        return out

    def to_json(self) -> dict[str, Any]:
        """Return the document's `extract` JSON record (keys DOCUMENT_FIELDS, in that order) with its evidence."""
        supervision = {(s.title, s.supervisor_title): _fields(s, SUPERVISION_FIELDS) for s in self.supervised_by}
        return {
            "file": self.file,
            **{name: getattr(self, name).value for name in DOCUMENT_FACTS},
            "titles": [t.to_json() for t in self.titles],
            "promotions": [{"from_title": p.edge.from_title, "to_title": p.to_title, "years": p.edge.years,
                            "kind": p.edge.kind, "confidence": p.edge.confidence} for p in self.promotions],
            "supervised_by": list(supervision.values()),
            "related": [_fields(r, RELATED_FIELDS) for r in self.related],
            "evidence": self.evidence(),
        }


def _moved(fact: Fact[T], where: SpanMap) -> Fact[T]:
    return fact if fact.span is None else Fact(fact.value, where(fact.span))


def _fields(item: object, names: tuple[str, ...]) -> dict[str, Any]:
    return {name: getattr(item, name) for name in names}
