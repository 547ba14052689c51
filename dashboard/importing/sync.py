"""Writing what a standard file (IATI activities, SCDL grants) says into the portfolio, record by record, with
the same guarantees as every upload: all or nothing, one audit event per changed record, undo that restores
exactly.

A standard file describes whole records and their children (a project with its budgets, transactions, places,
indicators): the importer says what each record should be (``Desired``), ``RecordSync`` pairs it with what is
stored, and the difference becomes creates, updates and deletes:

- in the preview nothing is written: ids of records to create are negative placeholders, so children can
  point at a parent that does not exist yet, and every change is still counted and shown field by field;
- on commit the changes are written in bulk, table by table (parents first), each with an ``AuditEvent``
  holding the record before and after as JSON, so ``undo_batch`` can restore it: a created record is deleted,
  an updated one put back, a deleted one inserted again with its own id.

Link tables without an id of their own (a project's countries, sectors and regions) travel in the project's
audit snapshot under ``links``, as the upload pipeline's links do.
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

import orjson
from sqlalchemy import Date, DateTime, Table, bindparam, delete, func, insert, or_, select, update
from sqlalchemy.engine import Connection
from sqlmodel import Session, SQLModel

from dashboard.core import db, values_to_date
from dashboard.core.models import AuditEvent, ImportBatch, Indicator, utcnow
from dashboard.core.permissions import Actor, Capability, PermissionDeniedError, can_undo_batch
from dashboard.importing import records
from dashboard.importing.preview import DETAIL_LIMIT, STATUS_COMMITTED, STATUS_UNDONE, FieldChange, Preview, RowChange
from dashboard.importing.records import table_of
from dashboard.seed.bulk import driver_insert, insert_columns

T = TypeVar("T")
STANDARD_KINDS = ("iati", "scdl")
# The kinds of record a standard file's changes name (``import.record.<kind>`` says each in both languages).
RECORD_KINDS = ("projects", "partners", "roles", "budgets", "planned-disbursements", "spending", "locations",
                "indicators", "indicator-values")

# Columns never compared, never shown as changes (bookkeeping, or derived on every write).
NOT_COMPARED = frozenset({"id", "updated_at", "created_at", *values_to_date.DERIVED_COLUMNS})


def model_defaults(model: type[SQLModel], now: dt.datetime) -> dict[str, Any]:
    """Every column of ``model`` but ``id`` with the model's default (``now`` for timestamps), so rows written
    in bulk all have the same keys."""
    defaults: dict[str, Any] = {}
    for name, info in model.model_fields.items():
        if name == "id":
            continue
        if info.default_factory is not None:
            defaults[name] = now
        elif info.is_required():
            defaults[name] = None
        else:
            default = info.default
            defaults[name] = default.value if hasattr(default, "value") else default
    return defaults


def snapshot(row: Mapping[str, Any], links: Mapping[str, list[list[object]]] | None = None) -> str:
    """A record (and its links) as the audit keeps it: JSON, dates as ISO text (orjson writes them so)."""
    data: dict[str, Any] = {"row": dict(row)}
    if links is not None:
        data["links"] = {name: [list(values) for values in rows] for name, rows in links.items()}
    return orjson.dumps(data).decode()


def restore(table: Table, data: Mapping[str, Any]) -> dict[str, Any]:
    """Database values back from a snapshot's "row" (dates and times parsed again)."""
    restored: dict[str, Any] = {}
    for name, value in data.items():
        column_type = table.c[name].type
        column_type = getattr(column_type, "impl", column_type)
        if value is not None and isinstance(column_type, DateTime):
            value = dt.datetime.fromisoformat(str(value))
        elif value is not None and isinstance(column_type, Date):
            value = dt.date.fromisoformat(str(value))
        restored[name] = value
    return restored


