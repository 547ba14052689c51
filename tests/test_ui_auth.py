"""The sign-in gate in Streamlit (AppTest): the form, refusals, expiry, sign-out, identity provider button,
and, for every role and every page of the navigation, that the page opens or is refused on the server."""

from __future__ import annotations

import datetime as dt
import json
import re
import time
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import pytest
from sqlalchemy import update
from sqlalchemy.engine import Engine
from sqlmodel import Session, select
from streamlit import config
from streamlit.runtime.pages_manager import PagesManager
from streamlit.testing.v1 import AppTest
from streamlit.web.server.server_util import get_cookie_secret
from streamlit.web.server.starlette.starlette_app_utils import create_signed_value

from dashboard.accounts import sessions, users
from dashboard.accounts.identity import load_role_mapping
from dashboard.accounts.sign_in import start_sign_in
from dashboard.core import db
from dashboard.core.i18n import t
from dashboard.core.models import AuditEvent, SignInThrottle, WebSession, utcnow
from dashboard.core.permissions import Actor, can_open_page
from dashboard.web import server
from dashboard.web.navigation import PAGES, PageSpec
from dashboard.web.sign_in import NO_BROWSER_TOKEN_KEY
from tests.apptest_helpers import sign_in
from tests.asgi_helpers import post_sign_in, request

ROOT = Path(__file__).resolve().parents[1]
PASSWORD = "a long enough password"
ROLES = ("leadership", "reference_group", "staff", "admin")


@pytest.fixture(autouse=True)
def served_like_production(monkeypatch: pytest.MonkeyPatch) -> None:
    """Run app.py on every AppTest run, as the real server does.

    The project has a pages/ folder, so Streamlit starts in its old pages-folder mode, which runs a page's
    script alone; a real server leaves that mode for good the first time app.py calls st.navigation, but
    AppTest resets it before every run, so without this every run after the first would skip app.py (and its
    sign-in gate). Pages reached without app.py are still covered: see the direct runs below.
    """
    original = PagesManager.__init__

    def init(self: PagesManager, *args: Any, **kwargs: Any) -> None:
        original(self, *args, **kwargs)
        PagesManager.uses_pages_directory = False

    monkeypatch.setattr(PagesManager, "__init__", init)


def _app() -> AppTest:
    return AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)


def _account(engine: Engine, username: str = "ana", roles: tuple[str, ...] = ("staff",)) -> None:
    with db.session_scope(engine) as session:
        users.create_user(session, username=username, roles=roles, password=PASSWORD, by="test", now=utcnow())


def _submit(at: AppTest, username: str, password: str, *, client: str = "203.0.113.7") -> AppTest:
    """Send the sign-in form to the sign-in route (as the browser does), then run the page as the browser is
    sent back to it: with the session cookie, or with the refusal in the address."""
    answer = post_sign_in(username, password, next_path="/", client=client)
    assert answer.status == 303
    location = urlsplit(answer.header("location") or "/")
    for name in list(at.query_params):
        if name in {"signin", "until"}:
            del at.query_params[name]
    for name, value in parse_qsl(location.query):
        at.query_params[name] = value
    token = answer.cookies.get(sessions.COOKIE_NAME)
    if token:
        at.session_state[NO_BROWSER_TOKEN_KEY] = token
    return at.run()


def _actions(engine: Engine) -> list[str]:
    with Session(engine) as session:
        return list(session.exec(select(AuditEvent.action).order_by(AuditEvent.id)).all())


def _signed_in_actor(at: AppTest) -> Actor | None:
    return at.session_state.get("actor", None) if "actor" in at.session_state else None


def _errors(at: AppTest) -> list[str]:
    return [element.value for element in at.error]


def _form(at: AppTest) -> str:
    """The sign-in form's HTML (an HTML form posted to the sign-in route), or "" when none is drawn."""
    return "".join(element.proto.body for element in at.get("html") if "signin-form" in element.proto.body)


def test_signed_out_person_sees_only_the_sign_in_form(engine: Engine) -> None:
    at = _app().run()
    assert not at.exception
    form = _form(at)
    assert 'method="post" action="/session/sign-in"' in form
    assert ">Username</label>" in form and ">Password</label>" in form
    assert 'name="password" type="password"' in form and 'autocomplete="current-password"' in form
    assert 'name="next" value="/?lang=en"' in form  # back to the same address, its language kept
    assert at.title[0].value == "Partnership portfolio"
    assert _signed_in_actor(at) is None
    # A fresh installation says how to make the first account.
    assert [info.value for info in at.info] == [t("auth.no_account_yet", "en")]
    _account(engine)
    assert not _app().run().info


