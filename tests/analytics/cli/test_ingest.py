"""`python -m analytics.ingest` in a subprocess: load (good and bad files), extract, evaluate."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from tests.paths import REPO_ROOT

SEEDS = REPO_ROOT / "data" / "demo" / "specs" / "seeds"
CT = SEEDS / "ct_labor_dept_community_services_representative.txt"
NYS = SEEDS / "nys_immigrant_workers_specialist.txt"
SEED_KEY = REPO_ROOT / "tests" / "golden" / "seeds_expected.json"


def ingest(*argv: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "analytics.ingest", *argv],
        cwd=REPO_ROOT, capture_output=True, text=True, timeout=120, env=env,
    )


def lines_naming(stderr: str, name: str) -> list[str]:
    """Lines of stderr that mention a file (the progress bar's carriage-return updates are not lines)."""
    return [line for line in stderr.replace("\r", "\n").splitlines() if name in line]


@pytest.fixture()
def bad_files(tmp_path: Path) -> dict[str, Path]:
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    (tmp_path / "roster.csv").write_text("a,b\n1,2\n", encoding="utf-8")
    (tmp_path / "fake.pdf").write_bytes(b"not a pdf at all")
    return {
        "missing": tmp_path / "missing.txt",
        "empty": tmp_path / "empty.txt",
        "unsupported": tmp_path / "roster.csv",
        "unreadable": tmp_path / "fake.pdf",
    }


def test_load_good_and_bad_files_loads_the_good_ones_and_exits_1(tmp_path, bad_files):
    database = tmp_path / "cli.duckdb"

    result = ingest("load", str(CT), *map(str, bad_files.values()), str(NYS), "--db", str(database))

    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    reasons = {"missing": "file not found", "empty": "no text", "unsupported": "unsupported file type .csv",
               "unreadable": "not a PDF"}
    for kind, path in bad_files.items():
        named = lines_naming(result.stderr, path.name)
        assert len(named) == 1, (kind, result.stderr)
        assert reasons[kind] in named[0]
    assert "2 documents loaded (0 already loaded), 4 titles" in result.stdout
    assert "4 rejects" in result.stdout
    con = duckdb.connect(str(database), read_only=True)
    try:
        assert con.execute("SELECT count(*) FROM documents").fetchall() == [(2,)]
        assert con.execute("SELECT count(*) FROM ingest_rejects").fetchall() == [(4,)]
    finally:
        con.close()


def test_load_good_files_exits_0_and_again_skips_them(tmp_path):
    database = str(tmp_path / "cli.duckdb")

    first = ingest("load", str(SEEDS), "--db", database)
    second = ingest("load", str(SEEDS), "--db", database)

    assert (first.returncode, second.returncode) == (0, 0)
    assert "5 documents loaded (0 already loaded), 10 titles, 19 edges, 0 rejects" in first.stdout
    assert "0 documents loaded (5 already loaded), 0 titles, 0 edges, 0 rejects" in second.stdout
    assert "loading" in first.stderr  # the tqdm progress bar


def test_load_uses_ladder_db_when_no_db_is_given(tmp_path):
    env = {"LADDER_DB": str(tmp_path / "from_env.duckdb"), "PATH": "/usr/bin:/bin"}

    result = ingest("load", str(CT), env=env)

    assert result.returncode == 0, result.stderr
    assert (tmp_path / "from_env.duckdb").is_file()


def test_load_into_an_unusable_database_is_one_line(tmp_path):
    folder_as_db = tmp_path / "db_folder"
    folder_as_db.mkdir()

    result = ingest("load", str(CT), "--db", str(folder_as_db))

    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stderr.startswith("load: error:")


def test_extract_prints_one_json_record_per_line(tmp_path):
    result = ingest("extract", str(CT), str(NYS))

    assert result.returncode == 0, result.stderr
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["file"] for r in records] == [str(CT), str(NYS)]
    assert records[0]["titles"][0]["salary_ranges"][1] == {
        "min": 2207.86, "max": 2788.78, "unit": "biweekly", "department": None,
    }
    assert all("duties" not in t for r in records for t in r["titles"])
    assert records[1]["evidence"]["titles[0].grade"] == [133, 135]


