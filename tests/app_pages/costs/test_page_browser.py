"""The Staffing costs page in a real headless Chromium: a saved scenario's share link shows the same totals elsewhere."""

from __future__ import annotations

import datetime as dt
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

WAIT_MS = 60_000  # the first scenario of a cold server is computed before anything is shown
TODAY = dt.date.today()
FIRST_FY = TODAY.year + (1 if TODAY.month >= 7 else 0)  # the builder's window starts with the current fiscal year
ALBANY = "Immigrant Workers Services - Albany"


def fiscal_year_table(tab):
    """The fiscal-year totals table (the page's only st.table): one row per fiscal year, costs to the cent."""
    return tab.get_by_test_id("stTable").filter(has_text="Fiscal year")


def test_saved_scenario_opens_with_the_same_totals_in_a_fresh_browser(chromium, app_server):
    with fresh_tab(chromium, app_server) as tab:
        tab.set_default_timeout(WAIT_MS)
        tab.goto("/costs")
        expect(fiscal_year_table(tab)).to_contain_text(f"FY{FIRST_FY}", timeout=WAIT_MS)
        expect(tab.get_by_test_id("stException")).to_have_count(0)
        expect(tab.get_by_test_id("stMetric")).to_have_count(3)
        totals = fiscal_year_table(tab).inner_text()
        metrics = [m.inner_text() for m in tab.get_by_test_id("stMetric").all()]

        tab.get_by_role("button", name="Save & share").click()

        expect(tab).to_have_url(re.compile(r"[?&]scenario=[0-9a-f]{16}(&|$)"), timeout=WAIT_MS)
        link_block = tab.get_by_test_id("stCode").filter(has_text="scenario=")
        expect(link_block).to_be_visible(timeout=WAIT_MS)
        shared_url = link_block.inner_text().strip()
        saved_id = re.search(r"scenario=([0-9a-f]{16})", tab.url).group(1)
        assert shared_url.startswith(app_server) and f"scenario={saved_id}" in shared_url
        expect(fiscal_year_table(tab)).to_have_text(totals, use_inner_text=True)

    with fresh_tab(chromium, app_server) as other:
        other.set_default_timeout(WAIT_MS)
        other.goto(shared_url)
        expect(fiscal_year_table(other)).to_have_text(totals, use_inner_text=True, timeout=WAIT_MS)
        expect(other.get_by_test_id("stMetric")).to_have_text(metrics, use_inner_text=True)
        expect(other.get_by_test_id("stException")).to_have_count(0)
        expect(other.get_by_test_id("stAlertContentWarning")).to_have_count(0)
        expect(other).to_have_url(re.compile(rf"scenario={saved_id}"))


def test_a_scoped_what_if_link_opens_with_the_same_totals_before_any_save(chromium, app_server):
    with fresh_tab(chromium, app_server) as tab:
        tab.set_default_timeout(WAIT_MS)
        tab.goto("/costs")
        expect(fiscal_year_table(tab)).to_contain_text(f"FY{FIRST_FY}", timeout=WAIT_MS)
        whole = fiscal_year_table(tab).inner_text()

        units = tab.get_by_test_id("stMultiSelect").filter(has_text="Units")
        units.click()
        tab.keyboard.type("Albany")
        tab.keyboard.press("Enter")
        tab.keyboard.press("Escape")
        expect(tab).to_have_url(re.compile(r"[?&]units=Immigrant"), timeout=WAIT_MS)
        expect(fiscal_year_table(tab)).not_to_have_text(whole, use_inner_text=True, timeout=WAIT_MS)
        fringe = tab.get_by_role("spinbutton", name="Fringe %")
        fringe.fill("45")
        tab.get_by_role("button", name="Compute").click()
        expect(tab).to_have_url(re.compile(r"[?&]fringe=45(&|$)"), timeout=WAIT_MS)
        expect(tab.get_by_test_id("stStatusWidget")).to_have_count(0, timeout=WAIT_MS)  # the run has finished
        scoped = fiscal_year_table(tab).inner_text()
        metrics = [m.inner_text() for m in tab.get_by_test_id("stMetric").all()]
        link = tab.get_by_test_id("stCode").filter(has_text="start=").inner_text().strip()
        assert link.startswith(app_server) and "scenario=" not in link and "units=" in link
        assert scoped != whole

    with fresh_tab(chromium, app_server) as other:
        other.set_default_timeout(WAIT_MS)
        other.goto(link)
        expect(fiscal_year_table(other)).to_have_text(scoped, use_inner_text=True, timeout=WAIT_MS)
        expect(other.get_by_test_id("stMetric")).to_have_text(metrics, use_inner_text=True)
        expect(other.get_by_test_id("stException")).to_have_count(0)
        expect(other.get_by_test_id("stAlertContentWarning")).to_have_count(0)
        expect(other.get_by_test_id("stMultiSelect").filter(has_text="Units")).to_contain_text(ALBANY)
        assert "scenario=" not in other.url
