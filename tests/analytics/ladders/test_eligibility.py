"""Eligibility: required years after substitutions, time in the lower title, earliest date and binding rule."""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from analytics.ladders.eligibility import (
    REQUIREMENT_SCHEMA,
    TIMELINE_SCHEMA,
    class_experience_requirements,
    eligibility_timeline,
)
from analytics.ladders.graph import ladder_paths

AS_OF = dt.date(2025, 1, 15)
NULL_STR = pl.lit(None, dtype=pl.String)


def _nodes(rows: dict[str, str | None]) -> pl.LazyFrame:
    """Nodes keyed by node_id -> title; a node whose id starts with "title:" has no class."""
    ids = list(rows)
    return pl.LazyFrame(
        {"node_id": ids, "class_id": [None if i.startswith("title:") else i for i in ids], "title": list(rows.values())},
        schema={"node_id": pl.String, "class_id": pl.String, "title": pl.String},
    )


def _upward(rows: list[tuple[str, str, str, float | None]]) -> pl.LazyFrame:
    return pl.LazyFrame(
        [(f, t, k, y, y or 0.0) for f, t, k, y in rows],
        schema={"from_node_id": pl.String, "to_node_id": pl.String, "kind": pl.String, "years": pl.Float64,
                "min_years": pl.Float64},
        orient="row",
    )


def _paths(rows: list[tuple[str, int, str | None, float | None]]) -> pl.LazyFrame:
    return pl.LazyFrame(
        rows,
        schema={"class_id": pl.String, "path_order": pl.Int32, "education": pl.String, "experience_years": pl.Float64},
        orient="row",
    )


def _subs(rows: list[tuple[str, str, float]]) -> pl.LazyFrame:
    return pl.LazyFrame(rows, schema={"class_id": pl.String, "education": pl.String, "years": pl.Float64}, orient="row")


def _timeline(start, upward, nodes, paths, subs, *, education, years, years_in_title=None,
              years_supervisory=0.0) -> pl.DataFrame:
    frame = eligibility_timeline(
        ladder_paths(upward, start_node_ids=[start]), nodes, paths, subs,
        education=education, years_total=years,
        years_in_title=years if years_in_title is None else years_in_title, as_of=AS_OF,
        years_supervisory=years_supervisory,
    )
    return frame.collect().sort("node_id")


def _status(row: tuple) -> str:
    """The status a row's other columns imply (each is also checked by its own tests below)."""
    years, now, binding = row[6], row[7], row[9]
    if binding.startswith("requirements not stated"):
        return "requirements not stated"
    return "not open" if years is None else "eligible now" if now else "later"


def _expected(rows: list[tuple]) -> pl.DataFrame:
    rows = [row if len(row) == len(TIMELINE_SCHEMA) else (*row, _status(row)) for row in rows]
    return pl.DataFrame(rows, schema=TIMELINE_SCHEMA, orient="row").sort("node_id")


# --- The three cases the seed documents state (expected.json) ----------------------------------------

IWS_NODES = {"iws1": "Immigrant Workers Specialist 1", "iws2": "Immigrant Workers Specialist 2",
             "diws": "Director Immigrant Workers Services"}
IWS_UPWARD = [("iws1", "iws2", "series", None), ("iws2", "diws", "series", None)]
IWS_PATHS = [("iws1", 1, "bachelor", 2.0), ("iws2", 1, "bachelor", 4.0), ("diws", 1, "bachelor", 8.0)]
IWS_SUBS = [(c, e, y) for c in IWS_NODES for e, y in (("master", 1.0), ("law", 2.0))]


def test_workers_specialist_1_with_three_years_and_a_masters():
    # Act
    got = _timeline("iws1", _upward(IWS_UPWARD), _nodes(IWS_NODES), _paths(IWS_PATHS), _subs(IWS_SUBS),
                    education="master", years=3.0)

    # Assert
    assert_frame_equal(got, _expected([
        ("iws2", "Immigrant Workers Specialist 2", "series", 1, "Immigrant Workers Specialist 1", 3.0, 0.0, True,
         AS_OF, "needs 3 years of experience: 4 required, 1 credited for a master's"),
        ("diws", "Director Immigrant Workers Services", "series", 2, "Immigrant Workers Specialist 2", 7.0, 4.0,
         False, dt.date(2029, 1, 15), "needs 7 years of experience: 8 required, 1 credited for a master's"),
    ]))


