"""The `pay` command on a real DuckDB file: exit codes, JSON shape, schedule and range engines."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import polars as pl
import pytest

from analytics import db
from analytics.__main__ import main as cli
from analytics.ingest.load.pay_schedules import load_demo_pay_schedules
from tests.paths import REPO_ROOT

NYS_GRADE_18 = [66951.0, 69250.0, 71549.0, 73848.0, 76147.0, 78446.0, 80745.0, 85138.0]


def _insert(con, table: str, rows: dict[str, list]) -> None:
    con.register("fixture_rows", pl.DataFrame(rows))
    con.execute(f"INSERT INTO {table} BY NAME SELECT * FROM fixture_rows")
    con.unregister("fixture_rows")


@pytest.fixture(scope="module")
def pay_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("pay") / "pay.duckdb"
    con = db.connect(path)
    load_demo_pay_schedules(con)
    titles = ["Immigrant Workers Specialist 1", "Community Services Representative", "Widget Inspector",
              "Unpaid Volunteer Coordinator", "Confidential Analyst"]
    _insert(con, "job_classes", {
        "class_id": ["ny:0", "ct:0", "oc:0", "oc:1", "ny:1"], "document_id": ["ny", "ct", "oc", "oc", "ny"],
        "title": titles, "title_key": [t.lower() for t in titles],
        "grade": ["18", "SH 17", None, None, "18"], "bargaining_unit": [None, None, None, None, "M/C"],
        "jurisdiction_id": ["new-york-state", "state-of-connecticut", "orange-county", "orange-county",
                            "new-york-state"],
    })
    _insert(con, "salary_ranges", {
        "class_id": ["oc:0"], "document_id": ["oc"], "range_order": [0], "min_amount": [25.0],
        "max_amount": [26.5], "pay_unit": ["hourly"], "min_annual": [52000.0], "max_annual": [55120.0],
        "annual_factor": [2080.0], "factor_source": ["standard"],
    })
    con.close()
    return path


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = cli(["pay", *argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_ny_grade_18_json_shape_and_salaries(pay_db, capsys):
    code, out, err = _run(capsys, "--title", "Immigrant Workers Specialist 1", "--start", "2025-03-27",
                          "--years", "8", "--db", str(pay_db), "--json")

    report = json.loads(out)
    assert (code, err) == (0, "")
    assert list(report) == ["title", "schedule", "pay_basis", "years"]
    assert report["pay_basis"] == "NYS_PST_PEF SG-18"
    assert (report["title"], report["schedule"]) == ("Immigrant Workers Specialist 1", "NYS_PST_PEF")
    assert all(list(y) == ["year", "salary", "grade", "step"] for y in report["years"])
    assert [y["salary"] for y in report["years"]] == NYS_GRADE_18
    assert report["years"][0] == {"year": 1, "salary": 66951.0, "grade": "SG-18", "step": "HR"}
    assert report["years"][-1] == {"year": 8, "salary": 85138.0, "grade": "SG-18", "step": "JR"}


def test_cola_applies_on_each_anniversary(pay_db, capsys):
    code, out, _ = _run(capsys, "--title", "immigrant workers specialist 1", "--start", "2025-03-27",
                        "--years", "3", "--cola", "3", "--db", str(pay_db), "--json")

    assert code == 0
    assert [y["salary"] for y in json.loads(out)["years"]] == [66951.0, 71327.5, round(71549 * 1.03**2, 2)]


@pytest.mark.parametrize(
    ("title", "schedule", "basis", "grade", "first", "last"),
    [
        ("Community Services Representative", "CT_SH", "CT_SH SH 17 (range only: 3% a year assumed)", "SH 17",
         57625.0, 72787.0),
        # a class paid on its own stated range: no internal schedule name reaches the user (issue 9 item 11)
        ("Widget Inspector", None, "its stated salary range (range only: 3% a year assumed)", "range", 52000.0,
         55120.0),
        ("Confidential Analyst", "NYS_MC", "NYS_MC M/C 18 (range only: 3% a year assumed)", "M/C 18", 67119.0,
         83286.0),
    ],
)
def test_other_engines(pay_db, capsys, title, schedule, basis, grade, first, last):
    code, out, _ = _run(capsys, "--title", title, "--start", "2025-06-01", "--years", "10", "--db", str(pay_db),
                        "--json")

    report = json.loads(out)
    assert code == 0
    assert (report["schedule"], report["pay_basis"]) == (schedule, basis)
    assert {y["grade"] for y in report["years"]} == {grade}
    assert (report["years"][0]["salary"], report["years"][-1]["salary"]) == (first, last)


def test_text_output(pay_db, capsys):
    code, out, _ = _run(capsys, "--title", "Immigrant Workers Specialist 1", "--start", "2025-03-27",
                        "--years", "2", "--db", str(pay_db))

    assert code == 0
    assert out.splitlines() == ["Immigrant Workers Specialist 1 on NYS_PST_PEF SG-18",
                                "  year  1:    66,951.00  grade SG-18, step HR",
                                "  year  2:    69,250.00  grade SG-18, step HR+1adv"]


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--title", "Chief Wizard", "--start", "2025-01-01", "--years", "3"], "unknown title 'Chief Wizard'"),
        (["--title", "Unpaid Volunteer Coordinator", "--start", "2025-01-01", "--years", "3"],
         "no pay schedule or salary range for 'Unpaid Volunteer Coordinator'"),
        (["--start", "2025-01-01", "--years", "3"], "--title is required"),
        (["--title", "Widget Inspector", "--years", "3"], "--start is required"),
        (["--title", "Widget Inspector", "--start", "01/02/2025", "--years", "3"], "--start must be a date"),
        (["--title", "Widget Inspector", "--start", "2025-02-30", "--years", "3"], "--start must be a date"),
        (["--title", "Widget Inspector", "--start", "2025-01-01"], "--years is required"),
        (["--title", "Widget Inspector", "--start", "2025-01-01", "--years", "0"], "--years must be"),
        (["--title", "Widget Inspector", "--start", "2025-01-01", "--years", "21"], "--years must be"),
        (["--title", "Widget Inspector", "--start", "2025-01-01", "--years", "2.5"], "--years must be"),
        (["--title", "Widget Inspector", "--start", "2025-01-01", "--years", "3", "--cola", "-1"], "--cola must be"),
        (["--title", "Widget Inspector", "--start", "2025-01-01", "--years", "3", "--cola", "nan"], "--cola must be"),
        (["--title", "Widget Inspector", "--start", "2025-01-01", "--years", "3", "--cola", "lots"], "--cola must be"),
    ],
)
def test_bad_values_exit_2_with_one_line(pay_db, capsys, argv, message):
    code, out, err = _run(capsys, *argv, "--db", str(pay_db), "--json")

    assert code == 2
    assert out == ""
    assert err.startswith("pay: error: ") and message in err
    assert err.count("\n") == 1


def test_missing_database_exits_2(tmp_path, capsys):
    code, _, err = _run(capsys, "--title", "X", "--start", "2025-01-01", "--years", "3",
                        "--db", str(tmp_path / "none.duckdb"))

    assert code == 2
    assert err == f"pay: error: database not found: {tmp_path / 'none.duckdb'}\n"


def test_module_entry_point_in_a_real_process(pay_db):
    env = {**os.environ, "LADDER_DB": str(pay_db)}
    ok = subprocess.run([sys.executable, "-m", "analytics", "pay", "--title", "Widget Inspector", "--start",
                         "2025-01-01", "--years", "2", "--json"], cwd=REPO_ROOT, env=env, capture_output=True,
                        text=True, check=False)
    bad = subprocess.run([sys.executable, "-m", "analytics", "pay", "--title", "Nobody", "--start", "2025-01-01",
                          "--years", "2", "--json"], cwd=REPO_ROOT, env=env, capture_output=True, text=True,
                         check=False)

    assert ok.returncode == 0, ok.stderr
    assert json.loads(ok.stdout)["years"] == [{"year": 1, "salary": 52000.0, "grade": "range", "step": "MIN"},
                                              {"year": 2, "salary": 53560.0, "grade": "range", "step": "MIN+1"}]
    assert bad.returncode == 2
    assert bad.stderr == "pay: error: unknown title 'Nobody': no job class has this title\n"


def test_range_pct_sets_the_assumed_increase_of_a_range_only_title(pay_db, capsys):
    # 52,000 up 2% a year: 53,040 in year 2, capped at the range's 55,120 max in year 4 (52,000 x 1.02^3 = 55,182)
    code, out, _ = _run(capsys, "--title", "Widget Inspector", "--start", "2025-06-01", "--years", "4",
                        "--range-pct", "2", "--db", str(pay_db), "--json")

    report = json.loads(out)
    assert code == 0
    assert report["pay_basis"] == "its stated salary range (range only: 2% a year assumed)"
    assert [y["salary"] for y in report["years"]] == [52000.0, 53040.0, 54100.8, 55120.0]


def test_years_in_title_and_a_current_salary_start_the_trajectory_where_the_person_is(pay_db, capsys):
    # SG-18 on the 2025 table: 2 years served -> HR + 2 x 2,299 = 71,549; a stated 70,000 advances by 2,299
    code, out, _ = _run(capsys, "--title", "Immigrant Workers Specialist 1", "--start", "2025-06-01", "--years", "2",
                        "--years-in-title", "2", "--db", str(pay_db), "--json")
    assert code == 0
    assert [y["salary"] for y in json.loads(out)["years"]] == [71549.0, 73848.0]

    code, out, _ = _run(capsys, "--title", "Immigrant Workers Specialist 1", "--start", "2025-06-01", "--years", "2",
                        "--current-salary", "70000", "--db", str(pay_db), "--json")
    assert code == 0
    assert [y["salary"] for y in json.loads(out)["years"]] == [70000.0, 72299.0]


@pytest.mark.parametrize(("argv", "message"), [
    (("--range-pct", "0"), "--range-pct must be above 0; got '0'"),
    (("--range-pct", "fast"), "--range-pct must be a percentage; got 'fast'"),
    (("--current-salary", "-5"), "--current-salary must be between 0 and 10,000,000; got '-5'"),
])
def test_bad_start_values_get_one_line(pay_db, capsys, argv, message):
    code, out, err = _run(capsys, "--title", "Immigrant Workers Specialist 1", "--start", "2025-06-01", "--years", "2",
                          *argv, "--db", str(pay_db))

    assert (code, out, err) == (2, "", f"pay: error: {message}\n")


def test_an_assumed_longevity_step_is_added_after_years_at_the_job_rate(pay_db, capsys):
    # SG-18 hired 2025-06-01 reaches JR 85,138 in year 8 (HR + 6 advances + the job-rate advance); five years
    # at JR later (year 13) the assumed 1,500 is added.
    code, out, _ = _run(capsys, "--title", "Immigrant Workers Specialist 1", "--start", "2025-06-01", "--years", "14",
                        "--longevity", "1500", "--db", str(pay_db), "--json")

    years = json.loads(out)["years"]
    assert code == 0
    assert [y["salary"] for y in years[7:]] == [85138.0] * 5 + [86638.0] * 2
    assert years[-1]["step"] == "JR + longevity (assumed)"
