"""Markdown injection in a real browser (issue 16, item 5): partner names, owners, project titles, indicator codes
and names uploaded as Markdown images and links pointing at another origin. Every page that shows them
(Overview alerts and their tooltips, Partners, Budgets, Indicators' per-project headings, the Map) is opened
with a request listener: the browser asks nothing of any origin but the app's own, no such image element
exists, no link hides another origin behind a word, and the other origin's server is never called."""

from __future__ import annotations

import http.server
import threading
from collections.abc import Iterator
from typing import ClassVar
from urllib.parse import urlparse

import pandas as pd
import pytest
from sqlmodel import Session, select

from dashboard.core import db
from dashboard.core.models import Organisation
from dashboard.core.permissions import SYSTEM_ACTOR
from dashboard.exporting.template_columns import template_frame
from dashboard.importing import pipeline
from tests.browser.conftest import (
    SCREENSHOTS,
    Server,
    free_port,
    sign_in_through_the_form,
    wait_for_script,
)

pytestmark = [pytest.mark.browser, pytest.mark.slow]


class _Catcher(http.server.BaseHTTPRequestHandler):
    hits: ClassVar[list[str]] = []

    def do_GET(self) -> None:
        _Catcher.hits.append(self.path)
        self.send_response(200)
        self.send_header("Content-Type", "image/png")
        self.end_headers()

    def log_message(self, *args: object) -> None:
        return


@pytest.fixture(scope="module")
def catcher() -> Iterator[int]:
    """Another origin (a port of its own) that counts every request it receives."""
    port = free_port()
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), _Catcher)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield port
    finally:
        server.shutdown()


def _payload(port: int, what: str) -> str:
    return f"![x](http://127.0.0.1:{port}/{what}.png) [click](http://127.0.0.1:{port}/{what}) **{what}**"


def _upload(engine, kind: str, frame: pd.DataFrame) -> None:
    with Session(engine) as session:
        result = pipeline.commit(session, kind=kind, file_name=f"{kind}-payloads.csv",
                                 data=frame.to_csv(index=False).encode("utf-8"), actor=SYSTEM_ACTOR)
    assert result.committed, [problem for problem in result.problems]


@pytest.fixture(scope="module")
def payloads(dashboard_server: Server, catcher: int) -> dict[str, str]:
    """Upload payloads through the import pipeline, as staff would: every project title, a partner's owner,
    a new partner's name, and an indicator's code and name."""
    engine = db.get_engine(dashboard_server.database_url)
    with engine.connect() as connection:
        projects = template_frame(connection, "projects", "en")
        partners = template_frame(connection, "partners", "en")
        indicators = template_frame(connection, "indicators", "en")
    projects["title"] = [_payload(catcher, f"title{index}") for index in range(len(projects))]
    _upload(engine, "projects", projects)
    partners = partners[partners["next_review_date"].notna()].head(3).copy()
    partners["relationship_owner"] = _payload(catcher, "owner")
    new_partner = partners.head(1).copy()
    new_partner["name"] = _payload(catcher, "partner")
    new_partner["acronym"] = None
    _upload(engine, "partners", pd.concat([partners, new_partner]))
    indicator = indicators.head(1).copy()
    indicator["code"] = "X" + _payload(catcher, "code").replace(" ", "")[:59]
    indicator["name"] = _payload(catcher, "indicator")
    _upload(engine, "indicators", pd.concat([indicators, indicator]))
    with Session(engine) as session:
        partner_id = session.exec(select(Organisation.id).where(Organisation.name == new_partner["name"].iloc[0])).one()
    return {"partner": str(partner_id), "project": str(indicator["project_code"].iloc[0])}


def test_uploaded_markdown_reaches_no_other_origin_on_any_page(browser, dashboard_server: Server, catcher: int,
                                                               payloads: dict[str, str]) -> None:
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    context.set_default_timeout(120_000)
    requested: list[str] = []
    context.on("request", lambda request: requested.append(request.url))
    app = urlparse(dashboard_server.base_url).netloc
    try:
        page = context.new_page()
        page.goto(f"{dashboard_server.base_url}/?lang=en")
        sign_in_through_the_form(page, dashboard_server)
        page.locator("[data-testid='stSidebarNav']").wait_for()
        addresses = [
            "/?lang=en",  # the Overview (the default page lives at the root)
            f"/indicators?lang=en&project={payloads['project']}",
            f"/partners?lang=en&partner={payloads['partner']}",
            f"/budgets?lang=en&project={payloads['project']}",
            "/map?lang=en",
        ]
        for address in addresses:
            page.goto(dashboard_server.base_url + address)
            wait_for_script(page, timeout_ms=120_000)
            if address.startswith("/?"):
                page.screenshot(path=str(SCREENSHOTS / "markdown_payload_overview.png"))
            # Open every closed expander (alerts) and hover the links with a tooltip, where the text also goes.
            closed = page.locator("[data-testid='stExpander'] details:not([open]) > summary")
            for _ in range(12):
                if not closed.count():
                    break
                closed.first.click(timeout=10_000)
                page.wait_for_timeout(300)
            for link in page.locator("[data-testid='stPageLink'] a >> visible=true").all()[:20]:
                link.hover(timeout=10_000)
            page.wait_for_timeout(500)
            assert page.locator(f"img[src*='127.0.0.1:{catcher}']").count() == 0, address
            # No Markdown link made of the text ("[click](…)" would hide its target behind a word). A bare
            # address typed in a name may be made clickable by the Markdown renderer, but shows as typed.
            links = page.locator(f"a[href*='127.0.0.1:{catcher}']")
            disguised = [links.nth(i).inner_text() for i in range(links.count())
                         if f"127.0.0.1:{catcher}" not in links.nth(i).inner_text()]
            assert disguised == [], address
            if address.startswith("/indicators"):
                page.locator("[data-testid='stMarkdownContainer'] strong", has_text="X![x](").first.wait_for()
                page.screenshot(path=str(SCREENSHOTS / "markdown_payload_indicators.png"))
        others = [url for url in requested if urlparse(url).scheme in {"http", "https", "ws", "wss"}
                  and urlparse(url).netloc != app]
        assert others == []
        assert _Catcher.hits == []
    finally:
        context.close()
