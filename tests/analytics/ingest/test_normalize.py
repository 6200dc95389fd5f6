"""Record -> table rows: ids, annualised salary ranges (derived factors, consistency), edges, evidence."""

from __future__ import annotations

import hashlib

import polars as pl
import pytest

from analytics.db import REPO_ROOT
from analytics.ingest.extract import ExtractedText
from analytics.ingest.normalize import (
    TABLE_SCHEMAS,
    NormalizeError,
    annualised_ranges,
    duty_rows,
    normalize_document,
    promotion_edges,
    slug,
)
from analytics.ingest.parse.spec import parse_spec

SEEDS = REPO_ROOT / "data" / "demo" / "specs" / "seeds"
CT = "ct_labor_dept_community_services_representative.txt"
# As the Connecticut spec states them:
# "$27.60-$34.86 Hourly / $2,207.86-$2,788.78 BiWeekly / $57,625.00-$72,787.00 Yearly"
CT_RANGES = [
    {"min": 27.6, "max": 34.86, "unit": "hourly", "department": None},
    {"min": 2207.86, "max": 2788.78, "unit": "biweekly", "department": None},
    {"min": 57625.0, "max": 72787.0, "unit": "yearly", "department": None},
]


def extracted(text: str) -> ExtractedText:
    return ExtractedText(text=text, media_type="text/plain", sha256=hashlib.sha256(text.encode()).hexdigest())


def record(**overrides) -> dict:
    base = {"file": "x.txt", "jurisdiction": None, "effective_date": None, "titles": [], "promotions": [],
            "supervised_by": [], "related": [], "evidence": {}}
    return {**base, **overrides}


def title(name: str, **overrides) -> dict:
    base = {"title": name, "class_code": None, "grade": None, "series": None, "level": None, "salary_ranges": [],
            "qualification_paths": [], "substitutions": [], "duties": []}
    return {**base, **overrides}


# --- annualising (DESIGN: "Annualising pay") -------------------------------------------------------

def test_connecticut_biweekly_factor_is_derived_from_the_yearly_figure():
    hourly, biweekly, yearly = annualised_ranges(CT_RANGES)

    assert biweekly["annual_factor"] == pytest.approx(26.1, abs=0.001)
    assert biweekly["factor_source"] == "stated-derived"
    assert hourly["annual_factor"] == pytest.approx(2087.93, abs=0.01)
    assert (yearly["annual_factor"], yearly["factor_source"]) == (1.0, "standard")
    assert [r["is_pay_unit_consistent"] for r in (hourly, biweekly, yearly)] == [True, True, True]
    assert biweekly["min_annual"] == pytest.approx(57625.0, abs=1.0)
    assert biweekly["max_annual"] == pytest.approx(72787.0, abs=1.0)
    assert (biweekly["min_amount"], biweekly["pay_unit"]) == (2207.86, "biweekly")


def test_one_unit_alone_uses_the_standard_factor_and_no_consistency_flag():
    (row,) = annualised_ranges([{"min": 25.0, "max": 30.0, "unit": "hourly", "department": None}])

    assert (row["annual_factor"], row["factor_source"], row["is_pay_unit_consistent"]) == (2080.0, "standard", None)
    assert (row["min_annual"], row["max_annual"]) == (52000.0, 62400.0)


def test_a_derived_factor_far_from_the_standard_is_flagged():
    rows = annualised_ranges([
        {"min": 20.0, "max": 30.0, "unit": "hourly", "department": None},
        {"min": 60000.0, "max": 90000.0, "unit": "yearly", "department": None},
    ])

    assert rows[0]["annual_factor"] == 3000.0  # +44% over 2080
    assert [r["is_pay_unit_consistent"] for r in rows] == [False, False]


def test_min_and_max_implying_different_factors_are_flagged():
    rows = annualised_ranges([
        {"min": 2000.0, "max": 3000.0, "unit": "biweekly", "department": None},
        {"min": 52000.0, "max": 79500.0, "unit": "yearly", "department": None},  # 26.0 and 26.5
    ])

    assert rows[0]["is_pay_unit_consistent"] is False


def test_units_stated_together_without_a_yearly_figure_are_compared_after_standard_annualising():
    agree = annualised_ranges([
        {"min": 20.0, "max": 30.0, "unit": "hourly", "department": None},
        {"min": 3466.67, "max": 5200.0, "unit": "monthly", "department": None},
    ])
    disagree = annualised_ranges([
        {"min": 20.0, "max": 30.0, "unit": "hourly", "department": None},
        {"min": 4000.0, "max": 6000.0, "unit": "monthly", "department": None},
    ])

    assert [r["factor_source"] for r in agree] == ["standard", "standard"]
    assert [r["is_pay_unit_consistent"] for r in agree] == [True, True]
    assert [r["is_pay_unit_consistent"] for r in disagree] == [False, False]