def test_sign_in_form_in_french(engine: Engine) -> None:
    at = _app()
    at.query_params["lang"] = "fr"
    at.run()
    form = _form(at)
    assert ">Identifiant</label>" in form and ">Mot de passe</label>" in form and ">Se connecter</button>" in form


def test_right_password_signs_in_and_shows_who_and_roles(engine: Engine) -> None:
    _account(engine, roles=("staff", "admin"))
    at = _submit(_app().run(), "ana", PASSWORD)
    actor = _signed_in_actor(at)
    assert actor is not None and actor.username == "ana" and actor.roles == {"staff", "admin"}
    assert "Signed in as **ana**" in at.sidebar.markdown[0].value
    assert "Roles: Staff, Administrator" in [caption.value for caption in at.sidebar.caption]
    assert "sign_in" in _actions(engine)
    assert not _form(at)


def test_the_session_cookie_is_http_only_same_site_new_at_each_sign_in_and_secure_behind_https(
    engine: Engine,
) -> None:
    _account(engine)
    first = post_sign_in("ana", PASSWORD, next_path="/budgets?lang=fr&type=ngo")
    assert first.status == 303 and first.header("location") == "/budgets?lang=fr&type=ngo"
    (line,) = first.set_cookie_lines
    assert line.startswith(f"{sessions.COOKIE_NAME}=")
    assert "HttpOnly" in line and "SameSite=lax" in line and "Max-Age=43200" in line and "Secure" not in line
    token = first.cookies[sessions.COOKIE_NAME]
    # Signing in again (over https, behind a proxy) gives a new token and ends the old one.
    second = post_sign_in("ana", PASSWORD, headers={"x-forwarded-proto": "https"},
                          cookies={sessions.COOKIE_NAME: token})
    assert "Secure" in second.set_cookie_lines[0]
    assert second.cookies[sessions.COOKIE_NAME] != token
    with db.session_scope(engine) as session:
        assert sessions.resume(session, token, now=utcnow()).sign_in is None
        assert sessions.resume(session, second.cookies[sessions.COOKIE_NAME], now=utcnow()).sign_in is not None
        stored = session.exec(select(WebSession.token_hash)).all()
    assert token not in stored and sessions.token_digest(token) in stored  # only the digest is kept


def test_a_form_posted_from_another_site_or_to_another_site_is_refused(engine: Engine) -> None:
    _account(engine)
    refused = post_sign_in("ana", PASSWORD, headers={"origin": "https://evil.example"})
    assert refused.status == 403 and not refused.cookies
    elsewhere = post_sign_in("ana", PASSWORD, next_path="//evil.example/x")
    assert elsewhere.header("location") == "/"


def test_wrong_password_is_refused(engine: Engine) -> None:
    _account(engine)
    at = _submit(_app().run(), "ana", "not the password")
    assert _signed_in_actor(at) is None
    assert _errors(at) == [t("auth.wrong_credentials", "en")]
    assert _actions(engine)[-1] == "sign_in_failed"
    assert _form(at)


def test_empty_fields_ask_for_both(engine: Engine) -> None:
    at = _submit(_app().run(), "", "")
    assert _errors(at) == [t("auth.missing_fields", "en")]


def test_a_client_that_keeps_guessing_waits_but_the_owner_elsewhere_still_gets_in(engine: Engine) -> None:
    """Issue 16: five wrong passwords from one client made the account wait for everyone (one try an hour kept
    an admin out). Now that client waits; the right password from another client gets in after a short delay."""
    _account(engine)
    at = _app().run()
    for _ in range(5):
        at = _submit(at, "ana", "not the password", client="198.51.100.66")
    assert _errors(at)[0].startswith("Too many failed attempts from this device")
    at = _submit(at, "ana", PASSWORD, client="198.51.100.66")  # the guessing client: still waiting
    assert _signed_in_actor(at) is None
    started = time.monotonic()
    at = _submit(_app().run(), "ana", PASSWORD, client="203.0.113.7")  # the owner, from their own machine
    assert time.monotonic() - started >= users.SLOW_ANSWER.total_seconds()
    actor = _signed_in_actor(at)
    assert actor is not None and actor.username == "ana"
    assert _actions(engine).count("account_locked") == 1