def test_community_specialist_1_with_one_year_and_a_bachelors():
    # Arrange
    nodes = {"ics1": "Immigrant Community Specialist 1", "ics2": "Immigrant Community Specialist 2",
             "ics3": "Immigrant Community Specialist 3"}
    upward = [("ics1", "ics2", "series", None), ("ics2", "ics3", "series", None)]
    paths = [("ics1", 1, None, 6.0), ("ics2", 1, None, 7.0), ("ics3", 1, None, 8.0)]
    subs = [(c, e, y) for c in nodes for e, y in (("bachelor", 4.0), ("master", 5.0))]

    # Act
    got = _timeline("ics1", _upward(upward), _nodes(nodes), _paths(paths), _subs(subs), education="bachelor", years=1.0)

    # Assert
    assert_frame_equal(got, _expected([
        ("ics2", "Immigrant Community Specialist 2", "series", 1, "Immigrant Community Specialist 1", 3.0, 2.0,
         False, dt.date(2027, 1, 15), "needs 3 years of experience: 7 required, 4 credited for a bachelor's"),
        ("ics3", "Immigrant Community Specialist 3", "series", 2, "Immigrant Community Specialist 2", 4.0, 3.0,
         False, dt.date(2028, 1, 15), "needs 4 years of experience: 8 required, 4 credited for a bachelor's"),
    ]))


ECM_NODES = {"title:ssw": "Social Services Worker", "ecm": "Employment Case Manager"}
ECM_PATHS = [("ecm", 1, "bachelor", 1.0), ("ecm", 2, "associate", 3.0), ("ecm", 3, "high_school", 5.0)]


@pytest.mark.parametrize("years", [2.0, 10.0])
def test_social_services_worker_promotional_line_binds(years):
    # Arrange: with 2 years in all, the associate path (3 years) ties with the line; the line is named.
    upward = _upward([("title:ssw", "ecm", "promotional_line", 3.0)])

    # Act
    got = _timeline("title:ssw", upward, _nodes(ECM_NODES), _paths(ECM_PATHS), _subs([]),
                    education="associate", years=years, years_in_title=2.0)

    # Assert
    assert_frame_equal(got, _expected([
        ("ecm", "Employment Case Manager", "promotional_line", 1, "Social Services Worker", 3.0, 1.0, False,
         dt.date(2026, 1, 15), "needs 3 years as Social Services Worker"),
    ]))


# --- Rules -----------------------------------------------------------------------------------------

def test_required_years_never_below_zero_and_credit_capped_at_base():
    # Arrange: a bachelor's substitutes for 4 years but the path only asks for 2.
    paths, subs = _paths([("a", 1, None, 2.0)]), _subs([("a", "bachelor", 4.0)])

    # Act
    got = class_experience_requirements(paths, subs, education="bachelor").collect()

    # Assert
    assert_frame_equal(got, pl.DataFrame({
        "class_id": ["a"], "is_open": [True], "required_years": [0.0], "base_years": [2.0],
        "credit_years": [2.0], "credit_education": ["bachelor"], "lowest_education": ["none"],
        "supervisory_years": [0.0], "lowest_coursework_units": [None], "lowest_coursework_level": [None],
    }, schema=REQUIREMENT_SCHEMA))


@pytest.mark.parametrize(
    ("education", "required", "credit_education"),
    [
        ("doctorate", 7.0, "master"),   # a higher degree earns the master's substitution
        ("master", 7.0, "master"),
        ("law", 6.0, "law"),            # a law degree earns its own, larger substitution only
        ("bachelor", 8.0, None),
    ],
)
def test_substitution_credit_by_education_rank(education, required, credit_education):
    # Arrange
    paths = _paths([("d", 1, "bachelor", 8.0)])
    subs = _subs([("d", "master", 1.0), ("d", "law", 2.0)])

    # Act
    got = class_experience_requirements(paths, subs, education=education).collect()

    # Assert
    assert got.select("required_years", "credit_education").row(0) == (required, credit_education)


def test_substitution_is_not_credited_on_a_path_that_already_requires_it():
    # Arrange: path 1 needs a master's and 3 years; the master's substitution is for path 2's years.
    paths = _paths([("m", 1, "master", 3.0), ("m", 2, "bachelor", 5.0)])
    subs = _subs([("m", "master", 1.0)])

    # Act
    got = class_experience_requirements(paths, subs, education="master").collect()

    # Assert
    assert got.select("required_years", "base_years", "credit_years").row(0) == (3.0, 3.0, 0.0)


