"""The sign-in gate of the Streamlit app (rules in ``dashboard.accounts``; this module only draws and stores).

``app.py`` calls ``require_sign_in()`` before it builds the navigation. On every run it reads the session cookie
(``st.context.cookies``: the browser's HttpOnly cookie set by ``web.server``'s sign-in route) and resumes the
session row it names (``accounts.sessions``: expiry, account still active, roles read again), then either
returns the actor or draws the sign-in screen and stops the script. Nothing else is trusted: the Streamlit
session state only caches the sign-in of this run, tied to the cookie's token, so a Streamlit session id
replayed from another browser (which does not hold the cookie) gets the sign-in form. ``current_actor()`` is what
``web.context.page_context`` trusts.
"""

from __future__ import annotations

import html
from urllib.parse import urlencode, urlsplit

import pandas as pd
import plotly.graph_objects as go
import streamlit as st
from sqlmodel import Session, select

from dashboard.accounts import sessions, users
from dashboard.accounts.identity import oidc_providers
from dashboard.accounts.sign_in import is_sign_in_valid
from dashboard.accounts.users import AccountError, AuthOutcome, SignIn
from dashboard.core import db
from dashboard.core.i18n import t
from dashboard.core.models import User, utcnow
from dashboard.core.permissions import Actor
from dashboard.core.text import escape_markdown
from dashboard.web.identity_config import auth_secrets, role_mapping
from dashboard.web.navigation import PAGES
from dashboard.web.server import IDENTITY_PATH, OUTCOME_PARAM, SIGN_IN_PATH, UNTIL_PARAM, base_path, safe_next
from dashboard.web.state import ACTOR_KEY, current_language

SIGN_IN_KEY = "sign_in"
_TOKEN_KEY = "_sign_in_token"  # the SHA-256 of the cookie token this run's sign-in was resumed from
# A run with no browser connection (AppTest, the page benchmark: no HTTP request, so no cookie) finds the
# token here instead; a served page always has its request's headers and reads the cookie alone.
NO_BROWSER_TOKEN_KEY = "_session_token_without_browser"
_NOTICE_KEY = "_auth_notice"  # a message key to show once on the sign-in screen

ROLE_LABEL_KEYS: dict[str, str] = {
    "leadership": "auth.role.leadership",
    "reference_group": "auth.role.reference_group",
    "staff": "auth.role.staff",
    "admin": "auth.role.admin",
}
_OUTCOME_MESSAGE_KEYS: dict[str, str] = {
    AuthOutcome.wrong_credentials.value: "auth.wrong_credentials",
    AuthOutcome.disabled.value: "auth.disabled",
    AuthOutcome.no_role.value: "auth.no_role",
    AuthOutcome.locked.value: "auth.locked",
    "missing": "auth.missing_fields",
    "config": "auth.identity_config",
    "database": "auth.database_unavailable",
    # What the database answered a sign-in it could not record (core.db.write_failure), named by the route.
    "busy": "auth.database_busy",
    "full": "auth.database_full",
}


def _language(lang: str | None) -> str:
    if lang:
        return lang
    return current_language()


def session_token() -> str | None:
    """The session cookie's token: the only thing a served page trusts for who is signed in."""
    if st.context.headers:  # a browser's connection: its request's cookie, and nothing else
        return st.context.cookies.get(sessions.COOKIE_NAME)
    token = st.session_state.get(NO_BROWSER_TOKEN_KEY)
    return token if isinstance(token, str) else None


def current_sign_in() -> SignIn | None:
    """This run's sign-in, when it was resumed from the cookie the browser presents now."""
    sign_in = st.session_state.get(SIGN_IN_KEY)
    token = session_token()
    if not isinstance(sign_in, SignIn) or token is None:
        return None
    if st.session_state.get(_TOKEN_KEY) != sessions.token_digest(token):
        return None  # the Streamlit session was signed in from another browser's cookie
    return sign_in


def current_actor() -> Actor | None:
    """The signed-in actor, or None when nobody is signed in, the sign-in has expired or belongs to another
    browser's cookie (no database read)."""
    actor = st.session_state.get(ACTOR_KEY)
    sign_in = current_sign_in()
    if not isinstance(actor, Actor) or sign_in is None or sign_in.actor != actor:
        return None
    if not is_sign_in_valid(sign_in, now=utcnow()):
        return None
    return actor


def resumed_actor() -> Actor | None:
    """``current_actor()``, or, when this Streamlit session has not resumed the cookie's session yet (a page
    script run without app.py's gate), the actor of the session the cookie names, read from the database."""
    actor = current_actor()
    if actor is not None or session_token() is None:
        return actor
    try:
        mapping = role_mapping()
    except AccountError:
        mapping = users.RoleMapping()
    return _resume(mapping)


def _store(sign_in: SignIn, token: str) -> None:
    st.session_state[SIGN_IN_KEY] = sign_in
    st.session_state[ACTOR_KEY] = sign_in.actor
    st.session_state[_TOKEN_KEY] = sessions.token_digest(token)


def _forget() -> None:
    for key in (SIGN_IN_KEY, ACTOR_KEY, _TOKEN_KEY):
        st.session_state.pop(key, None)


# ---------------------------------------------------------------------------------------------------------
# The gate
# ---------------------------------------------------------------------------------------------------------


def require_sign_in(lang: str | None = None) -> Actor:
    """Return the signed-in actor, or draw the sign-in screen and stop the script."""
    lang = _language(lang)
    try:
        mapping = role_mapping()
        config_error = None
    except AccountError as error:
        mapping, config_error = users.RoleMapping(), str(error)
    providers = oidc_providers(auth_secrets())

    actor = _resume(mapping)
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


