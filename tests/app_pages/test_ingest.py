"""The Ingest page under AppTest: preview, load and refuse class specs and pay schedules."""

from __future__ import annotations

from pathlib import Path

from analytics import db
from tests.app_pages.apptest import open_page

CT_SPEC = Path("/work/shared/seeds/ct_labor_dept_community_services_representative.txt")
# States one citywide rate and two for the Department of Water and Power ("$100,866 (flat-rated)" ... "The salary in
# the Department of Water and Power is $101,351 (flat-rated) and $108,283 (flat-rated)."); not in the demo.
ELEVATOR_SPEC = Path("/work/shared/corpus/la_city_job_bulletins/elevator_mechanic_3866_012717_rev_080718.txt")
NEW_SPEC = b"""TEST AGENCY OF EXAMPLE
ARCHIVES TECHNICIAN 1, GRADE 9 1234567

Minimum Qualifications: a high school diploma and two years of experience in records work.
"""
PAY_HEADER = b"schedule,grade,step,annual_amount,effective_date,source\n"


def test_ingest_previews_an_upload_with_its_evidence(ladder_db):
    at = open_page("app_pages/ingest.py")

    at.file_uploader[0].set_value((CT_SPEC.name, CT_SPEC.read_bytes(), "text/plain")).run()

    assert not at.exception
    assert not at.error
    titles = at.dataframe[0].value
    assert titles["grade"].tolist() == ["SH 17"]
    assert any("<mark" in h.value for h in at.html)
    assert at.button[0].label == "Load into database"


def test_ingest_preview_lists_every_salary_range_the_load_will_store(ladder_db):
    at = open_page("app_pages/ingest.py")

    at.file_uploader[0].set_value((ELEVATOR_SPEC.name, ELEVATOR_SPEC.read_bytes(), "text/plain")).run()

    assert not at.exception
    assert at.dataframe[0].value["n_ranges"].tolist() == [3]
    ranges = at.dataframe[1].value
    assert ranges[["title", "range", "min_amount", "max_amount", "pay_unit"]].values.tolist() == [
        ["Elevator Mechanic", 1, 100866, 100866, "yearly"],
        ["Elevator Mechanic", 2, 101351, 101351, "yearly"],
        ["Elevator Mechanic", 3, 108283, 108283, "yearly"],
    ]
    assert ranges["department"].fillna("").tolist() == ["", "Department of Water and Power", "Department of Water and Power"]
    assert ranges["max_annual"].tolist() == [100866, 101351, 108283]


def test_ingest_preview_lists_a_range_stated_in_three_units_with_its_factors(ladder_db):
    at = open_page("app_pages/ingest.py")

    at.file_uploader[0].set_value((CT_SPEC.name, CT_SPEC.read_bytes(), "text/plain")).run()

    ranges = at.dataframe[1].value
    assert ranges[["min_amount", "max_amount", "pay_unit"]].values.tolist() == [
        [27.60, 34.86, "hourly"], [2207.86, 2788.78, "biweekly"], [57625.00, 72787.00, "yearly"]]
    assert ranges["factor_source"].tolist() == ["stated-derived", "stated-derived", "standard"]


def test_ingest_loads_a_new_document_once(private_db):
    at = open_page("app_pages/ingest.py")
    at.file_uploader[0].set_value(("archives.txt", NEW_SPEC, "text/plain")).run()

    at.button[0].click().run()
    assert not at.exception
    assert "archives.txt: loaded 1 title(s)" in at.success[0].value

    at.button[0].click().run()
    assert "already loaded" in at.info[0].value