def test_path_requiring_education_the_person_lacks_is_not_open():
    # Arrange
    upward = _upward(IWS_UPWARD)

    # Act
    got = _timeline("iws1", upward, _nodes(IWS_NODES), _paths(IWS_PATHS), _subs(IWS_SUBS),
                    education="associate", years=20.0)

    # Assert
    assert got.select("required_years", "years_to_eligible", "eligible_now", "binding_constraint").rows() == [
        (None, None, False, "needs a bachelor's: no qualification path is open to this education"),
        (None, None, False, "needs a bachelor's: no qualification path is open to this education"),
    ]


def test_time_in_a_lower_title_adds_up_along_a_path_of_promotional_lines():
    # Arrange: a -> b needs 2 years in a; b -> c needs 3 years in b; c also needs 4 years of experience.
    nodes = _nodes({"a": "Aide", "b": "Assistant", "c": "Associate"})
    upward = _upward([("a", "b", "promotional_line", 2.0), ("b", "c", "feeder", 3.0)])
    paths = _paths([("c", 1, None, 4.0)])

    # Act
    got = _timeline("a", upward, nodes, paths, _subs([]), education="none", years=1.0, years_in_title=0.5)

    # Assert: b at 1.5 years from now, c 3 years after that.
    assert got.select("node_id", "years_to_eligible", "binding_constraint").rows() == [
        ("b", 1.5, "needs 2 years as Aide"),
        ("c", 4.5, "needs 3 years as Assistant, counted from reaching it in 1.5 years"),
    ]
    assert got["earliest_eligible_date"].to_list() == [dt.date(2026, 7, 15), dt.date(2029, 7, 15)]


def test_experience_binds_when_it_is_later_than_time_in_title():
    # Arrange
    nodes = _nodes({"a": "Aide", "b": "Assistant"})
    upward = _upward([("a", "b", "promotional_line", 1.0)])

    # Act
    got = _timeline("a", upward, nodes, _paths([("b", 1, None, 5.0)]), _subs([]), education="none", years=2.0)

    # Assert
    assert got.select("years_to_eligible", "binding_constraint").row(0) == (3.0, "needs 5 years of experience")


def test_title_with_no_stated_requirement_says_so_and_is_never_eligible_now():
    # Arrange: the supervisor class is only named in a document, so nothing is known about it (issue 9 item 4:
    # it used to show "eligible now" / the time of the title below, as if nothing were required).
    nodes = _nodes({"title:ssw": "Social Services Worker", "ecm": "Employment Case Manager",
                    "title:secm": "Senior Employment Case Manager"})
    upward = _upward([("title:ssw", "ecm", "promotional_line", 3.0), ("ecm", "title:secm", "supervision", None)])

    # Act
    got = _timeline("title:ssw", upward, nodes, _paths(ECM_PATHS), _subs([]), education="associate", years=2.0)

    # Assert
    row = got.filter(pl.col("node_id") == "title:secm").select(
        "years_to_eligible", "eligible_now", "earliest_eligible_date", "status", "binding_constraint").row(0)
    assert row == (None, False, None, "requirements not stated",
                   "requirements not stated: no qualifications loaded for it; follows Employment Case Manager")


def test_unstated_title_one_step_up_is_not_eligible_now_even_with_years():
    # Arrange: a -> b (series); b has no loaded qualifications at all.
    nodes = _nodes({"a": "Analyst 1", "b": "Analyst 2"})

    # Act
    got = _timeline("a", _upward([("a", "b", "series", None)]), nodes, _paths([("a", 1, None, 0.0)]), _subs([]),
                    education="bachelor", years=10.0)

    # Assert
    assert got.filter(pl.col("node_id") == "b").select("eligible_now", "status", "binding_constraint").row(0) == (
        False, "requirements not stated", "requirements not stated: no qualifications loaded for it")


def test_stated_path_is_preferred_over_an_unstated_shorter_one():
    # Arrange: c is reached from a by a promotional line (2 years as a) or via b (series), and c has no
    # qualification paths: only the promotional line states anything, so it gives the answer.
    nodes = _nodes({"a": "Aide", "b": "Assistant", "c": "Associate"})
    upward = _upward([("a", "c", "promotional_line", 2.0), ("a", "b", "series", None), ("b", "c", "series", None)])
    paths = _paths([("b", 1, None, 0.0)])

    # Act: 1 year in a, so 1 more year as a
    got = _timeline("a", upward, nodes, paths, _subs([]), education="none", years=1.0)

    # Assert
    assert got.filter(pl.col("node_id") == "c").select("kind", "years_to_eligible", "status").row(0) == (
        "promotional_line", 1.0, "later")