def test_extract_with_duties_and_errors(tmp_path):
    result = ingest("extract", str(CT), str(tmp_path / "gone.docx"), "--duties")

    assert result.returncode == 1
    (record,) = [json.loads(line) for line in result.stdout.splitlines()]
    assert record["titles"][0]["duties"]
    assert result.stderr.strip() == f"{tmp_path / 'gone.docx'}: file not found"


def test_evaluate_prints_per_field_scores_and_the_macro_f1():
    result = ingest("evaluate", "--key", str(SEED_KEY), "--docs", str(SEEDS))

    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["field", "precision", "recall", "f1", "n_key", "n_pred"]
    assert any(line.split()[0] == "titles" and line.split()[3] == "1.000" for line in lines[1:])
    assert lines[-1].startswith("macro F1 ") and lines[-1].endswith("over 5 documents")


def test_evaluate_json_and_a_key_file_missing_from_the_docs(tmp_path):
    key = tmp_path / "key.json"
    entries = json.loads(SEED_KEY.read_text(encoding="utf-8"))[:1]
    key.write_text(json.dumps([*entries, {**entries[0], "file": "not_here.txt"}]), encoding="utf-8")

    result = ingest("evaluate", "--key", str(key), "--docs", str(SEEDS), "--json")

    assert result.returncode == 1
    scores = json.loads(result.stdout)
    assert 0 < scores["macro"]["f1"] <= 1
    assert scores["titles"]["recall"] == 0.5
    assert result.stderr.startswith("not_here.txt: not found under ")


@pytest.mark.parametrize(("content", "message"), [
    (None, "answer key not found"),
    ("{not json", "cannot read the answer key"),
    ('{"file": "x.txt"}', "a JSON list of objects"),
    ('[{"file": "nys_immigrant_workers_specialist.txt", "titles": [{"grade": "18"}]}]', "malformed answer key"),
])
def test_evaluate_bad_keys_are_one_line(tmp_path, content, message):
    key = tmp_path / "key.json"
    if content is not None:
        key.write_text(content, encoding="utf-8")

    result = ingest("evaluate", "--key", str(key), "--docs", str(SEEDS))

    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert message in result.stderr


def test_usage_errors_are_one_line_exit_2():
    result = ingest("load")

    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        "python -m analytics.ingest load: error: the following arguments are required: PATH"
    ]


PAY_HEADER = "schedule,grade,step,annual_amount,effective_date,source\n"


def test_schedule_loads_a_good_file_once_and_reports_a_bad_one_row_by_row(tmp_path):
    database = tmp_path / "cli.duckdb"
    good = tmp_path / "city.csv"
    good.write_text(PAY_HEADER + "CITY_A,A-1,1,50000,2026-07-01,resolution 12\nCITY_A,A-1,2,52000,2026-07-01,"
                    "resolution 12\n", encoding="utf-8")
    bad = tmp_path / "bad.csv"
    bad.write_text(PAY_HEADER + "CITY_B,B-1,1,-5,2026-07-01,x\nCITY_B,B-1,2,abc,2026-13,x\n", encoding="utf-8")

    first = ingest("schedule", str(good), str(bad), "--db", str(database))
    again = ingest("schedule", str(good), "--db", str(database))

    assert first.returncode == 1
    assert f"{good}: 2 pay rows new or changed" in first.stdout
    assert lines_naming(first.stderr, "bad.csv") == [f"{bad}: refused, nothing loaded (3 problem(s)):"]
    assert "  row 2, annual_amount: negative amount (-5)" in first.stderr.splitlines()
    assert "  row 3, effective_date: bad date: expected YYYY-MM-DD or YYYY-MM (2026-13)" in first.stderr.splitlines()
    assert (again.returncode, again.stdout.strip()) == (0, f"{good}: nothing new, nothing changed")
    with duckdb.connect(str(database), read_only=True) as con:
        assert con.sql("SELECT DISTINCT schedule_id FROM pay_schedules").fetchall() == [("CITY_A",)]


