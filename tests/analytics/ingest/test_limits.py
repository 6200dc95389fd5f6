"""Bounded inputs: every hostile file built here is refused in one line naming the file and the cap, in under
2 s, and (read in a fresh process) within 300 MB of the memory it had before; files within the caps still read."""

from __future__ import annotations

import io
import os
import re
import time
import tomllib
import zipfile

import pytest

from analytics.ingest import limits
from analytics.ingest.extract import ExtractError, TableError, read_document, read_table, read_upload
from analytics.ingest.tables.pay_schedules import read_pay_schedule
from analytics.ingest.tables.roster import check_roster
from tests.analytics.ingest import hostile_files as hostile
from tests.paths import REPO_ROOT

MiB = limits.MiB
ANSWER_SECONDS = 2.0
MEMORY_MB = 300
# What each hostile file is answered with (after "<file name>: " for documents).
REFUSALS = {
    "bomb.docx": r"refused: its parts would inflate to 40\.\d MB \(cap 25 MB\)",
    "declared.docx": r"refused: its parts would inflate to 4\.\d GB \(cap 25 MB\)",
    "lying.docx": r"refused: part word/document\.xml inflates past the 1 KB its directory declares",
    "ratio.docx": r"refused: part word/media/image1\.png would inflate 1,0\d\d times its compressed size \(cap 100\)",
    "parts.docx": r"refused: it has 5,0\d\d parts \(cap 1,000\)",
    "zip64.docx": r"refused: it has 70,0\d\d parts \(cap 1,000\)",
    "bzip2.docx": r"refused: part \S+ is compressed with method 12 \(only stored or deflate are read\)",
    "roster.xlsx": r"its parts would inflate to 60\.\d MB \(cap 25 MB\); save it as CSV instead",
    "pages.pdf": r"refused: it has 301 pages \(cap 300\)",
    "heavy.pdf": r"refused: a page has too many drawing operations \(cap 100,000 per content stream\)",
    "slow.pdf": r"refused: reading its text would take about [\d,]+ s \(cap 30 s; \d+ of 300 pages read in \d\.\d s\)",
}


@pytest.fixture(scope="module")
def hostile_folder(tmp_path_factory: pytest.TempPathFactory):
    folder = tmp_path_factory.mktemp("hostile")
    for name, (build, _) in hostile.BOMBS.items():
        (folder / name).write_bytes(build())
    return folder


def test_every_hostile_file_is_refused_in_one_line_quickly_and_within_the_memory_bound(hostile_folder):
    files = [(kind, hostile_folder / name) for name, (_, kind) in hostile.BOMBS.items()]

    reports = hostile.measure(files)

    assert [os.path.basename(r["path"]) for r in reports] == list(REFUSALS)
    for report in reports:
        name = os.path.basename(report["path"])
        prefix = "" if name.endswith(".xlsx") else f"{re.escape(name)}: "
        assert re.fullmatch(prefix + REFUSALS[name], report["message"] or ""), (name, report["message"])
        assert "\n" not in report["message"]
        assert report["seconds"] < ANSWER_SECONDS, (name, report)
        assert report["growth_mb"] < MEMORY_MB, (name, report)


@pytest.mark.parametrize("name", [n for n, (_, kind) in hostile.BOMBS.items() if kind == "document"])
def test_a_hostile_upload_is_refused_as_its_file_would_be(hostile_folder, name):
    data = (hostile_folder / name).read_bytes()
    started = time.perf_counter()

    with pytest.raises(ExtractError) as caught:
        read_upload(name, data)

    assert time.perf_counter() - started < ANSWER_SECONDS
    assert re.fullmatch(REFUSALS[name], caught.value.reason)
    assert caught.value.kind in ("too_large", "too_slow")
    assert caught.value.file_name == name and caught.value.sha256


def test_a_roster_or_pay_schedule_bomb_is_one_file_level_problem(tmp_path):
    roster, schedule = tmp_path / "roster.xlsx", tmp_path / "schedule.xlsx"
    roster.write_bytes(hostile.xlsx_bomb())
    schedule.write_bytes(hostile.xlsx_bomb())

    roster_report = check_roster(roster, None).report
    schedule_report = read_pay_schedule(schedule)[1]

    for report in (roster_report, schedule_report):
        assert report.height == 1
        row = report.row(0, named=True)
        assert (row["row"], row["column"]) == (None, None)
        assert re.fullmatch(REFUSALS["roster.xlsx"], row["problem"])


