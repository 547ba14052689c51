"""Accounts, passwords, sign-in, session expiry and identity-provider role mapping (no Streamlit here).

Rules, stated once:

- Passwords are hashed with argon2id (argon2-cffi ``PasswordHasher``); a stored hash made with older
  parameters is replaced by a fresh one at the next successful sign-in.
- Back-off: after ``LOCK_AFTER_FAILURES`` (5) consecutive failed sign-ins the account is locked for 1 minute;
  every further failure doubles the lock (2, 4, 8 … minutes), capped at 1 hour. While locked, no password is
  checked at all. A successful sign-in resets the count.
- A disabled account never signs in, by password or through the identity provider.
- A sign-in expires after ``IDLE_LIMIT`` (8 hours) without any activity, or ``ABSOLUTE_LIMIT`` (12 hours)
  after it began, whichever comes first; roles and the disabled flag are read again from the database on
  every page run, so a change made by an administrator applies at the next click.
- Every sign-in, failed sign-in, lock, refusal, sign-out, expiry, account change and role change is written
  as an ``AuditEvent`` (never a password or a hash).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from enum import StrEnum
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from sqlalchemy import delete, func, update
from sqlmodel import Session, select

from dashboard.db import bump_revision
from dashboard.models import AuditEvent, User, UserRole, UserRoleLink
from dashboard.permissions import Actor

LOCK_AFTER_FAILURES = 5
FIRST_LOCK = dt.timedelta(minutes=1)
MAX_LOCK = dt.timedelta(hours=1)
IDLE_LIMIT = dt.timedelta(hours=8)
ABSOLUTE_LIMIT = dt.timedelta(hours=12)
MIN_PASSWORD_LENGTH = 10
MAX_PASSWORD_LENGTH = 1024  # argon2 takes any length; this only stops a megabyte "password" from costing CPU.

USERNAME_PATTERN = re.compile(r"^[a-z0-9][a-z0-9._@+-]{0,119}$")
KNOWN_ROLES: tuple[str, ...] = tuple(role.value for role in UserRole)
ROLE_MAPPING_ENV = "DASHBOARD_ROLE_MAPPING"

_HASHER = PasswordHasher()
# Verified against when the username is unknown, so an unknown name costs the same time as a wrong password.
_DUMMY_HASH = _HASHER.hash("not a real password, only here to spend the same time")


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


class AuthOutcome(StrEnum):
    ok = "ok"
    wrong_credentials = "wrong_credentials"  # unknown username or wrong password: the same answer for both
    locked = "locked"
    disabled = "disabled"
    no_role = "no_role"


class SignInMethod(StrEnum):
    password = "password"
    identity_provider = "identity_provider"


class AccountError(ValueError):
    """A request about an account that cannot be carried out; the message says what to fix."""


@dataclass(frozen=True)
class AuthResult:
    outcome: AuthOutcome
    actor: Actor | None = None
    locked_until: dt.datetime | None = None

    @property
    def ok(self) -> bool:
        return self.outcome is AuthOutcome.ok


@dataclass(frozen=True)
class SignIn:
    """A live sign-in, kept in the person's Streamlit session (server side, never in the browser)."""

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


def _aware(moment: dt.datetime) -> dt.datetime:
    # SQLite hands back naive datetimes for values stored as UTC.
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


def normalise_username(username: str) -> str:
    return username.strip().lower()


def validate_username(username: str) -> str:
    name = normalise_username(username)
    if not USERNAME_PATTERN.match(name):
        raise AccountError(
            f"username {username!r} is not allowed: use 1 to 120 letters, digits or . _ @ + -, "
            "starting with a letter or digit"
        )
    return name


def validate_roles(roles: Iterable[str]) -> frozenset[str]:
    chosen = frozenset(str(role).strip() for role in roles)
    unknown = sorted(chosen - set(KNOWN_ROLES))
    if unknown:
        raise AccountError(f"unknown role(s) {', '.join(unknown)}: choose among {', '.join(KNOWN_ROLES)}")
    return chosen


