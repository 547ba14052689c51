"""The web server's own part (issue 16): the routes and middleware ``app.py`` hands to Streamlit's ASGI
application (``st.App``), so ``streamlit run app.py`` serves them beside Streamlit's own.

- ``POST /session/sign-in``: the sign-in form's target. It checks the password (``accounts.sign_in``, with the
  per-account-and-client back-off), opens a session row (``accounts.sessions``) and sets the session cookie:
  HttpOnly, SameSite=Lax, Secure when the page came over https, a new random token at each sign-in. Refusals go
  back to the page the form was on, with the outcome in the address (``?signin=…``), never what was typed.
- ``GET /session/identity``: turns a completed identity-provider sign-in (Streamlit's signed ``_streamlit_user``
  cookie, made by ``st.login``) into a session of ours. Page loads with that cookie and no live session come
  here by themselves.
- ``SecurityMiddleware``: security headers on every answer; ``/media/…`` downloads and ``/_stcore/upload_file``
  only with a live session; ``/_stcore/metrics`` only for an administrator's session; an address whose query
  string is too long is refused with a page that says so.

The page scripts trust nothing but the cookie (``web.sign_in`` reads it on every run through
``st.context.cookies``): a Streamlit session id presented without it opens nothing.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import html
import logging
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit

from sqlalchemy.exc import SQLAlchemyError
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse, PlainTextResponse, RedirectResponse, Response
from starlette.routing import Route
from streamlit import config as streamlit_config

from dashboard.accounts import sessions
from dashboard.accounts.identity import groups_from_claims, sign_in_with_identity
from dashboard.accounts.sign_in import authenticate, start_sign_in
from dashboard.accounts.users import ABSOLUTE_LIMIT, AccountError, AuthOutcome, RoleMapping, SignInMethod
from dashboard.core import db
from dashboard.core.i18n import normalise_language, t
from dashboard.core.models import utcnow
from dashboard.core.permissions import Capability, can
from dashboard.web.identity_config import role_mapping

_LOGGER = logging.getLogger(__name__)
Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

SIGN_IN_PATH = "/session/sign-in"
IDENTITY_PATH = "/session/identity"
OUTCOME_PARAM = "signin"  # where a refused sign-in's outcome travels back to the form
UNTIL_PARAM = "until"
MAX_FORM_BYTES = 8 * 1024  # a sign-in form is a username, a password, an address and a language
MAX_QUERY_BYTES = 2048  # a page address's query string; the longest real filter link is a few hundred bytes
STREAMLIT_USER_COOKIE = "_streamlit_user"  # st.login's signed identity cookie

SECURITY_HEADERS: tuple[tuple[bytes, bytes], ...] = (
    (b"content-security-policy", b"frame-ancestors 'self'; object-src 'none'; base-uri 'self'; form-action 'self'"),
    (b"x-frame-options", b"SAMEORIGIN"),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"same-origin"),
)


def base_path() -> str:
    """Streamlit's ``server.baseUrlPath`` as a path prefix ("" or "/prefix")."""
    base = str(streamlit_config.get_option("server.baseUrlPath") or "").strip("/")
    return f"/{base}" if base else ""


def safe_next(value: str | None) -> str:
    """A same-site path to go back to after signing in (an open redirect otherwise), without a previous
    sign-in outcome in its query."""
    base = base_path()
    if not value or not value.startswith("/") or value.startswith("//") or "\\" in value or len(value) > 4096:
        return base + "/"
    if any(ord(char) < 0x20 for char in value):
        return base + "/"
    parts = urlsplit(value)
    query = [(name, item) for name, item in parse_qsl(parts.query, keep_blank_values=True)
             if name not in {OUTCOME_PARAM, UNTIL_PARAM}]
    return parts.path + (f"?{urlencode(query)}" if query else "")


def _with_outcome(next_path: str, outcome: str, until: dt.datetime | None = None) -> str:
    extra = {OUTCOME_PARAM: outcome}
    if until is not None:
        extra[UNTIL_PARAM] = until.strftime("%H:%M")
    return next_path + ("&" if "?" in next_path else "?") + urlencode(extra)


def _is_https(request: Request) -> bool:
    return request.url.scheme == "https" or request.headers.get("x-forwarded-proto", "").lower() == "https"


def _same_origin(request: Request) -> bool:
    """A form posted from another site (login CSRF) is refused: its Origin names another host."""
    origin = request.headers.get("origin")
    if origin is None or origin == "null":
        return origin is None
    return urlsplit(origin).netloc == request.headers.get("host", "")


