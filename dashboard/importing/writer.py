"""Writing a checked upload: rows created and updated in bulk with their audit events, then what follows a
write (values to date, partners' review dates, the batch's totals).
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
from typing import Any

from sqlalchemy import bindparam, insert, select, update
from sqlalchemy.engine import Connection, Row
from sqlmodel import Session

from dashboard.core import db, values_to_date
from dashboard.core.models import (
    AuditEvent,
    BudgetLine,
    ImportBatch,
    Indicator,
    IndicatorValue,
    Organisation,
    PartnershipReview,
    ProjectRole,
    Spending,
    utcnow,
)
from dashboard.core.permissions import Actor
from dashboard.core.text import fold
from dashboard.importing import records
from dashboard.importing.preview import STATUS_COMMITTED, Preview
from dashboard.importing.records import Lookups, Store, table_of
from dashboard.importing.sync import model_defaults
from dashboard.queries.reviews import completed_review, sync_review_dates
from dashboard.seed.bulk import driver_insert, insert_columns


class Writer:
    """Buffers the changes of one chunk and writes them with executemany; records the batch and audit."""

    def __init__(self, session: Session, store: Store, lookups: Lookups, result: Preview, actor: Actor) -> None:
        self.session = session
        self.connection = session.connection()
        self.store = store
        self.lookups = lookups
        self.result = result
        self.actor = actor
        self.now = utcnow()
        self.batch_id: int | None = None
        self.creates: list[dict[str, Any]] = []
        self.updates: list[tuple[dict[str, Any], dict[str, Any], dict[str, Any]]] = []
        self.base = {**_column_defaults(store, self.now), **store.defaults}
        self.audit_table = table_of(AuditEvent)
        # A plain str: SQLAlchemy's quoted_name makes sqlite3 look for adapters on every audit row.
        self.table_name = str(store.table.name)

    def _batch(self) -> int:
        if self.batch_id is None and self.result.batch_id is not None:
            self.batch_id = self.result.batch_id  # an earlier sheet of the same workbook opened the batch
        if self.batch_id is None:
            batch = table_of(ImportBatch)
            self.batch_id = self.connection.execute(
                insert(batch).returning(batch.c.id),
                {"kind": self.result.kind, "file_name": self.result.file_name[:300], "checksum": self.result.checksum,
                 "user": self.actor.username, "created_at": self.now, "status": STATUS_COMMITTED,
                 "origin": self.result.origin, "reason": self.result.reason},
            ).scalar_one()
            self.result.batch_id = self.batch_id
        return self.batch_id

    def create(self, values: dict[str, Any]) -> None:
        if self.store.kind == "reviews":  # a new review's overall rating and next date, when left blank
            values = completed_review(values)
        self.creates.append(values)

    def update(self, existing: dict[str, Any], natural: dict[str, Any], changed: dict[str, Any]) -> None:
        self.updates.append((existing, natural, changed))

    def _new_rows(self, creates: list[dict[str, Any]]) -> tuple[list[str], list[list[Any]]]:
        """The rows to insert for ``creates``, column by column: the column names and each column's values
        (every column of the table but id; the model's default where the file says nothing). Built a column
        at a time because, at 100 000 rows, a dict per row cost as much as the insert."""
        store, count = self.store, len(creates)
        columns: dict[str, list[Any]] = {}
        for column, (db_column, reference) in store.fields.items():
            if reference == "indicator_project":
                continue  # the project half of an indicator reference: the indicator's id says it
            if any(column not in values for values in creates):
                default = self.base[db_column]
                given: list[Any] = [values.get(column, default) for values in creates]
                if reference is not None:  # a missing reference stays the default (None)
                    given = [self._reference(reference, value, values) if column in values else value
                             for value, values in zip(given, creates, strict=True)]
            elif reference is None:
                given = [values[column] for values in creates]
            else:
                given = [self._reference(reference, values[column], values) for values in creates]
            columns[db_column] = given
        if store.kind == "partners":
            names = [str(values["name"]) for values in creates]
            columns["name"] = [" ".join(name.split()) for name in names]
            columns["name_key"] = [fold(name) for name in names]
        elif store.kind == "reviews":
            columns["created_by"] = [self.actor.username] * count
        names = list(self.base)
        return names, [columns[name] if name in columns else [self.base[name]] * count for name in names]

    def _reference(self, reference: str, value: Any, values: dict[str, Any]) -> object:
        """A file's reference (project code, partner, indicator code) as the row id it names."""
        lookups = self.lookups
        if reference == "project":
            return lookups.project_id[value]
        if reference == "partner":
            return lookups.partner_id[value] if value is not None else None
        return lookups.indicator_id[(values["project_code"], value)]

    def flush(self) -> None:
        if not self.creates and not self.updates:
            return
        batch_id = self._batch()
        store, table = self.store, self.store.table
        events: list[dict[str, Any]] = []
        if self.creates:
            names, columns = self._new_rows(self.creates)
            ids = records.allocate_ids(self.connection, table, len(self.creates))
            names.append("id")
            columns.append(ids)
            insert_columns(self.connection, table, names, columns)
            # The audit snapshot of each row, encoded straight from the inserted values.
            rows = list(map(dict, map(zip, itertools.repeat(names), zip(*columns, strict=True))))
            afters: list[str | None] = []
            if store.links:
                link_changes: list[tuple[int, str, Any]] = []
                for id_, row, values in zip(ids, rows, self.creates, strict=True):
                    links = {link.column: values.get(link.column, ()) for link in store.links}
                    link_changes.extend((id_, column, items) for column, items in links.items() if items)
                    afters.append(records.snapshot_new(row, links))
                if link_changes:
                    records.replace_links(self.connection, store, self.lookups, link_changes)
            else:
                afters.extend(records.snapshot_new(row, None) for row in rows)
            self._insert_events("create", ids, None, afters)
            self.creates = []
        if self.updates:
            groups: dict[tuple[str, ...], list[dict[str, Any]]] = {}
            changed_links: list[tuple[int, str, Any]] = []
            for existing, natural, changed in self.updates:
                new_values = records.db_values(store, self.lookups, changed)
                if store.kind == "partners" and "name" in new_values:
                    # A form renames a partner (an upload never does: it keeps the stored spelling); the folded
                    # key follows the name, as on creation.
                    name = " ".join(str(new_values["name"]).split())
                    new_values["name"], new_values["name_key"] = name, fold(name)
                if store.touched:
                    new_values["updated_at"] = self.now
                if existing.get("is_illustrative"):
                    new_values["is_illustrative"] = False  # staff data now stands in for the generated row
                after_row = {**existing, **new_values}
                before_links = {link.column: natural[link.column] for link in store.links}
                after_links = {**before_links, **{name: value for name, value in changed.items()
                                                  if store.link(name) is not None}}
                changed_links.extend((existing["id"], name, value) for name, value in changed.items()
                                     if store.link(name) is not None)
                if new_values:
                    changed_columns = tuple(sorted(new_values))
                    groups.setdefault(changed_columns, []).append(
                        {"_id": existing["id"], **{f"_{name}": new_values[name] for name in changed_columns}})
                events.append(self._event("update", existing["id"],
                                          records.snapshot(store, existing, before_links),
                                          records.snapshot(store, after_row, after_links)))
            for group_columns, parameters in groups.items():
                statement = update(table).where(table.c.id == bindparam("_id")).values(
                    {name: bindparam(f"_{name}") for name in group_columns})
                self.connection.execute(statement, parameters)
            if changed_links:
                records.replace_links(self.connection, store, self.lookups, changed_links)
            self.updates = []
        insert_audit(self.connection, events)
        del batch_id

    def _event(self, action: str, record_id: int, before: str | None, after: str | None) -> dict[str, Any]:
        return {"batch_id": self.batch_id, "at": self.now, "user": self.actor.username, "action": action,
                "table_name": self.table_name, "record_id": record_id, "before": before, "after": after,
                "detail": self.result.reason}

    def _insert_events(self, action: str, ids: list[int], befores: list[str | None] | None,
                       afters: list[str | None]) -> None:
        """One audit row per record, column by column (what _event gives, without a dict per row)."""
        count = len(ids)
        names = ["batch_id", "at", "user", "action", "table_name", "record_id", "before", "after", "detail"]
        constant = [self.batch_id, self.now, self.actor.username, action, self.table_name]
        columns: list[list[Any]] = [[value] * count for value in constant]
        columns += [list(ids), befores if befores is not None else [None] * count, list(afters),
                    [self.result.reason] * count]
        insert_columns(self.connection, self.audit_table, names, columns)



def finish_batch(session: Session, result: Preview, kinds: list[str]) -> None:
    """Record the batch's counts and mark the data changed, in the same transaction."""
    batch = table_of(ImportBatch)
    session.connection().execute(update(batch).where(batch.c.id == result.batch_id).values(
        created_count=result.created, updated_count=result.updated,
        unchanged_count=result.unchanged, rejected_count=result.rejected))
    # Each follow-up reads the whole batch's audit trail (100 000 rows for a large file): only for the kinds
    # that need it.
    if "reviews" in kinds:
        _sync_review_dates(session, result)
    if {"indicators", "indicator-values"} & set(kinds):
        values_to_date.refresh_values_to_date(session.connection(),
                                              indicators_touched(session.connection(), result.batch_id))
    db.bump_revision(session)


def indicators_touched(connection: Connection, batch_id: int | None) -> set[int]:
    """Indicators whose values or rule batch ``batch_id`` wrote: their stored values to date
    (``dashboard.core.values_to_date``) must follow. Read while the batch's rows still exist."""
    audit, values = table_of(AuditEvent), table_of(IndicatorValue)
    written = select(audit.c.record_id).where(audit.c.batch_id == batch_id)
    touched = connection.execute(
        select(values.c.indicator_id).distinct()
        .where(values.c.id.in_(written.where(audit.c.table_name == values.name)))
    ).scalars().all()
    rules = connection.execute(written.where(audit.c.table_name == table_of(Indicator).name)).scalars().all()
    return {int(value) for value in (*touched, *rules)}


def _reviewed_partners(session: Session, batch_id: int | None) -> list[int]:
    """Partners whose reviews batch ``batch_id`` wrote."""
    audit, reviews = table_of(AuditEvent), table_of(PartnershipReview)
    written = select(audit.c.record_id).where(audit.c.batch_id == batch_id, audit.c.table_name == reviews.name)
    return list(session.connection().execute(
        select(reviews.c.organisation_id).where(reviews.c.id.in_(written)).distinct()).scalars())


REVIEW_DATES_ACTION = "review_dates"


def _review_dates(session: Session, partners: list[int]) -> dict[int, dict[str, str | None]]:
    organisations = table_of(Organisation)
    columns = ("last_review_date", "next_review_date", "updated_at")
    rows = session.connection().execute(
        select(organisations.c.id, *(organisations.c[name] for name in columns))
        .where(organisations.c.id.in_(partners)))
    return {row.id: {name: getattr(row, name) and getattr(row, name).isoformat() for name in columns} for row in rows}


def _sync_review_dates(session: Session, result: Preview) -> None:
    """Uploaded reviews move the partner's last/next review dates like a review recorded on the page, so the
    overdue lists follow (the rule lives in dashboard.queries.reviews). The dates they replace are kept in the batch's
    audit trail, so undo puts them back exactly."""

    partners = _reviewed_partners(session, result.batch_id)
    if not partners:
        return
    before = _review_dates(session, partners)
    sync_review_dates(session, partners)
    session.flush()
    after = _review_dates(session, partners)
    insert_audit(session.connection(), [
        {"batch_id": result.batch_id, "at": utcnow(), "user": None, "action": REVIEW_DATES_ACTION,
         "table_name": None, "record_id": partner, "before": json.dumps(before[partner]),
         "after": json.dumps(after[partner]), "detail": None}
        for partner in partners if before[partner] != after[partner]])


def restore_review_dates(session: Session, events: list[Row]) -> None:
    organisations = table_of(Organisation)
    for event in events:
        before = json.loads(event.before)
        dates = {name: value and (dt.datetime if name == "updated_at" else dt.date).fromisoformat(value)
                 for name, value in before.items()}
        session.connection().execute(update(organisations).where(organisations.c.id == event.record_id).values(dates))


def insert_audit(connection: Connection, events: list[dict[str, Any]]) -> None:
    driver_insert(connection, table_of(AuditEvent), events)


def _column_defaults(store: Store, now: dt.datetime) -> dict[str, Any]:
    """Every column of the table with the model's default, so executemany rows all have the same keys."""
    model = next(model for model in (records.Organisation, records.Project, ProjectRole, BudgetLine, Spending,
                                     Indicator, IndicatorValue, PartnershipReview, records.ExchangeRate)
                 if table_of(model) is store.table)
    return model_defaults(model, now)
