"""The `costs` command on a real DuckDB file: the JSON shape, the design example, bridges and bad input."""

from __future__ import annotations

import json
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import polars as pl
import pytest

from analytics import db
from analytics.__main__ import main as cli
from analytics.costs.demo_roster import DEMO_TITLES
from analytics.ingest.load.pay_schedules import load_demo_pay_schedules
from tests.paths import REPO_ROOT

HEADER = "position_id,title,grade,step,annual_salary,hire_date,title_date,fte,unit,is_vacant,fill_date"
EXAMPLE = [
    "P1,Immigrant Workers Specialist 1,18,8,85138,2015-05-17,2015-05-17,1,Unit A,no,",
    "P2,Immigrant Workers Specialist 1,18,,,,,1,Unit A,yes,2026-01-01",
]
SCENARIO = {"name": "base", "fringe_rate": 0.5, "cola": [{"pct": 3, "effective": "2026-07-01"}],
            "fy_start_month": 7, "start": "2025-07", "end": "2028-06"}


@pytest.fixture(scope="module")
def cost_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("costs") / "costs.duckdb"
    con = db.connect(path)
    load_demo_pay_schedules(con)
    titles = DEMO_TITLES.collect()
    classes = pl.DataFrame({
        "class_id": [f"ny:{i}" for i in range(titles.height)], "document_id": ["ny"] * titles.height,
        "title": titles["title"], "title_key": titles["title"].str.to_lowercase(),
        "class_code": titles["class_code"], "grade": titles["grade"],
        "jurisdiction_id": ["new-york-state"] * titles.height,
    })
    con.register("fixture_rows", classes)
    con.execute("INSERT INTO job_classes BY NAME SELECT * FROM fixture_rows")
    con.close()
    return path


def write(tmp_path: Path, name: str, text: str) -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = cli(["costs", *args])
    out, err = capsys.readouterr()
    return code, out, err


def cents(value: float) -> Decimal:
    return Decimal(str(value))


def test_json_holds_the_design_example_and_a_bridge_that_adds_up(tmp_path, cost_db, capsys):
    roster = write(tmp_path, "roster.csv", "\n".join([HEADER, *EXAMPLE]))
    scenario = write(tmp_path, "s.json", json.dumps(SCENARIO))
    code, out, err = run(capsys, "--roster", roster, "--scenario", scenario, "--db", str(cost_db), "--json")
    report = json.loads(out)
    assert (code, err) == (0, "")
    assert list(report) == ["scenario_id", "fiscal_years", "bridge"]
    assert report["fiscal_years"][:2] == [{"fiscal_year": 2026, "cost": 177920.25},
                                          {"fiscal_year": 2027, "cost": 236753.48}]
    assert [set(b) for b in report["bridge"]] == [{"component", "amount"}] * 8
    change = cents(report["fiscal_years"][-1]["cost"]) - cents(report["fiscal_years"][0]["cost"])
    assert sum(cents(b["amount"]) for b in report["bridge"]) == change
    assert len(report["scenario_id"]) == 16


def test_compare_bridges_from_one_scenario_to_the_other(tmp_path, cost_db, capsys):
    roster = write(tmp_path, "roster.csv", "\n".join([HEADER, *EXAMPLE]))
    base = write(tmp_path, "base.json", json.dumps(SCENARIO))
    plan = SCENARIO | {"fringe_rate": 0.55, "changes": [
        {"type": "add_positions", "title": "Immigrant Workers Specialist 1", "unit": "Unit A", "count": 1,
         "date": "2026-10-01"}]}
    target = write(tmp_path, "plan.json", json.dumps(plan))
    totals = []
    for scenario in (base, target):
        _, out, _ = run(capsys, "--roster", roster, "--scenario", scenario, "--db", str(cost_db), "--json")
        totals.append(sum(cents(y["cost"]) for y in json.loads(out)["fiscal_years"]))
    code, out, _ = run(capsys, "--roster", roster, "--scenario", base, "--compare", target, "--db", str(cost_db),
                       "--json")
    parts = {b["component"]: cents(b["amount"]) for b in json.loads(out)["bridge"]}
    assert code == 0
    assert sum(parts.values()) == totals[1] - totals[0]
    assert parts["positions"] > 0 and parts["fringe"] > 0 and parts["cola"] == 0


