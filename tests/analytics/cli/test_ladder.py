"""The `ladder` command on a real DuckDB file holding rows that mirror the seed documents."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path

import duckdb
import polars as pl
import pytest

from analytics import db
from analytics.__main__ import main as cli
from tests.paths import REPO_ROOT

NYS = "new-york-state"
CT = "state-of-connecticut"
IWS, ICS, ECM, CTR = "iws0000000000001", "ics0000000000002", "ecm0000000000003", "ctr0000000000004"


def _insert(con, table: str, rows: dict[str, list]) -> None:
    con.register("fixture_rows", pl.DataFrame(rows))
    con.execute(f"INSERT INTO {table} BY NAME SELECT * FROM fixture_rows")
    con.unregister("fixture_rows")


def _classes() -> dict[str, list]:
    titles = [
        (f"{IWS}:0", IWS, NYS, "s-iws", "Immigrant Workers Specialist 1", "8418100", 1, "18"),
        (f"{IWS}:1", IWS, NYS, "s-iws", "Immigrant Workers Specialist 2", "8418200", 2, "23"),
        (f"{IWS}:2", IWS, NYS, "s-iws", "Director Immigrant Workers Services", "8418300", 3, "M-3"),
        (f"{ICS}:0", ICS, NYS, "s-ics", "Immigrant Community Specialist 1", "8160100", 1, "18"),
        (f"{ICS}:1", ICS, NYS, "s-ics", "Immigrant Community Specialist 2", "8160200", 2, "23"),
        (f"{ICS}:2", ICS, NYS, "s-ics", "Immigrant Community Specialist 3", "8160300", 3, "27"),
        (f"{ECM}:0", ECM, None, None, "Employment Case Manager", None, None, None),
        (f"{CTR}:0", CTR, CT, None, "Labor Department Community Services Representative", "5246", None, "SH 17"),
    ]
    cols = ["class_id", "document_id", "jurisdiction_id", "series_id", "title", "class_code", "level_in_series", "grade"]
    rows = {c: [t[i] for t in titles] for i, c in enumerate(cols)}
    rows["title_key"] = [t.lower() for t in rows["title"]]
    return rows


def _edges() -> dict[str, list]:
    stated = [
        (IWS, "Immigrant Workers Specialist 1", "Immigrant Workers Specialist 2", f"{IWS}:0", f"{IWS}:1", "series", None),
        (IWS, "Immigrant Workers Specialist 2", "Director Immigrant Workers Services", f"{IWS}:1", f"{IWS}:2", "series", None),
        (IWS, "Immigrant Workers Specialist 1", "Immigrant Workers Specialist 2", f"{IWS}:0", f"{IWS}:1", "supervision", None),
        (IWS, "Immigrant Workers Specialist 1", "Immigrant Community Specialist", f"{IWS}:0", None, "related", None),
        (IWS, "Immigrant Workers Specialist 1", "Community Interpretation Program Specialist", f"{IWS}:0", None, "related", None),
        (ICS, "Immigrant Community Specialist 1", "Immigrant Community Specialist 2", f"{ICS}:0", f"{ICS}:1", "series", None),
        (ICS, "Immigrant Community Specialist 2", "Immigrant Community Specialist 3", f"{ICS}:1", f"{ICS}:2", "series", None),
        (ICS, "Immigrant Community Specialist 1", "Immigrant Workers Specialist", f"{ICS}:0", None, "related", None),
        (ECM, "Senior Social Services Worker", "Employment Case Manager", None, f"{ECM}:0", "promotional_line", 1.0),
        (ECM, "Social Services Worker", "Employment Case Manager", None, f"{ECM}:0", "promotional_line", 3.0),
        (ECM, "Employment Case Manager", "Senior Employment Case Manager", f"{ECM}:0", None, "supervision", None),
        (ECM, "Employment Case Manager", "Caseworker", f"{ECM}:0", None, "related", None),
        (CTR, "Social Services Trainee", "Labor Department Community Services Representative", None, f"{CTR}:0", "feeder", 2.0),
    ]
    cols = ["document_id", "from_title", "to_title", "from_class_id", "to_class_id", "kind", "years"]
    rows = {c: [e[i] for e in stated] for i, c in enumerate(cols)}
    rows["years"] = pl.Series(rows["years"], dtype=pl.Float64)
    rows["confidence"] = [1.0] * len(stated)
    return rows


def _requirements() -> tuple[dict[str, list], dict[str, list]]:
    paths = [
        (f"{IWS}:0", 1, "bachelor", 2.0), (f"{IWS}:1", 1, "bachelor", 4.0), (f"{IWS}:2", 1, "bachelor", 8.0),
        (f"{ICS}:0", 1, None, 6.0), (f"{ICS}:1", 1, None, 7.0), (f"{ICS}:2", 1, None, 8.0),
        (f"{ECM}:0", 1, "bachelor", 1.0), (f"{ECM}:0", 2, "associate", 3.0), (f"{ECM}:0", 3, "high_school", 5.0),
        (f"{CTR}:0", 1, None, 5.0),
    ]
    subs = [(f"{IWS}:{i}", edu, y) for i in range(3) for edu, y in (("master", 1.0), ("law", 2.0))]
    subs += [(f"{ICS}:{i}", edu, y) for i in range(3) for edu, y in (("bachelor", 4.0), ("master", 5.0))]
    subs += [(f"{CTR}:0", "bachelor", 4.0)]
    path_rows = {c: [p[i] for p in paths] for i, c in enumerate(["class_id", "path_order", "education", "experience_years"])}
    path_rows["document_id"] = [p[0].split(":")[0] for p in paths]
    sub_rows = {c: [s[i] for s in subs] for i, c in enumerate(["class_id", "education", "years"])}
    sub_rows["document_id"] = [s[0].split(":")[0] for s in subs]
    return path_rows, sub_rows


@pytest.fixture(scope="module")
def seeded_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("ladder") / "seeds.duckdb"
    con = db.connect(path)
    docs = [IWS, ICS, ECM, CTR]
    _insert(con, "documents", {
        "document_id": docs, "sha256": [d * 4 for d in docs], "file_name": [f"{d}.txt" for d in docs],
        "media_type": ["text/plain"] * 4, "jurisdiction_id": [NYS, NYS, None, CT], "full_text": ["..."] * 4,
        "n_chars": [3] * 4, "loaded_at": [dt.datetime(2025, 1, 1)] * 4,
    })
    _insert(con, "series", {
        "series_id": ["s-iws", "s-ics"], "jurisdiction_id": [NYS, NYS],
        "name": ["Immigrant Workers Specialist", "Immigrant Community Specialist"], "document_id": [IWS, ICS],
    })
    _insert(con, "job_classes", _classes())
    paths, subs = _requirements()
    _insert(con, "qualification_paths", paths)
    _insert(con, "substitutions", subs)
    _insert(con, "promotion_edges", _edges())
    con.close()
    return path


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = cli(["ladder", *argv])
    out, err = capsys.readouterr()
    return code, out, err


def _targets(out: str) -> dict[str, dict]:
    return {t["title"]: t for t in json.loads(out)["targets"]}


def test_workers_specialist_with_masters_json_shape_and_timeline(seeded_db, capsys):
    # Arrange
    argv = ["--title", "immigrant workers specialist 1", "--years", "3", "--education", "master"]

    # Act
    code, out, err = _run(capsys, *argv, "--as-of", "2025-01-15", "--db", str(seeded_db), "--json")

    # Assert
    report = json.loads(out)
    assert (code, err) == (0, "")
    assert list(report) == ["title", "targets", "lateral"]
    assert report["title"] == "Immigrant Workers Specialist 1"
    assert all(list(t) == ["title", "kind", "required_years", "years_to_eligible", "eligible_now",
                           "binding_constraint", "status"] for t in report["targets"])
    assert all(list(m) == ["title", "kind", "grade", "confidence"] for m in report["lateral"])
    targets = _targets(out)
    assert targets["Immigrant Workers Specialist 2"] == {
        "title": "Immigrant Workers Specialist 2", "kind": "series", "required_years": 3.0,
        "years_to_eligible": 0.0, "eligible_now": True,
        "binding_constraint": "needs 3 years of experience: 4 required, 1 credited for a master's",
        "status": "eligible now",
    }
    assert targets["Director Immigrant Workers Services"]["years_to_eligible"] == 4.0
    assert targets["Director Immigrant Workers Services"]["required_years"] == 7.0


def test_workers_specialist_lateral_moves_are_related_series_at_same_level(seeded_db, capsys):
    # Act
    code, out, _ = _run(capsys, "--title", "8418100", "--years", "3", "--education", "master",
                        "--db", str(seeded_db), "--json")

    # Assert
    assert code == 0
    assert json.loads(out)["lateral"] == [
        {"title": "Community Interpretation Program Specialist", "kind": "related", "grade": None, "confidence": 1.0},
        {"title": "Immigrant Community Specialist 1", "kind": "related", "grade": "18", "confidence": 0.9},
    ]


def test_community_specialist_with_bachelors(seeded_db, capsys):
    # Act
    code, out, _ = _run(capsys, "--title", "Immigrant Community Specialist 1", "--years", "1",
                        "--education", "bachelor", "--db", str(seeded_db), "--json")

    # Assert
    targets = _targets(out)
    assert code == 0
    assert targets["Immigrant Community Specialist 2"]["years_to_eligible"] == 2.0
    assert targets["Immigrant Community Specialist 3"]["years_to_eligible"] == 3.0


def test_named_title_without_a_class_starts_a_promotional_line(seeded_db, capsys):
    # Act
    code, out, _ = _run(capsys, "--title", "Social Services Worker", "--years", "2", "--years-in-title", "2",
                        "--education", "associate", "--db", str(seeded_db), "--json")

    # Assert
    report = json.loads(out)
    assert code == 0
    assert report["title"] == "Social Services Worker"
    assert report["targets"][0] == {
        "title": "Employment Case Manager", "kind": "promotional_line", "required_years": 3.0,
        "years_to_eligible": 1.0, "eligible_now": False,
        "binding_constraint": "needs 3 years as Social Services Worker", "status": "later",
    }


def test_text_output_without_json(seeded_db, capsys):
    # Act
    code, out, _ = _run(capsys, "--title", "Social Services Worker", "--years", "2", "--education", "associate",
                        "--db", str(seeded_db))

    # Assert
    assert code == 0
    assert "Employment Case Manager [promotional_line]: in 1 year - needs 3 years as Social Services Worker" in out


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--title", "Chief Wizard", "--years", "3", "--education", "master"], "unknown title 'Chief Wizard'"),
        (["--title", "8418100", "--years", "three", "--education", "master"], "--years must be a number"),
        (["--title", "8418100", "--years", "-1", "--education", "master"], "--years must be between 0 and 80"),
        (["--title", "8418100", "--years", "nan", "--education", "master"], "--years must be between 0 and 80"),
        (["--title", "8418100", "--years", "2", "--years-in-title", "5", "--education", "master"], "cannot exceed"),
        (["--title", "8418100", "--years", "2", "--education", "phd"], "--education must be one of"),
        (["--title", "8418100", "--years", "2", "--education", "master", "--as-of", "2025-13-01"], "--as-of must be"),
        (["--years", "2", "--education", "master"], "--title is required"),
        (["--title", "8418100", "--education", "master"], "--years is required"),
    ],
)
def test_bad_values_exit_2_with_one_line(seeded_db, capsys, argv, message):
    # Act
    code, out, err = _run(capsys, *argv, "--db", str(seeded_db), "--json")

    # Assert
    assert (code, out) == (2, "")
    assert message in err
    assert err.count("\n") == 1 and "Traceback" not in err


def test_missing_database_exits_2(tmp_path, capsys):
    # Act
    code, _, err = _run(capsys, "--title", "x", "--years", "1", "--education", "none",
                        "--db", str(tmp_path / "absent.duckdb"))

    # Assert
    assert code == 2
    assert err.startswith("ladder: error: database not found") and err.count("\n") == 1


def test_database_without_tables_exits_2(tmp_path, capsys):
    # Arrange
    empty = tmp_path / "empty.duckdb"
    duckdb.connect(str(empty)).close()

    # Act
    code, _, err = _run(capsys, "--title", "x", "--years", "1", "--education", "none", "--db", str(empty))

    # Assert
    assert code == 2
    assert err.startswith("ladder: error: cannot read the database") and err.count("\n") == 1


def test_module_entry_point_runs_and_rejects_unknown_options(seeded_db):
    # Arrange
    base = [sys.executable, "-m", "analytics", "ladder"]
    env = {**os.environ, "PYTHONPATH": str(REPO_ROOT)}

    # Act
    ok = subprocess.run([*base, "--title", "8160100", "--years", "1", "--education", "bachelor", "--db",
                         str(seeded_db), "--json"], check=False, capture_output=True, text=True, cwd=REPO_ROOT, env=env)
    bad = subprocess.run([*base, "--colour", "red"], check=False, capture_output=True, text=True, cwd=REPO_ROOT, env=env)

    # Assert
    assert ok.returncode == 0 and json.loads(ok.stdout)["title"] == "Immigrant Community Specialist 1"
    assert bad.returncode == 2 and bad.stderr.count("\n") == 1 and "Traceback" not in bad.stderr


def test_coursework_is_an_education_value(seeded_db, capsys):
    code, out, err = _run(capsys, "--title", "8418100", "--years", "2", "--education", "coursework",
                          "--db", str(seeded_db), "--json")

    assert (code, err) == (0, "")
    # Coursework is not a bachelor's: the series above Specialist 1 is not open to it.
    assert _targets(out)["Immigrant Workers Specialist 2"]["years_to_eligible"] is None


@pytest.mark.parametrize(("supervising", "years_to_director", "words"), [
    ("0", 2.0, "needs 2 years of supervisory experience (0 so far)"),
    ("2", 0.0, "needs 2 years of supervisory experience (2 so far)"),
])
def test_the_directors_two_years_supervising_are_a_minimum(private_db, capsys, supervising, years_to_director, words):
    # The demo database holds the NYS seed, whose Director needs two years supervising staff. A private copy: the
    # page tests' in-process app holds the shared one read-write, and DuckDB refuses a read-only second opening.
    code, out, err = _run(capsys, "--title", "8418100", "--years", "9", "--years-supervisory", supervising,
                          "--education", "bachelor", "--db", str(private_db), "--json")

    assert (code, err) == (0, "")
    director = _targets(out)["Director Immigrant Workers Services"]
    assert (director["years_to_eligible"], director["binding_constraint"]) == (years_to_director, words)


def test_supervisory_years_cannot_exceed_the_years_of_experience(seeded_db, capsys):
    code, _, err = _run(capsys, "--title", "8418100", "--years", "3", "--years-supervisory", "4",
                        "--education", "bachelor", "--db", str(seeded_db))

    assert code == 2
    assert err.strip() == "ladder: error: --years-supervisory (4) cannot exceed --years (3)"


def test_coursework_units_are_a_number_of_semester_units(seeded_db, capsys):
    # Act
    code, out, err = _run(capsys, "--title", "Immigrant Workers Specialist 1", "--years", "1", "--education",
                          "bachelor", "--coursework-units", "thirty", "--db", str(seeded_db))

    # Assert
    assert (code, out) == (2, "")
    assert err == "ladder: error: --coursework-units must be a number of semester units; got 'thirty'\n"


@pytest.fixture(scope="module")
def two_jurisdictions_db(seeded_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seeded database plus the jurisdictions' names and an "Immigrant Workers Specialist 1" in Connecticut."""
    path = tmp_path_factory.mktemp("ladder-jurisdictions") / "two.duckdb"
    path.write_bytes(seeded_db.read_bytes())
    con = db.connect(path)
    _insert(con, "jurisdictions", {"jurisdiction_id": [NYS, CT], "name": ["New York State", "State of Connecticut"]})
    _insert(con, "job_classes", {
        "class_id": [f"{CTR}:1"], "document_id": [CTR], "jurisdiction_id": [CT], "series_id": [None],
        "title": ["Immigrant Workers Specialist 1"], "title_key": ["immigrant worker specialist 1"],
        "class_code": ["5999"], "level_in_series": pl.Series([None], dtype=pl.Int32), "grade": ["SH 12"],
    })
    con.close()
    return path


