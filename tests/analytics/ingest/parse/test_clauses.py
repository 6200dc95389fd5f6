"""Stage 4, the clause grammar: one alternative read into education, experience parts and class references.

Sentences are copied from real documents of ../shared (the comment names the family), shortened where noted."""

from __future__ import annotations

import pytest

from analytics.ingest.parse.clauses import CLASS_REFERENCE_MIN, read_clause


@pytest.mark.parametrize(("text", "total", "supervisory", "specialized"), [
    # NYC Jobs record: a part of the experience "of which" is supervisory
    ("A baccalaureate degree from an accredited college and four years of satisfactory, full-time progressively "
     "responsible clerical/administrative experience, 18 months of which must have been in an administrative, "
     "managerial, executive or supervisory capacity.", 4.0, 1.5, None),
    # CA DGS classification: "at least N years of that experience" in a lead capacity
    ("This Classification must have a minimum of five (5) years of experience applying analytical processes on IT "
     "projects. At least three (3) years of that experience must have been in a lead capacity.", 5.0, 3.0, None),
    # election-office posting: experience of two kinds joined by "and" adds up
    ("Bachelor's degree and five years of management experience and three years of elections experience.",
     8.0, 5.0, None),
    # GSA TTS posting: specialized experience
    ("You must have one year of specialized experience at or equivalent to the GS-14 level.", 1.0, None, 1.0),
    # a range of years is its lower bound; "7+" is seven
    ("Minimum of 1-2 years of experience in a veterinary clinic.", 1.0, None, None),
    ("7+ years of experience leading communications teams.", 7.0, None, None),
    # a duration that is not experience: "within the last fifteen years"
    ("Five years of full-time satisfactory experience as a painter acquired within the last fifteen years",
     5.0, None, None),
    # two year figures joined by "or" are alternatives, not more experience
    ("One (1) year of permanent competitive status as a Senior Social Services Worker or three (3) years as a "
     "Social Services Worker", 1.0, None, None),
    # "two years and six months"
    ("Two years and six months of experience in payroll work.", 2.5, None, None),
])
def test_experience_parts_add_up_to_the_total(text, total, supervisory, specialized):
    clause = read_clause(text, 0)

    assert (clause.total_years, clause.supervisory_years, clause.specialized_years) == (total, supervisory,
                                                                                       specialized)


@pytest.mark.parametrize(("text", "titles"), [
    # LA bulletin: the employer's service around the class
    ("Two years of full-time paid experience with the City of Los Angeles as a Real Estate Officer", ["Real Estate Officer"]),
    # LA bulletin: a single class with time in it, no service words
    ("Two years of full-time paid professional library work as a Librarian.", ["Librarian"]),
    # CalHR: a relation only classes have, and the list it heads
    ("One year of experience in the California state service performing duties comparable to an Assistant "
     "Information Systems Analyst (Range C); Programmer II; or Computer Operations Supervisor II.",
     ["Assistant Information Systems Analyst", "Programmer II", "Computer Operations Supervisor II"]),
    # the mission's example: time directly in a named class
    ("one year as a Senior Social Services Worker", ["Senior Social Services Worker"]),
    # Michigan: "<class> level experience"
    ("2 years of Departmental Supervisor 11 level experience", ["Departmental Supervisor 11"]),
])
def test_references_that_are_classes(text, titles):
    clause = read_clause(text, 0)

    assert [r.title for r in clause.lines()] == titles
    assert all(r.confidence >= CLASS_REFERENCE_MIN for r in clause.lines())


@pytest.mark.parametrize("text", [
    # Colorado Digital Service: occupations listed after "experience as a"
    "Five years of professional experience as a Software Engineer, Product Manager, Human Centered Designer, or "
    "Technology Procurement Specialist.",
    # LA bulletin: a certificate "as a" a trade, with no time in a class
    "A Certificate as a Competent Conveyance (Elevator) Mechanic issued by the California Division of Occupational "
    "Safety and Health.",
])
def test_references_that_are_not_classes(text):
    clause = read_clause(text, 0)

    assert clause.lines() == ()
    assert all(r.confidence < CLASS_REFERENCE_MIN for r in clause.references)


def test_a_title_the_document_defines_is_a_class_wherever_it_is_named():
    text = "Two years of experience as a Program Analyst."
    assert [r.confidence for r in read_clause(text, 0).references] == [0.5]  # a single named job, nothing more
    known = frozenset({"program analyst"})

    [line] = read_clause(text, 0, known_titles=known).lines()

    assert line.title == "Program Analyst" and line.confidence == 0.9


@pytest.mark.parametrize(("text", "education", "field"), [
    ("A bachelor's degree in accounting, finance or a closely related field and two years of experience.",
     "bachelor", "accounting"),
    ("Possession of a master's degree in public administration", "master", "public administration"),
    ("Three years of experience in providing assistance to constituents.", None, None),
])
def test_education_and_its_field(text, education, field):
    clause = read_clause(text, 0)

    assert (clause.education, clause.field) == (education, field)


def test_an_alternative_with_its_own_education_does_not_take_the_shared_one():
    # Michigan posting: the Education section (bachelor's) does not apply to "High School diploma or GED AND ..."
    clause = read_clause("High School diploma or GED AND 4 years of Departmental Supervisor 11 experience", 0,
                         common_education="bachelor")

    assert clause.education == "high_school"
    assert read_clause("Four years of professional experience.", 0, common_education="bachelor").education == "bachelor"


def test_class_time_only_and_class_time_with_more():
    only = read_clause("Two years of full-time paid experience with the City of Los Angeles as a Real Estate Officer", 0)
    more = read_clause("An associate's degree and six years of full-time paid experience as a Payroll Supervisor with "
                       "the City of Los Angeles.", 0)
    extra = read_clause("Two years of general clerical experience and one year as a Senior Clerk with the County.", 0)

    assert only.class_time_only()
    assert not more.class_time_only() and more.education == "associate" and more.total_years == 6.0
    assert not extra.class_time_only() and extra.total_years == 3.0


def test_spans_are_offsets_into_the_document():
    text = "Two years of experience as a Real Estate Officer with the City of Los Angeles"
    clause = read_clause(text, 100)

    [line] = clause.lines()
    assert line.span[0] == 100 and line.span[1] == 100 + text.index(" with")
    assert clause.experience[0].span == (100, 109)


def test_a_grade_named_as_the_level_of_the_experience():
    clause = read_clause("one year of specialized experience at the next lower grade (GS-14) in the Federal service", 0)

    assert clause.grade_reference == "GS-14"
    assert clause.lines() == ()
