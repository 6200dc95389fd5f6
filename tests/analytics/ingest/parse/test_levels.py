"""Series levels: parallel classes share a level; levels follow level numbers, grades on one scale, or order."""

import pytest

from analytics.ingest.parse.levels import level_number, parallel, series_levels

ISA = ["Assistant Information Systems Analyst", "Associate Information Systems Analyst (Specialist)",
       "Associate Information Systems Analyst (Supervisor)", "Staff Information Systems Analyst (Specialist)",
       "Staff Information Systems Analyst (Supervisor)", "Senior Information Systems Analyst (Specialist)",
       "Senior Information Systems Analyst (Supervisor)"]


@pytest.mark.parametrize(("a", "b", "expected"), [
    ("Associate Analyst (Specialist)", "Associate Analyst (Supervisor)", True),
    ("Environmental Program Manager I (Supervisory)", "Environmental Program Manager I (Managerial)", True),
    ("Legal Support Specialist I", "Legal Support Supervisor I", True),
    ("Legal Support Supervisor I", "Legal Support Supervisor II", False),
    ("Staff Analyst (Specialist)", "Senior Analyst (Specialist)", False),
])
def test_parallel(a, b, expected):
    assert parallel(a, b) is expected


@pytest.mark.parametrize(("title", "number"), [
    ("Immigrant Workers Specialist 2", 2), ("Engineering Technician III", 3), ("Analyst IX", 9),
    ("Director Immigrant Workers Services", None), ("Programmer I (Range B)", 1),
])
def test_level_number(title, number):
    assert level_number(title) == number


def test_calhr_parallel_tracks_share_their_levels_in_document_order():
    assert series_levels(ISA, [None] * len(ISA)) == ([1, 2, 2, 3, 3, 4, 4], "document")


def test_level_numbers_order_a_series_listed_top_down():
    titles = ["Budget Analyst 3", "Budget Analyst 2", "Budget Analyst 1"]

    assert series_levels(titles, [None, None, None]) == ([3, 2, 1], "number")


def test_grades_on_one_scale_order_levels_without_numbers():
    titles = ["Senior Planner", "Planner", "Principal Planner"]

    assert series_levels(titles, ["SG-23", "SG-18", "SG-27"]) == ([2, 1, 3], "grade")


def test_grades_on_two_scales_leave_the_document_order():
    # NYS: a PS&T grade 18 and 23 and an M/C "M-3" director are not on one scale (M-3 is not below 18).
    titles = ["Immigrant Workers Specialist 1", "Immigrant Workers Specialist 2", "Director Immigrant Workers Services"]

    assert series_levels(titles, ["18", "23", "M-3"]) == ([1, 2, 3], "document")
