"""Preview, commit, undo and history of uploads: the one path every upload takes (page and command line).

- ``preview`` reads and checks the whole file and says what would be created, updated (field by field),
  left unchanged and rejected; it writes nothing.
- ``commit`` does the same inside one transaction and writes only when no row is rejected (all or nothing),
  recording an ImportBatch and one AuditEvent per changed record, and bumping the data revision so every
  page shows the change on its next rerun. A file whose rows are all unchanged writes nothing at all.
- ``undo`` restores what a batch changed, exactly, unless a later change touched the same records.

Permissions are checked here, not only on the page, so no route around the page can skip them.
"""

from __future__ import annotations

import datetime as dt
import gc
import hashlib
import io
import itertools
import json
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace

import pandas as pd
from sqlalchemy import bindparam, func, insert, or_, select, update
from sqlalchemy.engine import Connection, Row
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlmodel import Session

from dashboard import db, values_to_date
from dashboard.i18n import t
from dashboard.importing import records
from dashboard.importing.readers import Cell, ReadError, open_table
from dashboard.importing.records import STORES, Lookups, Store, table_of
from dashboard.importing.schemas import KINDS, MAX_UPLOAD_BYTES, MAX_UPLOAD_MB, schema_for
from dashboard.importing.validation import Problem, RowValidator, map_header, problem
from dashboard.models import (
    AuditEvent,
    BudgetLine,
    ImportBatch,
    Indicator,
    IndicatorValue,
    Organisation,
    PartnershipReview,
    ProjectLocation,
    ProjectRole,
    Spending,
    utcnow,
)
from dashboard.permissions import Actor, Capability, PermissionDeniedError, can_undo_batch, require
from dashboard.text import fold

# A workbook holding several kinds, one sheet per kind (named after it), imported together in one batch in
# the order of KINDS, so a budget line may refer to a project created by the same upload.
WORKBOOK = "workbook"
ROWS_PER_CHUNK = 2000
DETAIL_LIMIT = 500  # created/updated rows kept for the preview table; all are counted
PROBLEM_LIMIT = 5000  # problems kept for display; all are counted
STATUS_COMMITTED = "committed"
STATUS_UNDONE = "undone"


@dataclass(frozen=True)
class FieldChange:
    column: str
    before: object
    after: object


@dataclass(frozen=True)
class RowChange:
    row: int
    action: str  # "create" or "update"
    key: str
    fields: tuple[FieldChange, ...]
    kind: str = ""


