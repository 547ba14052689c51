"""Every page of the navigation in a real browser (Debian's Chromium, headless, no network): signed in
through the form, each page must finish running with no Streamlit error box, no console error and no request
to any host but the local server. A screenshot of each page is saved to tests/artifacts/screenshots/ to be
looked at. The page list comes from dashboard.web.navigation.PAGES.

Page-specific checks (e.g. the map's shapes and points) go in CHECKS, keyed by url_path.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlparse

import pytest

from dashboard.core.i18n import t
from dashboard.queries.data_quality import RULES
from dashboard.web.navigation import PAGES
from tests.browser.conftest import (
    CHROMIUM,
    CHROMIUM_ARGS,
    LOCAL_HOSTS,
    SCREENSHOTS,
    Server,
    save_full_screenshot,
    sign_in_through_the_form,
    wait_for_script,
)

pytestmark = [pytest.mark.browser, pytest.mark.slow]

ERROR_BOXES = "[data-testid='stException'], [data-testid='stAlertContentError']"


def _at_least(page, selector: str, count: int, timeout_ms: int = 30_000) -> None:
    """Wait until ``count`` elements match (charts draw after the script has finished)."""
    page.wait_for_function(
        "([selector, count]) => document.querySelectorAll(selector).length >= count",
        arg=[selector, count], timeout=timeout_ms,
    )


def _budgets(page) -> None:
    # The over-spent project of the source documents, in the variance table and the execution chart.
    _at_least(page, ".js-plotly-plot", 2)
    _at_least(page, ".js-plotly-plot .barlayer .point", 10)
    assert page.get_by_text("112%").count() >= 1
    # The CSV is built when clicked: it must arrive, with the over-spent project's raw figures.
    with page.expect_download(timeout=60_000) as download:
        page.get_by_role("button", name="Download CSV").first.click()
    content = Path(download.value.path()).read_bytes().decode("utf-8-sig")
    assert content.startswith("Project,Title,Budget (EUR)")
    assert "REG-C1.1" in content and "-53399.0" in content


def _overview(page) -> None:
    _at_least(page, "[data-testid='stMetric']", 8)
    _at_least(page, ".js-plotly-plot .barlayer .point", 10)  # bars drawn, not a blank chart


def _indicators(page) -> None:
    _at_least(page, ".js-plotly-plot", 3)
    _at_least(page, ".js-plotly-plot .scatterlayer .trace", 3)


def _partners(page) -> None:
    assert page.get_by_text("264 partners").count() == 1  # the demo partner list, unfiltered
    assert page.locator("[data-testid='stDataFrame']").count() == 1


def _data_quality(page) -> None:
    assert page.locator("[data-testid='stMetric']").count() == len(RULES)  # one count per rule
    assert page.get_by_text("records to look at").count() == 1  # how many depends on today's date


CHECKS: dict[str, Callable] = {"overview": _overview, "budgets": _budgets, "indicators": _indicators,
                               "partners": _partners, "data-quality": _data_quality}


def test_every_page_renders_offline_without_errors(dashboard_server: Server) -> None:
    from playwright.sync_api import sync_playwright

    outside_requests: list[str] = []
    console_errors: list[str] = []
    problems: dict[str, list[str]] = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1500, "height": 1000})
            page.on("request", lambda request: outside_requests.append(request.url)
                    if urlparse(request.url).hostname not in LOCAL_HOSTS
                    and not request.url.startswith(("data:", "blob:")) else None)
            page.on("console", lambda message: console_errors.append(f"{page.url}: {message.text}")
                    if message.type == "error" else None)
            page.goto(dashboard_server.base_url, wait_until="domcontentloaded")
            sign_in_through_the_form(page, dashboard_server)
            wait_for_script(page)
            SCREENSHOTS.mkdir(parents=True, exist_ok=True)
            for spec in PAGES:
                # Through the sidebar navigation, so the session (and the sign-in) carries over.
                link = page.locator("[data-testid='stSidebarNav']").get_by_role(
                    "link", name=t(spec.title_key, "en"), exact=True)
                target_path = urlparse(link.get_attribute("href") or "").path
                link.click()
                page.wait_for_url(lambda url, path=target_path: urlparse(url).path == path, timeout=30_000)
                wait_for_script(page)
                page.wait_for_timeout(1000)  # let charts finish drawing before the screenshot
                save_full_screenshot(page, SCREENSHOTS / f"{spec.url_path}.png")
                errors = page.locator(ERROR_BOXES)
                if errors.count():
                    problems[spec.url_path] = errors.all_inner_texts()
                check = CHECKS.get(spec.url_path)
                if check is not None:
                    check(page)
            # The same session in French: the language choice carries over to the pages.
            page.locator("[data-testid='stSidebar'] button", has_text="Français").first.click()
            wait_for_script(page)
            for url_path in ("overview", "budgets"):
                spec = next(item for item in PAGES if item.url_path == url_path)
                page.locator("[data-testid='stSidebarNav']").get_by_role(
                    "link", name=t(spec.title_key, "fr"), exact=True).click()
                page.wait_for_timeout(500)
                wait_for_script(page)
                save_full_screenshot(page, SCREENSHOTS / f"{url_path}-fr.png")
                assert page.get_by_role("heading", name=t(f"{url_path}.title", "fr")).count() == 1
                if page.locator(ERROR_BOXES).count():
                    problems[f"{url_path}-fr"] = page.locator(ERROR_BOXES).all_inner_texts()
        finally:
            browser.close()
    assert not problems, problems
    assert not outside_requests, outside_requests
    assert not console_errors, console_errors
