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