@dataclass
class Preview:
    """What an upload does (or did, after commit)."""

    kind: str
    file_name: str
    checksum: str
    size: int
    detail: str = ""
    header: list[str] = field(default_factory=list)
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: int = 0
    changes: list[RowChange] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    problem_count: int = 0
    rejected_rows: list[tuple[int, list[Cell]]] = field(default_factory=list)
    rejected_sheets: list[str | None] = field(default_factory=list)  # the sheet of each rejected row
    headers: dict[str | None, list[str]] = field(default_factory=dict)  # per sheet, for a workbook
    sheet: str | None = None  # the sheet being read (workbooks holding several kinds)
    previous_batch: int | None = None  # a committed batch of the very same file
    batch_id: int | None = None  # set once committed
    committed: bool = False

    @property
    def refused(self) -> bool:
        return self.problem_count > 0

    @property
    def has_changes(self) -> bool:
        return self.created + self.updated > 0

    def add_problems(self, items: Iterable[Problem]) -> None:
        for item in items:
            if self.sheet is not None:
                item = replace(item, sheet=self.sheet)
            self.problem_count += 1
            if len(self.problems) < PROBLEM_LIMIT:
                self.problems.append(item)

    def reject(self, row: int, cells: list[Cell], items: list[Problem]) -> None:
        self.rejected += 1
        if len(self.rejected_rows) < PROBLEM_LIMIT:
            self.rejected_rows.append((row, cells))
            self.rejected_sheets.append(self.sheet)
        self.add_problems(items)

    def problems_frame(self, lang: str | None = None) -> pd.DataFrame:
        frame = pd.DataFrame(
            [(item.row, item.column or "", item.value, item.message(lang), item.fix(lang)) for item in self.problems],
            columns=[t(f"import.table.{name}", lang) for name in ("row", "column", "value", "problem", "fix")],
        )
        if any(item.sheet for item in self.problems):
            frame.insert(0, t("import.table.sheet", lang), [item.sheet or "" for item in self.problems])
        return frame

    def rejected_frame(self, lang: str | None = None) -> pd.DataFrame:
        """The rejected rows as they were in the file, with their row number and an error column added."""
        by_row: dict[tuple[str | None, int], list[str]] = {}
        for item in self.problems:
            if item.row is not None:
                column = f"{item.column}: " if item.column else ""
                by_row.setdefault((item.sheet, item.row), []).append(f"{column}{item.message(lang)} {item.fix(lang)}")
        frames = []
        for sheet in dict.fromkeys(self.rejected_sheets):
            names = self.headers.get(sheet, self.header)
            width = len(names)
            header = [name or f"({index + 1})" for index, name in enumerate(names)]
            rows = []
            for (row, cells), row_sheet in zip(self.rejected_rows, self.rejected_sheets, strict=True):
                if row_sheet == sheet:
                    padded = [shown_cell(cell) for cell in cells[:width]] + [""] * (width - len(cells))
                    rows.append([row, *padded, " | ".join(by_row.get((sheet, row), []))])
            frame = pd.DataFrame(rows, columns=[t("import.label.row", lang), *header, t("import.label.errors", lang)])
            if sheet is not None:
                frame.insert(0, t("import.table.sheet", lang), sheet)
            frames.append(frame)
        if not frames:
            return pd.DataFrame(columns=[t("import.label.row", lang), t("import.label.errors", lang)])
        return pd.concat(frames, ignore_index=True) if len(frames) > 1 else frames[0]

    def changes_frame(self, lang: str | None = None, lookups_display: object = None) -> pd.DataFrame:
        """One line per changed field: row, action, record, column, before, after."""
        lines = []
        for change in self.changes:
            action = t(f"import.action.{change.action}", lang)
            for item in change.fields:
                lines.append((change.row, action, change.key, item.column, display_value(item.before, lang),
                              display_value(item.after, lang)))
        frame = pd.DataFrame(lines, columns=[t(f"import.table.{name}", lang)
                                             for name in ("row", "action", "record", "column", "before", "after")])
        if self.kind == WORKBOOK:
            frame.insert(0, t("import.table.kind", lang),
                         [t(f"upload.kind.{change.kind}", lang) for change in self.changes for _item in change.fields])
        return frame


def shown_cell(cell: Cell) -> str:
    if cell is None:
        return ""
    if isinstance(cell, dt.datetime):
        return cell.date().isoformat()
    return str(cell)


def display_value(value: object, lang: str | None = None) -> str:
    """A stored or uploaded value as text for the preview (lists joined the way files write them)."""
    from dashboard.formatting import MISSING, format_date, format_number

    if value is None or value == ():
        return MISSING
    if isinstance(value, bool):
        return t("import.value.yes" if value else "import.value.no", lang)
    if isinstance(value, dt.date):
        return format_date(value, lang)
    if isinstance(value, float):
        return format_number(value, lang, decimals=0 if value.is_integer() else 2)
    if isinstance(value, tuple):
        return "; ".join(f"{item[0]}:{item[1]:g}" if isinstance(item, tuple) else str(item) for item in value)
    return str(value)


class UndoRefusedError(Exception):
    """An undo that cannot be done; ``key``/``values`` give the message."""

    def __init__(self, key: str, **values: object) -> None:
        super().__init__(key)
        self.key = key
        self.values = values

    def message(self, lang: str | None = None) -> str:
        return t(self.key, lang, **self.values)


# ---------------------------------------------------------------------------------------------------------
# Preview and commit
# ---------------------------------------------------------------------------------------------------------


