"""One record at a time: the engine of the forms staff use to fix or add a record where they see it (issue 17).

A form is one row of its kind's upload, nothing else. Its values are laid out as that kind's one-row table
(the kind's columns as the header, in the reader's language) and go through the upload's own validator
(``RowValidator.validate_rows``), the upload's near-duplicate partner rule, the upload's comparison with the
stored record (``pipeline.changed_fields``) and the upload's writer, which records the change as an import
batch of one (``ImportBatch.origin`` "form", with the reason) and one audit event carrying the reason. So the
change is listed in the import history and ``dashboard.importing.undo.undo`` reverses it like any batch.

What a form adds to an upload row:

- it names its record by id, so it may change the fields of the natural key too (a budget line's period, a
  partner's name); the new key must not be another record's;
- an empty field clears the stored value (an empty cell in a file leaves it alone): back to the kind's default
  where the column has one (a project's currency, a line's status), else empty;
- optimistic concurrency: ``open_record`` gives the record's ``version`` (``record_version``: a digest of the
  stored row and its lists, what the undo compares too); ``check`` and ``save`` refuse with ``stale`` and the
  record as it is now when the version differs: someone or some upload changed it since the form opened;
- a short reason is required to save.

Permissions are checked here (``Capability.edit_records``: staff and admin), so leadership and the reference
group are refused even when they call these functions directly.

Flow: ``open_record`` / ``new_record`` → ``check`` (writes nothing; before → after) → ``save``.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

import orjson
from sqlalchemy import select
from sqlalchemy.engine import Connection
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlmodel import Session

from dashboard.core import db
from dashboard.core.errors import TranslatableError
from dashboard.core.i18n import normalise_language
from dashboard.core.permissions import Actor, Capability, require
from dashboard.core.text import fold
from dashboard.importing import records
from dashboard.importing.header import map_header
from dashboard.importing.indicator_rules import ValueScales
from dashboard.importing.money_checks import CHECKED_KINDS, MoneyChecks
from dashboard.importing.pipeline import (
    WRITE_FAILURE_KEYS,
    changed_fields,
    indicator_problems,
    key_text,
    near_partner_problem,
    other_name_problems,
)
from dashboard.importing.preview import ORIGIN_FORM, FieldChange, Preview
from dashboard.importing.problems import Problem, problem
from dashboard.importing.readers import Cell
from dashboard.importing.records import STORES, Lookups, Store
from dashboard.importing.schemas import KEY_DEFAULTS, KINDS, Column, schema_for
from dashboard.importing.undo import NOT_COMPARED
from dashboard.importing.validation import RowValidator
from dashboard.importing.values import NumberStyle, is_blank, list_cell
from dashboard.importing.writer import Writer, finish_batch
from dashboard.standards.problems import Problem as StandardProblem

# The row number a form's problems carry: the form is the one row under the header.
FORM_ROW = 2
# A short reason: enough to say why ("end date from the signed amendment"), short enough for the history.
REASON_MIN_CHARS = 3
REASON_MAX_CHARS = 300
# Columns of an upload that are not a record's field: a confirmation a form asks only when it is needed.
NOT_FIELDS = frozenset({"new_partner"})
# Fields a new record's form leaves blank rather than showing the kind's default: an indicator's direction,
# read from its target when left blank (``indicator_rules``), as in an upload.
BLANK_IN_NEW_FORMS: dict[str, frozenset[str]] = {"indicators": frozenset({"direction"})}


class EditStatus(StrEnum):
    """What ``check`` or ``save`` found."""

    ready = "ready"  # checked: saving would make ``changes`` (check only)
    saved = "saved"  # committed as import batch ``batch_id``
    unchanged = "unchanged"  # the values are the stored ones: nothing to save
    invalid = "invalid"  # ``problems`` (the upload's own, or the reason's) stop it
    stale = "stale"  # the record changed since the form opened: ``current`` holds it as it is now
    gone = "gone"  # the record no longer exists (an undo removed it)


class RecordNotFoundError(TranslatableError, LookupError):
    """No record ``record_id`` of ``kind`` (an undo removed it since the control was drawn)."""

    def __init__(self, kind: str, record_id: int) -> None:
        super().__init__("form.gone")
        self.kind = kind
        self.record_id = record_id


@dataclass(frozen=True)
class RecordForm:
    """What a form starts from: a stored record (``record_id``, ``version``) or a new one (both None).

    ``values`` are keyed by the kind's column names, in the upload's terms as people read them: codes, partners
    by their stored name, dates as ``datetime.date``, numbers as float, lists as tuples, None when empty.
    """

    kind: str
    record_id: int | None
    values: Mapping[str, object]
    version: str | None
    label: str


@dataclass(frozen=True)
class EditResult:
    """The outcome of ``check`` or ``save`` for one record of ``kind``."""

    kind: str
    record_id: int | None  # the record edited, or created once saved
    status: EditStatus
    changes: tuple[FieldChange, ...] = ()  # before → after, as people read the values
    problems: tuple[Problem, ...] = ()
    batch_id: int | None = None
    current: RecordForm | None = None  # stale: the record now; saved: the record as saved (its new version)
    fields: Mapping[str, str] = field(default_factory=dict)  # problem column as written -> field name
    # What to check before saving, as the upload's preview notes it (``money_checks``): an implausible date or
    # period, spending against a zero budget, a project's currency change. Warnings: they never stop a save.
    notes: tuple[StandardProblem, ...] = ()

    def field_of(self, item: Problem) -> str | None:
        """The form field a problem is about (None: the record as a whole)."""
        return self.fields.get(item.column) if item.column else None


def form_columns(kind: str) -> tuple[Column, ...]:
    """The kind's columns a form shows: every stored field (the upload's confirmation columns left out)."""
    store = _store(kind)
    return tuple(column for column in schema_for(kind).columns
                 if column.name not in NOT_FIELDS and (column.name in store.fields or store.link(column.name)))


@dataclass(frozen=True)
class FormOptions:
    """What a form's pickers offer: the stored records a field may name, as the upload names them."""

    partners: tuple[str, ...]  # stored names, sorted as people read them
    projects: tuple[str, ...]  # codes
    indicators: Mapping[str, tuple[str, ...]]  # project code -> its indicator codes
    objectives: tuple[str, ...]  # strategic objective codes


