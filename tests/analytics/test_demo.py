"""The demo database: built from the bundled inputs when missing or empty, left alone otherwise, never half-built."""

from __future__ import annotations

import duckdb
import pytest

from analytics import db, demo
from analytics.demo import DEMO_SPECS, ensure_demo_database

N_BUNDLED_SPECS = 32  # 5 seeds, 9 CalHR, 12 LA City, 6 NEOGOV


def counts(path) -> dict[str, int]:
    con = duckdb.connect(str(path), read_only=True)
    try:
        tables = ("documents", "job_classes", "pay_schedules", "ingest_rejects", "rosters")
        # Test-only reads; the table names are the constants above.
        return {t: con.execute(f"SELECT count(*) FROM {t}").fetchall()[0][0] for t in tables}
    finally:
        con.close()


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    path = tmp_path_factory.mktemp("demo") / "ladder.duckdb"
    return ensure_demo_database(path), path


def test_bundled_specs_are_in_their_subfolders():
    folders = {p.parent.name for p in DEMO_SPECS.rglob("*.txt")}

    assert folders == {"seeds", "calhr", "la_city", "neogov"}
    assert len(list(DEMO_SPECS.rglob("*.txt"))) == N_BUNDLED_SPECS
    assert (DEMO_SPECS / "manifest.csv").is_file()


def test_builds_every_bundled_input(built):
    returned, path = built

    got = counts(path)

    assert returned == path
    assert got["documents"] == N_BUNDLED_SPECS
    assert got["job_classes"] > N_BUNDLED_SPECS
    assert got["pay_schedules"] > 0
    assert got["ingest_rejects"] == 0
    assert got["rosters"] == (1 if demo.DEMO_ROSTER.is_file() else 0)
    assert [p.name for p in path.parent.iterdir()] == [path.name]  # no temporary file left behind


def test_a_second_call_is_a_no_op(built):
    _, path = built
    before = path.stat()

    assert ensure_demo_database(path) == path

    after = path.stat()
    assert (after.st_mtime_ns, after.st_size, after.st_ino) == (before.st_mtime_ns, before.st_size, before.st_ino)


def test_a_database_without_documents_is_rebuilt(tmp_path):
    path = tmp_path / "empty.duckdb"
    db.connect(path).close()

    ensure_demo_database(path)

    assert counts(path)["documents"] == N_BUNDLED_SPECS


def test_a_failed_build_leaves_no_database(tmp_path, monkeypatch):
    def broken(con):
        raise ValueError("pay schedule file is damaged")

    monkeypatch.setattr(demo, "load_demo_pay_schedules", broken)
    path = tmp_path / "ladder.duckdb"

    with pytest.raises(ValueError, match="damaged"):
        ensure_demo_database(path)

    assert list(tmp_path.iterdir()) == []


def test_path_defaults_to_ladder_db(tmp_path, monkeypatch):
    monkeypatch.setenv("LADDER_DB", str(tmp_path / "env.duckdb"))
    monkeypatch.setattr(demo, "build_demo_database", lambda path: db.connect(path).close() or demo.LoadSummary())

    assert ensure_demo_database() == tmp_path / "env.duckdb"
    assert (tmp_path / "env.duckdb").is_file()


def test_demo_command_keeps_a_built_database(built):
    import subprocess
    import sys

    _, path = built

    result = subprocess.run([sys.executable, "-m", "analytics.ingest", "demo", "--db", str(path)],
                            cwd=db.REPO_ROOT, capture_output=True, text=True, timeout=120)

    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(f"demo database ready: {path} (")