def test_ingest_refuses_a_bad_file_clearly_and_lists_the_reject(private_db):
    with db.connect(private_db) as con:
        before = db.run(con, "database_summary").row(0, named=True)
    at = open_page("app_pages/ingest.py")

    at.file_uploader[0].set_value(("broken.pdf", b"not a pdf at all", "application/pdf")).run()
    assert "not a PDF file" in at.error[0].value
    at.button[0].click().run()

    assert not at.exception
    assert any("refused at the extract stage" in e.value for e in at.error)
    rejects = at.dataframe[-1].value
    assert rejects["file_name"].tolist() == ["broken.pdf"]
    with db.connect(private_db) as con:
        after = db.run(con, "database_summary").row(0, named=True)
    assert after["n_documents"] == before["n_documents"]
    assert after["n_rejects"] == before["n_rejects"] + 1


def test_ingest_shows_a_bad_pay_schedule_row_by_row_and_offers_no_load(ladder_db):
    at = open_page("app_pages/ingest.py")
    bad = PAY_HEADER + b"CITY_B,B-1,1,-5,2026-07-01,x\nCITY_B,B-1,2,abc,2026-13,x\n"

    at.file_uploader(key="ingest.pay").set_value(("bad.csv", bad, "text/csv")).run()

    assert not at.exception
    assert "bad.csv: 3 problem(s)" in at.error[0].value
    report = at.dataframe[0].value
    assert report[["row", "column"]].values.tolist() == [
        [2, "annual_amount"],
        [3, "annual_amount"],
        [3, "effective_date"],
    ]
    assert not [b for b in at.button if b.key == "ingest.pay.load"]


def test_ingest_loads_a_valid_pay_schedule_once(private_db):
    at = open_page("app_pages/ingest.py")
    good = PAY_HEADER + b"CITY_A,A-1,1,50000,2026-07-01,resolution 12\nCITY_A,A-1,2,52000,2026-07-01,resolution 12\n"
    at.file_uploader(key="ingest.pay").set_value(("city.csv", good, "text/csv")).run()
    assert "city.csv: 2 valid row(s) in 1 schedule version(s)." in at.success[0].value

    at.button(key="ingest.pay.load").click().run()
    assert not at.exception
    assert "city.csv: 2 pay row(s) new or changed." in [s.value for s in at.success]
    at.button(key="ingest.pay.load").click().run()
    assert "nothing changed" in at.info[0].value
    with db.connect(private_db) as con:
        rows = con.sql(
            "SELECT grade, step, annual_amount FROM pay_schedules WHERE schedule_id = 'CITY_A' ORDER BY step"
        ).fetchall()
    assert rows == [("A-1", "1", 50000.0), ("A-1", "2", 52000.0)]


def test_ingest_refuses_a_zip_bomb_in_one_line_naming_the_cap(private_db):
    from tests.analytics.ingest.hostile_files import docx_bomb

    at = open_page("app_pages/ingest.py")

    at.file_uploader[0].set_value(("bomb.docx", docx_bomb(), "application/octet-stream")).run()

    assert not at.exception
    [error] = [e.value for e in at.error]
    assert error.startswith("bomb.docx cannot be read: refused: its parts would inflate to 40.")
    assert "(cap 25 MB)" in error
    at.button[0].click().run()
    assert not at.exception
    assert any(e.value.startswith("bomb.docx: refused at the extract stage: its parts") for e in at.error)
    assert at.dataframe[-1].value["file_name"].tolist() == ["bomb.docx"]


def test_ingest_refuses_the_files_past_the_per_upload_cap_without_reading_them(private_db, monkeypatch):
    from analytics.ingest import limits

    monkeypatch.setattr(limits, "REQUEST_MAX_BYTES", len(NEW_SPEC) + 10)
    at = open_page("app_pages/ingest.py")

    at.file_uploader[0].set_value([("archives.txt", NEW_SPEC, "text/plain"),
                                   ("second.txt", NEW_SPEC + b"\n", "text/plain")]).run()

    assert not at.exception
    assert [e.value for e in at.error] == [
        f"second.txt: refused: it would take this upload to {2 * len(NEW_SPEC) + 1} bytes (cap {len(NEW_SPEC) + 10} "
        "bytes per upload). Nothing of it was read or loaded."]
    assert at.button[0].label == "Load 1 file(s) into the database"