def form_options(session: Session, *, actor: Actor | None) -> FormOptions:
    """The partners, projects, indicators and strategic objectives a form may name (one read of each)."""
    require(actor, Capability.edit_records)
    try:
        lookups = records.load_lookups(session.connection())
    finally:
        session.rollback()
    indicators: dict[str, list[str]] = {}
    for project, code in sorted(lookups.indicator_id):
        indicators.setdefault(project, []).append(code)
    return FormOptions(
        partners=tuple(sorted(lookups.partner_name.values(), key=lambda name: (fold(name), name))),
        projects=tuple(sorted(lookups.project_id)),
        indicators={project: tuple(codes) for project, codes in indicators.items()},
        objectives=tuple(sorted(lookups.objective_id)),
    )


def locate_record(session: Session, *, kind: str, key: Mapping[str, object], actor: Actor | None) -> int | None:
    """The id of the record of ``kind`` that ``key`` names in the upload's terms (a project by ``{"code": …}``,
    a partner by ``{"name": …}``), or None: for controls that know a record by its code (an alert, a link)."""
    require(actor, Capability.edit_records)
    store = _store(kind)
    try:
        connection = session.connection()
        values = dict(key)
        for name, default in KEY_DEFAULTS.get(kind, {}).items():
            values.setdefault(name, default)
        return records.find_record(connection, store, records.load_lookups(connection), values)
    finally:
        session.rollback()


