"""`python -m dashboard user …` and the demo accounts made by `python -m dashboard demo`."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from dashboard.accounts import users
from dashboard.accounts.sign_in import authenticate
from dashboard.cli.main import main
from dashboard.core import db
from dashboard.core.models import AuditEvent, User, utcnow
from dashboard.seed.accounts import DEMO_ACCOUNTS


def _cli(monkeypatch: pytest.MonkeyPatch, *args: str, stdin: str = "") -> int:
    monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
    return main(list(args))


def _user(engine: Engine, username: str) -> tuple[User, frozenset[str]]:
    with Session(engine) as session:
        user = session.exec(select(User).where(User.username == username)).one()
        return user, users.roles_of(session, user)


def test_add_reads_the_password_from_stdin_and_the_account_signs_in(
    engine: Engine, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    code = _cli(monkeypatch, "user", "add", "Mere", "--role", "staff", "--role", "admin", "--email",
                "mere@example.org", "--password-stdin", stdin="first admin password\n")
    assert code == 0
    assert "account mere created (admin, staff; password set)" in capsys.readouterr().out
    user, roles = _user(engine, "mere")
    assert roles == {"admin", "staff"} and user.email == "mere@example.org"
    with db.session_scope(engine) as session:
        result = authenticate(session, username="mere", password="first admin password", now=utcnow())
    assert result.ok
    with Session(engine) as session:
        created = session.exec(select(AuditEvent).where(AuditEvent.action == "user_created")).one()
    assert created.user is not None and created.user.startswith("cli:")
    assert "first admin password" not in f"{created.before}{created.after}{created.detail}"


def test_add_without_a_terminal_or_stdin_flag_refuses_and_creates_nothing(
    engine: Engine, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _cli(monkeypatch, "user", "add", "ana", "--role", "staff") == 1
    assert "--password-stdin" in capsys.readouterr().err
    with Session(engine) as session:
        assert session.exec(select(User)).all() == []


def test_a_password_is_never_accepted_on_the_command_line(engine: Engine) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["user", "add", "ana", "--role", "staff", "--password", "visible in ps"])
    assert exit_info.value.code == 2


def test_short_password_and_unknown_role_are_refused(
    engine: Engine, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _cli(monkeypatch, "user", "add", "ana", "--role", "staff", "--password-stdin", stdin="short\n") == 1
    assert "too short" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        main(["user", "add", "ana", "--role", "boss", "--no-password"])
    assert "invalid choice: 'boss'" in capsys.readouterr().err


def test_set_roles_disable_enable_and_list(
    engine: Engine, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _cli(monkeypatch, "user", "add", "tavita", "--role", "reference_group", "--no-password",
                "--email", "tavita@example.org") == 0
    assert _cli(monkeypatch, "user", "set-roles", "tavita", "--role", "staff", "--role", "leadership") == 0
    assert _user(engine, "tavita")[1] == {"staff", "leadership"}
    assert _cli(monkeypatch, "user", "disable", "tavita") == 0
    assert not _user(engine, "tavita")[0].is_active
    capsys.readouterr()
    assert _cli(monkeypatch, "user", "list") == 0
    listing = capsys.readouterr().out.splitlines()
    assert listing[0].split() == ["username", "roles", "status", "e-mail", "sign-in", "last", "sign-in"]
    assert listing[1].split() == ["tavita", "leadership,staff", "disabled", "tavita@example.org", "identity",
                                  "provider", "never"]
    assert _cli(monkeypatch, "user", "enable", "tavita") == 0
    assert _user(engine, "tavita")[0].is_active
    assert _cli(monkeypatch, "user", "set-roles", "nobody", "--role", "staff") == 1
    assert "no account named 'nobody'" in capsys.readouterr().err
    with Session(engine) as session:
        events = session.exec(select(AuditEvent).order_by(AuditEvent.id)).all()
    assert [event.action for event in events] == ["user_created", "roles_changed", "user_disabled", "user_enabled"]
    assert json.loads(events[1].after or "{}") == {"roles": ["leadership", "staff"]}


def test_demo_command_creates_one_demo_account_per_role(engine: Engine) -> None:
    url = engine.url.render_as_string(hide_password=False)
    result = subprocess.run(
        [sys.executable, "-m", "dashboard", "demo"],
        capture_output=True,
        text=True,
        env={**os.environ, "DATABASE_URL": url},
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    assert "demo-only accounts" in result.stdout
    with Session(engine) as session:
        accounts = {summary.username: summary.roles for summary in users.list_users(session)}
    assert accounts == {username: (role,) for username, role, _password in DEMO_ACCOUNTS}
    # Every demo account signs in with the password the README gives.
    with db.session_scope(engine) as session:
        for username, role, password in DEMO_ACCOUNTS:
            result_ = authenticate(session, username=username, password=password, now=utcnow())
            assert result_.actor is not None and result_.actor.roles == {role}


def test_unlock_lets_a_waiting_device_sign_in_again(
    engine: Engine, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    with db.session_scope(engine) as session:
        users.create_user(session, username="ana", roles=["staff"], password="a long enough password", by="t",
                          now=utcnow())
    for _ in range(5):
        with db.session_scope(engine) as session:
            authenticate(session, username="ana", password="wrong password", now=utcnow(), client="192.0.2.5")
    capsys.readouterr()
    assert _cli(monkeypatch, "user", "list") == 0
    assert "1 device(s) waiting until" in capsys.readouterr().out
    assert _cli(monkeypatch, "user", "unlock", "ana") == 0
    with db.session_scope(engine) as session:
        result = authenticate(session, username="ana", password="a long enough password", now=utcnow(),
                              client="192.0.2.5")
    assert result.ok
