"""Text extraction: each media type generated in the test, and each way a document can have no text."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

import docx
import polars as pl
import pytest

from analytics.ingest import extract
from analytics.ingest.extract import TABLE_READERS, ExtractError, TableError, read_document, read_table, read_upload


def minimal_pdf(lines: list[str]) -> bytes:
    """Return a valid one-page PDF showing `lines` in Helvetica (offsets in the xref table are exact)."""
    shown = " T* ".join(f"({line}) Tj" for line in lines)
    content = f"BT /F1 12 Tf 14 TL 72 720 Td {shown} ET".encode("latin-1")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 5 0 R >> >>"
        b" /Contents 4 0 R >>",
        b"<< /Length " + str(len(content)).encode() + b" >>\nstream\n" + content + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = b"%PDF-1.4\n"
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{offset:010d} 00000 n \n".encode() for offset in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n".encode() + b"%%EOF\n"
    return out


def docx_bytes() -> bytes:
    document = docx.Document()
    document.add_heading("Widget Inspector 1", level=1)
    document.add_paragraph("Minimum Qualifications: two years of experience.")
    table = document.add_table(rows=2, cols=3)
    values = [("Code", "Title", ""), ("1234", "Widget Inspector 1", "Grade 18")]
    for row, cells in zip(table.rows, values, strict=True):
        for cell, value in zip(row.cells, cells, strict=True):
            cell.text = value
    document.add_paragraph("Duties follow the table.")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


HTML = """<!doctype html><html><head><title>Ignored head</title><script>var x = 1;</script></head>
<body><nav><a href="/">Home</a> | <a href="/jobs">Jobs</a></nav>
<h1>Widget   Inspector
 Series</h1>
