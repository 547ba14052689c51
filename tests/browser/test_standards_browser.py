"""The standard files in a real browser (Debian's Chromium, headless, no network): an IATI file previewed on
the Upload page, and the Budgets page's IATI download, in English and in French. Screenshots are saved to
tests/artifacts/screenshots/ to be looked at."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree

from dashboard.core.i18n import t
from dashboard.standards.iati.schema import validate_document
from tests.browser.conftest import (
    SCREENSHOTS,
    Server,
    save_full_screenshot,
    sign_in_through_the_form,
    wait_for_script,
)

pytestmark = [pytest.mark.browser, pytest.mark.slow]

IATI = Path(__file__).resolve().parents[1] / "corpus" / "iati" / "canada-activity.xml"


def _signed_in(browser, server: Server, path: str, lang: str):
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    page.goto(f"{server.base_url}/{path}{'&' if '?' in path else '?'}lang={lang}")
    sign_in_through_the_form(page, server, lang)
    wait_for_script(page)
    return page


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_iati_preview_on_the_upload_page(browser, dashboard_server: Server, lang: str) -> None:
    page = _signed_in(browser, dashboard_server, "upload?kind=iati", lang)
    page.get_by_text(t("upload.iati.about", lang)[:40]).wait_for(timeout=60_000)
    page.locator("input[type='file']").set_input_files(str(IATI))
    page.get_by_text(t("upload.preview", lang), exact=True).wait_for(timeout=90_000)
    wait_for_script(page)
    for title in (t("upload.standard.matches_title", lang), t("upload.standard.notes_title", lang, count="7"),
                  t("upload.standard.unmapped_title", lang, count=0).split("(")[0]):
        page.get_by_text(title.strip()).first.click()
    wait_for_script(page)
    assert page.locator("[data-testid='stException']").count() == 0
    assert page.get_by_role("button", name=t("upload.confirm", lang, created=36, updated=0)).count() == 1
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    save_full_screenshot(page, SCREENSHOTS / f"upload-iati-preview-{lang}.png")
    page.close()


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_budgets_page_downloads_the_portfolio_as_iati(browser, dashboard_server: Server, lang: str) -> None:
    page = _signed_in(browser, dashboard_server, "budgets", lang)
    button = page.get_by_role("button", name=t("export.iati.button", lang))
    button.wait_for(timeout=60_000)
    wait_for_script(page)
    assert button.count() == 1
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"budgets-iati-button-{lang}.png"))
    with page.expect_download(timeout=120_000) as download:
        button.click()
    document = etree.parse(download.value.path())
    assert validate_document(document) == []
    assert "REG-C1.1" in document.xpath("//iati-identifier/text()")
    page.close()
