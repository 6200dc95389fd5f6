"""The printable report: one self-contained, escaped HTML page laid out for A4 and Letter."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import plotly.graph_objects as go
import polars as pl
import pytest

from app_pages.shared import print_report
from app_pages.shared.print_report import cell_text, report_html
from tests.conftest import CHROMIUM

HOSTILE = '<script>alert("x")</script><img src=x onerror=alert(1)>'
VIEW_URL = "http://localhost:8501/pay?title=Immigrant+Workers+Specialist+1"
needs_chromium = pytest.mark.skipif(not CHROMIUM.is_file(), reason=f"{CHROMIUM} is not installed")


def report(*, figures=(), tables=(), url: str = VIEW_URL, **overrides) -> str:
    arguments = {"title": "Pay progression", "url": url, "data_version": "50a45b9a89cc2984",
                 "inputs": [("Title", "Immigrant Workers Specialist 1")], "figures": figures, "tables": tables}
    return report_html(**(arguments | overrides)).decode("utf-8")


def other_hosts(page: str, allowed: str = VIEW_URL) -> list[str]:
    """Every http(s) address in the page but the view's own link (shown as text)."""
    return [u for u in re.findall(r"https?://[^\s\"'<>]+", page.replace(allowed, "")) if u]


@pytest.fixture()
def no_chromium(monkeypatch):
    monkeypatch.setattr(print_report, "chromium_path", lambda: None)


def test_hostile_text_anywhere_is_shown_as_text(no_chromium):
    page = report(title=HOSTILE, url=f"{VIEW_URL}&x={HOSTILE}", data_version=HOSTILE, note=HOSTILE,
                  inputs=[(HOSTILE, HOSTILE)], figures=[(HOSTILE, go.Figure())],
                  tables=[(HOSTILE, pl.DataFrame({HOSTILE: [HOSTILE]}))])

    assert "<script" not in page and "<img" not in page
    assert page.count("&lt;script&gt;") >= 8
    assert "This chart is not drawn: no Chromium" in page


def test_money_is_printed_with_the_sign_before_the_dollar(no_chromium):
    costs = pl.DataFrame({"component": ["Vacancies", "COLA"], "amount": [Decimal("-7543764.12"), Decimal("251918977")],
                          "salary": [-5.0, 69250.0], "year": [2025, 2026]},
                         schema_overrides={"amount": pl.Decimal(14, 2)})

    page = report(tables=[("Bridge", costs)])

    assert "<td class=number>−$7,543,764</td>" in page
    assert "$251,918,977" in page and "−$5" in page and "$69,250" in page
    assert "$-" not in page
    assert "<td class=number>2025</td>" in page  # a year is not money and has no thousands separator


@pytest.mark.parametrize(("value", "is_money", "printed"), [
    (None, False, ""), (float("nan"), True, ""), (True, False, "yes"), (1234567, False, "1,234,567"),
    (0.0523, False, "0.0523"), (12.5, False, "12.5"), (1234.0, False, "1,234"), (Decimal("-12.6"), True, "−$13"),
    (dt.date(2025, 4, 1), False, "2025-04-01"), (dt.datetime(2025, 4, 1, 9, 30), False, "2025-04-01 09:30"),
    ("=HYPERLINK()", False, "=HYPERLINK()"),
])
def test_cells_are_printed_in_words_a_reader_expects(value, is_money, printed):
    assert cell_text(value, is_money=is_money) == printed


def test_the_report_names_the_view_its_data_and_when_it_was_made(no_chromium):
    page = report()

    assert f"<dd>{VIEW_URL}</dd>" in page and "<dd>50a45b9a89cc2984</dd>" in page
    assert re.search(r"<dt>Generated</dt><dd>\d{4}-\d\d-\d\d \d\d:\d\d", page)
    assert "<td>Title</td><td>Immigrant Workers Specialist 1</td>" in page
    assert "<a " not in page  # the link is text to copy, not a link to follow


def test_the_layout_is_for_print_on_a4_and_letter(no_chromium):
    page = report(tables=[("T", pl.DataFrame({"a": [1]}))])

    assert "@page { margin: 12mm; }" in page
    assert "max-width: 186mm" in page  # A4's 210 mm less the margins; Letter's 8.5 in is wider
    assert "thead { display: table-header-group; }" in page
    assert "tr { break-inside: avoid;" in page and "figure { margin: 4mm 0; break-inside: avoid;" in page
    assert "max-width: 100%" in page


def test_nothing_is_fetched_from_any_host(no_chromium):
    page = report(tables=[("T", pl.DataFrame({"a": ["https://example.org/x.png"]}))])

    assert "default-src 'none'" in page
    assert not re.search(r"<(script|link|iframe|object|embed)\b", page)
    assert not re.search(r"\b(src|href)\s*=", page) and "url(" not in page and "@import" not in page
    assert other_hosts(page) == ["https://example.org/x.png"]  # a cell's text, printed as text


def test_a_long_table_is_cut_with_a_note(no_chromium, monkeypatch):
    monkeypatch.setattr(print_report, "MAX_ROWS", 3)

    page = report(tables=[("Long", pl.DataFrame({"n": list(range(10))}))])

    assert page.count("<tr><td") == 3 + 1  # three rows and the one input
    assert "The first 3 of 10 rows" in page


@needs_chromium
def test_charts_are_inline_svg_with_text_and_no_other_host():
    charts = [("Salary", go.Figure(go.Scatter(x=[1, 2], y=[3, 4]), layout={"title": {"text": "Salary by year"}})),
              ("Untitled <chart>", go.Figure(go.Bar(x=["a"], y=[1])))]

    page = report(figures=charts)

    assert page.count("<svg") == 2 and "<img" not in page
    assert "Salary by year" in page  # the chart's own title heads it, as text
    assert "<figcaption>Untitled &lt;chart&gt;</figcaption>" in page  # a chart without a title gets its name
    assert "<figcaption>Salary</figcaption>" not in page
    assert other_hosts(page) == []
