"""Pay schedule files: validation report per error kind, grade -> schedule mapping, loading, queries."""

from __future__ import annotations

from pathlib import Path

import duckdb
import polars as pl
import pytest
from polars.testing import assert_frame_equal

from analytics import db
from analytics.ingest.load.pay_schedules import (
    DEMO_PAY_SCHEDULES,
    PayScheduleRejected,
    load_demo_pay_schedules,
    load_pay_schedule_file,
    load_pay_schedules,
)
from analytics.ingest.tables import pay_schedules
from analytics.ingest.tables.pay_schedules import (
    RATES_SCHEMA,
    read_pay_schedule,
    validation_report,
)
from analytics.ingest.tables.problems import REPORT_SCHEMA
from analytics.pay.grades import grade_schedule
from queries import header, sql

HEADER = "schedule,grade,step,annual_amount,effective_date,source"
GOOD = "NYS_PST_PEF,SG-18,HR,66951,2025-03-27,CSL s.130(1)(c)"
MY_QUERIES = ("pay_rates", "class_pay_profile", "pay_schedule_changes", "upsert_pay_schedules",
              "insert_ingest_reject")


def _csv(tmp_path: Path, *lines: str, header_line: str = HEADER) -> Path:
    path = tmp_path / "schedule.csv"
    path.write_text("\n".join([header_line, *lines]) + "\n", encoding="utf-8")
    return path


def _report(*problems: tuple[int | None, str | None, str, str | None]) -> pl.DataFrame:
    return pl.DataFrame(list(problems), schema=REPORT_SCHEMA, orient="row")


@pytest.fixture
def con() -> duckdb.DuckDBPyConnection:
    connection = db.connect(":memory:")
    yield connection
    connection.close()


# --- reading and validating -------------------------------------------------------------------

def test_bundled_schedule_is_valid_and_keeps_every_row_with_its_source():
    rows, report = read_pay_schedule(DEMO_PAY_SCHEDULES)

    assert report.is_empty()
    assert rows.schema == pl.Schema(RATES_SCHEMA)
    assert rows.height == 219
    assert rows["source"].str.len_chars().min() > 20
    assert rows.filter(pl.col("effective_date").is_null())["schedule_id"].unique().to_list() == ["CT_SH"]


def test_valid_row_is_typed_and_undated_row_has_null_date(tmp_path):
    path = _csv(tmp_path, GOOD, 'CT_SH,SH 17,MIN,"57,625.00",,CT class spec 5246SH')

    rows, report = read_pay_schedule(path)

    assert report.is_empty()
    expected = pl.DataFrame(
        {"schedule_id": ["NYS_PST_PEF", "CT_SH"], "grade": ["SG-18", "SH 17"], "step": ["HR", "MIN"],
         "annual_amount": [66951.0, 57625.0], "effective_date": ["2025-03-27", None],
         "source": ["CSL s.130(1)(c)", "CT class spec 5246SH"]},
        schema=RATES_SCHEMA,
    )
    assert_frame_equal(rows, expected)


@pytest.mark.parametrize(
    ("line", "column", "problem", "value"),
    [
        ("NYS_PST_PEF,SG-18,JR,about 60k,2025-03-27,src", "annual_amount", "non-numeric amount", "about 60k"),
        ("NYS_PST_PEF,SG-18,JR,,2025-03-27,src", "annual_amount", "non-numeric amount", None),
        ("NYS_PST_PEF,SG-18,JR,-1,2025-03-27,src", "annual_amount", "negative amount", "-1"),
        ("NYS_PST_PEF,SG-18,JR,66951,2025-13-01,src", "effective_date", "bad date: expected YYYY-MM-DD or YYYY-MM",
         "2025-13-01"),
        ("NYS_PST_PEF,SG-18,JR,66951,2025-02-30,src", "effective_date", "bad date: expected YYYY-MM-DD or YYYY-MM",
         "2025-02-30"),
        ("NYS_PST_PEF,SG-18,JR,66951,March 2025,src", "effective_date", "bad date: expected YYYY-MM-DD or YYYY-MM",
         "March 2025"),
        ("NYS_PST_PEF,SG-18,JR,66951,2025-03-27,", "source", "empty source", None),
        ("NYS_PST_PEF,SG-18,JR,66951,2025-03-27,  ", "source", "empty source", None),
        (",SG-18,JR,66951,2025-03-27,src", "schedule", "empty value", None),
        ("NYS_PST_PEF,SG-18,,66951,2025-03-27,src", "step", "empty value", None),
    ],
)
def test_each_bad_value_is_one_report_row_and_nothing_is_accepted(tmp_path, line, column, problem, value):
    path = _csv(tmp_path, GOOD, line)

    rows, report = read_pay_schedule(path)

    assert_frame_equal(report, _report((3, column, problem, value)))
    assert rows.is_empty()
    assert rows.schema == pl.Schema(RATES_SCHEMA)


