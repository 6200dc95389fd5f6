"""Several processes on one database, with real app processes (`streamlit run`) and Chromium: the command line
beside the dashboard, a write that meets a held file, and two dashboards sharing saved scenarios."""

from __future__ import annotations

import contextlib
import json
import os
import re
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import demo_db_copy, fresh_tab, serve_app
from tests.paths import REPO_ROOT

try:
    from playwright.sync_api import expect
except ImportError:  # the `chromium` fixture decides: skip locally, fail on CI
    if os.environ.get("CI") == "true":
        raise
    pytest.skip("the playwright package is not installed", allow_module_level=True)

LADDER_LINK = "/ladder?title=Immigrant+Workers+Specialist+1&years=3&education=master"
IWS2 = "Immigrant Workers Specialist 2"
WAIT_MS = 60_000  # a cold server computes its first ladder and its first scenario before showing them
# The bounded wait of an open (analytics.db.BUSY_WAIT_SECONDS, 5 s) plus a Python start that imports Polars and
# DuckDB (about 2 s here, more on a loaded machine).
CLI_SECONDS = 15


@pytest.fixture(scope="module")
def shared_db(demo_db_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One database file that every process of this module opens."""
    return demo_db_copy(demo_db_template, tmp_path_factory.mktemp("shared-db"))


@pytest.fixture(scope="module")
def first_app(shared_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with serve_app(shared_db, tmp_path_factory.mktemp("first-app")) as base_url:
        yield base_url


@pytest.fixture(scope="module")
def second_app(shared_db: Path, first_app: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A second dashboard process on the same file, started while the first one runs."""
    with serve_app(shared_db, tmp_path_factory.mktemp("second-app")) as base_url:
        yield base_url


def cli(*args: str) -> tuple[subprocess.CompletedProcess, float]:
    """Run `python -m <args>` from the repository; return the result and its wall time in seconds."""
    started = time.monotonic()
    result = subprocess.run([sys.executable, "-m", *args], capture_output=True, text=True, cwd=REPO_ROOT,
                            env={**os.environ, "PYTHONPATH": str(REPO_ROOT)}, timeout=120, check=False)
    return result, time.monotonic() - started


def eligibility_row(tab, title: str):
    table = tab.get_by_test_id("stTable")
    return table.locator("tr").filter(has=tab.get_by_role("cell", name=title, exact=True))


def show_ladder(tab) -> None:
    tab.goto(LADDER_LINK)
    expect(eligibility_row(tab, IWS2)).to_contain_text("Eligible now", timeout=WAIT_MS)
    expect(tab.get_by_test_id("stException")).to_have_count(0)


def fiscal_year_table(tab):
    return tab.get_by_test_id("stTable").filter(has_text="Fiscal year")


def data_version(tab) -> str:
    caption = tab.get_by_test_id("stSidebar").get_by_text(re.compile(r"^Data version"))
    expect(caption).to_be_visible(timeout=WAIT_MS)
    return caption.inner_text().removeprefix("Data version").strip()


@contextlib.contextmanager
def held_for_writing(database: Path) -> Iterator[None]:
    """Another program holding the file read-write (as a long command-line load does) while the block runs."""
    holder = subprocess.Popen(
        [sys.executable, "-c", "import duckdb, sys, time; con = duckdb.connect(sys.argv[1]); print('held', flush=True); "
         "time.sleep(120)", str(database)], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "held"
        yield
    finally:
        holder.kill()
        holder.wait()


def test_the_ladder_command_answers_while_the_app_serves_the_ladder(chromium, first_app, shared_db):
    with fresh_tab(chromium, first_app) as tab:
        show_ladder(tab)

        result, seconds = cli("analytics", "ladder", "--title", "Immigrant Workers Specialist 1", "--years", "3",
                              "--education", "master", "--db", str(shared_db), "--json")

        assert result.returncode == 0, result.stderr
        report = json.loads(result.stdout)
        assert report["title"] == "Immigrant Workers Specialist 1"
        assert IWS2 in [t["title"] for t in report["targets"]]
        assert seconds < CLI_SECONDS
        # The page still reads the file after the command: a new view is computed, not only a cached one.
        years = tab.get_by_role("spinbutton", name="Years of experience", exact=True)
        years.fill("1")
        years.press("Enter")
        expect(eligibility_row(tab, IWS2)).to_contain_text("In 2 years", timeout=WAIT_MS)
        expect(tab.get_by_test_id("stException")).to_have_count(0)


def test_a_roster_load_while_the_app_runs_completes_and_the_app_shows_the_new_data(chromium, first_app,
                                                                                  shared_db, tmp_path):
    lines = (REPO_ROOT / "data" / "demo" / "roster.csv").read_text(encoding="utf-8").splitlines()
    roster = tmp_path / "first-hundred.csv"
    roster.write_text("\n".join(lines[:101]) + "\n", encoding="utf-8")
    with fresh_tab(chromium, first_app) as tab:
        tab.goto("/")
        before = data_version(tab)

        result, seconds = cli("analytics.ingest", "roster", str(roster), "--db", str(shared_db))

        assert result.returncode == 0, result.stderr
        assert "loaded (100 positions)" in result.stdout
        assert seconds < CLI_SECONDS
        tab.reload()  # the dashboard sees another process's write on its next run (the file's stamp changed)
        expect(tab.get_by_test_id("stSidebar").get_by_text(re.compile(r"^Data version"))).not_to_contain_text(
            before, timeout=WAIT_MS)
        expect(tab.get_by_test_id("stException")).to_have_count(0)


def test_a_write_while_another_program_holds_the_file_fails_within_seconds_with_one_line(first_app, shared_db,
                                                                                        tmp_path):
    roster = tmp_path / "roster.csv"
    roster.write_text((REPO_ROOT / "data" / "demo" / "roster.csv").read_text(encoding="utf-8"), encoding="utf-8")

    with held_for_writing(shared_db):
        result, seconds = cli("analytics.ingest", "roster", str(roster), "--db", str(shared_db))

    assert result.returncode == 1
    assert seconds < CLI_SECONDS
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    assert f"{shared_db} is open in another process" in result.stderr and "try again" in result.stderr


def test_a_save_while_another_program_holds_the_file_says_so_on_the_page(chromium, first_app, shared_db):
    with fresh_tab(chromium, first_app) as tab:
        tab.goto("/costs")
        expect(fiscal_year_table(tab)).to_contain_text("FY20", timeout=WAIT_MS)

        with held_for_writing(shared_db):
            tab.get_by_role("button", name="Save & share").click()
            refusal = tab.get_by_test_id("stAlertContentError").filter(has_text="The scenario was not saved")
            expect(refusal).to_contain_text("The database is busy", timeout=WAIT_MS)

        assert str(shared_db.parent) not in refusal.inner_text()
        expect(tab.get_by_test_id("stException")).to_have_count(0)
        assert "scenario=" not in tab.url


def test_two_dashboards_on_one_database_serve_every_page_and_share_saved_scenarios(chromium, first_app, second_app):
    for base_url in (first_app, second_app):
        with fresh_tab(chromium, base_url) as tab:
            show_ladder(tab)
            tab.goto("/costs")
            expect(fiscal_year_table(tab)).to_contain_text("FY20", timeout=WAIT_MS)
            expect(tab.get_by_test_id("stException")).to_have_count(0)

    with fresh_tab(chromium, first_app) as tab:
        tab.goto("/costs")
        expect(fiscal_year_table(tab)).to_contain_text("FY20", timeout=WAIT_MS)
        totals = fiscal_year_table(tab).inner_text()
        tab.get_by_role("button", name="Save & share").click()
        expect(tab).to_have_url(re.compile(r"[?&]scenario=[0-9a-f]{16}(&|$)"), timeout=WAIT_MS)
        saved_path = tab.url.removeprefix(first_app)

    with fresh_tab(chromium, second_app) as other:
        other.goto(saved_path)
        expect(fiscal_year_table(other)).to_have_text(totals, use_inner_text=True, timeout=WAIT_MS)
        expect(other.get_by_test_id("stAlertContentWarning")).to_have_count(0)
        expect(other.get_by_test_id("stException")).to_have_count(0)
