"""The Users page in a real browser, signed in as an administrator through the real sign-in form, in English and
in French, at 1400 px and 1500 px wide: the accounts table shows every column without scrolling sideways (an
account held back after failed sign-ins included, the widest row), and the sidebar holds no portfolio filter
(they do nothing on this page).

Screenshots go to tests/artifacts/screenshots/ to be looked at.
"""

from __future__ import annotations

import pytest

from dashboard.accounts import sign_in, users
from dashboard.core import db
from dashboard.core.i18n import t
from dashboard.core.models import utcnow
from dashboard.presenting.accounts import COLUMN_WIDTHS
from tests.browser.conftest import (
    SCREENSHOTS,
    Server,
    sign_in_through_the_form,
    wait_for_script,
)

pytestmark = [pytest.mark.browser, pytest.mark.slow]

HELD_BACK = ("held.back.account", "a-long-password-nobody-types-right")
FAILURES = 8  # enough failures in a row for a wait of minutes: it still shows when the page is looked at

# The accounts table's scroller: how much wider its content is than the room it has (0: nothing hidden).
HIDDEN_WIDTH = """() => Array.from(document.querySelectorAll("[data-testid='stMain'] [data-testid='stDataFrame']"))
    .map((frame) => {
        const scroller = frame.querySelector('.dvn-scroller');
        return scroller ? scroller.scrollWidth - scroller.clientWidth : -1;
    })"""


@pytest.fixture(scope="module")
def held_back(dashboard_server: Server) -> Server:
    """The served demo portfolio with one more account, whose device failed to sign in again and again."""
    engine = db.get_engine(dashboard_server.database_url)
    with db.session_scope(engine) as session:
        users.create_user(session, username=HELD_BACK[0], roles=["leadership", "reference_group", "staff"],
                          password=HELD_BACK[1], by="test", now=utcnow())
    for _ in range(FAILURES):
        with db.session_scope(engine) as session:
            sign_in.authenticate(session, username=HELD_BACK[0], password="wrong", client="198.51.100.9",
                                 now=utcnow())
    return dashboard_server


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_the_accounts_table_fits_at_1400_and_1500_px_and_the_sidebar_has_no_filter(
        browser, held_back: Server, lang: str) -> None:
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    page.goto(f"{held_back.base_url}/?lang={lang}", wait_until="domcontentloaded")
    sign_in_through_the_form(page, held_back, lang)
    page.locator("[data-testid='stSidebarNav']").wait_for(timeout=60_000)
    wait_for_script(page)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for width in (1400, 1500):
        page.set_viewport_size({"width": width, "height": 1000})
        page.goto(f"{held_back.base_url}/users?lang={lang}", wait_until="domcontentloaded")
        wait_for_script(page)
        page.get_by_role("heading", name=t("users.title", lang)).wait_for()
        page.locator("[data-testid='stDataFrame'] .dvn-scroller").first.wait_for()
        page.wait_for_timeout(1000)  # the grid sizes its columns after it is drawn
        page.screenshot(path=str(SCREENSHOTS / f"users-{lang}-{width}.png"))
        assert page.evaluate(HIDDEN_WIDTH) == [0], f"{lang} {width}px: the table scrolls sideways"
        room = page.locator("[data-testid='stMain'] [data-testid='stDataFrame']").first.bounding_box()
        assert room is not None and room["width"] >= sum(COLUMN_WIDTHS.values()) + 2  # no column squeezed
        sidebar = page.locator("[data-testid='stSidebar']")
        assert sidebar.get_by_text(t("shell.filters", lang), exact=True).count() == 0
        assert sidebar.locator("[data-testid='stDateInput'], [data-testid='stMultiSelect']").count() == 0
    page.close()