def checksum_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def preview(session: Session, *, kind: str, file_name: str, data: bytes, actor: Actor | None) -> Preview:
    """What the upload would do; writes nothing."""
    require(actor, Capability.upload)
    try:
        return _process(session, kind=kind, file_name=file_name, data=data, actor=actor, write=False)
    finally:
        session.rollback()  # reads only; leave no transaction open


def commit(session: Session, *, kind: str, file_name: str, data: bytes, actor: Actor | None) -> Preview:
    """Apply the upload in one transaction, or nothing at all when any row is rejected.

    This function owns the session's transaction: it commits on success and rolls back otherwise.
    """
    actor = require(actor, Capability.upload)
    try:
        result = _process(session, kind=kind, file_name=file_name, data=data, actor=actor, write=True)
        if result.refused or not result.has_changes:
            session.rollback()
            result.committed = False
            result.batch_id = None
            return result
        session.commit()
        result.committed = True
        return result
    except (IntegrityError, OperationalError):
        # Someone else changed the same records between our read and our write.
        session.rollback()
        result = Preview(kind, file_name, checksum_of(data), len(data))
        result.add_problems([problem(None, None, "", "error.concurrent_change")])
        return result
    except BaseException:
        session.rollback()
        raise


def _process(session: Session, *, kind: str, file_name: str, data: bytes, actor: Actor | None,
             write: bool) -> Preview:
    result = Preview(kind, file_name, checksum_of(data), len(data))
    if kind not in KINDS and kind != WORKBOOK:
        result.add_problems([problem(None, None, kind, "error.unknown_kind", kinds=", ".join((*KINDS, WORKBOOK)))])
        return result
    if len(data) > MAX_UPLOAD_BYTES:
        result.add_problems([problem(None, None, "", "error.too_large", limit=MAX_UPLOAD_MB,
                                     size=f"{len(data) / 1024 / 1024:.1f}")])
        return result
    try:
        sections = workbook_kinds(data) if kind == WORKBOOK else [kind]
    except ReadError as error:
        result.add_problems([problem(None, None, "", error.key, **error.values)])
        return result
    connection = session.connection()
    previous = connection.execute(
        select(ImportBatch.id).where(ImportBatch.checksum == result.checksum, ImportBatch.kind == kind,  # type: ignore[arg-type]
                                     ImportBatch.status == STATUS_COMMITTED).order_by(ImportBatch.id.desc())  # type: ignore[union-attr, attr-defined]
    ).first()
    result.previous_batch = previous[0] if previous else None
    planned = _Planned()
    for section in sections:
        result.sheet = section if kind == WORKBOOK else None
        _section(session, section, file_name, data, result, planned, actor if write else None)
    result.sheet = None
    if result.created + result.updated + result.unchanged + result.rejected == 0 and not result.refused:
        result.add_problems([problem(None, None, "", "error.header_only")])
    if write and not result.refused and result.has_changes:
        _finish(session, result, sections)
    return result


def workbook_kinds(data: bytes) -> list[str]:
    """The kinds a workbook holds (sheets named after kinds), in the order they are imported."""
    import zipfile

    from openpyxl import load_workbook

    from dashboard.importing.readers import ZIP_MAGIC
    from dashboard.importing.schemas import kind_for_sheet

    if not data.startswith(ZIP_MAGIC):
        raise ReadError("error.workbook_needed")
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError):
        raise ReadError("error.not_xlsx") from None
    found = {kind_for_sheet(name) for name in workbook.sheetnames}
    workbook.close()
    kinds = [kind for kind in KINDS if kind in found]
    if not kinds:
        raise ReadError("error.no_kind_sheets", kinds=", ".join(KINDS))
    return kinds


@dataclass
class _Planned:
    """Records an upload creates, so later sheets of the same workbook may refer to them before they exist."""

    projects: set[str] = field(default_factory=set)
    partners: dict[str, str] = field(default_factory=dict)
    indicators: set[tuple[str, str]] = field(default_factory=set)

    def note(self, kind: str, key: tuple[object, ...], values: dict[str, object]) -> None:
        if kind == "projects":
            self.projects.add(str(key[0]))
        elif kind == "partners":
            self.partners[str(key[0])] = str(values["name"])
        elif kind == "indicators":
            self.indicators.add((str(key[0]), str(key[1])))


