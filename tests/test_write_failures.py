"""Issue 16 item 7: honest error messages. A database held by a long write, a full disk and a clash with another
writer each say what happened and what to do (they all said "Someone else changed the same records"), and
nothing is written; a sign-in during a long write says the database is busy instead of the generic error
box. The failures are the databases' own: a write lock held by another connection, SQLite's page limit and
PostgreSQL's disk_full state raised by the server, a real unique-key violation. SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import Engine
from sqlmodel import Session

from dashboard.accounts import users
from dashboard.core import db
from dashboard.core.i18n import t
from dashboard.core.models import BudgetLine, Organisation, Project, utcnow
from dashboard.core.permissions import Actor
from dashboard.core.text import fold
from dashboard.importing import pipeline
from dashboard.importing.writer import Writer
from tests.import_helpers import dump

STAFF = Actor.of("staff-member", ["staff"])
FUNDER = "Agence française de développement"
ROOT = Path(__file__).resolve().parents[1]
PASSWORD = "a long enough password"


def _seed(engine: Engine) -> None:
    with db.session_scope(engine) as session:
        session.add(Organisation(name=FUNDER, name_key=fold(FUNDER), type="bilateral_agency"))
        project = Project(code="FAIL-A", title="Projet FAIL-A")
        session.add(project)
        session.flush()
        session.add(BudgetLine(project_id=project.id, amount=1.0, category="Stored", period_start=dt.date(2026, 1, 1),
                               period_end=dt.date(2026, 12, 31)))
        db.bump_revision(session)


def _csv(rows: int = 300) -> bytes:
    lines = ["code_projet;financeur;debut_periode;fin_periode;categorie;montant;devise;type_budget;statut"]
    lines += [f"FAIL-A;{FUNDER};01/01/2026;31/12/2026;Ligne {index};{100 + index};EUR;original;engagé"
              for index in range(rows)]
    return ("\r\n".join(lines) + "\r\n").encode()


def _commit(engine: Engine) -> pipeline.Preview:
    with Session(engine) as session:
        return pipeline.commit(session, kind="budgets", file_name="budgets.csv", data=_csv(), actor=STAFF)


@contextmanager
def _long_write(engine: Engine) -> Iterator[None]:
    """Another connection in the middle of a long write: SQLite's write lock; on PostgreSQL the rows every
    writer and every sign-in update (the data revision, the accounts)."""
    if engine.dialect.name == "sqlite":
        holder = sqlite3.connect(str(engine.url.database), isolation_level=None)
        holder.execute("BEGIN IMMEDIATE")
        try:
            yield
        finally:
            holder.execute("ROLLBACK")
            holder.close()
        return
    other = create_engine(engine.url)
    with other.connect() as connection:
        connection.execute(text("UPDATE data_revision SET revision = revision WHERE id = 1"))
        connection.execute(text("SELECT id FROM app_user FOR UPDATE"))
        try:
            yield
        finally:
            connection.rollback()
    other.dispose()


@pytest.fixture
def short_waits(engine: Engine, monkeypatch: pytest.MonkeyPatch) -> Engine:
    monkeypatch.setattr(db, "WRITE_LOCK_TIMEOUT_S", 0.5)
    engine.dispose()  # connections opened from now on wait half a second
    return engine


def _only_problem(result: pipeline.Preview) -> str:
    assert not result.committed
    assert len(result.problems) == 1
    return result.problems[0].key


def test_an_upload_while_another_write_holds_the_database_says_it_is_busy(short_waits: Engine) -> None:
    _seed(short_waits)
    before = dump(short_waits)
    with _long_write(short_waits):
        result = _commit(short_waits)
    assert _only_problem(result) == "import.error.database_busy"
    assert "busy" in result.problems[0].message("en") and "Wait a minute" in result.problems[0].fix("en")
    assert "occupée" in result.problems[0].message("fr")
    assert dump(short_waits) == before
    assert _commit(short_waits).committed  # once the other write is over, the same file goes in


def _fill_the_disk(monkeypatch: pytest.MonkeyPatch) -> None:
    """The database's disk fills up as the rows are written: SQLite may grow by no page; PostgreSQL's server
    raises its own disk_full state (SQLSTATE 53100) inside the transaction."""
    original = Writer.flush

    def flush(self: Writer) -> None:
        if self.connection.dialect.name == "sqlite":
            pages = self.connection.exec_driver_sql("PRAGMA page_count").scalar_one()
            self.connection.exec_driver_sql(f"PRAGMA max_page_count = {pages}")
        else:
            self.connection.execute(text(
                "DO $$ BEGIN RAISE EXCEPTION 'could not extend file: No space left on device' "
                "USING ERRCODE = 'disk_full'; END $$"))
        original(self)

    monkeypatch.setattr(Writer, "flush", flush)


def test_an_upload_onto_a_full_disk_says_the_disk_is_full(engine: Engine, monkeypatch: pytest.MonkeyPatch) -> None:
    _seed(engine)
    before = dump(engine)
    _fill_the_disk(monkeypatch)
    result = _commit(engine)
    assert _only_problem(result) == "import.error.database_full"
    assert "disk" in result.problems[0].message("en") and "free space" in result.problems[0].fix("en")
    engine.dispose()
    assert dump(engine) == before


def test_a_clash_at_every_attempt_says_another_writer_stored_the_same_records(
        engine: Engine, monkeypatch: pytest.MonkeyPatch) -> None:
    """Another writer (one that takes no lock) stores one of the file's keys just before each write: a real
    unique-key violation; the upload tries again from the start, then says what happened."""
    _seed(engine)
    before = dump(engine)
    original = Writer.flush
    attempts: list[int] = []

    def flush(self: Writer) -> None:
        attempts.append(1)
        self.connection.execute(text(
            "INSERT INTO budget_line (project_id, funder_id, period_start, period_end, category, amount, "
            "budget_type, status, is_illustrative, source) SELECT project_id, funder_id, period_start, period_end, "
            "category, amount, budget_type, status, is_illustrative, source FROM budget_line "
            "WHERE category = 'Stored'"))
        original(self)

    monkeypatch.setattr(Writer, "flush", flush)
    result = _commit(engine)
    assert _only_problem(result) == "import.error.concurrent_change"
    assert len(attempts) == pipeline.COMMIT_ATTEMPTS
    assert "same moment" in result.problems[0].message("en")
    assert dump(engine) == before


def test_the_three_failures_are_three_messages() -> None:
    keys = {pipeline.WRITE_FAILURE_KEYS[failure] for failure in db.WriteFailure}
    assert len(keys) == len(db.WriteFailure)
    texts = {t("import." + key, "en") for key in keys}
    assert len(texts) == len(keys)


# Sign-in during a long write (Streamlit AppTest, the real sign-in form)


@pytest.fixture
def served_like_production(monkeypatch: pytest.MonkeyPatch) -> None:
    from streamlit.runtime.pages_manager import PagesManager  # deferred: only the AppTest below needs it

    original = PagesManager.__init__

    def init(self: PagesManager, *args: Any, **kwargs: Any) -> None:
        original(self, *args, **kwargs)
        PagesManager.uses_pages_directory = False

    monkeypatch.setattr(PagesManager, "__init__", init)


def test_a_sign_in_during_a_long_write_says_the_database_is_busy(short_waits: Engine,
                                                                 served_like_production: None) -> None:
    """The sign-in route (web.server) sends the browser back with ``signin=busy``, and the page says so in words,
    instead of a server error page; once the write is over the same sign-in goes through."""
    from streamlit.testing.v1 import AppTest  # deferred: only this test runs the app

    from tests.asgi_helpers import post_sign_in  # deferred: only these tests call the web routes

    with db.session_scope(short_waits) as session:
        users.create_user(session, username="ana", roles=("staff",), password=PASSWORD, by="test", now=utcnow())
        db.bump_revision(session)
    with _long_write(short_waits):
        answer = post_sign_in("ana", PASSWORD, next_path="/budgets")
    assert (answer.status, answer.header("location"), answer.cookies) == (303, "/budgets?signin=busy", {})
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.query_params["signin"] = "busy"
    at.run()
    assert not at.exception, [item.value for item in at.exception]
    assert [item.value for item in at.error] == [t("auth.database_busy", "en")]
    answer = post_sign_in("ana", PASSWORD, next_path="/budgets")
    assert answer.status == 303 and answer.header("location") == "/budgets" and answer.cookies


def test_a_sign_in_during_the_check_of_a_large_upload_does_not_wait(engine: Engine,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """Issue 16 item 2: the rows are checked before the write transaction opens, so a sign-in made while a large
    file is checked goes through at once (it waited for the whole check, then failed after the busy timeout)."""
    from dashboard.accounts.sign_in import authenticate  # deferred: only this test signs in

    _seed(engine)
    with db.session_scope(engine) as session:
        users.create_user(session, username="ana", roles=("staff",), password=PASSWORD, by="test", now=utcnow())
    # The sign-in's own connection gives up after 1 s on SQLite (lock_timeout 1 s on PostgreSQL).
    other = create_engine(engine.url, connect_args={"timeout": 1} if engine.dialect.name == "sqlite"
                          else {"options": "-c lock_timeout=1000"})
    original = pipeline._chunk
    chunks: list[int] = []
    signed_in: list[tuple[bool, float]] = []

    def chunk(*args: Any, **kwargs: Any) -> Any:
        value = original(*args, **kwargs)
        chunks.append(1)
        if len(chunks) == 5:  # in the middle of the file
            started = time.perf_counter()
            with db.session_scope(other) as session:
                result = authenticate(session, username="ana", password=PASSWORD, now=utcnow())
            signed_in.append((result.ok, time.perf_counter() - started))
        return value

    monkeypatch.setattr(pipeline, "_chunk", chunk)
    with Session(engine) as session:
        result = pipeline.commit(session, kind="budgets", file_name="budgets.csv", data=_csv(30_000), actor=STAFF)
    other.dispose()
    assert result.committed, [item.line() for item in result.problems]
    assert len(signed_in) == 1 and signed_in[0][0]  # on SQLite, a wait beyond 1 s would have failed it


def test_a_form_saved_while_another_write_holds_the_database_says_it_is_busy(short_waits: Engine) -> None:
    """The one-record forms write through the same lock: busy is said as busy, not as "the record changed"."""
    from dashboard.importing import edits  # deferred: only this test saves a form

    _seed(short_waits)
    before = dump(short_waits)
    values = {"code": "FORM-1", "title": "Projet du formulaire"}
    with _long_write(short_waits), Session(short_waits) as session:
        result = edits.save(session, kind="projects", values=values, reason="Added in a test", actor=STAFF)
    assert result.status == edits.EditStatus.invalid
    assert [item.key for item in result.problems] == ["import.error.database_busy"]
    assert dump(short_waits) == before
    with Session(short_waits) as session:
        saved = edits.save(session, kind="projects", values=values, reason="Added in a test", actor=STAFF)
    assert saved.status == edits.EditStatus.saved
