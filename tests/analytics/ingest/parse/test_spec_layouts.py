"""Layouts from jurisdictions outside the corpus, written for these tests in the style of real class specs
(tests/golden/synthetic/): the extractor's rules must carry over to them."""

from __future__ import annotations

import pytest

from analytics.ingest.parse.spec import parse_spec
from tests.paths import GOLDEN

SYNTHETIC = GOLDEN / "synthetic"


def extract(name: str) -> dict:
    """The record of a synthetic document, with each edge's confidence left out (test_spec checks confidences)."""
    record = parse_spec((SYNTHETIC / name).read_text(encoding="utf-8"), file_name=name)
    for key in ("promotions", "supervised_by", "related"):
        record[key] = [{k: v for k, v in edge.items() if k != "confidence"} for edge in record[key]]
    return record


def test_a_state_class_spec_with_an_alphanumeric_code_a_range_number_and_an_or_line():
    record = extract("wa_hrc.txt")

    assert (record["jurisdiction"], record["effective_date"]) == ("State of Washington", "2019-07-01")
    [title] = record["titles"]
    assert (title["title"], title["class_code"], title["grade"]) == ("Human Resource Consultant 3", "169H", "54")
    assert title["qualification_paths"] == [{"education": "bachelor", "experience_years": 3.0,
                                             "supervisory_years": None, "specialized_years": None, "field": None,
                                             "coursework_units": None, "coursework_level": None}]
    assert title["substitutions"] == [{"education": "master", "years": 1.0}]
    assert record["promotions"] == [{"from_title": "Human Resource Consultant 2",
                                     "to_title": "Human Resource Consultant 3", "years": 4.0,
                                     "kind": "promotional_line"}]


def test_a_county_spec_in_capitals_with_an_hourly_range():
    record = extract("county_clerk.txt")

    assert record["jurisdiction"] == "County of Sonoma"
    [title] = record["titles"]
    assert (title["title"], title["class_code"]) == ("Account Clerk II", "0123")
    assert title["salary_ranges"] == [{"min": 25.1, "max": 32.45, "unit": "hourly", "department": None}]
    assert title["qualification_paths"][0]["education"] == "high_school"
    assert title["qualification_paths"][0]["experience_years"] == 2.0
    assert record["supervised_by"] == [{"title": "Account Clerk II", "supervisor_title": "Senior Account Clerk"}]


@pytest.mark.parametrize("name", sorted(p.name for p in SYNTHETIC.glob("*.txt")))
def test_every_evidence_span_lies_in_the_text(name):
    text = (SYNTHETIC / name).read_text(encoding="utf-8")
    for key, (start, end) in extract(name)["evidence"].items():
        assert 0 <= start < end <= len(text), key


def test_a_salary_group_job_description():
    [title] = extract("tx_accountant.txt")["titles"]

    assert (title["title"], title["class_code"], title["grade"]) == ("Accountant II", "1002", "B19")


def test_an_ohio_style_spec_with_abbreviated_durations_and_dash_or_alternatives():
    record = extract("oh_admin.txt")

    assert (record["jurisdiction"], record["effective_date"], record["bargaining_unit"]) == (
        "State of Ohio", "2024-04-21", "14")
    [title] = record["titles"]
    assert (title["title"], title["class_code"], title["grade"]) == ("Administrative Professional 2", "63122", "31")
    # "Completion of undergraduate core program ...; 12 mos. exp." and "-Or 24 mos. exp. as Administrative
    # Professional 1, 63121."
    assert [(p["education"], p["experience_years"]) for p in title["qualification_paths"]] == [("coursework", 1.0)]
    assert record["promotions"] == [{"from_title": "Administrative Professional 1",
                                     "to_title": "Administrative Professional 2", "years": 2.0,
                                     "kind": "promotional_line"}]
    assert record["supervised_by"] == [{"title": "Administrative Professional 2",
                                        "supervisor_title": "Administrative Professional 3"}]


def test_a_city_job_description_with_labelled_fields():
    record = extract("city_planner.txt")

    assert record["jurisdiction"] == "City of Austin"
    [title] = record["titles"]
    assert (title["title"], title["class_code"], title["grade"]) == ("Planner Senior", "30456", "115")
    assert title["salary_ranges"] == [{"min": 78000.0, "max": 101400.0, "unit": "yearly", "department": None}]
    assert [(p["education"], p["experience_years"]) for p in title["qualification_paths"]] == [("bachelor", 5.0)]
    assert title["substitutions"] == [{"education": "master", "years": 2.0}]


def test_a_commonwealth_spec_with_lower_case_or_lines_and_a_pay_scale_group():
    record = extract("pa_analyst.txt")

    assert record["jurisdiction"] == "Commonwealth of Pennsylvania"
    [title] = record["titles"]
    assert (title["title"], title["class_code"], title["grade"]) == ("Budget Analyst 2", "06920", "07")
    assert [(p["education"], p["experience_years"]) for p in title["qualification_paths"]] == [("bachelor", 1.0)]
    assert record["promotions"] == [{"from_title": "Budget Analyst 1", "to_title": "Budget Analyst 2", "years": 1.0,
                                     "kind": "promotional_line"}]


def test_a_county_posting_whose_first_line_is_the_county():
    record = extract("county_tech.txt")

    assert record["jurisdiction"] == "Maricopa County"
    [title] = record["titles"]
    assert (title["title"], title["class_code"]) == ("Engineering Technician II", "12TE")
    assert title["salary_ranges"] == [{"min": 4523.0, "max": 6012.0, "unit": "monthly", "department": None}]
    assert [(p["education"], p["experience_years"]) for p in title["qualification_paths"]] == [("associate", 2.0)]
    assert record["promotions"] == [{"from_title": "Engineering Technician I", "to_title": "Engineering Technician II",
                                     "years": 4.0, "kind": "promotional_line"}]
    assert record["supervised_by"] == [{"title": "Engineering Technician II",
                                        "supervisor_title": "Engineering Technician III"}]


def test_a_series_spec_with_one_header_line_per_level_and_inline_per_level_lines():
    record = extract("series_sw.txt")

    titles = record["titles"]
    assert [(t["title"], t["class_code"], t["series"], t["level"]) for t in titles] == [
        ("Social Worker I", "2841", "Social Worker", 1), ("Social Worker II", "2842", "Social Worker", 2),
        ("Social Worker III", "2843", "Social Worker", 3)]
    assert [[(r["min"], r["max"], r["unit"]) for r in t["salary_ranges"]] for t in titles] == [
        [(48000.0, 58000.0, "yearly")], [(54000.0, 66000.0, "yearly")], [(60000.0, 74000.0, "yearly")]]
    assert titles[0]["qualification_paths"] == [{"education": "bachelor", "experience_years": None,
                                                 "supervisory_years": None, "specialized_years": None,
                                                 "field": "social work",
                                             "coursework_units": None, "coursework_level": None}]
    lines = [(p["from_title"], p["to_title"], p["years"], p["kind"]) for p in record["promotions"]]
    assert ("Social Worker I", "Social Worker II", 1.0, "promotional_line") in lines
    assert ("Social Worker II", "Social Worker III", 2.0, "promotional_line") in lines
