"""The app in a real headless Chromium: a shared catalog link opens the title it names."""

from __future__ import annotations

import os
import re

import pytest

try:
    from playwright.sync_api import expect
except ImportError:  # the `chromium` fixture decides: skip locally, fail on CI
    if os.environ.get("CI") == "true":
        raise
    pytest.skip("the playwright package is not installed", allow_module_level=True)


def test_catalog_link_opens_the_title_with_its_class_code_and_grade(browser_page):
    browser_page.goto("/catalog?title=Immigrant+Workers+Specialist+2")

    expect(browser_page.get_by_role("heading", name="Immigrant Workers Specialist 2")).to_be_visible()
    metrics = browser_page.get_by_test_id("stMetric")
    expect(metrics.filter(has_text="Class code")).to_contain_text("8418200")
    expect(metrics.filter(has_text="Grade")).to_contain_text("23")
    expect(browser_page.get_by_test_id("stException")).to_have_count(0)
    expect(browser_page).to_have_url(re.compile(r"/catalog\?title=Immigrant\+Workers\+Specialist\+2$"))


def test_catalog_link_with_an_unknown_title_shows_a_notice(browser_page):
    browser_page.goto("/catalog?title=No+Such+Title")

    expect(browser_page.get_by_test_id("stAlertContentWarning")).to_contain_text("No Such Title")
    expect(browser_page.get_by_test_id("stMetric")).to_have_count(0)
