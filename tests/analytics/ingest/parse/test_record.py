"""The typed spec record: closed field lists, facts with spans, and to_json() as the `extract` JSON."""

import json
import re
from pathlib import Path

import pytest

from analytics.ingest.parse.record import (
    DOCUMENT_FIELDS,
    PATH_FIELDS,
    PROMOTION_FIELDS,
    RELATED_FIELDS,
    SALARY_RANGE_FIELDS,
    SUBSTITUTION_FIELDS,
    SUPERVISION_FIELDS,
    TITLE_FIELDS,
    Fact,
    Promotion,
    SpecRecord,
    Supervision,
    TitleRecord,
)
from analytics.ingest.parse.requirements import Edge
from analytics.ingest.parse.salary import SalaryRange
from analytics.ingest.parse.spec import parse_record, parse_spec
from analytics.vocabulary import PROMOTIONAL_LINE

REPO_ROOT = Path(__file__).resolve().parents[4]
SPECS = REPO_ROOT / "data" / "demo" / "specs"
SEED = SPECS / "seeds" / "nys_immigrant_workers_specialist.txt"
DEMO_DOCUMENTS = sorted(p for p in SPECS.rglob("*.txt"))


def _text(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def test_field_tuples_are_the_json_keys_of_a_parsed_document():
    record = parse_spec(_text(SEED), file_name=SEED.name)

    assert tuple(record) == DOCUMENT_FIELDS
    assert record["titles"] and record["promotions"]
    for title in record["titles"]:
        assert tuple(title) == TITLE_FIELDS
        assert all(tuple(p) == PATH_FIELDS for p in title["qualification_paths"])
        assert all(tuple(r) == SALARY_RANGE_FIELDS for r in title["salary_ranges"])
        assert all(tuple(s) == SUBSTITUTION_FIELDS for s in title["substitutions"])
    assert all(tuple(p) == PROMOTION_FIELDS for p in record["promotions"])
    assert all(tuple(s) == SUPERVISION_FIELDS for s in record["supervised_by"])
    assert all(tuple(r) == RELATED_FIELDS for r in record["related"])


@pytest.mark.parametrize("path", DEMO_DOCUMENTS, ids=lambda p: p.name)
def test_title_fact_spans_contain_their_values(path):
    text = _text(path)

    record = parse_record(text, file_name=path.name)

    def same(s: str) -> str:  # titles are title-cased and their spaces normalised
        return re.sub(r"\s+", " ", s).lower()

    for title in record.titles:
        assert same(title.title.value) in same(text[slice(*title.title.span)])
        for fact in (title.class_code, title.grade):
            if fact.span is not None:
                assert fact.value in text[slice(*fact.span)]


@pytest.mark.parametrize("path", DEMO_DOCUMENTS, ids=lambda p: p.name)
def test_to_json_is_parse_spec(path):
    text = _text(path)

    record = parse_record(text, file_name=path.name).to_json()

    assert record == parse_spec(text, file_name=path.name)
    assert json.dumps(record) == json.dumps(parse_spec(text, file_name=path.name))  # key order too


def _record(**changes) -> SpecRecord:
    title = TitleRecord(
        title=Fact("Clerk 2", (10, 17)), class_code=Fact("1234", (20, 24)), grade=Fact(None), series=None,
        level=None, salary_ranges=(SalaryRange(40000.0, 50000.0, "yearly", None, (30, 47)),),
        qualification_paths=(), substitutions=(), duties=(Fact("Files records and answers the telephone.", (200, 240)),),
        working_title="Records Clerk", confidence=0.9,
    )
    fields = dict(
        file="clerk.txt", jurisdiction=Fact("Springfield", (0, 11)), effective_date=Fact(None),
        classification=Fact(None), bargaining_unit=Fact(None), titles=(title,),
        promotions=(Promotion(Edge("Clerk 1", 1.0, PROMOTIONAL_LINE, (60, 80), 0.95), "Clerk 2"),),
        supervised_by=(), related=(),
    )
    return SpecRecord(**(fields | changes))


def test_hand_built_record_serialises_to_the_extract_json():
    assert _record().to_json() == {
        "file": "clerk.txt", "jurisdiction": "Springfield", "effective_date": None, "classification": None,
        "bargaining_unit": None,
        "titles": [{
            "title": "Clerk 2", "class_code": "1234", "grade": None, "working_title": "Records Clerk",
            "confidence": 0.9, "series": None, "level": None,
            "salary_min": 40000.0, "salary_max": 50000.0, "salary_unit": "yearly",
            "salary_ranges": [{"min": 40000.0, "max": 50000.0, "unit": "yearly", "department": None}],
            "experience_years": None, "education": None, "qualification_paths": [], "substitutions": [],
            "duties": ["Files records and answers the telephone."],
        }],
        "promotions": [{"from_title": "Clerk 1", "to_title": "Clerk 2", "years": 1.0, "kind": PROMOTIONAL_LINE,
                        "confidence": 0.95}],
        "supervised_by": [],
        "related": [],
        "evidence": {"jurisdiction": [0, 11], "titles[0].title": [10, 17], "titles[0].class_code": [20, 24],
                     "titles[0].salary_ranges[0]": [30, 47], "promotions[0]": [60, 80]},
    }


def test_a_repeated_supervision_statement_is_listed_once_with_a_span_per_statement():
    statements = (Supervision("Clerk 1", "Clerk 2", (90, 95)), Supervision("Clerk 1", "Clerk 2", (100, 105)))

    record = _record(supervised_by=statements).to_json()

    assert record["supervised_by"] == [{"title": "Clerk 1", "supervisor_title": "Clerk 2", "confidence": 1.0}]
    assert record["evidence"]["supervised_by[0]"] == [90, 95]
    assert record["evidence"]["supervised_by[1]"] == [100, 105]
