"""The `workforce` command: the JSON shape on the demo history, text output, the cost link and bad input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from analytics.__main__ import main as cli
from tests.paths import REPO_ROOT

ROSTER = REPO_ROOT / "data" / "demo" / "roster.csv"
HISTORY = sorted(str(p) for p in (REPO_ROOT / "data" / "demo" / "history").glob("roster_*.csv"))
KEYS = ["projection_id", "states", "years", "flows", "expected_years_in_state", "time_to_exit", "transition_matrix"]
HEADER = "position_id,title,grade,step,annual_salary,hire_date,title_date,fte,unit,is_vacant,fill_date,as_of"


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = cli(["workforce", *args])
    out, err = capsys.readouterr()
    return code, out, err


def write(tmp_path: Path, name: str, lines: list[str]) -> str:
    path = tmp_path / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return str(path)




def test_the_json_has_the_issue_shape_on_the_demo_history(capsys):
    code, out, err = run(capsys, "--roster", str(ROSTER), "--history", *HISTORY, "--years", "5", "--runs", "500",
                         "--seed", "7", "--recruit", "replace", "--json")

    report = json.loads(out)
    assert (code, err) == (0, "")
    assert list(report) == KEYS
    assert report["states"] == ["18", "23", "27", "M-3"]
    assert len(report["projection_id"]) == 16
    assert set(report["years"][0]) == {"year", "state", "mean", "p05", "p50", "p95"}
    assert set(report["flows"][0]) == {"year", "kind", "state", "count"}
    assert set(report["expected_years_in_state"][0]) == {"state", "years"}
    assert set(report["transition_matrix"][0]) == {"from", "to", "p", "n"}
    # Year 0 is the roster's own headcount of filled positions (data/demo/roster.csv).
    assert [(y["state"], y["mean"]) for y in report["years"] if y["year"] == 0] == [
        ("18", 1067.0), ("23", 619.0), ("27", 156.0), ("M-3", 37.0)]
    assert {y["year"] for y in report["years"]} == set(range(6))
    assert {f["kind"] for f in report["flows"]} == {"hires", "promotions", "exits"}
    # Replacing leavers keeps the total; the matrix carries the moves observed in the five snapshots.
    totals = {y: sum(r["mean"] for r in report["years"] if r["year"] == y) for y in range(6)}
    assert max(totals.values()) - min(totals.values()) < 1e-4
    cells = {(m["from"], m["to"]): m for m in report["transition_matrix"]}
    assert cells[("18", "exit")]["n"] > 300 and 0.05 < cells[("18", "exit")]["p"] < 0.15
    assert cells[("18", "23")]["n"] > 100


def test_the_same_inputs_give_the_same_id_and_numbers(capsys):
    args = ("--roster", str(ROSTER), "--history", *HISTORY, "--years", "3", "--runs", "200", "--seed", "1", "--json")
    first = run(capsys, *args)[1]
    again = run(capsys, *args)[1]
    other = json.loads(run(capsys, *args[:-2], "2", "--json")[1])

    assert first == again
    assert other["projection_id"] != json.loads(first)["projection_id"]


def test_a_matrix_file_alone_and_fixed_hires(tmp_path, capsys):
    matrix = write(tmp_path, "p.csv", ["from,to,p", "18,18,0.8", "18,23,0.1", "18,exit,0.1", "23,23,0.9",
                                       "23,exit,0.1", "27,27,0.95", "27,exit,0.05", "M-3,M-3,0.9", "M-3,exit,0.1"])

    code, out, _ = run(capsys, "--roster", str(ROSTER), "--matrix", matrix, "--years", "1", "--runs", "0",
                       "--hires", "18=50", "--json")

    report = json.loads(out)
    year1 = {y["state"]: y["mean"] for y in report["years"] if y["year"] == 1}
    assert code == 0
    assert year1["18"] == pytest.approx(1067 * 0.8 + 50)
    assert year1["23"] == pytest.approx(1067 * 0.1 + 619 * 0.9)
    assert {m["n"] for m in report["transition_matrix"]} == {None}  # not estimated: no counts
    assert report["years"][0]["p05"] is None  # --runs 0: no bands


def test_an_estimate_overridden_cell_by_cell(tmp_path, capsys):
    edits = write(tmp_path, "edits.csv", ["from,to,p", "18,exit,0.2"])

    code, out, _ = run(capsys, "--roster", str(ROSTER), "--history", *HISTORY, "--matrix", edits, "--years", "1",
                       "--runs", "0", "--json")

    row = {m["to"]: m["p"] for m in json.loads(out)["transition_matrix"] if m["from"] == "18"}
    assert code == 0
    assert row["exit"] == 0.2 and sum(row.values()) == pytest.approx(1.0)


def test_the_text_form(capsys):
    code, out, _ = run(capsys, "--roster", str(ROSTER), "--history", *HISTORY, "--years", "2", "--runs", "100")

    assert code == 0
    assert out.startswith("projection ")
    assert "years in state" in out and "hires" in out


def test_the_cost_link_reads_pay_tables_from_the_database(demo_db_template, capsys):
    code, out, err = run(capsys, "--roster", str(ROSTER), "--history", *HISTORY, "--years", "2", "--runs", "0",
                         "--db", str(demo_db_template), "--as-of", "2025-07-01", "--cola", "3@2026-04-01", "--json")

    report = json.loads(out)
    cost = {(c["year"], c["state"]): c for c in report["cost"]}
    assert (code, err) == (0, "")
    assert list(report) == [*KEYS, "cost"]
    assert sorted({y for y, _ in cost}) == [2025, 2026, 2027]
    assert cost[(2025, "18")]["headcount"] == 1067.0
    assert 60_000 < cost[(2025, "18")]["average_rate"] < cost[(2025, "23")]["average_rate"]
    # The COLA of April 2026 pays nine months of 2026 and all of 2027.
    assert cost[(2027, "18")]["average_rate"] == pytest.approx(cost[(2025, "18")]["average_rate"] * 1.03, rel=0.02)


def snapshot_lines(ids: list[str], as_of: str) -> list[str]:
    return [HEADER] + [f"{pid},Clerk,18,2,,2015-05-17,2015-05-17,1,Unit A,no,,{as_of}" for pid in ids]


@pytest.mark.parametrize(("case", "message"), [
    ("unknown_hires_state", "workforce: error: unknown state '99' in hires (states: 18, 23, 27, M-3)"),
    ("row_not_one", "workforce: error: row '18' of P sums to 0.95, not 1 (exit included)"),
    ("no_overlap", "workforce: error: the snapshots of 2020-07-01 and 2021-07-01 share no position_id: "
                   "they are not of the same positions"),
    ("roster_state_unknown", "workforce: error: unknown state '23': the matrix has no row for it (and 2 more "
                             "problem(s))"),
    ("one_snapshot", "workforce: error: estimating transitions needs two or more dated snapshots, got 1"),
    ("undated", "workforce: error: history snapshot "),
    ("no_matrix", "workforce: error: give --history snapshots (two or more) to estimate P from, or a --matrix file"),
    ("years", "workforce: error: --years 0: expected 1 to 100"),
    ("hires_word", "workforce: error: --hires '18=many': expected STATE=N with N a number of people, 0 or more"),
    ("missing_roster", "workforce: error: roster file not found: "),
])
def test_bad_input_is_one_line_and_exit_2(tmp_path, capsys, case, message):
    full = write(tmp_path, "full.csv", ["from,to,p", "18,18,0.9", "18,exit,0.1", "23,23,1", "27,27,1",
                                        "M-3,M-3,1"])
    args = {
        "unknown_hires_state": ["--roster", str(ROSTER), "--matrix", full, "--years", "1", "--hires", "99=2"],
        "row_not_one": ["--roster", str(ROSTER), "--matrix",
                        write(tmp_path, "bad.csv", ["from,to,p", "18,18,0.9", "18,exit,0.05"]), "--years", "1"],
        "no_overlap": ["--roster", str(ROSTER), "--years", "1", "--history",
                       write(tmp_path, "a.csv", snapshot_lines(["P1", "P2"], "2020-07-01")),
                       write(tmp_path, "b.csv", snapshot_lines(["Q1"], "2021-07-01"))],
        "roster_state_unknown": ["--roster", str(ROSTER), "--matrix",
                                 write(tmp_path, "small.csv", ["from,to,p", "18,18,1"]), "--years", "1"],
        "one_snapshot": ["--roster", str(ROSTER), "--history", HISTORY[0], "--years", "1"],
        "undated": ["--roster", str(ROSTER), "--history", HISTORY[0], str(ROSTER), "--years", "1"],
        "no_matrix": ["--roster", str(ROSTER), "--years", "1"],
        "years": ["--roster", str(ROSTER), "--matrix", full, "--years", "0"],
        "hires_word": ["--roster", str(ROSTER), "--matrix", full, "--years", "1", "--hires", "18=many"],
        "missing_roster": ["--roster", str(tmp_path / "none.csv"), "--matrix", full, "--years", "1"],
    }[case]

    code, out, err = run(capsys, *args)

    assert (code, out) == (2, "")
    assert err.startswith(message)
    assert err.count("\n") == 1 and "Traceback" not in err


def test_an_unknown_option_value_is_one_line(capsys):
    with pytest.raises(SystemExit) as exited:
        cli(["workforce", "--roster", str(ROSTER), "--years", "1", "--by", "unit"])
    err = capsys.readouterr().err

    assert exited.value.code == 2
    assert err.count("\n") == 1 and "invalid choice: 'unit'" in err
