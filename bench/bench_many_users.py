"""Benchmark of many users at once on one dashboard process (prints figures; asserts nothing about time).

    .venv/bin/python bench/bench_many_users.py [--sessions 10] [--changes 20] [--after-close 60] [--no-cli]

It serves app.py with `streamlit run` on a free loopback port over a fresh copy of the demo database, opens
both pages once in a warm-up session (the first computation of the default views), then drives --sessions
browser sessions at once, each a fresh context in one headless Chromium (Debian's /usr/bin/chromium, never a
downloaded browser). Each session opens /ladder and changes "Years of experience" --changes times (1 to 20
years, in its own shuffled order), then opens /costs and changes the breakdowns' "Fiscal year" --changes times.
A change is timed from the key press or click that makes it until the view shows it (the ladder's caption names
the new years; the unit chart's title names the new fiscal year) and the app's script has finished running.
A failure is a change not shown within --timeout seconds or an exception box on the page.

While the sessions run (unless --no-cli), the command line runs beside them on the same file: one `ladder`
read, and one `ingest roster` write of the roster already loaded (it takes the write lock, changes nothing);
each is timed, and timed again on the idle app beforehand.

Server memory is the resident set (VmRSS) of the streamlit process: idle (after the warm-up and a quiet
pause), the peak while the sessions run, and --after-close seconds after they close.
Goals (issue 13 item 5): 0 failures, p95 from change to updated view <= 1 s, RSS after close within 20% of idle.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT))  # run as a script from anywhere

from playwright.async_api import async_playwright, expect

from analytics.demo import ensure_demo_database

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]
LADDER_LINK = "/ladder?title=Immigrant+Workers+Specialist+1&years=3&education=master"
ALL_YEARS = "All fiscal years"
GOAL_P95_SECONDS = 1.0
GOAL_RSS_RATIO = 1.2
FIRST_VIEW_MS = 180_000  # a page's first view in a session, while every other session is opening it too


@dataclass
class Timings:
    """What the sessions saw: seconds per change by page, failures with their reasons, first views by page."""

    changes: dict[str, list[float]] = field(default_factory=lambda: {"ladder": [], "costs": []})
    first_views: dict[str, list[float]] = field(default_factory=lambda: {"ladder": [], "costs": []})
    failures: list[str] = field(default_factory=list)


class MemoryWatch:
    """Samples the resident set of a process every `every` seconds in a thread; `peak` since the last reset."""

    def __init__(self, pid: int, every: float = 0.25) -> None:
        self.pid, self.every, self.peak = pid, every, 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def rss(self) -> int:
        """Return the process's resident set in bytes now."""
        with open(f"/proc/{self.pid}/status", encoding="ascii") as status:
            kb = next(int(line.split()[1]) for line in status if line.startswith("VmRSS:"))
        return kb * 1024

    def reset(self) -> None:
        self.peak = self.rss()

    def _run(self) -> None:
        while not self._stop.wait(self.every):
            try:
                self.peak = max(self.peak, self.rss())
            except (OSError, StopIteration):
                return

    def stop(self) -> None:
        self._stop.set()
        self._thread.join()


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def serve(database: Path, log: Path) -> tuple[subprocess.Popen, str]:
    """Start `streamlit run app.py` over the database; return the process and its base URL once it is healthy."""
    port = free_port()
    command = [sys.executable, "-m", "streamlit", "run", "app.py", "--server.headless", "true",
               "--server.port", str(port), "--server.address", "127.0.0.1",
               "--server.fileWatcherType", "none", "--browser.gatherUsageStats", "false"]
    env = {key: value for key, value in os.environ.items() if key != "LADDER_USERS"}  # login off: no sign-in
    with log.open("wb") as out:
        server = subprocess.Popen(command, cwd=REPO_ROOT, env={**env, "LADDER_DB": str(database)}, stdout=out,
                                  stderr=subprocess.STDOUT)
    base_url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{base_url}/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    return server, base_url
        except OSError:
            time.sleep(0.25)
    server.kill()
    raise SystemExit(f"streamlit did not start:\n{log.read_text(errors='replace')}")


def years_text(years: float) -> str:
    """The ladder caption's words for a number of years (app_pages.shared.theme.years_text)."""
    return f"{years:g} year" if years == 1 else f"{years:g} years"


async def settled(tab, timeout_ms: float) -> None:
    """Wait until the app's script has finished its run in this tab."""
    await expect(tab.get_by_test_id("stApp")).to_have_attribute("data-test-script-state", "notRunning",
                                                                timeout=timeout_ms)


