"""The caps on what reading one input may cost, in one place, and the pure checks that name them in one line.

Every check returns None (within the caps) or a reason that names the cap, e.g. "its parts would inflate to
4.1 GB (cap 25 MB)"; analytics.ingest.extract raises it as its ExtractError or TableError. Costs quoted below
were measured on this project's two-core machine (see tests/analytics/ingest/test_limits.py).
"""

from __future__ import annotations

import io
import math
import struct
import zipfile
import zlib
from collections.abc import Sequence
from typing import BinaryIO

MiB = 1024 * 1024

# -- per file, by kind, checked on the size before anything is read --------------------------------------
# A class spec as PDF or .docx: the largest real one here is 1.3 MB (a 204-page federal handbook).
DOCUMENT_MAX_BYTES = 20 * MiB
# A spec as .txt, .md or .html: real ones are under 100 KB, and the parser's time grows with the text.
TEXT_MAX_BYTES = 5 * MiB
TEXT_SUFFIXES = (".txt", ".md", ".html", ".htm")
# A roster: 300,000 positions are 46 MB of CSV and take 0.5 GB to check (the old 300 MB cap allowed ~3 GB).
ROSTER_MAX_BYTES = 50 * MiB
# A pay schedule: every bundled jurisdiction's schedules together are 86 KB.
PAY_SCHEDULE_MAX_BYTES = 5 * MiB

# -- per request: the class specs of one upload on the Ingest page (each is previewed on every rerun) -----
REQUEST_MAX_BYTES = 50 * MiB
REQUEST_MAX_FILES = 50

# -- zip packages (.docx, .xlsx), checked on the central directory before any part is inflated ----------
# python-docx and openpyxl hold what they parse at ~15 times its inflated size (a 25 MB sheet: 0.3 GB, 6 s).
PACKAGE_MAX_INFLATED = 25 * MiB
PACKAGE_MAX_PARTS = 1_000
# One part's inflated / compressed size: Apache POI's zip-bomb default; zeros deflate ~1,000 times. Parts
# under the grace size are not held to it (a small, repetitive styles part may compress better).
PACKAGE_MAX_RATIO = 100
PACKAGE_RATIO_GRACE_BYTES = 1 * MiB
# zipfile bounds a deflated part by its declared size; a bzip2 or lzma part is inflated in one call without
# a bound, and Office never writes one.
PACKAGE_METHODS = {zipfile.ZIP_STORED: "stored", zipfile.ZIP_DEFLATED: "deflate"}
# The end-of-central-directory record sits in the last 22 bytes plus at most a 64 KB comment.
ZIP_TAIL_BYTES = 22 + 65_535 + 20 + 56
# A directory may also declare a part smaller than it inflates (zipfile's read() would inflate it all before
# cutting it to size), so each deflated part is inflated once in steps of this much, never past its declared size.
INFLATE_STEP_BYTES = 1 * MiB

# -- PDFs ----------------------------------------------------------------------------------------------
# pypdf reads ~40 ordinary pages a second here: a 204-page federal handbook takes 5 s (14 s on a busy machine).
PDF_MAX_PAGES = 300
PDF_MAX_SECONDS = 30.0
# After this long, a PDF whose pace so far would take it past PDF_MAX_SECONDS is refused at once (that
# handbook's pace after 1 s says 7 s), so a slow one is answered in about a second, not at the cap.
PDF_ESTIMATE_AFTER_SECONDS = 1.0
# pypdf's budget of operands and operators per content stream (its default, 2,000,000, lets one 10 KB page
# run 8 s); a dense real page has a few thousand.
PDF_MAX_STREAM_TOKENS = 100_000

# -- HTML and text, before parsing ---------------------------------------------------------------------
# BeautifulSoup holds ~1 KB per element: 1 MB of bare <p> tags cost 120 MB and 2 s. A real page has ~2,000.
HTML_MAX_TAGS = 100_000
# What the spec parser reads (PDF, .docx and HTML text too): ~0.7 s per million characters.
TEXT_MAX_CHARS = 5_000_000

# Leading bytes of the binary formats a file may turn out to be, whatever its extension says.
SIGNATURES = {
    b"PK\x03\x04": "a zip package (.docx, .xlsx)",
    b"%PDF-": "a PDF",
    b"PAR1": "a Parquet file",
    b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1": "an old Office file (.doc, .xls)",
}
KIND_NAMES = {".pdf": "PDF", ".docx": ".docx", ".xlsx": ".xlsx", ".parquet": "Parquet", ".csv": "CSV",
              ".txt": "text", ".md": "text", ".html": "HTML", ".htm": "HTML"}
HEAD_BYTES = 1024