def test_unknown_and_known_usernames_get_the_same_answers_and_nothing_typed_is_kept(engine: Engine) -> None:
    _account(engine)
    answers = {}
    for name in ("ana", "nobody-here", "my secret passphrase"):
        at = _app().run()
        seen = []
        for _ in range(6):
            at = _submit(at, name, "not the password", client=f"192.0.2.{len(answers) + 1}")
            seen.append(_errors(at)[0].split(" after ")[0])
        answers[name] = seen
    assert answers["ana"] == answers["nobody-here"] == answers["my secret passphrase"]
    with Session(engine) as session:
        kept = " ".join(f"{event.user} {event.detail}" for event in session.exec(select(AuditEvent)).all())
        throttled = session.exec(select(SignInThrottle.account)).all()
    assert "nobody-here" not in kept and "passphrase" not in kept
    assert set(throttled) == {"ana", users.UNKNOWN_ACCOUNT}


def test_an_administrator_unlocks_an_account_for_every_client(engine: Engine) -> None:
    _account(engine)
    at = _app().run()
    for _ in range(5):
        at = _submit(at, "ana", "not the password")
    with db.session_scope(engine) as session:
        users.unlock_user(session, username="ana", by="admin", now=utcnow())
    at = _submit(at, "ana", PASSWORD)
    assert _signed_in_actor(at) is not None
    assert "account_unlocked" in _actions(engine)


def test_disabled_account_is_refused(engine: Engine) -> None:
    _account(engine)
    with db.session_scope(engine) as session:
        users.disable_user(session, username="ana", by="admin", now=utcnow())
    at = _submit(_app().run(), "ana", PASSWORD)
    assert _signed_in_actor(at) is None
    assert _errors(at) == [t("auth.disabled", "en")]


def _session_row(engine: Engine, username: str, *, started: dt.datetime, seen: dt.datetime) -> str:
    with db.session_scope(engine) as session:
        sign_in = users.SignIn(actor=Actor.of(username, ()), method=users.SignInMethod.password,
                               signed_in_at=started, last_seen_at=seen)
        return sessions.open_session(session, sign_in)


def test_expired_session_goes_back_to_the_sign_in_form_and_is_audited(engine: Engine) -> None:
    _account(engine)
    at = _app()
    started = utcnow() - dt.timedelta(hours=12, minutes=1)
    at.session_state[NO_BROWSER_TOKEN_KEY] = _session_row(engine, "ana", started=started, seen=utcnow())
    at.run()
    assert _signed_in_actor(at) is None
    assert next(info.value for info in at.info) == t("auth.expired", "en")
    assert _form(at)
    assert _actions(engine)[-1] == "session_expired"


def test_disabling_an_account_ends_its_live_session_at_the_next_click(engine: Engine) -> None:
    _account(engine)
    at = _submit(_app().run(), "ana", PASSWORD)
    assert _signed_in_actor(at) is not None
    with db.session_scope(engine) as session:
        users.disable_user(session, username="ana", by="admin", now=utcnow())
    at.run()
    assert _signed_in_actor(at) is None
    assert next(info.value for info in at.info) == t("auth.expired", "en")


@pytest.mark.parametrize("change", ["roles", "password"])
def test_a_role_or_password_change_ends_the_live_session(engine: Engine, change: str) -> None:
    _account(engine)
    at = _submit(_app().run(), "ana", PASSWORD)
    assert _signed_in_actor(at) is not None
    with db.session_scope(engine) as session:
        if change == "roles":
            users.set_roles(session, username="ana", roles=["leadership"], by="admin", now=utcnow())
        else:
            users.set_password(session, username="ana", password="another long password", by="admin",
                               now=utcnow())
    at.run()
    assert _signed_in_actor(at) is None and _form(at)


def test_an_actor_put_in_the_session_without_signing_in_counts_for_nothing(engine: Engine) -> None:
    at = _app()
    at.session_state["actor"] = Actor.of("intruder", ["admin"])
    at.session_state["sign_in"] = start_sign_in(Actor.of("intruder", ["admin"]), method=users.SignInMethod.password,
                                                now=utcnow())
    at.run()
    assert _signed_in_actor(at) is None
    assert _form(at)


def test_a_signed_in_streamlit_session_without_its_cookie_gets_the_form(engine: Engine) -> None:
    """What a replayed Streamlit session id amounts to: the session state of a signed-in person, run for a
    browser that does not hold the cookie (or holds another one)."""
    _account(engine)
    at = _submit(_app().run(), "ana", PASSWORD)
    assert _signed_in_actor(at) is not None
    at.session_state[NO_BROWSER_TOKEN_KEY] = "a-token-of-another-browser"
    at.run()
    assert _signed_in_actor(at) is None and _form(at)