def same_value(stored: object, wanted: object) -> bool:
    """Whether a stored value equals what the file says: floats to the cent's millionth (a decimal read
    from XML and the float the database gives back), everything else exactly."""
    if isinstance(stored, float | int) and isinstance(wanted, float | int) and not isinstance(wanted, bool):
        return abs(float(stored) - float(wanted)) <= 1e-6 * max(1.0, abs(float(wanted)))
    return stored == wanted


@dataclass
class LinkSet:
    """The rows of a link table for one owner (a project's countries...), as sorted lists of values."""

    table: Table
    owner: str
    columns: tuple[str, ...]


class IdAllocator:
    """Ids for records to create: negative placeholders in a preview; on commit, real ones taken ahead of
    the insert (PostgreSQL: from the table's sequence, a block at a time; SQLite: after the highest id, the
    batch's first write having taken the database's single writer lock), so a child can name its parent
    before either is written."""

    BLOCK = 500

    def __init__(self, connection: Connection, write: bool) -> None:
        self.connection = connection
        self.write = write
        self.next_fake = -1
        self.pools: dict[str, list[int]] = {}
        self.next_sqlite: dict[str, int] = {}

    def take(self, table: Table) -> int:
        if not self.write:
            self.next_fake -= 1
            return self.next_fake + 1
        if self.connection.dialect.name == "postgresql":
            pool = self.pools.setdefault(table.name, [])
            if not pool:
                pool.extend(reversed(records.allocate_ids(self.connection, table, self.BLOCK)))
            return pool.pop()
        if table.name not in self.next_sqlite:
            highest = self.connection.execute(select(func.coalesce(func.max(table.c.id), 0))).scalar_one()
            self.next_sqlite[table.name] = int(highest) + 1
        record_id = self.next_sqlite[table.name]
        self.next_sqlite[table.name] += 1
        return record_id


@dataclass
class Labelled:
    """How a change is shown in the preview: the record type (an ``upload.kind.*`` or ``import.record.*``
    key's last part), its key as text, and the file line it comes from."""

    record: str
    key: str
    line: int


@dataclass
class _Pending:
    creates: list[tuple[int, dict[str, Any], str | None]] = field(default_factory=list)  # id, row, links json
    updates: list[tuple[int, dict[str, Any], dict[str, Any], str, str]] = field(default_factory=list)
    deletes: list[tuple[int, str]] = field(default_factory=list)  # id, before snapshot