def test_ranges_of_different_departments_are_not_stated_together():
    rows = annualised_ranges([
        {"min": 80000.0, "max": 120000.0, "unit": "yearly", "department": None},
        {"min": 50.0, "max": 60.0, "unit": "hourly", "department": "Department of Water and Power"},
    ])

    assert [r["is_pay_unit_consistent"] for r in rows] == [None, None]
    assert rows[1]["annual_factor"] == 2080.0


def test_unknown_unit_is_refused():
    with pytest.raises(NormalizeError):
        annualised_ranges([{"min": 1.0, "max": 2.0, "unit": "fortnightly", "department": None}])


# --- ids and rows ----------------------------------------------------------------------------------

def test_ids_from_the_content_hash_and_slugs():
    text = "State of Connecticut\nWidget Inspector 1\nWidget Inspector 2\n"
    doc = extracted(text)
    rec = record(jurisdiction="State of Connecticut", titles=[
        title("Widget Inspector 1", series="Widget Inspector", level=1),
        title("Widget Inspector 2", series="Widget Inspector", level=2),
    ])

    tables = normalize_document(rec, doc, file_name="w.txt")

    document_id = doc.sha256[:16]
    assert tables["documents"]["document_id"].to_list() == [document_id]
    assert tables["job_classes"]["class_id"].to_list() == [f"{document_id}:0", f"{document_id}:1"]
    assert tables["jurisdictions"].rows() == [("state-of-connecticut", "State of Connecticut")]
    assert tables["series"].rows() == [
        ("state-of-connecticut-widget-inspector", "state-of-connecticut", "Widget Inspector", document_id)
    ]
    assert tables["job_classes"]["series_id"].to_list() == ["state-of-connecticut-widget-inspector"] * 2
    assert tables["job_classes"]["title_key"].to_list() == ["widget inspector 1", "widget inspector 2"]


def test_a_series_without_jurisdiction_belongs_to_its_document():
    doc = extracted("Widget Inspector\nSenior Widget Inspector\n")
    rec = record(titles=[title("Widget Inspector", series="Widget Inspector", level=1)])

    tables = normalize_document(rec, doc, file_name="w.txt")

    assert tables["jurisdictions"].is_empty()
    assert tables["series"]["series_id"].to_list() == [f"{doc.sha256[:16]}-widget-inspector"]
    assert tables["documents"]["jurisdiction_id"].to_list() == [None]


def test_every_table_has_its_stated_schema_even_when_empty():
    tables = normalize_document(record(), extracted("Nothing here"), file_name="n.txt")

    assert list(tables) == list(TABLE_SCHEMAS)
    for name, frame in tables.items():
        assert frame.schema == pl.Schema(TABLE_SCHEMAS[name]), name


def test_slug():
    assert slug("Washington County, Oregon") == "washington-county-oregon"
    assert slug("  State of  Connecticut ") == "state-of-connecticut"


def test_connecticut_seed_rows_carry_their_evidence_spans():
    text = (SEEDS / CT).read_text(encoding="utf-8")
    rec = parse_spec(text, file_name=CT)

    tables = normalize_document(rec, extracted(text), file_name=CT)

    ranges = tables["salary_ranges"]
    assert ranges["pay_unit"].to_list() == ["hourly", "biweekly", "yearly"]
    assert ranges["annual_factor"][1] == pytest.approx(26.1, abs=0.001)
    for row in ranges.iter_rows(named=True):
        assert text[row["char_start"]:row["char_end"]].startswith("$")
    klass = tables["job_classes"].row(0, named=True)
    assert text[klass["char_start"]:klass["char_end"]] == "Labor Department Community Services Representative"
    assert (klass["grade"], klass["class_code"]) == ("SH 17", "5246")
    assert tables["evidence"].height == len(rec["evidence"])
    assert set(tables["evidence"]["fact_key"]) == set(rec["evidence"])


# --- edges, duties, evidence -------------------------------------------------------------------------

