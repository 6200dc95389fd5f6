"""Finding titles: title case, singular head nouns, title lines, header lines, exam specialties."""

import pytest

from analytics.ingest.parse.relations import (
    effective_date,
)
from analytics.ingest.parse.titles import find_titles, singular, title_case
from analytics.vocabulary import title_key


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("SENIOR REAL ESTATE OFFICER", "Senior Real Estate Officer"),
        ("DIRECTOR IMMIGRANT WORKERS SERVICES", "Director Immigrant Workers Services"),
        ("DIRECTOR OF FIELD OPERATIONS", "Director of Field Operations"),
        ("LEGAL SUPPORT SUPERVISOR II", "Legal Support Supervisor II"),
        ("EQUIPMENT MECHANIC (Automotive Mechanic)", "Equipment Mechanic (Automotive Mechanic)"),
        ("Support Specialist - Elections", "Support Specialist - Elections"),
    ],
)
def test_title_case(raw, expected):
    assert title_case(raw) == expected


def test_singular_and_key():
    assert singular("Immigrant Workers Specialists 1") == "Immigrant Workers Specialist 1"
    assert singular("Immigrant Workers Services") == "Immigrant Workers Services"
    assert title_key("Sr. Immigration Specialist") == title_key("Senior Immigration Specialist")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "IMMIGRANT WORKERS SPECIALIST 1, GRADE 18\n\n8418100\n\nDIRECTOR IMMIGRANT WORKERS SERVICES, M-3\n\n8418300\n",
            [
                ("Immigrant Workers Specialist 1", "8418100", "18"),
                ("Director Immigrant Workers Services", "8418300", "M-3"),
            ],
        ),
        (
            "XS95 | 1155 | Case Records Technician\nXS90 | 1154 | Supervising Case Records Technician\n",
            [("Case Records Technician", "1155", None), ("Supervising Case Records Technician", "1154", None)],
        ),
        ("SENIOR PAINTER\nClass Code:       3424\nOpen Date:  04-13-18\n", [("Senior Painter", "3424", None)]),
        (
            "State of Connecticut Executive Branch\nLabor Department Community Services Representative (5246SH)\n",
            [("Labor Department Community Services Representative", "5246", None)],
        ),
        ("=== JOB DETAILS ===\nSalary: $21.68 - $29.02 Hourly\nEmployer: Marion County\n", []),
    ],
)
def test_find_titles(text, expected):
    assert [(h.title, h.class_code, h.grade) for h in find_titles(text)] == expected


def test_a_document_header_line_is_not_the_title_and_history_lines_date_the_spec():
    text = (
        "Correctional Officer\nCalifornia State Personnel Board Specification\nSchematic Code: WY50\n"
        "Class Code: 9662\nEstablished: 02/24/1945\nRevised: 05/02/1995\nTitle Changed: --\nDefinition\n"
    )
    assert [(h.title, h.class_code) for h in find_titles(text)] == [("Correctional Officer", "9662")]
    assert effective_date(text)[0] == "1995-05-02"


def test_an_exam_specialty_in_parentheses_is_not_part_of_the_title():
    text = "EQUIPMENT MECHANIC (Automotive Mechanic)\n\nClass Code: 3711\nOpen Date: 05-18-18\n"
    assert [h.title for h in find_titles(text)] == ["Equipment Mechanic"]