def _section(session: Session, kind: str, file_name: str, data: bytes, result: Preview, planned: _Planned,
             writer_actor: Actor | None) -> None:
    """Read, check and (when ``writer_actor`` is given) write the rows of one kind."""
    try:
        table = open_table(data, file_name, kind)
    except ReadError as error:
        result.add_problems([problem(None, None, "", error.key, **error.values)])
        return
    if result.sheet is not None:
        result.sheet = table.detail  # problems name the worksheet as the person titled it
    result.detail = table.detail if result.sheet is None else ", ".join(filter(None, (result.detail, table.detail)))
    result.headers[result.sheet] = [shown_cell(cell) for cell in table.header]
    if result.sheet is None:
        result.header = result.headers[None]
    schema = schema_for(kind)
    header = map_header(schema, table.header, table.header_row)
    if header.problems:
        result.add_problems(header.problems)
        return
    connection = session.connection()
    store = STORES[kind]
    lookups = records.load_lookups(connection)
    references = lookups.references()
    references.projects |= planned.projects
    references.partner_names.update({key: name for key, name in planned.partners.items()
                                     if key not in references.partner_names})
    references.indicators |= planned.indicators
    validator = RowValidator(schema, header, table.style, references)
    index = records.load_index(connection, store, lookups)
    writer = _Writer(session, store, lookups, result, writer_actor) if writer_actor is not None else None
    rows = table.rows()
    try:
        with _young_collections_only():
            while True:
                chunk = list(itertools.islice(rows, ROWS_PER_CHUNK))
                if not chunk:
                    break
                _chunk(chunk, validator, store, lookups, index, result, writer, connection, planned)
                del chunk
                gc.collect(1)
    except ReadError as error:
        result.add_problems([problem(error.values.get("row"), None, "", error.key, **error.values)])  # type: ignore[arg-type]


