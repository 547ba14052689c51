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
from sqlalchemy import update
from sqlmodel import Session

from dashboard.accounts.identity import identity_roles
from dashboard.accounts.users import (
    ABSOLUTE_LIMIT,
    DUMMY_HASH,
    IDLE_LIMIT,
    MAX_PASSWORD_LENGTH,
    PASSWORD_HASHER,
    USERNAME_PATTERN,
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
    normalise_username,
    roles_of,
)
from dashboard.core.models import User
from dashboard.core.permissions import Actor


def _name_for_log(username: str) -> str:
    # People sometimes type their password into the username box: keep only names that could be usernames.
    name = normalise_username(username)
    return name if USERNAME_PATTERN.match(name) else "(not a valid username)"


def authenticate(
    session: Session,
    *,
    username: str,
    password: str,
    now: dt.datetime,
    hasher: PasswordHasher | None = None,
) -> AuthResult:
    """Check a username and password, applying the back-off and writing the audit trail.

    The caller commits the session (``db.session_scope``) so failed attempts are counted even when the answer
    is a refusal.
    """
    hasher = hasher or PASSWORD_HASHER
    user = find_user(session, username) if username.strip() else None
    if user is None or user.password_hash is None:
        with contextlib.suppress(VerificationError):
            hasher.verify(DUMMY_HASH, password[:MAX_PASSWORD_LENGTH])
        audit(
            session,
            action=AuthAction.sign_in_failed,
            by=_name_for_log(username),
            now=now,
            user=user,
            detail="unknown username" if user is None else "account has no password (identity provider only)",
        )
        return AuthResult(AuthOutcome.wrong_credentials)

    if user.locked_until is not None and as_aware(user.locked_until) > now:
        audit(session, action=AuthAction.sign_in_refused, by=user.username, now=now, user=user, detail="locked")
        return AuthResult(AuthOutcome.locked, locked_until=as_aware(user.locked_until))

    try:
        hasher.verify(user.password_hash, password[:MAX_PASSWORD_LENGTH])
        password_ok = True
    except (VerifyMismatchError, InvalidHashError, VerificationError):
        password_ok = False

    if not password_ok:
        # Counted in SQL, so parallel attempts from many sessions cannot overwrite each other's count.
        session.exec(
            update(User).where(User.id == user.id).values(failed_attempts=User.failed_attempts + 1)
        )
        session.refresh(user)
        audit(
            session,
            action=AuthAction.sign_in_failed,
            by=user.username,
            now=now,
            user=user,
            detail=f"wrong password ({user.failed_attempts} in a row)",
        )
        lock = lock_duration(user.failed_attempts)
        if lock is not None:
            user.locked_until = now + lock
            audit(
                session,
                action=AuthAction.account_locked,
                by=user.username,
                now=now,
                user=user,
                detail=f"locked for {int(lock.total_seconds() // 60)} min after {user.failed_attempts} failures",
            )
        session.add(user)
        session.flush()
        if lock is not None:
            return AuthResult(AuthOutcome.locked, locked_until=user.locked_until)
        return AuthResult(AuthOutcome.wrong_credentials)

    # The password is right: only now say that the account is disabled (no probing for disabled accounts).
    if not user.is_active:
        audit(session, action=AuthAction.sign_in_refused, by=user.username, now=now, user=user, detail="disabled")
        return AuthResult(AuthOutcome.disabled)
    roles = roles_of(session, user)
    if not roles:
        audit(session, action=AuthAction.sign_in_refused, by=user.username, now=now, user=user, detail="no role")
        return AuthResult(AuthOutcome.no_role)

    if hasher.check_needs_rehash(user.password_hash):
        user.password_hash = hasher.hash(password)
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
        detail=f"password; roles: {', '.join(sorted(roles))}",
    )
    session.flush()
    return AuthResult(AuthOutcome.ok, actor=Actor.of(user.username, roles))





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