def test_roster_loads_whole_or_not_at_all(tmp_path):
    database = tmp_path / "cli.duckdb"
    assert ingest("load", str(NYS), "--db", str(database)).returncode == 0
    header = "position_id,title,grade,step,annual_salary,hire_date,title_date,fte,unit,is_vacant,fill_date\n"
    good = tmp_path / "roster.csv"
    good.write_text(header + "P1,Immigrant Workers Specialist 1,18,2,69250,2024-03-01,,1,Albany,no,\n"
                    "P2,Immigrant Workers Specialist 2,23,,,,,1,Albany,yes,2027-01-01\n", encoding="utf-8")
    bad = tmp_path / "bad_roster.csv"
    bad.write_text(header + "P1,Immigrant Workers Specialist 1,18,2,69250,2024-03-01,,1,Albany,no,\n"
                   "P9,Dragon Tamer,18,3,-5,2020-01-01,,1,Albany,no,\n", encoding="utf-8")

    refused = ingest("roster", str(bad), "--db", str(database))
    loaded = ingest("roster", str(good), "--db", str(database))

    assert refused.returncode == 1
    assert "  row 3, annual_salary: negative salary (-5)" in refused.stderr.splitlines()
    assert "  row 3, title: unknown title (Dragon Tamer)" in refused.stderr.splitlines()
    assert loaded.returncode == 0 and "loaded (2 positions)" in loaded.stdout
    with duckdb.connect(str(database), read_only=True) as con:
        assert con.sql("SELECT count(*) FROM roster_positions").fetchall() == [(2,)]
        assert con.sql("SELECT count(*) FROM rosters").fetchall() == [(1,)]


def test_roster_steps_as_schedules_name_them_and_salary_warnings(tmp_path):
    # NYS SG-18 on the 2025 table: HR 66,951 ... JR 85,138. "JR" and "Job Rate" are the top step; a stated
    # 89,395 is 5% above the job rate: accepted, with one warning line on stderr.
    database = tmp_path / "cli.duckdb"
    assert ingest("load", str(NYS), "--db", str(database)).returncode == 0
    assert ingest("schedule", str(REPO_ROOT / "data" / "paydata" / "pay_schedules.csv"),
                  "--db", str(database)).returncode == 0
    header = "position_id,title,grade,step,annual_salary,hire_date,title_date,fte,unit,is_vacant,fill_date\n"
    roster = tmp_path / "roster.csv"
    roster.write_text(header + "P1,Immigrant Workers Specialist 1,18,JR,85138,2015-03-01,,1,Albany,no,\n"
                      "P2,Immigrant Workers Specialist 1,18,Job Rate,89395,2015-03-01,,1,Albany,no,\n"
                      "P3,Immigrant Workers Specialist 1,18,Step 3,71549,2022-03-01,,1,Albany,no,\n", encoding="utf-8")

    loaded = ingest("roster", str(roster), "--db", str(database))

    assert loaded.returncode == 0 and "loaded (3 positions)" in loaded.stdout
    assert f"{roster}: 1 salary warning(s), accepted and costed from the stated salaries:" in loaded.stderr
    assert any(line.startswith("  row 3, annual_salary: 5.0% above 85138") for line in loaded.stderr.splitlines())
    with duckdb.connect(str(database), read_only=True) as con:
        assert con.sql("SELECT position_id, step FROM roster_positions ORDER BY 1").fetchall() == [
            ("P1", 8), ("P2", 8), ("P3", 3)]


