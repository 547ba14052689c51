"""The sign-in gate of the Streamlit app (rules in ``dashboard.accounts``; this module only draws and stores).

``app.py`` calls ``require_sign_in()`` before it builds the navigation. On every rerun it checks the sign-in
kept in the session (expiry, account still active, roles read again from the database) and either returns the
actor or draws the sign-in screen and stops the script. ``current_actor()`` is what ``web.context.page_context``
trusts: an actor only counts when it belongs to a live sign-in, so an expired session, or an ``actor`` put in
the session state by any other path, opens no page.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pandas as pd
import plotly.graph_objects as go
import streamlit as st
from sqlalchemy.exc import DBAPIError
from sqlmodel import Session, select

from dashboard.accounts import users
from dashboard.accounts.identity import groups_from_claims, load_role_mapping, oidc_providers, sign_in_with_identity
from dashboard.accounts.sign_in import (
    authenticate,
    end_reason,
    is_sign_in_valid,
    record_sign_out,
    refresh_sign_in,
    start_sign_in,
)
from dashboard.accounts.users import AccountError, AuthOutcome, SignIn, SignInMethod
from dashboard.core import db
from dashboard.core.i18n import t
from dashboard.core.models import User, utcnow
from dashboard.core.permissions import Actor
from dashboard.core.settings import ROLE_MAPPING_ENV, get_settings
from dashboard.core.text import escape_markdown
from dashboard.web.navigation import PAGES
from dashboard.web.state import ACTOR_KEY, current_language

SIGN_IN_KEY = "sign_in"
_NOTICE_KEY = "_auth_notice"  # a message key to show once on the sign-in screen
_IDP_REFUSED_KEY = "_auth_idp_refused"  # outcome of a refused identity-provider sign-in, audited once

ROLE_LABEL_KEYS: dict[str, str] = {
    "leadership": "auth.role.leadership",
    "reference_group": "auth.role.reference_group",
    "staff": "auth.role.staff",
    "admin": "auth.role.admin",
}
_OUTCOME_MESSAGE_KEYS: dict[AuthOutcome, str] = {
    AuthOutcome.wrong_credentials: "auth.wrong_credentials",
    AuthOutcome.disabled: "auth.disabled",
    AuthOutcome.no_role: "auth.no_role",
}


def _language(lang: str | None) -> str:
    if lang:
        return lang
    return current_language()


def _auth_secrets() -> Mapping[str, Any]:
    """The ``[auth]`` secrets section, or an empty mapping when there is no secrets file at all."""
    try:
        section = st.secrets.get("auth")
    except FileNotFoundError:  # Streamlit's "no secrets.toml" (and "unparsable") error subclasses it
        return {}
    return section if isinstance(section, Mapping) else {}


def _role_mapping() -> users.RoleMapping:
    # The environment's mapping as the settings read it at start (core.settings).
    return load_role_mapping({"auth": _auth_secrets()},
                             environ={ROLE_MAPPING_ENV: get_settings().role_mapping_json or ""})


def current_sign_in() -> SignIn | None:
    sign_in = st.session_state.get(SIGN_IN_KEY)
    return sign_in if isinstance(sign_in, SignIn) else None


def current_actor() -> Actor | None:
    """The signed-in actor, or None when nobody is signed in or the sign-in has expired (no database read)."""
    actor = st.session_state.get(ACTOR_KEY)
    sign_in = current_sign_in()
    if not isinstance(actor, Actor) or sign_in is None or sign_in.actor != actor:
        return None
    if not is_sign_in_valid(sign_in, now=utcnow()):
        return None
    return actor


def _store(sign_in: SignIn) -> None:
    st.session_state[SIGN_IN_KEY] = sign_in
    st.session_state[ACTOR_KEY] = sign_in.actor


def _forget() -> None:
    for key in (SIGN_IN_KEY, ACTOR_KEY):
        st.session_state.pop(key, None)


# ---------------------------------------------------------------------------------------------------------
# The gate
# ---------------------------------------------------------------------------------------------------------


def require_sign_in(lang: str | None = None) -> Actor:
    """Return the signed-in actor, or draw the sign-in screen and stop the script."""
    lang = _language(lang)
    try:
        mapping = _role_mapping()
        config_error = None
    except AccountError as error:
        mapping, config_error = users.RoleMapping(), str(error)
    providers = oidc_providers(_auth_secrets())

    actor = _keep_alive(mapping, providers)
    if actor is None and providers:
        actor = _accept_identity_provider(mapping)
    if actor is not None:
        _account_box(lang, providers)
        return actor

    def sign_in_page() -> None:
        _sign_in_screen(lang, providers, config_error)

    # A hidden navigation in which every page address shows the sign-in form: without it Streamlit would list
    # the files of pages/ in a signed-out visitor's sidebar, and a bookmarked address (/budgets) would open a
    # "page not found" box over the form. After sign-in, the same address opens that page if the roles allow.
    pages = [st.Page(sign_in_page, title=t("auth.title", lang), icon=":material/login:", default=True)]
    pages += [st.Page(sign_in_page, title=t("auth.title", lang), url_path=spec.url_path) for spec in PAGES]
    st.navigation(pages, position="hidden").run()
    st.stop()
    raise AssertionError("st.stop() returned")  # pragma: no cover - st.stop raises


def _keep_alive(mapping: users.RoleMapping, providers: tuple[str | None, ...]) -> Actor | None:
    sign_in = current_sign_in()
    if sign_in is None:
        st.session_state.pop(ACTOR_KEY, None)  # an actor without a sign-in counts for nothing
        return None
    now = utcnow()
    with db.session_scope() as session:
        refreshed = refresh_sign_in(session, sign_in, now=now, mapping=mapping)
        if refreshed is None:
            record_sign_out(
                session, sign_in, now=now, reason=end_reason(session, sign_in, now=now, mapping=mapping)
            )
    if refreshed is None:
        _forget()
        st.session_state[_NOTICE_KEY] = "auth.expired"
        if sign_in.method is SignInMethod.identity_provider and providers:
            # Otherwise the provider's cookie would sign the person straight back in.
            st.logout()
        return None
    _store(refreshed)
    return refreshed.actor


def _accept_identity_provider(mapping: users.RoleMapping) -> Actor | None:
    """Turn a completed ``st.login`` into a sign-in (once), or remember why it was refused."""
    claims = st.user.to_dict()  # a Mapping, so a missing is_logged_in reads as "not signed in"
    if not claims.get("is_logged_in") or st.session_state.get(_IDP_REFUSED_KEY):
        return None
    email = claims.get("email")
    email = email if isinstance(email, str) else None  # a claim of another shape is no address
    groups = groups_from_claims(claims, mapping)
    now = utcnow()
    with db.session_scope() as session:
        result = sign_in_with_identity(session, email=email, groups=groups, mapping=mapping, now=now)
    if not result.ok or result.actor is None:
        st.session_state[_IDP_REFUSED_KEY] = result.outcome.value
        return None
    _store(
        start_sign_in(
            result.actor,
            method=SignInMethod.identity_provider,
            now=now,
            email=str(email).strip().lower(),
            groups=groups,
        )
    )
    return result.actor


def _no_account_yet() -> bool:
    """True on a fresh installation, where the screen says how the first account is made."""
    with Session(db.get_engine()) as session:
        return session.exec(select(User.id).limit(1)).first() is None


# What a sign-in that could not be recorded says, by what the database answered (core.db.write_failure).
SIGN_IN_WRITE_FAILURES = {db.WriteFailure.busy: "auth.database_busy", db.WriteFailure.full: "auth.database_full",
                          db.WriteFailure.clash: "auth.database_failed", db.WriteFailure.other: "auth.database_failed"}


def _password_form(lang: str) -> None:
    with st.form("sign_in_form", enter_to_submit=True):
        username = st.text_input(t("auth.username", lang), key="sign_in_username", autocomplete="username")
        password = st.text_input(
            t("auth.password", lang), type="password", key="sign_in_password", autocomplete="current-password"
        )
        submitted = st.form_submit_button(t("auth.submit", lang), type="primary", icon=":material/login:")
    if not submitted:
        return
    if not username.strip() or not password:
        st.error(t("auth.missing_fields", lang), icon=":material/error:")
        return
    now = utcnow()
    try:
        with db.session_scope() as session:
            result = authenticate(session, username=username, password=password, now=now)
    except DBAPIError as error:  # a long write holds the database (or no room is left): say so, not a crash
        st.error(t(SIGN_IN_WRITE_FAILURES[db.write_failure(error)], lang), icon=":material/hourglass_top:")
        return
    if result.ok and result.actor is not None:
        _store(start_sign_in(result.actor, method=SignInMethod.password, now=now))
        st.session_state.pop(_NOTICE_KEY, None)
        st.rerun()
    if result.outcome is AuthOutcome.locked and result.locked_until is not None:
        st.error(t("auth.locked", lang, time=result.locked_until.strftime("%H:%M")), icon=":material/lock_clock:")
    else:
        st.error(t(_OUTCOME_MESSAGE_KEYS[result.outcome], lang), icon=":material/error:")


def _sign_in_screen(lang: str, providers: tuple[str | None, ...], config_error: str | None) -> None:
    _, middle, _ = st.columns([1, 2, 1])
    with middle:
        st.title(t("app.title", lang))
        st.subheader(t("auth.title", lang))
        notice = st.session_state.pop(_NOTICE_KEY, None)
        if notice:
            st.info(t(notice, lang), icon=":material/schedule:")
        if config_error:
            st.error(t("auth.config_error", lang, error=config_error), icon=":material/error:")
        st.caption(t("auth.intro", lang))
        if not providers and _no_account_yet():
            st.info(t("auth.no_account_yet", lang), icon=":material/person_add:")
        if providers:
            refused = st.session_state.get(_IDP_REFUSED_KEY)
            if refused:
                st.error(t(_OUTCOME_MESSAGE_KEYS[AuthOutcome(refused)], lang), icon=":material/block:")
                if st.button(t("auth.organisation_sign_out", lang), key="idp_sign_out"):
                    st.session_state.pop(_IDP_REFUSED_KEY, None)
                    st.logout()
            for provider in providers:
                label = (
                    t("auth.organisation_sign_in", lang)
                    if provider is None
                    else t("auth.organisation_sign_in_named", lang, provider=provider.title())
                )
                if st.button(label, type="primary", icon=":material/corporate_fare:", key=f"idp_{provider}",
                             use_container_width=True):
                    st.session_state.pop(_IDP_REFUSED_KEY, None)
                    st.login(provider)
            st.caption(t("auth.organisation_help", lang))
            # Dashboard accounts stay available (e.g. the first administrator, or when the provider is down).
            with st.expander(t("auth.local_accounts", lang)):
                _password_form(lang)
        else:
            _password_form(lang)
    _preload_page_code()


PRELOAD_KEY = "preload_page_code"


def _preload_page_code() -> None:
    """Have the browser load the code that draws charts and tables while the person signs in: Streamlit
    loads it (5 MB, Plotly's most) when the first chart or table is shown, which on a busy machine added
    seconds to the first page after sign-in (issue 15). An empty chart and table in a hidden container."""
    with st.container(key=PRELOAD_KEY):
        st.html(f"<style>.st-key-{PRELOAD_KEY} {{display: none;}}</style>")
        st.plotly_chart(go.Figure(), key=f"{PRELOAD_KEY}_chart")
        st.dataframe(pd.DataFrame(), key=f"{PRELOAD_KEY}_table")


# ---------------------------------------------------------------------------------------------------------
# Who is signed in, and signing out
# ---------------------------------------------------------------------------------------------------------


def role_names(roles: frozenset[str], lang: str) -> str:
    ordered = [role for role in ROLE_LABEL_KEYS if role in roles]
    return ", ".join(t(ROLE_LABEL_KEYS[role], lang) for role in ordered)


def sign_in_link(lang: str) -> None:
    """A link to the sign-in screen, for a page reached without signing in.

    That happens when a page's address is the first one a freshly started server receives: Streamlit then
    runs that page's script alone (its old pages-folder mode), without app.py's gate. The page refuses; this
    link (relative, so it works under any base path) opens the app's root, where the form is.
    """
    st.markdown(f"[{t('auth.go_to_sign_in', lang)}](./)")


def _account_box(lang: str, providers: tuple[str | None, ...]) -> None:
    sign_in = current_sign_in()
    if sign_in is None:
        return
    box = st.sidebar.container(border=True)
    box.markdown(
        ":material/account_circle: "
        + t("auth.signed_in_as", lang, username=f"**{escape_markdown(sign_in.actor.username)}**")
    )
    box.caption(t("auth.roles_label", lang, roles=role_names(sign_in.actor.roles, lang)))
    if box.button(t("auth.sign_out", lang), icon=":material/logout:", key="sign_out"):
        sign_out(providers)


def sign_out(providers: tuple[str | None, ...] = ()) -> None:
    sign_in = current_sign_in()
    if sign_in is not None:
        with db.session_scope() as session:
            record_sign_out(session, sign_in, now=utcnow())
    _forget()
    st.session_state[_NOTICE_KEY] = "auth.signed_out"
    if sign_in is not None and sign_in.method is SignInMethod.identity_provider and providers:
        st.logout()
    st.rerun()
