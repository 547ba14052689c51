"""Issue 16 item 2 in a real browser (Debian's Chromium, headless): a large upload shows its elapsed time and a
Cancel button while it is checked and while it is written; Cancel stops it and nothing is written, in English
and in French. Screenshots of the running upload are saved to tests/artifacts/screenshots/ to be looked at."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlmodel import Session

from dashboard.core import db
from dashboard.core.i18n import t
from dashboard.core.models import BudgetLine, ImportBatch, Organisation, Project
from tests.browser.conftest import (
    SCREENSHOTS,
    Server,
    sign_in_through_the_form,
    wait_for_script,
)

pytestmark = [pytest.mark.browser, pytest.mark.slow]
ROWS = 120_000


def _stored(server: Server) -> tuple[int, int]:
    with Session(db.get_engine(server.database_url)) as session:
        lines = session.execute(select(func.count()).select_from(BudgetLine)).scalar_one()
        batches = session.execute(select(func.count()).select_from(ImportBatch)).scalar_one()
    return lines, batches


def _budgets_file(server: Server, folder: Path) -> Path:
    with Session(db.get_engine(server.database_url)) as session:
        code = session.execute(select(Project.code).order_by(Project.id)).scalars().first()
        funder = session.execute(select(Organisation.name).order_by(Organisation.id)).scalars().first()
    lines = ["project_code,funder,period_start,period_end,category,amount,currency,budget_type,status"]
    lines += [f'{code},"{funder}",2031-01-01,2031-12-31,Cancel test {index},{100 + index},EUR,original,committed'
              for index in range(ROWS)]
    path = folder / "large-budgets.csv"
    path.write_text("\n".join(lines) + "\n", "utf-8")
    return path


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_cancel_stops_a_check_and_a_write_and_nothing_is_written(browser, dashboard_server: Server, lang: str,
                                                                 tmp_path: Path) -> None:
    before = _stored(dashboard_server)
    path = _budgets_file(dashboard_server, tmp_path)
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    page.goto(f"{dashboard_server.base_url}/upload?kind=budgets&lang={lang}")
    sign_in_through_the_form(page, dashboard_server, lang)
    wait_for_script(page)
    cancel = page.get_by_role("button", name=t("upload.cancel", lang))

    # 1. The check, cancelled: the page says so and does not start it again by itself.
    page.locator("input[type='file']").set_input_files(str(path))
    cancel.wait_for(timeout=60_000)
    page.get_by_text(t("upload.elapsed", lang, seconds=1)[:12]).first.wait_for(timeout=30_000)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"upload-checking-cancel-{lang}.png"))
    cancel.click()
    page.get_by_role("button", name=t("upload.check_again", lang)).wait_for(timeout=60_000)
    wait_for_script(page)
    assert page.locator("[data-testid='stException']").count() == 0

    # 2. Checked again to the end, confirmed, then the write cancelled: nothing written.
    page.get_by_role("button", name=t("upload.check_again", lang)).click()
    confirm = page.get_by_role("button", name=t("upload.confirm", lang, created=ROWS, updated=0))
    confirm.wait_for(timeout=240_000)
    wait_for_script(page, timeout_ms=120_000)
    confirm.click()
    cancel.wait_for(timeout=60_000)
    page.get_by_text(t("upload.elapsed", lang, seconds=1)[:12]).first.wait_for(timeout=30_000)
    page.screenshot(path=str(SCREENSHOTS / f"upload-writing-cancel-{lang}.png"))
    cancel.click()
    page.get_by_text(t("upload.cancelled", lang)).first.wait_for(timeout=120_000)
    wait_for_script(page, timeout_ms=120_000)
    page.get_by_text(t("upload.cancelled", lang)).first.scroll_into_view_if_needed()
    page.screenshot(path=str(SCREENSHOTS / f"upload-cancelled-{lang}.png"))
    assert page.locator("[data-testid='stException']").count() == 0
    assert _stored(dashboard_server) == before
    page.close()
