"""No route around the Upload page: the import pipeline itself refuses whoever may not import or undo."""

from __future__ import annotations

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session, func, select

from dashboard.core import db
from dashboard.core.models import ImportBatch, Organisation
from dashboard.core.permissions import Actor, PermissionDeniedError
from dashboard.importing.undo import import_history, undo

pipeline = pytest.importorskip("dashboard.importing.pipeline")

PARTNERS_CSV = b"name,type,country,status,new_partner\r\nTest Partner Alpha,ngo,FJI,active,yes\r\n"
OFFICER = Actor.of("officer", ["staff"])
OTHER_OFFICER = Actor.of("colleague", ["staff"])
ADMIN = Actor.of("root", ["admin"])
NOT_STAFF = {
    "leadership": Actor.of("leader", ["leadership"]),
    "reference_group": Actor.of("member", ["reference_group"]),
    "leadership+reference_group": Actor.of("both", ["leadership", "reference_group"]),
    "no role": Actor.of("ghost", []),
    "signed out": None,
}


def _counts(engine: Engine) -> tuple[int, int]:
    with Session(engine) as session:
        batches = session.exec(select(func.count()).select_from(ImportBatch)).one()
        partners = session.exec(select(func.count()).select_from(Organisation)).one()
    return batches, partners


def _commit(engine: Engine, actor: Actor | None) -> object:
    with db.session_scope(engine) as session:
        return pipeline.commit(session, kind="partners", file_name="partners.csv", data=PARTNERS_CSV, actor=actor)


@pytest.mark.parametrize("who", sorted(NOT_STAFF))
def test_a_non_staff_actor_cannot_preview_import_or_list_imports(engine: Engine, who: str) -> None:
    actor = NOT_STAFF[who]
    with db.session_scope(engine) as session, pytest.raises(PermissionDeniedError, match="may not upload"):
        pipeline.preview(session, kind="partners", file_name="partners.csv", data=PARTNERS_CSV, actor=actor)
    with pytest.raises(PermissionDeniedError, match="may not upload"):
        _commit(engine, actor)
    with db.session_scope(engine) as session, pytest.raises(PermissionDeniedError):
        import_history(session, actor=actor)
    assert _counts(engine) == (0, 0)


@pytest.mark.parametrize("who", sorted(NOT_STAFF))
def test_a_non_staff_actor_cannot_undo_a_batch(engine: Engine, who: str) -> None:
    preview = _commit(engine, OFFICER)
    assert _counts(engine) == (1, 1)
    with Session(engine) as session, pytest.raises(PermissionDeniedError):
        undo(session, batch_id=preview.batch_id, actor=NOT_STAFF[who])  # type: ignore[attr-defined]
    assert _counts(engine) == (1, 1)
    with Session(engine) as session:
        assert session.exec(select(ImportBatch.status)).one() == "committed"


def test_staff_undo_their_own_batches_only_and_admin_any(engine: Engine) -> None:
    preview = _commit(engine, OFFICER)
    batch_id = preview.batch_id  # type: ignore[attr-defined]
    with Session(engine) as session, pytest.raises(PermissionDeniedError):
        undo(session, batch_id=batch_id, actor=OTHER_OFFICER)
    with Session(engine) as session:
        history = import_history(session, actor=OTHER_OFFICER)
        assert [entry.id for entry in history] == [batch_id]
        assert not history[0].can_undo
    with Session(engine) as session:
        undo(session, batch_id=batch_id, actor=ADMIN)
    assert _counts(engine) == (1, 0)
    with Session(engine) as session:
        assert session.exec(select(ImportBatch.undone_by)).one() == "root"
