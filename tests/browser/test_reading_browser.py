"""Issue 13, reading files, in a real browser (Debian's Chromium, headless): the Upload page's preview of
cases 01 (one number convention per file), 07a (hidden sheets) and 15 (mixed encodings), and a partner's page
with its other names, in English and French. Screenshots are saved to tests/artifacts/screenshots/."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select
from sqlmodel import Session

from dashboard.core import db
from dashboard.core.i18n import t
from dashboard.core.models import Organisation
from dashboard.core.permissions import SYSTEM_ACTOR
from dashboard.importing import pipeline
from tests.browser.conftest import (
    SCREENSHOTS,
    Server,
    save_full_screenshot,
    sign_in_through_the_form,
    wait_for_script,
)

pytestmark = [pytest.mark.browser, pytest.mark.slow]

CASES = Path(__file__).resolve().parents[1] / "corpus" / "cases"


def case(prefix: str) -> Path:
    return next(CASES.glob(f"{prefix}_*"))


@pytest.fixture(scope="module")
def hunt_server(dashboard_server: Server) -> Server:
    """The demo server with project HUNT-1 (case 00), as the cases' README says."""
    engine = db.get_engine(dashboard_server.database_url)
    path = case("00")
    with Session(engine) as session:
        result = pipeline.commit(session, kind="projects", file_name=path.name, data=path.read_bytes(),
                                 actor=SYSTEM_ACTOR)
    assert result.committed
    return dashboard_server


def _signed_in(browser, server: Server, path: str, lang: str):
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    page.goto(f"{server.base_url}/{path}{'&' if '?' in path else '?'}lang={lang}")
    sign_in_through_the_form(page, server, lang)
    wait_for_script(page)
    return page


def _preview(browser, server: Server, kind: str, path: Path, lang: str):
    page = _signed_in(browser, server, f"upload?kind={kind}", lang)
    page.locator("input[type='file']").set_input_files(str(path))
    page.get_by_text(t("upload.preview", lang), exact=True).wait_for(timeout=90_000)
    wait_for_script(page)
    assert page.locator("[data-testid='stException']").count() == 0
    return page


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_01_the_preview_reads_one_number_convention(browser, hunt_server: Server, lang: str) -> None:
    page = _preview(browser, hunt_server, "budgets", case("01"), lang)
    assert page.get_by_role("button", name=t("upload.confirm", lang, created=3, updated=0)).count() == 1
    assert page.get_by_text(t("upload.read_as", lang, detail="utf-8-sig, semicolon")).count() == 1
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    save_full_screenshot(page, SCREENSHOTS / f"upload-case01-numbers-{lang}.png")
    page.close()


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_07a_the_preview_reads_the_visible_sheet_and_offers_the_others(browser, hunt_server: Server,
                                                                       lang: str) -> None:
    page = _preview(browser, hunt_server, "budgets", case("07a"), lang)
    assert page.get_by_text(t("upload.hidden_not_read", lang, sheets="budgets")).count() == 1
    assert page.get_by_text(t("upload.read_as", lang, detail="budgets v2 (use this)")).count() == 1
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    save_full_screenshot(page, SCREENSHOTS / f"upload-case07a-hidden-sheet-{lang}.png")
    page.get_by_role("combobox", name=t("upload.sheet", lang)).click()  # the choice, hidden sheets labelled so
    page.get_by_role("option", name=t("upload.sheet_hidden", lang, sheet="budgets")).wait_for(timeout=30_000)
    page.screenshot(path=str(SCREENSHOTS / f"upload-case07a-sheet-choice-{lang}.png"))
    page.close()


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_15_the_preview_refuses_the_stray_byte_naming_row_3(browser, hunt_server: Server, lang: str) -> None:
    page = _preview(browser, hunt_server, "partners", case("15"), lang)
    refusal = t("upload.refused.one", lang, count="1")
    assert page.locator("[data-testid='stAlert']").filter(has_text=refusal).count() == 1
    assert page.get_by_role("button", name=t("upload.confirm", lang, created=2, updated=0)).count() == 0
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    save_full_screenshot(page, SCREENSHOTS / f"upload-case15-encoding-{lang}.png")
    page.close()


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_the_partner_page_shows_its_other_names(browser, hunt_server: Server, lang: str) -> None:
    engine = db.get_engine(hunt_server.database_url)
    with Session(engine) as session:
        cps = session.execute(select(Organisation.id).where(Organisation.acronym == "CPS")).scalar_one()
    page = _signed_in(browser, hunt_server, f"partners?partner={cps}", lang)
    page.get_by_text(t("partners.detail.aliases", lang)).first.wait_for(timeout=60_000)
    wait_for_script(page)
    assert page.get_by_text("Pacific Community, SPC").count() == 1
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"partner-aliases-{lang}.png"))
    page.close()


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_the_partner_selector_finds_a_partner_by_an_alias(browser, hunt_server: Server, lang: str) -> None:
    """Typing "SPC", an alias of the Communauté du Pacifique, in "Find a partner" opens its page; the choice says
    which name found it."""
    page = _signed_in(browser, hunt_server, "partners?view=detail", lang)
    box = page.locator(f"input[aria-label=\"{t('partners.detail.find', lang)}\"]")
    box.wait_for(timeout=60_000)
    box.fill("SPC")
    box.press("Enter")
    page.get_by_role("heading", name="Communauté du Pacifique (CPS)").wait_for(timeout=60_000)
    wait_for_script(page)
    # The detail's own choice, the first one labelled so: the review form further down names the partner too.
    choice = page.locator("[data-testid='stSelectbox']").filter(
        has=page.get_by_text(t("partners.detail.choose", lang), exact=True)).first
    assert choice.locator("input").input_value() == "Communauté du Pacifique (CPS) · SPC"
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"partner-search-alias-{lang}.png"))
    page.close()
