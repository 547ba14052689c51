"""The sign-in gate in Streamlit (AppTest): the form, refusals, expiry, sign-out, identity provider button,
and, for every role and every page of the navigation, that the page opens or is refused on the server."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session, select
from streamlit.runtime.pages_manager import PagesManager
from streamlit.testing.v1 import AppTest

from dashboard.accounts import users
from dashboard.accounts.sign_in import start_sign_in
from dashboard.core import db
from dashboard.core.i18n import t
from dashboard.core.models import AuditEvent, utcnow
from dashboard.core.permissions import Actor, can_open_page
from dashboard.web.navigation import PAGES, PageSpec
from tests.apptest_helpers import sign_in

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


def _submit(at: AppTest, username: str, password: str) -> AppTest:
    at.text_input(key="sign_in_username").input(username)
    at.text_input(key="sign_in_password").input(password)
    next(button for button in at.button if button.label == t("auth.submit", "en")).click()
    return at.run()


def _actions(engine: Engine) -> list[str]:
    with Session(engine) as session:
        return list(session.exec(select(AuditEvent.action).order_by(AuditEvent.id)).all())


def _signed_in_actor(at: AppTest) -> Actor | None:
    return at.session_state.get("actor", None)


def _errors(at: AppTest) -> list[str]:
    return [element.value for element in at.error]


def test_signed_out_person_sees_only_the_sign_in_form(engine: Engine) -> None:
    at = _app().run()
    assert not at.exception
    assert [field.label for field in at.text_input] == ["Username", "Password"]
    assert at.text_input(key="sign_in_password").proto.type == at.text_input(key="sign_in_password").proto.PASSWORD
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
    assert [field.label for field in at.text_input] == ["Identifiant", "Mot de passe"]
    assert any(button.label == "Se connecter" for button in at.button)


def test_right_password_signs_in_and_shows_who_and_roles(engine: Engine) -> None:
    _account(engine, roles=("staff", "admin"))
    at = _submit(_app().run(), "ana", PASSWORD)
    actor = _signed_in_actor(at)
    assert actor is not None and actor.username == "ana" and actor.roles == {"staff", "admin"}
    assert "Signed in as **ana**" in at.sidebar.markdown[0].value
    assert "Roles: Staff, Administrator" in [caption.value for caption in at.sidebar.caption]
    assert "sign_in" in _actions(engine)


def test_wrong_password_is_refused(engine: Engine) -> None:
    _account(engine)
    at = _submit(_app().run(), "ana", "not the password")
    assert _signed_in_actor(at) is None
    assert _errors(at) == [t("auth.wrong_credentials", "en")]
    assert _actions(engine)[-1] == "sign_in_failed"


def test_empty_fields_ask_for_both(engine: Engine) -> None:
    at = _submit(_app().run(), "", "")
    assert _errors(at) == [t("auth.missing_fields", "en")]


def test_locked_account_is_refused_even_with_the_right_password(engine: Engine) -> None:
    _account(engine)
    at = _app().run()
    for _ in range(5):
        at = _submit(at, "ana", "not the password")
    assert "locked until" in _errors(at)[0]
    at = _submit(at, "ana", PASSWORD)
    assert _signed_in_actor(at) is None
    assert "locked until" in _errors(at)[0]
    assert _actions(engine).count("account_locked") == 1


def test_disabled_account_is_refused(engine: Engine) -> None:
    _account(engine)
    with db.session_scope(engine) as session:
        users.disable_user(session, username="ana", by="admin", now=utcnow())
    at = _submit(_app().run(), "ana", PASSWORD)
    assert _signed_in_actor(at) is None
    assert _errors(at) == [t("auth.disabled", "en")]


def test_expired_session_goes_back_to_the_sign_in_form_and_is_audited(engine: Engine) -> None:
    _account(engine)
    at = _app()
    started = utcnow() - dt.timedelta(hours=12, minutes=1)
    expired = start_sign_in(Actor.of("ana", ["staff"]), method=users.SignInMethod.password, now=started)
    at.session_state["sign_in"] = expired
    at.session_state["actor"] = expired.actor
    at.run()
    assert _signed_in_actor(at) is None
    assert next(info.value for info in at.info) == t("auth.expired", "en")
    assert [field.label for field in at.text_input] == ["Username", "Password"]
    assert _actions(engine)[-1] == "session_expired"


def test_disabling_an_account_ends_its_live_session_at_the_next_click(engine: Engine) -> None:
    _account(engine)
    at = _submit(_app().run(), "ana", PASSWORD)
    assert _signed_in_actor(at) is not None
    with db.session_scope(engine) as session:
        users.disable_user(session, username="ana", by="admin", now=utcnow())
    at.run()
    assert _signed_in_actor(at) is None
    with Session(engine) as session:
        last = session.exec(select(AuditEvent).order_by(AuditEvent.id.desc())).first()  # type: ignore[union-attr]
    assert last is not None and last.action == "session_expired" and "account disabled" in (last.detail or "")


def test_an_actor_put_in_the_session_without_signing_in_counts_for_nothing(engine: Engine) -> None:
    at = _app()
    at.session_state["actor"] = Actor.of("intruder", ["admin"])
    at.run()
    assert _signed_in_actor(at) is None
    assert [field.label for field in at.text_input] == ["Username", "Password"]


def test_sign_out_button_ends_the_session(engine: Engine) -> None:
    _account(engine)
    at = _submit(_app().run(), "ana", PASSWORD)
    next(button for button in at.sidebar.button if button.label == "Sign out").click()
    at.run()
    assert _signed_in_actor(at) is None
    assert next(info.value for info in at.info) == t("auth.signed_out", "en")
    assert _actions(engine)[-1] == "sign_out"


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
    assert [field.label for field in at.text_input] == ["Username", "Password"]


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
    at = sign_in(AppTest.from_file(str(script), default_timeout=120), "admin")
    stale = at.session_state["sign_in"]
    at.session_state["sign_in"] = users.SignIn(
        actor=stale.actor,
        method=stale.method,
        signed_in_at=utcnow() - dt.timedelta(hours=9),
        last_seen_at=utcnow() - dt.timedelta(hours=8, seconds=1),
    )
    at.run()
    assert t("shell.refused.signed_out", "en") in [element.value for element in at.warning]
    assert _shows_nothing_of_the_page(at)


def test_the_page_check_trusts_only_a_live_sign_in(demo_engine: Engine) -> None:
    """``page_context`` itself refuses an expired sign-in or a bare actor (pages call nothing else)."""
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


def _provider_app(**claims: Any) -> AppTest:
    at = _app()
    at.secrets["auth"] = OIDC_SECRETS
    at.user = {"is_logged_in": True, **claims}
    return at


def test_identity_provider_sign_in_maps_domain_and_group_to_roles(engine: Engine) -> None:
    at = _provider_app(email="Sina@Example.org", groups=["partnership-staff"]).run()
    assert not at.exception, at.exception
    actor = _signed_in_actor(at)
    assert actor is not None and actor.username == "sina@example.org"
    assert actor.roles == {"leadership", "staff"}
    assert "Roles: Leadership, Staff" in [caption.value for caption in at.sidebar.caption]
    with Session(engine) as session:
        event = session.exec(select(AuditEvent).where(AuditEvent.action == "sign_in")).one()
    assert event.user == "sina@example.org" and (event.detail or "").startswith("identity provider")


def test_identity_provider_person_without_a_role_is_refused(engine: Engine) -> None:
    at = _provider_app(email="visitor@elsewhere.net").run()
    assert _signed_in_actor(at) is None
    assert t("auth.no_role", "en") in _errors(at)
    assert any(button.label == t("auth.organisation_sign_out", "en") for button in at.button)
    at.run()  # the refusal is remembered: audited once, not on every rerun
    assert _actions(engine).count("sign_in_refused") == 1


def test_identity_provider_cannot_bring_back_a_disabled_account(engine: Engine) -> None:
    with db.session_scope(engine) as session:
        users.create_user(session, username="sina", roles=["admin"], password=None, email="sina@example.org",
                         by="test", now=utcnow())
        users.disable_user(session, username="sina", by="test", now=utcnow())
    at = _provider_app(email="sina@example.org").run()
    assert _signed_in_actor(at) is None
    assert t("auth.disabled", "en") in _errors(at)


def test_an_expired_identity_provider_session_also_signs_out_of_the_provider(engine: Engine) -> None:
    at = _provider_app(email="sina@example.org").run()
    stale = at.session_state["sign_in"]
    assert stale.method is users.SignInMethod.identity_provider
    at.session_state["sign_in"] = users.SignIn(
        actor=stale.actor, method=stale.method, signed_in_at=utcnow() - dt.timedelta(hours=12),
        last_seen_at=utcnow(), email=stale.email, groups=stale.groups,
    )
    at.run()
    assert _signed_in_actor(at) is None
    assert at.user.get("is_logged_in") is False  # st.logout() was called: no silent sign-in again
    assert _actions(engine)[-1] == "session_expired"