class RecordSync:
    """Collects the changes of an import and writes them (on commit) table by table with their audit."""

    def __init__(self, session: Session, result: Preview, actor: Actor | None, *, write: bool) -> None:
        self.session = session
        self.connection = session.connection()
        self.result = result
        self.actor = actor
        self.write = write
        self.now = utcnow()
        if write:
            self._batch()  # the first write: on SQLite it takes the writer lock the id allocation relies on
        self.ids = IdAllocator(self.connection, write)
        self.pending: dict[str, _Pending] = defaultdict(_Pending)
        self.tables: dict[str, Table] = {}
        self.events: list[dict[str, Any]] = []
        self.touched_indicators: set[int] = set()
        self.link_replacements: list[tuple[LinkSet, int, list[tuple[object, ...]]]] = []

    # -- counting and showing -------------------------------------------------------------------------------

    def _show(self, action: str, label: Labelled, fields: Iterable[FieldChange]) -> None:
        if len(self.result.changes) < DETAIL_LIMIT:
            self.result.changes.append(RowChange(label.line, action, label.key, tuple(fields), label.record))

    # -- creates, updates, deletes --------------------------------------------------------------------------

    def create(self, table: Table, row: dict[str, Any], label: Labelled, *,
               shown: Sequence[str] = (), links: Mapping[str, list[list[object]]] | None = None) -> int:
        """Plan a new record (``row`` holds every column but id); returns its id (negative in a preview)."""
        record_id = self.ids.take(table)
        self.tables[table.name] = table
        self.pending[table.name].creates.append((record_id, row, snapshot(row, links) if links is not None else None))
        self.result.created += 1
        self._show("create", label, (FieldChange(name, None, row.get(name)) for name in shown
                                     if row.get(name) is not None))
        if table.name == "indicator":
            self.touched_indicators.add(record_id)
        elif table.name == "indicator_value":
            self.touched_indicators.add(int(row["indicator_id"]))
        return record_id

    def compare(self, table: Table, stored: Mapping[str, Any], wanted: Mapping[str, Any], label: Labelled,
                *, links_before: Mapping[str, list[list[object]]] | None = None,
                links_after: Mapping[str, list[list[object]]] | None = None) -> bool:
        """Plan the update of a stored record to ``wanted`` (only the columns given); False when nothing
        changes (counted as unchanged)."""
        changed = {name: value for name, value in wanted.items()
                   if name not in NOT_COMPARED and not same_value(stored.get(name), value)}
        links_changed = links_before is not None and links_after is not None and links_before != links_after
        if not changed and not links_changed:
            self.result.unchanged += 1
            return False
        self.tables[table.name] = table
        after = {**stored, **changed}
        if "updated_at" in table.c and changed:
            changed["updated_at"] = self.now
            after["updated_at"] = self.now
        record_id = int(stored["id"])
        before_json = snapshot(stored, links_before)
        after_json = snapshot(after, links_after)
        self.pending[table.name].updates.append((record_id, dict(stored), changed, before_json, after_json))
        self.result.updated += 1
        fields = [FieldChange(name, stored.get(name), value) for name, value in changed.items() if name != "updated_at"]
        if links_changed and links_before is not None and links_after is not None:
            for name in links_after:
                if links_before.get(name) != links_after.get(name):
                    fields.append(FieldChange(name, _links_text(links_before.get(name)),
                                              _links_text(links_after.get(name))))
        self._show("update", label, fields)
        if table.name == "indicator":
            self.touched_indicators.add(record_id)
        elif table.name == "indicator_value":
            self.touched_indicators.add(int(stored["indicator_id"]))
        return True

    def delete(self, table: Table, stored: Mapping[str, Any], label: Labelled, *, shown: Sequence[str] = (),
               links: Mapping[str, list[list[object]]] | None = None) -> None:
        """Plan the deletion of a stored record (kept whole in the audit, so undo puts it back); the preview
        shows its ``shown`` columns going (its id when none is given)."""
        self.tables[table.name] = table
        self.pending[table.name].deletes.append((int(stored["id"]), snapshot(stored, links)))
        self.result.deleted += 1
        fields = [FieldChange(name, stored.get(name), None) for name in shown if stored.get(name) is not None]
        self._show("delete", label, fields or [FieldChange("id", stored.get("id"), None)])
        if table.name == "indicator_value":
            self.touched_indicators.add(int(stored["indicator_id"]))

    def replace_links(self, link: LinkSet, owner_id: int, rows: list[tuple[object, ...]]) -> None:
        """Set an owner's link rows (written with the owner's update or create)."""
        self.link_replacements.append((link, owner_id, rows))

    # -- writing --------------------------------------------------------------------------------------------

    def flush(self, order: Sequence[str]) -> None:
        """Write what is planned, tables in ``order`` (parents first for creates and updates, children first
        for deletes). Does nothing in a preview."""
        if not self.write:
            self.pending.clear()
            self.link_replacements.clear()
            return
        batch_id = self._batch()
        for name in reversed(order):
            pending = self.pending.get(name)
            if pending is None or not pending.deletes:
                continue
            table = self.tables[name]
            ids = [record_id for record_id, _before in pending.deletes]
            for part in records.chunks(ids):
                self.connection.execute(delete(table).where(table.c.id.in_(part)))
            self.events.extend(self._event("delete", name, record_id, before, None)
                               for record_id, before in pending.deletes)
        for name in order:
            pending = self.pending.get(name)
            if pending is None:
                continue
            table = self.tables[name]
            if pending.creates:
                self._insert(table, pending.creates)
            if pending.updates:
                self._update(table, pending.updates)
        for link, owner_id, rows in self.link_replacements:
            self.connection.execute(delete(link.table).where(link.table.c[link.owner] == owner_id))
            if rows:
                self.connection.execute(insert(link.table), [
                    {link.owner: owner_id, **dict(zip(link.columns, row, strict=True))} for row in rows])
        self.link_replacements.clear()
        self.pending.clear()
        if self.events:
            driver_insert(self.connection, table_of(AuditEvent), self.events)
            self.events = []
        del batch_id

    def _insert(self, table: Table, creates: list[tuple[int, dict[str, Any], str | None]]) -> None:
        names = [name for name in creates[0][1] if name != "id"]
        columns = [[row[name] for _id, row, _links in creates] for name in names]
        insert_columns(self.connection, table, [*names, "id"],
                               [*columns, [record_id for record_id, _row, _links in creates]])
        self.events.extend(
            self._event("create", table.name, record_id, None, links or snapshot({"id": record_id, **row}))
            for record_id, row, links in creates)

    def _update(self, table: Table, updates: list[tuple[int, dict[str, Any], dict[str, Any], str, str]]) -> None:
        groups: dict[tuple[str, ...], list[dict[str, Any]]] = {}
        for record_id, _stored, changed, _before, _after in updates:
            if not changed:
                continue
            columns = tuple(sorted(changed))
            groups.setdefault(columns, []).append({"_id": record_id, **{f"_{name}": changed[name] for name in columns}})
        for columns, parameters in groups.items():
            statement = update(table).where(table.c.id == bindparam("_id")).values(
                {name: bindparam(f"_{name}") for name in columns})
            self.connection.execute(statement, parameters)
        self.events.extend(self._event("update", table.name, record_id, before, after)
                           for record_id, _stored, _changed, before, after in updates)

    def _event(self, action: str, table_name: str, record_id: int, before: str | None,
               after: str | None) -> dict[str, Any]:
        return {"batch_id": self.result.batch_id, "at": self.now, "user": self.actor.username if self.actor else None,
                "action": action, "table_name": str(table_name), "record_id": record_id, "before": before,
                "after": after, "detail": None}

    def _batch(self) -> int:
        if self.result.batch_id is None:
            batch = table_of(ImportBatch)
            self.result.batch_id = self.connection.execute(
                insert(batch).returning(batch.c.id),
                {"kind": self.result.kind, "file_name": self.result.file_name[:300], "checksum": self.result.checksum,
                 "user": self.actor.username if self.actor else "anonymous", "created_at": self.now,
                 "status": STATUS_COMMITTED},
            ).scalar_one()
        return self.result.batch_id

    def finish(self) -> None:
        """After the last flush of a commit: the batch's counts, indicators' values to date, the revision."""
        if not self.write or self.result.batch_id is None:
            return
        batch = table_of(ImportBatch)
        self.connection.execute(update(batch).where(batch.c.id == self.result.batch_id).values(
            created_count=self.result.created, updated_count=self.result.updated,
            unchanged_count=self.result.unchanged, rejected_count=self.result.rejected))
        values_to_date.refresh_values_to_date(self.connection, {item for item in self.touched_indicators if item > 0})
        db.bump_revision(self.session)


