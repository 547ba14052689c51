"""Fixtures on a real database: SQLite files, or PostgreSQL when ``TEST_DATABASE=postgresql``.

Each test gets its own database, copied from a template migrated once per run (a file copy for SQLite,
``CREATE DATABASE ... TEMPLATE`` for PostgreSQL), so tests can commit freely and stay independent.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import Engine, make_url

from dashboard.core import db, settings

DEMO_TODAY = dt.date(2026, 11, 22)
POSTGRES_URL = os.environ.get("TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
BACKEND = os.environ.get("TEST_DATABASE", "sqlite")


def postgres_available() -> str | None:
    """None when the server answers, else the reason it does not."""
    try:
        engine = create_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT", connect_args={"connect_timeout": 3})
        with engine.connect() as connection:
            connection.execute(text("select 1"))
        engine.dispose()
        return None
    except Exception as error:
        return f"PostgreSQL not reachable at {POSTGRES_URL}: {error.__class__.__name__}"


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if BACKEND != "postgresql":
        return
    reason = postgres_available()
    if reason is None:
        return
    if os.environ.get("CI"):
        raise pytest.UsageError(f"CI must run the PostgreSQL tests: {reason}")
    for item in items:
        item.add_marker(pytest.mark.skip(reason=reason))


def _admin_engine() -> Engine:
    return create_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT")


def _pg_url(name: str) -> str:
    return make_url(POSTGRES_URL).set(database=name).render_as_string(hide_password=False)


class DatabaseFactory:
    """Makes fresh databases from templates: 'empty' (migrated) and 'demo' (demo portfolio loaded)."""

    def __init__(self, workdir: Path, worker: str) -> None:
        self.workdir = workdir
        self.prefix = f"dash_{worker}_{os.getpid()}"
        self.templates: dict[str, str] = {}
        self.created: list[str] = []

    def _template(self, kind: str) -> str:
        if kind in self.templates:
            return self.templates[kind]
        if BACKEND == "postgresql":
            name = f"{self.prefix}_tpl_{kind}"
            with _admin_engine().connect() as connection:
                connection.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
                connection.execute(text(f'CREATE DATABASE "{name}"'))
            url = _pg_url(name)
        else:
            name = str(self.workdir / f"template_{kind}.db")
            url = f"sqlite:///{name}"
        engine = db.get_engine(url)
        db.upgrade(engine)
        if kind == "demo":
            from dashboard.seed.demo import load_demo

            with db.session_scope(engine) as session:
                load_demo(session, today=DEMO_TODAY)
        engine.dispose()
        db.get_engine.cache_clear()
        self.templates[kind] = name
        return name

    def new(self, kind: str = "empty") -> str:
        template = self._template(kind)
        if BACKEND == "postgresql":
            name = f"{self.prefix}_{uuid.uuid4().hex[:10]}"
            with _admin_engine().connect() as connection:
                connection.execute(text(f'CREATE DATABASE "{name}" TEMPLATE "{template}"'))
            self.created.append(name)
            return _pg_url(name)
        path = self.workdir / f"{uuid.uuid4().hex[:10]}.db"
        shutil.copyfile(template, path)
        return f"sqlite:///{path}"

    def drop_all(self) -> None:
        if BACKEND != "postgresql":
            return
        with _admin_engine().connect() as connection:
            for name in [*self.created, *self.templates.values()]:
                connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


@pytest.fixture(scope="session")
def database_factory(tmp_path_factory: pytest.TempPathFactory, worker_id: str) -> Iterator[DatabaseFactory]:
    factory = DatabaseFactory(tmp_path_factory.mktemp("databases"), worker_id)
    yield factory
    db.get_engine.cache_clear()
    factory.drop_all()


def _engine_for(url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[Engine]:
    # The environment for child processes (a streamlit server, the command line run as a program); this process's
    # settings, read once, are handed the database directly.
    monkeypatch.setenv("DATABASE_URL", url)
    settings.use(settings.load_settings())
    db.get_engine.cache_clear()
    engine = db.get_engine(url)
    yield engine
    engine.dispose()
    db.get_engine.cache_clear()
    settings.use(None)


@pytest.fixture
def engine(database_factory: DatabaseFactory, monkeypatch: pytest.MonkeyPatch) -> Iterator[Engine]:
    """A migrated, empty database; also set as DATABASE_URL for code that reads the environment."""
    yield from _engine_for(database_factory.new("empty"), monkeypatch)


@pytest.fixture
def demo_engine(database_factory: DatabaseFactory, monkeypatch: pytest.MonkeyPatch) -> Iterator[Engine]:
    """A database holding the demo portfolio (loaded as of DEMO_TODAY); also set as DATABASE_URL."""
    yield from _engine_for(database_factory.new("demo"), monkeypatch)
