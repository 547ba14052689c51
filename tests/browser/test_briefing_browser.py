"""One click on the Overview page downloads the leadership briefing, in a real browser: the file opens with
no network and shows the figures the Overview page shows (`streamlit run` on loopback, headless Chromium)."""

from __future__ import annotations

from pathlib import Path

import pytest

from dashboard.core.i18n import t
from tests.browser.conftest import (
    CHROMIUM,
    CHROMIUM_ARGS,
    SCREENSHOTS,
    Server,
    sign_in_through_the_form,
    wait_for_script,
)

pytestmark = [pytest.mark.browser, pytest.mark.slow]

HEADLINE_KEYS = ("overview.total_budget", "metric.consumed", "metric.balance", "metric.execution_rate")


def test_one_click_downloads_a_briefing_with_the_overview_figures(dashboard_server: Server, tmp_path: Path) -> None:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            context = browser.new_context(accept_downloads=True, viewport={"width": 1400, "height": 1100})
            page = context.new_page()
            page.goto(f"{dashboard_server.base_url}/?lang=fr", wait_until="domcontentloaded")
            sign_in_through_the_form(page, dashboard_server, "fr")
            wait_for_script(page, 90_000)
            page.get_by_role("button", name=t("briefing.button", "fr")).wait_for(timeout=90_000)
            page.locator("[data-testid='stMetric']").first.wait_for(timeout=90_000)
            # The language picked before signing in is still the one shown as chosen after it.
            picked = page.locator("[data-testid='stSidebar'] button[aria-checked='true']").all_inner_texts()
            shown = {}
            for metric in page.locator("[data-testid='stMetric']").all():
                label = metric.locator("[data-testid='stMetricLabel']").inner_text().strip()
                shown[label] = metric.locator("[data-testid='stMetricValue']").inner_text().strip()
            with page.expect_download(timeout=90_000) as download_info:
                page.get_by_role("button", name=t("briefing.button", "fr")).click()
            download = download_info.value
            assert download.suggested_filename.startswith(t("briefing.file_stem", "fr"))
            assert download.suggested_filename.endswith(".html")
            path = tmp_path / download.suggested_filename
            download.save_as(path)

            # Open the file offline in a fresh page that records every request.
            offline = context.new_page()
            requests: list[str] = []
            offline.on("request", lambda request: requests.append(request.url))
            offline.goto(path.as_uri(), wait_until="load")
            offline.wait_for_selector(".js-plotly-plot .main-svg", timeout=30_000)
            tiles = {
                tile.locator(".label").inner_text().strip(): tile.locator(".value").inner_text().strip()
                for tile in offline.locator(".tile").all()
            }
            SCREENSHOTS.mkdir(parents=True, exist_ok=True)
            offline.screenshot(path=str(SCREENSHOTS / "briefing-downloaded-fr.png"), full_page=True)
        finally:
            browser.close()

    assert picked and set(picked) == {"Français"}, picked  # (a rerun may briefly draw the sidebar twice)
    assert [url for url in requests if not url.startswith(("file://", "data:", "blob:"))] == []
    for key in HEADLINE_KEYS:
        label = t(key, "fr")
        assert label in shown, (label, shown)
        assert tiles[label] == shown[label], (label, tiles[label], shown[label])
