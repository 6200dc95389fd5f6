"""The Workforce projection page in a real headless Chromium: a saved projection's link shows the same numbers in a
fresh browser context."""

from __future__ import annotations

import os
import re

import pytest

from tests.conftest import fresh_tab

try:
    from playwright.sync_api import expect
except ImportError:  # the `chromium` fixture decides: skip locally, fail on CI
    if os.environ.get("CI") == "true":
        raise
    pytest.skip("the playwright package is not installed", allow_module_level=True)

WAIT_MS = 60_000  # a cold server estimates the matrix and simulates before anything is shown
TABLE_LABEL = "Headcount by state and year"


def headcount_table(tab):
    """Open the headcount expander and return its table (expected, and the 5th–95th percentile, by year)."""
    tab.get_by_test_id("stExpander").filter(has_text=TABLE_LABEL).locator("summary").click()
    table = tab.get_by_test_id("stTable").filter(has_text="Grade 18")
    expect(table).to_be_visible(timeout=WAIT_MS)
    return table


def shown_numbers(tab) -> tuple[list[str], str, str]:
    """The headline metrics, the headcount table and the cost table, as the page shows them."""
    expect(tab.get_by_test_id("stMetric")).to_have_count(5, timeout=WAIT_MS)
    metrics = [m.inner_text() for m in tab.get_by_test_id("stMetric").all()]
    cost = tab.get_by_test_id("stTable").filter(has_text="Cost").inner_text()
    return metrics, headcount_table(tab).inner_text(), cost


def test_a_saved_projection_opens_with_the_same_numbers_in_a_fresh_browser(chromium, app_server):
    with fresh_tab(chromium, app_server) as tab:
        tab.set_default_timeout(WAIT_MS)
        tab.goto("/workforce?years=6&seed=5")
        expect(tab.get_by_text("Expected 2031")).to_be_visible(timeout=WAIT_MS)
        expect(tab.get_by_test_id("stException")).to_have_count(0)
        numbers = shown_numbers(tab)

        tab.get_by_role("button", name="Save & share").click()

        expect(tab).to_have_url(re.compile(r"[?&]projection=[0-9a-f]{16}(&|$)"), timeout=WAIT_MS)
        saved_id = re.search(r"projection=([0-9a-f]{16})", tab.url).group(1)
        link_block = tab.get_by_test_id("stCode").filter(has_text="projection=")
        expect(link_block).to_be_visible(timeout=WAIT_MS)
        shared_url = link_block.inner_text().strip()
        assert shared_url.startswith(app_server) and f"projection={saved_id}" in shared_url
        assert "years=6" in shared_url and "seed=5" in shared_url

    with fresh_tab(chromium, app_server) as other:
        other.set_default_timeout(WAIT_MS)
        other.goto(shared_url)
        expect(other.get_by_text(f"Saved projection {saved_id}", exact=False)).to_be_visible(timeout=WAIT_MS)
        assert shown_numbers(other) == numbers
        expect(other.get_by_test_id("stException")).to_have_count(0)
        expect(other.get_by_test_id("stAlertContentWarning")).to_have_count(0)
        expect(other).to_have_url(re.compile(rf"projection={saved_id}"))
