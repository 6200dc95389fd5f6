"""The Pay progression page's exports in a real headless Chromium: its printable report on A4 and Letter paper, and
a chart image and the report downloaded from the running app."""

from __future__ import annotations

import io
import os

import pytest
from pypdf import PdfReader

from tests.app_pages.pay.test_page import DEEP_LINK, metrics, open_pay
from tests.app_pages.print_pdf import pdf_pages, pdf_text

try:
    from playwright.sync_api import expect
except ImportError:  # the `chromium` fixture decides: skip locally, fail on CI
    if os.environ.get("CI") == "true":
        raise
    pytest.skip("the playwright package is not installed", allow_module_level=True)

REPORT = "pay-immigrant-workers-specialist-1-2025-04-01-report.html"
PAGE_POINTS = {"A4": (595.3, 841.9), "Letter": (612.0, 792.0)}  # the paper's size in PDF points (1/72 in)
WAIT_MS = 60_000  # a chart is drawn in a Chromium of its own: seconds on a loaded machine


@pytest.mark.parametrize("paper", ["A4", "Letter"])
def test_the_pay_report_prints_on_paper_with_its_totals_and_charts(ladder_db, offered_files, paper):
    at = open_pay(**DEEP_LINK)
    report = offered_files[REPORT]()  # the page's own figures, drawn as inline SVG

    pdf = pdf_pages(report, paper)

    pages = PdfReader(io.BytesIO(pdf)).pages
    assert 2 <= len(pages) <= 4  # inputs, three charts and two short tables
    for page in pages:  # Chromium rounds the paper to whole device pixels: within a point
        assert [float(v) for v in page.mediabox[2:]] == pytest.approx(PAGE_POINTS[paper], abs=1.5)
    text = " ".join(" ".join(pdf_text(pdf)).split())
    assert "Pay progression: Immigrant Workers Specialist 1" in text
    assert metrics(at)["Stay in title"] in text  # the total the page shows: "$772,350"
    # The charts' own text is printed as text (inline SVG), titles and axis ticks alike.
    for title in ("Salary at the start of each year", "Cumulative earnings", "Pay bands of the schedule"):
        assert title in text
    assert "$100,000" in text


def test_a_chart_image_and_the_report_download_from_the_running_app(browser_page, app_server):
    browser_page.goto("/pay?title=Immigrant+Workers+Specialist+1&start=2025-04-01&years=10")
    expect(browser_page.get_by_test_id("stApp")).to_have_attribute("data-test-script-state", "notRunning",
                                                                   timeout=WAIT_MS)

    with browser_page.expect_download(timeout=WAIT_MS) as png:
        browser_page.get_by_role("button", name="Chart (PNG)").first.click()
    with browser_page.expect_download(timeout=WAIT_MS) as html:
        browser_page.get_by_role("button", name="Printable report (HTML)").click()

    assert png.value.suggested_filename == "pay-immigrant-workers-specialist-1-salary.png"
    assert open(png.value.path(), "rb").read(8) == b"\x89PNG\r\n\x1a\n"
    assert html.value.suggested_filename == REPORT
    page = open(html.value.path(), encoding="utf-8").read()
    # The link is the one the reader's browser shows, with the view's query string.
    assert f"<dd>{app_server}/pay?title=Immigrant+Workers+Specialist+1&amp;start=2025-04-01</dd>" in page
    assert page.count("<svg") == 3
