"""The map page in a real browser: `streamlit run` on loopback, Debian's Chromium headless, no network.

Asserts that the country shapes and every point are drawn as SVG, that nothing is requested from any host
but the local server (Plotly's geo base map would fetch its shapes from a CDN and stay blank offline), and
that no error shows. Saves a screenshot to ``tests/artifacts/screenshots/map.png`` to look at.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlparse

import pytest

from dashboard import auth, db, maps
from dashboard.i18n import t
from dashboard.models import utcnow

pytestmark = [pytest.mark.browser, pytest.mark.slow]

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "tests" / "artifacts" / "screenshots"
CHROMIUM = "/usr/bin/chromium"
USERNAME = "map-viewer"
PASSWORD = "pacific-islands-together-2026"
LOCAL_HOSTS = {"127.0.0.1", "localhost", "[::1]", "::1"}


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _wait_until_healthy(url: str, process: subprocess.Popen, timeout: float = 90.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"streamlit exited with {process.returncode}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    raise TimeoutError("streamlit did not answer in time")


@pytest.fixture(scope="module")
def map_server(database_factory, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str]]:
    """A demo database with one password account, served by `streamlit run app.py` on a free port."""
    if not Path(CHROMIUM).exists():
        pytest.skip(f"{CHROMIUM} is not installed (apt-get install chromium)")
    pytest.importorskip("playwright.sync_api")
    url = database_factory.new("demo")
    engine = db.get_engine(url)
    with db.session_scope(engine) as session:
        auth.create_user(session, username=USERNAME, roles=["leadership"], password=PASSWORD, by="test", now=utcnow())
    port = _free_port()
    log = tmp_path_factory.mktemp("streamlit") / "server.log"
    env = {**os.environ, "DATABASE_URL": url}
    with log.open("w") as output:
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "streamlit",
                "run",
                "app.py",
                "--server.address=127.0.0.1",
                f"--server.port={port}",
                "--server.headless=true",
                "--browser.gatherUsageStats=false",
                # Other engineers edit modules while tests run: a reload mid-test is not what is tested here.
                "--server.fileWatcherType=none",
            ],
            cwd=ROOT,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    try:
        base = f"http://127.0.0.1:{port}"
        _wait_until_healthy(base, process)
        yield base, url
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
        engine.dispose()


def test_the_map_draws_shapes_and_every_point_offline(map_server: tuple[str, str]) -> None:
    from playwright.sync_api import TimeoutError as PlaywrightTimeoutError
    from playwright.sync_api import sync_playwright

    base, database_url = map_server
    expected_points = len(maps.map_points(db.get_engine(database_url)))
    outside_requests: list[str] = []
    console_errors: list[str] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
        )
        try:
            page = browser.new_page(viewport={"width": 1600, "height": 1300})
            page.on(
                "request",
                lambda request: (
                    outside_requests.append(request.url)
                    if urlparse(request.url).hostname not in LOCAL_HOSTS
                    and not request.url.startswith(("data:", "blob:"))
                    else None
                ),
            )
            page.on("console", lambda message: console_errors.append(message.text) if message.type == "error" else None)
            # Sign in on the entry page, then go to the map through the navigation, as a person does.
            page.goto(f"{base}/", wait_until="domcontentloaded")
            page.get_by_label(t("auth.username", "en")).fill(USERNAME, timeout=60_000)
            page.get_by_label(t("auth.password", "en"), exact=True).fill(PASSWORD)
            page.get_by_role("button", name=t("auth.submit", "en")).click()
            page.get_by_role("link", name=t("page.map", "en"), exact=True).click(timeout=60_000)

            page.wait_for_selector(".js-plotly-plot .scatterlayer", timeout=60_000)
            page.wait_for_function(
                "n => document.querySelectorAll('.js-plotly-plot .scatterlayer path.point').length >= n",
                arg=expected_points,
                timeout=30_000,
            )
            page.wait_for_timeout(1500)  # let the last frames settle before the screenshot
            SCREENSHOTS.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(SCREENSHOTS / "map.png"), full_page=True)

            drawn_points = page.locator(".js-plotly-plot .scatterlayer path.point").count()
            # The land: filled paths with one sub-path per island, i.e. thousands of "M" moves.
            land_moves = page.evaluate(
                "() => Array.from(document.querySelectorAll('.js-plotly-plot .scatterlayer path.js-fill'))"
                ".map(p => (p.getAttribute('d') || '').split('M').length - 1)"
            )
            error_boxes = page.locator("[data-testid='stException'], [data-testid='stAlertContentError']").count()
            problems_header = page.get_by_text(t("map.unplaced.title", "en")).count()

            # Choosing a point shows its record and a link to its page. The last marker trace is drawn on top
            # (the smallest partner group), so nothing covers its points.
            link = page.get_by_role("link", name=t("map.selected.open_partner", "en"))
            page.wait_for_timeout(1500)  # the full-page screenshot resized the chart: let it redraw
            for _attempt in range(3):
                partner_trace = (
                    page.locator(".js-plotly-plot .scatterlayer .trace").filter(has=page.locator("path.point")).last
                )
                box = partner_trace.locator("path.point").first.bounding_box()
                assert box is not None
                # Plotly selects the point under the hover: move there, let the hover settle, then click.
                page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
                page.wait_for_timeout(800)
                page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
                try:
                    link.first.wait_for(timeout=15_000)
                    break
                except PlaywrightTimeoutError:
                    continue
            page.screenshot(path=str(SCREENSHOTS / "map_selected.png"), full_page=True)
            link_target = (link.first.get_attribute("href") or "") if link.count() else ""
        finally:
            browser.close()

    assert drawn_points == expected_points
    assert "partner=" in link_target, link_target
    assert land_moves and max(land_moves) > 1000, land_moves  # the world's coastlines, drawn from data/geo
    assert problems_header >= 1
    assert error_boxes == 0
    assert not outside_requests, outside_requests
    assert not console_errors, console_errors