def test_best_path_wins_when_a_title_is_reachable_two_ways():
    # Arrange: c via the promotional line from a needs 4 years in a; via b (series) only experience.
    nodes = _nodes({"a": "Aide", "b": "Assistant", "c": "Associate"})
    upward = _upward([("a", "c", "promotional_line", 4.0), ("a", "b", "series", None), ("b", "c", "series", None)])
    paths = _paths([("b", 1, None, 0.0), ("c", 1, None, 2.0)])

    # Act
    got = _timeline("a", upward, nodes, paths, _subs([]), education="none", years=1.0)

    # Assert
    assert got.filter(pl.col("node_id") == "c").select("kind", "depth", "years_to_eligible").row(0) == ("series", 2, 1.0)


def test_empty_ladder_gives_an_empty_timeline_with_its_schema():
    # Act
    got = _timeline("iws1", _upward([]), _nodes(IWS_NODES), _paths(IWS_PATHS), _subs(IWS_SUBS),
                    education="master", years=3.0)

    # Assert
    assert_frame_equal(got, pl.DataFrame(schema=TIMELINE_SCHEMA))


# --- Chained time and supervisory years (career-answers issue) ------------------------------------

CHAIN_NODES = {"a": "Analyst", "b": "Senior Analyst", "c": "Principal Analyst"}
CHAIN_UPWARD = [("a", "b", "series", None), ("b", "c", "promotional_line", 2.0)]
CHAIN_PATHS = [("b", 1, None, 4.0), ("c", 1, None, 1.0)]


@pytest.mark.parametrize(("years", "to_b", "to_c", "words"), [
    # 10 years: B is open now, and C's two years as B count from today, when B is reached.
    (10.0, 0.0, 2.0, "needs 2 years as Senior Analyst"),
    # 3 years: B in 1 year (it needs 4), then two years in it: C in 3 years, not 1.
    (3.0, 1.0, 3.0, "needs 2 years as Senior Analyst, counted from reaching it in 1 year"),
])
def test_time_in_a_title_not_yet_held_counts_from_reaching_it(years, to_b, to_c, words):
    got = _timeline("a", _upward(CHAIN_UPWARD), _nodes(CHAIN_NODES), _paths(CHAIN_PATHS), _subs([]),
                    education="none", years=years)

    rows = {r["node_id"]: r for r in got.iter_rows(named=True)}
    assert rows["b"]["years_to_eligible"] == to_b
    assert (rows["c"]["years_to_eligible"], rows["c"]["eligible_now"], rows["c"]["binding_constraint"]) == (
        to_c, False, words)


def test_a_title_above_one_not_yet_reached_is_no_sooner_than_it():
    # c needs only 1 year of experience, but it is reached through b (series), which needs 4.
    upward = _upward([("a", "b", "series", None), ("b", "c", "series", None)])

    got = _timeline("a", upward, _nodes(CHAIN_NODES), _paths(CHAIN_PATHS), _subs([]), education="none", years=2.0)

    assert got.select("node_id", "years_to_eligible", "binding_constraint").rows() == [
        ("b", 2.0, "needs 4 years of experience"),
        ("c", 2.0, "follows Senior Analyst, reached in 2 years"),
    ]


def _supervisory_paths(years: float) -> pl.LazyFrame:
    return pl.LazyFrame({"class_id": ["b"], "path_order": [1], "education": ["bachelor"], "experience_years": [8.0],
                         "supervisory_years": [years]},
                        schema={"class_id": pl.String, "path_order": pl.Int32, "education": pl.String,
                                "experience_years": pl.Float64, "supervisory_years": pl.Float64})


@pytest.mark.parametrize(("supervising", "to_b", "words"), [
    (0.0, 2.0, "needs 2 years of supervisory experience (0 so far)"),
    (1.5, 0.5, "needs 2 years of supervisory experience (1.5 so far)"),
    (3.0, 0.0, "needs 8 years of experience"),  # both met; the experience minimum is as late
])
def test_supervisory_years_are_a_minimum_of_their_own(supervising, to_b, words):
    # The Director-style rule: 8 years of experience, two of them supervising staff.
    upward = _upward([("a", "b", "series", None)])

    got = _timeline("a", upward, _nodes(CHAIN_NODES), _supervisory_paths(2.0), _subs([]), education="bachelor",
                    years=9.0, years_supervisory=supervising)

    assert got.select("years_to_eligible", "binding_constraint").row(0) == (to_b, words)


