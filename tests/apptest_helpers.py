"""Helpers for Streamlit AppTests: sign a test user in without the sign-in form."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from dashboard.accounts import sessions, users
from dashboard.accounts.sign_in import start_sign_in
from dashboard.core import db
from dashboard.core.models import utcnow
from dashboard.core.permissions import Actor
from dashboard.web.sign_in import NO_BROWSER_TOKEN_KEY


def sign_in(at: AppTest, *roles: str, username: str = "tester") -> AppTest:
    """Sign a test user with ``roles`` in, as the sign-in route does: a session row in the database, and its
    token where a run without a browser looks for the cookie (``web.sign_in.NO_BROWSER_TOKEN_KEY``).

    The account is created (or its roles set) in the database named by DATABASE_URL — the ``engine`` and
    ``demo_engine`` fixtures set it — because the sign-in gate reads the session and the account again on every
    run; it has no password, so it cannot be used by any other path.
    """
    actor = Actor.of(username, roles)
    now = utcnow()
    with db.session_scope(db.get_engine()) as session:
        if roles:
            if users.find_user(session, username) is None:
                users.create_user(session, username=username, roles=roles, password=None, by="test", now=now)
            else:
                users.set_roles(session, username=username, roles=roles, by="test", now=now)
        token = sessions.open_session(session, start_sign_in(actor, method=users.SignInMethod.password, now=now))
    at.session_state[NO_BROWSER_TOKEN_KEY] = token
    return at