def _links_text(rows: list[list[object]] | None) -> str:
    return "; ".join(":".join("" if item is None else f"{item:g}" if isinstance(item, float) else str(item)
                              for item in row) for row in rows or [])


def pair(stored: Iterable[Mapping[str, Any]], wanted: Iterable[tuple[tuple[object, ...], T]],
         key: Callable[[Mapping[str, Any]], tuple[object, ...]]
         ) -> tuple[list[tuple[Mapping[str, Any], T]], list[T], list[Mapping[str, Any]]]:
    """Pairs stored rows with wanted items by key, the n-th of a key with the n-th (stored in id order):
    (matched pairs, wanted items without a stored row, stored rows without a wanted item)."""
    by_key: dict[tuple[object, ...], list[Mapping[str, Any]]] = defaultdict(list)
    for row in sorted(stored, key=lambda item: int(item["id"])):
        by_key[key(row)].append(row)
    matched: list[tuple[Mapping[str, Any], T]] = []
    new: list[T] = []
    for item_key, item in wanted:
        rows = by_key.get(item_key)
        if rows:
            matched.append((rows.pop(0), item))
        else:
            new.append(item)
    left = [row for rows in by_key.values() for row in rows]
    return matched, new, left


def occurrences(keys: Iterable[tuple[object, ...]]) -> list[tuple[object, ...]]:
    """Each key with its rank among equal keys appended: two identical budgets stay two."""
    seen: Counter[tuple[object, ...]] = Counter()
    ranked = []
    for key in keys:
        seen[key] += 1
        ranked.append((*key, seen[key]))
    return ranked


