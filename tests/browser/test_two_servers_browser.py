"""Two `streamlit run app.py` servers on one PostgreSQL database, as behind a load balancer: a partner
uploaded through the Upload page of server A shows on the next rerun of the Partners page already open on
server B. Server B's page cache holds the old list until then; it refreshes because every cache key carries
the data revision stored in the database (``dashboard.web.caching.cached``), which the upload's commit bumped.

Runs against the PostgreSQL server of the test machine whatever TEST_DATABASE says (that is the setup this
checks); skipped where none answers, except under CI where that is a failure.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlparse

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from dashboard.accounts import users
from dashboard.core import db
from dashboard.core.i18n import t
from dashboard.core.models import utcnow
from dashboard.seed.demo import load_demo
from tests.browser.conftest import (
    CHROMIUM,
    CHROMIUM_ARGS,
    ROOT,
    free_port,
    sign_in_through_the_form,
    wait_for_script,
    wait_until_healthy,
)
from tests.conftest import DEMO_TODAY, POSTGRES_URL, postgres_available

pytestmark = [pytest.mark.browser, pytest.mark.slow]

USERNAME, PASSWORD = "two-servers-admin", "a-long-password-for-two-servers"
NEW_PARTNER = "Fondation des récifs de Wallis"


@pytest.fixture(scope="module")
def shared_database() -> Iterator[str]:
    reason = postgres_available()
    if reason is not None:
        if os.environ.get("CI"):
            pytest.fail(f"CI must run the two-server test: {reason}")
        pytest.skip(reason)
    name = f"two_servers_{uuid.uuid4().hex[:10]}"
    admin = create_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    url = make_url(POSTGRES_URL).set(database=name).render_as_string(hide_password=False)
    engine = db.get_engine(url)
    try:
        db.upgrade(engine)
        with db.session_scope(engine) as session:
            load_demo(session, today=DEMO_TODAY)
            users.create_user(session, username=USERNAME, roles=["admin"], password=PASSWORD, by="test",
                             now=utcnow())
        yield url
    finally:
        engine.dispose()
        db.get_engine.cache_clear()
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def _start_server(url: str, log: Path) -> tuple[subprocess.Popen, str]:
    port = free_port()
    with log.open("w") as output:
        process = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", "app.py", "--server.address=127.0.0.1",
             f"--server.port={port}", "--server.headless=true", "--browser.gatherUsageStats=false",
             "--server.fileWatcherType=none"],
            cwd=ROOT, env={**os.environ, "DATABASE_URL": url}, stdout=output, stderr=subprocess.STDOUT,
        )
    return process, f"http://127.0.0.1:{port}"


@pytest.fixture(scope="module")
def two_servers(shared_database: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str]]:
    logs = tmp_path_factory.mktemp("two_servers")
    started: list[subprocess.Popen] = []
    try:
        bases = []
        for name in ("a", "b"):
            process, base = _start_server(shared_database, logs / f"server_{name}.log")
            started.append(process)
            bases.append(base)
        for process, base in zip(started, bases, strict=True):
            wait_until_healthy(base, process)
        yield bases[0], bases[1]
    finally:
        for process in started:
            process.terminate()
        for process in started:
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()


def _signed_in_page(browser, base: str, title_key: str):
    """A new visitor signed in through the form at the root URL, then taken to the page through the sidebar
    navigation (which keeps the Streamlit session, hence the sign-in)."""
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    context.set_default_timeout(120_000)  # the test machine may be shared and slow
    page = context.new_page()
    page.goto(base, wait_until="domcontentloaded")
    sign_in_through_the_form(page, _server(base))
    wait_for_script(page, timeout_ms=180_000)
    link = page.locator("[data-testid='stSidebarNav']").get_by_role("link", name=t(title_key, "en"), exact=True)
    target = urlparse(link.get_attribute("href") or "").path
    link.click()
    page.wait_for_url(lambda url: urlparse(url).path == target)
    wait_for_script(page, timeout_ms=180_000)
    return page


def _server(base: str):
    from tests.browser.conftest import Server

    return Server(base_url=base, database_url="", username=USERNAME, password=PASSWORD)


def _partner_count(page) -> int:
    """The "N partners" caption of the Partners page."""
    pattern = t("partners.count", "en", count="__N__").replace("__N__", r"([\d,]+)")
    caption = page.get_by_text(re.compile(pattern)).first
    caption.wait_for()
    match = re.search(pattern, caption.inner_text())
    assert match, caption.inner_text()
    return int(match.group(1).replace(",", ""))


def _partner_csv(tmp_path: Path) -> Path:
    path = tmp_path / "new-partner.csv"
    path.write_text(
        "name,type,country,city,status,new_partner\n"
        f"{NEW_PARTNER},foundation,WLF,Mata-Utu,active,yes\n",
        encoding="utf-8",
    )
    return path


def test_an_upload_through_one_server_shows_on_the_other_at_the_next_rerun(
    two_servers: tuple[str, str], shared_database: str, tmp_path: Path
) -> None:
    from playwright.sync_api import sync_playwright

    server_a, server_b = two_servers
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            reader = _signed_in_page(browser, server_b, "page.partners")
            before = _partner_count(reader)

            uploader = _signed_in_page(browser, server_a, "page.upload")  # first kind offered: partners
            uploader.locator("input[type='file']").set_input_files(str(_partner_csv(tmp_path)))
            wait_for_script(uploader, timeout_ms=180_000)
            confirm = uploader.get_by_role("button", name=t("upload.confirm", "en", created=1, updated=0))
            confirm.click()
            wait_for_script(uploader, timeout_ms=180_000)
            engine = db.get_engine(shared_database)
            with engine.connect() as connection:
                stored = connection.execute(
                    text("SELECT count(*) FROM organisation WHERE name = :name"), {"name": NEW_PARTNER}
                ).scalar_one()
            assert stored == 1, "the upload through server A was not committed"

            # Server B: the same session, its page cache warm with the old list; rerun the script.
            reader.keyboard.press("r")
            wait_for_script(reader, timeout_ms=180_000)
            assert _partner_count(reader) == before + 1

            # The sign-in made through server A is a session row in the shared database: the same browser sent
            # to server B (as a load balancer may) is signed in there too, with no form.
            elsewhere = uploader.context.new_page()
            elsewhere.goto(f"{server_b}/partners")
            wait_for_script(elsewhere, timeout_ms=180_000)
            assert elsewhere.get_by_role("button", name=t("auth.submit", "en")).count() == 0
            assert _partner_count(elsewhere) == before + 1
        finally:
            browser.close()
