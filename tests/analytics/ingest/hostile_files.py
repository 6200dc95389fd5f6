"""Hostile inputs built in the test (zip bombs, lying extensions, oversized PDFs and text) and a subprocess
that reads them and reports, per file, the refusal, its time and the peak memory it cost."""

from __future__ import annotations

import io
import json
import struct
import subprocess
import sys
import zipfile
from pathlib import Path

import docx
import polars as pl
from pypdf import PdfWriter

from analytics.ingest import limits
from tests.paths import REPO_ROOT

MiB = limits.MiB


def docx_parts() -> dict[str, bytes]:
    """Return the parts of a small valid .docx (python-docx's own template, one paragraph)."""
    document = docx.Document()
    document.add_paragraph("Widget Inspector 1")
    buffer = io.BytesIO()
    document.save(buffer)
    with zipfile.ZipFile(buffer) as package:
        return {info.filename: package.read(info) for info in package.infolist()}


def xlsx_parts() -> dict[str, bytes]:
    """Return the parts of a small valid .xlsx roster-like sheet."""
    buffer = io.BytesIO()
    pl.DataFrame({"position_id": ["P1"], "grade": ["18"]}).write_excel(buffer)
    with zipfile.ZipFile(buffer) as package:
        return {info.filename: package.read(info) for info in package.infolist()}


def package(parts: dict[str, bytes], *, method: int = zipfile.ZIP_DEFLATED) -> bytes:
    """Return a zip of the parts, each compressed with `method`."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", method) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def with_declared_size(data: bytes, part: str, size: int) -> bytes:
    """Return a zip whose central directory declares `size` inflated bytes for `part` (its data unchanged)."""
    entry = struct.unpack_from("<L", data, data.rindex(b"PK\x05\x06") + 16)[0]  # the directory's offset
    while True:  # walk the central directory to the part's entry
        name_length = struct.unpack_from("<H", data, entry + 28)[0]
        extra, comment = struct.unpack_from("<HH", data, entry + 30)
        if data[entry + 46:entry + 46 + name_length].decode() == part:
            return data[:entry + 24] + struct.pack("<L", size) + data[entry + 28:]
        entry += 46 + name_length + extra + comment


def docx_bomb() -> bytes:
    """word/document.xml is 40 MB of zeros: 40 KB compressed, over the inflated-size cap."""
    return package({**docx_parts(), "word/document.xml": bytes(40 * MiB)})


def docx_declared_bomb() -> bytes:
    """A small valid .docx whose directory says word/document.xml inflates to 4 GB."""
    return with_declared_size(package(docx_parts()), "word/document.xml", 0xFFFF_FFF0)


def docx_lying_small() -> bytes:
    """word/document.xml is 200 MB of zeros whose directory declares 1 KB: zipfile stops at the declared size."""
    return with_declared_size(package({**docx_parts(), "word/document.xml": bytes(200 * MiB)}),
                              "word/document.xml", 1024)


def docx_ratio_bomb() -> bytes:
    """Within the size caps, but one part (an 'image' of 20 MB of zeros) deflates ~1,000 times."""
    return package({**docx_parts(), "word/media/image1.png": bytes(20 * MiB)})


def docx_many_parts(n_parts: int = 5_000) -> bytes:
    """A .docx of thousands of empty parts: refused on the end record, before the directory is read."""
    return package({**docx_parts(), **{f"word/media/p{i}.bin": b"" for i in range(n_parts)}},
                   method=zipfile.ZIP_STORED)


def docx_zip64_parts() -> bytes:
    """70,000 empty parts: a zip64 package (its classic end record says 65,535)."""
    return docx_many_parts(70_000)


def docx_bzip2() -> bytes:
    """word/document.xml compressed with bzip2, which zipfile would inflate in one unbounded call."""
    return package(docx_parts(), method=zipfile.ZIP_BZIP2)


def xlsx_bomb() -> bytes:
    """A roster whose first sheet is 60 MB of zeros: 60 KB compressed."""
    return package({**xlsx_parts(), "xl/worksheets/sheet1.xml": bytes(60 * MiB)})


def pdf_pages(n_pages: int) -> bytes:
    """Return a PDF of `n_pages` blank pages."""
    writer = PdfWriter()
    for _ in range(n_pages):
        writer.add_blank_page(612, 792)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def pdf_content(n_pages: int, n_operations: int) -> bytes:
    """A PDF of `n_pages` that all show one content stream of `n_operations` strings (a few KB compressed)."""
    import zlib

    content = zlib.compress(b"BT /F1 12 Tf 72 720 Td " + b"(x) Tj " * n_operations + b"ET", 9)
    kids = b" ".join(b"%d 0 R" % (5 + i) for i in range(n_pages))
    page = (b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 4 0 R >> >>"
            b" /Contents 3 0 R >>")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [" + kids + b"] /Count %d >>" % n_pages,
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(content) + content + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        *[page] * n_pages,
    ]
    out, offsets = b"%PDF-1.4\n", []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref, size = len(out), len(objects) + 1
    out += b"xref\n0 %d\n0000000000 65535 f \n" % size + b"".join(b"%010d 00000 n \n" % o for o in offsets)
    return out + b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (size, xref)


# A file name -> (its bytes, how the subprocess reads it: "document" or "table").
BOMBS = {
    "bomb.docx": (docx_bomb, "document"),
    "declared.docx": (docx_declared_bomb, "document"),
    "lying.docx": (docx_lying_small, "document"),
    "ratio.docx": (docx_ratio_bomb, "document"),
    "parts.docx": (docx_many_parts, "document"),
    "zip64.docx": (docx_zip64_parts, "document"),
    "bzip2.docx": (docx_bzip2, "document"),
    "roster.xlsx": (xlsx_bomb, "table"),
    "pages.pdf": (lambda: pdf_pages(limits.PDF_MAX_PAGES + 1), "document"),
    # One page of 500,000 strings: pypdf's default budget let it run 8 s; ours stops it.
    "heavy.pdf": (lambda: pdf_content(1, 500_000), "document"),
    # 300 pages of 30,000 strings each (~0.3 s a page): refused once its pace is clear, not after 90 s.
    "slow.pdf": (lambda: pdf_content(limits.PDF_MAX_PAGES, 30_000), "document"),
}

# Reads each file given on the command line after the imports an app process already holds; prints one JSON
# line per file: the refusal, its seconds, and its peak RSS over the RSS before it, in MB. On Linux the peak
# (VmHWM) is restarted at the current RSS before each file; elsewhere ru_maxrss (the process's peak so far) is
# used, which can only overstate the growth.
MEASURE = r"""
import json, resource, sys, time
import docx, openpyxl, pypdf, bs4, polars
from analytics.ingest.extract import ExtractError, TableError, read_document, read_table