# --- the bytes are not what the extension says ------------------------------------------------------

@pytest.mark.parametrize(("name", "data", "reason"), [
    ("report.pdf", hostile.package(hostile.docx_parts()),
     "not a PDF file (no %PDF- header; it is a zip package (.docx, .xlsx))"),
    ("report.docx", b"Widget Inspector 1\nGrade 18\n", "not a .docx file (not a zip package; it is text)"),
    ("report.docx", b"%PDF-1.7\n" + bytes(100), "not a .docx file (not a zip package; it is a PDF)"),
    ("report.docx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(100),
     "not a .docx file (not a zip package; it is an old Office file (.doc, .xls))"),
    ("report.txt", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj", "not a text file (it is a PDF)"),
    ("report.html", hostile.package(hostile.docx_parts()), "not a HTML file (it is a zip package (.docx, .xlsx))"),
])
def test_a_document_whose_extension_lies_is_refused_naming_what_it_is(name, data, reason):
    with pytest.raises(ExtractError) as caught:
        read_upload(name, data)

    assert (caught.value.kind, caught.value.reason) == ("unreadable", reason)


@pytest.mark.parametrize(("name", "data", "reason"), [
    ("roster.csv", hostile.package(hostile.xlsx_parts()), "not a CSV file (it is a zip package (.docx, .xlsx))"),
    ("roster.xlsx", b"position_id,grade\nP1,18\n", "not a .xlsx file (not a zip package; it is text)"),
    ("roster.xlsx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(100),
     "not a .xlsx file (not a zip package; it is an old Office file (.doc, .xls))"),
    ("roster.parquet", b"position_id,grade\nP1,18\n",
     "not a Parquet file (no PAR1 mark at its start; it is text)"),
    ("roster.parquet", b"PAR1" + bytes(100), "not a Parquet file (no PAR1 mark at its end: cut short?)"),
])
def test_a_table_whose_extension_lies_is_unreadable_naming_what_it_is(tmp_path, name, data, reason):
    path = tmp_path / name
    path.write_bytes(data)

    with pytest.raises(TableError) as caught:
        read_table(path, file_types=(".csv", ".xlsx", ".parquet"), max_bytes=MiB)

    assert (caught.value.problem, caught.value.value) == ("unreadable file", reason)


# --- text, HTML and PDF caps ------------------------------------------------------------------------

def test_an_oversized_text_file_is_refused_before_it_is_read(tmp_path):
    path = tmp_path / "huge.txt"
    path.write_bytes(b"Widget Inspector 1\n" * (limits.TEXT_MAX_BYTES // 19 + 1))
    started = time.perf_counter()

    with pytest.raises(ExtractError) as caught:
        read_document(path)

    assert time.perf_counter() - started < ANSWER_SECONDS
    assert caught.value.reason == "refused: the file is 5.1 MB (cap 5 MB for text and HTML files)"
    assert caught.value.sha256 is None  # refused on its size: never read


def test_text_over_the_parser_cap_is_refused_before_parsing():
    text = ("Widget Inspector 1\n" * (limits.TEXT_MAX_CHARS // 19 + 1)).encode()

    with pytest.raises(ExtractError) as caught:
        read_upload("long.md", text)

    assert caught.value.reason == f"refused: its text is {len(text):,} characters (cap 5,000,000)"


def test_html_with_too_many_tags_is_refused_before_parsing():
    data = b"<html><body>" + b"<p>x</p>" * 60_000 + b"</body></html>"
    started = time.perf_counter()

    with pytest.raises(ExtractError) as caught:
        read_upload("page.html", data)

    assert time.perf_counter() - started < ANSWER_SECONDS
    assert caught.value.reason == "refused: it has 120,004 tags (cap 100,000)"


def test_a_pdf_at_the_page_cap_is_read():
    got = read_upload("blank.pdf", hostile.pdf_content(limits.PDF_MAX_PAGES, 1))

    assert got.text.count("x") == limits.PDF_MAX_PAGES


def test_pdf_reading_stops_between_pages_once_the_time_cap_is_passed(monkeypatch):
    monkeypatch.setattr(limits, "PDF_MAX_SECONDS", 0.0)

    with pytest.raises(ExtractError) as caught:
        read_upload("three.pdf", hostile.pdf_content(3, 10))

    assert caught.value.kind == "too_slow"
    assert re.fullmatch(r"refused: reading its text would take about 0 s \(cap 0 s; 1 of 3 pages read in 0\.\d s\)",
                        caught.value.reason)


@pytest.mark.parametrize(("elapsed", "n_read", "refused"), [
    (0.9, 1, False),     # too early to judge a pace
    (1.5, 10, True),     # 300 pages at this pace: 45 s
    (1.5, 100, False),   # 4.5 s
    (1.5, 300, False),   # the last page is read: nothing is left to stop
    (29.0, 299, False),  # 29.1 s
    (31.0, 299, True),
])
def test_the_pdf_pace_check_between_pages(elapsed, n_read, refused):
    assert (limits.pdf_time_problem(elapsed, n_read, 300) is not None) == refused


# --- within the caps ----------------------------------------------------------------------------------

def test_a_docx_with_an_incompressible_image_and_a_small_repetitive_part_reads():
    parts = {**hostile.docx_parts(), "word/media/image1.png": os.urandom(3 * MiB),
             "word/media/pattern.bin": bytes(limits.PACKAGE_RATIO_GRACE_BYTES)}

    got = read_upload("spec.docx", hostile.package(parts))

    assert got.text == "Widget Inspector 1"


def test_package_caps_are_read_from_the_directory_alone():
    data = hostile.package({**hostile.docx_parts(), "word/document.xml": bytes(limits.PACKAGE_MAX_INFLATED)})

    with zipfile.ZipFile(io.BytesIO(data)) as package:
        problem = limits.directory_problem(package.infolist())

    assert re.fullmatch(r"its parts would inflate to 25\.\d MB \(cap 25 MB\)", problem or "")


def test_declared_parts_reads_the_classic_and_the_zip64_end_records():
    small, large = hostile.docx_many_parts(10), hostile.docx_zip64_parts()

    assert limits.declared_parts(small[-limits.ZIP_TAIL_BYTES:]) == 10 + len(hostile.docx_parts())
    assert limits.declared_parts(large[-limits.ZIP_TAIL_BYTES:]) == 70_000 + len(hostile.docx_parts())
    assert limits.declared_parts(b"no end record here") is None


@pytest.mark.parametrize(("n_bytes", "text"), [
    (70, "70 bytes"), (1024, "1 KB"), (25 * MiB, "25 MB"), (25 * MiB + 1, "25.1 MB"), (4 * 2**30 - 16, "4 GB"),
])
def test_sizes_are_rounded_up_so_a_refused_file_never_reads_as_within_its_cap(n_bytes, text):
    assert limits.size_text(n_bytes) == text


# --- per request --------------------------------------------------------------------------------------

def test_a_request_takes_files_in_order_while_they_fit():
    sizes = [20 * MiB, 20 * MiB, 20 * MiB, 1024]

    problems = limits.request_problems(sizes)

    assert problems == [None, None, "it would take this upload to 60 MB (cap 50 MB per upload)", None]


def test_a_request_of_too_many_files_refuses_those_after_the_cap():
    problems = limits.request_problems([10] * (limits.REQUEST_MAX_FILES + 2))

    assert problems[:limits.REQUEST_MAX_FILES] == [None] * limits.REQUEST_MAX_FILES
    assert problems[limits.REQUEST_MAX_FILES:] == ["this upload has 52 files (cap 50 per upload)"] * 2


def test_streamlit_per_file_upload_cap_is_the_largest_reader_cap():
    config = tomllib.loads((REPO_ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))

    assert config["server"]["maxUploadSize"] * MiB == limits.ROSTER_MAX_BYTES
    assert limits.ROSTER_MAX_BYTES >= max(limits.DOCUMENT_MAX_BYTES, limits.PAY_SCHEDULE_MAX_BYTES)
