"""Accounts, passwords, back-off, disabled accounts, session expiry, identity-provider roles, audit trail."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from argon2 import PasswordHasher
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from dashboard.accounts import users
from dashboard.accounts.identity import (
    groups_from_claims,
    load_role_mapping,
    mapped_roles,
    role_mapping_from_config,
    sign_in_with_identity,
)
from dashboard.accounts.sign_in import authenticate, expiry_reason, is_sign_in_valid, refresh_sign_in, start_sign_in
from dashboard.accounts.users import AccountError, AuthOutcome, SignInMethod
from dashboard.core import db
from dashboard.core.models import AuditEvent, SignInThrottle, User
from dashboard.seed.accounts import DEMO_ACCOUNTS, ensure_demo_accounts

NOW = dt.datetime(2026, 11, 22, 9, 0, tzinfo=dt.UTC)
# Cheap parameters keep the tests fast; the production hasher is argon2-cffi's default.
FAST = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)
PASSWORD = "correct horse battery"


def _events(session: Session, action: str | None = None) -> list[AuditEvent]:
    query = select(AuditEvent).order_by(AuditEvent.id)
    if action:
        query = query.where(AuditEvent.action == action)
    return list(session.exec(query).all())


def _add(engine: Engine, username: str = "ana", roles: tuple[str, ...] = ("staff",), **extra: object) -> None:
    with db.session_scope(engine) as session:
        users.create_user(session, username=username, roles=roles, password=extra.pop("password", PASSWORD),
                         by="system", now=NOW, hasher=FAST, **extra)  # type: ignore[arg-type]


def _try(engine: Engine, password: str, *, username: str = "ana", now: dt.datetime = NOW,
         client: str = "192.0.2.1") -> users.AuthResult:
    with db.session_scope(engine) as session:
        return authenticate(session, username=username, password=password, now=now, client=client, hasher=FAST)


def test_create_user_hashes_the_password_and_audits_without_it(engine: Engine) -> None:
    _add(engine, "Ana", ("staff", "admin"), email="ana@example.org")
    with Session(engine) as session:
        user = session.exec(select(User)).one()
        assert user.username == "ana"
        assert user.password_hash is not None and user.password_hash.startswith("$argon2id$")
        assert PASSWORD not in user.password_hash
        assert users.roles_of(session, user) == {"staff", "admin"}
        created = _events(session, "user_created")
        assert len(created) == 1
        assert json.loads(created[0].after or "{}")["roles"] == ["admin", "staff"]
        every_text = " ".join(f"{e.before} {e.after} {e.detail}" for e in _events(session))
        assert PASSWORD not in every_text and "argon2" not in every_text


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"username": "bad name"}, "is not allowed"),
        ({"roles": ("boss",)}, "unknown role(s) boss"),
        ({"roles": ()}, "at least one role"),
        ({"password": "short"}, "too short"),
        ({"email": "not-an-address"}, "is not an e-mail address"),
    ],
)
def test_create_user_refuses_bad_input_with_a_clear_message(
    engine: Engine, kwargs: dict[str, object], message: str
) -> None:
    arguments: dict[str, object] = {"username": "bob", "roles": ("staff",), "password": PASSWORD}
    arguments.update(kwargs)
    with pytest.raises(AccountError, match=message.replace("(", r"\(").replace(")", r"\)")):
        _add(engine, **arguments)  # type: ignore[arg-type]
    with Session(engine) as session:
        assert session.exec(select(User)).all() == []


def test_duplicate_username_is_refused(engine: Engine) -> None:
    _add(engine)
    with pytest.raises(AccountError, match="already exists"):
        _add(engine, "ANA")


def test_right_password_signs_in_and_is_audited(engine: Engine) -> None:
    _add(engine, roles=("staff", "admin"))
    result = _try(engine, PASSWORD, username=" ANA ")
    assert result.outcome is AuthOutcome.ok
    assert result.actor is not None and result.actor.username == "ana"
    assert result.actor.roles == {"staff", "admin"}
    with Session(engine) as session:
        (event,) = _events(session, "sign_in")
        assert event.user == "ana" and "admin, staff" in (event.detail or "")
        assert session.exec(select(User)).one().last_login is not None


def test_wrong_password_and_unknown_user_get_the_same_refusal(engine: Engine) -> None:
    _add(engine)
    assert _try(engine, "wrong password!").outcome is AuthOutcome.wrong_credentials
    assert _try(engine, PASSWORD, username="nobody").outcome is AuthOutcome.wrong_credentials
    assert _try(engine, PASSWORD, username="").outcome is AuthOutcome.wrong_credentials
    with Session(engine) as session:
        failed = _events(session, "sign_in_failed")
        assert [event.user for event in failed] == ["ana", "(unknown)", "(unknown)"]  # what was typed is never kept
        assert session.exec(select(User)).one().failed_attempts == 1


def test_five_failures_from_one_client_make_it_wait_with_a_doubling_delay(engine: Engine) -> None:
    _add(engine)
    outcomes = [_try(engine, "wrong password!").outcome for _ in range(4)]
    assert outcomes == [AuthOutcome.wrong_credentials] * 4
    fifth = _try(engine, "wrong password!")
    assert fifth.outcome is AuthOutcome.locked
    assert fifth.locked_until == NOW + dt.timedelta(minutes=1)
    # That client waits: even the right password is refused, without checking it.
    assert _try(engine, PASSWORD, now=NOW + dt.timedelta(seconds=59)).outcome is AuthOutcome.locked
    # Another client is not held back; the answer about the attacked account comes after a short delay.
    elsewhere = _try(engine, PASSWORD, now=NOW + dt.timedelta(seconds=59), client="203.0.113.9")
    assert elsewhere.outcome is AuthOutcome.ok and elsewhere.delay == users.SLOW_ANSWER
    # After the lock, one more failure locks again for twice as long.
    later = NOW + dt.timedelta(minutes=1)
    sixth = _try(engine, "wrong password!", now=later)
    assert sixth.outcome is AuthOutcome.locked and sixth.locked_until == later + dt.timedelta(minutes=2)
    # Once the lock is over, the right password works and resets the count.
    after = later + dt.timedelta(minutes=2)
    assert _try(engine, PASSWORD, now=after).outcome is AuthOutcome.ok
    with Session(engine) as session:
        user = session.exec(select(User)).one()
        assert user.failed_attempts == 0 and user.locked_until is None
        assert session.exec(select(SignInThrottle)).all() == []
        assert len(_events(session, "account_locked")) == 2
        refused = _events(session, "sign_in_refused")
        assert [event.detail for event in refused] == ["client 192.0.2.1 waits after 5 failures"]


def test_lock_duration_rule() -> None:
    assert [users.lock_duration(n) for n in (0, 4)] == [None, None]
    minutes = [users.lock_duration(n).total_seconds() / 60 for n in range(5, 13)]  # type: ignore[union-attr]
    assert minutes == [1, 2, 4, 8, 16, 32, 60, 60]
    assert users.lock_duration(500) == dt.timedelta(hours=1)


def test_disabled_account_is_refused_even_with_the_right_password(engine: Engine) -> None:
    _add(engine)
    with db.session_scope(engine) as session:
        users.disable_user(session, username="ana", by="admin1", now=NOW)
    assert _try(engine, PASSWORD).outcome is AuthOutcome.disabled
    # A wrong password does not reveal that the account is disabled.
    assert _try(engine, "wrong password!").outcome is AuthOutcome.wrong_credentials
    with Session(engine) as session:
        (disabled,) = _events(session, "user_disabled")
        assert disabled.user == "admin1" and json.loads(disabled.after or "{}") == {"is_active": False}
    with db.session_scope(engine) as session:
        users.enable_user(session, username="ana", by="admin1", now=NOW)
    assert _try(engine, PASSWORD).outcome is AuthOutcome.ok


def test_set_roles_changes_roles_and_audits_before_and_after(engine: Engine) -> None:
    _add(engine, roles=("reference_group",))
    with db.session_scope(engine) as session:
        users.set_roles(session, username="ana", roles=["staff", "admin"], by="root", now=NOW)
    with Session(engine) as session:
        (event,) = _events(session, "roles_changed")
        assert json.loads(event.before or "{}") == {"roles": ["reference_group"]}
        assert json.loads(event.after or "{}") == {"roles": ["admin", "staff"]}
        assert event.user == "root"
    with db.session_scope(engine) as session, pytest.raises(AccountError, match="no account named 'zed'"):
        users.set_roles(session, username="zed", roles=["staff"], by="root", now=NOW)


def test_old_hash_parameters_are_replaced_at_sign_in(engine: Engine) -> None:
    _add(engine)
    with Session(engine) as session:
        old_hash = session.exec(select(User)).one().password_hash
    stronger = PasswordHasher(time_cost=2, memory_cost=16, parallelism=1)
    with db.session_scope(engine) as session:
        result = authenticate(session, username="ana", password=PASSWORD, now=NOW, hasher=stronger)
    assert result.ok
    with Session(engine) as session:
        new_hash = session.exec(select(User)).one().password_hash
    assert new_hash != old_hash and new_hash is not None and "m=16,t=2,p=1" in new_hash
    assert _try(engine, PASSWORD).ok  # the new hash still verifies


def test_identity_provider_only_account_cannot_use_a_password(engine: Engine) -> None:
    _add(engine, password=None, email="ana@example.org")
    assert _try(engine, "").outcome is AuthOutcome.wrong_credentials
    assert _try(engine, PASSWORD).outcome is AuthOutcome.wrong_credentials


# --- session expiry ------------------------------------------------------------------------------------


def _sign_in(roles: tuple[str, ...] = ("staff",), method: SignInMethod = SignInMethod.password) -> users.SignIn:
    from dashboard.core.permissions import Actor

    return start_sign_in(Actor.of("ana", roles), method=method, now=NOW)


def test_sign_in_expires_after_8_hours_idle_or_12_hours_in_all() -> None:
    sign_in = _sign_in()
    assert expiry_reason(sign_in, now=NOW + dt.timedelta(hours=7, minutes=59)) is None
    assert expiry_reason(sign_in, now=NOW + dt.timedelta(hours=8)) == "idle"
    active = users.SignIn(**{**sign_in.__dict__, "last_seen_at": NOW + dt.timedelta(hours=11)})
    assert expiry_reason(active, now=NOW + dt.timedelta(hours=11, minutes=59)) is None
    assert expiry_reason(active, now=NOW + dt.timedelta(hours=12)) == "absolute"
    assert not is_sign_in_valid(None, now=NOW)


def test_refresh_reads_roles_again_and_ends_a_disabled_or_expired_sign_in(engine: Engine) -> None:
    _add(engine, roles=("staff",))
    sign_in = _sign_in()
    later = NOW + dt.timedelta(hours=1)
    with db.session_scope(engine) as session:
        users.set_roles(session, username="ana", roles=["reference_group"], by="root", now=NOW)
    with Session(engine) as session:
        refreshed = refresh_sign_in(session, sign_in, now=later)
        assert refreshed is not None
        assert refreshed.actor.roles == {"reference_group"} and refreshed.last_seen_at == later
        assert refresh_sign_in(session, sign_in, now=NOW + dt.timedelta(hours=9)) is None
    with db.session_scope(engine) as session:
        users.disable_user(session, username="ana", by="root", now=NOW)
    with Session(engine) as session:
        assert refresh_sign_in(session, sign_in, now=later) is None


# --- identity provider ----------------------------------------------------------------------------------

SECRETS = {
    "auth": {
        "redirect_uri": "https://dashboard.example.org/oauth2callback",
        "roles": {
            "groups_claim": "roles",
            "emails": {"Director@Example.org": ["leadership"], "it@example.org": "admin"},
            "domains": {"@example.org": ["reference_group"]},
            "groups": {"partnership-staff": ["staff"]},
        },
    }
}


def test_role_mapping_from_secrets_by_email_domain_and_group() -> None:
    mapping = load_role_mapping(SECRETS, environ={})
    assert mapping.groups_claim == "roles"
    assert mapped_roles(mapping, email="director@example.org") == {"leadership", "reference_group"}
    assert mapped_roles(mapping, email="someone@example.org", groups=["partnership-staff"]) == {
        "reference_group",
        "staff",
    }
    assert mapped_roles(mapping, email="someone@elsewhere.net", groups=["other"]) == frozenset()
    assert groups_from_claims({"roles": ["partnership-staff"]}, mapping) == ("partnership-staff",)


def test_role_mapping_from_the_environment_and_bad_configuration() -> None:
    environ = {users.ROLE_MAPPING_ENV: json.dumps({"emails": {"a@b.org": ["staff"]}})}
    mapping = load_role_mapping({}, environ=environ)
    assert mapped_roles(mapping, email="A@B.org") == {"staff"}
    assert load_role_mapping(None, environ={}) == users.RoleMapping()
    with pytest.raises(AccountError, match=r"role mapping \[emails\] 'x@y.org': unknown role\(s\) boss"):
        role_mapping_from_config({"emails": {"x@y.org": ["boss"]}})
    with pytest.raises(AccountError, match="not valid JSON"):
        load_role_mapping({}, environ={users.ROLE_MAPPING_ENV: "{oops"})


def test_identity_sign_in_maps_roles_merges_local_accounts_and_refuses_disabled(engine: Engine) -> None:
    mapping = load_role_mapping(SECRETS, environ={})
    with db.session_scope(engine) as session:
        ok = sign_in_with_identity(session, email="someone@example.org", groups=["partnership-staff"],
                                        mapping=mapping, now=NOW)
        assert ok.ok and ok.actor is not None
        assert ok.actor.username == "someone@example.org" and ok.actor.roles == {"reference_group", "staff"}
        stranger = sign_in_with_identity(session, email="x@elsewhere.net", groups=[], mapping=mapping, now=NOW)
        assert stranger.outcome is AuthOutcome.no_role
    _add(engine, "it", ("admin",), password=None, email="IT@example.org")
    with db.session_scope(engine) as session:
        merged = sign_in_with_identity(session, email="it@example.org", groups=[], mapping=mapping, now=NOW)
        assert merged.actor is not None and merged.actor.username == "it"
        assert merged.actor.roles == {"admin", "reference_group"}
        users.disable_user(session, username="it", by="root", now=NOW)
        refused = sign_in_with_identity(session, email="it@example.org", groups=[], mapping=mapping, now=NOW)
        assert refused.outcome is AuthOutcome.disabled
    with Session(engine) as session:
        assert [event.user for event in _events(session, "sign_in")] == ["someone@example.org", "it"]
        assert [event.detail for event in _events(session, "sign_in_refused")] == [
            "no role mapped to this identity",
            "disabled",
        ]


def test_demo_accounts_one_per_role_created_once(engine: Engine) -> None:
    with db.session_scope(engine) as session:
        created = ensure_demo_accounts(session, now=NOW, hasher=FAST)
        again = ensure_demo_accounts(session, now=NOW, hasher=FAST)
    assert created == ["demo.leadership", "demo.reference", "demo.staff", "demo.admin"] and again == []
    with Session(engine) as session:
        accounts = {summary.username: summary.roles for summary in users.list_users(session)}
    assert accounts == {
        "demo.admin": ("admin",),
        "demo.leadership": ("leadership",),
        "demo.reference": ("reference_group",),
        "demo.staff": ("staff",),
    }
    for username, _role, password in DEMO_ACCOUNTS:
        assert _try(engine, password, username=username).ok