def test_edges_deduped_on_titles_and_kind_keeping_the_smallest_years():
    rec = record(
        promotions=[
            {"from_title": "A", "to_title": "B", "years": 3.0, "kind": "promotional_line"},
            {"from_title": "A", "to_title": "B", "years": None, "kind": "promotional_line"},
            {"from_title": "A", "to_title": "B", "years": 2.0, "kind": "promotional_line"},
            {"from_title": "A", "to_title": "B", "years": None, "kind": "series"},
        ],
        supervised_by=[{"title": "A", "supervisor_title": "C"}],
        related=[{"title": "A", "related_title": "D"}],
        evidence={"promotions[0]": [0, 1], "promotions[2]": [5, 9], "supervised_by[0]": [10, 12]},
    )

    rows = promotion_edges(rec, "doc")

    got = {(r["from_title"], r["to_title"], r["kind"]): (r["years"], r["char_start"]) for r in rows}
    assert got == {
        ("A", "B", "promotional_line"): (2.0, 5),
        ("A", "B", "series"): (None, None),
        ("A", "C", "supervision"): (None, 10),  # from = subordinate, to = supervisor
        ("A", "D", "related"): (None, None),
    }
    assert {r["kind"]: r["confidence"] for r in rows}["supervision"] < 1.0


@pytest.mark.parametrize(("level_basis", "series"), [("number", 1.0), ("grade", 0.9), ("document", 0.75)])
def test_edge_confidence_is_the_kinds_times_how_surely_it_was_read(level_basis, series):
    rec = record(promotions=[
        {"from_title": "A", "to_title": "B", "years": None, "kind": "series"},
        {"from_title": "A", "to_title": "C", "years": 1.0, "kind": "promotional_line"},
        {"from_title": "A", "to_title": "D", "years": None, "kind": "promotional_line"},
    ], supervised_by=[{"title": "A", "supervisor_title": "E"}])

    rows = promotion_edges(rec, "doc", level_basis=level_basis)

    # series 1.0 x the basis; a line 1.0, or 0.9 without years; supervision its kind's 0.8
    assert {r["to_title"]: r["confidence"] for r in rows} == {"B": series, "C": 1.0, "D": 0.9, "E": 0.8}


def test_duties_are_located_in_the_text():
    text = "Duties:\n- Inspects widgets daily.\n- Writes inspection reports.\n"

    rows = duty_rows(["Inspects widgets daily.", "Writes inspection reports.", "Not in the text."], text)

    assert [(r["duty_order"], r["char_start"]) for r in rows] == [(0, 10), (1, 36), (2, None)]
    assert text[rows[1]["char_start"]:rows[1]["char_end"]] == "Writes inspection reports."


def test_evidence_outside_the_text_is_refused():
    rec = record(evidence={"effective_date": [5, 50]})

    with pytest.raises(NormalizeError, match="outside the text"):
        normalize_document(rec, extracted("short"), file_name="s.txt")


@pytest.mark.parametrize(("seed", "expected"), [
    (CT, ("competitive", "(12)-SOCIAL SERV (P-2)")),
    ("nys_immigrant_workers_specialist.txt", ("non-competitive", None)),
])
def test_every_class_of_a_document_carries_its_classification_and_bargaining_unit(seed, expected):
    text = (SEEDS / seed).read_text(encoding="utf-8")
    record = parse_spec(text, file_name=seed)

    tables = normalize_document(record, extracted(text), file_name=seed)

    classes = tables["job_classes"].select("classification", "bargaining_unit").unique()
    assert classes.rows() == [expected]
    facts = set(tables["evidence"]["fact_key"])
    assert ("classification" in facts) and (("bargaining_unit" in facts) == (expected[1] is not None))


def test_the_extractors_own_confidence_of_an_edge_is_used_when_the_record_has_one():
    rec = record(promotions=[{"from_title": "A", "to_title": "B", "years": 1.0, "kind": "promotional_line",
                              "confidence": 0.6}],
                 supervised_by=[{"title": "A", "supervisor_title": "C", "confidence": 0.7}])

    rows = promotion_edges(rec, "doc")

    # the kind's confidence (line 1.0, supervision 0.8) times how surely the extractor read the statement
    assert {r["to_title"]: r["confidence"] for r in rows} == {"B": 0.6, "C": 0.56}


def test_a_titles_confidence_working_title_and_path_details_become_rows():
    rec = record(titles=[title("Innovation Specialist", confidence=0.97, working_title="Site Lead",
                               qualification_paths=[{"education": "bachelor", "experience_years": 3.0,
                                                     "supervisory_years": 1.0, "specialized_years": 1.0,
                                                     "field": "accounting"}])])

    frames = normalize_document(rec, extracted("Innovation Specialist"), file_name="x.txt")

    assert frames["job_classes"].select("confidence", "working_title").row(0) == (0.97, "Site Lead")
    path = frames["qualification_paths"].row(0, named=True)
    assert (path["field"], path["specialized_years"], path["supervisory_years"]) == ("accounting", 1.0, 1.0)