def validate_password(password: str) -> str:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise AccountError(f"the password is too short: use at least {MIN_PASSWORD_LENGTH} characters")
    if len(password) > MAX_PASSWORD_LENGTH:
        raise AccountError(f"the password is too long: use at most {MAX_PASSWORD_LENGTH} characters")
    return password


def hash_password(password: str, *, hasher: PasswordHasher | None = None) -> str:
    return (hasher or _HASHER).hash(validate_password(password))


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
    locked_until: dt.datetime | None
    last_login: dt.datetime | None


def list_users(session: Session) -> list[AccountSummary]:
    users = session.exec(select(User).order_by(User.username)).all()
    links = session.exec(select(UserRoleLink)).all()
    roles: dict[int, list[str]] = {}
    for link in links:
        roles.setdefault(link.user_id, []).append(link.role)
    return [
        AccountSummary(
            username=user.username,
            display_name=user.display_name,
            email=user.email,
            roles=tuple(sorted(roles.get(user.id or 0, []))),
            is_active=user.is_active,
            has_password=user.password_hash is not None,
            locked_until=_aware(user.locked_until) if user.locked_until else None,
            last_login=_aware(user.last_login) if user.last_login else None,
        )
        for user in users
    ]


# ---------------------------------------------------------------------------------------------------------
# Changing accounts (all keyword-only; ``by`` names who made the change, for the audit log)
# ---------------------------------------------------------------------------------------------------------


def _replace_roles(session: Session, user: User, roles: frozenset[str]) -> None:
    session.exec(delete(UserRoleLink).where(UserRoleLink.user_id == user.id))  # type: ignore[call-overload]
    for role in sorted(roles):
        session.add(UserRoleLink(user_id=user.id, role=role))


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
        raise AccountError("give the account at least one role")
    if find_user(session, name) is not None:
        raise AccountError(f"an account named {name!r} already exists: use set-roles to change its roles")
    email = email.strip() if email else None
    if email and "@" not in email:
        raise AccountError(f"{email!r} is not an e-mail address")
    if email and find_user_by_email(session, email) is not None:
        raise AccountError(f"another account already uses the e-mail address {email!r}")
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


def _existing(session: Session, username: str) -> User:
    user = find_user(session, username)
    if user is None:
        raise AccountError(f"no account named {normalise_username(username)!r}: see `user list`")
    return user


def set_roles(session: Session, *, username: str, roles: Iterable[str], by: str, now: dt.datetime) -> User:
    user = _existing(session, username)
    chosen = validate_roles(roles)
    if not chosen:
        raise AccountError("give the account at least one role (to stop someone signing in, disable the account)")
    before = roles_of(session, user)
    if before == chosen:
        return user
    _replace_roles(session, user, chosen)
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
    if user.is_active and not user.failed_attempts:
        return user
    user.is_active = True
    user.failed_attempts = 0
    user.locked_until = None
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
    session.add(user)
    audit(session, action=AuthAction.password_changed, by=by, now=now, user=user)
    session.flush()
    return user


