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


@pytest.mark.parametrize(("text", "expected"), [
    # NYC Jobs record: a range as two labelled lines, in the unit a frequency line names
    ("Salary Range From: 90000\nSalary Range To: 110000\nSalary Frequency: Annual\n", [(90000.0, 110000.0, "yearly")]),
    ("Salary Range From: 35\nSalary Range To: 35\nSalary Frequency: Hourly\n", [(35.0, 35.0, "hourly")]),
    # a frequency no pay unit matches gives no range
    ("Salary Range From: 150\nSalary Range To: 175\nSalary Frequency: Daily\n", []),
    # Colorado Digital Service posting: one labelled amount is a flat rate; a cap or a starting rate is not a range
    ("Salary: $130,000.00 Annually\n", [(130000.0, 130000.0, "yearly")]),
    ("Compensation: Up to $125,000\n", []),
    ("Max Salary: Up to  $83,232  (subject to education and qualifications)\n", []),
    # election-office posting: a hiring range stated as "between $X and $Y"
    ("The anticipated hiring range for our Senior Outreach Administrator is between $2,096.66 and $3,144.99 biweekly "
     "depending on qualifications.\n", [(2096.66, 3144.99, "biweekly")]),
    # GSA TTS posting: the steps named between the two amounts; the GS pay cap is not a range
    ("Salary Range: The salary ranges for this position are:\n- GS-15 Step 1 $136,908 to GS-15 Step 10 $183,500\n"
     "Please note the maximum salary available for the GS pay system is $183,500\n",
     [(136908.0, 183500.0, "yearly")]),
])
def test_ranges_of_the_new_layouts(text, expected):
    assert [(r.min, r.max, r.unit) for r in salary_ranges(text, split_sections(text))] == expected


@pytest.mark.parametrize(("text", "grade"), [
    # GSA TTS postings: the GS grade of the pay line or the Series & Grade line, not a promotion potential or cap
    ("Promotion Potential: GS-15\nSalary range: GS-14 ($117,962 to $153,354)\n", "GS-14"),
    ("Job Title: Innovation Specialist\nSeries & Grade: 0301 - 15\nPromotion Potential: GS-15\n", "GS-15"),
    ("TTS is hiring for the role of a GS-13 outreach analyst for Digital.gov.\n", "GS-13"),
    ("one year of specialized experience at the next lower grade (GS-14)\n", None),
])
def test_a_federal_grade(text, grade):
    found = stated_grade(text)
    assert (found[0] if found else None) == grade
