"""Signing in with a password (with back-off) and keeping a sign-in alive: expiry, refresh, sign-out (rules in
``dashboard.accounts.users``; no Streamlit here).
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Iterable
from dataclasses import replace

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from sqlalchemy import delete, func, update
from sqlmodel import Session, select

from dashboard.accounts.identity import identity_roles
from dashboard.accounts.users import (
    ABSOLUTE_LIMIT,
    DUMMY_HASH,
    IDLE_LIMIT,
    LOCK_AFTER_FAILURES,
    MAX_PASSWORD_LENGTH,
    PASSWORD_HASHER,
    SLOW_ANSWER,
    UNKNOWN_ACCOUNT,
    AuthAction,
    AuthOutcome,
    AuthResult,
    RoleMapping,
    SignIn,
    SignInMethod,
    as_aware,
    audit,
    find_user,
    find_user_by_email,
    lock_duration,
    roles_of,
)
from dashboard.core.models import SignInThrottle, User
from dashboard.core.permissions import Actor

RECENT_FAILURES = dt.timedelta(hours=1)  # failures older than this no longer slow an account's answers


def _throttle_key(user: User | None) -> str:
    # What was typed is kept only when it names an account: a password typed into the username box is never
    # written anywhere (audit, throttle).
    return user.username if user is not None else UNKNOWN_ACCOUNT


def _client_key(client: str) -> str:
    return (client or "unknown")[:64]


def _answer_delay(session: Session, account: str, now: dt.datetime) -> dt.timedelta:
    """``SLOW_ANSWER`` when the account has ``LOCK_AFTER_FAILURES`` or more recent failures from all clients."""
    recent = session.exec(
        select(func.coalesce(func.sum(SignInThrottle.failures), 0)).where(
            SignInThrottle.account == account, SignInThrottle.last_failure_at > now - RECENT_FAILURES
        )
    ).one()
    return SLOW_ANSWER if int(recent) >= LOCK_AFTER_FAILURES else dt.timedelta(0)


def _count_failure(session: Session, account: str, client: str, now: dt.datetime) -> SignInThrottle:
    """One more failure for (account, client), counted in SQL so parallel attempts never lose one."""
    found = session.get(SignInThrottle, (account, client))
    if found is None:
        found = SignInThrottle(account=account, client=client, failures=0, last_failure_at=now)
        session.add(found)
        session.flush()
    session.exec(
        update(SignInThrottle)
        .where(SignInThrottle.account == account, SignInThrottle.client == client)
        .values(failures=SignInThrottle.failures + 1, last_failure_at=now)
    )
    session.refresh(found)
    lock = lock_duration(found.failures)
    found.locked_until = now + lock if lock is not None else None
    session.add(found)
    session.flush()
    return found


def authenticate(
    session: Session,
    *,
    username: str,
    password: str,
    now: dt.datetime,
    client: str = "local",
    hasher: PasswordHasher | None = None,
) -> AuthResult:
    """Check a username and password from ``client`` (the browser's address; "local" for the command line),
    applying the per-account-and-client back-off and writing the audit trail.

    Unknown usernames and wrong passwords get the same answers, waits included. The caller commits the session
    (``db.session_scope``) so failed attempts are counted even when the answer is a refusal, and waits
    ``result.delay`` before answering.
    """
    hasher = hasher or PASSWORD_HASHER
    client = _client_key(client)
    user = find_user(session, username) if username.strip() else None
    account = _throttle_key(user)
    delay = _answer_delay(session, account, now)

    waiting = session.get(SignInThrottle, (account, client))
    if waiting is not None and waiting.locked_until is not None and as_aware(waiting.locked_until) > now:
        audit(session, action=AuthAction.sign_in_refused, by=account, now=now, user=user,
              detail=f"client {client} waits after {waiting.failures} failures")
        return AuthResult(AuthOutcome.locked, locked_until=as_aware(waiting.locked_until), delay=delay)

    password_ok = False
    if user is None or user.password_hash is None:
        with contextlib.suppress(VerificationError):
            hasher.verify(DUMMY_HASH, password[:MAX_PASSWORD_LENGTH])
    else:
        try:
            hasher.verify(user.password_hash, password[:MAX_PASSWORD_LENGTH])
            password_ok = True
        except (VerifyMismatchError, InvalidHashError, VerificationError):
            password_ok = False

    if not password_ok:
        throttle = _count_failure(session, account, client, now)
        if user is not None:
            session.exec(update(User).where(User.id == user.id).values(failed_attempts=User.failed_attempts + 1))
        if user is None:
            detail = "unknown username"
        elif user.password_hash is None:
            detail = "account has no password (identity provider only)"
        else:
            detail = "wrong password"
        audit(session, action=AuthAction.sign_in_failed, by=account, now=now, user=user,
              detail=f"{detail} ({throttle.failures} in a row from client {client})")
        if throttle.locked_until is not None:
            wait = as_aware(throttle.locked_until) - now
            audit(session, action=AuthAction.account_locked, by=account, now=now, user=user,
                  detail=f"client {client} waits {int(wait.total_seconds() // 60)} min after {throttle.failures} "
                  "failures")
            return AuthResult(AuthOutcome.locked, locked_until=as_aware(throttle.locked_until), delay=delay)
        return AuthResult(AuthOutcome.wrong_credentials, delay=delay)
    assert user is not None and user.password_hash is not None  # password_ok needs both

    # The password is right: only now say that the account is disabled (no probing for disabled accounts).
    if not user.is_active:
        audit(session, action=AuthAction.sign_in_refused, by=user.username, now=now, user=user, detail="disabled")
        return AuthResult(AuthOutcome.disabled, delay=delay)
    roles = roles_of(session, user)
    if not roles:
        audit(session, action=AuthAction.sign_in_refused, by=user.username, now=now, user=user, detail="no role")
        return AuthResult(AuthOutcome.no_role, delay=delay)

    if hasher.check_needs_rehash(user.password_hash):
        user.password_hash = hasher.hash(password)
    session.exec(delete(SignInThrottle).where(SignInThrottle.account == account,
                                              SignInThrottle.client == client))
    user.failed_attempts = 0
    user.locked_until = None
    user.last_login = now
    session.add(user)
    audit(
        session,
        action=AuthAction.sign_in,
        by=user.username,
        now=now,
        user=user,
        detail=f"password from client {client}; roles: {', '.join(sorted(roles))}",
    )
    session.flush()
    return AuthResult(AuthOutcome.ok, actor=Actor.of(user.username, roles), delay=delay)


def start_sign_in(
    actor: Actor,
    *,
    method: SignInMethod,
    now: dt.datetime,
    email: str | None = None,
    groups: Iterable[str] = (),
) -> SignIn:
    return SignIn(actor=actor, method=method, signed_in_at=now, last_seen_at=now, email=email, groups=tuple(groups))


def expiry_reason(
    sign_in: SignIn,
    *,
    now: dt.datetime,
    idle_limit: dt.timedelta = IDLE_LIMIT,
    absolute_limit: dt.timedelta = ABSOLUTE_LIMIT,
) -> str | None:
    """``"idle"`` or ``"absolute"`` when the sign-in has expired, else None."""
    if now - sign_in.signed_in_at >= absolute_limit:
        return "absolute"
    if now - sign_in.last_seen_at >= idle_limit:
        return "idle"
    return None


def is_sign_in_valid(sign_in: SignIn | None, *, now: dt.datetime) -> bool:
    return sign_in is not None and expiry_reason(sign_in, now=now) is None


def refresh_sign_in(
    session: Session, sign_in: SignIn, *, now: dt.datetime, mapping: RoleMapping | None = None
) -> SignIn | None:
    """The sign-in with roles read again and activity noted, or None when it must end.

    It ends when expired, when the account was disabled or removed, or when no role is left.
    """
    if expiry_reason(sign_in, now=now) is not None:
        return None
    if sign_in.method is SignInMethod.password:
        user = find_user(session, sign_in.actor.username)
        if user is None or not user.is_active:
            return None
        roles = roles_of(session, user)
    else:
        _, found = identity_roles(
            session, email=sign_in.email or "", groups=sign_in.groups, mapping=mapping or RoleMapping()
        )
        if found is None:
            return None
        roles = found
    if not roles:
        return None
    return replace(sign_in, actor=Actor.of(sign_in.actor.username, roles), last_seen_at=now)


def end_reason(
    session: Session, sign_in: SignIn, *, now: dt.datetime, mapping: RoleMapping | None = None
) -> str:
    """Why ``refresh_sign_in`` ended a sign-in, in words for the audit log."""
    reason = expiry_reason(sign_in, now=now)
    if reason == "idle":
        return f"no activity for {IDLE_LIMIT}"
    if reason == "absolute":
        return f"signed in for {ABSOLUTE_LIMIT}"
    user = (
        find_user(session, sign_in.actor.username)
        if sign_in.method is SignInMethod.password
        else find_user_by_email(session, sign_in.email or "")
    )
    if user is not None and not user.is_active:
        return "account disabled"
    if sign_in.method is SignInMethod.password and user is None:
        return "account removed"
    return "no role left"


def record_sign_out(session: Session, sign_in: SignIn, *, now: dt.datetime, reason: str | None = None) -> None:
    """Audit the end of a sign-in: by the person (``reason=None``) or by expiry/account change."""
    audit(
        session,
        action=AuthAction.session_expired if reason else AuthAction.sign_out,
        by=sign_in.actor.username,
        now=now,
        user=find_user(session, sign_in.actor.username),
        detail=f"{sign_in.method.value}; {reason}" if reason else sign_in.method.value,
    )