@contextmanager
def _young_collections_only() -> Iterator[None]:
    """Pause the garbage collector's automatic runs while the chunks are read and written; the loop collects
    the young generations itself after each chunk, so reference cycles left by a chunk are still freed and
    memory stays bounded. Why: each chunk leaves thousands of objects alive long enough to reach the oldest
    generation, which triggers full collections, and a full collection walks every object of the process
    (the whole application, ~0.1 s each here): about a tenth of a 100 000-row upload. Whoever found the
    collector enabled enables it again, so overlapping uploads in other threads leave it as it was."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _key_text(store: Store, lookups: Lookups, key: tuple[object, ...], values: dict[str, object]) -> str:
    if store.kind == "partners":
        return str(values.get("name", key[0]))
    schema = schema_for(store.kind)
    return " · ".join(str(lookups.display(name, part)) for name, part in zip(schema.key, key, strict=True)
                      if part is not None)


def _chunk(chunk: list[tuple[int, list[Cell]]], validator: RowValidator, store: Store, lookups: Lookups,
           index: dict[tuple[object, ...], int], result: Preview, writer: _Writer | None,
           connection: Connection, planned: _Planned) -> None:
    valid: list[tuple[int, dict[str, object], tuple[object, ...], int | None]] = []
    for (row, cells), (values, problems, key) in zip(chunk, validator.validate_rows(chunk), strict=True):
        if values is None or key is None:
            result.reject(row, cells, problems)
            continue
        existing_id = index.get(key)
        if store.kind == "partners" and existing_id is None:
            near = validator.references.near_partners(key[0])  # type: ignore[arg-type]
            if near and not values.get("new_partner"):
                result.reject(row, cells, [problem(row, validator._header("name"), values["name"],
                                                   "error.near_duplicate_partner", suggestions="; ".join(near))])
                continue
            # Later rows of the same file are checked against this new partner too.
            validator.references.partner_names[key[0]] = str(values["name"])  # type: ignore[index]
        valid.append((row, values, key, existing_id))
    matched = [item[3] for item in valid if item[3] is not None]
    stored = records.load_rows(connection, store, matched) if matched else {}
    for row, values, key, existing_id in valid:
        if existing_id is None:
            result.created += 1
            planned.note(store.kind, key, values)
            if len(result.changes) < DETAIL_LIMIT:
                fields = tuple(FieldChange(name, None, lookups.display(name, value)) for name, value in values.items()
                               if name != "new_partner")
                result.changes.append(RowChange(row, "create", _key_text(store, lookups, key, values), fields,
                                                store.kind if result.kind == WORKBOOK else ""))
            if writer is not None and not result.refused:
                writer.create(values)
            continue
        existing = stored[existing_id]
        natural = records.natural_of_row(store, lookups, existing)
        changed = {}
        for name, value in values.items():
            if name not in store.fields and store.link(name) is None:
                continue  # not stored (e.g. new_partner)
            if store.kind == "partners" and name == "name":
                continue  # the stored spelling of a partner's name is kept
            if natural.get(name) != value:
                changed[name] = value
        if not changed:
            result.unchanged += 1
            continue
        result.updated += 1
        if len(result.changes) < DETAIL_LIMIT:
            fields = tuple(FieldChange(name, lookups.display(name, natural.get(name)), lookups.display(name, value))
                           for name, value in changed.items())
            result.changes.append(RowChange(row, "update", _key_text(store, lookups, key, values), fields,
                                            store.kind if result.kind == WORKBOOK else ""))
        if writer is not None and not result.refused:
            writer.update(existing, natural, changed)
    if writer is not None and not result.refused:
        writer.flush()


class _Writer:
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
        self.creates: list[dict[str, object]] = []
        self.updates: list[tuple[dict[str, object], dict[str, object], dict[str, object]]] = []
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
                 "user": self.actor.username, "created_at": self.now, "status": STATUS_COMMITTED},
            ).scalar_one()
            self.result.batch_id = self.batch_id
        return self.batch_id

    def create(self, values: dict[str, object]) -> None:
        self.creates.append(values)

    def update(self, existing: dict[str, object], natural: dict[str, object], changed: dict[str, object]) -> None:
        self.updates.append((existing, natural, changed))

    def _new_rows(self, creates: list[dict[str, object]]) -> tuple[list[str], list[list[object]]]:
        """The rows to insert for ``creates``, column by column: the column names and each column's values
        (every column of the table but id; the model's default where the file says nothing). Built a column
        at a time because, at 100 000 rows, a dict per row cost as much as the insert."""
        store, lookups, count = self.store, self.lookups, len(creates)
        columns: dict[str, list[object]] = {}
        for column, (db_column, reference) in store.fields.items():
            if reference == "indicator_project":
                continue  # the project half of an indicator reference: the indicator's id says it
            if any(column not in values for values in creates):
                default = self.base[db_column]
                given: list[object] = [values.get(column, default) for values in creates]
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
        elif store.kind == "spending":
            currency = lookups.project_currency
            columns["currency"] = [values["currency"] if "currency" in values
                                   else currency.get(str(values["project_code"]), "EUR") for values in creates]
        elif store.kind == "reviews":
            columns["created_by"] = [self.actor.username] * count
        names = list(self.base)
        return names, [columns[name] if name in columns else [self.base[name]] * count for name in names]

    def _reference(self, reference: str, value: object, values: dict[str, object]) -> object:
        """A file's reference (project code, partner, indicator code) as the row id it names."""
        lookups = self.lookups
        if reference == "project":
            return lookups.project_id[value]  # type: ignore[index]
        if reference == "partner":
            return lookups.partner_id[value] if value is not None else None  # type: ignore[index]
        return lookups.indicator_id[(values["project_code"], value)]  # type: ignore[index]

    def flush(self) -> None:
        if not self.creates and not self.updates:
            return
        batch_id = self._batch()
        store, table = self.store, self.store.table
        events: list[dict[str, object]] = []
        if self.creates:
            names, columns = self._new_rows(self.creates)
            ids = records.allocate_ids(self.connection, table, len(self.creates))
            names.append("id")
            columns.append(ids)
            records.insert_columns(self.connection, table, names, columns)
            # The audit snapshot of each row, encoded straight from the inserted values.
            rows = list(map(dict, map(zip, itertools.repeat(names), zip(*columns, strict=True))))
            if store.links:
                link_changes = []
                afters = []
                for id_, row, values in zip(ids, rows, self.creates, strict=True):
                    links = {link.column: values.get(link.column, ()) for link in store.links}
                    link_changes.extend((id_, column, items) for column, items in links.items() if items)
                    afters.append(records.snapshot_new(row, links))
                if link_changes:
                    records.replace_links(self.connection, store, self.lookups, link_changes)
            else:
                afters = [records.snapshot_new(row, None) for row in rows]
            self._insert_events("create", ids, None, afters)
            self.creates = []
        if self.updates:
            groups: dict[tuple[str, ...], list[dict[str, object]]] = {}
            link_changes = []
            for existing, natural, changed in self.updates:
                new_values = records.db_values(store, self.lookups, changed)
                if store.touched:
                    new_values["updated_at"] = self.now
                if existing.get("is_illustrative"):
                    new_values["is_illustrative"] = False  # staff data now stands in for the generated row
                after_row = {**existing, **new_values}
                before_links = {link.column: natural[link.column] for link in store.links}
                after_links = {**before_links, **{name: value for name, value in changed.items()
                                                  if store.link(name) is not None}}
                link_changes.extend((existing["id"], name, value) for name, value in changed.items()
                                    if store.link(name) is not None)
                if new_values:
                    columns = tuple(sorted(new_values))
                    groups.setdefault(columns, []).append(
                        {"_id": existing["id"], **{f"_{name}": new_values[name] for name in columns}})
                events.append(self._event("update", existing["id"],  # type: ignore[arg-type]
                                          records.snapshot(store, existing, before_links),
                                          records.snapshot(store, after_row, after_links)))
            for columns, parameters in groups.items():
                statement = update(table).where(table.c.id == bindparam("_id")).values(
                    {name: bindparam(f"_{name}") for name in columns})
                self.connection.execute(statement, parameters)
            if link_changes:
                records.replace_links(self.connection, store, self.lookups, link_changes)
            self.updates = []
        _insert_audit(self.connection, events)
        del batch_id

    def _event(self, action: str, record_id: int, before: str | None, after: str | None) -> dict[str, object]:
        return {"batch_id": self.batch_id, "at": self.now, "user": self.actor.username, "action": action,
                "table_name": self.table_name, "record_id": record_id, "before": before, "after": after,
                "detail": None}

    def _insert_events(self, action: str, ids: list[int], befores: list[str | None] | None,
                       afters: list[str | None]) -> None:
        """One audit row per record, column by column (what _event gives, without a dict per row)."""
        count = len(ids)
        names = ["batch_id", "at", "user", "action", "table_name", "record_id", "before", "after", "detail"]
        constant = [self.batch_id, self.now, self.actor.username, action, self.table_name]
        columns = [[value] * count for value in constant]
        columns += [ids, befores if befores is not None else [None] * count, afters, [None] * count]
        records.insert_columns(self.connection, self.audit_table, names, columns)



def _finish(session: Session, result: Preview, kinds: list[str]) -> None:
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
                                              _indicators_touched(session.connection(), result.batch_id))
    db.bump_revision(session)