def related_preset(session: Session, *, kind: str, table: str, record_id: int,
                   actor: Actor | None) -> dict[str, object]:
    """What a new record of ``kind`` takes from the stored record ``record_id`` of ``table`` it belongs to: a
    budget line or an indicator its project's code, an indicator value its indicator's project and code, a
    review or a role its partner. Empty when ``kind`` has no field naming that record."""
    require(actor, Capability.edit_records)
    owner = STORES[records.TABLE_KIND[table]]
    try:
        connection = session.connection()
        lookups = records.load_lookups(connection)
        row = records.load_rows(connection, owner, [record_id]).get(record_id)
    finally:
        session.rollback()
    if row is None:
        return {}
    names = {column.name for column in form_columns(kind)}
    if owner.kind == "projects" and "project_code" in names:
        return {"project_code": row["code"]}
    if owner.kind == "indicators" and "indicator_code" in names:
        project, code = lookups.indicator_key[record_id]
        return {"project_code": project, "indicator_code": code}
    if owner.kind == "partners":
        field_name = next((name for name in ("partner", "funder") if name in names), None)
        return {field_name: row["name"]} if field_name else {}
    return {}


def record_version(store: Store, row: Mapping[str, object]) -> str:
    """The version a form carries: a digest of the stored row and its lists (``records.load_rows``).

    Timestamps and the values derived after every write (``undo.NOT_COMPARED``) are left out: they are not what
    a person changes. Why a digest and not a counter column: every writer (an upload, an undo, the review dates
    a review moves, writers yet to come) changes it without having to know about it."""
    data = {name: row.get(name) for name in store.column_names if name not in NOT_COMPARED}
    links = {link.column: _link_items(row.get(link.column)) for link in store.links}
    return hashlib.sha256(orjson.dumps([data, links], option=orjson.OPT_SORT_KEYS)).hexdigest()[:32]


def _link_items(value: object) -> list[list[Any]]:
    """A record's list field as ``load_rows`` gives it (rows of its link table), in a stable order."""
    return sorted((list(item) for item in value), key=repr) if isinstance(value, list | tuple) else []


def open_record(session: Session, *, kind: str, record_id: int, actor: Actor | None) -> RecordForm:
    """The stored record ``record_id`` of ``kind`` as a form shows it, with its version.

    Raises ``PermissionDeniedError`` unless ``actor`` may edit records, ``RecordNotFoundError`` when it does not
    exist."""
    require(actor, Capability.edit_records)
    store = _store(kind)
    try:
        connection = session.connection()
        lookups = records.load_lookups(connection)
        form = _read(connection, store, lookups, record_id)
    finally:
        session.rollback()  # reads only
    if form is None:
        raise RecordNotFoundError(kind, record_id)
    return form


def new_record(session: Session, *, kind: str, actor: Actor | None,
               preset: Mapping[str, object] | None = None) -> RecordForm:
    """A blank record of ``kind``: ``preset`` values (the project of a budget line, the indicator of a value),
    else the kind's defaults, else empty (a budget or spending line's currency left empty is its project's)."""
    require(actor, Capability.edit_records)
    store = _store(kind)
    preset = dict(preset or {})
    columns = form_columns(kind)
    unknown = set(preset) - {column.name for column in columns}
    if unknown:
        raise KeyError(f"not a field of {kind}: {', '.join(sorted(unknown))}")
    values: dict[str, object] = {}
    for column in columns:
        if column.name in preset:
            values[column.name] = preset[column.name]
        elif store.link(column.name) is not None:
            values[column.name] = ()
        elif column.name in BLANK_IN_NEW_FORMS.get(kind, ()):
            values[column.name] = None
        else:
            values[column.name] = store.defaults.get(store.fields[column.name][0])
    return RecordForm(kind, None, values, None, "")


def check(session: Session, *, kind: str, values: Mapping[str, object], actor: Actor | None,
          record_id: int | None = None, version: str | None = None, lang: str | None = None) -> EditResult:
    """What saving ``values`` would do to record ``record_id`` (None: a new record of ``kind``); writes nothing.

    ``values`` are the form's fields as ``RecordForm.values`` gives them (typed text is read as a file's cell
    is). For an edit, fields left out keep their stored value. Problems name the columns as the upload template
    heads them in ``lang``."""
    require(actor, Capability.edit_records)
    try:
        return _evaluate(session, kind, record_id, values, version, lang).result
    finally:
        session.rollback()


