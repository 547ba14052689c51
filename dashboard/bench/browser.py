"""Browser benchmark: ``python -m dashboard bench --browser [--size large|small] [--database-url URL]``.

What a person waits for, not what the server computes: builds (or reuses) the portfolio as the page benchmark
does, starts ``streamlit run app.py`` on loopback, signs in through the real form, and drives headless Chromium
(the browser tests' set-up) through every page of ``dashboard.web.navigation.PAGES`` twice, clicking the
sidebar link. One line per page and visit::

    page=budgets visit=1 drawn_s=… bytes=… ws_bytes=… http_bytes=… server_s=… runs=… charts=…

- ``drawn_s``: seconds from the click to the first frame in which the script is done (the server's
  ``script_finished`` message has arrived and the app says it is not running), nothing on the page is stale,
  no element is still a skeleton and every Plotly chart is drawn; the frame must then stay so for a second
  (a later rerun starts the wait again). The first visit of the first page is clicked from the sign-in form
  (``via=sign_in``): it includes the sign-in itself. The name and password are typed at 50 ms a key, as a fast
  person types them: the server starts warming the pages' caches when the sign-in form is first shown
  (``web.warm``).
- ``started_s`` and ``finished_s``: seconds from the click to the server's first message of the run and to its
  ``script_finished``, as the browser receives them: what comes before ``started_s`` is the click, the sign-in
  post and a new document; what comes after ``finished_s`` is the browser drawing.
- After the visits, the region ``FILTER_REGION`` is chosen in the sidebar on the Overview (``via=filter``,
  from the click on the choice) and the money and indicator pages are visited with it (``via=filtered``):
  what narrowing the portfolio costs on a warm server, where nothing was computed for that filter before.
- ``bytes``: what the browser received for the visit: the page's websocket messages (``ws_bytes``, the data
  the page sends) and HTTP responses (``http_bytes``: code chunks loaded on first use, from the network, not
  from the browser's cache).
- ``server_s``: seconds between the server's first message of the run (``new_session``) and its
  ``script_finished``, as they arrive: the server's run time of the page, seen from the browser;
  ``server_cpu_s`` the server process's CPU seconds over the visit (steadier than wall time on a machine
  shared with other work; it includes the warm-up thread while that runs), ``browser_cpu_s`` Chromium's
  (every process of it), both including the second the page must stay drawn.

The machine's load average is printed before and after (the figures mean little on a machine busy with
other work), and a last line gives the server process's peak memory (``server_peak_rss_mb``). A benchmark, not
a timed test: figures depend on the machine, so they are printed, never asserted. Goals at the large size:
drawn ≤ 1.0 s on a warm server (second visit), ≤ 2.0 s on the first visit after start, ≤ 1 MB sent per page,
peak ≤ 1 GB; on the demo portfolio ≤ 0.5 s.
"""

from __future__ import annotations

import os
import secrets
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from dashboard.accounts import users
from dashboard.bench.pages import build
from dashboard.core import db
from dashboard.core.i18n import t
from dashboard.core.models import UserRole, utcnow
from dashboard.presenting.filters import value_label
from dashboard.queries.filters import DIMENSIONS
from dashboard.web.navigation import PAGES

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
VIEWPORT_WIDTH, VIEWPORT_HEIGHT = 1500, 1000  # as the browser tests
BENCH_USER = "bench-browser"
TYPING_DELAY_MS = 50  # between two keys of the name and password: faster than most people type
STABLE_MS = 1000  # a page counts as drawn once it has stayed drawn this long
PAGE_TIMEOUT_S = 180
VISITS = 2
FILTER_REGION = "PACIFIC"  # the region a reference-group member of a Pacific programme chooses first
FILTERED_PAGES = ("overview", "budgets", "indicators", "map")  # the Overview first: the choice is made there
CHOICE_ATTEMPTS = 3