# ---------------------------------------------------------------------------------------------------------
# Signing in with a password
# ---------------------------------------------------------------------------------------------------------


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
    hasher = hasher or _HASHER
    user = find_user(session, username) if username.strip() else None
    if user is None or user.password_hash is None:
        with contextlib.suppress(VerificationError):
            hasher.verify(_DUMMY_HASH, password[:MAX_PASSWORD_LENGTH])
        audit(
            session,
            action=AuthAction.sign_in_failed,
            by=_name_for_log(username),
            now=now,
            user=user,
            detail="unknown username" if user is None else "account has no password (identity provider only)",
        )
        return AuthResult(AuthOutcome.wrong_credentials)

    if user.locked_until is not None and _aware(user.locked_until) > now:
        audit(session, action=AuthAction.sign_in_refused, by=user.username, now=now, user=user, detail="locked")
        return AuthResult(AuthOutcome.locked, locked_until=_aware(user.locked_until))

    try:
        hasher.verify(user.password_hash, password[:MAX_PASSWORD_LENGTH])
        password_ok = True
    except (VerifyMismatchError, InvalidHashError, VerificationError):
        password_ok = False

    if not password_ok:
        # Counted in SQL, so parallel attempts from many sessions cannot overwrite each other's count.
        session.exec(  # type: ignore[call-overload]
            update(User).where(User.id == user.id).values(failed_attempts=User.failed_attempts + 1)  # type: ignore[arg-type]
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


# ---------------------------------------------------------------------------------------------------------
# Signing in through the organisation's identity provider (OIDC)
# ---------------------------------------------------------------------------------------------------------


def _role_table(raw: Any, what: str) -> dict[str, frozenset[str]]:
    if raw is None:
        return {}
    if not isinstance(raw, Mapping):
        raise AccountError(f"role mapping: [{what}] must be a table of name = [roles]")
    table: dict[str, frozenset[str]] = {}
    for key, value in raw.items():
        roles = [value] if isinstance(value, str) else list(value)
        try:
            table[str(key).strip().lower() if what != "groups" else str(key).strip()] = validate_roles(roles)
        except AccountError as error:
            raise AccountError(f"role mapping [{what}] {key!r}: {error}") from None
    return table


def role_mapping_from_config(config: Mapping[str, Any] | None) -> RoleMapping:
    """Build the mapping from the ``[auth.roles]`` secrets table (or the same shape as JSON)."""
    if not config:
        return RoleMapping()
    return RoleMapping(
        emails=_role_table(config.get("emails"), "emails"),
        domains={key.lstrip("@"): roles for key, roles in _role_table(config.get("domains"), "domains").items()},
        groups=_role_table(config.get("groups"), "groups"),
        groups_claim=str(config.get("groups_claim", "groups")),
    )


def load_role_mapping(
    secrets: Mapping[str, Any] | None, environ: Mapping[str, str] | None = None
) -> RoleMapping:
    """``[auth.roles]`` from Streamlit secrets, else JSON in ``DASHBOARD_ROLE_MAPPING``, else no mapping."""
    auth_section = (secrets or {}).get("auth") or {}
    if isinstance(auth_section, Mapping) and auth_section.get("roles"):
        return role_mapping_from_config(auth_section["roles"])
    raw = (environ if environ is not None else os.environ).get(ROLE_MAPPING_ENV, "").strip()
    if raw:
        try:
            config = json.loads(raw)
        except json.JSONDecodeError as error:
            raise AccountError(f"{ROLE_MAPPING_ENV} is not valid JSON: {error}") from None
        return role_mapping_from_config(config)
    return RoleMapping()


def mapped_roles(mapping: RoleMapping, *, email: str | None, groups: Iterable[str] = ()) -> frozenset[str]:
    """Roles granted by the mapping to an identity (union of e-mail, domain and group matches)."""
    roles: set[str] = set()
    address = (email or "").strip().lower()
    if address:
        roles |= mapping.emails.get(address, frozenset())
        if "@" in address:
            roles |= mapping.domains.get(address.rsplit("@", 1)[1], frozenset())
    for group in groups:
        roles |= mapping.groups.get(str(group).strip(), frozenset())
    return frozenset(roles)


def groups_from_claims(claims: Mapping[str, Any], mapping: RoleMapping) -> tuple[str, ...]:
    value = claims.get(mapping.groups_claim)
    if value is None:
        return ()
    if isinstance(value, str):
        return (value,)
    return tuple(str(item) for item in value)


def _identity_roles(
    session: Session, *, email: str, groups: Iterable[str], mapping: RoleMapping
) -> tuple[User | None, frozenset[str] | None]:
    """The matching local account (if any) and the roles; ``None`` roles when that account is disabled."""
    account = find_user_by_email(session, email)
    if account is not None and not account.is_active:
        return account, None
    roles = mapped_roles(mapping, email=email, groups=groups)
    if account is not None:
        roles |= roles_of(session, account)
    return account, roles


def sign_in_with_identity(
    session: Session,
    *,
    email: str | None,
    groups: Iterable[str],
    mapping: RoleMapping,
    now: dt.datetime,
) -> AuthResult:
    """Turn an identity vouched for by the provider into an actor, or refuse it (audited either way).

    A local account with the same e-mail address adds its roles, and when disabled refuses the person.
    """
    groups = tuple(groups)
    if not email or "@" not in email:
        audit(session, action=AuthAction.sign_in_refused, by="(identity provider)", now=now,
              detail="the identity provider sent no e-mail address")
        return AuthResult(AuthOutcome.no_role)
    address = email.strip().lower()
    account, roles = _identity_roles(session, email=address, groups=groups, mapping=mapping)
    if roles is None:
        audit(session, action=AuthAction.sign_in_refused, by=address, now=now, user=account, detail="disabled")
        return AuthResult(AuthOutcome.disabled)
    if not roles:
        audit(session, action=AuthAction.sign_in_refused, by=address, now=now, user=account,
              detail="no role mapped to this identity")
        return AuthResult(AuthOutcome.no_role)
    username = account.username if account is not None else address
    if account is not None:
        account.last_login = now
        session.add(account)
    audit(
        session,
        action=AuthAction.sign_in,
        by=username,
        now=now,
        user=account,
        detail=f"identity provider; roles: {', '.join(sorted(roles))}",
    )
    session.flush()
    return AuthResult(AuthOutcome.ok, actor=Actor.of(username, roles))


# ---------------------------------------------------------------------------------------------------------
# Keeping a sign-in alive
# ---------------------------------------------------------------------------------------------------------


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
        _, found = _identity_roles(
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


def oidc_providers(auth_section: Mapping[str, Any] | None) -> tuple[str | None, ...]:
    """The identity providers configured for ``st.login`` in the ``[auth]`` secrets section.

    ``None`` stands for the unnamed provider (``client_id`` directly under ``[auth]``); named providers are
    sub-tables holding a ``client_id`` (``[auth.microsoft]``). Nothing is configured without the shared
    ``redirect_uri`` and ``cookie_secret``.
    """
    if not isinstance(auth_section, Mapping):
        return ()
    if not auth_section.get("redirect_uri") or not auth_section.get("cookie_secret"):
        return ()
    providers: list[str | None] = []
    if auth_section.get("client_id") and auth_section.get("server_metadata_url"):
        providers.append(None)
    for name, value in auth_section.items():
        if isinstance(value, Mapping) and value.get("client_id") and name != "roles":
            providers.append(str(name))
    return tuple(providers)


# ---------------------------------------------------------------------------------------------------------
# Demo accounts (created only by `python -m dashboard demo`, never in a real deployment)
# ---------------------------------------------------------------------------------------------------------

# Demo-only passwords, published in the README: the demo database holds no real data.
DEMO_ACCOUNTS: tuple[tuple[str, str, str], ...] = (
    ("demo.leadership", UserRole.leadership, "demo-only-leadership"),
    ("demo.reference", UserRole.reference_group, "demo-only-reference"),
    ("demo.staff", UserRole.staff, "demo-only-staff"),
    ("demo.admin", UserRole.admin, "demo-only-admin"),
)


def ensure_demo_accounts(session: Session, *, now: dt.datetime, hasher: PasswordHasher | None = None) -> list[str]:
    """Create the missing demo accounts; existing ones (perhaps disabled on purpose) are left alone."""
    created = []
    for username, role, password in DEMO_ACCOUNTS:
        if find_user(session, username) is None:
            create_user(
                session,
                username=username,
                roles=[role],
                password=password,
                by="demo",
                now=now,
                display_name=f"Demo {role.replace('_', ' ')}",
                hasher=hasher,
            )
            created.append(username)
    return created
