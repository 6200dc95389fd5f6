"""Exports: formula neutralisation of text cells, CSV bytes and an Excel round trip through openpyxl."""

from __future__ import annotations

import csv
import datetime as dt
import io
from decimal import Decimal

import openpyxl
import polars as pl
import pytest
from polars.testing import assert_frame_equal

from analytics.exports import csv_bytes, excel_bytes, neutralised, neutralised_text, sheet_name

DANGEROUS = ["=HYPERLINK(\"http://x\",\"y\")", "+1+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1"]


@pytest.mark.parametrize("text", DANGEROUS)
def test_text_a_spreadsheet_would_evaluate_gets_a_leading_quote(text):
    assert neutralised_text(text) == "'" + text


@pytest.mark.parametrize("text", ["Albany", "", "Unit = A", "a-b", "'=already quoted", "Ω unit", " =1"])
def test_other_text_is_left_as_it_is(text):
    assert neutralised_text(text) == text


def test_neutralised_touches_text_columns_only_and_keeps_the_grain():
    frame = pl.LazyFrame({
        "unit": ["=cmd", "Albany", None, "@x"],
        "cost": [Decimal("-12.50"), Decimal("3.00"), Decimal("0.00"), Decimal("1.00")],
        "n_positions": [-1, 2, 3, 4],
    }, schema={"unit": pl.String, "cost": pl.Decimal(38, 2), "n_positions": pl.Int64})

    result = neutralised(frame).collect()

    expected = pl.DataFrame({
        "unit": ["'=cmd", "Albany", None, "'@x"],
        "cost": [Decimal("-12.50"), Decimal("3.00"), Decimal("0.00"), Decimal("1.00")],
        "n_positions": [-1, 2, 3, 4],
    }, schema={"unit": pl.String, "cost": pl.Decimal(38, 2), "n_positions": pl.Int64})
    assert_frame_equal(result, expected)


def test_column_names_are_neutralised_too():
    assert neutralised(pl.LazyFrame({"=x": [1]})).collect().columns == ["'=x"]


def test_csv_cells_are_neutralised_and_negative_numbers_stay_numbers():
    frame = pl.DataFrame({"unit": ["=1+1", "-Budget", "Albany"], "cost": [-5.5, 1.0, 2.25]})

    rows = list(csv.reader(io.StringIO(csv_bytes(frame).decode("utf-8"))))

    assert rows == [["unit", "cost"], ["'=1+1", "-5.5"], ["'-Budget", "1.0"], ["Albany", "2.25"]]


def test_excel_round_trip_keeps_types_and_never_writes_a_formula():
    months = pl.DataFrame({
        "month": [dt.date(2026, 7, 1), dt.date(2026, 8, 1)],
        "unit": ["=HYPERLINK(\"http://evil\",\"x\")", "Albany"],
        "cost": [Decimal("1234.56"), Decimal("-7.10")],
        "is_added": [True, False],
        "n_positions": [3, None],
    }, schema={"month": pl.Date, "unit": pl.String, "cost": pl.Decimal(38, 2), "is_added": pl.Boolean,
               "n_positions": pl.Int64})
    years = pl.DataFrame({"fiscal_year": [2027], "title": ["@risk"]})

    book = openpyxl.load_workbook(io.BytesIO(excel_bytes({"Monthly": months, "Fiscal/years": years})))

    assert book.sheetnames == ["Monthly", "Fiscal years"]
    sheet = book["Monthly"]
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert values[0] == ["month", "unit", "cost", "is_added", "n_positions"]
    assert values[1] == [dt.datetime(2026, 7, 1), "'=HYPERLINK(\"http://evil\",\"x\")", 1234.56, True, 3]
    assert values[2] == [dt.datetime(2026, 8, 1), "Albany", -7.1, False, None]
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)
    assert sheet["C2"].data_type == "n" and sheet["C2"].number_format == "#,##0.00"
    assert [[c.value for c in row] for row in book["Fiscal years"].iter_rows()] == [["fiscal_year", "title"],
                                                                                  [2027, "'@risk"]]


def test_sheet_names_are_valid_and_unique():
    taken = {"Costs"}
    assert sheet_name("costs", taken) == "costs (2)"
    assert sheet_name("a/b:c*d?[e]", set()) == "a b c d  e"
    assert len(sheet_name("x" * 40, set())) == 31
    assert sheet_name("", set()) == "Sheet"
