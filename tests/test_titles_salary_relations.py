"""Titles, salary ranges, grades, supervision, related classes and document dates on real wording."""

import pytest

from analytics.ingest.parse.relations import (
    bargaining_unit,
    classification,
    effective_date,
    jurisdiction,
    related_classes,
    supervised_by,
)
from analytics.ingest.parse.salary import salary_ranges, stated_grade
from analytics.ingest.parse.sections import split_sections
from analytics.ingest.parse.titles import find_titles, singular, title_case
from analytics.vocabulary import title_key


@pytest.mark.parametrize(("raw", "expected"), [
    ("SENIOR REAL ESTATE OFFICER", "Senior Real Estate Officer"),
    ("DIRECTOR IMMIGRANT WORKERS SERVICES", "Director Immigrant Workers Services"),
    ("DIRECTOR OF FIELD OPERATIONS", "Director of Field Operations"),
    ("LEGAL SUPPORT SUPERVISOR II", "Legal Support Supervisor II"),
    ("EQUIPMENT MECHANIC (Automotive Mechanic)", "Equipment Mechanic (Automotive Mechanic)"),
    ("Support Specialist - Elections", "Support Specialist - Elections"),
])
def test_title_case(raw, expected):
    assert title_case(raw) == expected


def test_singular_and_key():
    assert singular("Immigrant Workers Specialists 1") == "Immigrant Workers Specialist 1"
    assert singular("Immigrant Workers Services") == "Immigrant Workers Services"
    assert title_key("Sr. Immigration Specialist") == title_key("Senior Immigration Specialist")


@pytest.mark.parametrize(("text", "expected"), [
    ("IMMIGRANT WORKERS SPECIALIST 1, GRADE 18\n\n8418100\n\nDIRECTOR IMMIGRANT WORKERS SERVICES, M-3\n\n8418300\n",
     [("Immigrant Workers Specialist 1", "8418100", "18"), ("Director Immigrant Workers Services", "8418300", "M-3")]),
    ("XS95 | 1155 | Case Records Technician\nXS90 | 1154 | Supervising Case Records Technician\n",
     [("Case Records Technician", "1155", None), ("Supervising Case Records Technician", "1154", None)]),
    ("SENIOR PAINTER\nClass Code:       3424\nOpen Date:  04-13-18\n", [("Senior Painter", "3424", None)]),
    ("State of Connecticut Executive Branch\nLabor Department Community Services Representative (5246SH)\n",
     [("Labor Department Community Services Representative", "5246", None)]),
    ("=== JOB DETAILS ===\nSalary: $21.68 - $29.02 Hourly\nEmployer: Marion County\n", []),
])
def test_find_titles(text, expected):
    assert [(h.title, h.class_code, h.grade) for h in find_titles(text)] == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("$27.60-$34.86 Hourly / $2,207.86-$2,788.78 BiWeekly /\n$57,625.00-$72,787.00 Yearly\n",
     [(27.6, 34.86, "hourly", None), (2207.86, 2788.78, "biweekly", None), (57625.0, 72787.0, "yearly", None)]),
    ("ANNUAL SALARY\n\n$73,453 to $107,383; $87,152 to $127,434\nThe salary in the Department of Water and Power "
     "is $ $105,172 to $130,687.\n",
     [(73453.0, 107383.0, "yearly", None), (87152.0, 127434.0, "yearly", None),
      (105172.0, 130687.0, "yearly", "Department of Water and Power")]),
    ("ANNUAL SALARY\n\n$90,995 and $94,868 (flat-rated)\n",
     [(90995.0, 90995.0, "yearly", None), (94868.0, 94868.0, "yearly", None)]),
    ("=== JOB DETAILS ===\nSalary: $4,913.00 - $6,585.00 MONTH\n", [(4913.0, 6585.0, "monthly", None)]),
    ("ACCOUNT CLERK\n\nSalary: $22.50/hr - $28.00/hr\n", [(22.5, 28.0, "hourly", None)]),
    ("ACCOUNT CLERK\n\nAnnual Salary Range: $52K - $68K\n", [(52000.0, 68000.0, "yearly", None)]),
])
def test_salary_ranges(text, expected):
    got = salary_ranges(text, split_sections(text))
    assert [(r.min, r.max, r.unit, r.department) for r in got] == expected