def _client(request: Request) -> str:
    return request.client.host if request.client else "unknown"


def _set_session_cookie(response: Response, request: Request, token: str) -> None:
    response.set_cookie(
        sessions.COOKIE_NAME,
        token,
        max_age=int(ABSOLUTE_LIMIT.total_seconds()),
        path=base_path() or "/",
        httponly=True,
        samesite="lax",
        secure=_is_https(request),
    )


async def _read_form(request: Request) -> dict[str, str] | None:
    body = b""
    async for chunk in request.stream():
        body += chunk
        if len(body) > MAX_FORM_BYTES:
            return None
    fields = parse_qsl(body.decode("utf-8", errors="replace"), keep_blank_values=True, max_num_fields=10)
    return {name: value for name, value in fields}


# ---------------------------------------------------------------------------------------------------------
# Routes
# ---------------------------------------------------------------------------------------------------------


def _password_sign_in(username: str, password: str, client: str, old_token: str | None):
    now = utcnow()
    with db.session_scope() as session:
        result = authenticate(session, username=username, password=password, now=now, client=client)
        token = None
        if result.ok and result.actor is not None:
            sessions.end_session(session, old_token, now=now)  # a new id at each sign-in; the old one ends
            token = sessions.open_session(session, start_sign_in(result.actor, method=SignInMethod.password,
                                                                 now=now))
    return result, token


# The outcome a sign-in the database could not record sends back (its words: web.sign_in._OUTCOME_MESSAGE_KEYS).
SIGN_IN_FAILURE_OUTCOMES: dict[db.WriteFailure, str] = {db.WriteFailure.busy: "busy",
                                                               db.WriteFailure.full: "full"}


async def sign_in_route(request: Request) -> Response:
    if not _same_origin(request):
        return PlainTextResponse("Sign-in refused: the form was not sent from this site.", status_code=403)
    form = await _read_form(request)
    if form is None:
        return PlainTextResponse("Sign-in refused: the form is too large.", status_code=413)
    next_path = safe_next(form.get("next"))
    username, password = form.get("username", ""), form.get("password", "")
    if not username.strip() or not password:
        return RedirectResponse(_with_outcome(next_path, "missing"), status_code=303)
    try:
        result, token = await run_in_threadpool(
            _password_sign_in, username, password, _client(request), request.cookies.get(sessions.COOKIE_NAME)
        )
    except SQLAlchemyError as error:  # a database busy with a long write, full or down: say which, no error page
        _LOGGER.exception("the sign-in could not be checked")
        return RedirectResponse(_with_outcome(next_path, SIGN_IN_FAILURE_OUTCOMES.get(
            db.write_failure(error), "database")), status_code=303)
    if result.delay:
        await asyncio.sleep(result.delay.total_seconds())  # no thread held while an attacked account waits
    if token is None:
        until = result.locked_until if result.outcome is AuthOutcome.locked else None
        return RedirectResponse(_with_outcome(next_path, result.outcome.value, until), status_code=303)
    response = RedirectResponse(next_path, status_code=303)
    _set_session_cookie(response, request, token)
    return response


def identity_claims(request: Request) -> dict[str, Any] | None:
    """The claims of Streamlit's signed identity cookie, checked as Streamlit checks it (signature, origin)."""
    # deferred: Streamlit's private cookie readers, needed only on identity-provider installations
    from streamlit.web.server.starlette.starlette_websocket import (
        _get_signed_cookie_with_chunks,
        _parse_decoded_user_cookie,
    )

    try:
        raw = _get_signed_cookie_with_chunks(dict(request.cookies), STREAMLIT_USER_COOKIE)
        if not raw:
            return None
        origin = f"{request.url.scheme}://{request.headers.get('host', '')}"
        claims = _parse_decoded_user_cookie(raw, origin)
    except Exception:  # a cookie that does not verify is no identity
        return None
    return claims if claims.get("is_logged_in") else None


def _identity_sign_in(claims: dict[str, Any], mapping: RoleMapping, old_token: str | None):
    email = claims.get("email")
    email = email.strip().lower() if isinstance(email, str) else None
    groups = groups_from_claims(claims, mapping)
    now = utcnow()
    with db.session_scope() as session:
        result = sign_in_with_identity(session, email=email, groups=groups, mapping=mapping, now=now)
        token = None
        if result.ok and result.actor is not None:
            sessions.end_session(session, old_token, now=now)
            token = sessions.open_session(session, start_sign_in(
                result.actor, method=SignInMethod.identity_provider, now=now, email=email, groups=groups))
    return result, token