async def timed_change(tab, act, shown, *, page: str, label: str, timings: Timings, timeout_ms: float) -> None:
    """Run `act` (the key press or click of a change) and time it until `shown` is visible and the run is over."""
    started = time.perf_counter()
    try:
        await act()
        await expect(shown).to_be_visible(timeout=timeout_ms)
        await settled(tab, timeout_ms)
    except Exception as exc:  # a timeout or a page gone: one failure, named, and the session goes on
        timings.failures.append(f"{page} {label}: {type(exc).__name__}: {str(exc).splitlines()[0][:120]}")
        return
    timings.changes[page].append(time.perf_counter() - started)


async def ladder_changes(tab, base_url: str, *, n: int, rng: random.Random, timings: Timings,
                         timeout_ms: float) -> None:
    started = time.perf_counter()
    await tab.goto(base_url + LADDER_LINK)
    await expect(tab.get_by_text("3 years of experience (")).to_be_visible(timeout=FIRST_VIEW_MS)
    await settled(tab, FIRST_VIEW_MS)
    timings.first_views["ladder"].append(time.perf_counter() - started)
    box = tab.get_by_role("spinbutton", name="Years of experience", exact=True)
    values = [v for v in rng.sample(range(1, 21), 20) if v != 3][:n]
    while len(values) < n:
        values.append(values[-2])
    for years in values:
        await box.fill(str(years))
        await timed_change(tab, lambda: box.press("Enter"),
                           tab.get_by_text(f"{years_text(years)} of experience ("), page="ladder",
                           label=f"years={years}", timings=timings, timeout_ms=timeout_ms)
    if await tab.get_by_test_id("stException").count():
        timings.failures.append("ladder: an exception box on the page")


async def costs_changes(tab, base_url: str, *, n: int, timings: Timings, timeout_ms: float) -> None:
    started = time.perf_counter()
    await tab.goto(base_url + "/costs")
    await expect(tab.get_by_text(f"Cost by unit, {ALL_YEARS.lower()}")).to_be_visible(timeout=FIRST_VIEW_MS)
    await settled(tab, FIRST_VIEW_MS)
    timings.first_views["costs"].append(time.perf_counter() - started)
    box = tab.get_by_test_id("stSelectbox").filter(has=tab.get_by_text("Fiscal year", exact=True))
    options = tab.locator("[role=option]")
    await box.scroll_into_view_if_needed()
    await box.locator("input").click()
    await expect(options.first).to_be_attached()
    choices = [await o.inner_text() for o in await options.all()]
    await tab.keyboard.press("Escape")
    for i in range(n):
        choice = choices[(i + 1) % len(choices)]
        period = ALL_YEARS.lower() if choice == ALL_YEARS else choice
        await box.scroll_into_view_if_needed()
        await box.locator("input").click()
        option = options.filter(has_text=re.compile(f"^{re.escape(choice)}$"))
        await timed_change(tab, lambda option=option: option.click(), tab.get_by_text(f"Cost by unit, {period}"),
                           page="costs", label=f"fiscal year {choice}", timings=timings, timeout_ms=timeout_ms)
    if await tab.get_by_test_id("stException").count():
        timings.failures.append("costs: an exception box on the page")


async def session(browser, base_url: str, *, n: int, seed: int, timings: Timings, timeout_ms: float) -> None:
    """One user: a fresh browser context (its own Streamlit session) on /ladder, then on /costs."""
    context = await browser.new_context(viewport={"width": 1400, "height": 1000})
    tab = await context.new_page()
    tab.set_default_timeout(timeout_ms)
    try:
        await ladder_changes(tab, base_url, n=n, rng=random.Random(seed), timings=timings, timeout_ms=timeout_ms)
        await costs_changes(tab, base_url, n=n, timings=timings, timeout_ms=timeout_ms)
    except Exception as exc:  # the session could not even open a page
        timings.failures.append(f"session {seed}: {type(exc).__name__}: {str(exc).splitlines()[0][:120]}")
    finally:
        await context.close()


OPEN_TIMER = ("import sys, time; from analytics import db; started = time.perf_counter(); "
              "db.connect(sys.argv[1], read_only=sys.argv[2] == 'read').close(); "
              "print(f'opened to {sys.argv[2]} after {time.perf_counter() - started:.3f} s')")


def cli(*args: str) -> tuple[float, int, str]:
    """Run `python <args>`; return (wall seconds, exit code, its first line of output)."""
    started = time.perf_counter()
    done = subprocess.run([sys.executable, *args], capture_output=True, text=True, cwd=REPO_ROOT, check=False,
                          env={**os.environ, "PYTHONPATH": str(REPO_ROOT)})
    lines = (done.stdout + done.stderr).strip().splitlines()
    return time.perf_counter() - started, done.returncode, (lines[0] if lines else "")[:150]


