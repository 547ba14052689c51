"""The Users page's table: accounts and their sign-in state, in the reader's language."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import pandas as pd

from dashboard.accounts.users import AccountSummary
from dashboard.core.i18n import t

ROLE_KEYS = {"leadership": "auth.role.leadership", "reference_group": "auth.role.reference_group",
             "staff": "auth.role.staff", "admin": "auth.role.admin"}


def _moment(value: dt.datetime | None) -> str:
    return f"{value:%Y-%m-%d %H:%M}" if value else ""


def accounts_table(accounts: Sequence[AccountSummary], lang: str) -> pd.DataFrame:
    return pd.DataFrame({
        t("users.column.username", lang): [account.username for account in accounts],
        t("users.column.roles", lang): [", ".join(t(ROLE_KEYS.get(role, role), lang) for role in account.roles)
                                        for account in accounts],
        t("users.column.status", lang): [t("users.status.active" if account.is_active else "users.status.disabled",
                                           lang) for account in accounts],
        t("users.column.sign_in", lang): [t("users.method.password" if account.has_password
                                            else "users.method.identity_provider", lang) for account in accounts],
        t("users.column.failures", lang): [account.failed_attempts for account in accounts],
        t("users.column.waiting", lang): [account.waiting_clients for account in accounts],
        t("users.column.until", lang): [_moment(account.locked_until) for account in accounts],
        t("users.column.sessions", lang): [account.live_sessions for account in accounts],
        t("users.column.last_login", lang): [_moment(account.last_login) for account in accounts],
    })


def needs_unlocking(accounts: Sequence[AccountSummary]) -> list[str]:
    """Accounts with failures counted against them (a device waiting, or failures in a row)."""
    return [account.username for account in accounts if account.waiting_clients or account.failed_attempts]
