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


def _choose_in_form(page, label: str, option: str) -> None:
    """Open the Catalog's correction form and pick `option` in its select box `label`. A run of the app that
    ends after a click draws the page again (the form closed): wait until the app is idle, and try again."""
    box = page.get_by_role("combobox", name=label, exact=True)
    for _ in range(5):
        expect(page.get_by_test_id("stStatusWidget")).to_have_count(0, timeout=SLOW)
        if not box.is_visible():
            page.get_by_text("Correct a fact", exact=True).click()
            continue
        box.click()
        box.fill(option)  # typing filters the options; Enter picks the one left
        try:
            expect(page.get_by_role("option", name=option, exact=True)).to_be_visible(timeout=5_000)
        except AssertionError:
            continue
        box.press("Enter")
        expect(box).to_have_value(option, timeout=SLOW)
        return
    pytest.fail(f"could not choose {option!r} in {label!r}")


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
        _choose_in_form(page, "Fact", "Salary: minimum")
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
