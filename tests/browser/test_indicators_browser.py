"""Issue 13, items 6–8 in a real browser: after cases 17a–b and 18a–b are uploaded, the Indicators page shows
stunting (40 % → 20 %, reported 45 %) off track and safe water (52 % then 61 %) at risk at 61 %, each read as a
level (latest value, never summed), in English and French. Screenshots go to tests/artifacts/screenshots/.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlmodel import Session

from dashboard.accounts.language import remember_language
from dashboard.core import db
from dashboard.core.i18n import t, t_count
from dashboard.core.permissions import Actor
from dashboard.importing import pipeline
from dashboard.web.navigation import PAGES
from tests.browser.conftest import (
    CHROMIUM,
    CHROMIUM_ARGS,
    SCREENSHOTS,
    Server,
    save_full_screenshot,
    sign_in_through_the_form,
    wait_for_script,
)

pytestmark = [pytest.mark.browser, pytest.mark.slow]

CASES = Path(__file__).resolve().parents[1] / "corpus" / "cases"
ADMIN = Actor.of("admin", ["admin"])


@pytest.fixture(scope="module")
def cases_server(dashboard_server: Server) -> Server:
    """The served demo portfolio with cases 00, 17a–b and 18a–b uploaded."""
    engine = db.get_engine(dashboard_server.database_url)
    for name, kind in (("00", "projects"), ("17a", "indicators"), ("17b", "indicator-values"),
                       ("18a", "indicators"), ("18b", "indicator-values")):
        path = next(CASES.glob(f"{name}_*.csv"))
        with Session(engine) as session:
            result = pipeline.commit(session, kind=kind, file_name=path.name, data=path.read_bytes(), actor=ADMIN)
        assert result.committed, [problem.line() for problem in result.problems]
    return dashboard_server


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_the_indicators_page_shows_the_cases_right(cases_server: Server, lang: str) -> None:
    from playwright.sync_api import sync_playwright

    dashboard_server = cases_server
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            page.goto(dashboard_server.base_url, wait_until="domcontentloaded")
            sign_in_through_the_form(page, dashboard_server)
            page.locator("[data-testid='stSidebarNav']").wait_for(timeout=60_000)
            wait_for_script(page)
            if lang == "fr":
                page.locator("[data-testid='stSidebar'] button", has_text="Français").first.click()
                wait_for_script(page)
            spec = next(item for item in PAGES if item.url_path == "indicators")
            page.locator("[data-testid='stSidebarNav']").get_by_role(
                "link", name=t(spec.title_key, lang), exact=True).click()
            page.wait_for_timeout(500)
            wait_for_script(page)
            picker = page.locator("[data-testid='stSelectbox']").filter(has_text=t("indicators.project", lang))
            picker.locator("input").click()
            picker.locator("input").fill("HUNT-1")
            page.keyboard.press("Enter")
            wait_for_script(page)
            page.wait_for_timeout(1500)
            main = page.locator("[data-testid='stMain']")
            level = t("rule.level", lang)
            assert main.get_by_text(f"DEC-1 — {level}").count() == 1
            assert main.get_by_text(f"RATE-1 — {level}").count() == 1
            cards = main.locator("[data-testid='stMarkdownContainer']")
            assert cards.filter(has_text="DEC-1").filter(has_text=t("indicator_status.off_track", lang)).count() >= 1
            assert cards.filter(has_text="RATE-1").filter(has_text=t("indicator_status.at_risk", lang)).count() >= 1
            assert main.get_by_text(t("indicator_status.not_reporting", lang) + " DEC-1").count() == 0
            SCREENSHOTS.mkdir(parents=True, exist_ok=True)
            save_full_screenshot(page, SCREENSHOTS / f"indicators-cases-{lang}.png", width=1400)
            main.get_by_text(f"RATE-1 — {level}").scroll_into_view_if_needed()
            page.wait_for_timeout(1000)
            page.screenshot(path=str(SCREENSHOTS / f"indicators-cases-cards-{lang}.png"))
        finally:
            browser.close()


def _signed_in(playwright_browser, server: Server, path: str, lang: str):
    # A signed-in person's remembered language wins over a link's (issue 7); an earlier test picked French in
    # the sidebar, so the account is told this test's language first.
    with db.session_scope(db.get_engine(server.database_url)) as session:
        remember_language(session, server.username, lang)
    page = playwright_browser.new_page(viewport={"width": 1400, "height": 1000})
    page.goto(f"{server.base_url}/{path}{'&' if '?' in path else '?'}lang={lang}")
    sign_in_through_the_form(page, server, lang)
    wait_for_script(page)
    return page


@pytest.fixture(scope="module")
def playwright_browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


UPLOADS = {
    "percent": ("indicator-values", "project_code,indicator_code,period_start,period_end,target,actual,note\n"
                "HUNT-1,RATE-1,2026-07-01,2026-09-30,,0.64,\n"),
    "coordinates": ("partners", "name,type,country,latitude,longitude\nSuva Reef Society,ngo,FJI,178.4419,-18.1416\n"),
}


@pytest.mark.parametrize("lang", ["en", "fr"])
@pytest.mark.parametrize("case", sorted(UPLOADS))
def test_the_upload_page_says_what_to_fix_in_the_column_s_terms(playwright_browser, cases_server: Server,
                                                                tmp_path: Path, case: str, lang: str) -> None:
    kind, text = UPLOADS[case]
    path = tmp_path / f"{case}.csv"
    path.write_text(text, encoding="utf-8")
    page = _signed_in(playwright_browser, cases_server, f"upload?kind={kind}", lang)
    page.locator("input[type='file']").set_input_files(str(path))
    page.get_by_text(t_count("upload.refused", lang, 1, count=1)).wait_for(timeout=90_000)
    wait_for_script(page)
    assert page.locator("[data-testid='stException']").count() == 0
    problems = page.locator("[data-testid='stDataFrame']")
    assert problems.count() >= 1
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    save_full_screenshot(page, SCREENSHOTS / f"upload-refused-{case}-{lang}.png", width=1400)
    page.close()


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_the_data_quality_page_names_the_reporting_rule(playwright_browser, cases_server: Server, lang: str) -> None:
    page = _signed_in(playwright_browser, cases_server, "data-quality", lang)
    page.get_by_text(t("dq.rule.indicator_not_reporting.title", lang)).first.wait_for(timeout=60_000)
    assert page.locator("[data-testid='stException']").count() == 0
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    save_full_screenshot(page, SCREENSHOTS / f"data-quality-{lang}.png", width=1400)
    page.close()
