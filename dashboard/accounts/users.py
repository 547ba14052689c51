"""Accounts and roles (no Streamlit here): the rules every account follows, the types a sign-in is made of,
reading accounts and changing them, with every change audited.

Rules, stated once:

- Passwords are hashed with argon2id (argon2-cffi ``PasswordHasher``); a stored hash made with older
  parameters is replaced by a fresh one at the next successful sign-in.
- Back-off, per account and client together (issue 16): after ``LOCK_AFTER_FAILURES`` (5) consecutive failed
  sign-ins from one client (its address) for one account, that client waits 1 minute before its next try for
  that account; every further failure doubles the wait (2, 4, 8 … minutes), capped at 1 hour. While it waits
  no password is checked. Other clients are not held back: once the account has 5 or more recent failures in
  all, every answer about it comes after ``SLOW_ANSWER`` (2 seconds), the right password included. Names that
  are not accounts are counted together as "(unknown)" and answered the same way, so the answers never tell
  which usernames exist. A successful sign-in resets its client's count; an administrator can unlock an
  account (Users page) or re-enable it.
- A disabled account never signs in, by password or through the identity provider.
- A sign-in expires after ``IDLE_LIMIT`` (8 hours) without any activity, or ``ABSOLUTE_LIMIT`` (12 hours)
  after it began, whichever comes first; roles and the disabled flag are read again from the database on
  every page run, so a change made by an administrator applies at the next click.
- Every sign-in, failed sign-in, lock, refusal, sign-out, expiry, account change and role change is written
  as an ``AuditEvent`` (never a password or a hash).
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from argon2 import PasswordHasher
from sqlalchemy import delete, func, update
from sqlmodel import Session, select

from dashboard.core.db import bump_revision
from dashboard.core.errors import TranslatableError
from dashboard.core.models import AuditEvent, SignInThrottle, User, UserRole, UserRoleLink, WebSession
from dashboard.core.orm import id_of
from dashboard.core.permissions import Actor
from dashboard.core.settings import ROLE_MAPPING_ENV as ROLE_MAPPING_ENV  # its name, for callers of this module

LOCK_AFTER_FAILURES = 5
FIRST_LOCK = dt.timedelta(minutes=1)
MAX_LOCK = dt.timedelta(hours=1)
SLOW_ANSWER = dt.timedelta(seconds=2)  # every answer about an account under attack from many clients
UNKNOWN_ACCOUNT = "(unknown)"  # the throttle's and the audit's name for whatever was typed that is not an account
IDLE_LIMIT = dt.timedelta(hours=8)
ABSOLUTE_LIMIT = dt.timedelta(hours=12)
MIN_PASSWORD_LENGTH = 10
MAX_PASSWORD_LENGTH = 1024  # argon2 takes any length; this only stops a megabyte "password" from costing CPU.

USERNAME_PATTERN = re.compile(r"^[a-z0-9][a-z0-9._@+-]{0,119}$")
KNOWN_ROLES: tuple[str, ...] = tuple(role.value for role in UserRole)

PASSWORD_HASHER = PasswordHasher()
# Verified against when the username is unknown, so an unknown name costs the same time as a wrong password.
DUMMY_HASH = PASSWORD_HASHER.hash("not a real password, only here to spend the same time")


class AuthAction(StrEnum):
    sign_in = "sign_in"
    sign_in_failed = "sign_in_failed"
    sign_in_refused = "sign_in_refused"
    account_locked = "account_locked"
    sign_out = "sign_out"
    session_expired = "session_expired"
    user_created = "user_created"
    user_disabled = "user_disabled"
    user_enabled = "user_enabled"
    roles_changed = "roles_changed"
    password_changed = "password_changed"
    account_unlocked = "account_unlocked"


class AuthOutcome(StrEnum):
    ok = "ok"
    wrong_credentials = "wrong_credentials"  # unknown username or wrong password: the same answer for both
    locked = "locked"
    disabled = "disabled"
    no_role = "no_role"


class SignInMethod(StrEnum):
    password = "password"
    identity_provider = "identity_provider"


class AccountError(TranslatableError, ValueError):
    """A request about an account that cannot be carried out; the message (``account.error.*``) says what to
    fix."""


@dataclass(frozen=True)
class AuthResult:
    outcome: AuthOutcome
    actor: Actor | None = None
    locked_until: dt.datetime | None = None
    # How long the caller waits before answering (the account has many recent failures from all clients); a web
    # route awaits it without holding a thread.
    delay: dt.timedelta = dt.timedelta(0)

    @property
    def ok(self) -> bool:
        return self.outcome is AuthOutcome.ok


@dataclass(frozen=True)
class SignIn:
    """A live sign-in: a row of ``web_session`` (``accounts.sessions``), named by the token of the browser's
    HttpOnly cookie, read again on every run of a page."""

    actor: Actor
    method: SignInMethod
    signed_in_at: dt.datetime
    last_seen_at: dt.datetime
    email: str | None = None
    groups: tuple[str, ...] = ()


@dataclass(frozen=True)
class RoleMapping:
    """Identity-provider identities to roles: exact e-mail, e-mail domain, or group claim."""

    emails: Mapping[str, frozenset[str]] = field(default_factory=dict)
    domains: Mapping[str, frozenset[str]] = field(default_factory=dict)
    groups: Mapping[str, frozenset[str]] = field(default_factory=dict)
    groups_claim: str = "groups"


# ---------------------------------------------------------------------------------------------------------
# Small helpers
# ---------------------------------------------------------------------------------------------------------


def as_aware(moment: dt.datetime) -> dt.datetime:
    # SQLite hands back naive datetimes for values stored as UTC.
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


def normalise_username(username: str) -> str:
    return username.strip().lower()


def validate_username(username: str) -> str:
    name = normalise_username(username)
    if not USERNAME_PATTERN.match(name):
        raise AccountError("account.error.username", username=username)
    return name


def validate_roles(roles: Iterable[str]) -> frozenset[str]:
    chosen = frozenset(str(role).strip() for role in roles)
    unknown = sorted(chosen - set(KNOWN_ROLES))
    if unknown:
        raise AccountError("account.error.unknown_roles", roles=", ".join(unknown), known=", ".join(KNOWN_ROLES))
    return chosen


def validate_password(password: str) -> str:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise AccountError("account.error.password_short", length=MIN_PASSWORD_LENGTH)
    if len(password) > MAX_PASSWORD_LENGTH:
        raise AccountError("account.error.password_long", length=MAX_PASSWORD_LENGTH)
    return password


def hash_password(password: str, *, hasher: PasswordHasher | None = None) -> str:
    return (hasher or PASSWORD_HASHER).hash(validate_password(password))


def lock_duration(failed_attempts: int) -> dt.timedelta | None:
    """How long the account is locked after ``failed_attempts`` consecutive failures (None: not locked)."""
    if failed_attempts < LOCK_AFTER_FAILURES:
        return None
    doublings = min(failed_attempts - LOCK_AFTER_FAILURES, 12)  # 2**12 minutes is far past the cap
    return min(FIRST_LOCK * (2**doublings), MAX_LOCK)


def audit(
    session: Session,
    *,
    action: str,
    by: str | None,
    now: dt.datetime,
    user: User | None = None,
    detail: str | None = None,
    before: Mapping[str, Any] | None = None,
    after: Mapping[str, Any] | None = None,
) -> None:
    session.add(
        AuditEvent(
            at=now,
            user=(by or "")[:120] or None,
            action=str(action),
            table_name="app_user" if user is not None else None,
            record_id=user.id if user is not None else None,
            before=json.dumps(before, sort_keys=True) if before is not None else None,
            after=json.dumps(after, sort_keys=True) if after is not None else None,
            detail=detail[:2000] if detail else None,
        )
    )


def _public_view(user: User, roles: Iterable[str]) -> dict[str, Any]:
    """What the audit log keeps of an account: never the password hash."""
    return {
        "username": user.username,
        "display_name": user.display_name,
        "email": user.email,
        "is_active": user.is_active,
        "roles": sorted(roles),
    }


# ---------------------------------------------------------------------------------------------------------
# Reading accounts
# ---------------------------------------------------------------------------------------------------------


def find_user(session: Session, username: str) -> User | None:
    return session.exec(select(User).where(User.username == normalise_username(username))).first()


def find_user_by_email(session: Session, email: str) -> User | None:
    wanted = email.strip().lower()
    if not wanted:
        return None
    return session.exec(select(User).where(func.lower(User.email) == wanted).order_by(User.id)).first()


def roles_of(session: Session, user: User) -> frozenset[str]:
    rows = session.exec(select(UserRoleLink.role).where(UserRoleLink.user_id == user.id)).all()
    return frozenset(rows)


@dataclass(frozen=True)
class AccountSummary:
    username: str
    display_name: str | None
    email: str | None
    roles: tuple[str, ...]
    is_active: bool
    has_password: bool
    locked_until: dt.datetime | None  # the latest wait of a client that failed too often (None: nobody waits)
    last_login: dt.datetime | None
    failed_attempts: int = 0  # failures in a row, from every client, since the last sign-in
    waiting_clients: int = 0  # clients that must wait before their next try (at ``now``)
    live_sessions: int = 0  # web sessions not ended (some may have expired without being read since)


def list_users(session: Session, *, now: dt.datetime | None = None) -> list[AccountSummary]:
    """Every account with its roles and sign-in state: who waits after failed sign-ins (at ``now``), how many
    sessions are live."""
    now = now or dt.datetime.now(dt.UTC)
    users = session.exec(select(User).order_by(User.username)).all()
    links = session.exec(select(UserRoleLink)).all()
    roles: dict[int, list[str]] = {}
    for link in links:
        roles.setdefault(link.user_id, []).append(link.role)
    waits: dict[str, list[dt.datetime]] = {}
    for row in session.exec(select(SignInThrottle).where(SignInThrottle.locked_until.is_not(None))).all():
        if row.locked_until is not None and as_aware(row.locked_until) > now:
            waits.setdefault(row.account, []).append(as_aware(row.locked_until))
    live = dict(session.exec(
        select(WebSession.username, func.count()).where(WebSession.ended_at.is_(None)).group_by(WebSession.username)
    ).all())
    return [
        AccountSummary(
            username=user.username,
            display_name=user.display_name,
            email=user.email,
            roles=tuple(sorted(roles.get(user.id or 0, []))),
            is_active=user.is_active,
            has_password=user.password_hash is not None,
            locked_until=max(waits[user.username]) if user.username in waits else None,
            last_login=as_aware(user.last_login) if user.last_login else None,
            failed_attempts=user.failed_attempts,
            waiting_clients=len(waits.get(user.username, [])),
            live_sessions=int(live.get(user.username, 0)),
        )
        for user in users
    ]


# ---------------------------------------------------------------------------------------------------------
# Changing accounts (all keyword-only; ``by`` names who made the change, for the audit log)
# ---------------------------------------------------------------------------------------------------------


def _replace_roles(session: Session, user: User, roles: frozenset[str]) -> None:
    session.exec(delete(UserRoleLink).where(UserRoleLink.user_id == user.id))
    for role in sorted(roles):
        session.add(UserRoleLink(user_id=id_of(user), role=role))


def create_user(
    session: Session,
    *,
    username: str,
    roles: Iterable[str],
    password: str | None,
    by: str,
    now: dt.datetime,
    email: str | None = None,
    display_name: str | None = None,
    hasher: PasswordHasher | None = None,
) -> User:
    """Create an account. ``password=None`` makes an identity-provider-only account (no password sign-in)."""
    name = validate_username(username)
    chosen = validate_roles(roles)
    if not chosen:
        raise AccountError("account.error.no_role")
    if find_user(session, name) is not None:
        raise AccountError("account.error.exists", username=name)
    email = email.strip() if email else None
    if email and "@" not in email:
        raise AccountError("account.error.not_email", email=email)
    if email and find_user_by_email(session, email) is not None:
        raise AccountError("account.error.email_taken", email=email)
    user = User(
        username=name,
        display_name=display_name,
        email=email,
        password_hash=hash_password(password, hasher=hasher) if password is not None else None,
        created_at=now,
    )
    session.add(user)
    session.flush()
    _replace_roles(session, user, chosen)
    audit(session, action=AuthAction.user_created, by=by, now=now, user=user, after=_public_view(user, chosen))
    bump_revision(session)
    session.flush()
    return user


def end_sessions(session: Session, *, username: str, now: dt.datetime, reason: str) -> int:
    """End every live web session of ``username`` (disabled, roles or password changed): the next run of any of
    that person's pages, on any server, shows the sign-in form. Returns how many were ended."""
    result = session.exec(
        update(WebSession)
        .where(WebSession.username == normalise_username(username), WebSession.ended_at.is_(None))
        .values(ended_at=now, end_reason=reason)
    )
    return int(result.rowcount or 0)


