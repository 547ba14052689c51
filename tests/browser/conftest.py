"""A real server for browser tests: `streamlit run app.py` on loopback against a demo database, with one
password account, and a helper that signs in through the real sign-in form."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from dashboard.accounts import users
from dashboard.bench.browser import free_port, wait_until_healthy
from dashboard.core import db
from dashboard.core.i18n import t
from dashboard.core.models import utcnow

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "tests" / "artifacts" / "screenshots"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
LOCAL_HOSTS = {"127.0.0.1", "localhost", "[::1]", "::1"}


@dataclass(frozen=True)
class Server:
    base_url: str
    database_url: str
    username: str
    password: str


@pytest.fixture(scope="module")
def dashboard_server(database_factory, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """The demo portfolio served by `streamlit run app.py` on a free loopback port; an admin account (sees
    every page) with a password, to sign in through the form."""
    if not Path(CHROMIUM).exists():
        pytest.skip(f"{CHROMIUM} is not installed (apt-get install chromium)")
    pytest.importorskip("playwright.sync_api")
    url = database_factory.new("demo")
    engine = db.get_engine(url)
    username, password = "browser-admin", "a-long-test-password-for-the-browser"
    with db.session_scope(engine) as session:
        users.create_user(session, username=username, roles=["admin"], password=password, by="test", now=utcnow())
    port = free_port()
    log = tmp_path_factory.mktemp("streamlit") / "server.log"
    env = {**os.environ, "DATABASE_URL": url}
    with log.open("w") as output:
        process = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", "app.py", "--server.address=127.0.0.1",
             f"--server.port={port}", "--server.headless=true", "--browser.gatherUsageStats=false",
             # Engineers edit modules while tests run: a reload mid-test (models defined twice) is not tested.
             "--server.fileWatcherType=none"],
            cwd=ROOT, env=env, stdout=output, stderr=subprocess.STDOUT,
        )
    try:
        base = f"http://127.0.0.1:{port}"
        wait_until_healthy(base, process)
        yield Server(base_url=base, database_url=url, username=username, password=password)
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
        engine.dispose()


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    """Headless Chromium (``CHROMIUM``), one per test module."""
    from playwright.sync_api import sync_playwright  # deferred: only browser tests need Playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield launched
        finally:
            launched.close()


def sign_in_through_the_form(page, server: Server, lang: str = "en") -> None:
    page.get_by_label(t("auth.username", lang)).fill(server.username)
    page.get_by_label(t("auth.password", lang), exact=True).fill(server.password)
    page.get_by_role("button", name=t("auth.submit", lang)).click()


def wait_for_script(page, timeout_ms: int = 60_000) -> None:
    """Wait until Streamlit has finished running the page: the status widget ("Running…") has gone and
    stayed gone for a moment, and the page's elements have been drawn."""
    page.wait_for_selector("[data-testid='stMain'] [data-testid='stElementContainer']", timeout=timeout_ms)
    deadline = time.monotonic() + timeout_ms / 1000
    quiet_since = None
    while time.monotonic() < deadline:
        running = page.locator("[data-testid='stStatusWidget']").count() > 0
        if running:
            quiet_since = None
        elif quiet_since is None:
            quiet_since = time.monotonic()
        elif time.monotonic() - quiet_since > 1.5:
            return
        page.wait_for_timeout(250)
    raise TimeoutError("the page script did not finish in time")


def save_full_screenshot(page, path: Path, width: int = 1500) -> None:
    """Screenshot the whole page. Streamlit scrolls inside its main block, so a full-page screenshot would
    stop at the window: grow the window to the content's height first, then put it back."""
    height = page.evaluate(
        "() => Math.max(...Array.from(document.querySelectorAll(`[data-testid='stMain'], "
        "[data-testid='stMainBlockContainer'], [data-testid='stSidebarContent']`)).map(e => e.scrollHeight))"
    )
    original = page.viewport_size
    page.set_viewport_size({"width": width, "height": min(int(height) + 120, 16_000)})
    page.wait_for_timeout(1500)  # charts redraw at the new size
    page.screenshot(path=str(path), full_page=True, timeout=120_000)  # large pages on a busy machine
    if original:
        page.set_viewport_size(original)
