"""Numbers and durations as class specs write them, grouped by where the wording came from."""

import pytest

from analytics.ingest.parse.numbers import DURATION, duration_years, number_value

EXAMPLES = {
    "NY State standards": [("Bachelors degree and two years of experience", 2.0),
                           ("Two of the eight years of experience", 8.0)],
    "Connecticut specs": [("Five (5) years of technical level experience", 5.0),
                          ("fifteen (15) hours equalling one-half (1/2) year of experience", 0.5)],
    "county specs": [("One (1) year of permanent competitive status", 1.0),
                     ("three (3) years as a Social Services Worker", 3.0)],
    "CalHR series": [("Eighteen months of experience", 1.5), ("Thirty months of experience", 2.5)],
    "NEOGOV postings": [("3 to 5 years of AWS/Azure experience", 3.0),
                        ("Three to five years of experience", 3.0)],
    "other wording": [("one and one-half years of experience", 1.5), ("twenty-four months of work", 2.0),
                      ("a year of experience", 1.0)],
}


@pytest.mark.parametrize(("text", "years"), [ex for group in EXAMPLES.values() for ex in group])
def test_first_duration_in_text(text, years):
    match = DURATION.search(text)
    assert match is not None
    assert duration_years(match) == years


@pytest.mark.parametrize("text", ["a four-year college", "Grade 18", "36 semester units", "year-round"])
def test_words_that_are_not_durations(text):
    assert DURATION.search(text) is None


@pytest.mark.parametrize(("text", "value"), [("Five (5)", 5.0), ("two", 2.0), ("twenty-four", 24.0),
                                             ("one-half (1/2)", 0.5), ("12", 12.0), ("banana", None)])
def test_number_value(text, value):
    assert number_value(text) == value


@pytest.mark.parametrize(("text", "years"), [("12 mos. exp. in office work", 1.0), ("3 yrs. of experience", 3.0),
                                             ("two yrs experience", 2.0)])
def test_abbreviated_durations(text, years):
    assert duration_years(DURATION.search(text)) == years
