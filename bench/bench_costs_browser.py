"""Benchmark of the Staffing costs page in headless Chromium (prints figures; asserts nothing about time).

    .venv/bin/python bench/bench_costs_browser.py [--positions 0] [--changes 20] [--computes 5]

The demo database is built before anything is timed, in a temporary folder (--positions N loads a generated
roster of N positions as the newest, as bench_costs_compute.py does). The browser is Debian's Chromium
(/usr/bin/chromium) driven by Playwright, never a downloaded one, launched before anything is timed. A page
counts as rendered when its script has finished (stApp's script state), no exception is shown and its content
is drawn (the home page's title; on /costs the totals and every chart).

1. Cold load: from starting `streamlit run app.py` (a new server process) to the first page rendered in
   Chromium: the home page; then, in another new server, /costs (its scenario computed on the roster).
2. Widget changes in one session on /costs: the breakdowns' fiscal year, each timed in the page from the press
   on the option to the updated view (the unit chart titled with the year, the script finished; checked on
   every animation frame): median and p95.
3. Compute in the same session: a fringe change, timed from the press on Compute to the updated totals.
--no-post-script-gc serves with --runner.postScriptGC false, to show what Streamlit's collection after every
script run costs.
Goals (issue 15): cold load <= 3 s; a widget change median <= 0.3 s and p95 <= 0.5 s.
"""

from __future__ import annotations

import argparse
import contextlib
import math
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT))  # run as a script from anywhere

from playwright.sync_api import Page, sync_playwright

from analytics.demo import ensure_demo_database

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]
WAIT_MS = 120_000
GOALS = {"cold load": 3.0, "median": 0.3, "p95": 0.5}
FINISHED = ("() => { const app = document.querySelector('[data-testid=\"stApp\"]');"
            " return app && app.getAttribute('data-test-script-state') === 'notRunning'"
            " && !document.querySelector('[data-testid=\"stException\"]')")
HOME_DRAWN = FINISHED + " && !!document.querySelector('h1'); }"
COSTS_DRAWN = (FINISHED + " && document.querySelectorAll('[data-testid=\"stMetric\"]').length > 0"
               " && document.querySelectorAll('.js-plotly-plot .main-svg').length >= 5; }")


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def server(database: Path, log: Path, options: tuple[str, ...] = ()) -> Iterator[str]:
    """Start `streamlit run app.py` over the database now and yield its base URL once it answers its health check.

    options: more `streamlit run` options (such as --runner.postScriptGC false).
    """
    port = free_port()
    command = [sys.executable, "-m", "streamlit", "run", "app.py", "--server.headless", "true", "--server.port",
               str(port), "--server.address", "127.0.0.1", "--server.fileWatcherType", "none",
               "--browser.gatherUsageStats", "false", *options]
    with log.open("wb") as out:
        process = subprocess.Popen(command, cwd=REPO_ROOT, env={**os.environ, "LADDER_DB": str(database)},
                                   stdout=out, stderr=subprocess.STDOUT)
    base_url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            if process.poll() is not None or time.monotonic() > deadline:
                raise SystemExit(f"streamlit did not start:\n{log.read_text(errors='replace')}")
            try:
                with urllib.request.urlopen(f"{base_url}/_stcore/health", timeout=2) as response:
                    if response.status == 200:
                        break
            except (urllib.error.URLError, OSError):
                time.sleep(0.02)  # polling a port that is not open yet
        yield base_url
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


# Installed in every page before its scripts: when the app's script state changes (page time, ms).
STATE_LOG = """window.__states = [];
window.__charts = [];
new MutationObserver(() => {
  const app = document.querySelector('[data-testid="stApp"]');
  if (app) { const state = app.getAttribute('data-test-script-state');
    if (window.__states.at(-1)?.[0] !== state) window.__states.push([state, performance.now()]); }
  const charts = document.querySelectorAll('.js-plotly-plot .main-svg').length;
  if (charts > (window.__charts.at(-1)?.[0] ?? 0)) window.__charts.push([charts, performance.now()]);
}).observe(document, {subtree: true, childList: true, attributes: true,
               attributeFilter: ['data-test-script-state']});"""