def clear_throttle(session: Session, *, username: str) -> int:
    """Forget the failed sign-ins counted against ``username`` from every client; returns how many clients were
    waiting."""
    result = session.exec(delete(SignInThrottle).where(SignInThrottle.account == normalise_username(username)))
    return int(result.rowcount or 0)


def unlock_user(session: Session, *, username: str, by: str, now: dt.datetime) -> User:
    """An administrator lets an account sign in again at once from every client (Users page, ``user enable``)."""
    user = _existing(session, username)
    cleared = clear_throttle(session, username=user.username)
    user.failed_attempts = 0
    user.locked_until = None
    session.add(user)
    audit(session, action=AuthAction.account_unlocked, by=by, now=now, user=user,
          detail=f"{cleared} waiting client(s) cleared")
    session.flush()
    return user


def _existing(session: Session, username: str) -> User:
    user = find_user(session, username)
    if user is None:
        raise AccountError("account.error.not_found", username=normalise_username(username))
    return user


def set_roles(session: Session, *, username: str, roles: Iterable[str], by: str, now: dt.datetime) -> User:
    user = _existing(session, username)
    chosen = validate_roles(roles)
    if not chosen:
        raise AccountError("account.error.no_role_left")
    before = roles_of(session, user)
    if before == chosen:
        return user
    _replace_roles(session, user, chosen)
    end_sessions(session, username=user.username, now=now, reason="roles changed")
    audit(
        session,
        action=AuthAction.roles_changed,
        by=by,
        now=now,
        user=user,
        before={"roles": sorted(before)},
        after={"roles": sorted(chosen)},
    )
    bump_revision(session)
    session.flush()
    return user


