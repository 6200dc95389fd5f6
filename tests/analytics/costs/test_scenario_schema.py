"""The scenario schema: every problem of a scenario JSON value, one line each, and the bounds themselves accepted."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest

from analytics.costs.scenario_format import (
    MAX_CHANGES,
    MAX_COLAS,
    MAX_COUNT,
    MAX_POSITION_IDS,
    MAX_PROBLEMS,
    MAX_TEXT,
    ScenarioError,
)
from analytics.costs.scenario_schema import parse_scenario

BASE = {"fringe_rate": 0.5, "fy_start_month": 7, "start": "2025-07", "end": "2028-06"}
ADD = {"type": "add_positions", "title": "T", "unit": "U", "count": 1, "date": "2026-01-01"}
CUT = {"type": "cut_positions", "title": "T", "unit": "U", "count": 1, "date": "2026-01-01"}
PROMOTE = {"type": "promote", "position_ids": ["P1"], "grade": "23", "date": "2026-01-01"}
TYPES = "add_positions, cut_positions, fill_vacancy, freeze_vacancy, promote, vacancy_factor, attrition"
TEXT = f"a non-empty string of at most {MAX_TEXT} characters, without control characters"
WINDOW = "(the window runs from start for 1 to 120 months)"


def change(base: dict[str, Any], **edit: Any) -> dict[str, Any]:
    """A scenario whose only change is `base` edited (a value of ... drops the key)."""
    edited = {k: v for k, v in (base | edit).items() if v is not ...}
    return BASE | {"changes": [edited]}


BAD = [
    # the issue: a type that is a list or an object (was TypeError: unhashable type)
    (change(ADD, type=["a"]), [f'changes[0].type: expected one of {TYPES}, got ["a"]']),
    (change(ADD, type={"k": 1}), [f'changes[0].type: expected one of {TYPES}, got {{"k": 1}}']),
    (change(ADD, type="hire_everyone"), [f'changes[0].type: expected one of {TYPES}, got "hire_everyone"']),
    (change(ADD, type=...), [f"changes[0]: missing key 'type' (one of {TYPES})"]),
    # whole numbers: bool, float and string refused; bounds
    (change(ADD, count=10_000_000), ["changes[0].count: expected a whole number from 1 to 10,000, got 10000000"]),
    (change(ADD, count=0), ["changes[0].count: expected a whole number from 1 to 10,000, got 0"]),
    (change(CUT, count=10_001), ["changes[0].count: expected a whole number from 1 to 10,000, got 10001"]),
    (change(ADD, count=True), ["changes[0].count: expected a whole number from 1 to 10,000, got true"]),
    (change(ADD, count=2.0), ["changes[0].count: expected a whole number from 1 to 10,000, got 2.0"]),
    (change(ADD, count="3"), ['changes[0].count: expected a whole number from 1 to 10,000, got "3"']),
    (BASE | {"fy_start_month": 13}, ["scenario.fy_start_month: expected a whole number from 1 to 12, got 13"]),
    (BASE | {"fy_start_month": 0}, ["scenario.fy_start_month: expected a whole number from 1 to 12, got 0"]),
    (change({"type": "attrition", "pct": 8}, backfill_months=121),
     ["changes[0].backfill_months: expected a whole number from 0 to 120, got 121"]),
    # numbers: bool, string, null, infinity refused; ranges
    (BASE | {"fringe_rate": "x"}, ['scenario.fringe_rate: expected a number from 0 to 5, got "x"']),
    (BASE | {"fringe_rate": True}, ["scenario.fringe_rate: expected a number from 0 to 5, got true"]),
    (BASE | {"fringe_rate": None}, ["scenario.fringe_rate: expected a number from 0 to 5, got null"]),
    (BASE | {"fringe_rate": 5.01}, ["scenario.fringe_rate: expected a number from 0 to 5, got 5.01"]),
    (BASE | {"fringe_rate": float("inf")}, ["scenario.fringe_rate: expected a number from 0 to 5, got Infinity"]),
    (BASE | {"fringe_rate": 10**100}, ["scenario.fringe_rate: expected a number from 0 to 5, got a number of more than "
                                       "60 digits"]),
    (BASE | {"cola": [{"pct": -100, "effective": "2026-07-01"}]},
     ["cola[0].pct: expected a number above -100 and at most 100, got -100"]),
    (change({"type": "attrition", "pct": 100}), ["changes[0].pct: expected a number from 0 to below 100, got 100"]),
    (change({"type": "vacancy_factor", "pct": -1}), ["changes[0].pct: expected a number from 0 to below 100, got -1"]),
    (change(ADD, fte=0), ["changes[0].fte: expected a number above 0 and at most 1, got 0"]),
    (change(ADD, fte=None), ["changes[0].fte: expected a number above 0 and at most 1, got null"]),
    # months and dates
    (BASE | {"start": "July"}, ['scenario.start: expected a month YYYY-MM from 1900 to 2199, got "July"']),
    (BASE | {"start": "2025-13"}, ['scenario.start: expected a month YYYY-MM from 1900 to 2199, got "2025-13"']),
    (BASE | {"start": "1899-12"}, ['scenario.start: expected a month YYYY-MM from 1900 to 2199, got "1899-12"']),
    (BASE | {"start": "\u0662\u0660\u0662\u0665-07"},  # Arabic-Indic digits match \d; they are not a month
     ['scenario.start: expected a month YYYY-MM from 1900 to 2199, got "\\u0662\\u0660\\u0662\\u0665-07"']),
    (BASE | {"end": "2025-06"}, [f'scenario.end: expected a month from 2025-07 to 2035-06 {WINDOW}, got "2025-06"']),
    (BASE | {"end": "2035-07"}, [f'scenario.end: expected a month from 2025-07 to 2035-06 {WINDOW}, got "2035-07"']),
    (BASE | {"start": "2199-01", "end": "2198-12"},
     [f'scenario.end: expected a month from 2199-01 to 2199-12 {WINDOW}, got "2198-12"']),
    (change(ADD, date="2026-02-30"), ['changes[0].date: expected a date YYYY-MM-DD from 1900 to 2199, got "2026-02-30"']),
    (change(ADD, date="2026-02"), ['changes[0].date: expected a date YYYY-MM-DD from 1900 to 2199, got "2026-02"']),
    (BASE | {"cola": [{"pct": 3, "effective": "2200-01-01"}]},
     ['cola[0].effective: expected a date YYYY-MM-DD from 1900 to 2199, got "2200-01-01"']),
    # strings: no list, object, number, empty, over-long or control characters
    (change(ADD, title=["T"]), [f'changes[0].title: expected {TEXT}, got ["T"]']),
    (change(ADD, unit={"a": 1}), [f'changes[0].unit: expected {TEXT}, got {{"a": 1}}']),
    (change(ADD, unit=7), [f"changes[0].unit: expected {TEXT}, got 7"]),
    (change(ADD, title="  "), [f'changes[0].title: expected {TEXT}, got "  "']),
    (change(ADD, title="x" * 201), [f'changes[0].title: expected {TEXT}, got "{"x" * 59}...']),
    (change(ADD, title="a\x00b"), [f'changes[0].title: expected {TEXT}, got "a\\u0000b"']),
    (BASE | {"name": ""}, [f'scenario.name: expected {TEXT}, got ""']),
    (change({"type": "fill_vacancy", "date": "2026-01-01"}, position_id="\ud800"),
     [f'changes[0].position_id: expected {TEXT}, got "\\ud800"']),
    # unknown and missing keys, at the top level, per COLA row and per change type
    (BASE | {"colour": 1}, ["scenario: unknown key 'colour' (did you mean 'cola'?)"]),
    (BASE | {"budget": 1}, ["scenario: unknown key 'budget'"]),
    (BASE | {"fringe": 0.5}, ["scenario: unknown key 'fringe' (did you mean 'fringe_rate'?)"]),
    ({k: v for k, v in BASE.items() if k != "end"}, ["scenario: missing key 'end'"]),
    (BASE | {"cola": [{"pct": 3}]}, ["cola[0]: missing key 'effective'"]),
    (BASE | {"cola": [{"pct": 3, "effective": "2026-07-01", "efective": "x"}]},
     ["cola[0]: unknown key 'efective' (did you mean 'effective'?)"]),
    (change(ADD, cont=2), ["changes[0]: unknown key 'cont' (did you mean 'count'?)"]),
    (change(CUT, fte=0.5), ["changes[0]: unknown key 'fte'"]),  # add_positions has fte; cut_positions does not
    (change(ADD, count=...), ["changes[0]: missing key 'count'"]),
    # shapes
    ([BASE], ['scenario: expected a JSON object, got [{"fringe_rate": 0.5, "fy_start_month": 7, "start": "2025-07...}]']),
    (None, ["scenario: expected a JSON object, got null"]),
    (BASE | {"changes": {"type": "attrition"}},
     ['scenario.changes: expected a list of at most 500 changes, got {"type": "attrition"}']),
    (BASE | {"changes": [5]}, ["changes[0]: expected an object, got 5"]),
    (BASE | {"cola": None}, ["scenario.cola: expected a list of at most 60 COLA rows, got null"]),
    (change(PROMOTE, position_ids=[]), ["changes[0].position_ids: expected a list of 1 to 10,000 position ids, got []"]),
    (change(PROMOTE, position_ids="P1"),
     ['changes[0].position_ids: expected a list of 1 to 10,000 position ids, got "P1"']),
    (change(PROMOTE, position_ids=["P1", 2, ""]),
     [f"changes[0].position_ids[1]: expected {TEXT}, got 2", f'changes[0].position_ids[2]: expected {TEXT}, got ""']),
    # sizes
    (BASE | {"changes": [{"type": "vacancy_factor", "pct": 1}] * (MAX_CHANGES + 1)},
     ["scenario.changes: expected a list of at most 500 changes, got 501 changes"]),
    (BASE | {"cola": [{"pct": 1, "effective": "2026-07-01"}] * (MAX_COLAS + 1)},
     ["scenario.cola: expected a list of at most 60 COLA rows, got 61 COLA rows"]),
    (change(PROMOTE, position_ids=["P1"] * (MAX_POSITION_IDS + 1)),
     ["changes[0].position_ids: expected a list of 1 to 10,000 position ids, got 10,001 position ids"]),
    # several problems at once, in the order of the format
    (
        {"fringe_rate": "x", "fy_start_month": True, "start": "2025-07", "end": "2040-01", "fringe": 1,
         "cola": [{"pct": 300, "effective": "2026-07"}, 5],
         "changes": [{"type": ["a"]}, ADD | {"count": 10_000_000, "unit": None}, CUT | {"title": 3}]},
        [
            "scenario: unknown key 'fringe' (did you mean 'fringe_rate'?)",
            'scenario.fringe_rate: expected a number from 0 to 5, got "x"',
            "cola[0].pct: expected a number above -100 and at most 100, got 300",
            'cola[0].effective: expected a date YYYY-MM-DD from 1900 to 2199, got "2026-07"',
            "cola[1]: expected an object, got 5",
            "scenario.fy_start_month: expected a whole number from 1 to 12, got true",
            f'scenario.end: expected a month from 2025-07 to 2035-06 {WINDOW}, got "2040-01"',
            f'changes[0].type: expected one of {TYPES}, got ["a"]',
            f"changes[1].unit: expected {TEXT}, got null",
            "changes[1].count: expected a whole number from 1 to 10,000, got 10000000",
            f"changes[2].title: expected {TEXT}, got 3",
        ],
    ),
]


@pytest.mark.parametrize(("raw", "lines"), BAD)
def test_every_problem_is_one_line_naming_where(raw: Any, lines: list[str]):
    with pytest.raises(ScenarioError) as info:
        parse_scenario(raw)
    assert list(info.value.problems) == lines
    assert str(info.value) == "\n".join(lines)


def test_problems_past_the_limit_are_counted_on_a_last_line():
    raw = BASE | {"changes": [{"type": "attrition", "pct": 200}] * (MAX_PROBLEMS + 50)}
    with pytest.raises(ScenarioError) as info:
        parse_scenario(raw)
    assert len(info.value.problems) == MAX_PROBLEMS + 1
    assert info.value.problems[-1] == "... and 50 more problems"


def test_deep_and_long_values_are_shown_short():
    with pytest.raises(ScenarioError) as info:
        parse_scenario(BASE | {"fringe_rate": [[[[[[[[1]]]]]]]], "x" * 500: list(range(10_000))})
    assert info.value.problems == (f"scenario: unknown key '{'x' * 59}...", "scenario.fringe_rate: expected a number "
                                   "from 0 to 5, got [[[[...]]]]")


def test_a_message_as_before_is_one_problem():
    assert ScenarioError("its inputs are not JSON").problems == ("its inputs are not JSON",)


GOOD = [
    BASE | {"changes": [ADD | {"count": 1}, ADD | {"count": MAX_COUNT}, CUT | {"count": MAX_COUNT}]},
    BASE | {"changes": [{"type": "vacancy_factor", "pct": 0}] * MAX_CHANGES},
    BASE | {"changes": [ADD, CUT] * 20 + [PROMOTE, {"type": "freeze_vacancy", "position_id": "P2"}]},
    BASE | {"cola": [{"pct": 100, "effective": "1900-01-01"}, {"pct": -99.99, "effective": "2199-12-31"}] *
            (MAX_COLAS // 2)},
    change(PROMOTE, position_ids=[f"P{i}" for i in range(MAX_POSITION_IDS)], title=None),
    change(ADD, title="x" * MAX_TEXT, unit=" Unit A ", fte=1, grade=None, schedule_id=None),
    change(ADD, fte=0.001, grade="18", schedule_id="ny-ps"),
    BASE | {"fringe_rate": 0, "fy_start_month": 1, "start": "1900-01", "end": "1900-01"},
    BASE | {"fringe_rate": 5, "fy_start_month": 12, "start": "2190-01", "end": "2199-12", "name": None},
    change({"type": "attrition", "pct": 99.99, "backfill_months": 120}),
    change({"type": "attrition", "pct": 0, "backfill_months": 0}),
]


@pytest.mark.parametrize("raw", GOOD)
def test_the_bounds_themselves_are_accepted(raw: dict[str, Any]):
    scenario = parse_scenario(raw)
    assert len(scenario.changes) == len(raw.get("changes", []))


def test_accepted_values_keep_their_meaning():
    scenario = parse_scenario(change(ADD, title=" T ", fte=0.5) | {"name": "  FY27  ", "start": "2025-07",
                                                                     "end": "2035-06"})
    assert (scenario.name, scenario.changes[0].title, scenario.changes[0].fte) == ("FY27", "T", Decimal("0.5"))
    assert (scenario.start, scenario.end) == (dt.date(2025, 7, 1), dt.date(2035, 6, 1))
