"""Open input files: class-spec documents (file or upload) as plain text, and tabular uploads (rosters, pay
schedules) as all-text frames. The only ingest stage that opens files."""

from __future__ import annotations

import contextlib
import hashlib
import io
import logging
import re
import threading
import time
import warnings
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import polars as pl
from openpyxl.utils.exceptions import InvalidFileException

from analytics.ingest import limits

# The largest document of any kind (analytics.ingest.limits has every cap and why).
MAX_BYTES = limits.DOCUMENT_MAX_BYTES
MEDIA_TYPES: dict[str, str] = {
    ".txt": "text/plain",
    ".md": "text/markdown",
    ".pdf": "application/pdf",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".html": "text/html",
    ".htm": "text/html",
}
SUPPORTED_SUFFIXES = tuple(MEDIA_TYPES)
CELL_SEPARATOR = " | "
# HTML elements whose text is never part of the document, and those that start a new line.
HTML_DROPPED = frozenset({"script", "style", "noscript", "nav", "template", "head", "svg", "iframe", "form", "button"})
# Page chrome, dropped when the page has no <main> (outside an <article>).
HTML_CHROME = ("header", "footer", "aside")
# Line markers of headings and list items, as Markdown writes them.
HTML_MARKERS = {**{f"h{n}": "#" * n + " " for n in range(1, 7)}, "li": "- "}
HTML_BLOCKS = frozenset({
    "address", "article", "aside", "blockquote", "body", "caption", "dd", "div", "dl", "dt", "fieldset",
    "figcaption", "figure", "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "main", "ol",
    "p", "pre", "section", "table", "tbody", "thead", "tfoot", "ul",
})


class ExtractError(ValueError):
    """A document that yields no text; `kind` is missing | unreadable | empty | unsupported | too_large | too_slow
    (the CLI reports a parser failure as `unparsable`). A too_large or too_slow reason names the cap passed."""

    def __init__(self, file_name: str, kind: str, reason: str, *, sha256: str | None = None) -> None:
        super().__init__(reason)
        self.file_name = file_name
        self.kind = kind
        self.reason = reason
        self.sha256 = sha256


@dataclass(frozen=True)
class ExtractedText:
    """A document's text as parsed (evidence spans index into it), its media type and the sha256 of its bytes."""

    text: str
    media_type: str
    sha256: str


def read_document(path: str | Path) -> ExtractedText:
    """Return the text of a .txt/.md/.pdf/.docx/.html file; raise ExtractError saying why it has none."""
    path = Path(path)
    _check_suffix(path.name)
    if not path.exists():
        raise ExtractError(path.name, "missing", "file not found")
    if not path.is_file():
        raise ExtractError(path.name, "unreadable", "not a regular file")
    try:
        size = path.stat().st_size
        _check_size(path.name, size)
        data = path.read_bytes()
    except OSError as exc:
        raise ExtractError(path.name, "unreadable", f"cannot read file: {exc.strerror or exc}") from None
    return read_upload(path.name, data)


def read_upload(file_name: str, data: bytes) -> ExtractedText:
    """Return the text of uploaded bytes, typed by the file name's extension and checked against it."""
    media_type = _check_suffix(file_name)
    _check_size(file_name, len(data))
    sha256 = hashlib.sha256(data).hexdigest()
    suffix = Path(file_name).suffix.lower()
    readers = {".pdf": _pdf_text, ".docx": _docx_text, ".html": _html_text, ".htm": _html_text}
    try:
        if problem := limits.magic_problem(suffix, data[:limits.HEAD_BYTES], data[-4:]):
            raise ExtractError("", "unreadable", problem)
        text = _clean(readers.get(suffix, _plain_text)(data))
        if problem := limits.text_problem(len(text)):
            raise ExtractError("", "too_large", f"refused: {problem}")
    except ExtractError as exc:
        raise ExtractError(file_name, exc.kind, exc.reason, sha256=sha256) from None
    if not text.strip():
        raise ExtractError(file_name, "empty", "no text in the document", sha256=sha256)
    return ExtractedText(text=text, media_type=media_type, sha256=sha256)


def _check_suffix(file_name: str) -> str:
    suffix = Path(file_name).suffix.lower()
    if suffix not in MEDIA_TYPES:
        shown = suffix or "(no extension)"
        raise ExtractError(file_name, "unsupported",
                           f"unsupported file type {shown}: expected one of {', '.join(SUPPORTED_SUFFIXES)}")
    return MEDIA_TYPES[suffix]


