"""Signing in through the organisation's identity provider (OIDC): the role mapping from groups and e-mail
addresses, and which providers the secrets configure.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from collections.abc import Iterable, Mapping
from typing import Any

from sqlmodel import Session

from dashboard.accounts.users import (
    ROLE_MAPPING_ENV,
    AccountError,
    AuthAction,
    AuthOutcome,
    AuthResult,
    RoleMapping,
    audit,
    find_user_by_email,
    roles_of,
    validate_roles,
)
from dashboard.core.models import User
from dashboard.core.permissions import Actor


def _role_table(raw: Any, what: str) -> dict[str, frozenset[str]]:
    if raw is None:
        return {}
    if not isinstance(raw, Mapping):
        raise AccountError("account.error.mapping_table", section=what)
    table: dict[str, frozenset[str]] = {}
    for key, value in raw.items():
        roles = [value] if isinstance(value, str) else list(value)
        try:
            table[str(key).strip().lower() if what != "groups" else str(key).strip()] = validate_roles(roles)
        except AccountError as error:
            raise AccountError("account.error.mapping_entry", section=what, name=key, problem=str(error)) from None
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
            raise AccountError("account.error.mapping_json", variable=ROLE_MAPPING_ENV, problem=str(error)) from None
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


def identity_roles(
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
    account, roles = identity_roles(session, email=address, groups=groups, mapping=mapping)
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
