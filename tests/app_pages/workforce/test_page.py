"""The Workforce projection page under streamlit.testing.v1.AppTest: the default view on the demo history, the URL
round trip, refused URL values, matrix edits, stated rates, recruitment, save and share, newer data."""

from __future__ import annotations

import json
import re
import shutil

import polars as pl
import pytest
from streamlit.testing.v1 import AppTest

from analytics import db
from analytics.__main__ import main as cli
from analytics.demo import DEMO_HISTORY, DEMO_ROSTER
from analytics.ingest.load.rosters import load_roster
from analytics.pay.grades import known_titles
from app_pages.shared import loaders, print_report
from tests.app_pages.apptest import open_page

PAGE = "app_pages/workforce/page.py"
PROJECTION_ID = re.compile(r"[0-9a-f]{16}")
DEMO_GRADES = ["18", "23", "27", "M-3"]  # the demo roster's grades, in state order


def open_workforce(**query_params: str) -> AppTest:
    """Run the app, switch to the Workforce projection page with these query params and run it."""
    return open_page(PAGE, timeout=120, **query_params)


def metrics(at: AppTest) -> dict[str, str]:
    """The headline metrics as shown: label -> value."""
    return {m.label: m.value for m in at.metric}


def stock_table(at: AppTest) -> dict[str, list[str]]:
    """The headcount table as shown: state -> "expected (p05–p95)" by year."""
    table = next(t.value for t in at.table if "State" in t.value.columns)
    return {row["State"]: [row[c] for c in table.columns if c != "State"] for _, row in table.iterrows()}


def generation(at: AppTest) -> int:
    return at.session_state["workforce.generation"] if "workforce.generation" in at.session_state else 0


def edit_cells(at: AppTest, *, by: str, source: str, rows: dict[int, dict[str, float]]) -> AppTest:
    """Edit matrix cells as a browser would (row position -> {column label: percent}) and rerun."""
    at.session_state[f"workforce.cells.{by}.{source}.{generation(at)}"] = {
        "edited_rows": rows, "added_rows": [], "deleted_rows": []}
    return at.run()


def number(text: str) -> float:
    return float(text.replace(",", "").replace("$", "").replace("M", ""))


def test_the_default_view_projects_the_demo_roster_with_rates_estimated_from_its_history(ladder_db):
    at = open_workforce()

    assert not at.exception
    assert not at.warning and not at.error
    assert at.session_state["workforce.source"] == "estimated"
    assert list(metrics(at)) == ["Headcount 2025 (roster)", "Expected 2030", "Hires 2026–2030", "Exits 2026–2030",
                                 "Salary cost 2030"]
    assert metrics(at)["Headcount 2025 (roster)"] == "1,879"
    assert len(at.get("plotly_chart")) == 4  # stocks with bands, flows, the matrix heat map, the cost line
    assert list(stock_table(at)) == [f"Grade {g}" for g in DEMO_GRADES]
    assert "estimated from 5 dated roster snapshots" in " ".join(c.value for c in at.caption)
    assert dict(at.query_params) == {}


def test_a_saved_projection_has_the_id_and_numbers_the_workforce_command_prints(ladder_db, demo_db_template, tmp_path,
                                                                               capsys):
    at = open_workforce(years="4", seed="9", by="title")
    at.button(key="workforce.save").click().run()
    database = tmp_path / "cli.duckdb"
    shutil.copyfile(demo_db_template, database)  # a file of its own: the app holds the test's database open
    colas = [f"3@{year}-01-01" for year in range(2026, 2030)]  # the page's default: 3 % each January
    capsys.readouterr()

    code = cli(["workforce", "--roster", str(DEMO_ROSTER), "--history", *map(str, sorted(DEMO_HISTORY.glob("*.csv"))),
                "--db", str(database), "--by", "title", "--years", "4", "--runs", "1000", "--seed", "9",
                "--recruit", "replace", "--cola", *colas, "--as-of", "2025-06-15", "--json"])

    out, err = capsys.readouterr()
    assert (code, err) == (0, "")
    report = json.loads(out)
    assert at.query_params["projection"] == report["projection_id"]
    cells = {(y["state"], y["year"]): f"{y['mean']:,.0f} ({y['p05']:,.0f}–{y['p95']:,.0f})" for y in report["years"]}
    assert stock_table(at) == {state: [cells[(state, year)] for year in range(5)] for state in report["states"]}