def _indicators_touched(connection: Connection, batch_id: int | None) -> set[int]:
    """Indicators whose values or rule batch ``batch_id`` wrote: their stored values to date
    (``dashboard.values_to_date``) must follow. Read while the batch's rows still exist."""
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
    overdue lists follow (the rule lives in dashboard.reviews). The dates they replace are kept in the batch's
    audit trail, so undo puts them back exactly."""
    from dashboard.reviews import sync_review_dates

    partners = _reviewed_partners(session, result.batch_id)
    if not partners:
        return
    before = _review_dates(session, partners)
    sync_review_dates(session, partners)
    session.flush()
    after = _review_dates(session, partners)
    _insert_audit(session.connection(), [
        {"batch_id": result.batch_id, "at": utcnow(), "user": None, "action": REVIEW_DATES_ACTION,
         "table_name": None, "record_id": partner, "before": json.dumps(before[partner]),
         "after": json.dumps(after[partner]), "detail": None}
        for partner in partners if before[partner] != after[partner]])


def _restore_review_dates(session: Session, events: list[Row]) -> None:
    organisations = table_of(Organisation)
    for event in events:
        before = json.loads(event.before)
        dates = {name: value and (dt.datetime if name == "updated_at" else dt.date).fromisoformat(value)
                 for name, value in before.items()}
        session.connection().execute(update(organisations).where(organisations.c.id == event.record_id).values(dates))


def _insert_audit(connection: Connection, events: list[dict[str, object]]) -> None:
    records.driver_insert(connection, table_of(AuditEvent), events)


def _column_defaults(store: Store, now: dt.datetime) -> dict[str, object]:
    """Every column of the table with the model's default, so executemany rows all have the same keys."""
    model = next(model for model in (records.Organisation, records.Project, ProjectRole, BudgetLine, Spending,
                                     Indicator, IndicatorValue, PartnershipReview, records.ExchangeRate)
                 if table_of(model) is store.table)
    defaults: dict[str, object] = {}
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
                     row["status"] == STATUS_COMMITTED and can_undo_batch(actor, row["user"]))
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
    indicators_to_refresh = _indicators_touched(connection, batch_id)
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
    undo_events: list[dict[str, object]] = []
    deleted = restored = 0
    for store in order:
        table_events = by_table[store.table.name]
        created = [event.record_id for event in table_events if event.action == "create"]
        _refuse_if_depended_on(connection, store, created, batch_id)
        for part in records.chunks(created):
            for link in store.links:
                connection.execute(link.table.delete().where(link.table.c[link.owner].in_(part)))
            connection.execute(store.table.delete().where(store.table.c.id.in_(part)))
        restored_rows: list[dict[str, object]] = []
        link_changes = []
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
    _insert_audit(connection, undo_events)
    connection.execute(update(batch_table).where(batch_table.c.id == batch_id).values(
        status=STATUS_UNDONE, undone_at=now, undone_by=user))
    _restore_review_dates(session, [event for event in events if event.action == REVIEW_DATES_ACTION])
    values_to_date.refresh_values_to_date(connection, indicators_to_refresh)
    db.bump_revision(session)
    return UndoResult(batch_id, deleted=deleted, restored=restored)