def test_sign_out_button_ends_the_session(engine: Engine) -> None:
    _account(engine)
    at = _submit(_app().run(), "ana", PASSWORD)
    token = at.session_state[NO_BROWSER_TOKEN_KEY]
    next(button for button in at.sidebar.button if button.label == "Sign out").click()
    at.run()
    assert _signed_in_actor(at) is None
    assert next(info.value for info in at.info) == t("auth.signed_out", "en")
    assert _actions(engine)[-1] == "sign_out"
    with db.session_scope(engine) as session:  # the cookie's token opens nothing any more, on any server
        assert sessions.resume(session, token, now=utcnow()) == sessions.Resumed(None, ended=sessions.SIGNED_OUT)


def test_identity_provider_configured_shows_the_organisation_button(engine: Engine) -> None:
    at = _app()
    at.secrets["auth"] = {
        "redirect_uri": "http://localhost:8501/oauth2callback",
        "cookie_secret": "test-only-cookie-secret-not-used-anywhere",
        "client_id": "dashboard",
        "client_secret": "test-only",
        "server_metadata_url": "https://login.example.org/.well-known/openid-configuration",
        "roles": {"domains": {"example.org": ["leadership"]}},
    }
    at.run()
    assert not at.exception
    assert next(button.label for button in at.button) == "Sign in with your organisation"
    # Dashboard accounts remain available below it.
    assert _form(at)


def test_a_wrong_role_mapping_is_reported_on_the_sign_in_screen(engine: Engine) -> None:
    at = _app()
    at.secrets["auth"] = {"roles": {"emails": {"x@example.org": ["boss"]}}}
    at.run()
    assert any("unknown role(s) boss" in message for message in _errors(at))


# --- every role, every page ---------------------------------------------------------------------------


def _navigation(at: AppTest) -> list[str]:
    """The url paths app.py put in the navigation (switch_page refuses a page st.navigation did not list)."""
    listed = []
    for page in PAGES:
        try:
            at.switch_page(page.script)
        except ValueError:
            continue
        listed.append(page.url_path)
    return listed


def _refused(at: AppTest, username: str = "tester") -> bool:
    refusals = {t("shell.refused.signed_out", "en"), t("shell.refused.page", "en", username=username)}
    return bool({element.value for element in [*at.error, *at.warning]} & refusals)


def _shows_nothing_of_the_page(at: AppTest) -> bool:
    return not (len(at.get("file_uploader")) or len(at.dataframe) or len(at.metric) or len(at.get("plotly_chart")))


@pytest.mark.parametrize("role", ROLES)
def test_each_role_sees_and_opens_exactly_the_pages_its_rights_allow(demo_engine: Engine, role: str) -> None:
    missing = [page.script for page in PAGES if not (ROOT / page.script).exists()]
    if missing:
        pytest.skip(f"not written yet: {', '.join(missing)}")
    actor = Actor.of("tester", [role])
    allowed = [page.url_path for page in PAGES if can_open_page(actor, page.url_path)]
    at = sign_in(_app(), role).run()
    assert not at.exception, at.exception
    assert _navigation(at) == allowed
    for page in PAGES:
        if page.url_path in allowed:
            at.switch_page(page.script).run()
            assert not at.exception, (role, page.url_path, at.exception)
            assert not _refused(at), (role, page.url_path)
        else:
            # Reached directly (a typed URL, a bookmark): the page refuses on the server and draws nothing.
            direct = sign_in(AppTest.from_file(str(ROOT / page.script), default_timeout=120), role).run()
            assert not direct.exception, (role, page.url_path, direct.exception)
            assert _refused(direct), (role, page.url_path)
            assert _shows_nothing_of_the_page(direct), (role, page.url_path)


@pytest.mark.parametrize("page", PAGES, ids=[page.url_path for page in PAGES])
def test_an_expired_session_opens_no_page(demo_engine: Engine, page: PageSpec) -> None:
    script = ROOT / page.script
    if not script.exists():
        pytest.skip(f"{page.script} is not written yet")
    sign_in(AppTest.from_file(str(script), default_timeout=120), "admin")  # the account, with its role
    at = AppTest.from_file(str(script), default_timeout=120)
    at.session_state[NO_BROWSER_TOKEN_KEY] = _session_row(
        demo_engine, "tester", started=utcnow() - dt.timedelta(hours=9),
        seen=utcnow() - dt.timedelta(hours=8, seconds=1))
    at.run()
    assert t("shell.refused.signed_out", "en") in [element.value for element in at.warning]
    assert _shows_nothing_of_the_page(at)


