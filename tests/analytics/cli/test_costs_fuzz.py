"""The `costs` command on arbitrary scenario JSON: exit 0 with the JSON report, or 2 with error lines; never a crash.

Each test calls the CLI in process on one database and one roster for the module (the examples only write the
scenario file), so hypothesis runs hundreds of examples in seconds; most are refused by the scenario schema.
"""

from __future__ import annotations

import contextlib
import io
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from analytics.__main__ import main as cli
from tests.analytics.cli.test_costs import EXAMPLE, HEADER, SCENARIO, cost_db  # noqa: F401 (cost_db: a fixture)

FUZZ = settings(max_examples=300, deadline=None, database=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
TITLE, UNIT = "Immigrant Workers Specialist 1", "Unit A"
# One valid change of each type on the fixture roster (P1 filled, P2 vacant).
CHANGES = [
    {"type": "add_positions", "title": TITLE, "unit": UNIT, "count": 2, "date": "2026-10-01", "fte": 0.5,
     "grade": "18", "schedule_id": None},
    {"type": "cut_positions", "title": TITLE, "unit": UNIT, "count": 1, "date": "2027-01-01"},
    {"type": "fill_vacancy", "position_id": "P2", "date": "2026-03-01"},
    {"type": "freeze_vacancy", "position_id": "P2"},
    {"type": "promote", "position_ids": ["P1"], "grade": "23", "date": "2027-03-01", "title": None},
    {"type": "vacancy_factor", "pct": 2},
    {"type": "attrition", "pct": 8, "backfill_months": 3},
]
DROP = object()  # a key left out
# Values near the format's edges and known troublemakers (unhashable types, surrogates, digits that are not ASCII).
EDGES = st.sampled_from([
    0, 1, -1, 12, 13, 99.99, 100, 120, 121, 10_000, 10_001, 10_000_000, 2**63, -(2**63), 10**40, 0.5, 5, 5.000001,
    -0.0, 1e308, float("inf"), float("-inf"), True, False, None, "", " ", "x" * 201, "\x00", "\ud800", "2026-01-01",
    "2026-01", "2026-02-30", "1899-12-31", "2199-12-31", "2200-01", "9999-12", "0000-01-01", "\u0662\u0660\u0662\u0666-01",
    "P1", "P2", "P9", TITLE, UNIT, "add_positions", "promote", [], {}, ["a"], {"type": "attrition"}, [[[[[]]]]],
])
LEAVES = (st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=30) | EDGES)
JSON = st.recursive(LEAVES, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner,
                                                                                            max_size=4), max_leaves=12)
TOP_KEYS = ["name", "fringe_rate", "cola", "fy_start_month", "start", "end", "changes"]


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory, cost_db: Path) -> dict[str, Path]:  # noqa: F811
    folder = tmp_path_factory.mktemp("costs-fuzz")
    roster = folder / "roster.csv"
    roster.write_text("\n".join([HEADER, *EXAMPLE]), encoding="utf-8")
    return {"roster": roster, "scenario": folder / "scenario.json", "db": cost_db}


def edited(base: dict[str, Any], key: str, value: Any) -> dict[str, Any]:
    return {k: v for k, v in base.items() if k != key} if value is DROP else base | {key: value}


def run(files: dict[str, Path], text: str) -> tuple[int, str, str]:
    """Run `costs --json` in process on a scenario file holding `text`; return (exit code, stdout, stderr)."""
    files["scenario"].write_text(text, encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = cli(["costs", "--roster", str(files["roster"]), "--scenario", str(files["scenario"]),
                    "--db", str(files["db"]), "--json"])
    return code, out.getvalue(), err.getvalue()


def check_run(files: dict[str, Path], scenario: Any) -> int:
    """Run `costs --json` on the scenario; assert exit 0 with the report or 2 with error lines only; return the code."""
    code, out, err = run(files, json.dumps(scenario))
    if code == 0:
        assert err == ""
        assert list(json.loads(out)) == ["scenario_id", "fiscal_years", "bridge"]
    else:
        lines = err.splitlines()
        assert code == 2 and out == "" and lines, (code, out, err)
        assert all(line.startswith("costs: error: ") for line in lines), err
    return code


def test_each_problem_of_a_scenario_is_an_error_line_naming_the_file(files):
    scenario = SCENARIO | {"fringe_rate": "x", "changes": [{"type": ["a"]}, CHANGES[0] | {"count": 10_000_000}]}
    code, out, err = run(files, json.dumps(scenario))
    prefix = f"costs: error: {files['scenario']}: "
    assert (code, out) == (2, "")
    assert err.splitlines() == [
        f'{prefix}scenario.fringe_rate: expected a number from 0 to 5, got "x"',
        f"{prefix}changes[0].type: expected one of add_positions, cut_positions, fill_vacancy, freeze_vacancy, "
        'promote, vacancy_factor, attrition, got ["a"]',
        f"{prefix}changes[1].count: expected a whole number from 1 to 10,000, got 10000000",
    ]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[" * 100_000 + "]" * 100_000, "cannot be read: its JSON is nested too deeply"),
        ('{"fringe_rate": 1' + "0" * 5000 + "}", "cannot be read: Exceeds the limit (4300 digits)"),
        (json.dumps(SCENARIO | {"fringe_rate": float("nan")}), "scenario.fringe_rate: expected a number from 0 to 5, "
                                                                "got NaN"),
    ],
    ids=["nested-100000-deep", "integer-of-5001-digits", "NaN"],
)
def test_json_python_cannot_hold_is_one_error_line(files, text, message):
    code, out, err = run(files, text)
    assert (code, out) == (2, "")
    assert err.startswith(f"costs: error: {files['scenario']}") and message in err and err.count("\n") == 1


def test_the_valid_base_and_every_valid_change_cost(files):
    assert check_run(files, SCENARIO | {"changes": CHANGES[:4] + CHANGES[5:]}) == 0
    assert check_run(files, SCENARIO | {"changes": [CHANGES[4]]}) == 0


@FUZZ
@given(scenario=JSON | st.dictionaries(st.sampled_from([*TOP_KEYS, "fringe", "type"]), JSON, max_size=8))
def test_any_json_value_as_the_whole_scenario(files, scenario):
    event(f"exit {check_run(files, scenario)}")


@FUZZ
@given(key=st.sampled_from([*TOP_KEYS, "colour"]), value=JSON | st.just(DROP))
def test_any_value_in_one_field_of_a_valid_scenario(files, key, value):
    event(f"exit {check_run(files, edited(SCENARIO | {'changes': [CHANGES[1]]}, key, value))}")


@FUZZ
@given(data=st.data(), change=st.sampled_from(CHANGES), value=JSON | st.just(DROP),
       where=st.sampled_from(["alone", "first", "last"]))
def test_any_value_in_one_field_of_each_change(files, data, change, value, where):
    key = data.draw(st.sampled_from([*change, "type", "cont"]))
    bad = edited(change, key, value)
    others = [CHANGES[5]] if where == "alone" else [CHANGES[2], CHANGES[5]]
    event(f"exit {check_run(files, SCENARIO | {'changes': [bad, *others] if where == 'first' else [*others, bad]})}")
