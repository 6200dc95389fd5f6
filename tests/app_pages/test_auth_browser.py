"""Login in a real headless Chromium: a shared link asks for the login and then shows its view; a viewer is
refused a steward's page."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from analytics.users import STEWARD, VIEWER
from tests.analytics.test_users import PASSWORD, write_users
from tests.conftest import demo_db_copy, serve_app

try:
    from playwright.sync_api import expect
except ImportError:  # the `chromium` fixture decides: skip locally, fail on CI
    if os.environ.get("CI") == "true":
        raise
    pytest.skip("the playwright package is not installed", allow_module_level=True)

WAIT_MS = 30_000
LINK = "/ladder?title=Immigrant+Workers+Specialist+1&years=3&education=master"


@pytest.fixture(scope="module")
def login_server(demo_db_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    folder = tmp_path_factory.mktemp("login-server")
    users = write_users(folder / "users.toml", vera=VIEWER, stew=STEWARD)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("LADDER_USERS", str(users))
        with serve_app(demo_db_copy(demo_db_template, folder), folder) as base_url:
            yield base_url


def _sign_in(tab, login: str) -> None:
    tab.get_by_role("textbox", name="User name").fill(login)
    tab.get_by_role("textbox", name="Password").fill(PASSWORD)
    tab.get_by_role("button", name="Sign in").click()


def test_a_link_asks_for_the_login_then_opens_its_view(chromium, login_server):
    context = chromium.new_context(viewport={"width": 1400, "height": 1000}, base_url=login_server)
    try:
        tab = context.new_page()
        tab.goto(LINK)
        expect(tab.get_by_role("heading", name="Sign in")).to_be_visible(timeout=WAIT_MS)
        expect(tab.get_by_text("Ladder", exact=True)).to_have_count(0)

        _sign_in(tab, "vera")

        expect(tab.get_by_role("heading", name="Immigrant Workers Specialist 1")).to_be_visible(timeout=WAIT_MS)
        assert "title=Immigrant+Workers+Specialist+1" in tab.url
        expect(tab.get_by_test_id("stException")).to_have_count(0)
    finally:
        context.close()


def test_a_viewer_is_refused_the_ingest_uploads(chromium, login_server):
    context = chromium.new_context(viewport={"width": 1400, "height": 1000}, base_url=login_server)
    try:
        tab = context.new_page()
        tab.goto("/ingest")
        _sign_in(tab, "vera")

        expect(tab.get_by_text("needs the steward role")).to_be_visible(timeout=WAIT_MS)
        expect(tab.get_by_test_id("stFileUploader")).to_have_count(0)
    finally:
        context.close()