# --- Coursework units (issue 9 item 3) -----------------------------------------------------------------

def _coursework_paths() -> pl.LazyFrame:
    # CalHR 1479 in small: staff needs 2 years, or 30 graduate semester units; assistant 60 undergraduate units.
    return pl.LazyFrame(
        [("asst", 0, None, 1.0, None, None), ("asst", 1, "coursework", None, 60.0, "undergraduate"),
         ("staff", 0, None, 2.0, None, None), ("staff", 1, "coursework", None, 30.0, "graduate")],
        schema={"class_id": pl.String, "path_order": pl.Int32, "education": pl.String,
                "experience_years": pl.Float64, "coursework_units": pl.Float64, "coursework_level": pl.String},
        orient="row",
    )


@pytest.mark.parametrize(
    ("education", "units", "years_to_staff", "binding"),
    [
        # a bachelor's does not necessarily include graduate units: 2 years of experience it is
        ("bachelor", None, 2.0, "needs 2 years of experience"),
        ("master", None, 0.0, "needs 0 years of experience"),      # a master's includes graduate work
        ("bachelor", 30.0, 0.0, "needs 0 years of experience"),    # the person states the 30 units
        ("bachelor", 29.0, 2.0, "needs 2 years of experience"),    # one unit short
        ("coursework", 30.0, 0.0, "needs 0 years of experience"),  # units without a degree
    ],
)
def test_graduate_coursework_needs_a_graduate_degree_or_stated_units(education, units, years_to_staff, binding):
    # Arrange
    nodes = _nodes({"start": "Technician", "staff": "Staff Analyst"})

    # Act
    frame = eligibility_timeline(
        ladder_paths(_upward([("start", "staff", "series", None)]), start_node_ids=["start"]), nodes,
        _coursework_paths(), _subs([]), education=education, years_total=0.0, years_in_title=0.0, as_of=AS_OF,
        coursework_units=units,
    ).collect()

    # Assert
    assert frame.select("years_to_eligible", "binding_constraint").row(0) == (years_to_staff, binding)


@pytest.mark.parametrize(
    ("education", "is_open"),
    [("high_school", False), ("coursework", False), ("associate", True), ("bachelor", True)],
)
def test_undergraduate_units_are_met_by_a_degree_that_includes_them(education, is_open):
    # Arrange: only the 60-unit path (an associate's is 60 semester units)
    paths = _coursework_paths().filter((pl.col("class_id") == "asst") & (pl.col("path_order") == 1))

    # Act
    got = class_experience_requirements(paths, _subs([]), education=education).collect()

    # Assert
    assert got["is_open"].to_list() == [is_open]


def test_a_closed_coursework_path_names_its_units():
    # Arrange: the staff title with only its graduate coursework path
    paths = _coursework_paths().filter((pl.col("class_id") == "staff") & (pl.col("path_order") == 1))
    nodes = _nodes({"start": "Technician", "staff": "Staff Analyst"})

    # Act
    frame = eligibility_timeline(
        ladder_paths(_upward([("start", "staff", "series", None)]), start_node_ids=["start"]), nodes,
        paths, _subs([]), education="bachelor", years_total=5.0, years_in_title=5.0, as_of=AS_OF,
    ).collect()

    # Assert
    assert frame.select("status", "binding_constraint").row(0) == (
        "not open",
        "needs 30 semester units of graduate coursework (or a master's): no qualification path is open to this "
        "education",
    )


def test_time_already_served_in_the_current_title_does_not_bind_over_experience():
    # Arrange: b needs 2 years as a, or (and) 2.5 years of experience; the person has served 2 years in a.
    nodes = _nodes({"a": "Associate", "b": "Senior"})
    upward = _upward([("a", "b", "promotional_line", 2.0)])

    # Act
    got = _timeline("a", upward, nodes, _paths([("b", 1, None, 2.5)]), _subs([]), education="bachelor", years=2.0)

    # Assert: the 2 years in a are served; the experience is what is still missing (half a year).
    assert got.select("years_to_eligible", "binding_constraint").row(0) == (0.5, "needs 2.5 years of experience")
