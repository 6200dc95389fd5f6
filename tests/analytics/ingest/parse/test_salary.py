"""Salary ranges and stated grades, in the wordings of real documents."""

import pytest

from analytics.ingest.parse.salary import salary_ranges, stated_grade
from analytics.ingest.parse.sections import split_sections


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "$27.60-$34.86 Hourly / $2,207.86-$2,788.78 BiWeekly /\n$57,625.00-$72,787.00 Yearly\n",
            [(27.6, 34.86, "hourly", None), (2207.86, 2788.78, "biweekly", None), (57625.0, 72787.0, "yearly", None)],
        ),
        (
            "ANNUAL SALARY\n\n$73,453 to $107,383; $87,152 to $127,434\nThe salary in the Department of Water and Power "
            "is $ $105,172 to $130,687.\n",
            [
                (73453.0, 107383.0, "yearly", None),
                (87152.0, 127434.0, "yearly", None),
                (105172.0, 130687.0, "yearly", "Department of Water and Power"),
            ],
        ),
        (
            "ANNUAL SALARY\n\n$90,995 and $94,868 (flat-rated)\n",
            [(90995.0, 90995.0, "yearly", None), (94868.0, 94868.0, "yearly", None)],
        ),
        ("=== JOB DETAILS ===\nSalary: $4,913.00 - $6,585.00 MONTH\n", [(4913.0, 6585.0, "monthly", None)]),
        ("ACCOUNT CLERK\n\nSalary: $22.50/hr - $28.00/hr\n", [(22.5, 28.0, "hourly", None)]),
        ("ACCOUNT CLERK\n\nAnnual Salary Range: $52K - $68K\n", [(52000.0, 68000.0, "yearly", None)]),
    ],
)
def test_salary_ranges(text, expected):
    got = salary_ranges(text, split_sections(text))
    assert [(r.min, r.max, r.unit, r.department) for r in got] == expected


@pytest.mark.parametrize(
    ("text", "grade"),
    [
        ("SALARY INFORMATION\nSH 17\n", "SH 17"),
        ("Salary Grade: GN15\n", "GN15"),
        ("SALARY GRADE: IT08\n", "IT08"),
        ("Bargaining Unit: AFSCME\n", None),
    ],
)
def test_stated_grade(text, grade):
    found = stated_grade(text)
    assert (found[0] if found else None) == grade