async def identity_route(request: Request) -> Response:
    next_path = safe_next(request.query_params.get("next"))
    claims = identity_claims(request)
    if claims is None:
        return RedirectResponse(next_path, status_code=303)
    try:
        mapping = role_mapping()
    except AccountError:
        return RedirectResponse(_with_outcome(next_path, "config"), status_code=303)
    result, token = await run_in_threadpool(
        _identity_sign_in, claims, mapping, request.cookies.get(sessions.COOKIE_NAME)
    )
    if token is None:
        return RedirectResponse(_with_outcome(next_path, result.outcome.value), status_code=303)
    response = RedirectResponse(next_path, status_code=303)
    _set_session_cookie(response, request, token)
    return response


ROUTES = [
    Route(SIGN_IN_PATH, sign_in_route, methods=["POST"]),
    Route(IDENTITY_PATH, identity_route, methods=["GET"]),
]


# ---------------------------------------------------------------------------------------------------------
# Middleware
# ---------------------------------------------------------------------------------------------------------


def _live_actor(token: str | None):
    if not token:
        return None
    try:
        mapping = role_mapping()  # identity-provider sessions keep the roles the mapping gives them
    except AccountError:
        mapping = RoleMapping()
    with db.session_scope() as session:
        resumed = sessions.resume(session, token, now=utcnow(), mapping=mapping)
    return resumed.sign_in.actor if resumed.sign_in is not None else None


def _refusal_page(status: int, key: str, lang: str) -> HTMLResponse:
    title = html.escape(t("app.title", lang))
    text = html.escape(t(key, lang))
    home = html.escape(base_path() + "/")
    body = (f"<!doctype html><html lang='{lang}'><head><meta charset='utf-8'><title>{title}</title></head>"
            f"<body style='font-family:sans-serif;max-width:40rem;margin:4rem auto;color:#1F2A30'>"
            f"<h1>{title}</h1><p>{text}</p><p><a href='{home}'>{html.escape(t('shell.go_home', lang))}</a></p>"
            "</body></html>")
    return HTMLResponse(body, status_code=status)


_NOT_PAGES = ("/_stcore/", "/static/", "/media/", "/component/", "/session/", "/auth/", "/oauth2callback",
              "/favicon", "/manifest", "/robots.txt")


class SecurityMiddleware:
    """Headers on every HTTP answer, and what needs a live session before Streamlit's own routes answer."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                present = {name.lower() for name, _ in headers}
                headers += [(name, value) for name, value in SECURITY_HEADERS if name not in present]
                message["headers"] = headers
            await send(message)

        refusal = await self._refusal(scope)
        if refusal is not None:
            await refusal(scope, receive, send_with_headers)
            return
        await self.app(scope, receive, send_with_headers)

    async def _refusal(self, scope: Scope) -> Response | None:
        request = Request(scope)
        path = request.url.path
        base = base_path()
        if base and path.startswith(base):
            path = path[len(base):] or "/"
        lang = normalise_language(request.query_params.get("lang"))
        token = request.cookies.get(sessions.COOKIE_NAME)
        if path == "/_stcore/metrics":
            actor = await run_in_threadpool(_live_actor, token)
            if actor is None or not can(actor, Capability.manage_users):
                return PlainTextResponse("Not found", status_code=404)
            return None
        if path.startswith(("/media/", "/_stcore/upload_file/")):
            if await run_in_threadpool(_live_actor, token) is None:
                return _refusal_page(403, "shell.refused.download", lang)
            return None
        if len(scope.get("query_string", b"")) > MAX_QUERY_BYTES:
            return _refusal_page(414, "shell.refused.address_too_long", lang)
        # An identity-provider sign-in just completed (or lives on): make it a session of ours first.
        if (request.method == "GET" and not path.startswith(_NOT_PAGES)
                and STREAMLIT_USER_COOKIE in request.cookies and OUTCOME_PARAM not in request.query_params
                and await run_in_threadpool(_live_actor, token) is None):
            target = path + (f"?{request.url.query}" if request.url.query else "")
            return RedirectResponse(f"{base}{IDENTITY_PATH}?{urlencode({'next': base + target})}", status_code=303)
        return None
