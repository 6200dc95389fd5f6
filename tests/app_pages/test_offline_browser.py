"""The app in a real headless Chromium never reaches outside its own server (the product runs offline).

Every request the browser makes is routed: one to any host other than the app's own loopback server is
aborted and recorded (favicons, fonts, emoji images, chart assets, usage statistics, anything), and each
page must finish rendering with none recorded.
"""

from __future__ import annotations

import os
from urllib.parse import urlsplit

import pytest

from app_pages.shared.url_state import available_pages

try:
    from playwright.sync_api import expect
except ImportError:  # the `chromium` fixture decides: skip locally, fail on CI
    if os.environ.get("CI") == "true":
        raise
    pytest.skip("the playwright package is not installed", allow_module_level=True)

OWN_HOSTS = frozenset({"127.0.0.1", "localhost"})
# url_path -> the page's st.title (its h1), shown once the page has rendered.
PAGE_TITLES = {
    "": "Career ladders and workforce planning",
    "catalog": "Catalog",
    "ingest": "Ingest",
    "review": "Review",
    "audit": "Audit trail",
    "ladder": "Ladder explorer",
    "pay": "Pay progression",
    "costs": "Staffing costs",
    "workforce": "Workforce projection",
}
# Views beyond the bare pages: a chosen title draws the detail, the ladder graph and the pay charts.
TITLE = "Immigrant+Workers+Specialist+2"
DEEPER_VIEWS = [(f"catalog?title={TITLE}", "Catalog"), (f"ladder?title={TITLE}", "Ladder explorer"),
                (f"pay?title={TITLE}", "Pay progression")]


def _views() -> list[tuple[str, str]]:
    return [(p.url_path, PAGE_TITLES[p.url_path]) for p in available_pages()] + DEEPER_VIEWS


def test_every_page_of_the_menu_has_a_view_here():
    assert {p.url_path for p in available_pages()} <= set(PAGE_TITLES)


def test_no_page_requests_anything_but_the_app_server(browser_page, app_server):
    assert urlsplit(app_server).hostname in OWN_HOSTS
    outside: list[str] = []

    def only_own_server(route, request):
        if request.url.startswith(("data:", "blob:")) or urlsplit(request.url).hostname in OWN_HOSTS:
            route.continue_()
        else:
            outside.append(f"{request.resource_type} {request.url}")
            route.abort()

    browser_page.context.route("**/*", only_own_server)
    app = browser_page.get_by_test_id("stApp")
    by_view: dict[str, list[str]] = {}
    for path, title in _views():
        before = len(outside)
        browser_page.goto(f"/{path}")
        expect(browser_page.get_by_role("heading", level=1, name=title)).to_be_visible()
        expect(app).to_have_attribute("data-test-script-state", "notRunning")
        browser_page.wait_for_load_state("networkidle")
        if len(outside) > before:
            by_view[f"/{path}"] = outside[before:]

    assert not outside, f"requests to other hosts, by page: {by_view}"