# Installed before the app's own code: watches the websocket (time, size and top-level fields of each
# message, decoded from the ForwardMsg protobuf: 4 new_session, 6 script_finished) and, on every animation
# frame after a click, whether the page is drawn.
_WATCH_SCRIPT = r"""
(() => {
  const bench = window.__bench = {
    messages: [], clickAt: null, runStartAt: null, finishedAt: null, drawnAt: null, runs: 0,
  };
  function fields(buffer) {
    const bytes = new Uint8Array(buffer);
    const found = {};
    let i = 0;
    const varint = () => {
      let value = 0, shift = 0, byte;
      do { byte = bytes[i++]; value += (byte & 0x7f) * Math.pow(2, shift); shift += 7; } while (byte & 0x80);
      return value;
    };
    try {
      while (i < bytes.length) {
        const tag = varint();
        const field = Math.floor(tag / 8), wire = tag & 7;
        if (wire === 0) { found[field] = varint(); }
        else if (wire === 2) { const length = varint(); found[field] = -1; i += length; }
        else if (wire === 1) { i += 8; } else if (wire === 5) { i += 4; } else { break; }
      }
    } catch (error) { /* not a ForwardMsg: counted, not read */ }
    return found;
  }
  const Native = window.WebSocket;
  class Watched extends Native {
    constructor(...args) {
      super(...args);
      this.addEventListener('message', (event) => {
        const now = performance.now();
        const data = event.data;
        let size = 0, found = {};
        if (data instanceof ArrayBuffer) { size = data.byteLength; found = fields(data); }
        else if (typeof data === 'string') { size = new TextEncoder().encode(data).length; }
        else if (data && data.size !== undefined) { size = data.size; }
        bench.messages.push([now, size]);
        if (bench.clickAt === null) return;
        if (4 in found) {
          bench.runs += 1;
          bench.finishedAt = null;
          if (bench.runStartAt === null) bench.runStartAt = now;
        }
        if (6 in found && (found[6] === 0 || found[6] === 3)) bench.finishedAt = now;
      });
    }
  }
  window.WebSocket = Watched;
  function chartsDrawn() {
    const charts = document.querySelectorAll("[data-testid='stPlotlyChart']");
    for (const chart of charts) {
      const plot = chart.querySelector('.js-plotly-plot');
      if (!plot || !plot._fullLayout || !plot.querySelector('.main-svg')) return false;
      if (plot._transitioning || (plot._promises && plot._promises.length)) return false;
    }
    return true;
  }
  function drawn() {
    if (bench.finishedAt === null) return false;
    const app = document.querySelector("[data-testid='stApp']");
    if (!app || app.getAttribute('data-test-script-state') !== 'notRunning') return false;
    if (document.querySelector("[data-stale='true'], [data-testid='stSkeleton']")) return false;
    return chartsDrawn();
  }
  bench.start = () => {
    bench.clickAt = performance.now();
    bench.runStartAt = null; bench.finishedAt = null; bench.drawnAt = null; bench.runs = 0;
    // The sign-in form posts and the browser loads a new document: the click's time is kept across it.
    sessionStorage.setItem('benchClickEpoch', String(performance.timeOrigin + bench.clickAt));
  };
  const carried = sessionStorage.getItem('benchClickEpoch');
  if (carried !== null) bench.clickAt = Number(carried) - performance.timeOrigin;  // before this document

  bench.report = () => {
    sessionStorage.removeItem('benchClickEpoch');
    const since = bench.clickAt;
    let ws = 0;
    for (const [at, size] of bench.messages) if (at >= since) ws += size;
    let http = 0;
    for (const entry of performance.getEntriesByType('resource'))
      if (entry.startTime >= since) http += entry.transferSize || 0;
    return {
      drawn_ms: bench.drawnAt === null ? null : bench.drawnAt - since,
      server_ms: (bench.finishedAt === null || bench.runStartAt === null)
        ? null : bench.finishedAt - bench.runStartAt,
      started_ms: bench.runStartAt === null ? null : bench.runStartAt - since,
      finished_ms: bench.finishedAt === null ? null : bench.finishedAt - since,
      ws_bytes: ws, http_bytes: http, runs: bench.runs,
      charts: document.querySelectorAll("[data-testid='stPlotlyChart']").length,
    };
  };
  function frame() {
    const now = performance.now();
    if (bench.clickAt !== null) {
      if (drawn()) { if (bench.drawnAt === null) bench.drawnAt = now; }
      else bench.drawnAt = null;
    }
    requestAnimationFrame(frame);
  }
  requestAnimationFrame(frame);
})();
"""

