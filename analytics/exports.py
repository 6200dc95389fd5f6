"""Table exports (CSV and Excel bytes) whose text cells cannot run as spreadsheet formulas.

A cell whose text starts with `=`, `+`, `-` or `@` (or a tab or carriage return, which some
spreadsheets strip before reading the rest as a formula) is opened by Excel, LibreOffice and Google
Sheets as a formula: a unit or title named ``=HYPERLINK(...)`` in an uploaded roster would run when
a budget analyst opens the export (OWASP "CSV injection"). Such text is prefixed with a single
quote, which the spreadsheet shows and never evaluates. Numbers, dates and booleans are typed
values, never formulas, so a negative amount stays a number.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Mapping
from decimal import Decimal

import polars as pl
import xlsxwriter

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
SHEET_NAME_MAX = 31  # Excel's limit
_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
MONEY_FORMAT = "#,##0.00"
DATE_FORMAT = "yyyy-mm-dd"


def neutralised_text(text: str) -> str:
    """Return the text with a leading single quote when a spreadsheet would read it as a formula."""
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


def _neutralised_expr(column: str) -> pl.Expr:
    starts = pl.any_horizontal(pl.col(column).str.starts_with(s) for s in FORMULA_STARTS)
    return pl.when(starts).then(pl.lit("'") + pl.col(column)).otherwise(pl.col(column)).alias(column)


def neutralised(frame: pl.LazyFrame) -> pl.LazyFrame:
    """Return the frame (same grain and columns) with every text cell and column name safe to open in a spreadsheet."""
    schema = frame.collect_schema()
    texts = [name for name, dtype in schema.items() if dtype == pl.String]
    renamed = {name: neutralised_text(name) for name in schema.names() if neutralised_text(name) != name}
    return frame.with_columns(_neutralised_expr(c) for c in texts).rename(renamed)


def csv_bytes(frame: pl.DataFrame) -> bytes:
    """Return the frame as UTF-8 CSV (with a header row), its text cells neutralised."""
    return neutralised(frame.lazy()).collect().write_csv().encode("utf-8")


def sheet_name(name: str, taken: set[str]) -> str:
    """Return a valid, unused Excel sheet name for `name` (forbidden characters dropped, at most 31 characters)."""
    base = _SHEET_FORBIDDEN.sub(" ", name).strip().strip("'")[:SHEET_NAME_MAX] or "Sheet"
    candidate, n = base, 1
    while candidate.casefold() in {t.casefold() for t in taken}:
        n += 1
        suffix = f" ({n})"
        candidate = base[:SHEET_NAME_MAX - len(suffix)] + suffix
    return candidate


def _write_cell(sheet, row: int, col: int, value, formats: Mapping[str, object]) -> None:
    if value is None:
        return
    if isinstance(value, bool):
        sheet.write_boolean(row, col, value)
    elif isinstance(value, Decimal):
        sheet.write_number(row, col, float(value), formats["money"])
    elif isinstance(value, int | float):
        sheet.write_number(row, col, value)
    elif isinstance(value, dt.datetime | dt.date):
        sheet.write_datetime(row, col, value, formats["date"])
    else:
        # write_string never interprets text as a formula (write() would for text starting with "=").
        sheet.write_string(row, col, str(value))


def excel_bytes(sheets: Mapping[str, pl.DataFrame]) -> bytes:
    """Return an .xlsx workbook with one sheet per frame (header row first), text cells neutralised.

    Numbers stay numbers (Decimal amounts with a thousands format), dates are dates.
    """
    buffer = io.BytesIO()
    options = {"in_memory": True, "strings_to_formulas": False, "strings_to_numbers": False, "strings_to_urls": False}
    with xlsxwriter.Workbook(buffer, options) as book:
        formats = {"money": book.add_format({"num_format": MONEY_FORMAT}),
                   "date": book.add_format({"num_format": DATE_FORMAT}), "header": book.add_format({"bold": True})}
        taken: set[str] = set()
        for name, frame in sheets.items():
            title = sheet_name(name, taken)
            taken.add(title)
            sheet = book.add_worksheet(title)
            safe = neutralised(frame.lazy()).collect()
            for col, column in enumerate(safe.columns):
                sheet.write_string(0, col, column, formats["header"])
                width = max([len(column), *(len(str(v)) for v in safe[column].head(200).to_list())])
                sheet.set_column(col, col, min(max(width + 2, 10), 60))
            for row, values in enumerate(safe.iter_rows(), start=1):
                for col, value in enumerate(values):
                    _write_cell(sheet, row, col, value, formats)
            sheet.freeze_panes(1, 0)
    return buffer.getvalue()
