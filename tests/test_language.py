"""The language a person picks is remembered on their account and applied at their next sign-in."""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

from dashboard.accounts import users
from dashboard.accounts.language import preferred_language, remember_language
from dashboard.core import db
from dashboard.core.models import utcnow
from tests.apptest_helpers import sign_in

ROOT = Path(__file__).resolve().parents[1]


def _make_user(engine, username: str = "amelie") -> None:
    with db.session_scope(engine) as session:
        users.create_user(session, username=username, roles=["leadership"], password=None, by="test", now=utcnow())


def test_remembered_language_is_read_back(engine) -> None:
    _make_user(engine)
    with db.session_scope(engine) as session:
        assert preferred_language(session, "amelie") is None
        assert remember_language(session, "amelie", "fr") is True
    with db.session_scope(engine) as session:
        assert preferred_language(session, "amelie") == "fr"
        assert remember_language(session, "amelie", "EN-gb") is True  # normalised
    with db.session_scope(engine) as session:
        assert preferred_language(session, "amelie") == "en"


def test_unknown_account_or_language_stores_nothing(engine) -> None:
    _make_user(engine)
    with db.session_scope(engine) as session:
        assert remember_language(session, "nobody", "fr") is False
        assert remember_language(session, "amelie", "de") is True  # unknown language → the default
    with db.session_scope(engine) as session:
        assert preferred_language(session, "amelie") == "en"
        assert preferred_language(session, "nobody") is None


def _app() -> AppTest:
    return AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)


def test_signing_in_applies_the_stored_language(engine) -> None:
    _make_user(engine)
    with db.session_scope(engine) as session:
        remember_language(session, "amelie", "fr")
    at = sign_in(_app(), "leadership", username="amelie")
    at.run()
    assert at.session_state["lang"] == "fr"
    assert at.query_params.get("lang") in ("fr", ["fr"])


def test_picking_a_language_while_signed_in_stores_it(engine) -> None:
    _make_user(engine)
    at = sign_in(_app(), "leadership", username="amelie")
    at.run()
    assert at.session_state["lang"] == "en"
    picker = at.sidebar.button_group[0] if at.sidebar.button_group else None
    assert picker is not None, "the language picker is missing from the sidebar"
    picker.set_value("fr").run()
    assert at.session_state["lang"] == "fr"
    with db.session_scope(engine) as session:
        assert preferred_language(session, "amelie") == "fr"
    # A new browser session (no state, no URL parameter) for the same person opens in French.
    again = sign_in(_app(), "leadership", username="amelie")
    again.run()
    assert again.session_state["lang"] == "fr"


def test_a_language_picked_before_signing_in_wins_and_is_stored(engine) -> None:
    _make_user(engine)
    with db.session_scope(engine) as session:
        remember_language(session, "amelie", "en")
    at = _app()
    at.run()  # the sign-in screen
    at.sidebar.button_group[0].set_value("fr").run()
    assert at.session_state["lang"] == "fr"
    sign_in(at, "leadership", username="amelie")
    at.run()
    assert at.session_state["lang"] == "fr"
    with db.session_scope(engine) as session:
        assert preferred_language(session, "amelie") == "fr"