# ---------------------------------------------------------------------------------------------------------
# Undo of a standard file's batch
# ---------------------------------------------------------------------------------------------------------


class StandardUndoRefusedError(Exception):
    def __init__(self, key: str, **values: object) -> None:
        super().__init__(key)
        self.key = key
        self.values = values


# Parents before children: undo deletes created children first and re-inserts deleted parents first.
TABLE_ORDER = ("organisation", "project", "project_role", "budget_line", "planned_disbursement", "spending",
               "project_location", "indicator", "indicator_value")
LINK_TABLES = {"countries": ("project_country", "project_id", ("country", "share")),
               "sectors": ("project_sector", "project_id", ("vocabulary", "code", "percentage", "vocabulary_uri",
                                                            "name")),
               "regions": ("project_region", "project_id", ("vocabulary", "code", "percentage", "vocabulary_uri",
                                                            "name"))}


def undo_batch(session: Session, batch_id: int, actor: Actor | None, metadata_tables: Mapping[str, Table]
               ) -> tuple[int, int]:
    """Reverse batch ``batch_id`` of a standard file (inside the caller's transaction): returns (records
    removed, records restored). Raises ``StandardUndoRefusedError`` (nothing changed) when a record is no longer
    as the batch left it or a later batch changed it."""
    connection = session.connection()
    batch_table, audit = table_of(ImportBatch), table_of(AuditEvent)
    batch = connection.execute(select(batch_table).where(batch_table.c.id == batch_id)).mappings().first()
    if batch is None:
        raise StandardUndoRefusedError("import.undo.not_found", batch=batch_id)
    if not can_undo_batch(actor, batch["user"]):
        raise PermissionDeniedError(actor or Actor.of("anonymous", []), Capability.undo_own_batch)
    if batch["status"] != STATUS_COMMITTED:
        raise StandardUndoRefusedError("import.undo.already_undone", batch=batch_id)
    events = connection.execute(
        select(audit.c.id, audit.c.action, audit.c.table_name, audit.c.record_id, audit.c.before, audit.c.after)
        .where(audit.c.batch_id == batch_id).order_by(audit.c.id)).all()
    if not events:
        raise StandardUndoRefusedError("import.undo.nothing", batch=batch_id)
    last_event = events[-1].id
    # A later change to any of the batch's records (by another batch or by hand) forbids the undo.
    for table_name, group in itertools.groupby(sorted(events, key=lambda event: event.table_name),
                                               key=lambda event: event.table_name):
        ids = [event.record_id for event in group]
        for part in records.chunks(ids):
            later = connection.execute(
                select(audit.c.batch_id).select_from(audit.outerjoin(batch_table, audit.c.batch_id == batch_table.c.id))
                .where(audit.c.table_name == table_name, audit.c.record_id.in_(part), audit.c.id > last_event,
                       ~audit.c.action.like("undo%"),
                       or_(batch_table.c.status.is_(None), batch_table.c.status != STATUS_UNDONE))
                .limit(1)).first()
            if later is not None:
                raise StandardUndoRefusedError("import.undo.later_batch", batch=batch_id,
                                               later=f"#{later[0]}" if later[0] is not None else "?")
    # Every record must still be as the batch left it.
    for event in events:
        table = metadata_tables[event.table_name]
        current = connection.execute(select(table).where(table.c.id == event.record_id)).mappings().first()
        if event.action == "delete":
            if current is not None:
                raise StandardUndoRefusedError("import.undo.changed_since", batch=batch_id, record=event.record_id)
            continue
        expected = restore(table, json.loads(event.after)["row"])
        if current is None or any(not same_value(current.get(name), value) for name, value in expected.items()
                                  if name not in NOT_COMPARED):
            raise StandardUndoRefusedError("import.undo.changed_since", batch=batch_id, record=event.record_id)
    indicators = set()
    for event in events:
        if event.table_name in ("indicator", "indicator_value"):
            snapshot_text = event.after or event.before
            row = json.loads(snapshot_text)["row"]
            indicators.add(int(row["id"] if event.table_name == "indicator" else row["indicator_id"]))
    removed = restored = 0
    undo_events = []
    now = utcnow()
    user = actor.username if actor else "anonymous"
    order = {name: index for index, name in enumerate(TABLE_ORDER)}
    # Children first for what the batch created; parents first for what it deleted or changed.
    created = sorted((event for event in events if event.action == "create"),
                     key=lambda event: (-order.get(event.table_name, 99), -event.id))
    for event in created:
        table = metadata_tables[event.table_name]
        links = json.loads(event.after).get("links")
        if links:
            _set_links(connection, metadata_tables, event.record_id, {name: [] for name in links})
        connection.execute(delete(table).where(table.c.id == event.record_id))
        removed += 1
        undo_events.append(_undo_event(batch_id, now, user, event, "undo_create"))
    for event in sorted((event for event in events if event.action != "create"),
                        key=lambda event: (order.get(event.table_name, 99), event.id)):
        table = metadata_tables[event.table_name]
        before = json.loads(event.before)
        row = restore(table, before["row"])
        if event.action == "delete":
            connection.execute(insert(table), [row])
        else:
            connection.execute(update(table).where(table.c.id == event.record_id).values(
                {name: value for name, value in row.items() if name != "id"}))
        if "links" in before:
            _set_links(connection, metadata_tables, event.record_id, before["links"])
        restored += 1
        undo_events.append(_undo_event(batch_id, now, user, event, f"undo_{event.action}"))
    # Rows put back keep their own ids, all below their sequence's value (they were taken from it).
    driver_insert(connection, table_of(AuditEvent), undo_events)
    connection.execute(update(batch_table).where(batch_table.c.id == batch_id).values(
        status=STATUS_UNDONE, undone_at=now, undone_by=user))
    existing = set(connection.execute(select(table_of(Indicator).c.id).where(
        table_of(Indicator).c.id.in_(list(indicators) or [-1]))).scalars())
    values_to_date.refresh_values_to_date(connection, existing)
    db.bump_revision(session)
    return removed, restored


def _set_links(connection: Connection, tables: Mapping[str, Table], owner_id: int,
               links: Mapping[str, list[list[object]]]) -> None:
    for name, rows in links.items():
        table_name, owner, columns = LINK_TABLES[name]
        table = tables[table_name]
        connection.execute(delete(table).where(table.c[owner] == owner_id))
        if rows:
            connection.execute(insert(table), [{owner: owner_id, **dict(zip(columns, row, strict=True))}
                                               for row in rows])


def _undo_event(batch_id: int, now: dt.datetime, user: str, event: Any, action: str) -> dict[str, Any]:
    return {"batch_id": None, "at": now, "user": user, "action": action,
            "table_name": event.table_name, "record_id": event.record_id,
            "before": event.after, "after": event.before,
            "detail": f"undo of import batch {batch_id}"}