def test_load_while_another_process_holds_the_database_says_so(tmp_path):
    database = tmp_path / "held.duckdb"
    holder = subprocess.Popen(
        [sys.executable, "-c", "import duckdb, sys, time; con = duckdb.connect(sys.argv[1]); print('held', flush=True); "
         "time.sleep(60)", str(database)], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "held"
        result = ingest("load", str(CT), "--db", str(database))
    finally:
        holder.kill()
        holder.wait()

    assert result.returncode == 1
    assert f"{database} is open in another process" in result.stderr
    assert "Ingest page" in result.stderr and "Traceback" not in result.stderr


def test_load_refuses_a_zip_bomb_in_one_line_and_records_it(tmp_path):
    from tests.analytics.ingest.hostile_files import docx_bomb

    bomb = tmp_path / "bomb.docx"
    bomb.write_bytes(docx_bomb())
    database = tmp_path / "cli.duckdb"

    result = ingest("load", str(bomb), str(CT), "--db", str(database))

    assert result.returncode == 1
    named = lines_naming(result.stderr, "bomb.docx")
    assert len(named) == 1
    assert named[0].startswith(f"{bomb}: refused: its parts would inflate to 40.") and named[0].endswith("(cap 25 MB)")
    assert "1 documents loaded (0 already loaded)" in result.stdout and "1 rejects" in result.stdout
    with duckdb.connect(str(database), read_only=True) as con:
        [(file_name, stage, reason)] = con.sql("SELECT file_name, stage, reason FROM ingest_rejects").fetchall()
    assert (file_name, stage) == ("bomb.docx", "extract") and named[0] == f"{bomb}: {reason}"


def test_roster_refuses_an_xlsx_bomb_as_one_file_level_problem(tmp_path):
    from tests.analytics.ingest.hostile_files import xlsx_bomb

    roster = tmp_path / "roster.xlsx"
    roster.write_bytes(xlsx_bomb())

    result = ingest("roster", str(roster), "--db", str(tmp_path / "cli.duckdb"))

    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        f"{roster}: refused, nothing loaded (1 problem(s)):",
        "  its parts would inflate to 60.1 MB (cap 25 MB); save it as CSV instead",
    ]


def test_evaluate_by_family_scores_each_family_on_its_own(tmp_path):
    key = tmp_path / "key.json"
    entries = json.loads(SEED_KEY.read_text(encoding="utf-8"))
    # two families: the seeds as they are, and one seed filed under a folder of its own
    (tmp_path / "other").mkdir()
    (tmp_path / "other" / CT.name).write_bytes(CT.read_bytes())
    entries = [e for e in entries if e["file"] != CT.name] + [
        {**next(e for e in entries if e["file"] == CT.name), "file": f"other/{CT.name}"}]
    key.write_text(json.dumps(entries), encoding="utf-8")

    result = ingest("evaluate", "--key", str(key), "--docs", str(SEEDS), "--docs", str(tmp_path), "--by-family",
                    "--json")

    assert result.returncode == 0, result.stderr
    scores = json.loads(result.stdout)
    assert set(scores["families"]) == {"seeds", "other"}
    assert scores["families"]["seeds"]["documents"] == 4 and scores["families"]["other"]["documents"] == 1
    assert scores["families"]["other"]["scores"]["macro"]["f1"] == 1.0
    assert scores["all"]["macro"]["f1"] == 1.0


def test_coverage_counts_documents_with_each_fact_per_folder(tmp_path):
    (tmp_path / "junk").mkdir()
    (tmp_path / "junk" / "404.txt").write_text("The page you were looking for doesn't exist.\n", encoding="utf-8")

    result = ingest("coverage", str(SEEDS), str(tmp_path / "junk"), "--json", "--quiet")

    assert result.returncode == 0, result.stderr
    counts = json.loads(result.stdout)
    assert counts["folders"]["seeds"] == {"documents": 5, "with_title": 5, "with_salary": 1, "with_path": 4,
                                          "with_promotion": 5, "unreadable": 0, "parser_failures": 0}
    assert counts["folders"]["junk"]["with_title"] == 0
    assert counts["total"]["documents"] == 6


def test_rules_lists_every_rule_with_the_documents_it_fires_on():
    result = ingest("rules", str(SEEDS), "--json", "--quiet")

    assert result.returncode == 0, result.stderr
    found = json.loads(result.stdout)
    assert found["documents"] == 5
    nys = found["rules"]["JURISDICTION_PATTERNS[New York State]: New York State Department of Civil Service"]
    assert nys["documents"] == 2 and all("nys_" in name for name in nys["examples"])
    text = ingest("rules", str(SEEDS), "--quiet")
    assert text.stdout.splitlines()[0].endswith("fire on fewer than 2")
