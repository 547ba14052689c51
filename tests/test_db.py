"""Schema and migrations on the configured backend (SQLite, or PostgreSQL with TEST_DATABASE=postgresql)."""

import datetime as dt

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, SQLModel, select

from dashboard.core import db, settings
from dashboard.core.models import DataRevision, Organisation, Project, ProjectRole


def test_migrations_match_the_models(engine) -> None:
    with engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), SQLModel.metadata)
    assert differences == []


def test_upgrade_is_idempotent_and_downgrade_drops_everything(engine) -> None:
    db.upgrade(engine)
    tables = set(inspect(engine).get_table_names())
    assert {"organisation", "project", "budget_line", "spending", "indicator_value", "audit_event"} <= tables
    db.downgrade(engine, "base")
    assert set(inspect(engine).get_table_names()) <= {"alembic_version"}
    db.upgrade(engine)
    assert "project" in inspect(engine).get_table_names()


def test_foreign_keys_are_enforced(engine) -> None:
    with pytest.raises(IntegrityError), Session(engine) as session:
        session.add(ProjectRole(project_id=999, organisation_id=999, role="funding"))
        session.commit()


def test_deleting_a_project_cascades_to_its_roles(engine) -> None:
    with db.session_scope(engine) as session:
        organisation = Organisation(name="Agence française de développement", name_key="afd", type="bilateral_agency")
        project = Project(code="P-1", title="Test", planned_start=dt.date(2024, 1, 1))
        session.add_all([organisation, project])
        session.flush()
        session.add(ProjectRole(project_id=project.id, organisation_id=organisation.id, role="funding"))
    with db.session_scope(engine) as session:
        session.delete(session.exec(select(Project)).one())
    with Session(engine) as session:
        assert session.exec(select(ProjectRole)).all() == []


def test_session_scope_rolls_back_everything_on_error(engine) -> None:
    with pytest.raises(RuntimeError), db.session_scope(engine) as session:
        session.add(Project(code="P-2", title="half-written"))
        session.flush()
        raise RuntimeError("failure in the middle")
    with Session(engine) as session:
        assert session.exec(select(Project)).all() == []


def test_data_revision_counts_writes(engine) -> None:
    assert db.data_revision(engine) == 0
    with db.session_scope(engine) as session:
        assert db.bump_revision(session) == 1
    with db.session_scope(engine) as session:
        assert db.bump_revision(session) == 2
    assert db.data_revision(engine) == 2
    with Session(engine) as session:
        assert session.get(DataRevision, 1).revision == 2


def test_database_url_from_environment(monkeypatch) -> None:
    monkeypatch.setenv("DATABASE_URL", "postgres://u@h:5432/x")
    settings.use(None)  # read again from the environment
    assert db.database_url() == "postgresql+psycopg://u@h:5432/x"
    monkeypatch.delenv("DATABASE_URL")
    settings.use(None)
    assert db.database_url().endswith("data/portfolio.db")