def test_the_url_sets_the_view_and_a_widget_change_is_written_back(ladder_db):
    at = open_workforce(by="title", years="8", runs="500", seed="7", recruit="target")

    assert not at.exception and not at.warning
    state = at.session_state
    assert (state["workforce.by"], state["workforce.years"], state["workforce.runs"], state["workforce.seed"],
            state["workforce.recruit"]) == ("title", 8, 500, 7, "target")
    assert "Expected 2033" in metrics(at)
    assert len(stock_table(at)) == 6  # the six demo titles
    assert dict(at.query_params) == {"by": "title", "years": "8", "runs": "500", "seed": "7", "recruit": "target"}

    at.number_input(key="workforce.years").set_value(3).run()

    assert not at.exception
    assert dict(at.query_params) == {"by": "title", "years": "3", "runs": "500", "seed": "7", "recruit": "target"}
    assert "Expected 2028" in metrics(at)


def test_the_same_seed_gives_the_same_bands_and_another_seed_other_ones(ladder_db):
    first, again = open_workforce(seed="11"), open_workforce(seed="11")
    other = open_workforce(seed="12")

    assert stock_table(first) == stock_table(again)
    assert stock_table(first) != stock_table(other)
    assert metrics(first) == metrics(other)  # the expected values do not depend on the seed


@pytest.mark.parametrize(("name", "raw", "reason"), [
    ("by", "rank", "unknown state kind"),
    ("years", "0", "below the minimum 1"),
    ("years", "five", "not a whole number"),
    ("runs", "1e9", "not a whole number"),
    ("seed", "-1", "below the minimum 0"),
    ("recruit", "none", "unknown recruitment"),
    ("projection", "../../etc/passwd", "not a projection id"),
    ("projection", "0123456789abcdef", "no saved projection has this id"),
])
def test_a_refused_url_value_falls_back_to_the_default_with_a_notice(ladder_db, name, raw, reason):
    at = open_workforce(**{name: raw})

    assert not at.exception and not at.error
    notice = "\n".join(w.value for w in at.warning)
    assert f"URL parameter `{name}`" in notice and reason in notice
    assert name not in at.query_params  # the link is the view shown: the default
    assert metrics(at)["Headcount 2025 (roster)"] == "1,879"


def test_unknown_parameters_are_named_and_dropped(ladder_db):
    at = open_workforce(years="6", colour="red")

    assert "Unknown URL parameter `colour` ignored." in at.warning[0].value
    assert dict(at.query_params) == {"years": "6"}


def test_an_edit_to_the_matrix_changes_the_projection(ladder_db):
    at = open_workforce()
    before_metrics, before_table = metrics(at), stock_table(at)

    edit_cells(at, by="grade", source="estimated", rows={0: {"Leaves": 40.0}})  # grade 18 leaves at 40% a year

    assert not at.exception and not at.error
    after = metrics(at)
    assert number(after["Exits 2026–2030"]) > number(before_metrics["Exits 2026–2030"])
    assert number(after["Hires 2026–2030"]) == number(after["Exits 2026–2030"])  # replace leavers
    assert stock_table(at) != before_table
    assert "then 1 cell(s) overridden" in " ".join(c.value for c in at.caption)


def test_stated_rates_build_the_matrix(ladder_db):
    at = open_workforce(recruit="fixed")
    at.radio(key="workforce.source").set_value("rates").run()
    key = f"workforce.rates.grade.{generation(at)}"
    at.session_state[key] = {"edited_rows": {i: {"Promotion %": 0.0, "Attrition %": 0.0} for i in range(4)},
                             "added_rows": [], "deleted_rows": []}
    at.run()

    assert not at.exception and not at.error
    shown = metrics(at)
    assert shown["Expected 2030"] == "1,879.0"  # nobody moves, nobody leaves, nobody is hired
    assert shown["Exits 2026–2030"] == "0" and shown["Hires 2026–2030"] == "0"
    assert "stated as promotion and attrition rates by state" in " ".join(c.value for c in at.caption)


def test_fixed_hires_are_typed_by_state(ladder_db):
    at = open_workforce(recruit="fixed")
    nobody = number(metrics(at)["Expected 2030"])
    key = f"workforce.fixed.grade.{generation(at)}"
    at.session_state[key] = {"edited_rows": {0: {"Hires a year": 100.0}}, "added_rows": [], "deleted_rows": []}
    at.run()

    assert not at.exception and not at.error
    assert metrics(at)["Hires 2026–2030"] == "500"
    assert number(metrics(at)["Expected 2030"]) > nobody


