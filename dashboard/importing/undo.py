"""History and undo of uploads: ``undo`` restores what a batch changed, exactly, unless a later change touched
the same records.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import bindparam, func, or_, select, update
from sqlalchemy.engine import Connection, Row
from sqlmodel import Session, SQLModel

from dashboard.core import db, values_to_date
from dashboard.core.errors import TranslatableError
from dashboard.core.i18n import t
from dashboard.core.models import (
    AuditEvent,
    BudgetLine,
    ImportBatch,
    Indicator,
    IndicatorValue,
    PartnershipReview,
    ProjectLocation,
    ProjectRole,
    Spending,
    utcnow,
)
from dashboard.core.permissions import Actor, Capability, PermissionDeniedError, can_undo_batch, require
from dashboard.importing import records
from dashboard.importing.preview import ORIGIN_UPLOAD, STATUS_COMMITTED, STATUS_UNDONE
from dashboard.importing.records import STORES, Lookups, Store, table_of
from dashboard.importing.schemas import KINDS
from dashboard.importing.sync import STANDARD_KINDS, StandardUndoRefusedError, undo_batch
from dashboard.importing.writer import REVIEW_DATES_ACTION, indicators_touched, insert_audit, restore_review_dates


class UndoRefusedError(TranslatableError):
    """An undo that cannot be done; ``key``/``values`` give the message."""



# ---------------------------------------------------------------------------------------------------------
# History and undo
# ---------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class BatchSummary:
    id: int
    kind: str
    file_name: str
    checksum: str
    user: str
    created_at: dt.datetime
    created: int
    updated: int
    unchanged: int
    rejected: int
    status: str
    undone_at: dt.datetime | None
    undone_by: str | None
    can_undo: bool
    origin: str = ORIGIN_UPLOAD  # "upload" (a file) or "form" (one record, dashboard.importing.edits)
    reason: str | None = None  # a form's reason


def import_history(session: Session, *, actor: Actor | None, limit: int = 100) -> list[BatchSummary]:
    """The latest import batches, newest first, with whether ``actor`` may undo each."""
    require(actor, Capability.upload)
    batch = table_of(ImportBatch)
    rows = session.connection().execute(select(batch).order_by(batch.c.id.desc()).limit(limit)).mappings().all()
    session.rollback()
    return [
        BatchSummary(row["id"], row["kind"], row["file_name"], row["checksum"], row["user"], row["created_at"],
                     row["created_count"], row["updated_count"], row["unchanged_count"], row["rejected_count"],
                     row["status"], row["undone_at"], row["undone_by"],
                     row["status"] == STATUS_COMMITTED and can_undo_batch(actor, row["user"]), row["origin"],
                     row["reason"])
        for row in rows
    ]


@dataclass(frozen=True)
class UndoResult:
    batch_id: int
    deleted: int
    restored: int


# Rows elsewhere that point at a record an undo would delete.
DEPENDENTS: dict[str, tuple[tuple[type, str], ...]] = {
    "organisation": ((ProjectRole, "organisation_id"), (BudgetLine, "funder_id"), (Spending, "funder_id"),
                     (PartnershipReview, "organisation_id")),
    "project": ((ProjectRole, "project_id"), (BudgetLine, "project_id"), (Spending, "project_id"),
                (Indicator, "project_id"), (ProjectLocation, "project_id")),
    "indicator": ((IndicatorValue, "indicator_id"),),
}
# Columns not compared when checking that a record is still as the batch left it (timestamps round-trip
# through SQLite without their time zone).
# Timestamps, and the figures derived from the values (refreshed after every write), are not the data a later
# batch could have changed.
NOT_COMPARED = {"updated_at", "created_at", *values_to_date.DERIVED_COLUMNS}


def undo(session: Session, *, batch_id: int, actor: Actor | None) -> UndoResult:
    """Restore what batch ``batch_id`` changed; raises UndoRefusedError (nothing changed) when it cannot.

    Owns the session's transaction like ``commit``.
    """
    try:
        result = _undo(session, batch_id, actor)
        session.commit()
        return result
    except BaseException:
        session.rollback()
        raise


def _undo(session: Session, batch_id: int, actor: Actor | None) -> UndoResult:
    connection = session.connection()
    batch_table = table_of(ImportBatch)
    audit = table_of(AuditEvent)
    batch = connection.execute(select(batch_table).where(batch_table.c.id == batch_id)).mappings().first()
    if batch is not None and batch["kind"] in STANDARD_KINDS:
        try:
            deleted, restored = undo_batch(session, batch_id, actor, SQLModel.metadata.tables)
        except StandardUndoRefusedError as error:
            raise UndoRefusedError(error.key, **error.values) from None
        return UndoResult(batch_id, deleted=deleted, restored=restored)
    if batch is None:
        raise UndoRefusedError("import.undo.not_found", batch=batch_id)
    if not can_undo_batch(actor, batch["user"]):
        raise PermissionDeniedError(actor or Actor.of("anonymous", []), Capability.undo_own_batch)
    if batch["status"] != STATUS_COMMITTED:
        raise UndoRefusedError("import.undo.already_undone", batch=batch_id)
    events = connection.execute(
        select(audit.c.id, audit.c.action, audit.c.table_name, audit.c.record_id, audit.c.before, audit.c.after)
        .where(audit.c.batch_id == batch_id).order_by(audit.c.id)
    ).all()
    if not events:
        raise UndoRefusedError("import.undo.nothing", batch=batch_id)
    last_event = events[-1].id
    indicators_to_refresh = indicators_touched(connection, batch_id)
    by_table: dict[str, list[Row]] = {}
    for event in events:
        by_table.setdefault(event.table_name, []).append(event)
    # Children before parents (budget lines before the project a workbook created with them).
    order = [STORES[kind] for kind in reversed(KINDS) if STORES[kind].table.name in by_table]
    lookups = records.load_lookups(connection)
    for store in order:
        table_events = by_table[store.table.name]
        ids = [event.record_id for event in table_events]
        _refuse_if_changed_later(connection, batch_id, store, ids, last_event)
        current = records.load_rows(connection, store, ids)
        for event in table_events:
            row = current.get(event.record_id)
            if row is None or not _same(store, lookups, row, json.loads(event.after)):
                raise UndoRefusedError("import.undo.changed_since", batch=batch_id, record=event.record_id)
    now = utcnow()
    user = actor.username if actor else "anonymous"
    undo_events: list[dict[str, Any]] = []
    deleted = restored = 0
    for store in order:
        table_events = by_table[store.table.name]
        created = [event.record_id for event in table_events if event.action == "create"]
        _refuse_if_depended_on(connection, store, created, batch_id)
        for part in records.chunks(created):
            for link in store.links:
                connection.execute(link.table.delete().where(link.table.c[link.owner].in_(part)))
            connection.execute(store.table.delete().where(store.table.c.id.in_(part)))
        restored_rows: list[dict[str, Any]] = []
        link_changes: list[tuple[int, str, Any]] = []
        for event in table_events:
            if event.action == "create":
                undo_events.append(_undo_event(batch_id, now, user, store, event.record_id, event.after, None))
                continue
            before = json.loads(event.before)
            row = records.restore_row(store, before["row"])
            restored_rows.append({f"_{name}": value for name, value in row.items()})
            link_changes.extend((event.record_id, name, value) for name, value in before.get("links", {}).items())
            undo_events.append(_undo_event(batch_id, now, user, store, event.record_id, event.after, event.before))
        if restored_rows:
            columns = [name for name in store.column_names if name != "id"]
            statement = update(store.table).where(store.table.c.id == bindparam("_id")).values(
                {name: bindparam(f"_{name}") for name in columns})
            connection.execute(statement, restored_rows)
        if link_changes:
            records.replace_links(connection, store, lookups, link_changes)
        deleted += len(created)
        restored += len(restored_rows)
    insert_audit(connection, undo_events)
    connection.execute(update(batch_table).where(batch_table.c.id == batch_id).values(
        status=STATUS_UNDONE, undone_at=now, undone_by=user))
    restore_review_dates(session, [event for event in events if event.action == REVIEW_DATES_ACTION])
    values_to_date.refresh_values_to_date(connection, indicators_to_refresh)
    db.bump_revision(session)
    return UndoResult(batch_id, deleted=deleted, restored=restored)


def _undo_event(batch_id: int, now: dt.datetime, user: str, store: Store, record_id: int, before: str | None,
                after: str | None) -> dict[str, Any]:
    return {"batch_id": None, "at": now, "user": user, "action": "undo_" + ("create" if after is None else "update"),
            "table_name": str(store.table.name), "record_id": record_id, "before": before, "after": after,
            "detail": f"undo of import batch {batch_id}"}


def _same(store: Store, lookups: Lookups, row: dict[str, Any], snapshot: dict[str, Any]) -> bool:
    expected = records.restore_row(store, snapshot["row"])
    for name, value in expected.items():
        if name in NOT_COMPARED:
            continue
        if row.get(name) != value:
            return False
    for link in store.links:
        stored = records.link_natural(link, lookups, row.get(link.column, []))
        wanted = snapshot.get("links", {}).get(link.column, [])
        if list(stored) != [tuple(item) if isinstance(item, list) else item for item in wanted]:
            return False
    return True


def _refuse_if_changed_later(connection: Connection, batch_id: int, store: Store, ids: list[int],
                             last_event: int) -> None:
    audit = table_of(AuditEvent)
    batch = table_of(ImportBatch)
    later: set[int | None] = set()
    for part in records.chunks(ids):
        query = (
            select(audit.c.batch_id)
            .select_from(audit.outerjoin(batch, audit.c.batch_id == batch.c.id))
            .where(audit.c.table_name == store.table.name, audit.c.record_id.in_(part), audit.c.id > last_event,
                   ~audit.c.action.like("undo%"), or_(batch.c.status.is_(None), batch.c.status != STATUS_UNDONE))
            .distinct()
        )
        later.update(row[0] for row in connection.execute(query))
    if later:
        batches = sorted(f"#{item}" for item in later if item is not None)
        raise UndoRefusedError("import.undo.later_batch", batch=batch_id,
                               later=", ".join(batches) if batches else t("import.undo.other_edits"))


def _refuse_if_depended_on(connection: Connection, store: Store, created: list[int], batch_id: int) -> None:
    for model, column in DEPENDENTS.get(store.table.name, ()):
        table = table_of(model)
        count = 0
        for part in records.chunks(created):
            count += connection.execute(
                select(func.count()).select_from(table).where(table.c[column].in_(part))).scalar_one()
        if count:
            raise UndoRefusedError("import.undo.dependents", batch=batch_id, count=count, table=table.name)