def test_the_page_check_trusts_only_a_live_sign_in(demo_engine: Engine) -> None:
    """``page_context`` itself resumes the cookie's session and refuses a bare actor (pages call nothing else)."""
    script = ("from dashboard.web.context import page_context\npage_context('overview')\nimport streamlit as st\n"
              "st.success('opened')\n")
    at = sign_in(AppTest.from_string(script, default_timeout=60), "leadership").run()
    assert [element.value for element in at.success] == ["opened"]
    bare = AppTest.from_string(script, default_timeout=60)
    bare.session_state["actor"] = Actor.of("tester", ["leadership"])
    bare.run()
    assert not bare.success and t("shell.refused.signed_out", "en") in [w.value for w in bare.warning]


# --- identity provider (st.login / st.user) -----------------------------------------------------------

OIDC_SECRETS = {
    "redirect_uri": "http://localhost:8501/oauth2callback",
    "cookie_secret": "test-only-cookie-secret-not-used-anywhere",
    "client_id": "dashboard",
    "client_secret": "test-only",
    "server_metadata_url": "https://login.example.org/.well-known/openid-configuration",
    "roles": {"domains": {"example.org": ["leadership"]}, "groups": {"partnership-staff": ["staff"]}},
}


def _identity_cookie(email: str, groups: list[str] | None = None, origin: str = "http://testserver") -> str:
    """Streamlit's signed identity cookie, as ``st.login`` leaves it after the provider's callback."""
    payload = {"origin": origin, "is_logged_in": True, "email": email}
    if groups is not None:
        payload["groups"] = groups
    return create_signed_value(get_cookie_secret(), "_streamlit_user", json.dumps(payload)).decode()


@pytest.fixture
def identity_provider(monkeypatch: pytest.MonkeyPatch) -> users.RoleMapping:
    """The server's role mapping of an installation with an identity provider (OIDC_SECRETS' roles)."""
    mapping = load_role_mapping({"auth": OIDC_SECRETS}, environ={})
    monkeypatch.setattr(server, "role_mapping", lambda: mapping)
    config.set_option("server.cookieSecret", "test-only-cookie-secret-for-the-identity-cookie")
    return mapping


def _identity_sign_in(email: str, groups: list[str] | None = None, *, cookies: dict[str, str] | None = None):
    """A page load right after the provider's callback: the middleware sends it to the identity route."""
    jar = {"_streamlit_user": _identity_cookie(email, groups), **(cookies or {})}
    first = request("GET", "/budgets?lang=en", cookies=jar)
    assert first.status == 303 and (first.header("location") or "").startswith(server.IDENTITY_PATH)
    return request("GET", first.header("location") or "", cookies=jar)


def _provider_app(answer=None, **claims: Any) -> AppTest:
    at = _app()
    at.secrets["auth"] = OIDC_SECRETS
    at.user = {"is_logged_in": True, **claims}
    if answer is not None:
        token = answer.cookies.get(sessions.COOKIE_NAME)
        if token:
            at.session_state[NO_BROWSER_TOKEN_KEY] = token
        for name, value in parse_qsl(urlsplit(answer.header("location") or "").query):
            at.query_params[name] = value
    return at


def test_identity_provider_sign_in_maps_domain_and_group_to_roles(engine: Engine, identity_provider) -> None:
    answer = _identity_sign_in("Sina@Example.org", ["partnership-staff"])
    assert answer.status == 303 and answer.header("location") == "/budgets?lang=en"
    assert "HttpOnly" in answer.set_cookie_lines[0]
    at = _provider_app(answer, email="Sina@Example.org", groups=["partnership-staff"]).run()
    assert not at.exception, at.exception
    actor = _signed_in_actor(at)
    assert actor is not None and actor.username == "sina@example.org"
    assert actor.roles == {"leadership", "staff"}
    assert "Roles: Leadership, Staff" in [caption.value for caption in at.sidebar.caption]
    with Session(engine) as session:
        event = session.exec(select(AuditEvent).where(AuditEvent.action == "sign_in")).one()
    assert event.user == "sina@example.org" and (event.detail or "").startswith("identity provider")
    # With the session cookie, page loads go straight to the page.
    again = request("GET", "/budgets", cookies={"_streamlit_user": _identity_cookie("sina@example.org"),
                                                sessions.COOKIE_NAME: answer.cookies[sessions.COOKIE_NAME]})
    assert again.status == 200