@pytest.mark.parametrize(("jurisdiction", "targets"), [
    ([], ["Immigrant Workers Specialist 2", "Director Immigrant Workers Services"]),
    (["--jurisdiction", "new-york-state"], ["Immigrant Workers Specialist 2", "Director Immigrant Workers Services"]),
    (["--jurisdiction", "new york state"], ["Immigrant Workers Specialist 2", "Director Immigrant Workers Services"]),
    (["--jurisdiction", "State of Connecticut"], []),
])
def test_jurisdiction_chooses_which_title_of_the_name_the_ladder_starts_from(two_jurisdictions_db, capsys,
                                                                             jurisdiction, targets):
    code, out, err = _run(capsys, "--title", "Immigrant Workers Specialist 1", "--years", "9", "--education",
                          "master", *jurisdiction, "--db", str(two_jurisdictions_db), "--json")

    assert (code, err) == (0, "")
    assert sorted(_targets(out)) == sorted(targets)


def test_jurisdiction_is_named_in_the_text_report(two_jurisdictions_db, capsys):
    code, out, _ = _run(capsys, "--title", "Immigrant Workers Specialist 1", "--years", "2", "--education", "master",
                        "--jurisdiction", "state-of-connecticut", "--db", str(two_jurisdictions_db))

    assert code == 0
    assert out.startswith("Immigrant Workers Specialist 1 (state-of-connecticut): 2 years")


@pytest.mark.parametrize(("jurisdiction", "message"), [
    ("Atlantis", "ladder: error: --jurisdiction must be the id or name of a loaded jurisdiction; got 'Atlantis'\n"),
    ("State of Connecticut", "ladder: error: unknown title 'Director Immigrant Workers Services' in jurisdiction "
                             "'state-of-connecticut': no job class, class code or named title matches\n"),
])
def test_an_unknown_jurisdiction_or_a_title_not_there_exits_2_with_one_line(two_jurisdictions_db, capsys,
                                                                            jurisdiction, message):
    code, out, err = _run(capsys, "--title", "Director Immigrant Workers Services", "--years", "2", "--education",
                          "master", "--jurisdiction", jurisdiction, "--db", str(two_jurisdictions_db))

    assert (code, out, err) == (2, "", message)
