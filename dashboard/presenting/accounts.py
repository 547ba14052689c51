"""The Users page's table: accounts and their sign-in state, in the reader's language."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import pandas as pd

from dashboard.accounts.users import AccountSummary
from dashboard.core.i18n import t, t_count
from dashboard.presenting.formatting import format_datetime

# Each column's width on screen (pixels), by header key: together 905 px, within the 939 px the page gives a
# table at a 1 400 px window (the headers of both languages whole; a longer cell, three roles, ends in an
# ellipsis on screen and is whole in the downloads).
COLUMN_WIDTHS: dict[str, int] = {
    "users.column.username": 125, "users.column.roles": 185, "users.column.account": 140,
    "users.column.failures": 100, "users.column.until": 130, "users.column.sessions": 65,
    "users.column.last_login": 160,
}
ROLE_KEYS = {"leadership": "auth.role.leadership", "reference_group": "auth.role.reference_group",
             "staff": "auth.role.staff", "admin": "auth.role.admin"}


def _moment(value: dt.datetime | None, lang: str) -> str:
    """A UTC moment as the reader writes it (``30 Nov 2026, 09:58`` / ``30/11/2026 09:58``); empty for None."""
    return format_datetime(value, lang) if value else ""


def _account(account: AccountSummary, lang: str) -> str:
    """Whether the account is active and how it signs in, in one cell: ``active · password``."""
    status = t("users.status.active" if account.is_active else "users.status.disabled", lang)
    method = t("users.method.password" if account.has_password else "users.method.identity_provider", lang)
    return f"{status} · {method}"


def _waiting(account: AccountSummary, lang: str) -> str:
    """Until when the account's held-back devices wait (UTC, the time only: a wait lasts an hour at most), and how
    many: ``10:15 · 1 device``; empty when none waits."""
    if not account.waiting_clients or account.locked_until is None:
        return ""
    return t_count("users.waiting", lang, account.waiting_clients, until=f"{account.locked_until:%H:%M}",
                   count=account.waiting_clients)


def accounts_table(accounts: Sequence[AccountSummary], lang: str) -> pd.DataFrame:
    """One row per account, seven columns that fit the page at 1 400 px in both languages: username, roles,
    account (status and sign-in method), failures in a row (int), waiting until (the time the latest wait ends
    and the devices held back), sessions (int, open ones), last sign-in (UTC, in the reader's convention).
    Headers in ``lang``."""
    return pd.DataFrame({
        t("users.column.username", lang): [account.username for account in accounts],
        t("users.column.roles", lang): [", ".join(t(ROLE_KEYS.get(role, role), lang) for role in account.roles)
                                        for account in accounts],
        t("users.column.account", lang): [_account(account, lang) for account in accounts],
        t("users.column.failures", lang): [account.failed_attempts for account in accounts],
        t("users.column.until", lang): [_waiting(account, lang) for account in accounts],
        t("users.column.sessions", lang): [account.live_sessions for account in accounts],
        t("users.column.last_login", lang): [_moment(account.last_login, lang) for account in accounts],
    })


def needs_unlocking(accounts: Sequence[AccountSummary]) -> list[str]:
    """Accounts with failures counted against them (a device waiting, or failures in a row)."""
    return [account.username for account in accounts if account.waiting_clients or account.failed_attempts]
