"""Web sessions kept in the database (issue 16; no Streamlit here).

A sign-in opens a row of ``web_session`` and hands back a random token (256 bits) for the browser's HttpOnly
cookie; the row is named by the token's SHA-256, so the table alone signs nobody in. Every run of a page
resumes the row from the cookie: it ends when it is 8 hours idle or 12 hours old, when the account is disabled
or loses its roles (read again every time), at sign-out, and when an administrator changes the account's roles
or password (``users.end_sessions``). Each sign-in gets a new token; nothing else (the Streamlit session id, a
URL) identifies a signed-in person.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import secrets
from dataclasses import dataclass

from sqlmodel import Session

from dashboard.accounts.sign_in import end_reason, record_sign_out, refresh_sign_in
from dashboard.accounts.users import RoleMapping, SignIn, SignInMethod, as_aware, normalise_username
from dashboard.core.models import WebSession
from dashboard.core.permissions import Actor

COOKIE_NAME = "portfolio_session"
TOKEN_BYTES = 32
MAX_TOKEN_LENGTH = 100  # a longer cookie value is no token of ours: refused before hashing
SEEN_EVERY = dt.timedelta(minutes=1)  # last_seen_at is written at most this often (idle expiry to the minute)
SIGNED_OUT = "signed out"


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def open_session(session: Session, sign_in: SignIn) -> str:
    """Store a new session for ``sign_in`` and return its token (for the cookie only; never stored)."""
    token = secrets.token_urlsafe(TOKEN_BYTES)
    session.add(
        WebSession(
            token_hash=token_digest(token),
            username=normalise_username(sign_in.actor.username),
            method=sign_in.method.value,
            email=sign_in.email,
            groups=json.dumps(list(sign_in.groups)),
            created_at=sign_in.signed_in_at,
            last_seen_at=sign_in.last_seen_at,
        )
    )
    session.flush()
    return token


@dataclass(frozen=True)
class Resumed:
    """What a cookie's token gave: a live sign-in, or why there is none (``ended``: the reason a session that
    existed ended, so the screen can say "your session has ended"; None when there was no session at all)."""

    sign_in: SignIn | None
    ended: str | None = None


def _sign_in_of(row: WebSession) -> SignIn:
    groups = json.loads(row.groups or "[]")
    return SignIn(
        actor=Actor.of(row.username, ()),
        method=SignInMethod(row.method),
        signed_in_at=as_aware(row.created_at),
        last_seen_at=as_aware(row.last_seen_at),
        email=row.email,
        groups=tuple(str(group) for group in groups) if isinstance(groups, list) else (),
    )


def resume(session: Session, token: str | None, *, now: dt.datetime, mapping: RoleMapping | None = None) -> Resumed:
    """The live sign-in the token names, with roles read again and activity noted; or why there is none (the
    row is ended and the end audited the first time it is found expired or no longer allowed)."""
    if not token or len(token) > MAX_TOKEN_LENGTH:
        return Resumed(None)
    row = session.get(WebSession, token_digest(token))
    if row is None:
        return Resumed(None)
    if row.ended_at is not None:
        return Resumed(None, ended=row.end_reason or "ended")
    sign_in = _sign_in_of(row)
    refreshed = refresh_sign_in(session, sign_in, now=now, mapping=mapping)
    if refreshed is None:
        reason = end_reason(session, sign_in, now=now, mapping=mapping)
        row.ended_at, row.end_reason = now, reason
        session.add(row)
        record_sign_out(session, sign_in, now=now, reason=reason)
        session.flush()
        return Resumed(None, ended=reason)
    if now - as_aware(row.last_seen_at) >= SEEN_EVERY:
        row.last_seen_at = now
        session.add(row)
        session.flush()
    return Resumed(refreshed)


def end_session(session: Session, token: str | None, *, now: dt.datetime) -> SignIn | None:
    """Sign-out: end the session the token names (audited); returns the sign-in it was, if it was live."""
    if not token or len(token) > MAX_TOKEN_LENGTH:
        return None
    row = session.get(WebSession, token_digest(token))
    if row is None or row.ended_at is not None:
        return None
    sign_in = _sign_in_of(row)
    row.ended_at, row.end_reason = now, SIGNED_OUT
    session.add(row)
    record_sign_out(session, sign_in, now=now)
    session.flush()
    return sign_in