def save(session: Session, *, kind: str, values: Mapping[str, object], reason: str, actor: Actor | None,
         record_id: int | None = None, version: str | None = None, lang: str | None = None) -> EditResult:
    """Check ``values`` as ``check`` does and, when they change the record and ``reason`` is given, commit the
    change as an import batch of one, audited with the reason.

    Owns the session's transaction (give it a fresh session): its first statement takes the write lock, so
    the version compared is the one overwritten; commits on success, rolls back otherwise. A write that meets
    another writer's (unique keys, a lock) is reported ``stale`` with the record as it is now."""
    actor = require(actor, Capability.edit_records)
    reason_text = " ".join((reason or "").split())
    try:
        _take_write_lock(session.connection())
        plan = _evaluate(session, kind, record_id, values, version, lang, lock=True)
        result = plan.result
        reason_problems = _reason_problems(reason_text)
        if result.status == EditStatus.ready and reason_problems:
            result = EditResult(kind, record_id, EditStatus.invalid, result.changes, tuple(reason_problems),
                                fields=result.fields)
        elif result.status == EditStatus.invalid:
            result = EditResult(kind, record_id, EditStatus.invalid, result.changes,
                                (*result.problems, *reason_problems), fields=result.fields)
        if result.status != EditStatus.ready:
            session.rollback()
            return result
        saved = _write(session, plan, actor, reason_text)
        session.commit()
        return saved
    except (IntegrityError, OperationalError) as error:
        session.rollback()
        failure = db.write_failure(error)
        if failure in (db.WriteFailure.busy, db.WriteFailure.full):  # said as such, not as another's change
            return EditResult(kind, record_id, EditStatus.invalid,
                              problems=(problem(None, None, "", WRITE_FAILURE_KEYS[failure]),))
        # Another writer got there between our checks and our write (a unique key): say what is there.
        return _refused_stale(session, kind, record_id)
    except BaseException:
        session.rollback()
        raise


# ---------------------------------------------------------------------------------------------------------
# Inside
# ---------------------------------------------------------------------------------------------------------


@dataclass
class _Plan:
    """A checked form: the result, and what ``_write`` needs."""

    result: EditResult
    store: Store | None = None
    lookups: Lookups | None = None
    values: dict[str, object] = field(default_factory=dict)  # checked values to write
    existing: dict[str, object] | None = None  # the stored row (edits)
    natural: dict[str, object] = field(default_factory=dict)  # the stored row in upload terms
    changed: dict[str, object] = field(default_factory=dict)
    label: str = ""


def _store(kind: str) -> Store:
    if kind not in KINDS:
        raise ValueError(f"unknown kind {kind!r}; one of {', '.join(KINDS)}")
    return STORES[kind]


def _read(connection: Connection, store: Store, lookups: Lookups, record_id: int, *,
          lock: bool = False) -> RecordForm | None:
    """The stored record as a form shows it, or None. ``lock``: row-locked until the transaction ends
    (PostgreSQL; SQLite holds the database write lock already)."""
    if lock:
        found = connection.execute(select(store.table.c.id).where(store.table.c.id == record_id)
                                   .with_for_update()).scalar()
        if found is None:
            return None
    row = records.load_rows(connection, store, [record_id]).get(record_id)
    if row is None:
        return None
    natural = records.natural_of_row(store, lookups, row)
    values = {column.name: lookups.display(column.name, natural.get(column.name))
              for column in form_columns(store.kind)}
    label = key_text(store, lookups, records.natural_key_of_row(store, lookups, row), natural)
    return RecordForm(store.kind, record_id, values, record_version(store, row), label)


def _cell(value: object) -> Cell:
    """A form's value as the cell of a file (what the validator reads): lists joined as a file writes them."""
    if isinstance(value, tuple | list):
        return list_cell(value) if value else None
    return value


