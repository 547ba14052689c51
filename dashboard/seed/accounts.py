"""Demo accounts, created only by ``python -m dashboard demo``, never in a real deployment."""

from __future__ import annotations

import datetime as dt

from argon2 import PasswordHasher
from sqlmodel import Session

from dashboard.accounts.users import create_user, find_user
from dashboard.core.models import UserRole

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
