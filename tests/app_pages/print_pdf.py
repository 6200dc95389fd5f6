"""Printing an HTML report to PDF in headless Chromium, as a reader's "Save as PDF" would, for the report tests."""

from __future__ import annotations

import io
from concurrent.futures import ThreadPoolExecutor

from tests.conftest import CHROMIUM, CHROMIUM_ARGS, require_chromium

PAPERS = ("A4", "Letter")


def _print(html: bytes, paper: str) -> bytes:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page()
            # The report must ask for nothing outside itself: any request is refused and fails the print.
            asked: list[str] = []
            page.route("**/*", lambda route, request: (asked.append(request.url), route.abort()))
            page.set_content(html.decode("utf-8"), wait_until="load")
            assert not asked, f"the report asked for {asked}"
            return page.pdf(format=paper, print_background=True)  # margins from the report's own @page rule
        finally:
            browser.close()


def pdf_pages(html: bytes, paper: str) -> bytes:
    """Return the PDF Chromium prints of a self-contained HTML page on `paper` ("A4" or "Letter").

    Skips the test without Chromium or Playwright (fails on CI, as the `chromium` fixture does). Runs in a
    thread of its own, so it works beside a Playwright session the test already holds.
    """
    assert paper in PAPERS, paper
    require_chromium()
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(_print, html, paper).result()


def pdf_text(pdf: bytes) -> list[str]:
    """Return the text pypdf extracts from each page of a PDF."""
    from pypdf import PdfReader

    return [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]
