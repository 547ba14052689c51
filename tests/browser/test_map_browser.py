"""The map page in a real browser: `streamlit run` on loopback, Debian's Chromium headless, no network.

Asserts that the country shapes and every point are drawn as SVG, that nothing is requested from any host
but the local server (Plotly's geo base map would fetch its shapes from a CDN and stay blank offline), and
that no error shows. Saves a screenshot to ``tests/artifacts/screenshots/map.png`` to look at.
"""

from __future__ import annotations

from urllib.parse import urlparse

import pytest

from dashboard.core import db
from dashboard.core.i18n import t
from dashboard.maps import view
from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS, LOCAL_HOSTS, SCREENSHOTS, Server, sign_in_through_the_form

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def test_the_map_draws_shapes_and_every_point_offline(dashboard_server: Server) -> None:
    from playwright.sync_api import TimeoutError as PlaywrightTimeoutError
    from playwright.sync_api import sync_playwright

    base = dashboard_server.base_url
    expected_points = len(view.map_points(db.get_engine(dashboard_server.database_url)))
    outside_requests: list[str] = []
    console_errors: list[str] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
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
            page.get_by_label(t("auth.username", "en")).wait_for(timeout=60_000)
            sign_in_through_the_form(page, dashboard_server)
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
            # The land: one SVG image under the markers, its paths holding one sub-path per island (thousands of
            # "M" moves), drawn by the browser (its natural size known once decoded).
            land_moves = page.evaluate(
                """async () => {
                  const image = document.querySelector('.js-plotly-plot image');
                  if (!image) return [];
                  const source = image.getAttribute('href') || image.getAttribute('xlink:href') || '';
                  const probe = new Image();
                  probe.src = source;
                  await probe.decode();
                  const document_ = new DOMParser().parseFromString(atob(source.split(',')[1]), 'image/svg+xml');
                  return Array.from(document_.querySelectorAll('path'))
                    .map(p => (p.getAttribute('d') || '').split('M').length - 1);
                }"""
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