@pytest.mark.parametrize(("text", "grade"), [
    ("SALARY INFORMATION\nSH 17\n", "SH 17"), ("Salary Grade: GN15\n", "GN15"), ("SALARY GRADE: IT08\n", "IT08"),
    ("Bargaining Unit: AFSCME\n", None),
])
def test_stated_grade(text, grade):
    found = stated_grade(text)
    assert (found[0] if found else None) == grade


def test_supervision_names_a_class_not_a_generic_supervisor():
    text = ("Works under the general supervision of a Labor Department Programs and Services Coordinator or other "
            "employee of higher grade. Works under the general supervision of a supervisor who assigns work.")
    assert [name for name, _ in supervised_by(text, "X", [])] == ["Labor Department Programs and Services Coordinator"]


@pytest.mark.parametrize(("text", "iso"), [
    ("Date:  3/13\n", "2013-03"), ("**APPROVED:** JULY 23, 2015\n", "2015-07-23"),
    ("EFFECTIVE DATE\n12/15/2023\n", "2023-12-15"), ("Open date:  03-03-17\n", "2017-03-03"),
    ("OPENING DATE: 12/01/2020\n", "2020-12-01"), ("Published: Aug 14, 2025 - The", "2025-08-14"),
])
def test_effective_date(text, iso):
    assert effective_date(text)[0] == iso


def test_jurisdiction_prefers_the_employer_line():
    text = "Employer: Lane County\nCity of Los Angeles is mentioned later"
    assert jurisdiction(text)[0] == "Lane County"


@pytest.mark.parametrize(("text", "expected"), [
    ("**CLASSIFICATION:** COMPETITIVE  \n", "competitive"),
    ("The positions are classified in the non-competitive class and are found only at DOL.", "non-competitive"),
    ("All positions are in the non-competitive jurisdictional class.", "non-competitive"),
    ("JOB CLASS DESIGNATION\n\nClassified/Competitive\n\nOCCUPATIONAL GROUP", "competitive"),
    ("Jurisdictional Classification - Exempt", "exempt"),
    # A list's basis and a qualification heading are not the class of the positions.
    ("INTERDEPARTMENTAL PROMOTIONAL AND OPEN COMPETITIVE BASIS\nOPEN-COMPETITIVE: Graduation from high school", None),
])
def test_classification(text, expected):
    found = classification(text)
    assert (found[0] if found else None) == expected
    if found:
        start, end = found[1]
        assert text[start:end].lower().replace(" ", "-").endswith(expected.split("-")[-1])


@pytest.mark.parametrize(("text", "expected"), [
    ("FLSA: Non-Exempt\nBargaining Unit: AFSCME CO\n", "AFSCME CO"),
    ("BARGAINING UNIT\n\n(12)-SOCIAL SERV (P-2)\n\nEEO", "(12)-SOCIAL SERV (P-2)"),
    ("Bargaining Unit: \nSalary: $20 - $25 Hourly", None),
    ("employees who were in P-2 bargaining unit titles prior to 2002", None),
])
def test_bargaining_unit(text, expected):
    found = bargaining_unit(text)
    assert (found[0] if found else None) == expected
    if found:
        assert text[slice(*found[1])] == expected


def test_a_document_header_line_is_not_the_title_and_history_lines_date_the_spec():
    text = ("Correctional Officer\nCalifornia State Personnel Board Specification\nSchematic Code: WY50\n"
            "Class Code: 9662\nEstablished: 02/24/1945\nRevised: 05/02/1995\nTitle Changed: --\nDefinition\n")
    assert [(h.title, h.class_code) for h in find_titles(text)] == [("Correctional Officer", "9662")]
    assert effective_date(text)[0] == "1995-05-02"


def test_an_exam_specialty_in_parentheses_is_not_part_of_the_title():
    text = "EQUIPMENT MECHANIC (Automotive Mechanic)\n\nClass Code: 3711\nOpen Date: 05-18-18\n"
    assert [h.title for h in find_titles(text)] == ["Equipment Mechanic"]


def test_a_differentiated_series_is_related():
    text = "This class series is differentiated from the Programmer Analyst series in that incumbents do not code."
    assert [name for name, _ in related_classes([], text)] == ["Programmer Analyst"]


@pytest.mark.parametrize(("text", "supervisor"), [
    ("Incumbents are supervised by the Accounting Manager.", ["Accounting Manager"]),
    ("Receives general supervision from the Deputy Director of Finance.", ["Deputy Director of Finance"]),
    ("Work is supervised by a supervisor.", []),
])
def test_supervised_by_phrasings(text, supervisor):
    assert [name for name, _ in supervised_by(text, "Accountant", [])] == supervisor