def test_save_gives_a_projection_link_and_reopening_it_shows_the_same_numbers(ladder_db):
    at = open_workforce(years="7", seed="3")
    edit_cells(at, by="grade", source="estimated", rows={1: {"Leaves": 12.5}})
    shown_metrics, shown_table = metrics(at), stock_table(at)

    at.button(key="workforce.save").click().run()

    saved_id = at.query_params["projection"]
    assert PROJECTION_ID.fullmatch(saved_id)
    assert dict(at.query_params) == {"projection": saved_id, "years": "7", "seed": "3"}
    assert any(f"/workforce?projection={saved_id}&years=7&seed=3" in c.value for c in at.code)
    assert metrics(at) == shown_metrics and stock_table(at) == shown_table
    again = open_workforce(projection=saved_id)
    assert not again.exception and not again.warning
    assert metrics(again) == shown_metrics
    assert stock_table(again) == shown_table
    assert (again.session_state["workforce.years"], again.session_state["workforce.seed"]) == (7, 3)
    assert "then 1 cell(s) overridden" in " ".join(c.value for c in again.caption)
    assert dict(again.query_params) == {"projection": saved_id, "years": "7", "seed": "3"}
    assert not [b for b in again.button if b.label == "Save & share"]


def test_a_saved_projection_is_immutable_and_a_change_leaves_it(ladder_db):
    at = open_workforce(years="4")
    at.button(key="workforce.save").click().run()
    saved_id = at.query_params["projection"]
    again = open_workforce(projection=saved_id, years="9")

    assert "URL parameter `years` ignored: the saved projection sets it to `4`." in again.warning[0].value
    assert again.query_params["projection"] == saved_id and again.query_params["years"] == "4"
    again.number_input(key="workforce.years").set_value(5).run()
    assert "projection" not in again.query_params  # other inputs: another projection, not yet saved
    again.number_input(key="workforce.years").set_value(4).run()
    again.button(key="workforce.save").click().run()
    assert again.query_params["projection"] == saved_id  # the same inputs on the same data: the same id


def test_newer_data_is_noticed_and_the_saved_numbers_are_kept(private_db, tmp_path):
    at = open_workforce()
    at.button(key="workforce.save").click().run()
    saved_id, saved_metrics = at.query_params["projection"], metrics(at)
    smaller = tmp_path / "roster-one-less.csv"
    pl.read_csv(DEMO_ROSTER, infer_schema=False).head(-1).write_csv(smaller)
    with db.connect(private_db) as con:
        loaded = load_roster(con, smaller, known_titles=known_titles(db.run(con, "ladder_classes")))
    assert loaded.roster_id is not None, loaded.report
    loaders.clear()

    again = open_workforce(projection=saved_id)

    assert not again.exception
    notice = again.warning[0].value
    assert "newer data" in notice and "saved ones" in notice
    assert metrics(again) == saved_metrics
    again.button(key="workforce.recompute").click().run()
    assert not again.exception
    assert "projection" not in again.query_params
    assert metrics(again) != saved_metrics


def test_every_chart_and_table_has_its_downloads_and_the_view_a_printable_report(ladder_db, offered_files, monkeypatch):
    monkeypatch.setattr(print_report, "chromium_path", lambda: None)  # the report's text, without drawing charts

    at = open_workforce(years="3")

    assert not at.exception
    labels = [b.proto.label for b in at.get("download_button")]
    assert [labels.count(f"Chart ({f})") for f in ("PNG", "SVG", "HTML")] == [len(at.get("plotly_chart"))] * 3 == [4] * 3
    for table in ("Headcount by year", "Estimated cells", "Expected years", "Cost by year"):
        assert {f"{table} (CSV)", f"{table} (Excel)"} <= set(labels)
    assert labels.count("Printable report (HTML)") == 1
    report = next(f for name, f in offered_files.items() if name.endswith("-report.html"))().decode("utf-8")
    assert "<dd>/workforce?years=3</dd>" in report
    version = re.search(r"data version `([0-9a-f]{16})`", " ".join(c.value for c in at.caption)).group(1)
    assert f"<dd>{version}</dd>" in report  # the roster-and-pay version the projection was computed on
    assert "<td>Recruitment</td><td>Replace leavers</td>" in report and "<td>Years projected</td><td>3</td>" in report
    assert "Not saved: computed on the roster roster.csv" in report
    assert report.count("This chart is not drawn") == 4
    assert re.findall(r"<h2>([^<]*)</h2>", report) == [
        "Inputs", "Headcount by state and year: expected (5th–95th percentile)", "Expected years in grade",
        "Cost by year"]
    cost = next(t.value for t in at.table if "Cost" in t.value.columns)
    assert f"<td>{cost['Cost'].iloc[-1]}</td>" in report  # the last year's cost, as the page shows it