def disable_user(session: Session, *, username: str, by: str, now: dt.datetime) -> User:
    user = _existing(session, username)
    if not user.is_active:
        return user
    user.is_active = False
    session.add(user)
    end_sessions(session, username=user.username, now=now, reason="account disabled")
    audit(
        session,
        action=AuthAction.user_disabled,
        by=by,
        now=now,
        user=user,
        before={"is_active": True},
        after={"is_active": False},
    )
    bump_revision(session)
    session.flush()
    return user


def enable_user(session: Session, *, username: str, by: str, now: dt.datetime) -> User:
    """Re-enable an account; it also clears a lock left by failed sign-ins."""
    user = _existing(session, username)
    if user.is_active and not user.failed_attempts and not session.exec(
        select(SignInThrottle.client).where(SignInThrottle.account == user.username).limit(1)
    ).first():
        return user
    user.is_active = True
    user.failed_attempts = 0
    user.locked_until = None
    clear_throttle(session, username=user.username)
    session.add(user)
    audit(session, action=AuthAction.user_enabled, by=by, now=now, user=user, after={"is_active": True})
    bump_revision(session)
    session.flush()
    return user


def set_password(
    session: Session,
    *,
    username: str,
    password: str,
    by: str,
    now: dt.datetime,
    hasher: PasswordHasher | None = None,
) -> User:
    user = _existing(session, username)
    user.password_hash = hash_password(password, hasher=hasher)
    user.failed_attempts = 0
    user.locked_until = None
    clear_throttle(session, username=user.username)
    end_sessions(session, username=user.username, now=now, reason="password changed")
    session.add(user)
    audit(session, action=AuthAction.password_changed, by=by, now=now, user=user)
    session.flush()
    return user
