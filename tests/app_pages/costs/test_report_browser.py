"""The Staffing costs page's printable report, printed to PDF by headless Chromium on A4 and Letter."""

from __future__ import annotations

import re

import pytest

from tests.app_pages.costs.test_page import (
    FIRST_FY,
    fiscal_years,
    open_costs,
)
from tests.app_pages.print_pdf import PAPERS, pdf_pages, pdf_text


@pytest.mark.parametrize("paper", PAPERS)
def test_the_printed_report_holds_the_totals_on_a_few_pages(ladder_db, offered_files, paper):
    at = open_costs(units="Immigrant Workers Services - Albany", start=f"{FIRST_FY - 1}-07",
                    end=f"{FIRST_FY + 1}-06", fringe="50", cola=f"3@{FIRST_FY}-07-01")
    assert not at.exception and not at.error
    shown = fiscal_years(at)
    report = next(build for name, build in offered_files.items() if name.endswith("-report.html"))()

    pages = pdf_text(pdf_pages(report, paper))

    text = "\n".join(pages)
    assert 2 <= len(pages) <= 6, len(pages)
    for label, cost in shown.items():  # every fiscal-year total, to the cent, as the page shows it
        assert re.search(rf"{label}\s+{re.escape(cost)}", text), (label, cost)
    words = " ".join(text.split())
    assert words.startswith("Staffing costs: Unnamed scenario View /costs?start=")
    assert "units=Immigrant+Workers+Services+-+Albany" in words.replace(" ", "")
    assert "scope: units Immigrant Workers Services - Albany" in words
    assert "By unit" in words and "By grade" in words