def cold_load(browser, database: Path, folder: Path, path: str, drawn: str,
              options: tuple[str, ...] = ()) -> tuple[float, str]:
    """Return (seconds from starting a new server to the page at `path` rendered in a fresh browser context, where
    the time went)."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    context.add_init_script(STATE_LOG)
    tab = context.new_page()
    tab.set_default_timeout(WAIT_MS)
    try:
        start = time.perf_counter()
        with server(database, folder / f"streamlit-{path.strip('/') or 'home'}.log", options) as base_url:
            healthy = time.perf_counter() - start
            tab.goto(base_url + path)
            tab.wait_for_function(drawn, polling="raf", timeout=WAIT_MS)
            total = time.perf_counter() - start
            timeline = tab.evaluate("() => ({states: window.__states, charts: window.__charts,"
                                    " loaded: performance.getEntriesByType('navigation')[0].domContentLoadedEventEnd})")
    finally:
        context.close()
    # Page times count from the navigation, which began when the server was healthy (within a few ms).
    at = healthy * 1000
    parts = [f"server healthy {at:.0f}", f"page loaded {at + timeline['loaded']:.0f}",
             *(f"script {state} {at + ms:.0f}" for state, ms in timeline["states"])]
    if timeline["charts"]:
        first, last = timeline["charts"][0][1], timeline["charts"][-1][1]
        parts.append(f"first and last chart drawn {at + first:.0f} and {at + last:.0f}")
    return total, ", ".join(parts) + " ms after `streamlit run`"


def pressed_at(tab: Page) -> None:
    """Note (in page time) when the next pointer press happens: a change is timed from there, as the user sees it."""
    tab.evaluate("() => { window.__pressed = null; document.addEventListener('pointerdown',"
                 " () => { window.__pressed = performance.now(); }, {capture: true, once: true}); }")


def seconds_since_press(tab: Page, condition: str) -> float:
    """Wait (every animation frame) until the condition holds; return the seconds from the press noted to then."""
    done = tab.wait_for_function(f"() => ({condition})() && performance.now()", polling="raf", timeout=WAIT_MS)
    return (done.json_value() - tab.evaluate("() => window.__pressed")) / 1000


def unit_chart_is(title: str) -> str:
    """The condition that the unit chart has this title and the script has finished."""
    return FINISHED + f" && [...document.querySelectorAll('.gtitle')].some(t => t.textContent === {title!r}); }}"


def open_fiscal_years(tab: Page) -> None:
    """Open the options of the breakdowns' fiscal-year select box (the builder has one whose label starts alike)."""
    tab.get_by_role("combobox", name="Fiscal year", exact=True).click()
    tab.keyboard.press("ArrowDown")  # a click on the box focuses its search field; the arrow opens the list
    tab.get_by_role("option").first.wait_for()


def choose_fiscal_year(tab: Page, label: str) -> float:
    """Choose a fiscal year of the breakdowns; return the seconds from the press on it to the updated view."""
    open_fiscal_years(tab)
    pressed_at(tab)
    tab.get_by_role("option", name=label, exact=True).click()
    period = "all fiscal years" if label == "All fiscal years" else label
    return seconds_since_press(tab, unit_chart_is(f"Cost by unit, {period}"))


def compute(tab: Page, fringe: float) -> float:
    """Set the fringe rate and press Compute; return the seconds from the press to the updated totals."""
    before = tab.get_by_test_id("stTable").filter(has_text="Fiscal year").inner_text()
    tab.get_by_role("spinbutton", name="Fringe %").fill(f"{fringe:g}")
    pressed_at(tab)
    tab.get_by_role("button", name="Compute").click()
    return seconds_since_press(tab, FINISHED + " && [...document.querySelectorAll('[data-testid=\"stTable\"]')]"
                               f".some(t => t.innerText.includes('Fiscal year') && t.innerText !== {before!r}); }}")


