"""Sign-in and roles in a real browser: each demo account signs in through the real form and sees exactly
the pages its roles allow; a reference-group member cannot reach the Upload page by typing its URL or a query
string, before or after signing in; a wrong password is refused. Screenshots go to
tests/artifacts/screenshots/ (sign-in screen in English and French, each role's landing page)."""

from __future__ import annotations

from urllib.parse import urljoin, urlparse

import pytest

from dashboard.core import db
from dashboard.core.i18n import t
from dashboard.core.models import utcnow
from dashboard.core.permissions import Actor, can_open_page
from dashboard.seed.accounts import DEMO_ACCOUNTS, ensure_demo_accounts
from dashboard.web.navigation import PAGES
from tests.browser.conftest import (
    SCREENSHOTS,
    Server,
    wait_for_script,
)

pytestmark = [pytest.mark.browser, pytest.mark.slow]

UPLOAD_BOX = "[data-testid='stFileUploader'], [data-testid='stFileUploaderDropzone']"


@pytest.fixture(scope="module")
def demo_accounts(dashboard_server: Server) -> dict[str, tuple[str, str]]:
    """The demo accounts `python -m dashboard demo` makes, in the served database: username → (role, password)."""
    engine = db.get_engine(dashboard_server.database_url)
    with db.session_scope(engine) as session:
        ensure_demo_accounts(session, now=utcnow())
    return {username: (role, password) for username, role, password in DEMO_ACCOUNTS}


def _new_page(browser) -> object:
    # A new context is a new visitor: no cookie, no Streamlit session.
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    context.set_default_timeout(120_000)  # generous: the test machine may be shared and slow
    return context.new_page()


def _wait_for_sign_in_form(page, lang: str = "en") -> None:
    page.get_by_role("button", name=t("auth.submit", lang)).wait_for(timeout=120_000)


def _open_signed_out(page, url: str) -> bool:
    """Open ``url`` as a new visitor and get to the sign-in form; True when the page first refused and linked
    to the form instead (a freshly started server runs a typed page address alone, without app.py)."""
    page.goto(url)
    form = page.get_by_role("button", name=t("auth.submit", "en"))
    link = page.get_by_role("link", name=t("auth.go_to_sign_in", "en"))
    form.or_(link).first.wait_for(timeout=120_000)
    if form.count():
        return False
    assert page.locator(UPLOAD_BOX).count() == 0
    assert page.get_by_text(t("shell.refused.signed_out", "en")).count() == 1
    # Streamlit opens Markdown links in a new tab; follow the address in this one.
    page.goto(urljoin(page.url, link.get_attribute("href") or "./"))
    _wait_for_sign_in_form(page)
    return True


def _sign_in(page, username: str, password: str, lang: str = "en") -> None:
    _wait_for_sign_in_form(page, lang)
    page.get_by_label(t("auth.username", lang), exact=True).fill(username)
    page.get_by_label(t("auth.password", lang), exact=True).fill(password)
    page.get_by_role("button", name=t("auth.submit", lang)).click()


def _navigation_paths(page, default: str = "overview") -> list[str]:
    """The url paths of the sidebar's page links; the default page's link is the bare root ("/")."""
    links = page.locator("[data-testid='stSidebarNav'] a")
    paths = [urlparse(links.nth(index).get_attribute("href") or "").path.strip("/") for index in range(links.count())]
    return [path or default for path in paths]


def test_a_typed_page_address_never_shows_the_page_to_a_signed_out_visitor(browser, dashboard_server: Server) -> None:
    """First in this module on purpose: the server has just started, the case where Streamlit would run the
    typed page's script alone (its old pages-folder mode). The page hands over to app.py, so the visitor gets
    the sign-in form at once and, once signed in, the page the bookmark named."""
    page = _new_page(browser)
    try:
        assert _open_signed_out(page, f"{dashboard_server.base_url}/upload") is False
        assert page.locator(UPLOAD_BOX).count() == 0
        assert page.locator("[data-testid='stSidebarNav']").count() == 0
        _sign_in(page, dashboard_server.username, dashboard_server.password)
        page.locator(UPLOAD_BOX).first.wait_for(timeout=120_000)
        assert urlparse(page.url).path.strip("/") == "upload"
        page.goto(f"{dashboard_server.base_url}/budgets")  # a new Streamlit session, the same browser's cookie
        page.get_by_role("heading", name=t("budgets.title", "en")).wait_for(timeout=120_000)
        assert page.get_by_role("button", name=t("auth.submit", "en")).count() == 0
    finally:
        page.context.close()


