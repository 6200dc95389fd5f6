"""Minimum-qualification reading: paths, promotional lines, substitutions; real sentences by origin."""

import pytest

from analytics.ingest.parse.alternatives import split_alternatives
from analytics.ingest.parse.requirements import (
    class_references,
    coursework_units,
    path_or_promotions,
    required_education,
    substitutions_in,
)


@pytest.mark.parametrize(("text", "titles"), [
    # LA City bulletins
    ("Two years of full-time paid experience with the City of Los Angeles as a Real Estate Officer; or",
     ["Real Estate Officer"]),
    ("Two years of full-time paid experience as a Civil Engineering Associate II, III, or IV with the City",
     ["Civil Engineering Associate II", "Civil Engineering Associate III", "Civil Engineering Associate IV"]),
    ("with the City of Los Angeles as a Construction Maintenance Superintendent, Shops Superintendent, or "
     "Fleet Services Manager, or in a class at that level", ["Construction Maintenance Superintendent",
                                                              "Shops Superintendent", "Fleet Services Manager"]),
    # county spec
    ("One (1) year of permanent competitive status as a Senior Social Services Worker or three (3) years as a "
     "Social Services Worker immediately preceding", ["Senior Social Services Worker", "Social Services Worker"]),
    # CalHR
    ("one year of experience performing the duties of a Case Records Technician, Range B.",
     ["Case Records Technician"]),
    ("at a level of responsibility not less than that of an Office Assistant, Range B.", ["Office Assistant"]),
    ("performing the duties of a Senior Stenographer, Legal, Range B or Senior Typist, Legal, Range B.",
     ["Senior Stenographer, Legal", "Senior Typist, Legal"]),
    ("comparable to an Assistant Information Systems Analyst (Range C); Programmer II; Computer Operations "
     "Specialist II; or Computer Operations Supervisor II.", ["Assistant Information Systems Analyst",
                                                              "Programmer II", "Computer Operations Specialist II",
                                                              "Computer Operations Supervisor II"]),
    # NEOGOV (Michigan)
    ("2 years of Departmental Supervisor 11 level experience", ["Departmental Supervisor 11"]),
    # not classes
    ("experience as a supervisor of a crew", []),
    ("experience as a painter", []),
])
def test_class_references(text, titles):
    assert [t for t, _, _ in class_references(text)] == titles


@pytest.mark.parametrize(("text", "education"), [
    ("High School Diploma or GED and college courses in business", "coursework"),
    ("Associate's Degree or higher from an accredited college", "associate"),
    ("Graduation from a four-year college with a Bachelor's degree and two years of experience", "bachelor"),
    ("Completion of the ASE Master Technician Certification", None),
    ("Possession of a master's degree in public administration", "master"),
    ("Equivalent to graduation from a recognized college or university with a minimum of 24 semester or 36 quarter "
     "units in information technology-related coursework", "bachelor"),
    ("Satisfactory completion of a two-year program in automotive mechanics from an accredited community college, "
     "trade or technical school", "coursework"),
])
def test_required_education(text, education):
    assert required_education(text) == education


def test_a_promotional_path_becomes_an_edge_not_a_path():
    paths, edges = path_or_promotions("Three years of full-time paid experience with the City of Los Angeles "
                                      "as a Tree Surgeon; or", 0, None)
    assert paths == []
    assert [(e.from_title, e.years, e.kind) for e in edges] == [("Tree Surgeon", 3.0, "promotional_line")]


def test_a_class_named_far_from_the_years_only_qualifies_the_experience():
    text = ("Experience: Five years of increasingly responsible professional experience as a scientist in "
            "environmental analysis, research, management, planning, regulation, or investigation, two years of "
            "which have included responsibility in the development of programs, at a level equivalent to that of "
            "an Environmental Scientist, Range C, in the California state civil service.")
    paths, edges = path_or_promotions(text, 0, "bachelor")
    assert [(p.education, p.experience_years) for p in paths] == [("bachelor", 5.0)]
    assert edges == []


@pytest.mark.parametrize(("text", "expected"), [
    ("A masters degree may substitute for one year of experience and a law degree may substitute for two years "
     "of experience.", [("master", 1.0), ("law", 2.0)]),
    ("College training may be substituted for the General Experience on the basis of fifteen (15) hours equalling "
     "one-half (1/2) year of experience to a maximum four (4) years for a Bachelor's degree.", [("bachelor", 4.0)]),
    ("Graduate level education may be substituted for the required experience on a year for year basis.", []),
    ("1. Graduation from an accredited four-year college or university with a degree in biology and one year of "
     "full-time paid experience in any of the above fields; or\n2. Two years of experience as an Environmental "
     "Specialist.\n\nPossession of a Master's degree in any of the subjects listed in Requirement #1 may be "
     "substituted for the required experience in Requirement #1.", [("master", 1.0)]),
])
def test_education_substitutions(text, expected):
    subs, feeders = substitutions_in(text, 0)
    assert [(s.education, s.years) for s in subs] == expected
    assert feeders == []


def test_trainee_substitution_is_a_feeder_line():
    text = ("For state employees two (2) years of experience as a Social Services Trainee with the target class "
            "may be substituted for the General Experience.")
    subs, feeders = substitutions_in(text, 0)
    assert subs == []
    assert [(f.from_title, f.years, f.kind) for f in feeders] == [("Social Services Trainee", 2.0, "feeder")]


def test_alternatives_numbered_with_or_and_and():
    block = ("1. Two years as a Real Estate Officer; or\n2. Graduation with a Bachelors degree; and\n"
             "3. Five years of full-time paid real estate experience.\n")
    alternatives, common = split_alternatives(block)
    assert len(alternatives) == 2
    assert "Five years" in alternatives[1].text and "Bachelors" in alternatives[1].text
    assert common is None


def test_alternatives_either_or_with_shared_education():
    block = ("Either I\nOne year of experience performing clerical duties.\nOr II\nTwo years of experience "
             "performing general clerical duties. and\nEducation: Either equivalent to completion of the 12th grade.\n")
    alternatives, common = split_alternatives(block)
    assert len(alternatives) == 2
    assert common == "high_school"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # CalHR 1479, Staff ISA pattern III: semester and quarter units stated together; graduate work.
        ("Thirty semester units or 45 quarter units of graduate work in information technology-related "
         "coursework from a recognized college or university.", (30.0, "graduate")),
        # CalHR 1479, Assistant ISA pattern III: the first units stated are the total.
        ("Completion of at least 60 semester or 90 quarter units at a recognized college or university, of which "
         "12 semester or 18 quarter units are comprised of information technology-related coursework.",
         (60.0, "undergraduate")),
        ("Completion of 45 quarter units of college coursework.", (30.0, "undergraduate")),  # 45 x 2/3
        ("twelve semester hours of graduate-level courses in accounting", (12.0, "graduate")),
        ("Two years of college.", (None, None)),
    ],
)
def test_coursework_units(text, expected):
    assert coursework_units(text) == expected


def test_a_coursework_path_keeps_its_units_and_level():
    # Act
    paths, edges = path_or_promotions(
        "Thirty semester units or 45 quarter units of graduate work in information technology-related coursework.",
        0, None)

    # Assert
    assert edges == []
    assert [(p.education, p.coursework_units, p.coursework_level) for p in paths] == [("coursework", 30.0, "graduate")]
