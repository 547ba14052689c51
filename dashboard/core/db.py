"""Engine, sessions, migrations and the data revision that keys every page cache."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from enum import StrEnum
from functools import lru_cache
from pathlib import Path

from sqlalchemy import event, insert, text, update
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlmodel import Session, create_engine, select

from dashboard.core import values_to_date  # noqa: F401  (registers the hook that keeps values to date current)
from dashboard.core.models import DataRevision, utcnow
from dashboard.core.orm import table_of
from dashboard.core.settings import PROJECT_ROOT as PROJECT_ROOT  # the project's folder, named here for callers
from dashboard.core.settings import get_settings

MIGRATIONS_DIR = Path(__file__).resolve().parents[1] / "migrations"
# How long a writer waits for another writer before giving up with "the database is busy" (``write_failure``):
# SQLite's busy timeout, PostgreSQL's lock_timeout; read when a connection opens.
WRITE_LOCK_TIMEOUT_S: float = 30


def database_url() -> str:
    """The configured database (``core.settings``: ``DATABASE_URL`` or the SQLite file ``data/portfolio.db``)."""
    return get_settings().database_url


def _configure_sqlite(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    # WAL lets readers go on during an import; the busy timeout makes concurrent writers wait, not fail.
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute(f"PRAGMA busy_timeout={int(WRITE_LOCK_TIMEOUT_S * 1000)}")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def _configure_postgresql(dbapi_connection, _record) -> None:
    # A writer waits for another's lock as long as SQLite's busy timeout, then fails with "lock not
    # available", which people read as "the database is busy" (``write_failure``), instead of waiting forever.
    cursor = dbapi_connection.cursor()
    cursor.execute(f"SET lock_timeout = {int(WRITE_LOCK_TIMEOUT_S * 1000)}")
    cursor.close()
    dbapi_connection.commit()


@lru_cache(maxsize=8)
def get_engine(url: str | None = None) -> Engine:
    """One engine per URL per process (engines hold the connection pool)."""
    url = url or database_url()
    if url.startswith("sqlite"):
        path = url.split("///", 1)[-1]
        if path and path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": WRITE_LOCK_TIMEOUT_S})
        event.listen(engine, "connect", _configure_sqlite)
    else:
        # JIT compilation costs seconds on each large aggregation (its cost estimate crosses jit_above_cost)
        # and pays back only on long analytic scans; page queries are better off without it.
        connect_args = {"options": "-c jit=off"} if url.startswith("postgresql") else {}
        engine = create_engine(url, pool_pre_ping=True, connect_args=connect_args)
        if url.startswith("postgresql"):
            event.listen(engine, "connect", _configure_postgresql)
    return engine


@contextmanager
def session_scope(engine: Engine | None = None) -> Iterator[Session]:
    """A session committed at the end of the block, rolled back on any error (all or nothing)."""
    with Session(engine or get_engine(), expire_on_commit=False) as session:
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise


def alembic_config(engine: Engine):
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.set_main_option("sqlalchemy.url", engine.url.render_as_string(hide_password=False))
    return config


def upgrade(engine: Engine | None = None, revision: str = "head") -> None:
    """Apply the Alembic migrations up to ``revision`` (run on every start; a no-op when up to date)."""
    from alembic import command

    engine = engine or get_engine()
    config = alembic_config(engine)
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, revision)


def downgrade(engine: Engine, revision: str) -> None:
    from alembic import command

    config = alembic_config(engine)
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, revision)


def current_revision(session: Session) -> int:
    row = session.get(DataRevision, 1)
    return row.revision if row else 0


def bump_revision(session: Session) -> int:
    """Mark the data as changed, inside the caller's transaction (so readers see data and revision together)."""
    result = session.exec(
        update(DataRevision)
        .where(DataRevision.id == 1)
        .values(revision=DataRevision.revision + 1, updated_at=utcnow())
    )
    if result.rowcount == 0:
        session.add(DataRevision(id=1, revision=1))
        session.flush()
        return 1
    session.flush()
    return session.exec(select(DataRevision.revision).where(DataRevision.id == 1)).one()


def lock_writes(connection: Connection) -> None:
    """Serialise this transaction with every other writer before it reads what it will write: an update of the
    data revision row that changes nothing. SQLite takes its database write lock on it (waiting out the busy
    timeout); PostgreSQL locks that row, which every writer updates (``bump_revision``), waiting at most
    ``WRITE_LOCK_TIMEOUT_S``. Readers never wait. A first write on an empty database creates the row."""
    timeout = int(WRITE_LOCK_TIMEOUT_S * 1000)
    if connection.dialect.name == "postgresql":
        connection.execute(text(f"SET LOCAL lock_timeout = {timeout}"))
    elif connection.dialect.name == "sqlite":
        connection.exec_driver_sql(f"PRAGMA busy_timeout = {timeout}")
    locked = connection.execute(update(DataRevision).where(DataRevision.id == 1)
                                .values(revision=DataRevision.revision))
    if locked.rowcount == 0:
        connection.execute(insert(table_of(DataRevision)).values(id=1, revision=0, updated_at=utcnow()))


class WriteFailure(StrEnum):
    """Why the database refused a write, in the terms people need to act on it."""

    busy = "busy"  # another writer held the lock longer than the timeout
    full = "full"  # no space left for the database
    clash = "clash"  # another writer stored one of the same records (a unique key) at the same moment
    other = "other"  # anything else: said as such, never as one of the above


# SQLSTATEs (PostgreSQL) and SQLite messages of each failure.
_PG_STATES = {"55P03": WriteFailure.busy, "40P01": WriteFailure.busy, "57014": WriteFailure.busy,
              "53100": WriteFailure.full, "23505": WriteFailure.clash, "40001": WriteFailure.clash}
_SQLITE_TEXTS = (("database is locked", WriteFailure.busy), ("database table is locked", WriteFailure.busy),
                 ("database or disk is full", WriteFailure.full), ("disk is full", WriteFailure.full),
                 ("unique constraint failed", WriteFailure.clash))


def write_failure(error: BaseException) -> WriteFailure:
    """What a database error raised by a write means (``WriteFailure``); ``other`` when it is none of them."""
    original = getattr(error, "orig", error) if isinstance(error, DBAPIError) else error
    state = getattr(original, "sqlstate", None) or getattr(original, "pgcode", None)
    if state in _PG_STATES:
        return _PG_STATES[state]
    if isinstance(error, OSError) and error.errno == 28:  # ENOSPC: a file written beside the database
        return WriteFailure.full
    message = str(original).lower()
    for fragment, failure in _SQLITE_TEXTS:
        if fragment in message:
            return failure
    if isinstance(error, IntegrityError):
        return WriteFailure.other  # a foreign key or a check: not a clash with another writer
    return WriteFailure.other


def data_revision(engine: Engine | None = None) -> int:
    """The current data revision; cheap enough to call on every rerun."""
    with Session(engine or get_engine()) as session:
        return current_revision(session)
