"""Rosters: every problem kind reported by row and column, file types, the DuckDB load and the demo roster."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import polars as pl
import pytest

from analytics import db
from analytics.costs.demo_roster import DEMO_TITLES, demo_roster
from analytics.costs.rates import scales, with_scale
from analytics.ingest.load.rosters import file_sha256, load_roster
from analytics.ingest.tables.problems import REPORT_SCHEMA
from analytics.ingest.tables.roster import POSITIONS_SCHEMA, check_roster, read_roster, roster_problems
from tests.analytics.costs.test_projection import gs_steps, nys_steps, step_frame
from tests.analytics.costs.test_rates import pst_18_steps
from tests.paths import REPO_ROOT

HEADER = "position_id,title,grade,step,annual_salary,hire_date,title_date,fte,unit,is_vacant,fill_date"
GOOD_ROWS = [
    "P1,Immigrant Workers Specialist 1,18,8,85138,2015-05-17,2019-05-17,1,Unit A,no,",
    "P2,immigrant  workers specialist 1,18,,,,,1,Unit A,yes,2026-01-01",
    "P3,8418200,23,2,\"89,506\",2022-03-04,,0.5,Unit B,false,",
]
KNOWN = pl.LazyFrame(
    {"title": ["Immigrant Workers Specialist 1", "Immigrant Workers Specialist 2"],
     "class_code": ["8418100", "8418200"], "grade": ["18", "23"], "schedule_id": ["NYS_PST_PEF", "NYS_PST_PEF"]}
)


def write(tmp_path: Path, *rows: str, header: str = HEADER, name: str = "roster.csv") -> Path:
    path = tmp_path / name
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    return path


def problems(tmp_path: Path, *rows: str) -> list[tuple]:
    positions, report = read_roster(write(tmp_path, *rows), KNOWN)
    assert positions.is_empty()
    return report.select("row", "column", "problem").rows()


def test_a_valid_roster_is_typed_and_titles_are_spelt_as_known(tmp_path):
    positions, report = read_roster(write(tmp_path, *GOOD_ROWS), KNOWN)
    assert report.is_empty()
    assert positions.schema == pl.Schema(POSITIONS_SCHEMA)
    assert positions["title"].to_list() == ["Immigrant Workers Specialist 1"] * 2 + ["Immigrant Workers Specialist 2"]
    assert positions.row(2, named=True) | {"title": None} == {
        "position_id": "P3", "title": None, "class_code": None, "grade": "23", "step": 2, "annual_salary": 89506.0,
        "hire_date": dt.date(2022, 3, 4), "title_date": None, "fte": 0.5, "unit": "Unit B", "is_vacant": False,
        "fill_date": None, "education": None, "schedule_id": "NYS_PST_PEF",
    }
    assert positions["step"][1] is None and positions["fill_date"][1] == dt.date(2026, 1, 1)


def test_us_dates_and_class_codes_are_read(tmp_path):
    header = HEADER.replace("title,", "class_code,")
    row = "P1,8418100,18,8,85138,05/17/2015,,1,Unit A,no,"
    positions, report = read_roster(write(tmp_path, row, header=header), KNOWN)
    assert report.is_empty()
    assert positions.select("title", "class_code", "hire_date").row(0) == (
        "Immigrant Workers Specialist 1", "8418100", dt.date(2015, 5, 17))


def test_unknown_title(tmp_path):
    assert problems(tmp_path, GOOD_ROWS[0], "P9,Dragon Tamer,18,3,71549,2020-01-01,,1,Unit A,no,") == [
        (3, "title", "unknown title")
    ]


def test_negative_salary(tmp_path):
    assert problems(tmp_path, "P1,Immigrant Workers Specialist 1,18,8,-85138,2015-05-17,,1,Unit A,no,") == [
        (2, "annual_salary", "negative salary")
    ]


def test_bad_date(tmp_path):
    rows = ["P1,Immigrant Workers Specialist 1,18,8,85138,2015-02-30,,1,Unit A,no,",
            "P2,Immigrant Workers Specialist 1,18,,,,,1,Unit A,yes,next spring"]
    assert problems(tmp_path, *rows) == [(2, "hire_date", "bad date"), (3, "fill_date", "bad date")]


def test_duplicate_id(tmp_path):
    assert problems(tmp_path, GOOD_ROWS[0], GOOD_ROWS[0].replace("Unit A", "Unit C")) == [
        (3, "position_id", "duplicate id: same as row 2")
    ]


@pytest.mark.parametrize("fte", ["0", "1.5", "-1", "full", ""])
def test_bad_fte(tmp_path, fte: str):
    row = f"P1,Immigrant Workers Specialist 1,18,8,85138,2015-05-17,,{fte},Unit A,no,"
    assert problems(tmp_path, row) == [(2, "fte", "bad fte: expected a number above 0 and at most 1")]


def test_other_problems_are_reported_together(tmp_path):
    row = "P1,Immigrant Workers Specialist 1,18,x,lots,,,1,,maybe,"
    assert problems(tmp_path, row) == [
        (2, "annual_salary", "not a number"), (2, "is_vacant", "bad flag: expected true/false or yes/no"),
        (2, "step", "bad step"), (2, "unit", "missing value"),
    ]


def test_a_filled_position_needs_a_step_and_a_hire_date(tmp_path):
    assert problems(tmp_path, "P1,Immigrant Workers Specialist 1,18,,85138,,,1,Unit A,no,") == [
        (2, "hire_date", "missing value"), (2, "step", "missing value"),
    ]


def test_missing_columns_are_one_problem_each():
    report = roster_problems(pl.LazyFrame({"position_id": ["P1"], "unit": ["A"]}), None).collect()
    assert report.schema == pl.Schema(REPORT_SCHEMA)
    assert set(report["column"]) == {"grade", "step", "annual_salary", "hire_date", "title_date", "fte",
                                     "is_vacant", "fill_date", "title or class_code"}


def test_without_known_titles_any_title_is_accepted(tmp_path):
    positions, report = read_roster(write(tmp_path, "P9,Dragon Tamer,18,3,71549,2020-01-01,,1,Unit A,no,"), None)
    assert report.is_empty() and positions["title"].to_list() == ["Dragon Tamer"]


@pytest.mark.parametrize("name", ["roster.xlsx", "roster.parquet"])
def test_excel_and_parquet_read_like_csv(tmp_path, name: str):
    expected, _ = read_roster(write(tmp_path, *GOOD_ROWS), KNOWN)
    text_salary = {"annual_salary": pl.String}
    frame = pl.read_csv(write(tmp_path, *GOOD_ROWS), try_parse_dates=True, schema_overrides=text_salary)
    path = tmp_path / name
    frame.write_excel(path) if name.endswith(".xlsx") else frame.write_parquet(path)
    positions, report = read_roster(path, KNOWN)
    assert report.is_empty()
    assert positions.equals(expected)


@pytest.mark.parametrize(("name", "problem"), [("roster.txt", "unsupported file type"), ("none.csv", "not found")])
def test_files_that_cannot_be_read_are_one_problem(tmp_path, name: str, problem: str):
    if name.endswith(".txt"):
        (tmp_path / name).write_text("x")
    positions, report = read_roster(tmp_path / name, KNOWN)
    assert positions.is_empty() and report.height == 1 and problem in report["problem"][0]


@pytest.fixture
def con(tmp_path):
    connection = db.connect(tmp_path / "roster.duckdb")
    yield connection
    connection.close()


def test_load_roster_loads_all_once(tmp_path, con):
    path = write(tmp_path, *GOOD_ROWS)
    first = load_roster(con, path, known_titles=KNOWN)
    again = load_roster(con, path, known_titles=KNOWN)
    assert (first.is_new, again.is_new, first.roster_id == again.roster_id) == (True, False, True)
    loaded = db.run(con, "roster_positions", {"roster_id": first.roster_id})
    assert loaded.schema == pl.Schema(POSITIONS_SCHEMA | {"step": pl.Int32})
    assert loaded["position_id"].to_list() == ["P1", "P2", "P3"]


def test_a_bad_roster_loads_nothing_and_keeps_its_problems(tmp_path, con):
    path = write(tmp_path, GOOD_ROWS[0], "P2,Dragon Tamer,18,3,-1,2020-01-01,,1,Unit A,no,")
    result = load_roster(con, path, known_titles=KNOWN)
    load_roster(con, path, known_titles=KNOWN)
    assert result.roster_id is None and result.report.height == 2
    assert con.execute("SELECT count(*) FROM roster_positions").fetchone() == (0,)
    rejects = db.run(con, "roster_rejects", {"sha256": file_sha256(path)})
    assert rejects.select("row_number", "column_name", "problem").rows() == [
        (3, "annual_salary", "negative salary"), (3, "title", "unknown title"),
    ]


def test_demo_roster_is_seeded_valid_and_plausible():
    steps = step_frame(nys_steps()).with_columns(pl.col("grade").replace({"18": "SG-18"}))
    titles = DEMO_TITLES.filter(pl.col("schedule_id") == "NYS_PST_PEF")
    first = demo_roster(titles, steps, n_rows=2000, seed=7, as_of=dt.date(2025, 7, 1)).collect()
    again = demo_roster(titles, steps, n_rows=2000, seed=7, as_of=dt.date(2025, 7, 1)).collect()
    assert first.equals(again)
    assert 0.05 <= first["is_vacant"].mean() <= 0.08
    assert first["unit"].n_unique() >= 5 and first.filter(~pl.col("is_vacant"))["step"].n_unique() == 8
    assert first.filter(~pl.col("is_vacant"))["annual_salary"].null_count() == 0
    report = roster_problems(first.lazy().cast({c: pl.String for c in first.columns}), titles).collect()
    assert report.is_empty()


def test_bundled_demo_roster_validates_against_the_seed_titles():
    path = REPO_ROOT / "data" / "demo" / "roster.csv"
    positions, report = read_roster(path, DEMO_TITLES)
    assert report.is_empty()
    assert positions.height == 2000 and positions["title"].n_unique() == DEMO_TITLES.collect().height


# Step labels and stated salaries, checked against pay tables: NY PS&T grade 18 (2024 and 2025 tables, labels
# HR, HR+1adv .. HR+6adv, JR) and GS-9 (steps 1-10).
def pay_tables() -> pl.LazyFrame:
    return pl.concat([pst_18_steps(), gs_steps()])


def iws1(pid: str, step: str, salary: str = "", *, grade: str = "18") -> str:
    return f"{pid},Immigrant Workers Specialist 1,{grade},{step},{salary},2015-05-17,,1,Unit A,no,"


def test_steps_are_read_as_schedules_name_them(tmp_path):
    rows = [iws1("P1", "JR"), iws1("P2", "Job Rate"), iws1("P3", "Step 3"), iws1("P4", "HR"),
            iws1("P5", " hr+2ADV "), iws1("P6", "8"), iws1("P7", "step  5")]
    checked = check_roster(write(tmp_path, *rows), KNOWN, steps=pay_tables())
    assert checked.report.is_empty() and checked.warnings.is_empty()
    # HR is the first step, JR and Job Rate the top one (8 on PS&T), HR+2adv the third.
    assert checked.positions["step"].to_list() == [8, 8, 3, 1, 3, 8, 5]


def test_a_step_the_grade_does_not_have_is_one_line_naming_the_steps_it_has(tmp_path):
    rows = [iws1("P1", "Step 9"), iws1("P2", "JRR"), "P3,Analyst,GS-9,11,,2015-05-17,,1,Unit A,no,"]
    positions, report = read_roster(write(tmp_path, *rows), None, steps=pay_tables())
    nys = "not a step of grade 18: it has HR, HR+1adv, HR+2adv, HR+3adv, HR+4adv, HR+5adv, HR+6adv, JR (steps 1-8)"
    assert positions.is_empty()
    assert report.rows() == [(2, "step", nys, "Step 9"), (3, "step", nys, "JRR"),
                             (4, "step", "not a step of grade GS-9: it has steps 1-10", "11")]


def test_without_a_pay_table_numbers_and_hr_read_but_the_top_step_cannot(tmp_path):
    positions, _ = read_roster(write(tmp_path, iws1("P1", "Step 3"), iws1("P2", "HR"), iws1("P3", "HR+2adv")), KNOWN)
    assert positions["step"].to_list() == [3, 1, 3]
    _, report = read_roster(write(tmp_path, iws1("P1", "JR")), KNOWN)
    assert report.select("problem", "value").rows() == [
        ("bad step: no pay table for grade 18 says which step is the top", "JR")]


def test_a_salary_within_1_percent_of_its_step_is_quiet_and_one_5_percent_off_is_a_warning(tmp_path):
    rows = [iws1("P1", "JR", "85563.69"),  # 0.5% above the 2025 job rate 85,138
            iws1("P2", "HR", "70298.55"),  # 5% above the 2025 hiring rate 66,951
            "P3,Immigrant Workers Specialist 1,18,,90000,,,1,Unit A,yes,"]  # a vacancy: not compared
    checked = check_roster(write(tmp_path, *rows), KNOWN, steps=pay_tables())
    assert checked.report.is_empty()
    assert checked.positions["annual_salary"].to_list() == [85563.69, 70298.55, 90000.0]
    assert checked.warnings.schema == pl.Schema(REPORT_SCHEMA)
    assert checked.warnings.rows() == [(3, "annual_salary", "5.0% above 66951, the pay table's amount for grade 18 "
                                        "step HR (table of 2025-03-27); accepted and costed from the stated salary",
                                        "70298.55")]


def test_salaries_are_compared_with_the_table_in_effect_on_the_as_of_date(tmp_path):
    path = write(tmp_path, iws1("P1", "JR", "85138"))
    assert check_roster(path, KNOWN, steps=pay_tables(), as_of=dt.date(2025, 7, 1)).warnings.is_empty()
    older = check_roster(path, KNOWN, steps=pay_tables(), as_of=dt.date(2024, 7, 1)).warnings
    # 85,138 / 82,656 - 1 = 3.0%
    assert older["problem"].to_list() == ["3.0% above 82656, the pay table's amount for grade 18 step JR "
                                          "(table of 2024-03-28); accepted and costed from the stated salary"]


@pytest.mark.parametrize("grade", ["18", "SG-18", "Grade 18", "sg 18"])
def test_the_roster_matches_grades_to_pay_tables_as_the_cost_engine_does(tmp_path, grade: str):
    positions, report = read_roster(write(tmp_path, iws1("P1", "JR", grade=grade)), None, steps=pay_tables())
    assert report.is_empty() and positions["step"].to_list() == [8]
    matched = with_scale(positions.lazy().with_columns(schedule_id=pl.lit(None, pl.String)), scales(pay_tables()),
                         grade="grade").collect()
    assert matched["scale_id"].is_not_null().all()


def test_load_roster_stores_each_salary_warning_with_its_position(tmp_path, con):
    path = write(tmp_path, iws1("P1", "JR", "85138"), iws1("P2", "HR", "70298.55"))
    loaded = load_roster(con, path, known_titles=KNOWN, steps=pay_tables())
    assert loaded.roster_id is not None and loaded.warnings["row"].to_list() == [3]
    stored = con.execute("SELECT position_id, salary_warning IS NOT NULL FROM roster_positions ORDER BY 1").fetchall()
    assert stored == [("P1", False), ("P2", True)]


def test_a_database_from_before_salary_warnings_gains_the_column(tmp_path):
    path = tmp_path / "old.duckdb"
    old = db.open_file(path)
    old.execute("CREATE TABLE roster_positions (roster_id VARCHAR NOT NULL, position_id VARCHAR NOT NULL, "
                "title VARCHAR NOT NULL, class_code VARCHAR, grade VARCHAR NOT NULL, step INTEGER, "
                "annual_salary DOUBLE, hire_date DATE, title_date DATE, fte DOUBLE NOT NULL, unit VARCHAR NOT NULL, "
                "is_vacant BOOLEAN NOT NULL, fill_date DATE, education VARCHAR, schedule_id VARCHAR, "
                "PRIMARY KEY (roster_id, position_id))")
    old.close()
    con = db.connect(path)
    try:
        loaded = load_roster(con, write(tmp_path, iws1("P1", "HR", "70298.55")), known_titles=KNOWN,
                             steps=pay_tables())
        assert loaded.is_new
        assert con.execute("SELECT count(salary_warning) FROM roster_positions").fetchone() == (1,)
    finally:
        con.close()