def cli_calls(database: Path) -> list[tuple[str, tuple[float, int, str]]]:
    """A ladder read and a roster write (of the roster already loaded: the write lock, no change), timed whole;
    and a bare open for reading and for writing timed inside the process (the wait for the file alone)."""
    roster = REPO_ROOT / "data" / "demo" / "roster.csv"
    return [
        ("ladder (read)", cli("-m", "analytics", "ladder", "--title", "Immigrant Workers Specialist 1", "--years", "3",
                              "--education", "master", "--db", str(database))),
        ("ingest roster (write)", cli("-m", "analytics.ingest", "roster", str(roster), "--db", str(database))),
        ("open for reading", cli("-c", OPEN_TIMER, str(database), "read")),
        ("open for writing", cli("-c", OPEN_TIMER, str(database), "write")),
    ]


def print_cli(when: str, calls: list[tuple[str, tuple[float, int, str]]]) -> None:
    for name, (seconds, code, line) in calls:
        print(f"  {when:<20} {name:<22} {seconds:5.2f} s  exit {code}  {line}")


def tree_cpu_seconds(root: int, *, without: int | None = None) -> float:
    """Return the CPU seconds (user + system) used so far by process `root` and its descendants, children that
    have ended included (their parent's reaped-children time), leaving out the subtree of `without`."""
    parent, used = {}, {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            text = stat.read_text()
        except OSError:
            continue
        fields = text[text.rindex(")") + 2:].split()
        pid = int(stat.parent.name)
        parent[pid] = int(fields[1])
        used[pid] = sum(int(v) for v in fields[11:15])  # utime, stime, cutime, cstime

    def inside(pid: int) -> bool:
        while pid > 1:
            if pid == without:
                return False
            if pid == root:
                return True
            pid = parent.get(pid, 0)
        return False

    return sum(t for pid, t in used.items() if inside(pid)) / os.sysconf("SC_CLK_TCK")


def machine_cpu_seconds() -> tuple[float, float]:
    """Return (busy, total) CPU seconds of the whole machine so far, every core and every process (/proc/stat)."""
    fields = [int(v) for v in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
    idle = fields[3] + fields[4]  # idle, iowait
    return (sum(fields) - idle) / os.sysconf("SC_CLK_TCK"), sum(fields) / os.sysconf("SC_CLK_TCK")


@dataclass
class Run:
    """The measured run: the sessions' timings, the CLI calls beside them, memory and CPU."""

    timings: Timings = field(default_factory=Timings)
    cli_idle: list = field(default_factory=list)
    cli_busy: list = field(default_factory=list)
    seconds: float = 0.0
    rss_start: int = 0
    rss_idle: int = 0
    rss_peak: int = 0
    rss_after: int = 0
    cpu_server: float = 0.0
    cpu_browser: float = 0.0
    cpu_machine: float = 0.0  # the share of every core busy, whoever used it (other programs too)
    n_tracebacks: int = 0


async def run_sessions(base_url: str, args: argparse.Namespace, database: Path, memory: MemoryWatch,
                       server_pid: int, run: Run) -> None:
    """The warm-up session, a quiet pause, then the sessions at once (and the command line beside them)."""
    in_thread = asyncio.get_running_loop().run_in_executor
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        try:
            warm = Timings()
            await session(browser, base_url, n=1, seed=0, timings=warm, timeout_ms=FIRST_VIEW_MS)
            if warm.failures:
                raise SystemExit(f"the warm-up session failed: {warm.failures[0]}")
            await asyncio.sleep(args.quiet)
            if args.cli:
                run.cli_idle = await in_thread(None, cli_calls, database)
            run.rss_idle = memory.rss()
            memory.reset()
            server_cpu = lambda: tree_cpu_seconds(server_pid)  # noqa: E731
            # Chromium, the Playwright driver and this script, the command-line calls too.
            browser_cpu = lambda: tree_cpu_seconds(os.getpid(), without=server_pid)  # noqa: E731
            cpu_before = server_cpu(), browser_cpu(), machine_cpu_seconds()
            started = time.perf_counter()
            users = [session(browser, base_url, n=args.changes, seed=i + 1, timings=run.timings,
                             timeout_ms=args.timeout * 1000) for i in range(args.sessions)]
            if args.cli:
                async def beside() -> None:
                    await asyncio.sleep(args.cli_after)
                    run.cli_busy = await in_thread(None, cli_calls, database)
                users.append(beside())
            await asyncio.gather(*users)
            run.seconds = time.perf_counter() - started
            run.cpu_server, run.cpu_browser = server_cpu() - cpu_before[0], browser_cpu() - cpu_before[1]
            busy, total = machine_cpu_seconds()
            run.cpu_machine = (busy - cpu_before[2][0]) / max(total - cpu_before[2][1], 1e-9)
            run.rss_peak = memory.peak
        finally:
            await browser.close()


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))] if ordered else float("nan")