def test_missing_columns_are_reported_by_name(tmp_path):
    path = _csv(tmp_path, "NYS_PST_PEF,SG-18,HR,66951", header_line="schedule,grade,step,annual_amount")

    rows, report = read_pay_schedule(path)

    assert_frame_equal(report, _report((None, "effective_date", "missing column", None), (None, "source", "missing column", None)))
    assert rows.is_empty()


def test_duplicate_key_points_at_the_first_row(tmp_path):
    path = _csv(tmp_path, GOOD, "CT_SH,SH 17,MIN,57625,,src", GOOD.replace("66951", "66952"), "CT_SH,SH 17,MIN,1,,src")

    _, report = read_pay_schedule(path)

    key = "schedule, grade, step, effective_date"
    assert_frame_equal(report, _report((4, key, "duplicate key: same as row 2", "NYS_PST_PEF, SG-18, HR, 2025-03-27"),
                                   (5, key, "duplicate key: same as row 3", "CT_SH, SH 17, MIN, ")))


def test_report_has_every_problem_of_a_row():
    raw = pl.LazyFrame({"schedule": ["S"], "grade": ["G"], "step": ["1"], "annual_amount": ["-5"],
                        "effective_date": ["2025/01/01"], "source": [""]})

    report = validation_report(raw).collect()

    expected = _report((2, "annual_amount", "negative amount", "-5"),
                       (2, "effective_date", "bad date: expected YYYY-MM-DD or YYYY-MM", "2025/01/01"),
                       (2, "source", "empty source", None))
    assert_frame_equal(report, expected)


def test_file_type_size_and_corruption_are_reported(tmp_path, monkeypatch):
    text = tmp_path / "schedule.txt"
    text.write_text(HEADER, encoding="utf-8")
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"not a zip file")
    big = _csv(tmp_path, GOOD)
    monkeypatch.setattr(pay_schedules, "MAX_FILE_BYTES", 10)

    assert read_pay_schedule(text)[1]["problem"].to_list() == ["unsupported file type .txt: expected .csv or .xlsx"]
    assert read_pay_schedule(big)[1]["problem"].to_list() == ["the file is 110 bytes (cap 10 bytes)"]
    monkeypatch.setattr(pay_schedules, "MAX_FILE_BYTES", 5_000_000)
    assert read_pay_schedule(broken)[1].select("problem").row(0) == ("unreadable file",)
    assert read_pay_schedule(tmp_path / "gone.csv")[1].rows() == [(None, None, "file not found", str(tmp_path / "gone.csv"))]


def test_excel_file_reads_like_csv(tmp_path):
    frame = pl.DataFrame({"Schedule": ["CT_SH"], "grade": ["SH 17"], "step": ["MAX"], "annual_amount": [72787.0],
                          "effective_date": [None], "source": ["CT class spec 5246SH"]}, schema_overrides={"effective_date": pl.String})
    path = tmp_path / "schedule.xlsx"
    frame.write_excel(path)

    rows, report = read_pay_schedule(path)

    assert report.is_empty()
    assert rows.row(0) == ("CT_SH", "SH 17", "MAX", 72787.0, None, "CT class spec 5246SH")


# --- grade -> schedule -------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("grade", "jurisdiction", "unit", "expected"),
    [
        ("18", "new-york-state", None, ("NYS_PST_PEF", "SG-18")),
        ("Grade 23", "new-york-state", None, ("NYS_PST_PEF", "SG-23")),
        ("SG-27", "new-york-state", "PS&T", ("NYS_PST_PEF", "SG-27")),
        ("18", "new-york-state", "M/C", ("NYS_MC", "M/C 18")),
        ("23", "new-york-state", "Management/Confidential", ("NYS_MC", "M/C 23")),
        ("M-3", "new-york-state", None, ("NYS_MC", "M-3")),
        ("M/C 18", "new-york-state", None, ("NYS_MC", "M/C 18")),
        ("GS-12", None, None, ("OPM_GS_2026_BASE", "GS-12")),
        ("gs 9", "us-federal", None, ("OPM_GS_2026_BASE", "GS-9")),
        ("SH 17", "state-of-connecticut", None, ("CT_SH", "SH 17")),
        ("18", "orange-county", None, None),
        ("SH 17", "new-york-state", None, None),
        ("Range A", "city-of-los-angeles", None, None),
        (None, "new-york-state", None, None),
    ],
)
def test_grade_schedule(grade, jurisdiction, unit, expected):
    assert grade_schedule(grade, jurisdiction, bargaining_unit=unit) == expected