def test_text_output_lists_fiscal_years_and_the_bridge(tmp_path, cost_db, capsys):
    roster = write(tmp_path, "roster.csv", "\n".join([HEADER, *EXAMPLE]))
    scenario = write(tmp_path, "s.json", json.dumps(SCENARIO))
    code, out, _ = run(capsys, "--roster", roster, "--scenario", scenario, "--db", str(cost_db))
    assert code == 0
    assert out.splitlines()[2].split() == ["FY2026", "177,920.25"]
    assert "bridge from scenario FY2026 (177,920.25) to scenario FY2028 (" in out
    assert any(line.split()[0] == "cola" for line in out.splitlines())


@pytest.mark.parametrize(
    ("roster_rows", "scenario", "message"),
    [
        (EXAMPLE, "{not json", "is not JSON"),
        (EXAMPLE, json.dumps(SCENARIO | {"start": "July"}), "scenario.start: expected a month YYYY-MM"),
        (EXAMPLE, json.dumps(SCENARIO | {"changes": [{"type": "fill_vacancy", "position_id": "P1",
                                                        "date": "2026-01-01"}]}),
         "changes[0]: position P1 is not vacant"),
        ([EXAMPLE[0].replace("Immigrant Workers Specialist 1", "Dragon Tamer")], json.dumps(SCENARIO),
         "roster has 1 problem(s); first: row 2, title: unknown title (Dragon Tamer)"),
        # a step the grade's pay table does not have is refused when the roster is read (issue 9 item 14)
        ([EXAMPLE[0].replace(",18,8,", ",18,12,")], json.dumps(SCENARIO),
         "first: row 2, step: not a step of grade 18: it has HR, HR+1adv"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(tmp_path, cost_db, capsys, roster_rows, scenario, message):
    roster = write(tmp_path, "roster.csv", "\n".join([HEADER, *roster_rows]))
    path = write(tmp_path, "s.json", scenario)
    code, out, err = run(capsys, "--roster", roster, "--scenario", path, "--db", str(cost_db), "--json")
    assert (code, out) == (2, "")
    assert err.startswith("costs: error: ") and message in err and err.count("\n") == 1


def test_missing_files_and_database_are_one_line_and_exit_2(tmp_path, cost_db, capsys):
    scenario = write(tmp_path, "s.json", json.dumps(SCENARIO))
    roster = write(tmp_path, "roster.csv", "\n".join([HEADER, *EXAMPLE]))
    cases = [
        (["--roster", roster, "--scenario", str(tmp_path / "none.json"), "--db", str(cost_db)],
         "scenario file not found"),
        (["--roster", str(tmp_path / "none.csv"), "--scenario", scenario, "--db", str(cost_db)], "file not found"),
        (["--roster", roster, "--scenario", scenario, "--db", str(tmp_path / "none.duckdb")], "database not found"),
    ]
    for args, message in cases:
        code, _, err = run(capsys, *args)
        assert code == 2 and message in err and err.count("\n") == 1


def test_python_dash_m_runs_on_the_bundled_demo_roster(tmp_path, cost_db):
    scenario = write(tmp_path, "s.json", json.dumps(SCENARIO | {"end": "2030-06"}))
    done = subprocess.run(
        [sys.executable, "-m", "analytics", "costs", "--roster", str(REPO_ROOT / "data" / "demo" / "roster.csv"),
         "--scenario", scenario, "--db", str(cost_db), "--json"],
        cwd=REPO_ROOT, capture_output=True, text=True, timeout=120, check=False,
    )
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert [y["fiscal_year"] for y in report["fiscal_years"]] == [2026, 2027, 2028, 2029, 2030]
    assert all(y["cost"] > 100_000_000 for y in report["fiscal_years"])


def _readme_scenario() -> dict:
    """The scenario JSON of the README's "Scenario JSON" section, as written there."""
    text = (REPO_ROOT / "README.md").read_text(encoding="utf-8")
    block = text.split("### Scenario JSON", 1)[1].split("```json", 1)[1].split("```", 1)[0]
    return json.loads(block)


def test_the_readme_example_scenario_runs_as_written_on_the_demo_data(tmp_path, cost_db, capsys):
    example = _readme_scenario()
    roster = str(REPO_ROOT / "data" / "demo" / "roster.csv")
    plain = write(tmp_path, "plain.json", json.dumps(example | {"changes": []}))
    path = write(tmp_path, "readme.json", json.dumps(example))

    code, out, err = run(capsys, "--roster", roster, "--scenario", path, "--db", str(cost_db), "--json")
    _, before, _ = run(capsys, "--roster", roster, "--scenario", plain, "--db", str(cost_db), "--json")
    _, bridged, _ = run(capsys, "--roster", roster, "--scenario", plain, "--compare", path, "--db", str(cost_db),
                        "--json")

    assert code == 0, err
    report, without = json.loads(out), json.loads(before)
    assert [y["fiscal_year"] for y in report["fiscal_years"]] == [2027, 2028, 2029, 2030, 2031]
    # Every change of the example does something: positions added, a vacancy filled, people leaving.
    parts = {b["component"]: cents(b["amount"]) for b in json.loads(bridged)["bridge"]}
    assert parts["positions"] > 0 and parts["vacancies"] > 0 and parts["turnover"] < 0
    total = sum(cents(y["cost"]) for y in report["fiscal_years"])
    assert sum(parts.values()) == total - sum(cents(y["cost"]) for y in without["fiscal_years"])


def test_a_mistyped_unit_is_refused_naming_it(tmp_path, cost_db, capsys):
    roster = write(tmp_path, "roster.csv", "\n".join([HEADER, *EXAMPLE]))
    plan = SCENARIO | {"changes": [{"type": "add_positions", "title": "Immigrant Workers Specialist 1",
                                    "unit": "Unit  A.", "count": 1, "date": "2026-10-01"}]}
    path = write(tmp_path, "plan.json", json.dumps(plan))

    code, out, err = run(capsys, "--roster", roster, "--scenario", path, "--db", str(cost_db))

    assert (code, out) == (2, "")
    assert err == "costs: error: changes[0]: unit 'Unit  A.' is not in the roster (did you mean 'Unit A'?)\n"


TWO_UNITS = [*EXAMPLE, "P3,Immigrant Workers Specialist 2,23,8,109650,2015-05-17,2015-05-17,1,Unit B,no,"]


def test_unit_flags_scope_the_costs_and_any_two_years_bridge(tmp_path, cost_db, capsys):
    roster = write(tmp_path, "roster.csv", "\n".join([HEADER, *TWO_UNITS]))
    scenario = write(tmp_path, "s.json", json.dumps(SCENARIO))
    args = ["--roster", roster, "--scenario", scenario, "--db", str(cost_db), "--json"]

    _, whole, _ = run(capsys, *args)
    _, unit_a, _ = run(capsys, *args, "--unit", "Unit A")
    _, unit_b, _ = run(capsys, *args, "--unit", "Unit B", "--from-year", "2028", "--to-year", "2026")
    code, out, err = run(capsys, *args, "--unit", "Unit X")

    whole, unit_a, unit_b = (json.loads(x) for x in (whole, unit_a, unit_b))
    assert [y["cost"] for y in unit_a["fiscal_years"]][:2] == [177920.25, 236753.48]  # the design example
    for a, b, both in zip(*(r["fiscal_years"] for r in (unit_a, unit_b, whole)), strict=True):
        assert cents(a["cost"]) + cents(b["cost"]) == cents(both["cost"]), a["fiscal_year"]
    # P3 alone: 109,650 x 1.5 = 164,475.00 in FY2026, with 3 % from July 2026 after; backwards from FY2028.
    assert unit_b["fiscal_years"][0]["cost"] == 164475.0
    assert sum(cents(b["amount"]) for b in unit_b["bridge"]) == cents(164475.0) - cents(
        unit_b["fiscal_years"][2]["cost"])
    assert {b["component"]: b["amount"] for b in unit_b["bridge"]}["cola"] < 0
    assert unit_a["scenario_id"] != whole["scenario_id"]
    assert code == 2 and err.startswith("costs: error: scope: unit 'Unit X' is not in the roster")


def test_the_base_of_a_comparison_is_chosen_explicitly(tmp_path, cost_db, capsys):
    roster = write(tmp_path, "roster.csv", "\n".join([HEADER, *TWO_UNITS]))
    base = write(tmp_path, "base.json", json.dumps(SCENARIO))
    plan = write(tmp_path, "plan.json", json.dumps(SCENARIO | {"fringe_rate": 0.6}))
    args = ["--roster", roster, "--scenario", base, "--compare", plan, "--db", str(cost_db), "--json"]

    forward, backward = (json.loads(run(capsys, *args, *extra)[1]) for extra in ([], ["--base", "compare"]))

    parts = {b["component"]: cents(b["amount"]) for b in forward["bridge"]}
    back = {b["component"]: cents(b["amount"]) for b in backward["bridge"]}
    assert parts["fringe"] > 0 and back["fringe"] == -parts["fringe"]
    assert sum(parts.values()) == -sum(back.values())
