"""Web sessions in a real browser (issue 16, item 3): the sign-in sets an HttpOnly, SameSite=Lax cookie; a
reload, a new tab and a shared filtered link keep the person signed in; a Streamlit session id replayed from
another browser, without the cookie, gets the sign-in form and nothing of the signed-in person's pages; sign-out
ends the session for every tab. Also what the server answers without a session (item 8): no download, no
metrics, security headers, an over-long address refused."""

from __future__ import annotations

import urllib.error
import urllib.request

import pytest

from dashboard.accounts.sessions import COOKIE_NAME
from dashboard.core.i18n import t
from tests.browser.conftest import (
    SCREENSHOTS,
    Server,
    sign_in_through_the_form,
    wait_for_script,
)

pytestmark = [pytest.mark.browser, pytest.mark.slow]

# Records the sub-protocols each WebSocket is opened with (Streamlit passes its session id there when it
# reconnects) and, when window.__replaySessionId is set, opens the socket with that session id instead: what a
# second browser that learnt a signed-in person's Streamlit session id (from a log, an upload URL) would send.
RECORD_AND_REPLAY = """
(() => {
  const Native = window.WebSocket;
  window.__protocols = []; window.__sockets = [];
  function Recorded(url, protocols) {
    let chosen = protocols;
    if (window.__replaySessionId && Array.isArray(chosen)) {
      chosen = chosen.slice(0, 2);
      chosen.push(window.__replaySessionId);
    }
    window.__protocols.push(chosen);
    const socket = new Native(url, chosen);
    window.__sockets.push(socket);
    return socket;
  }
  Recorded.prototype = Native.prototype;
  Recorded.CONNECTING = 0; Recorded.OPEN = 1; Recorded.CLOSING = 2; Recorded.CLOSED = 3;
  window.WebSocket = Recorded;
})();
"""


def _context(browser, script: str | None = None):
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    context.set_default_timeout(120_000)
    if script:
        context.add_init_script(script)
    return context


def _sign_in_form(page, lang: str = "en"):
    return page.get_by_role("button", name=t("auth.submit", lang))


def _signed_in(page) -> None:
    page.locator("[data-testid='stSidebarNav']").wait_for(timeout=120_000)
    wait_for_script(page)
    assert _sign_in_form(page).count() == 0


def test_the_sign_in_keeps_through_reload_new_tab_and_a_shared_filtered_link(browser, dashboard_server: Server) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    context = _context(browser)
    try:
        page = context.new_page()
        link = f"{dashboard_server.base_url}/budgets?type=ngo&lang=en"  # a filtered link from an e-mail
        page.goto(link)
        _sign_in_form(page).wait_for()
        wait_for_script(page)
        page.screenshot(path=str(SCREENSHOTS / "sign_in_en.png"))
        sign_in_through_the_form(page, dashboard_server)
        _signed_in(page)
        assert page.url == link  # back at the link, its filter kept
        page.get_by_role("heading", name=t("budgets.title", "en")).wait_for()
        (cookie,) = [cookie for cookie in context.cookies() if cookie["name"] == COOKIE_NAME]
        assert cookie["httpOnly"] is True and cookie["sameSite"] == "Lax" and cookie["secure"] is False
        assert page.evaluate("document.cookie").find(COOKIE_NAME) == -1  # no script on the page can read it

        page.reload()
        _signed_in(page)
        other = context.new_page()  # a new tab, a bookmark
        other.goto(f"{dashboard_server.base_url}/indicators?lang=fr")
        _signed_in(other)
        other.get_by_role("heading", name=t("indicators.title", "fr")).wait_for()

        # Signing out in one tab ends the session for every tab: the next page load asks for the password.
        page.get_by_role("button", name=t("auth.sign_out", "en")).click()
        _sign_in_form(page).wait_for()
        other.reload()
        _sign_in_form(other, "fr").wait_for()
        page.goto(f"{dashboard_server.base_url}/?lang=fr")
        _sign_in_form(page, "fr").wait_for()
        wait_for_script(page)
        page.screenshot(path=str(SCREENSHOTS / "sign_in_fr_after_sign_out.png"))
    finally:
        context.close()