def size_text(n_bytes: float) -> str:
    """Return a size for a message, rounded up so it never reads as under its cap: 4.1 GB, 25 MB, 70 bytes."""
    for unit, scale in (("GB", 2**30), ("MB", MiB), ("KB", 1024)):
        if n_bytes >= scale:
            value = math.ceil(n_bytes / scale * 10) / 10
            return f"{value:,.0f} {unit}" if value == int(value) else f"{value:,.1f} {unit}"
    return f"{int(n_bytes):,} bytes"


def size_problem(size: int, cap: int, *, scope: str = "") -> str | None:
    """Why a file of `size` bytes is refused under `cap` (`scope` says whose cap, e.g. " for text files")."""
    return f"the file is {size_text(size)} (cap {size_text(cap)}{scope})" if size > cap else None


def document_max_bytes(suffix: str, largest: int = DOCUMENT_MAX_BYTES) -> int:
    """Return the per-file cap of a document kind: text and HTML are parsed whole, so theirs is smaller."""
    return min(largest, TEXT_MAX_BYTES) if suffix in TEXT_SUFFIXES else largest


def magic_problem(suffix: str, head: bytes, tail: bytes) -> str | None:
    """Why a file's first and last bytes are not what its extension says (None: they are)."""
    kind = KIND_NAMES.get(suffix, suffix)
    found = next((what for mark, what in SIGNATURES.items() if head.startswith(mark)), None)
    if suffix == ".pdf":
        ok, missing = head.lstrip().startswith(b"%PDF-"), "no %PDF- header"
    elif suffix in (".docx", ".xlsx"):
        ok, missing = head.startswith(b"PK\x03\x04"), "not a zip package"
    elif suffix == ".parquet":
        ok = head.startswith(b"PAR1") and tail.endswith(b"PAR1")
        missing = "no PAR1 mark at its end: cut short?" if head.startswith(b"PAR1") else "no PAR1 mark at its start"
    else:  # text kinds: any bytes but a known binary format's (encodings are checked when decoded)
        return f"not a {kind} file (it is {found})" if found else None
    if ok:
        return None
    if suffix == ".parquet" and head.startswith(b"PAR1"):
        found = None  # its own start mark: the file is cut short, not another format
    if found is None and head and b"\x00" not in head:
        found = "text" if _is_text(head) else None
    return f"not a {kind} file ({missing}" + (f"; it is {found})" if found else ")")


def _is_text(head: bytes) -> bool:
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as exc:
        return exc.start >= len(head) - 3  # a character cut by the end of the sample
    return True


def declared_parts(tail: bytes) -> int | None:
    """Return how many parts a zip's end-of-central-directory record declares (None: no record found)."""
    at = tail.rfind(b"PK\x05\x06")
    if at < 0 or len(tail) - at < 22:
        return None
    n_parts = struct.unpack_from("<H", tail, at + 10)[0]
    zip64 = at - 76
    is_zip64 = tail[at - 20:at - 16] == b"PK\x06\x07" and tail[zip64:zip64 + 4] == b"PK\x06\x06"
    if n_parts == 0xFFFF and zip64 >= 0 and is_zip64:  # the zip64 record holds the real count
        n_parts = struct.unpack_from("<Q", tail, zip64 + 32)[0]
    return n_parts


def parts_problem(n_parts: int | None) -> str | None:
    """Why a zip with this many parts is refused (checked before its directory is read)."""
    if n_parts is not None and n_parts > PACKAGE_MAX_PARTS:
        return f"it has {n_parts:,} parts (cap {PACKAGE_MAX_PARTS:,})"
    return None


def package_problem(source: BinaryIO) -> str | None:
    """Why a zip package (.docx, .xlsx) is refused, before python-docx or openpyxl reads any of it.

    First the part count in the end record (a directory of a million parts is never loaded), then the
    central directory (directory_problem), then each deflated part inflated in bounded steps to check it
    stops at its declared size. Raises zipfile.BadZipFile when there is no readable directory.
    """
    size = source.seek(0, io.SEEK_END)
    source.seek(max(0, size - ZIP_TAIL_BYTES))
    if problem := parts_problem(declared_parts(source.read())):
        return problem
    with zipfile.ZipFile(source) as package:
        parts = package.infolist()
    if problem := directory_problem(parts):
        return problem
    for part in parts:
        if part.compress_type == zipfile.ZIP_DEFLATED and _inflates_past(source, part):
            return f"part {part.filename} inflates past the {size_text(part.file_size)} its directory declares"
    return None