def _undo_event(batch_id: int, now: dt.datetime, user: str, store: Store, record_id: int, before: str | None,
                after: str | None) -> dict[str, object]:
    return {"batch_id": None, "at": now, "user": user, "action": "undo_" + ("create" if after is None else "update"),
            "table_name": str(store.table.name), "record_id": record_id, "before": before, "after": after,
            "detail": f"undo of import batch {batch_id}"}


def _same(store: Store, lookups: Lookups, row: dict[str, object], snapshot: dict[str, object]) -> bool:
    expected = records.restore_row(store, snapshot["row"])  # type: ignore[arg-type]
    for name, value in expected.items():
        if name in NOT_COMPARED:
            continue
        if row.get(name) != value:
            return False
    for link in store.links:
        stored = records.link_natural(link, lookups, row.get(link.column, []))  # type: ignore[arg-type]
        wanted = snapshot.get("links", {}).get(link.column, [])  # type: ignore[union-attr]
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
        later.update(row[0] for row in connection.execute(query))  # type: ignore[attr-defined]
    if later:
        batches = sorted(f"#{item}" for item in later if item is not None)
        raise UndoRefusedError("import.undo.later_batch", batch=batch_id,
                               later=", ".join(batches) if batches else t("import.undo.other_edits"))


def _refuse_if_depended_on(connection: Connection, store: Store, created: list[int], batch_id: int) -> None:
    for model, column in DEPENDENTS.get(store.table.name, ()):
        table = table_of(model)
        count = 0
        for part in records.chunks(created):
            count += connection.execute(  # type: ignore[attr-defined]
                select(func.count()).select_from(table).where(table.c[column].in_(part))).scalar_one()
        if count:
            raise UndoRefusedError("import.undo.dependents", batch=batch_id, count=count, table=table.name)