def status_mb(field):
    try:
        with open("/proc/self/status") as status:
            return next(int(line.split()[1]) / 1024 for line in status if line.startswith(field + ":"))
    except (OSError, StopIteration):
        return None

def reset_peak():
    try:
        with open("/proc/self/clear_refs", "w") as clear_refs:
            clear_refs.write("5")
    except OSError:
        pass

def peak_mb():
    return status_mb("VmHWM") or resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

for kind, path in zip(sys.argv[1::2], sys.argv[2::2]):
    reset_peak()
    before, started = status_mb("VmRSS") or peak_mb(), time.perf_counter()
    try:
        if kind == "document":
            read_document(path)
        else:
            read_table(path, file_types=(".csv", ".xlsx", ".parquet"), max_bytes=50 * 2**20)
        message = None
    except ExtractError as exc:
        message = f"{exc.file_name}: {exc.reason}"
    except TableError as exc:
        message = str(exc)
    seconds = time.perf_counter() - started
    peak = peak_mb()
    print(json.dumps({"path": path, "message": message, "seconds": seconds, "growth_mb": max(0.0, peak - before)}))
"""


def measure(files: list[tuple[str, Path]]) -> list[dict]:
    """Read each (kind, path) in one fresh Python process; return its report per file (see MEASURE)."""
    argv = [part for kind, path in files for part in (kind, str(path))]
    done = subprocess.run([sys.executable, "-c", MEASURE, *argv], cwd=REPO_ROOT, capture_output=True, text=True,
                          timeout=300, check=True)
    return [json.loads(line) for line in done.stdout.splitlines()]
