"""The entry point (app.py) under AppTest: the sidebar names the database without its path; a busy database waits."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from streamlit.testing.v1 import AppTest

from tests.conftest import demo_db_copy
from tests.paths import REPO_ROOT


def _app() -> AppTest:
    return AppTest.from_file(str(REPO_ROOT / "app.py"), default_timeout=60)


def test_the_sidebar_names_the_database_file_but_not_its_path_on_the_server(private_db: Path):
    at = _app().run()

    assert not at.exception
    sidebar = " ".join(c.value for c in at.sidebar.caption) + " ".join(c.value for c in at.sidebar.code)
    assert "ladder.duckdb" in sidebar
    assert str(private_db.parent) not in sidebar
    assert not at.sidebar.code  # no path block


def test_a_database_held_by_a_command_line_load_is_waited_for_not_a_traceback(demo_db_template, tmp_path,
                                                                               monkeypatch):
    folder = tmp_path / "busy"
    folder.mkdir()
    database = demo_db_copy(demo_db_template, folder)
    monkeypatch.setenv("LADDER_DB", str(database))
    holder = subprocess.Popen(
        [sys.executable, "-c", "import duckdb, sys, time; con = duckdb.connect(sys.argv[1]); print('held', flush=True); "
         "time.sleep(60)", str(database)], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "held"
        busy = _app().run()
    finally:
        holder.kill()
        holder.wait()
    free = _app().run()

    assert not busy.exception and not busy.error
    notice = busy.warning[0].value
    assert "a load is running in another program" in notice and "opens by itself" in notice
    assert str(database) not in notice and "LADDER_DB" not in notice
    assert not free.exception and not free.warning
    assert free.title[0].value == "Career ladders and workforce planning"
