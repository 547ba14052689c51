"""Helpers for Streamlit AppTests: sign a test user in without the sign-in form."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from dashboard.accounts import users
from dashboard.accounts.sign_in import start_sign_in
from dashboard.core import db
from dashboard.core.models import utcnow
from dashboard.core.permissions import Actor


def sign_in(at: AppTest, *roles: str, username: str = "tester") -> AppTest:
    """Put a signed-in actor with ``roles`` in the AppTest's session, as the sign-in form does.

    The account is created (or its roles set) in the database named by DATABASE_URL — the ``engine`` and
    ``demo_engine`` fixtures set it — because the sign-in gate reads the account again on every run; it has no
    password, so it cannot be used by any other path.
    """
    actor = Actor.of(username, roles)
    now = utcnow()
    if roles:
        with db.session_scope(db.get_engine()) as session:
            if users.find_user(session, username) is None:
                users.create_user(session, username=username, roles=roles, password=None, by="test", now=now)
            else:
                users.set_roles(session, username=username, roles=roles, by="test", now=now)
    at.session_state["sign_in"] = start_sign_in(actor, method=users.SignInMethod.password, now=now)
    at.session_state["actor"] = actor
    return at