<p>Minimum Qualifications: <b>two</b> years of experience &amp; a bachelor&#39;s degree.</p>
<div>First block<br>second line</div>
<table><tr><th>Schem</th><th>Code</th><th>Title</th></tr>
<tr><td>AB12</td><td>1234</td><td>Widget Inspector</td></tr></table>
<ul><li>Inspects widgets.</li><li>Writes reports.</li></ul>
<script>document.write("never")</script><style>p { color: red }</style>
</body></html>"""


# --- each media type -------------------------------------------------------------------------------

def test_plain_text_utf8_keeps_text_and_unifies_line_ends(tmp_path):
    path = tmp_path / "spec.txt"
    path.write_bytes("\ufeffWidget Inspector\r\nSalary: $50,000 – $60,000\r\n".encode())

    got = read_document(path)

    assert got.text == "Widget Inspector\nSalary: $50,000 – $60,000\n"
    assert got.media_type == "text/plain"
    assert len(got.sha256) == 64


def test_plain_text_falls_back_to_cp1252(tmp_path):
    path = tmp_path / "spec.md"
    path.write_bytes("Caf\u00e9 Director \u2013 \u201cgrade\u201d 18".encode("cp1252"))

    got = read_document(path)

    assert got.text == "Caf\u00e9 Director \u2013 \u201cgrade\u201d 18"
    assert got.media_type == "text/markdown"


def test_pdf_text_is_read_with_pypdf():
    got = read_upload("spec.pdf", minimal_pdf(["Widget Inspector 1", "Grade 18"]))

    assert got.media_type == "application/pdf"
    assert "Widget Inspector 1" in got.text
    assert "Grade 18" in got.text


def test_docx_paragraphs_and_table_rows_in_document_order():
    got = read_upload("spec.docx", docx_bytes())

    lines = [line for line in got.text.splitlines() if line]
    assert lines == [
        "Widget Inspector 1",
        "Minimum Qualifications: two years of experience.",
        "Code | Title",
        "1234 | Widget Inspector 1 | Grade 18",
        "Duties follow the table.",
    ]


def test_html_one_line_per_block_cells_joined_scripts_and_nav_dropped():
    got = read_upload("spec.html", HTML.encode())

    assert got.text.splitlines() == [
        "# Widget Inspector Series",
        "Minimum Qualifications: two years of experience & a bachelor's degree.",
        "First block",
        "second line",
        "Schem | Code | Title",
        "AB12 | 1234 | Widget Inspector",
        "- Inspects widgets.",
        "- Writes reports.",
    ]
    assert got.media_type == "text/html"


def test_html_reads_main_only_and_keeps_front_matter_lines():
    page = (b"---\nlayout: raw\ntitle: Widget Inspector\n---\n<html><body><header><a>Home</a> Site name</header>"
            b"<main><h2>Duties</h2><p>Inspects widgets.</p></main><footer>Contact us</footer></body></html>")

    got = read_upload("posting.html", page)

    assert got.text.splitlines() == ["---", "layout: raw", "title: Widget Inspector", "---", "## Duties",
                                     "Inspects widgets."]


def test_html_without_main_drops_page_header_and_footer_but_not_an_articles():
    page = (b"<html><body><header>Site banner</header><article><header><h1>Widget Inspector</h1></header>"
            b"<p>Salary: $50,000</p></article><aside>Related links</aside><footer>Contact us</footer></body></html>")

    got = read_upload("posting.html", page)

    assert got.text.splitlines() == ["# Widget Inspector", "Salary: $50,000"]


def test_same_bytes_from_file_and_upload_are_the_same_document(tmp_path):
    path = tmp_path / "page.htm"
    path.write_text(HTML, encoding="utf-8")

    assert read_document(path) == read_upload("page.htm", HTML.encode())


# --- each error kind ----------------------------------------------------------------------------------

@pytest.mark.parametrize(("name", "data", "kind", "reason"), [
    ("empty.txt", b"", "empty", "no text"),
    ("blank.txt", b"  \n\t\r\n", "empty", "no text"),
    ("blank.html", b"<html><body><script>x()</script><p>  </p></body></html>", "empty", "no text"),
    ("scan.pdf", minimal_pdf([]), "empty", "no text"),
    ("table.csv", b"a,b\n1,2\n", "unsupported", "unsupported file type .csv"),
    ("noextension", b"Widget Inspector", "unsupported", "(no extension)"),
    ("fake.pdf", b"Widget Inspector", "unreadable", "not a PDF"),
    ("broken.pdf", b"%PDF-1.4\n1 0 obj << /Type /Catalog", "unreadable", "PDF"),
    ("fake.docx", b"Widget Inspector", "unreadable", "not a .docx"),
    ("binary.txt", b"\x00\x01\x02\x03 Widget", "unreadable", "binary content"),
])
def test_bad_uploads_raise_extract_error_with_a_reason(name, data, kind, reason):
    with pytest.raises(ExtractError) as caught:
        read_upload(name, data)

    assert caught.value.kind == kind
    assert reason in caught.value.reason
    assert caught.value.file_name == name


def test_zip_that_is_not_a_word_document_is_unreadable():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("hello.txt", "not a document")

    with pytest.raises(ExtractError) as caught:
        read_upload("archive.docx", buffer.getvalue())

    assert caught.value.kind == "unreadable"
    assert caught.value.sha256 is not None


def test_missing_file(tmp_path):
    with pytest.raises(ExtractError) as caught:
        read_document(tmp_path / "nope.txt")

    assert (caught.value.kind, caught.value.reason, caught.value.sha256) == ("missing", "file not found", None)


def test_folder_named_like_a_document_is_unreadable(tmp_path):
    (tmp_path / "folder.txt").mkdir()

    with pytest.raises(ExtractError) as caught:
        read_document(tmp_path / "folder.txt")

    assert caught.value.kind == "unreadable"


def test_over_the_size_limit_file_and_upload(tmp_path, monkeypatch):
    monkeypatch.setattr(extract, "MAX_BYTES", 10)
    path = tmp_path / "big.txt"
    path.write_text("Widget Inspector 1", encoding="utf-8")

    with pytest.raises(ExtractError) as from_file:
        read_document(path)
    with pytest.raises(ExtractError) as from_upload:
        read_upload("big.txt", b"Widget Inspector 1")

    assert from_file.value.kind == from_upload.value.kind == "too_large"
    assert from_file.value.reason == "refused: the file is 18 bytes (cap 10 bytes)"


def test_default_size_limit_is_20_mb():
    assert extract.MAX_BYTES == 20 * 1024 * 1024


# -- tabular uploads: the one reader of rosters and pay schedules --------------------------------

def _table_files(tmp_path):
    frame = pl.DataFrame({" Hire Date ": [dt.date(2024, 7, 1)], "Annual Salary": [61234.5], "unit": ["Albany"]})
    csv = tmp_path / "t.csv"
    csv.write_text(" Hire Date ,Annual Salary,unit\n2024-07-01,61234.5,Albany\n", encoding="utf-8")
    xlsx, parquet = tmp_path / "t.xlsx", tmp_path / "t.parquet"
    frame.write_excel(xlsx)
    frame.write_parquet(parquet)
    return csv, xlsx, parquet


def test_read_table_gives_every_cell_as_text_with_snake_case_headers_and_iso_dates(tmp_path):
    for path in _table_files(tmp_path):
        table = read_table(path, file_types=TABLE_READERS, max_bytes=1_000_000)

        assert table.columns == ["hire_date", "annual_salary", "unit"], path.suffix
        assert table.row(0) == ("2024-07-01", "61234.5", "Albany"), path.suffix
        assert all(dtype == pl.String for dtype in table.dtypes)


def test_read_table_refuses_a_file_it_cannot_read_with_one_problem(tmp_path):
    csv, *_ = _table_files(tmp_path)
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"not a zip file")
    cases = [
        (tmp_path / "t.txt", (".csv", ".xlsx"), "unsupported file type .txt: expected .csv or .xlsx", None),
        (tmp_path / "t.json", TABLE_READERS, "unsupported file type .json: expected .csv, .xlsx or .parquet", None),
        (tmp_path / "gone.csv", TABLE_READERS, "file not found", str(tmp_path / "gone.csv")),
        (csv, (".csv",), "the file is 57 bytes (cap 10 bytes)", None),
        (broken, TABLE_READERS, "unreadable file", ...),
    ]
    for path, types, problem, value in cases:
        with pytest.raises(TableError) as caught:
            read_table(path, file_types=types, max_bytes=10 if path == csv else 1_000_000)
        assert caught.value.problem == problem
        if value is not ...:
            assert caught.value.value == value


# --- a PDF whose words are placed one by one (Google Docs exports) -----------------------------------------

class _WordByWordPage:
    """Hands pypdf's visitor the pieces a Google Docs export gives (corpus2/gsa_tts_performance_profiles_pdf/
    digital.gov-engineer-performance-profile-gs-14.pdf, page 1): one word per call, a line break between
    words, the line's matrix in `cm` and the word's position in `tm`."""

    def __init__(self, rows: list[list[str]]) -> None:
        self.rows = rows

    def extract_text(self, visitor_text) -> str:
        for r, row in enumerate(self.rows):
            cm = [0.75, 0.0, 0.0, -0.75, 72.0, 720.0 - 32.43 * r]
            for k, word in enumerate(row):
                visitor_text(word, cm, [1.0, 0.0, 0.0, -1.0, 40.0 * k, 30.4], None, 12)
                visitor_text("\n", cm, [1.0, 0.0, 0.0, 1.0, 0.0, 0.0], None, 12)
        return "\n".join(word for row in self.rows for word in row)


def test_a_page_that_came_out_one_word_per_line_is_rebuilt_line_by_line():
    rows = [["Performance", "Profile:"], ["Digital.gov", "Engineering", "Lead"],
            *[["TTS", "is", "hiring", "for", "the", "role", "of", "an", "engineer."]] * 5]
    page = _WordByWordPage(rows)
    plain = page.extract_text(lambda *args: None)

    assert extract._one_word_per_line(plain)
    assert extract._page_lines(page).splitlines()[:3] == ["Performance Profile:", "Digital.gov Engineering Lead",
                                                          "TTS is hiring for the role of an engineer."]


def test_a_page_of_ordinary_lines_is_kept_as_pypdf_reads_it():
    text = "\n".join(f"Line {i} of an ordinary page with several words" for i in range(50))

    assert not extract._one_word_per_line(text)
    assert not extract._one_word_per_line("One\nword\nper\nline\nbut\nshort")  # fewer than 40 lines