def main() -> None:
    """Print the figures of the module docstring."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sessions", type=int, default=10)
    parser.add_argument("--changes", type=int, default=20, help="widget changes per page and session")
    parser.add_argument("--after-close", type=float, default=60.0, help="seconds after the sessions close")
    parser.add_argument("--timeout", type=float, default=30.0, help="seconds a change may take before it fails")
    parser.add_argument("--quiet", type=float, default=10.0, help="seconds of quiet before idle memory is read")
    parser.add_argument("--no-cli", dest="cli", action="store_false", help="no command line beside the sessions")
    parser.add_argument("--cli-after", type=float, default=20.0, help="seconds into the sessions the CLI runs")
    args = parser.parse_args()
    run = Run()
    with tempfile.TemporaryDirectory(prefix="bench-many-users-") as folder:
        template = ensure_demo_database(Path(folder) / "template" / "ladder.duckdb")
        database = Path(folder) / "ladder.duckdb"
        shutil.copyfile(template, database)
        log = Path(folder) / "streamlit.log"
        server, base_url = serve(database, log)
        memory = MemoryWatch(server.pid)
        run.rss_start = memory.rss()
        try:
            asyncio.run(run_sessions(base_url, args, database, memory, server.pid, run))
            time.sleep(args.after_close)
            run.rss_after = memory.rss()
        finally:
            memory.stop()
            server.terminate()
            server.wait(timeout=20)
        run.n_tracebacks = log.read_text(errors="replace").count("Traceback")
    report(args, run)


def report(args: argparse.Namespace, run: Run) -> None:
    """Print the figures: the command line beside the app, the changes, failures, CPU and memory."""
    if run.cli_idle:
        print("command line beside the dashboard (wall time of the whole command; the opens time the wait alone):")
        print_cli("app idle", run.cli_idle)
        print_cli(f"{args.sessions} sessions busy", run.cli_busy)
    timings, mb = run.timings, 1024 * 1024
    every = [t for page in timings.changes.values() for t in page]
    expected = args.sessions * args.changes * 2
    print(f"\n{args.sessions} sessions x {args.changes} changes on /ladder and /costs ({expected} changes) in "
          f"{run.seconds:.1f} s: {len(every)} shown, {len(timings.failures)} failures, "
          f"{run.n_tracebacks} tracebacks in the server log")
    for failure in timings.failures[:10]:
        print(f"  failure: {failure}")
    for page, times in timings.changes.items():
        if times:
            print(f"  /{page:<7} change -> updated view: p50 {statistics.median(times):5.2f} s  "
                  f"p95 {percentile(times, 0.95):5.2f} s  max {max(times):5.2f} s  ({len(times)} changes); "
                  f"first view of the page p50 {statistics.median(timings.first_views[page]):5.2f} s")
    p95 = percentile(every, 0.95)
    print(f"  both    change -> updated view: p50 {statistics.median(every) if every else float('nan'):5.2f} s  "
          f"p95 {p95:5.2f} s (goal <= {GOAL_P95_SECONDS:g} s: {'met' if p95 <= GOAL_P95_SECONDS else 'NOT met'})")
    print(f"  CPU during the sessions: server {run.cpu_server:.0f} s, browser side (Chromium, Playwright, this "
          f"script) {run.cpu_browser:.0f} s, over "
          f"{run.seconds:.0f} s on {os.cpu_count()} cores; the machine was {run.cpu_machine:.0%} busy (every process)")
    ratio = run.rss_after / run.rss_idle
    print(f"server RSS: at start {run.rss_start / mb:.0f} MB, idle {run.rss_idle / mb:.0f} MB (after the warm-up), "
          f"peak {run.rss_peak / mb:.0f} MB, {args.after_close:g} s after close {run.rss_after / mb:.0f} MB = "
          f"{ratio:.2f} x idle (goal <= {GOAL_RSS_RATIO:g}: {'met' if ratio <= GOAL_RSS_RATIO else 'NOT met'})")
    print(f"failures: {len(timings.failures)} (goal 0: {'met' if not timings.failures else 'NOT met'})")


if __name__ == "__main__":
    main()