def _resume(mapping: users.RoleMapping) -> Actor | None:
    """The actor of the session the cookie names, read again from the database on every run."""
    token = session_token()
    if token is None:
        _forget()
        return None
    with db.session_scope() as session:
        resumed = sessions.resume(session, token, now=utcnow(), mapping=mapping)
    if resumed.sign_in is None:
        had_sign_in = SIGN_IN_KEY in st.session_state
        _forget()
        if resumed.ended and resumed.ended != sessions.SIGNED_OUT:
            st.session_state[_NOTICE_KEY] = "auth.expired"
            if had_sign_in and _provider_signed_in():
                st.logout()  # otherwise the provider's cookie would sign the person straight back in
        return None
    _store(resumed.sign_in, token)
    return resumed.sign_in.actor


def _provider_signed_in() -> bool:
    """The identity provider's sign-in (``st.login``) is live in this browser."""
    return bool(st.user.to_dict().get("is_logged_in"))  # a Mapping: a missing claim reads as signed out


def _no_account_yet() -> bool:
    """True on a fresh installation, where the screen says how the first account is made."""
    with Session(db.get_engine()) as session:
        return session.exec(select(User.id).limit(1)).first() is None


def _return_address() -> str:
    """Where the sign-in route sends the browser back: the page it is at now, with its address's filters
    (``st.context.url`` gives the page without its query; ``st.query_params`` has the query)."""
    path = (urlsplit(st.context.url).path if st.context.url else "") or base_path() + "/"  # the root: no path
    query = [(name, value) for name in st.query_params for value in st.query_params.get_all(name)]
    return safe_next(path + (f"?{urlencode(query)}" if query else ""))


_FORM_STYLE = """
<style>
.signin-form label {display:block;font-size:0.875rem;margin:0.75rem 0 0.25rem;color:#1F2A30}
.signin-form input[type=text], .signin-form input[type=password] {width:100%;box-sizing:border-box;
  padding:0.5rem 0.75rem;border:1px solid #C9D3D6;border-radius:0.5rem;font-size:1rem;background:#F1F5F6}
.signin-form input:focus {outline:2px solid #0B6E75;background:#FFFFFF}
.signin-form button {margin-top:1rem;padding:0.5rem 1.25rem;border:none;border-radius:0.5rem;
  background:#0B6E75;color:#FFFFFF;font-size:1rem;cursor:pointer}
.signin-form button:hover {background:#095a60}
</style>
"""


def password_form_html(lang: str, next_address: str) -> str:
    """The sign-in form: a plain HTML form posted to the sign-in route, which sets the session cookie."""
    def text(key: str) -> str:
        return html.escape(t(key, lang))

    action = html.escape(base_path() + SIGN_IN_PATH)
    return (
        _FORM_STYLE
        + f'<form class="signin-form" method="post" action="{action}" autocomplete="on">'
        f'<label for="signin-username">{text("auth.username")}</label>'
        '<input id="signin-username" name="username" type="text" autocomplete="username" maxlength="200" '
        'required autofocus>'
        f'<label for="signin-password">{text("auth.password")}</label>'
        '<input id="signin-password" name="password" type="password" autocomplete="current-password" '
        'maxlength="1024" required>'
        f'<input type="hidden" name="next" value="{html.escape(next_address)}">'
        f'<button type="submit">{text("auth.submit")}</button>'
        "</form>"
    )


def _outcome_message(lang: str) -> str | None:
    """The refusal the sign-in route sent back in the address, in words (never what was typed)."""
    outcome = st.query_params.get(OUTCOME_PARAM)
    key = _OUTCOME_MESSAGE_KEYS.get(outcome or "")
    if key is None:
        return None
    if outcome == AuthOutcome.locked.value:
        until = str(st.query_params.get(UNTIL_PARAM) or "")
        return t(key, lang, time=until if len(until) == 5 and until[2] == ":" and until.replace(":", "").isdigit()
                 else "…")
    return t(key, lang)


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
        refused = _outcome_message(lang)
        if refused:
            st.error(refused, icon=":material/error:")
        st.caption(t("auth.intro", lang))
        if not providers and _no_account_yet():
            st.info(t("auth.no_account_yet", lang), icon=":material/person_add:")
        form = password_form_html(lang, _return_address())
        if providers:
            if _provider_signed_in() and refused and st.button(t("auth.organisation_sign_out", lang),
                                                              key="idp_sign_out"):
                st.logout()
            elif _provider_signed_in() and not refused:
                # The provider signed the person in, but this page load did not pass through the server's
                # identity route (it makes the session cookie): one click does.
                st.link_button(t("auth.organisation_continue", lang), type="primary", icon=":material/login:",
                               url=base_path() + IDENTITY_PATH + "?" + urlencode({"next": _return_address()}))
            for provider in providers:
                label = (
                    t("auth.organisation_sign_in", lang)
                    if provider is None
                    else t("auth.organisation_sign_in_named", lang, provider=provider.title())
                )
                if st.button(label, type="primary", icon=":material/corporate_fare:", key=f"idp_{provider}",
                             use_container_width=True):
                    st.login(provider)
            st.caption(t("auth.organisation_help", lang))
            # Dashboard accounts stay available (e.g. the first administrator, or when the provider is down).
            with st.expander(t("auth.local_accounts", lang)):
                st.html(form)
        else:
            st.html(form)
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
    """End the session the cookie names (on every server at once: the row ends), then show the form."""
    with db.session_scope() as session:
        ended = sessions.end_session(session, session_token(), now=utcnow())
    _forget()
    st.session_state[_NOTICE_KEY] = "auth.signed_out"
    if ended is not None and ended.method is users.SignInMethod.identity_provider and providers:
        st.logout()
    st.rerun()
