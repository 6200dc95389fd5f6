"""Shared fixtures: a demo database built once per session, the app served on loopback, headless Chromium."""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from analytics.demo import ensure_demo_database

REPO_ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]
SERVER_START_SECONDS = 60


@pytest.fixture(scope="session")
def demo_db_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo database, built once per session; copy it (`demo_db_copy`) rather than open it."""
    return ensure_demo_database(tmp_path_factory.mktemp("demo-template") / "ladder.duckdb")


def demo_db_copy(template: Path, folder: Path) -> Path:
    """Return a private copy of the demo database in `folder` (DuckDB files are locked per process)."""
    target = folder / "ladder.duckdb"
    shutil.copyfile(template, target)
    return target


@pytest.fixture(scope="session")
def demo_db(demo_db_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo database the in-process AppTests share (each test sets LADDER_DB to it via `ladder_db`)."""
    return demo_db_copy(demo_db_template, tmp_path_factory.mktemp("apptest-db"))


@pytest.fixture()
def ladder_db(demo_db: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point the app at the shared demo database for one test."""
    monkeypatch.setenv("LADDER_DB", str(demo_db))
    return demo_db


@pytest.fixture()
def private_db(demo_db_template: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A demo database of this test's own (for tests that load into it), with LADDER_DB pointing at it."""
    path = demo_db_copy(demo_db_template, tmp_path)
    monkeypatch.setenv("LADDER_DB", str(path))
    return path


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_until_healthy(base_url: str, server: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + SERVER_START_SECONDS
    while time.monotonic() < deadline:
        if server.poll() is not None:
            pytest.fail(f"streamlit exited with code {server.returncode}:\n{log.read_text(errors='replace')}")
        try:
            with urllib.request.urlopen(f"{base_url}/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, OSError):
            pass
        time.sleep(0.25)  # polling a port that is not open yet; not a wait for the page itself
    pytest.fail(f"streamlit did not answer on {base_url} within {SERVER_START_SECONDS}s:\n"
                f"{log.read_text(errors='replace')}")


@contextlib.contextmanager
def serve_app(database: Path, folder: Path) -> Iterator[str]:
    """Serve app.py with `streamlit run` on a free loopback port over `database`; yield its base URL."""
    port = _free_port()
    log = folder / "streamlit.log"
    env = {**os.environ, "LADDER_DB": str(database)}
    command = [sys.executable, "-m", "streamlit", "run", "app.py", "--server.headless", "true",
               "--server.port", str(port), "--server.address", "127.0.0.1",
               "--server.fileWatcherType", "none", "--browser.gatherUsageStats", "false"]
    with log.open("wb") as out:
        server = subprocess.Popen(command, cwd=REPO_ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
    base_url = f"http://127.0.0.1:{port}"
    try:
        _wait_until_healthy(base_url, server, log)
        yield base_url
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait(timeout=10)


@pytest.fixture(scope="session")
def app_server(demo_db_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Serve app.py on a free loopback port over a private demo copy; yield its base URL."""
    folder = tmp_path_factory.mktemp("app-server")
    with serve_app(demo_db_copy(demo_db_template, folder), folder) as base_url:
        yield base_url


def require_chromium() -> None:
    """Skip the test when /usr/bin/chromium or Playwright is missing, except on CI (CI=true), where it fails."""
    problem = None
    if not CHROMIUM.is_file():
        problem = f"{CHROMIUM} is not installed"
    else:
        try:
            import playwright.sync_api  # noqa: F401
        except ImportError:
            problem = "the playwright package is not installed"
    if problem:
        if os.environ.get("CI") == "true":
            pytest.fail(f"browser tests need Chromium on CI: {problem}")
        pytest.skip(problem)


@pytest.fixture(scope="session")
def chromium() -> Iterator[object]:
    """Headless Debian Chromium driven by Playwright (never a downloaded browser).

    Without /usr/bin/chromium (or Playwright) the browser tests are skipped, except on CI
    (CI=true), where a missing browser fails them.
    """
    require_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


@contextlib.contextmanager
def fresh_tab(chromium, base_url: str) -> Iterator[object]:
    """A page (1400x1000) in a fresh browser context whose base URL is `base_url`; closed afterwards."""
    context = chromium.new_context(viewport={"width": 1400, "height": 1000}, base_url=base_url)
    tab = context.new_page()
    tab.set_default_timeout(30_000)
    try:
        yield tab
    finally:
        context.close()


@pytest.fixture()
def browser_page(chromium, app_server: str):
    """A fresh browser page for one test; its base URL is the app server's."""
    with fresh_tab(chromium, app_server) as tab:
        yield tab
