"""Engine, sessions, migrations and the data revision that keys every page cache."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path

from sqlalchemy import event, update
from sqlalchemy.engine import Engine
from sqlmodel import Session, create_engine, select

from dashboard.core import values_to_date  # noqa: F401  (registers the hook that keeps values to date current)
from dashboard.core.models import DataRevision, utcnow
from dashboard.core.settings import PROJECT_ROOT as PROJECT_ROOT  # the project's folder, named here for callers
from dashboard.core.settings import get_settings

MIGRATIONS_DIR = Path(__file__).resolve().parents[1] / "migrations"


def database_url() -> str:
    """The configured database (``core.settings``: ``DATABASE_URL`` or the SQLite file ``data/portfolio.db``)."""
    return get_settings().database_url


def _configure_sqlite(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    # WAL lets readers go on during an import; the busy timeout makes concurrent writers wait, not fail.
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


@lru_cache(maxsize=8)
def get_engine(url: str | None = None) -> Engine:
    """One engine per URL per process (engines hold the connection pool)."""
    url = url or database_url()
    if url.startswith("sqlite"):
        path = url.split("///", 1)[-1]
        if path and path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30})
        event.listen(engine, "connect", _configure_sqlite)
    else:
        # JIT compilation costs seconds on each large aggregation (its cost estimate crosses jit_above_cost)
        # and pays back only on long analytic scans; page queries are better off without it.
        connect_args = {"options": "-c jit=off"} if url.startswith("postgresql") else {}
        engine = create_engine(url, pool_pre_ping=True, connect_args=connect_args)
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


def data_revision(engine: Engine | None = None) -> int:
    """The current data revision; cheap enough to call on every rerun."""
    with Session(engine or get_engine()) as session:
        return current_revision(session)
