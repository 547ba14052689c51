"""The dashboard's own web routes and middleware (issue 16, items 3 and 8), called in-process as a browser
would call them over HTTP: security headers, downloads and uploads only with a live session, metrics only for an
administrator, over-long addresses refused, the sign-in route's return address kept on this site; and the
server binds loopback by default."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
from sqlalchemy.engine import Engine
from sqlalchemy.exc import OperationalError
from streamlit.testing.v1 import AppTest

from dashboard.accounts import sessions, users
from dashboard.core import db
from dashboard.core.i18n import t
from dashboard.core.models import utcnow
from dashboard.web import server
from tests.apptest_helpers import sign_in
from tests.asgi_helpers import post_sign_in, request

ROOT = Path(__file__).resolve().parents[1]
PASSWORD = "a long enough password"


def _token(engine: Engine, username: str = "ana", roles: tuple[str, ...] = ("staff",)) -> str:
    with db.session_scope(engine) as session:
        users.create_user(session, username=username, roles=roles, password=PASSWORD, by="test", now=utcnow())
    answer = post_sign_in(username, PASSWORD)
    return answer.cookies[sessions.COOKIE_NAME]


def test_every_answer_carries_the_security_headers(engine: Engine) -> None:
    for answer in (request("GET", "/"), request("GET", "/_stcore/health"), post_sign_in("x", "y")):
        assert answer.header("content-security-policy") == (
            "frame-ancestors 'self'; object-src 'none'; base-uri 'self'; form-action 'self'")
        assert answer.header("x-content-type-options") == "nosniff"
        assert answer.header("referrer-policy") == "same-origin"
        assert answer.header("x-frame-options") == "SAMEORIGIN"


@pytest.mark.parametrize("path", ["/media/0123abcd.csv", "/_stcore/upload_file/session/file"])
def test_downloads_and_uploads_need_a_live_session(engine: Engine, path: str) -> None:
    refused = request("GET", path)
    assert refused.status == 403 and t("shell.refused.download", "en").encode() in refused.body
    token = _token(engine)
    assert request("GET", path, cookies={sessions.COOKIE_NAME: token}).body == b"streamlit"
    with db.session_scope(engine) as session:  # the session ends (sign-out): the link dies with it
        sessions.end_session(session, token, now=utcnow())
    assert request("GET", path, cookies={sessions.COOKIE_NAME: token}).status == 403
    assert request("GET", path, cookies={sessions.COOKIE_NAME: "made-up"}).status == 403


def test_metrics_are_for_an_administrator_only(engine: Engine) -> None:
    assert request("GET", "/_stcore/metrics").status == 404
    staff = _token(engine)
    assert request("GET", "/_stcore/metrics", cookies={sessions.COOKIE_NAME: staff}).status == 404
    admin = _token(engine, "root", ("admin",))
    assert request("GET", "/_stcore/metrics", cookies={sessions.COOKIE_NAME: admin}).body == b"streamlit"


def test_an_over_long_address_is_refused_with_a_page_that_says_so(engine: Engine) -> None:
    answer = request("GET", "/partners?lang=fr&partner=" + "9" * 5000)
    assert answer.status == 414
    assert t("shell.refused.address_too_long", "fr").encode() in answer.body
    assert request("GET", "/partners?partner=12&type=ngo&type=igo&lang=en").status == 200


@pytest.mark.parametrize(("asked", "kept"), [
    ("/budgets?type=ngo&signin=wrong_credentials", "/budgets?type=ngo"),
    ("//evil.example/x", "/"), ("https://evil.example/", "/"), ("/\\evil.example", "/"), ("", "/"),
    ("/map?q=a%0d%0aSet-Cookie:x", "/map?q=a%0D%0ASet-Cookie%3Ax"),
])
def test_the_return_address_stays_on_this_site(asked: str, kept: str) -> None:
    assert server.safe_next(asked) == kept


def test_the_server_listens_on_loopback_unless_told_otherwise() -> None:
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["server"]["address"] == "127.0.0.1"


@pytest.mark.parametrize(("name", "value"), [("partner", "9" * 40), ("partner", "٣٣"), ("q", "x" * 150)])
def test_odd_address_parameters_open_the_page_without_an_error(demo_engine: Engine, name: str, value: str) -> None:
    at = sign_in(AppTest.from_file(str(ROOT / "app.py"), default_timeout=120), "admin")
    at.query_params[name] = value
    at.switch_page("pages/partners.py").run()
    assert not at.exception, at.exception


@pytest.mark.parametrize("name", ["partner", "q"])
def test_a_very_large_address_parameter_is_refused_cleanly(demo_engine: Engine, name: str) -> None:
    at = sign_in(AppTest.from_file(str(ROOT / "app.py"), default_timeout=120), "admin")
    at.query_params[name] = "9" * 100_000
    at.switch_page("pages/partners.py").run()
    assert not at.exception, at.exception
    assert [error.value for error in at.error] == [
        t("shell.refused.parameter_too_long", "en", name=name, length=100_000, limit=200)]
    assert not at.dataframe


def test_a_database_that_does_not_answer_gives_a_message_not_an_error_page(
    engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    def busy(*args: object) -> None:
        raise OperationalError("SELECT", {}, Exception("database is locked"))

    monkeypatch.setattr(server, "_password_sign_in", busy)
    answer = post_sign_in("ana", PASSWORD, next_path="/budgets")
    assert answer.status == 303 and answer.header("location") == "/budgets?signin=busy"

    def down(*args: object) -> None:
        raise OperationalError("SELECT", {}, Exception("connection refused"))

    monkeypatch.setattr(server, "_password_sign_in", down)
    answer = post_sign_in("ana", PASSWORD, next_path="/budgets")
    assert answer.status == 303 and answer.header("location") == "/budgets?signin=database"