_STABLE_CHECK = f"() => window.__bench.drawnAt !== null && performance.now() - window.__bench.drawnAt >= {STABLE_MS}"


@dataclass(frozen=True)
class Visit:
    page: str
    visit: int
    drawn_s: float
    ws_bytes: int
    http_bytes: int
    server_s: float
    runs: int
    charts: int
    via: str = "sidebar"
    server_cpu_s: float = 0.0
    browser_cpu_s: float = 0.0
    started_s: float = 0.0
    finished_s: float = 0.0
    error: str | None = None

    @property
    def bytes(self) -> int:
        return self.ws_bytes + self.http_bytes

    def line(self) -> str:
        if self.error:
            return f"page={self.page} visit={self.visit} error={self.error}"
        return (f"page={self.page} visit={self.visit} drawn_s={self.drawn_s:.3f} started_s={self.started_s:.3f} "
                f"finished_s={self.finished_s:.3f} bytes={self.bytes} "
                f"ws_bytes={self.ws_bytes} http_bytes={self.http_bytes} server_s={self.server_s:.3f} "
                f"server_cpu_s={self.server_cpu_s:.3f} browser_cpu_s={self.browser_cpu_s:.3f} runs={self.runs} "
                f"charts={self.charts} via={self.via}")


# ---------------------------------------------------------------------------------------------------------
# The server
# ---------------------------------------------------------------------------------------------------------


def free_port() -> int:
    """A TCP port free on loopback now (the benchmark's and the browser tests' servers)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until_healthy(url: str, process: subprocess.Popen, timeout: float = 120.0) -> None:
    """Wait until the Streamlit server at ``url`` answers its health check. Raises ``RuntimeError`` when the
    process exits first, ``TimeoutError`` after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"streamlit exited with {process.returncode}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise TimeoutError("streamlit did not answer in time")