def test_a_replayed_streamlit_session_id_without_the_cookie_gets_the_sign_in_form(
    browser, dashboard_server: Server
) -> None:
    victim_context = _context(browser, RECORD_AND_REPLAY)
    thief_context = _context(browser, RECORD_AND_REPLAY)
    try:
        victim = victim_context.new_page()
        victim.goto(f"{dashboard_server.base_url}/upload")
        sign_in_through_the_form(victim, dashboard_server)
        _signed_in(victim)
        victim.locator("[data-testid='stFileUploader']").first.wait_for()
        # Drop the connection: Streamlit reconnects and names its session, as it does in every reconnect.
        victim.evaluate("window.__sockets[window.__sockets.length - 1].close()")
        victim.wait_for_function("window.__protocols.some(p => p.length >= 3)", timeout=60_000)
        session_id = victim.evaluate("window.__protocols.find(p => p.length >= 3)[2]")
        assert session_id

        thief_context.add_init_script(f"window.__replaySessionId = {session_id!r};")
        thief = thief_context.new_page()
        thief.goto(f"{dashboard_server.base_url}/upload")
        _sign_in_form(thief).wait_for()
        wait_for_script(thief)
        assert thief.evaluate("window.__protocols[0][2]") == session_id  # the stolen id was presented
        assert thief.locator("[data-testid='stSidebarNav']").count() == 0
        assert thief.locator("[data-testid='stFileUploader']").count() == 0
        assert thief.get_by_text(dashboard_server.username).count() == 0
        # The victim's own browser still holds the cookie: a reload there keeps the sign-in.
        victim.reload()
        _signed_in(victim)
    finally:
        thief_context.close()
        victim_context.close()


def _get(url: str, cookie: str | None = None) -> tuple[int, dict[str, str], bytes]:
    request = urllib.request.Request(url, headers={"Cookie": cookie} if cookie else {})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def test_without_a_session_no_download_no_metrics_and_every_answer_has_the_security_headers(
    browser, dashboard_server: Server
) -> None:
    """Item 8. A download link (/media/…) taken from a signed-in page opens nothing without the session's cookie
    (it used to download for minutes after the session ended); /_stcore/metrics is not public."""
    context = _context(browser)
    try:
        page = context.new_page()
        page.goto(f"{dashboard_server.base_url}/budgets?lang=en")
        sign_in_through_the_form(page, dashboard_server)
        _signed_in(page)
        with page.expect_download() as download:
            page.get_by_role("button", name=t("shell.download.csv", "en")).first.click()
        media_url = download.value.url
        assert "/media/" in media_url
        cookie = next(c for c in context.cookies() if c["name"] == COOKIE_NAME)
        signed_in_cookie = f"{COOKIE_NAME}={cookie['value']}"
        status, _, body = _get(media_url, signed_in_cookie)
        assert status == 200 and body
        status, _, body = _get(media_url)  # the same link, elsewhere, without the cookie
        assert status == 403 and t("shell.refused.download", "en").encode() in body
        assert _get(f"{dashboard_server.base_url}/_stcore/metrics")[0] == 404
        # The link dies with the session: after sign-out the cookie opens nothing either.
        page.get_by_role("button", name=t("auth.sign_out", "en")).click()
        _sign_in_form(page).wait_for()
        assert _get(media_url, signed_in_cookie)[0] == 403
    finally:
        context.close()
    status, headers, _ = _get(f"{dashboard_server.base_url}/")
    lowered = {name.lower(): value for name, value in headers.items()}
    assert status == 200
    assert "frame-ancestors 'self'" in lowered["content-security-policy"]
    assert lowered["x-content-type-options"] == "nosniff"
    assert lowered["referrer-policy"] == "same-origin"
    status, _, body = _get(f"{dashboard_server.base_url}/partners?partner={'9' * 5000}")
    assert status == 414 and t("shell.refused.address_too_long", "en").encode() in body


def test_the_users_page_in_both_languages(browser, dashboard_server: Server) -> None:
    """The administrators' Users page (issue 16, item 4): accounts, who waits after failed sign-ins, Unlock."""
    context = _context(browser)
    try:
        page = context.new_page()
        page.goto(f"{dashboard_server.base_url}/users?lang=en")
        sign_in_through_the_form(page, dashboard_server)
        _signed_in(page)
        for lang in ("en", "fr"):
            page.goto(f"{dashboard_server.base_url}/users?lang={lang}")
            page.get_by_role("heading", name=t("users.title", lang)).wait_for()
            wait_for_script(page)
            assert page.get_by_role("heading", name=t("users.unlock.title", lang)).count() == 1
            page.screenshot(path=str(SCREENSHOTS / f"users_{lang}.png"), full_page=True)
    finally:
        context.close()