def _cleared(store: Store, lookups: Lookups, name: str, values: Mapping[str, object]) -> object:
    """The value an emptied field takes on an edit: an empty list, the column's default, else None (a budget
    or spending line's currency emptied is its project's, read when the figures are summed)."""
    if store.link(name) is not None:
        return ()
    return store.defaults.get(store.fields[name][0])


def _evaluate(session: Session, kind: str, record_id: int | None, values: Mapping[str, object],
              version: str | None, lang: str | None, *, lock: bool = False) -> _Plan:
    store = _store(kind)
    schema = schema_for(kind)
    lang = normalise_language(lang)
    columns = form_columns(kind)
    names = {column.name for column in columns}
    unknown = set(values) - names - NOT_FIELDS
    if unknown:
        raise KeyError(f"not a field of {kind}: {', '.join(sorted(unknown))}")
    connection = session.connection()
    lookups = records.load_lookups(connection)
    current: RecordForm | None = None
    existing: dict[str, object] | None = None
    if record_id is not None:
        current = _read(connection, store, lookups, record_id, lock=lock)
        if current is None:
            return _Plan(EditResult(kind, record_id, EditStatus.gone))
        if version != current.version:
            return _Plan(EditResult(kind, record_id, EditStatus.stale, current=current))
        existing = records.load_rows(connection, store, [record_id])[record_id]
    # The form as the kind's one-row table: every field under its header in the reader's language, the
    # record's stored values where an edit's form leaves a field out.
    given = {**(current.values if current is not None else {}), **values}
    shown = [column for column in schema.columns if column.name in names or column.name in given]
    header = map_header(schema, [column.header(lang) for column in shown], 1)
    fields = {column.header(lang): column.name for column in shown}
    if header.problems:  # cannot happen with the schema's own headers; said rather than assumed
        return _Plan(EditResult(kind, record_id, EditStatus.invalid, problems=tuple(header.problems), fields=fields))
    references = lookups.references()
    # A French form reads numbers as a French file does (decimal comma); a plain 0.5 reads the same in both.
    validator = RowValidator(schema, header, NumberStyle(decimal_comma=lang == "fr"), references)
    cells = [_cell(given.get(column.name)) for column in shown]
    checked, problems, key = next(validator.validate_rows([(FORM_ROW, cells)]))
    if checked is None or key is None:
        return _Plan(EditResult(kind, record_id, EditStatus.invalid, problems=tuple(problems), fields=fields))
    natural = records.natural_of_row(store, lookups, existing) if existing is not None else {}
    itself = str(existing["name_key"]) if existing is not None and kind == "partners" else None
    other = records.find_record(connection, store, lookups, checked)
    if other is not None and other != record_id:
        taken = _read(connection, store, lookups, other)
        holder = taken.label if taken is not None else str(other)
        problems = [problem(FORM_ROW, validator.key_header, holder, "error.key_taken", key=schema.key_headers(lang),
                            value=holder)]
    elif kind == "partners":
        # The names other partners go by: a new partner under one of them, an alias another partner holds.
        problems = other_name_problems(validator, FORM_ROW, checked, itself=itself)
        if not problems and (existing is None or key[0] != itself):
            near = near_partner_problem(validator, FORM_ROW, checked, itself=itself)
            problems = [near] if near is not None else []
    elif kind in ("indicators", "indicator-values"):  # the upload's rules of an indicator's meaning
        scales = ValueScales(connection) if kind == "indicator-values" else None
        found = indicator_problems(validator, store, lookups, [(FORM_ROW, checked, natural if existing else None)],
                                   scales)
        problems = found.get(FORM_ROW, [])
    if problems:
        return _Plan(EditResult(kind, record_id, EditStatus.invalid, problems=tuple(problems), fields=fields))
    label = key_text(store, lookups, key, checked)
    notes = _notes(connection, kind, label, checked, lookups)
    if existing is None:
        changes = tuple(FieldChange(name, None, lookups.display(name, value)) for name, value in checked.items()
                        if name not in NOT_FIELDS)
        return _Plan(EditResult(kind, None, EditStatus.ready, changes, fields=fields, notes=notes), store, lookups,
                     checked, label=label)
    for column in columns:  # an emptied field clears the stored value (a blank cell of a file leaves it)
        if column.name not in checked and is_blank(_cell(given.get(column.name))):
            checked[column.name] = _cleared(store, lookups, column.name, checked)
    changed = changed_fields(store, checked, natural, rename=True)
    changes = tuple(FieldChange(name, lookups.display(name, natural.get(name)), lookups.display(name, value))
                    for name, value in changed.items())
    status = EditStatus.ready if changed else EditStatus.unchanged
    return _Plan(EditResult(kind, record_id, status, changes, fields=fields, notes=notes if changed else ()), store,
                 lookups, checked, existing, natural, changed, label)