def p95(times: list[float]) -> float:
    """The 95th percentile (nearest rank)."""
    ordered = sorted(times)
    return ordered[max(0, math.ceil(0.95 * len(ordered)) - 1)]


def line(label: str, times: list[float]) -> str:
    return (f"{label:<52} median {statistics.median(times) * 1000:7.0f} ms  p95 {p95(times) * 1000:7.0f} ms  "
            f"min {min(times) * 1000:6.0f}  max {max(times) * 1000:6.0f}  ({len(times)})")


def database_for(folder: Path, n_positions: int) -> Path:
    """The demo database, with a generated roster of n_positions as the newest when n_positions > 0."""
    if n_positions > 0:
        sys.path.insert(0, str(REPO_ROOT / "bench"))
        from bench_costs_compute import build_database

        return build_database(folder, n_positions)
    return ensure_demo_database(folder / "ladder.duckdb")


def main() -> None:
    """Print the figures of the module docstring."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--positions", type=int, default=0, help="a generated roster instead of the demo's")
    parser.add_argument("--changes", type=int, default=20)
    parser.add_argument("--computes", type=int, default=5)
    parser.add_argument("--no-post-script-gc", action="store_true",
                        help="serve with --runner.postScriptGC false (Streamlit's full garbage collection after "
                             "every script run costs ~0.1 s with this app's imports)")
    args = parser.parse_args()
    options = ("--runner.postScriptGC", "false") if args.no_post_script_gc else ()
    if not CHROMIUM.is_file():
        raise SystemExit(f"{CHROMIUM} is not installed (apt-get install chromium)")
    with tempfile.TemporaryDirectory(prefix="bench-costs-browser-") as name, sync_playwright() as playwright:
        folder = Path(name)
        database = database_for(folder, args.positions)
        roster = f"{args.positions:,} generated positions" if args.positions else "the demo roster"
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        try:
            home, home_parts = cold_load(browser, database, folder, "/", HOME_DRAWN, options)
            costs, costs_parts = cold_load(browser, database, folder, "/costs", COSTS_DRAWN, options)
            with server(database, folder / "streamlit-session.log", options) as base_url:
                context = browser.new_context(viewport={"width": 1400, "height": 1000}, base_url=base_url)
                tab = context.new_page()
                tab.set_default_timeout(WAIT_MS)
                tab.goto("/costs")
                tab.wait_for_function(COSTS_DRAWN, polling="raf", timeout=WAIT_MS)
                open_fiscal_years(tab)
                labels = [o.inner_text() for o in tab.get_by_role("option").all()]
                tab.keyboard.press("Escape")
                cycle = [*labels[1:], labels[0]]
                views = [choose_fiscal_year(tab, label) for label in cycle]  # first view of each: figures built
                repeated = [choose_fiscal_year(tab, cycle[i % len(cycle)]) for i in range(args.changes)]
                computes = [compute(tab, 49.0 - i) for i in range(args.computes)]
                context.close()
        finally:
            browser.close()
    print(f"Staffing costs in headless Chromium, {roster}" + (", served with --runner.postScriptGC false"
                                                              if options else ""))
    for name, seconds, parts in (("the home page", home, home_parts), ("/costs", costs, costs_parts)):
        print(f"cold load, `streamlit run` to {name} rendered: {seconds * 1000:7.0f} ms "
              f"(goal <= {GOALS['cold load']:.0f} s: {'met' if seconds <= GOALS['cold load'] else 'NOT met'})\n"
              f"    {parts}")
    print(line("widget change (fiscal year), first view of each", views))
    print(line("widget change (fiscal year), in one session", repeated))
    print(line("scenario change (fringe, Compute), to the new totals", computes))
    median, tail = statistics.median(repeated), p95(repeated)
    print(f"goal widget change median <= {GOALS['median']:.1f} s: {'met' if median <= GOALS['median'] else 'NOT met'}"
          f"; p95 <= {GOALS['p95']:.1f} s: {'met' if tail <= GOALS['p95'] else 'NOT met'}")


if __name__ == "__main__":
    main()