def _check_size(file_name: str, size: int) -> None:
    suffix = Path(file_name).suffix.lower()
    cap = limits.document_max_bytes(suffix, MAX_BYTES)
    scope = " for text and HTML files" if cap < MAX_BYTES else ""
    if problem := limits.size_problem(size, cap, scope=scope):
        raise ExtractError(file_name, "too_large", f"refused: {problem}")


def _clean(text: str) -> str:
    """Unify line ends and drop NUL and other C0 controls (never tab or newline) so spans are stable."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")
    return re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f]", "", text)


def _plain_text(data: bytes) -> str:
    if b"\x00" in data[:4096]:
        raise ExtractError("", "unreadable", "binary content in a text file")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        raise ExtractError("", "unreadable", "text is neither UTF-8 nor Windows-1252") from None


def _pdf_text(data: bytes) -> str:
    """Return the text of a PDF; what pypdf reports about a damaged file never reaches stdout/stderr.

    A file pypdf cannot read, or one whose pages yield no text while pypdf reported damage (e.g. a
    content stream that does not decompress), is one ExtractError saying so; a file pypdf repairs
    (a wrong startxref, a missing /Root) is read as repaired. A PDF past a cap of analytics.ingest.limits
    (pages, time checked between pages, operations per content stream) is refused naming it.
    """
    from pypdf import PdfReader, apply_configuration
    from pypdf.errors import LimitReachedError

    tokens = {"stream_parsing_work_maximum_count": limits.PDF_MAX_STREAM_TOKENS}
    with _pdf_reports_captured() as reports, apply_configuration(**tokens):
        started = time.monotonic()  # once this read holds the capture: waiting for another is not its time
        try:
            reader = PdfReader(io.BytesIO(data))
            if reader.is_encrypted and not reader.decrypt(""):
                raise ExtractError("", "unreadable", "the PDF is encrypted")
            text = _pdf_pages_text(reader, started)
        except ExtractError:
            raise
        except LimitReachedError as exc:
            raise ExtractError("", "too_large", f"refused: {limits.pdf_limit_problem(_first_line(exc))}") from None
        except Exception as exc:  # pypdf raises many error types on damaged files
            raise ExtractError("", "unreadable", f"damaged PDF: {_first_line(exc)}") from None
    said = [line for report in reports if (line := report.strip().split("\n", 1)[0].strip())]
    for line in said:
        _log.debug("pypdf: %s", line)
    if said and not text.strip():
        raise ExtractError("", "unreadable", f"damaged PDF: {said[0][:200]}")
    return text


def _pdf_pages_text(reader, started: float) -> str:
    """Return the text of a PDF's pages; ExtractError when the page cap or the time cap (between pages) is passed."""
    n_pages = len(reader.pages)
    if problem := limits.pdf_pages_problem(n_pages):
        raise ExtractError("", "too_large", f"refused: {problem}")
    texts = []
    for n_read, page in enumerate(reader.pages, start=1):
        text = page.extract_text() or ""
        texts.append(_page_lines(page) if _one_word_per_line(text) else text)
        if problem := limits.pdf_time_problem(time.monotonic() - started, n_read, n_pages):
            raise ExtractError("", "too_slow", f"refused: {problem}")
    return "\n".join(texts)


def _one_word_per_line(text: str) -> bool:
    """Whether a page's text came out one word per line (PDFs that place every word on its own, such as
    Google Docs exports): most of at least 40 lines hold a single word."""
    lines = [line for line in text.split("\n") if line.strip()]
    return len(lines) >= 40 and sum(len(line.split()) == 1 for line in lines) > 0.7 * len(lines)


def _page_lines(page) -> str:
    """Return a page's text with its lines rebuilt from where each piece of text sits: pieces on one baseline
    are one line, joined by spaces (pypdf hands over each positioned word on its own)."""
    rows: list[list[str]] = []
    last: tuple[float, float] | None = None

    def visit(text: str, cm: list[float], tm: list[float], _font: object, _size: object) -> None:
        nonlocal last
        if not text.strip():
            return
        baseline = (round(cm[5], 1), round(tm[5], 1))
        if baseline != last or not rows:
            rows.append([])
            last = baseline
        rows[-1].append(text.strip())

    page.extract_text(visitor_text=visit)
    return "\n".join(" ".join(row) for row in rows)


