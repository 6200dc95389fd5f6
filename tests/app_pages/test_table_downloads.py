"""The tables of the Catalog, Review and Audit pages download as CSV and Excel (formula text neutralised)."""

from __future__ import annotations

import csv
import io

import openpyxl
import pytest

from analytics import db
from tests.app_pages.apptest import open_page


@pytest.mark.parametrize(("page", "stem", "header"), [
    ("app_pages/catalog.py", "catalog_titles", "title"),
    ("app_pages/review.py", "review_queue", "item_key"),
    ("app_pages/audit.py", "audit_log", "logged_at"),
])
def test_a_page_table_downloads_as_csv_and_excel(private_db, offered_files, page, stem, header):
    with db.connect(private_db) as con:  # one write, so that the audit trail has a row
        db.execute_all(con, "insert_audit", {"user_login": "cli:ann", "user_role": "steward",
                                             "action": "load a roster", "detail": "=1+1 roster.csv"})
    at = open_page(page, timeout=60)

    assert not at.exception
    assert {f"{stem}.csv", f"{stem}.xlsx"} <= set(offered_files)
    rows = list(csv.reader(io.StringIO(offered_files[f"{stem}.csv"]().decode("utf-8"))))
    sheet = openpyxl.load_workbook(io.BytesIO(offered_files[f"{stem}.xlsx"]())).active
    assert rows[0][0] == header == sheet.cell(1, 1).value
    assert len(rows) == sheet.max_row >= 2  # the header and at least one row, in both
    assert not any(cell.startswith("=") for row in rows for cell in row)  # formula text is neutralised
