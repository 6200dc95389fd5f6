"""Damaged PDFs: what pypdf says about them (its `pypdf` logger, Python warnings) never reaches stdout/stderr.

The command line promises one line per bad file; each damaged file here is written by the test from a small
valid PDF that pypdf's PdfWriter makes, then run through `python -m analytics.ingest extract|load` in a
subprocess, where logging's last-resort handler would print pypdf's warnings on stderr.
"""

from __future__ import annotations

import io
import logging
import os
import re
import subprocess
import sys
import warnings
from pathlib import Path

import pypdf
import pytest
from pypdf.generic import DecodedStreamObject, DictionaryObject, NameObject

from analytics.ingest.extract import ExtractError, read_document, read_upload
from tests.paths import REPO_ROOT

TEXT = "Widget Inspector 1"


def valid_pdf(text: str | None = TEXT) -> bytes:
    """Return a one-page PDF from pypdf's PdfWriter: blank, or showing `text` in a compressed content stream."""
    writer = pypdf.PdfWriter()
    page = writer.add_blank_page(width=612, height=792)
    if text is not None:
        font = DictionaryObject({NameObject("/Type"): NameObject("/Font"), NameObject("/Subtype"): NameObject("/Type1"),
                                 NameObject("/BaseFont"): NameObject("/Helvetica")})
        page[NameObject("/Resources")] = DictionaryObject({NameObject("/Font"): DictionaryObject({NameObject("/F1"): font})})
        content = DecodedStreamObject()
        content.set_data(f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode("latin-1"))
        page.replace_contents(content)
        page.compress_content_streams()
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def truncated(pdf: bytes) -> bytes:
    return pdf[: len(pdf) // 2]


def missing_trailer(pdf: bytes) -> bytes:
    return pdf[: pdf.rindex(b"trailer")] + pdf[pdf.rindex(b"startxref"):]


def broken_stream(pdf: bytes) -> bytes:
    start = pdf.index(b"stream\n") + len(b"stream\n")
    end = pdf.index(b"endstream")
    return pdf[:start] + bytes(reversed(pdf[start:end])) + pdf[end:]  # same length, no longer a zlib stream


def garbage_xref(pdf: bytes) -> bytes:
    """The xref table replaced by garbage and startxref pointing past the end: pypdf rebuilds the table."""
    xref, trailer = pdf.rindex(b"xref"), pdf.rindex(b"trailer")
    damaged = pdf[:xref] + b"xref\n0 6\n" + b"\x8f\x00garbage\xff" * 10 + b"\n" + pdf[trailer:]
    return damaged[: damaged.rindex(b"startxref")] + b"startxref\n99999\n%%EOF\n"


def trailer_without_root(pdf: bytes) -> bytes:
    return re.sub(rb"/Root \d+ 0 R", b"", pdf)


# pypdf cannot read these: each is one `PATH: damaged PDF: ...` line.
UNREADABLE = {"truncated.pdf": truncated, "missing_trailer.pdf": missing_trailer, "broken_stream.pdf": broken_stream}
# pypdf repairs these (and used to print how on stderr): each extracts its text with nothing on stderr.
REPAIRED = {"garbage_xref.pdf": garbage_xref, "trailer_without_root.pdf": trailer_without_root}


def write(folder: Path, damages: dict) -> list[Path]:
    good = valid_pdf()
    paths = []
    for name, damage in damages.items():
        path = folder / name
        path.write_bytes(damage(good))
        paths.append(path)
    return paths


def cli(*args: str | Path) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONWARNINGS", "LADDER_DB")}
    run = subprocess.run([sys.executable, "-m", "analytics.ingest", *map(str, args)], cwd=REPO_ROOT, env=env,
                         capture_output=True, timeout=120)
    # Decoded by hand: text=True would turn the progress bar's carriage returns into line ends.
    run.stdout, run.stderr = run.stdout.decode(), run.stderr.decode()
    return run


def test_the_valid_pdf_extracts_its_text():
    got = read_upload("spec.pdf", valid_pdf())

    assert got.text.strip() == TEXT
    assert got.media_type == "application/pdf"


def test_the_damaged_files_are_what_they_claim():
    good = valid_pdf()
    for damage in (*UNREADABLE.values(), *REPAIRED.values()):
        assert damage(good) != good and damage(good).startswith(b"%PDF-")


@pytest.mark.parametrize("name", UNREADABLE)
def test_extract_prints_one_line_for_an_unreadable_pdf(tmp_path, name):
    [path] = write(tmp_path, {name: UNREADABLE[name]})

    run = cli("extract", path)

    assert run.returncode == 1
    assert run.stdout == ""
    assert run.stderr.splitlines() == [run.stderr.rstrip("\n")], run.stderr
    assert re.fullmatch(rf"{re.escape(str(path))}: damaged PDF: \S.*\n", run.stderr), run.stderr


@pytest.mark.parametrize("name", REPAIRED)
def test_extract_reads_a_repaired_pdf_without_a_word_on_stderr(tmp_path, name):
    [path] = write(tmp_path, {name: REPAIRED[name]})

    run = cli("extract", path)

    assert run.returncode == 0, run.stderr
    assert run.stderr == ""
    assert len(run.stdout.splitlines()) == 1
    assert read_document(path).text.strip() == TEXT


def test_extract_of_many_damaged_files_prints_exactly_one_line_per_bad_file(tmp_path):
    bad = write(tmp_path, UNREADABLE)
    repaired = write(tmp_path, REPAIRED)
    good = tmp_path / "good.pdf"
    good.write_bytes(valid_pdf())

    run = cli("extract", *bad, *repaired, good)

    assert run.returncode == 1
    lines = run.stderr.splitlines()
    assert sorted(line.split(": ", 1)[0] for line in lines) == sorted(map(str, bad)), run.stderr
    assert all(": damaged PDF: " in line for line in lines)
    assert len(run.stdout.splitlines()) == len(repaired) + 1


def test_load_prints_one_line_per_bad_file_and_loads_the_others(tmp_path):
    bad = write(tmp_path, UNREADABLE)
    repaired = write(tmp_path, REPAIRED)
    good = tmp_path / "good.pdf"
    good.write_bytes(valid_pdf())

    run = cli("load", "--db", tmp_path / "ladder.duckdb", *bad, *repaired, good)

    assert run.returncode == 1
    # Besides the file lines, stderr holds only the progress bar, redrawn after carriage returns on one line.
    printed = run.stderr.removesuffix("\n").split("\n")  # not splitlines(): that splits at the bar's redraws
    lines = [line for line in printed if not line.startswith("\rloading:")]
    bars = [line for line in printed if line.startswith("\rloading:")]
    assert sorted(line.split(": ", 1)[0] for line in lines) == sorted(map(str, bad)), run.stderr
    assert all(": damaged PDF: " in line for line in lines)
    assert all(re.fullmatch(r"loading: .*\]", part) for bar in bars for part in bar.split("\r")[1:]), run.stderr
    assert run.stdout.startswith(f"{len(repaired) + 1} documents loaded")


def test_a_stream_that_does_not_decompress_is_damaged_not_empty():
    with pytest.raises(ExtractError) as caught:
        read_upload("spec.pdf", broken_stream(valid_pdf()))

    assert caught.value.kind == "unreadable"
    assert caught.value.reason.startswith("damaged PDF: Error -3 while decompressing data")


def test_a_blank_pdf_is_still_empty():
    with pytest.raises(ExtractError) as caught:
        read_upload("scan.pdf", valid_pdf(text=None))

    assert caught.value.kind == "empty"


def test_pypdf_logger_records_are_kept_from_the_log_and_the_logger_is_restored(caplog):
    logger = logging.getLogger("pypdf")
    handlers, propagate = list(logger.handlers), logger.propagate
    caplog.set_level(logging.DEBUG)

    read_upload("spec.pdf", garbage_xref(valid_pdf()))
    with pytest.raises(ExtractError):
        read_upload("spec.pdf", truncated(valid_pdf()))

    assert not [r for r in caplog.records if r.name.startswith("pypdf")]
    assert logger.handlers == handlers and logger.propagate == propagate
    logging.getLogger("pypdf._reader").warning("after the read")
    assert [r.getMessage() for r in caplog.records if r.name.startswith("pypdf")] == ["after the read"]


def test_python_warnings_are_captured_only_around_the_read(monkeypatch, recwarn):
    class WarningReader(pypdf.PdfReader):
        def __init__(self, *args, **kwargs):
            warnings.warn("odd PDF", pypdf.errors.PdfReadWarning, stacklevel=2)
            super().__init__(*args, **kwargs)

    monkeypatch.setattr(pypdf, "PdfReader", WarningReader)
    filters = list(warnings.filters)

    assert read_upload("spec.pdf", valid_pdf()).text.strip() == TEXT
    with pytest.raises(ExtractError, match="damaged PDF: odd PDF"):  # no text, and pypdf said why
        read_upload("scan.pdf", valid_pdf(text=None))

    assert not [w for w in recwarn if "odd PDF" in str(w.message)]
    assert warnings.filters == filters
    with pytest.warns(UserWarning, match="outside the read"):
        warnings.warn("outside the read", UserWarning, stacklevel=1)