def test_a_forged_identity_cookie_signs_nobody_in(engine: Engine, identity_provider) -> None:
    forged = _identity_cookie("sina@example.org")[:-4] + "AAAA"
    answer = request("GET", server.IDENTITY_PATH + "?next=/", cookies={"_streamlit_user": forged})
    assert answer.status == 303 and not answer.cookies


def test_identity_provider_person_without_a_role_is_refused(engine: Engine, identity_provider) -> None:
    answer = _identity_sign_in("visitor@elsewhere.net")
    assert not answer.cookies and "signin=no_role" in (answer.header("location") or "")
    at = _provider_app(answer, email="visitor@elsewhere.net").run()
    assert _signed_in_actor(at) is None
    assert t("auth.no_role", "en") in _errors(at)
    assert any(button.label == t("auth.organisation_sign_out", "en") for button in at.button)
    # The refusal in the address stops the middleware sending the page to the identity route again (no loop).
    stay = request("GET", answer.header("location") or "", cookies={"_streamlit_user": _identity_cookie(
        "visitor@elsewhere.net")})
    assert stay.status == 200
    assert _actions(engine).count("sign_in_refused") == 1


def test_identity_provider_cannot_bring_back_a_disabled_account(engine: Engine, identity_provider) -> None:
    with db.session_scope(engine) as session:
        users.create_user(session, username="sina", roles=["admin"], password=None, email="sina@example.org",
                         by="test", now=utcnow())
        users.disable_user(session, username="sina", by="test", now=utcnow())
    answer = _identity_sign_in("sina@example.org")
    at = _provider_app(answer, email="sina@example.org").run()
    assert _signed_in_actor(at) is None
    assert t("auth.disabled", "en") in _errors(at)


def test_an_expired_identity_provider_session_also_signs_out_of_the_provider(engine: Engine,
                                                                            identity_provider) -> None:
    answer = _identity_sign_in("sina@example.org")
    at = _provider_app(answer, email="sina@example.org").run()
    assert _signed_in_actor(at) is not None
    with db.session_scope(engine) as session:
        session.exec(update(WebSession).values(created_at=utcnow() - dt.timedelta(hours=12)))
    at.run()
    assert _signed_in_actor(at) is None
    assert at.user.get("is_logged_in") is False  # st.logout() was called: no silent sign-in again
    assert _actions(engine)[-1] == "session_expired"


# --- the Users page: unlocking an account (issue 16, item 4) --------------------------------------------


def test_an_administrator_unlocks_an_account_from_the_users_page(engine: Engine) -> None:
    _account(engine)
    for _ in range(5):
        post_sign_in("ana", "not the password", client="198.51.100.66")
    assert post_sign_in("ana", PASSWORD, client="198.51.100.66").header("location") != "/"  # that device waits
    at = sign_in(AppTest.from_file(str(ROOT / "pages" / "users.py"), default_timeout=60), "admin",
                 username="boss").run()
    assert not at.exception, at.exception
    table = at.dataframe[0].value
    row = table[table["Username"] == "ana"].iloc[0]
    assert row["Failures in a row"] == 5 and re.fullmatch(r"\d\d:\d\d · 1 device", row["Waiting until (UTC)"])
    assert row["Account"] == "active · password"
    assert list(table.columns) == ["Username", "Roles", "Account", "Failures in a row", "Waiting until (UTC)",
                                   "Sessions", "Last sign-in (UTC)"]  # seven: the table fits at 1 400 px
    assert at.selectbox(key="users_unlock_choice").options == ["ana"]
    at.button(key="users_unlock").click().run()
    assert [message.value for message in at.success] == [t("users.unlock.done", "en", username="ana")]
    assert at.caption[-1].value == t("users.unlock.none", "en")
    answer = post_sign_in("ana", PASSWORD, client="198.51.100.66")  # the same device gets in at once
    assert answer.header("location") == "/" and answer.cookies.get(sessions.COOKIE_NAME)
    with Session(engine) as session:
        unlocked = session.exec(select(AuditEvent).where(AuditEvent.action == "account_unlocked")).one()
    assert unlocked.user == "boss"


def test_only_an_administrator_opens_the_users_page(engine: Engine) -> None:
    at = sign_in(AppTest.from_file(str(ROOT / "pages" / "users.py"), default_timeout=60), "staff").run()
    assert _refused(at) and not at.dataframe