def test_sign_in_screen_in_both_languages_and_a_wrong_password(browser, dashboard_server: Server) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page = _new_page(browser)
    try:
        page.goto(f"{dashboard_server.base_url}/?lang=fr")
        _wait_for_sign_in_form(page, "fr")
        assert page.locator("[data-testid='stSidebarNav']").count() == 0  # no page list before sign-in
        page.screenshot(path=str(SCREENSHOTS / "sign_in_fr.png"))
        page.goto(f"{dashboard_server.base_url}/?lang=en")
        _sign_in(page, "demo.staff", "not the password")
        page.get_by_text(t("auth.wrong_credentials", "en")).wait_for(timeout=120_000)
        _wait_for_sign_in_form(page)  # the form again under the refusal, to try again
        wait_for_script(page)
        page.screenshot(path=str(SCREENSHOTS / "sign_in_wrong_password.png"))
        assert page.locator("[data-testid='stSidebarNav']").count() == 0
    finally:
        page.context.close()


@pytest.mark.parametrize("username", [username for username, _role, _password in DEMO_ACCOUNTS])
def test_each_demo_account_sees_exactly_its_pages(
    browser, dashboard_server: Server, demo_accounts: dict[str, tuple[str, str]], username: str
) -> None:
    role, password = demo_accounts[username]
    allowed = [spec.url_path for spec in PAGES if can_open_page(Actor.of(username, [role]), spec.url_path)]
    page = _new_page(browser)
    try:
        page.goto(dashboard_server.base_url)
        _sign_in(page, username, password)
        page.locator("[data-testid='stSidebarNav']").wait_for(timeout=120_000)
        wait_for_script(page)
        assert _navigation_paths(page, default=allowed[0]) == allowed
        sidebar = page.locator("[data-testid='stSidebar']")
        assert sidebar.get_by_text(t("auth.signed_in_as", "en", username=username)).count() == 1
        page.screenshot(path=str(SCREENSHOTS / f"signed_in_{role}.png"))
        # Signing out brings the form back and removes the pages.
        page.get_by_role("button", name=t("auth.sign_out", "en")).click()
        _wait_for_sign_in_form(page)
        assert page.locator("[data-testid='stSidebarNav']").count() == 0
    finally:
        page.context.close()


@pytest.mark.parametrize(
    "address",
    ["/upload", "/upload?lang=en", "/?page=upload", "/overview?page=upload&url_path=upload"],
)
def test_reference_group_cannot_reach_the_upload_page(
    browser, dashboard_server: Server, demo_accounts: dict[str, tuple[str, str]], address: str
) -> None:
    _role, password = demo_accounts["demo.reference"]
    page = _new_page(browser)
    try:
        # Signed out, the address gives the sign-in form and nothing of the page.
        _open_signed_out(page, dashboard_server.base_url + address)
        assert page.locator(UPLOAD_BOX).count() == 0
        # Signed in as a reference-group member at that address: still no upload page.
        _sign_in(page, "demo.reference", password)
        page.locator("[data-testid='stSidebarNav']").wait_for(timeout=120_000)
        wait_for_script(page)
        assert page.locator(UPLOAD_BOX).count() == 0
        assert "upload" not in _navigation_paths(page)
        assert page.get_by_role("heading", name=t("page.upload", "en"), exact=True).count() == 0
        refusal = t("shell.refused.page_named", "en", username="demo.reference", page=t("page.upload", "en"))
        if address == "/upload":
            # The address of a page the role may not open says so (it used to show the Overview silently).
            page.get_by_text(refusal).wait_for(timeout=60_000)
            page.screenshot(path=str(SCREENSHOTS / "reference_group_at_upload_address.png"))
        # Typing the address again once signed in (a new page load) keeps the sign-in (the session cookie) and
        # still opens no upload page.
        page.goto(dashboard_server.base_url + address)
        page.locator("[data-testid='stSidebarNav']").wait_for(timeout=120_000)
        wait_for_script(page)
        assert page.get_by_role("button", name=t("auth.submit", "en")).count() == 0
        assert page.locator(UPLOAD_BOX).count() == 0
        if address == "/upload":
            page.get_by_text(refusal).wait_for(timeout=60_000)
            page.goto(dashboard_server.base_url + "/upload?lang=fr")
            refus = t("shell.refused.page_named", "fr", username="demo.reference", page=t("page.upload", "fr"))
            page.get_by_text(refus).wait_for(timeout=120_000)
            wait_for_script(page)
            page.screenshot(path=str(SCREENSHOTS / "reference_group_at_upload_address_fr.png"))
    finally:
        page.context.close()


def test_staff_do_reach_the_upload_page(
    browser, dashboard_server: Server, demo_accounts: dict[str, tuple[str, str]]
) -> None:
    """The same path works for someone allowed, so the refusal above is not a broken page."""
    _role, password = demo_accounts["demo.staff"]
    page = _new_page(browser)
    try:
        _open_signed_out(page, dashboard_server.base_url + "/upload")
        _sign_in(page, "demo.staff", password)
        page.locator("[data-testid='stSidebarNav']").wait_for(timeout=120_000)
        page.locator("[data-testid='stSidebarNav'] a[href$='/upload']").click()
        page.locator(UPLOAD_BOX).first.wait_for(timeout=120_000)
        wait_for_script(page)
        assert page.locator(UPLOAD_BOX).count() >= 1
    finally:
        page.context.close()
