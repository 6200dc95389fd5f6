"""The steward's loop in a real headless Chromium: a salary corrected on the Catalog page is the salary the Pay
progression page starts from, and the Review page's filters are in its link."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import demo_db_copy, fresh_tab, serve_app

try:
    from playwright.sync_api import expect
except ImportError:  # the `chromium` fixture decides: skip locally, fail on CI
    if os.environ.get("CI") == "true":
        raise
    pytest.skip("the playwright package is not installed", allow_module_level=True)

SLOW = 30_000  # ms: a page's first run on a fresh server reads and caches the database
TITLE = "Chief+Security+Officer"  # City of Los Angeles: $55,227-$80,763 a year, no pay schedule


@pytest.fixture(scope="module")
def steward_app(demo_db_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The app over a demo database of this module's own (its corrections stay here)."""
    folder = tmp_path_factory.mktemp("steward-app")
    with serve_app(demo_db_copy(demo_db_template, folder), folder) as base_url:
        yield base_url


def _enter(page, label: str, text: str) -> None:
    field = page.get_by_label(label, exact=True)
    field.fill(text)
    field.press("Enter")


def test_a_salary_corrected_on_the_catalog_is_the_salary_the_pay_page_uses(chromium, steward_app):
    with fresh_tab(chromium, steward_app) as page:
        page.goto(f"/pay?title={TITLE}")
        expect(page.get_by_label("Salary to compare")).to_have_attribute("placeholder", "year 1: $55,227",
                                                                        timeout=SLOW)

        page.goto(f"/catalog?title={TITLE}")
        expect(page.get_by_role("heading", name="Chief Security Officer")).to_be_visible(timeout=SLOW)
        page.get_by_text("Correct a fact", exact=True).click()
        fact = page.get_by_role("combobox", name="Fact", exact=True)
        expect(fact).to_be_visible(timeout=SLOW)
        fact.click()  # opens the list of options
        expect(page.get_by_role("option").first).to_be_visible(timeout=SLOW)
        fact.fill("Salary: minimum")  # typing filters the options; Enter picks the one left
        expect(page.get_by_role("option")).to_have_count(1, timeout=SLOW)
        fact.press("Enter")
        expect(fact).to_have_value("Salary: minimum", timeout=SLOW)
        expect(page.get_by_label("Salary range number", exact=True)).to_have_value("1", timeout=SLOW)
        _enter(page, "Right value", "60000")
        _enter(page, "Reason", "the 2026 bulletin raised the entry salary")
        page.get_by_role("button", name="Save correction").click()

        expect(page.get_by_test_id("stAlertContentSuccess")).to_contain_text("Corrected salary: minimum", timeout=SLOW)
        expect(page.get_by_text("corrected: salary_min was 55227.00, now 60000.00").first).to_be_visible(timeout=SLOW)

        page.goto(f"/pay?title={TITLE}")
        expect(page.get_by_label("Salary to compare")).to_have_attribute("placeholder", "year 1: $60,000",
                                                                        timeout=SLOW)
        expect(page.get_by_test_id("stException")).to_have_count(0)


def test_the_review_page_keeps_its_filters_in_the_link(chromium, steward_app):
    with fresh_tab(chromium, steward_app) as page:
        page.goto("/review?kind=requirements")

        expect(page.get_by_role("heading", name="Review")).to_be_visible()
        expect(page.get_by_test_id("stDataFrame")).to_be_visible(timeout=SLOW)
        search = page.get_by_role("textbox", name="Search")
        search.fill("custodian")
        search.press("Enter")
        expect(page).to_have_url(re.compile(r"/review\?kind=requirements&q=custodian$"), timeout=SLOW)
        expect(page.get_by_test_id("stException")).to_have_count(0)