@contextmanager
def serve(url: str, log: Path) -> Iterator[tuple[str, subprocess.Popen]]:
    """``streamlit run app.py`` on a free loopback port against ``url``; stopped on leaving."""
    port = free_port()
    env = {**os.environ, "DATABASE_URL": url}
    with log.open("w") as output:
        process = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", "app.py", "--server.address=127.0.0.1",
             f"--server.port={port}", "--server.headless=true", "--browser.gatherUsageStats=false",
             "--server.fileWatcherType=none"],
            cwd=db.PROJECT_ROOT, env=env, stdout=output, stderr=subprocess.STDOUT,
        )
    try:
        base = f"http://127.0.0.1:{port}"
        wait_until_healthy(base, process)
        yield base, process
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def peak_rss_mb(pid: int) -> float:
    """The process's peak resident memory so far (VmHWM), in MB; 0 where /proc does not tell."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def cpu_seconds(pid: int | None) -> float:
    """CPU seconds (user + system) the process has used so far; 0 where /proc does not tell."""
    if pid is None:
        return 0.0
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def browser_cpu_seconds() -> float:
    """CPU seconds used so far by the Chromium processes this process started (through Playwright's driver):
    every descendant whose name starts with "chrom"."""
    parents: dict[int, int] = {}
    names: dict[int, str] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        name, rest = stat[stat.index("(") + 1:stat.rindex(")")], stat[stat.rindex(")") + 2:].split()
        parents[int(entry.name)], names[int(entry.name)] = int(rest[1]), name
    me = os.getpid()

    def descends(pid: int) -> bool:
        seen = 0
        while pid > 1 and seen < 64:
            if pid == me:
                return True
            pid, seen = parents.get(pid, 0), seen + 1
        return False

    return sum(cpu_seconds(pid) for pid, name in names.items() if name.startswith("chrom") and descends(pid))


def bench_account(url: str) -> str:
    """An admin account (sees every page) with a fresh random password; returns the password."""
    password = secrets.token_urlsafe(12)
    engine = db.get_engine(url)
    now = utcnow()
    with db.session_scope(engine) as session:
        if users.find_user(session, BENCH_USER) is None:
            users.create_user(session, username=BENCH_USER, roles=[UserRole.admin], password=password,
                              by="bench", now=now)
        else:
            users.set_roles(session, username=BENCH_USER, roles=[UserRole.admin], by="bench", now=now)
            users.set_password(session, username=BENCH_USER, password=password, by="bench", now=now)
    engine.dispose()
    return password


# ---------------------------------------------------------------------------------------------------------
# The browser
# ---------------------------------------------------------------------------------------------------------


def _measure(page: Any, url_path: str, visit: int, click: Callable[[], None], via: str,
             server_pid: int | None) -> Visit:
    page.evaluate("() => window.__bench.start()")
    cpu, browser_cpu = cpu_seconds(server_pid), browser_cpu_seconds()
    click()
    page.wait_for_function(_STABLE_CHECK, polling=100, timeout=PAGE_TIMEOUT_S * 1000)
    report = page.evaluate("() => window.__bench.report()")
    return Visit(
        page=url_path, visit=visit, drawn_s=report["drawn_ms"] / 1000, ws_bytes=int(report["ws_bytes"]),
        http_bytes=int(report["http_bytes"]), server_s=(report["server_ms"] or 0.0) / 1000,
        runs=int(report["runs"]), charts=int(report["charts"]), via=via,
        started_s=(report["started_ms"] or 0.0) / 1000, finished_s=(report["finished_ms"] or 0.0) / 1000,
        # Includes the second the page must stay drawn, when the server does next to nothing.
        server_cpu_s=cpu_seconds(server_pid) - cpu, browser_cpu_s=browser_cpu_seconds() - browser_cpu,
    )


def drive(base_url: str, password: str, *, out: Callable[[str], None], lang: str = "en",
          visits: int = VISITS, server_pid: int | None = None) -> list[Visit]:
    from playwright.sync_api import sync_playwright  # deferred: a test dependency, needed by this command only

    results: list[Visit] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": VIEWPORT_WIDTH, "height": VIEWPORT_HEIGHT})
            page.add_init_script(_WATCH_SCRIPT)
            page.goto(f"{base_url}/?lang={lang}", wait_until="domcontentloaded")
            # Typed as a (fast) person types: the app may use those seconds, as it would with a person.
            page.get_by_label(t("auth.username", lang)).press_sequentially(BENCH_USER, delay=TYPING_DELAY_MS)
            page.get_by_label(t("auth.password", lang), exact=True).press_sequentially(password,
                                                                                      delay=TYPING_DELAY_MS)
            submit = page.get_by_role("button", name=t("auth.submit", lang))
            first = PAGES[0]  # the default page: where the sign-in lands
            visit = _measure(page, first.url_path, 1, submit.click, "sign_in", server_pid)
            if not page.locator("[data-testid='stSidebarNav']").count():
                raise RuntimeError("the sign-in was refused: the form is still shown (check the bench account)")
            results.append(visit)
            out(visit.line())
            for number in range(1, visits + 1):
                for spec in PAGES:
                    if number == 1 and spec is first:
                        continue
                    link = page.locator("[data-testid='stSidebarNav']").get_by_role(
                        "link", name=t(spec.title_key, lang), exact=True)
                    try:
                        visit = _measure(page, spec.url_path, number, link.click, "sidebar", server_pid)
                    except Exception as error:  # one page that never settles must not hide the others
                        visit = Visit(spec.url_path, number, 0.0, 0, 0, 0.0, 0, 0,
                                      error=f"{error.__class__.__name__}: {error}"[:300].replace("\n", " "))
                    results.append(visit)
                    out(visit.line())
            for visit in _filtered_visits(page, lang, server_pid):
                results.append(visit)
                out(visit.line())
        finally:
            browser.close()
    return results


def _filtered_visits(page: Any, lang: str, server_pid: int | None) -> Iterator[Visit]:
    """A reference-group member narrows the portfolio: on the Overview, ``FILTER_REGION`` chosen in the
    sidebar's region list (``via=filter``: from the click on the choice to the page drawn again), then the
    portfolio pages visited with it (``via=filtered``). Nothing is warmed for a filter: these are what a first
    choice of it costs on a warm server. Skipped when the portfolio holds no such region."""
    region = next(dimension for dimension in DIMENSIONS if dimension.field == "regions")
    nav = page.locator("[data-testid='stSidebarNav']")
    by_path = {spec.url_path: spec for spec in PAGES}
    # To the Overview, waited for as a visit is (the clock restarted: the last page's drawn frame must not
    # count), so the region list is opened on the page that stays, not on one a rerun replaces.
    page.evaluate("() => window.__bench.start()")
    nav.get_by_role("link", name=t(by_path[FILTERED_PAGES[0]].title_key, lang), exact=True).click()
    page.wait_for_function(_STABLE_CHECK, polling=100, timeout=PAGE_TIMEOUT_S * 1000)
    widget = page.locator("[data-testid='stSidebar'] [data-testid='stMultiSelect']").filter(
        has_text=t(region.label_key, lang))
    option = page.get_by_role("option", name=value_label(region, FILTER_REGION, lang), exact=True)

    def choose() -> None:
        """Open the list and click the region; again (the clock restarted) when no run follows the click, as a
        person clicks again when nothing happens."""
        for _attempt in range(CHOICE_ATTEMPTS):
            widget.scroll_into_view_if_needed()  # low in the sidebar: its list opens only when it shows
            widget.locator("input").click()
            option.wait_for(timeout=10_000)
            page.evaluate("() => window.__bench.start()")  # the clock starts at the click on the choice
            option.click()
            try:
                page.wait_for_function("() => window.__bench.runs > 0", polling=100, timeout=10_000)
                return
            except Exception:  # the click found no choice to make: close the list and choose again
                page.keyboard.press("Escape")
        raise RuntimeError(f"choosing {FILTER_REGION} in the sidebar started no run in {CHOICE_ATTEMPTS} tries")

    try:
        widget.scroll_into_view_if_needed()
        widget.locator("input").click()
        option.wait_for(timeout=10_000)
    except Exception:  # the portfolio holds no partner or project there: nothing to narrow to
        page.keyboard.press("Escape")
        return
    page.keyboard.press("Escape")
    yield _measure(page, FILTERED_PAGES[0], 1, choose, "filter", server_pid)
    page.keyboard.press("Escape")  # the list of choices stays open after a choice
    for url_path in FILTERED_PAGES[1:]:
        link = nav.get_by_role("link", name=t(by_path[url_path].title_key, lang), exact=True)
        yield _measure(page, url_path, 1, link.click, "filtered", server_pid)


def run(url: str | None, size: str, *, reuse: bool = False, force: bool = False, lang: str = "en",
        out: Callable[[str], None] = print) -> list[Visit]:
    """Build (or reuse) the portfolio, serve it, and time every page in the browser. ``url=None``: a
    temporary SQLite file, removed afterwards."""
    with tempfile.TemporaryDirectory(prefix="dashboard_browser_bench_") as workdir:
        database = url or f"sqlite:///{Path(workdir) / 'bench.db'}"
        out(f"database={db.get_engine(database).url.render_as_string(hide_password=True)} size={size} "
            f"browser=chromium")
        build(database, size, reuse=reuse, force=force, out=out)
        password = bench_account(database)
        db.get_engine(database).dispose()
        with serve(database, Path(workdir) / "server.log") as (base_url, process):
            out(f"load_average={os.getloadavg()[0]:.2f} cores={os.cpu_count()}")
            visits = drive(base_url, password, out=out, lang=lang, server_pid=process.pid)
            out(f"load_average={os.getloadavg()[0]:.2f} cores={os.cpu_count()}")
            out(f"server_peak_rss_mb={peak_rss_mb(process.pid):.0f}")
    return visits