_log = logging.getLogger(__name__)
# One PDF read at a time holds the capture: warnings.catch_warnings and the pypdf logger are process-wide, and
# two overlapping captures (two Streamlit sessions uploading at once) would restore each other's state.
_PDF_CAPTURE_LOCK = threading.Lock()


class _Reports(logging.Handler):
    """Keep the messages of the log records it is handed (pypdf's warnings and errors) instead of printing them."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        try:
            self.messages.append(record.getMessage())
        except Exception:  # a malformed record must not break the read
            self.messages.append(str(record.msg))


@contextlib.contextmanager
def _pdf_reports_captured() -> Iterator[list[str]]:
    """Collect, for the duration of one PDF read only, what pypdf says: the `pypdf` logger's records (which
    logging's last-resort handler would print on stderr) and Python warnings. Both are restored on exit."""
    logger = logging.getLogger("pypdf")
    handler = _Reports()
    with _PDF_CAPTURE_LOCK, warnings.catch_warnings(record=True) as caught:
        propagate = logger.propagate
        logger.addHandler(handler)
        logger.propagate = False
        try:
            yield handler.messages
        finally:
            logger.removeHandler(handler)
            logger.propagate = propagate
            handler.messages.extend(str(w.message) for w in caught)


def _docx_text(data: bytes) -> str:
    import docx
    from docx.table import Table

    try:
        if problem := limits.package_problem(io.BytesIO(data)):
            raise ExtractError("", "too_large", f"refused: {problem}")
        document = docx.Document(io.BytesIO(data))
        out: list[str] = []
        for block in document.iter_inner_content():
            if isinstance(block, Table):
                out.extend(_docx_rows(block))
            else:
                out.append(block.text)
        return "\n".join(out)
    except ExtractError:
        raise
    except Exception as exc:  # python-docx raises KeyError/ValueError/lxml errors on damaged packages
        raise ExtractError("", "unreadable", f"damaged .docx: {_first_line(exc)}") from None


def _docx_rows(table) -> list[str]:
    rows = []
    for row in table.rows:
        cells, seen = [], set()
        for cell in row.cells:  # a merged cell is repeated once per grid column it spans
            if id(cell._tc) in seen:
                continue
            seen.add(id(cell._tc))
            if cell.text.strip():
                cells.append(" ".join(cell.text.split()))
        rows.append(CELL_SEPARATOR.join(cells))
    return rows


def _html_text(data: bytes) -> str:
    """Return the text of an HTML page: one line per block, headings marked "#" by level and list items "- "
    (the way Markdown writes them, so both read alike), table rows as cells joined by ' | '.

    Page chrome is left out: with a <main> element (or role="main") only its content is read; otherwise the
    page's own header, footer, navigation and asides (outside any <article>) are dropped. A front-matter block
    before the markup ("---", "title: ...", "---", as static-site archives store pages) is kept line by line.
    """
    from bs4 import BeautifulSoup

    if problem := limits.html_problem(data):
        raise ExtractError("", "too_large", f"refused: {problem}")
    front, data = _front_matter(data)
    try:
        soup = BeautifulSoup(data, "lxml")
    except Exception as exc:  # lxml refuses only truly broken input
        raise ExtractError("", "unreadable", f"cannot parse HTML: {_first_line(exc)}") from None
    root = soup.find("main") or soup.find(attrs={"role": "main"})
    if root is None:
        root = soup
        for chrome in soup.find_all(HTML_CHROME):
            if chrome.find_parent("article") is None:
                chrome.decompose()
    out: list[str] = list(front)
    buffer: list[str] = []
    _html_lines(root, out, buffer)
    _flush(out, buffer)
    return "\n".join(out)


_FRONT_MATTER = re.compile(rb"\A\s*---[ \t]*\r?\n(?P<body>(?:(?!---)[^\n]*\n){1,40}?)---[ \t]*\r?\n")


def _front_matter(data: bytes) -> tuple[list[str], bytes]:
    """Split a leading front-matter block off the page: (its lines, the rest of the bytes)."""
    m = _FRONT_MATTER.match(data)
    if not m:
        return [], data
    lines = [" ".join(line.split()) for line in m.group("body").decode("utf-8", "replace").splitlines()]
    return ["---", *[line for line in lines if line], "---"], data[m.end():]


