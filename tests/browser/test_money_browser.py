"""Issue 13's money cases in a real browser: the cases imported into the served database as a person would
(through the upload pipeline), then the Overview and Budgets pages under ``?country=FJI`` in English and French,
the Upload page's preview of a file in a currency without a rate, and the Data quality page. Screenshots go to
tests/artifacts/screenshots/money-*.png, to be looked at."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlmodel import Session

from dashboard.core import db
from dashboard.core.i18n import t
from dashboard.core.permissions import Actor
from dashboard.importing import pipeline
from dashboard.importing.money_checks import CONFIRM_MISSING_RATES
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
ADMIN = Actor(username="browser-admin", roles=frozenset({"admin"}))
ERROR_BOXES = "[data-testid='stException'], [data-testid='stAlertContentError']"
LOADED = [("00_setup_project_HUNT-1.csv", "projects"), ("03a_projects_two_countries_50_50.csv", "projects"),
          ("03b_budgets_two_country_project_100k.csv", "budgets"),
          ("03c_spending_two_country_project_40k.csv", "spending"),
          ("04c_budgets_original_two_categories.csv", "budgets"),
          ("04d_budgets_revised_one_category_only.csv", "budgets"),
          ("16_spending_one_row_in_currency_without_rate.csv", "spending")]
# 2062 typed for 2026: listed on the Data quality page.
TYPO = b"project_code,reference,date,amount,kind\nHUNT-MC,TYPO-2062,2062-05-10,1000,expenditure\n"


def _load_cases(server: Server) -> None:
    engine = db.get_engine(server.database_url)
    for name, kind in LOADED:
        with Session(engine) as session:
            done = pipeline.commit(session, kind=kind, file_name=name, data=(CASES / name).read_bytes(), actor=ADMIN,
                                   options={CONFIRM_MISSING_RATES: True})
        assert done.committed, (name, [item.line() for item in done.problems])
    with Session(engine) as session:
        assert pipeline.commit(session, kind="spending", file_name="typo.csv", data=TYPO, actor=ADMIN).committed


def _open(page, server: Server, path: str, lang: str = "en") -> None:
    page.goto(f"{server.base_url}/{path}", wait_until="domcontentloaded")
    wait_for_script(page)
    if page.get_by_label(t("auth.username", lang)).count():
        sign_in_through_the_form(page, server, lang)
        wait_for_script(page)
    page.wait_for_timeout(1500)


def test_the_cases_under_fiji_in_both_languages(dashboard_server: Server, tmp_path: Path) -> None:
    from playwright.sync_api import sync_playwright

    _load_cases(dashboard_server)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1500, "height": 1000})
            for lang, partial in (("en", "Totals are partial: 2,500 SBD"), ("fr", "Totaux partiels : 2 500 SBD")):
                for name in ("overview", "budgets"):
                    _open(page, dashboard_server, f"{name}?country=FJI&lang={lang}", lang)
                    save_full_screenshot(page, SCREENSHOTS / f"money-{name}-FJI-{lang}.png")
                    assert page.locator(ERROR_BOXES).count() == 0, page.locator(ERROR_BOXES).all_inner_texts()
                    assert page.get_by_text(partial).count() == 1, (name, lang)
                _open(page, dashboard_server, f"budgets?country=WSM&lang={lang}", lang)
                page.wait_for_function("() => Array.from(document.querySelectorAll('.js-plotly-plot .ytick text'))"
                                       ".some(e => e.textContent === 'HUNT-MC')", timeout=30_000)
                ticks = page.locator(".js-plotly-plot .ytick text").evaluate_all("els => els.map(e => e.textContent)")
                assert "HUNT-MC" in ticks and "HUNT-1" not in ticks, ticks  # Samoa: the two-country project only
                save_full_screenshot(page, SCREENSHOTS / f"money-budgets-WSM-{lang}.png")
            for lang in ("en", "fr"):
                _open(page, dashboard_server, f"data-quality?lang={lang}", lang)
                save_full_screenshot(page, SCREENSHOTS / f"money-data-quality-{lang}.png")
                assert page.locator(ERROR_BOXES).count() == 0
                assert page.get_by_text(t("dq.rule.implausible_spending_date.title", lang) + " (1)").count() == 1
                # The Upload page: a file in a currency without a rate is previewed with its note; the confirm
                # button waits for the person to tick that the amounts stay apart.
                _open(page, dashboard_server, f"upload?kind=spending&lang={lang}", lang)
                another = tmp_path / f"sbd-{lang}.csv"  # case 16 again, another transaction
                another.write_text("project_code,reference,date,amount,kind,currency\n"
                                   f"HUNT-1,SB-{lang},2026-05-11,1500,expenditure,SBD\n", encoding="utf-8")
                page.locator("[data-testid='stFileUploader'] input[type='file']").set_input_files(str(another))
                page.wait_for_timeout(1000)
                wait_for_script(page)
                page.get_by_text(t("upload.money_notes", lang, count=1)).wait_for(timeout=30_000)
                confirm = page.get_by_role("button", name=t("upload.confirm", lang, created=1, updated=0))
                assert confirm.is_disabled()
                page.get_by_text(t("upload.accept_missing_rates", lang, currencies="SBD")).click()
                wait_for_script(page)
                assert confirm.is_enabled()
                save_full_screenshot(page, SCREENSHOTS / f"money-upload-missing-rate-{lang}.png")
        finally:
            browser.close()