def _inflates_past(source: BinaryIO, part: zipfile.ZipInfo) -> bool:
    """Whether a deflated part's data inflates to more than its directory declares (memory: one step)."""
    source.seek(part.header_offset)
    header = source.read(30)
    if header[:4] != b"PK\x03\x04":
        raise zipfile.BadZipFile(f"no local header for part {part.filename}")
    source.seek(part.header_offset + 30 + sum(struct.unpack_from("<HH", header, 26)))
    inflater, left, room = zlib.decompressobj(-zlib.MAX_WBITS), part.compress_size, part.file_size + 1
    while left > 0 and room > 0 and not inflater.eof:
        pending = source.read(min(left, INFLATE_STEP_BYTES))
        if not pending:
            break
        left -= len(pending)
        while pending and room > 0 and not inflater.eof:
            try:
                room -= len(inflater.decompress(pending, min(room, INFLATE_STEP_BYTES)))
            except zlib.error as exc:
                raise zipfile.BadZipFile(f"part {part.filename} does not inflate: {exc}") from None
            pending = inflater.unconsumed_tail
    return room <= 0


def directory_problem(parts: Sequence[zipfile.ZipInfo]) -> str | None:
    """Why a zip package is refused on its central directory alone: parts, their inflated size and ratio."""
    if problem := parts_problem(len(parts)):
        return problem
    inflated = sum(part.file_size for part in parts)
    if inflated > PACKAGE_MAX_INFLATED:
        return f"its parts would inflate to {size_text(inflated)} (cap {size_text(PACKAGE_MAX_INFLATED)})"
    for part in parts:
        if part.compress_type not in PACKAGE_METHODS:
            return (f"part {part.filename} is compressed with method {part.compress_type} "
                    f"(only {' or '.join(PACKAGE_METHODS.values())} are read)")
        ratio = part.file_size / max(part.compress_size, 1)
        if part.file_size > PACKAGE_RATIO_GRACE_BYTES and ratio > PACKAGE_MAX_RATIO:
            return (f"part {part.filename} would inflate {ratio:,.0f} times its compressed size "
                    f"(cap {PACKAGE_MAX_RATIO:,})")
    return None


def pdf_pages_problem(n_pages: int) -> str | None:
    """Why a PDF of `n_pages` is refused before any page is read."""
    return f"it has {n_pages:,} pages (cap {PDF_MAX_PAGES:,})" if n_pages > PDF_MAX_PAGES else None


def pdf_time_problem(elapsed: float, n_read: int, n_pages: int) -> str | None:
    """Why reading a PDF stops after `n_read` of `n_pages` pages in `elapsed` seconds: its pace would pass the cap.

    Checked between pages: one page is bounded by pypdf's own limits (PDF_MAX_STREAM_TOKENS), not by the clock.
    """
    if n_read >= n_pages:
        return None
    projected = elapsed / max(n_read, 1) * n_pages
    if elapsed > min(PDF_ESTIMATE_AFTER_SECONDS, PDF_MAX_SECONDS) and projected > PDF_MAX_SECONDS:
        return (f"reading its text would take about {projected:,.0f} s (cap {PDF_MAX_SECONDS:g} s; "
                f"{n_read:,} of {n_pages:,} pages read in {elapsed:.1f} s)")
    return None


def pdf_limit_problem(said: str) -> str:
    """Name the cap behind what pypdf says when it stops at one of its safety limits."""
    if "tokens" in said:
        return f"a page has too many drawing operations (cap {PDF_MAX_STREAM_TOKENS:,} per content stream)"
    return f"pypdf stopped at one of its safety limits: {said}"


def html_problem(data: bytes) -> str | None:
    """Why an HTML file is refused before it is parsed: its tags (every `<` counted)."""
    n_tags = data.count(b"<")
    return f"it has {n_tags:,} tags (cap {HTML_MAX_TAGS:,})" if n_tags > HTML_MAX_TAGS else None


def text_problem(n_chars: int) -> str | None:
    """Why an extracted text is refused before it is parsed."""
    if n_chars > TEXT_MAX_CHARS:
        return f"its text is {n_chars:,} characters (cap {TEXT_MAX_CHARS:,})"
    return None


def request_problems(sizes: Sequence[int]) -> list[str | None]:
    """Return, per file of one upload in order, why it is refused (None: it fits the request's caps).

    Files are taken in order while they fit: one that would pass REQUEST_MAX_BYTES is refused and a
    smaller one after it may still fit; every file after the REQUEST_MAX_FILES-th is refused.
    """
    problems: list[str | None] = []
    total = taken = 0
    for size in sizes:
        if taken >= REQUEST_MAX_FILES:
            problems.append(f"this upload has {len(sizes):,} files (cap {REQUEST_MAX_FILES:,} per upload)")
        elif total + size > REQUEST_MAX_BYTES:
            problems.append(f"it would take this upload to {size_text(total + size)} "
                            f"(cap {size_text(REQUEST_MAX_BYTES)} per upload)")
        else:
            total, taken = total + size, taken + 1
            problems.append(None)
    return problems