def _html_lines(node, out: list[str], buffer: list[str]) -> None:
    """Append one line per block element, heading or paragraph; table rows as cells joined by ' | '."""
    from bs4 import Comment, Doctype, NavigableString, Tag

    for child in node.children:
        if isinstance(child, (Comment, Doctype)):
            continue
        if isinstance(child, NavigableString):
            buffer.append(str(child))
        elif isinstance(child, Tag) and child.name not in HTML_DROPPED:
            if child.name == "br":
                _flush(out, buffer)
            elif child.name == "tr":
                _flush(out, buffer)
                cells = [" ".join(c.get_text(" ").split()) for c in child.find_all(("td", "th"), recursive=False)]
                if any(cells):
                    out.append(CELL_SEPARATOR.join(c for c in cells if c))
            elif child.name in HTML_BLOCKS:
                _flush(out, buffer)
                marker = HTML_MARKERS.get(child.name, "")
                if marker:
                    buffer.append(marker)
                _html_lines(child, out, buffer)
                _flush(out, buffer, marker)
            else:
                _html_lines(child, out, buffer)


def _flush(out: list[str], buffer: list[str], marker: str = "") -> None:
    line = " ".join("".join(buffer).split())
    buffer.clear()
    if line and line != marker.strip():
        out.append(line)


def _first_line(exc: BaseException) -> str:
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0][:200]


# -- tabular uploads ------------------------------------------------------------------------------

TABLE_READERS = (".csv", ".xlsx", ".parquet")
# What reading a corrupt, empty or mis-encoded table raises (openpyxl: BadZipFile, InvalidFileException).
UNREADABLE_TABLE = (pl.exceptions.PolarsError, OSError, ValueError, KeyError, zipfile.BadZipFile, InvalidFileException)


class TableError(ValueError):
    """A tabular file that cannot be read as a table: `problem` says why, `value` names what (a path, a reason)."""

    def __init__(self, problem: str, value: str | None = None) -> None:
        super().__init__(problem if value is None else f"{problem}: {value}")
        self.problem = problem
        self.value = value


def read_table(path: str | Path, *, file_types: tuple[str, ...], max_bytes: int) -> pl.DataFrame:
    """Return every cell of a .csv/.xlsx/.parquet file as text; raise TableError for a file-level problem.

    Headers are trimmed, lower-cased and snake_cased ("Hire Date" -> hire_date); Excel and Parquet dates
    are written YYYY-MM-DD. `file_types` are the suffixes the caller accepts (a subset of TABLE_READERS).
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in file_types:
        expected = " or ".join([", ".join(file_types[:-1]), file_types[-1]] if len(file_types) > 1 else file_types)
        raise TableError(f"unsupported file type {suffix or '(none)'}: expected {expected}")
    if not path.is_file():
        raise TableError("file not found", str(path))
    if problem := limits.size_problem(path.stat().st_size, max_bytes):
        raise TableError(problem)
    _check_table_bytes(path, suffix)
    try:
        if suffix == ".csv":
            frame = pl.read_csv(path, infer_schema=False)
        elif suffix == ".parquet":
            frame = pl.read_parquet(path)
        else:
            frame = pl.read_excel(path, engine="openpyxl")
    except UNREADABLE_TABLE as exc:  # a corrupt upload is a report line, never a traceback
        raise TableError("unreadable file", _first_line(exc)) from None
    frame = frame.rename({c: "_".join(c.strip().lower().split()) for c in frame.columns})
    return frame.with_columns(pl.col(pl.Date, pl.Datetime).dt.strftime("%Y-%m-%d")).with_columns(
        pl.all().cast(pl.String)
    )


def _check_table_bytes(path: Path, suffix: str) -> None:
    """Raise TableError when a table file's bytes are not its extension's, or an .xlsx passes a package cap."""
    with path.open("rb") as handle:
        head = handle.read(limits.HEAD_BYTES)
        handle.seek(max(0, handle.seek(0, io.SEEK_END) - 4))
        if problem := limits.magic_problem(suffix, head, handle.read()):
            raise TableError("unreadable file", problem)
        try:
            problem = limits.package_problem(handle) if suffix == ".xlsx" else None
        except zipfile.BadZipFile as exc:
            raise TableError("unreadable file", _first_line(exc)) from None
    if problem:
        raise TableError(f"{problem}; save it as CSV instead")
