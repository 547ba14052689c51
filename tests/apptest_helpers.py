"""Helpers for Streamlit AppTests: sign a test user in without the sign-in form."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from dashboard.permissions import Actor


def sign_in(at: AppTest, *roles: str, username: str = "tester") -> AppTest:
    """Put a signed-in actor with ``roles`` in the AppTest's session, as the sign-in code does."""
    at.session_state["actor"] = Actor.of(username, roles)
    return at
