"""Document facts and relations: dates, jurisdiction, classification, bargaining unit, supervision, related classes."""

import pytest

from analytics.ingest.parse.relations import (
    bargaining_unit,
    classification,
    effective_date,
    jurisdiction,
    related_classes,
    supervised_by,
)


def test_supervision_names_a_class_not_a_generic_supervisor():
    text = (
        "Works under the general supervision of a Labor Department Programs and Services Coordinator or other "
        "employee of higher grade. Works under the general supervision of a supervisor who assigns work."
    )
    assert [name for name, _ in supervised_by(text, "X", [])] == ["Labor Department Programs and Services Coordinator"]


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("Date:  3/13\n", "2013-03"),
        ("**APPROVED:** JULY 23, 2015\n", "2015-07-23"),
        ("EFFECTIVE DATE\n12/15/2023\n", "2023-12-15"),
        ("Open date:  03-03-17\n", "2017-03-03"),
        ("OPENING DATE: 12/01/2020\n", "2020-12-01"),
        ("Published: Aug 14, 2025 - The", "2025-08-14"),
    ],
)
def test_effective_date(text, iso):
    assert effective_date(text)[0] == iso


def test_jurisdiction_prefers_the_employer_line():
    text = "Employer: Lane County\nCity of Los Angeles is mentioned later"
    assert jurisdiction(text)[0] == "Lane County"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("**CLASSIFICATION:** COMPETITIVE  \n", "competitive"),
        ("The positions are classified in the non-competitive class and are found only at DOL.", "non-competitive"),
        ("All positions are in the non-competitive jurisdictional class.", "non-competitive"),
        ("JOB CLASS DESIGNATION\n\nClassified/Competitive\n\nOCCUPATIONAL GROUP", "competitive"),
        ("Jurisdictional Classification - Exempt", "exempt"),
        # A list's basis and a qualification heading are not the class of the positions.
        (
            "INTERDEPARTMENTAL PROMOTIONAL AND OPEN COMPETITIVE BASIS\nOPEN-COMPETITIVE: Graduation from high school",
            None,
        ),
    ],
)
def test_classification(text, expected):
    found = classification(text)
    assert (found[0] if found else None) == expected
    if found:
        start, end = found[1]
        assert text[start:end].lower().replace(" ", "-").endswith(expected.split("-")[-1])


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("FLSA: Non-Exempt\nBargaining Unit: AFSCME CO\n", "AFSCME CO"),
        ("BARGAINING UNIT\n\n(12)-SOCIAL SERV (P-2)\n\nEEO", "(12)-SOCIAL SERV (P-2)"),
        ("Bargaining Unit: \nSalary: $20 - $25 Hourly", None),
        ("employees who were in P-2 bargaining unit titles prior to 2002", None),
    ],
)
def test_bargaining_unit(text, expected):
    found = bargaining_unit(text)
    assert (found[0] if found else None) == expected
    if found:
        assert text[slice(*found[1])] == expected


def test_a_differentiated_series_is_related():
    text = "This class series is differentiated from the Programmer Analyst series in that incumbents do not code."
    assert [name for name, _ in related_classes([], text)] == ["Programmer Analyst"]


@pytest.mark.parametrize(
    ("text", "supervisor"),
    [
        ("Incumbents are supervised by the Accounting Manager.", ["Accounting Manager"]),
        ("Receives general supervision from the Deputy Director of Finance.", ["Deputy Director of Finance"]),
        ("Work is supervised by a supervisor.", []),
    ],
)
def test_supervised_by_phrasings(text, supervisor):
    assert [name for name, _ in supervised_by(text, "Accountant", [])] == supervisor


@pytest.mark.parametrize(("text", "expected"), [
    # NYC Jobs record: the Agency line as printed
    ("Job ID: 87990\nAgency: DEPARTMENT OF BUSINESS SERV.\nBusiness Title: Account Manager\n",
     "DEPARTMENT OF BUSINESS SERV."),
    # GSA TTS posting: a federal agency named by its initials
    ("This opportunity is with the Digital.gov team, located in the General Services Administration (GSA).",
     "U.S. General Services Administration"),
    # election-office postings: the government the text names most, not a Location line
    ("Location: Boulder, CO\nThis is a full-time position with Boulder County.\nBoulder County is a family-friendly "
     "workplace.\nThe Boulder County Clerk and Recorder's Office has an opening.\n", "Boulder County"),
    # New Jersey posting: named once, as the one hiring
    ("The State of New Jersey Office of Innovation is looking for an experienced product manager.", "State of New Jersey"),
    # named once, not as the employer (a licence): no jurisdiction
    ("Must be licensed to practice veterinary medicine in the State of Washington.", None),
    ("LOCATION: Wake County, NC\nJOB TYPE: Permanent Full-Time\n", None),
])
def test_jurisdiction_of_the_new_layouts(text, expected):
    found = jurisdiction(text)
    assert (found[0] if found else None) == expected


@pytest.mark.parametrize(("text", "iso"), [
    ("Posting Date: 2014-06-25T00:00:00.000\n", "2014-06-25"),  # NYC Jobs record
    ("Opening and closing period for this job application: 8:00am on Monday, December 17, 2018 EDT to 8:00pm on "
     "Friday, December 21, 2018 EDT\n", "2018-12-17"),  # GSA TTS posting
])
def test_effective_date_of_the_new_layouts(text, iso):
    assert effective_date(text)[0] == iso


def test_a_higher_class_duties_name_the_class_it_supervises():
    # City of Los Angeles bulletin (pool/la/senior_park_ranger_1967_091815.txt)
    from analytics.ingest.parse.relations import supervises

    text = ("A Senior Park Ranger assigns, reviews and evaluates the work of Park Rangers and other employees engaged "
            "in the Park Ranger and park security programs.")

    assert [name for name, _ in supervises(text, 0, "Senior Park Ranger", ["Senior Park Ranger"])] == ["Park Ranger"]


@pytest.mark.parametrize("text", [
    "Works under the supervision of Elections Division personnel.",
    "Reporting to the Deputy Director of Technical Planning, with latitude for independent judgment, the Manager",
])
def test_a_unit_or_a_sentence_fragment_is_no_supervising_class(text):
    found = [name for name, _ in supervised_by(text, "Cost Estimating Manager", [])]
    assert "Elections Division Personnel" not in found and all(len(name.split()) <= 7 for name in found)