def _notes(connection: Connection, kind: str, label: str, checked: Mapping[str, object],
           lookups: Lookups) -> tuple[StandardProblem, ...]:
    """The upload preview's notes on the form's one row (``MoneyChecks.check``: an indicator value's or budget
    line's period, a transaction's date, spending against a zero budget…), named by field. Reads only."""
    if kind not in CHECKED_KINDS:
        return ()
    preview = Preview(kind, label, "", 0)
    MoneyChecks.start(connection).check(kind, FORM_ROW, label, checked, lookups, preview)
    return tuple(preview.notes)


def _reason_problems(reason: str) -> list[Problem]:
    if len(reason) < REASON_MIN_CHARS:
        return [Problem(None, None, reason, "form.error.reason_missing", {"minimum": REASON_MIN_CHARS})]
    if len(reason) > REASON_MAX_CHARS:
        return [Problem(None, None, reason[:80], "form.error.reason_too_long",
                        {"length": len(reason), "limit": REASON_MAX_CHARS})]
    return []


def _take_write_lock(connection: Connection) -> None:
    """Serialise form saves with every other writer before anything is read: an update of the data revision
    row that changes nothing. SQLite takes its database write lock on it (waiting out the busy timeout), so
    no write lands between our read of the version and our write; PostgreSQL locks that row, which every
    writer updates (``db.bump_revision``), and ``_read`` locks the record's row too."""
    db.lock_writes(connection)


def _write(session: Session, plan: _Plan, actor: Actor, reason: str) -> EditResult:
    """Commit-ready: the change written through the upload's writer as import batch of one."""
    assert plan.store is not None and plan.lookups is not None
    store, result = plan.store, plan.result
    payload = {"kind": store.kind, "record": result.record_id, "values": plan.values, "reason": reason}
    preview = Preview(store.kind, plan.label, hashlib.sha256(orjson.dumps(payload, default=str)).hexdigest(), 0,
                      origin=ORIGIN_FORM, reason=reason)
    writer = Writer(session, store, plan.lookups, preview, actor)
    if plan.existing is None:
        writer.create(plan.values)
        preview.created = 1
    else:
        writer.update(plan.existing, plan.natural, plan.changed)
        preview.updated = 1
    writer.flush()
    finish_batch(session, preview, [store.kind])
    connection = session.connection()
    lookups = records.load_lookups(connection)  # a new partner or a renamed one is in them now
    record_id = result.record_id if result.record_id is not None else \
        records.find_record(connection, store, lookups, plan.values)
    assert record_id is not None
    saved = _read(connection, store, lookups, record_id)
    return EditResult(store.kind, record_id, EditStatus.saved, result.changes, batch_id=preview.batch_id,
                      current=saved, fields=result.fields)


def _refused_stale(session: Session, kind: str, record_id: int | None) -> EditResult:
    if record_id is None:
        return EditResult(kind, None, EditStatus.stale)
    try:
        connection = session.connection()
        current = _read(connection, STORES[kind], records.load_lookups(connection), record_id)
    finally:
        session.rollback()
    return EditResult(kind, record_id, EditStatus.stale if current is not None else EditStatus.gone,
                      current=current)