# --- loading -----------------------------------------------------------------------------------

def test_load_is_idempotent_and_updates_a_changed_amount(con):
    rows, _ = read_pay_schedule(DEMO_PAY_SCHEDULES)

    assert load_pay_schedules(con, rows) == 219
    assert load_pay_schedules(con, rows) == 0
    changed = rows.with_columns(
        annual_amount=pl.when(pl.col("step") == "MAX").then(72788.0).otherwise(pl.col("annual_amount"))
    )
    assert load_pay_schedules(con, changed) == 1
    assert db.run(con, "pay_rates").height == 219
    assert db.run(con, "pay_rates").filter(step="MAX")["annual_amount"].to_list() == [72788.0]


def test_rejected_file_loads_nothing_and_lands_in_rejects(con, tmp_path):
    load_demo_pay_schedules(con)
    path = _csv(tmp_path, GOOD.replace("66951", "1"), "NYS_PST_PEF,SG-18,JR,-1,2025-03-27,src")

    with pytest.raises(PayScheduleRejected) as caught:
        load_pay_schedule_file(con, path)

    assert caught.value.report["problem"].to_list() == ["negative amount"]
    assert db.run(con, "pay_rates").filter(grade="SG-18", step="HR", effective_date="2025-03-27")[
        "annual_amount"].to_list() == [66951.0]
    rejects = con.sql("SELECT file_name, stage, reason FROM ingest_rejects").fetchall()
    assert rejects == [("schedule.csv", "parse", "schedule.csv: 1 problem(s), first: row 3 annual_amount: negative amount")]


def test_load_refuses_a_frame_of_the_wrong_shape(con):
    with pytest.raises(ValueError, match="expected columns"):
        load_pay_schedules(con, pl.DataFrame({"schedule_id": ["x"]}))


# --- queries -----------------------------------------------------------------------------------

@pytest.mark.parametrize("name", MY_QUERIES)
def test_query_header_names_itself_and_its_params(name):
    assert header(name).startswith(f"{name}: ")
    assert "params:" in header(name)


def test_pay_rates_query_reads_undated_rows_as_null(con):
    load_demo_pay_schedules(con)

    rates = db.run(con, "pay_rates")

    assert rates.columns == list(RATES_SCHEMA)
    assert rates.filter(pl.col("effective_date").is_null()).select("grade", "step").rows() == [
        ("SH 17", "MAX"), ("SH 17", "MIN")]


def test_class_pay_profile_query_matches_title_or_key(con):
    con.register("rows", pl.DataFrame({"class_id": ["d:0"], "document_id": ["d"], "title": ["Widget Inspector"],
                                       "title_key": ["widget inspector"], "grade": ["18"],
                                       "jurisdiction_id": ["new-york-state"]}))
    con.execute("INSERT INTO job_classes BY NAME SELECT * FROM rows")
    con.unregister("rows")

    found = db.run(con, "class_pay_profile", {"title": "WIDGET INSPECTOR", "title_key": "nothing"})
    by_key = db.run(con, "class_pay_profile", {"title": "x", "title_key": "widget inspector"})

    assert found.columns == ["class_id", "title", "grade", "jurisdiction_id", "bargaining_unit", "min_annual",
                             "max_annual"]
    assert found["class_id"].to_list() == by_key["class_id"].to_list() == ["d:0"]


def test_write_queries_run_on_a_registered_frame(con):
    rows, _ = read_pay_schedule(DEMO_PAY_SCHEDULES)
    con.register("incoming_pay_schedules", rows.head(3))

    before = con.sql(sql("pay_schedule_changes")).pl().height
    con.execute(sql("upsert_pay_schedules"))
    after = con.sql(sql("pay_schedule_changes")).pl().height
    con.execute(sql("insert_ingest_reject"), {"file_name": "f.csv", "sha256": None, "stage": "parse", "reason": "r"})

    assert (before, after) == (3, 0)
    assert con.sql("SELECT count(*) FROM ingest_rejects").fetchall() == [(1,)]
