"""Preview and commit of uploads: the one path every upload takes (page and command line).

- ``preview`` reads and checks the whole file and says what would be created, updated (field by field),
  left unchanged and rejected; it writes nothing.
- ``commit`` does the same inside one transaction and writes only when no row is rejected (all or nothing),
  recording an ImportBatch and one AuditEvent per changed record, and bumping the data revision so every
  page shows the change on its next rerun. A file whose rows are all unchanged writes nothing at all.
- ``dashboard.importing.undo`` restores what a batch changed, exactly, unless a later change touched the same
  records.

Permissions are checked here, not only on the page, so no route around the page can skip them.
"""

from __future__ import annotations

import dataclasses
import gc
import hashlib
import io
import itertools
import logging
import math
import pickle
import tempfile
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import IO

from sqlalchemy import select
from sqlalchemy.engine import Connection
from sqlalchemy.exc import DBAPIError
from sqlmodel import Session

from dashboard.core import db
from dashboard.core.db import WriteFailure
from dashboard.core.models import ImportBatch
from dashboard.core.permissions import Actor, Capability, require
from dashboard.core.settings import get_settings
from dashboard.core.text import fold, without_hidden_characters
from dashboard.importing import iati, records, scdl
from dashboard.importing.header import HeaderMap, map_header
from dashboard.importing.indicator_rules import ValueScales, indicator_row
from dashboard.importing.money_checks import CHECKED_KINDS, CONFIRM_MISSING_RATES, MoneyChecks
from dashboard.importing.numbers import FileNumbers
from dashboard.importing.preview import (
    DETAIL_LIMIT,
    ROWS_PER_CHUNK,
    STATUS_COMMITTED,
    WORKBOOK,
    FieldChange,
    Preview,
    RowChange,
    shown_cell,
)
from dashboard.importing.problems import Problem, problem
from dashboard.importing.readers import ZIP_MAGIC, Cell, ReadError, check_xlsx_parts, is_hidden, open_table
from dashboard.importing.records import STORES, Lookups, Store, key_of
from dashboard.importing.references import NEAR_SHOWN, name_variants, near_in_file
from dashboard.importing.schemas import KINDS, ColumnType, kind_for_sheet, schema_for
from dashboard.importing.sync import STANDARD_KINDS
from dashboard.importing.validation import RowValidator
from dashboard.importing.values import is_blank
from dashboard.importing.writer import Writer, finish_batch

# Preview and commit
# ---------------------------------------------------------------------------------------------------------

# The option naming the worksheet the person picked in a workbook holding one kind (page and ``--sheet``).
SHEET_OPTION = "sheet"


def checksum_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def preview(session: Session, *, kind: str, file_name: str, data: bytes, actor: Actor | None,
            options: Mapping[str, object] | None = None, cancel: Cancel | None = None) -> Preview:
    """What the upload would do; writes nothing. ``options`` are the choices a standard file offers (which
    rows of a grant file, which money source counts for projects an IATI file matches). ``cancel`` is asked
    between chunks: yes stops the check (the preview then only says it was cancelled)."""
    require(actor, Capability.upload)
    file_name = without_hidden_characters(file_name)  # U+202E would show "fdp.exe" as "exe.pdf"
    try:
        return _process(session, kind=kind, file_name=file_name, data=data, actor=actor, write=False,
                        options=options or {}, cancel=cancel)
    except Cancelled:
        return _failed(kind, file_name, data, "error.cancelled")
    finally:
        session.rollback()  # reads only; leave no transaction open


def commit(session: Session, *, kind: str, file_name: str, data: bytes, actor: Actor | None,
           options: Mapping[str, object] | None = None, cancel: Cancel | None = None) -> Preview:
    """Apply the upload in one transaction, or nothing at all when any row is rejected.

    Spreadsheets are checked first with reads only: no transaction is held and no lock taken while the rows
    are read and checked, so sign-ins and other writers go on; the checked rows wait in a temporary file. Then
    the write transaction takes the write lock (``db.lock_writes``: one writer at a time on both databases),
    reads what is stored now and writes. Another writer's rows stored in between become updates or unchanged
    rows, never copies (the natural keys are unique in the database too: a clash with a writer that took no
    lock is retried from the start). ``cancel`` is asked between chunks; when it answers yes the upload stops
    and nothing is written.

    This function owns the session's transaction: it commits on success and rolls back otherwise.
    """
    actor = require(actor, Capability.upload)
    options = options or {}
    file_name = without_hidden_characters(file_name)
    for attempt in range(1, COMMIT_ATTEMPTS + 1):
        try:
            with tempfile.TemporaryFile(prefix="upload-") as spool:
                result = _commit_once(session, kind=kind, file_name=file_name, data=data, actor=actor,
                                      options=options, spool=_Spool(spool), cancel=cancel)
            if result.committed or result.refused or not result.has_changes:
                return result
        except Cancelled:
            session.rollback()
            return _failed(kind, file_name, data, "error.cancelled")
        except _ReferenceGone:
            session.rollback()
            continue  # checked again from the start: the file's rows now name what is gone
        except (DBAPIError, OSError) as error:
            session.rollback()
            failure = db.write_failure(error)
            if failure is WriteFailure.clash and attempt < COMMIT_ATTEMPTS:
                continue  # another writer stored some of the same records: read them and write again
            if failure is WriteFailure.other and not isinstance(error, DBAPIError):
                raise
            _log.warning("upload %r by %s not written (%s): %s", file_name[:100], actor.username, failure.value,
                         str(error)[:300])
            return _failed(kind, file_name, data, WRITE_FAILURE_KEYS[failure])
        except BaseException:
            session.rollback()
            raise
    return _failed(kind, file_name, data, WRITE_FAILURE_KEYS[WriteFailure.clash])


_log = logging.getLogger(__name__)
COMMIT_ATTEMPTS = 3
# The message of each way the database can refuse a write (core.db.write_failure).
WRITE_FAILURE_KEYS = {WriteFailure.busy: "error.database_busy", WriteFailure.full: "error.database_full",
                      WriteFailure.clash: "error.concurrent_change", WriteFailure.other: "error.database_failed"}

Cancel = Callable[[], bool]


class Cancelled(Exception):
    """The person cancelled the upload (the page's Cancel, Ctrl-C on the command line): nothing is written."""


def _failed(kind: str, file_name: str, data: bytes, key: str) -> Preview:
    result = Preview(kind, file_name, checksum_of(data), len(data))
    result.add_problems([problem(None, None, "", key)])
    return result


def _commit_once(session: Session, *, kind: str, file_name: str, data: bytes, actor: Actor,
                 options: Mapping[str, object], spool: _Spool, cancel: Cancel | None) -> Preview:
    if kind in STANDARD_KINDS:
        # A standard file's records are paired with what is stored as a whole: checked and written together.
        result = _process(session, kind=kind, file_name=file_name, data=data, actor=actor, write=True,
                          options=options)
    else:
        result = _process(session, kind=kind, file_name=file_name, data=data, actor=actor, write=False,
                          options=options, spool=spool, cancel=cancel, committing=True)
        session.rollback()  # reads only: nothing held while the person's rows were checked
        if result.refused or not result.has_changes:
            result.committed = False
            return result
        db.lock_writes(session.connection())
        result = _write_checked(session, result, spool, actor, cancel)
    if result.refused or not result.has_changes:
        session.rollback()
        result.committed = False
        result.batch_id = None
        return result
    session.commit()
    result.committed = True
    return result


class _Spool:
    """The rows an upload checked, kept in a temporary file until the write transaction writes them (memory
    stays that of one chunk). Each entry: the section (kind), the sheet as the person titled it, and a chunk of
    checked rows (row number, values, natural key)."""

    def __init__(self, file: IO[bytes]) -> None:
        self.file = file
        self.chunks = 0

    def add(self, section: str, sheet: str | None, valid: list[_Valid]) -> None:
        # Each row's values as a tuple under its column names, stored once per chunk: dicts pickled row by row
        # took as long to read back as the rows took to check.
        names: dict[tuple[str, ...], int] = {}
        rows = [(row, names.setdefault(tuple(values), len(names)), tuple(values.values()), key)
                for row, values, key, _id in valid]
        pickle.dump((section, sheet, list(names), rows), self.file, protocol=pickle.HIGHEST_PROTOCOL)
        self.chunks += 1

    def __iter__(self) -> Iterator[tuple[str, str | None, list[tuple[int, dict[str, object], tuple[object, ...]]]]]:
        self.file.seek(0)
        for _ in range(self.chunks):
            section, sheet, names, rows = pickle.load(self.file)  # our own temporary file, written just above
            yield section, sheet, [(row, dict(zip(names[which], values, strict=True)), key)
                                   for row, which, values, key in rows]


def _write_checked(session: Session, checked: Preview, spool: _Spool, actor: Actor, cancel: Cancel | None) -> Preview:
    """Write the checked rows of ``spool`` against what is stored now (the write lock held): each row is
    created, updated or left unchanged as the stored records say at this moment."""
    # What the check found stays (header, sheets, notes, missing rates...); the counts and changes are those of
    # the records as stored now.
    result = dataclasses.replace(checked, created=0, updated=0, unchanged=0, rejected=0, changes=[], batch_id=None,
                                 committed=False)
    connection = session.connection()
    current: tuple[str, Store, Lookups, dict[tuple[object, ...], int], Writer] | None = None
    sections: list[str] = []
    for section, sheet, rows in spool:
        if cancel is not None and cancel():
            raise Cancelled
        if current is None or current[0] != section:
            store = STORES[section]
            lookups = records.load_lookups(connection)  # earlier sections of a workbook are written: seen here
            current = (section, store, lookups, records.load_index(connection, store, lookups),
                       Writer(session, store, lookups, result, actor))
            sections.append(section)
        _section_name, store, lookups, index, writer = current
        result.sheet = sheet
        valid = [(row, values, key, index.get(key)) for row, values, key in rows]
        try:
            _classify(valid, store, lookups, result, writer, connection, None)
        except KeyError:
            # A project, partner or indicator a row names was removed since the rows were checked (an undo):
            # the upload starts again and says so row by row.
            raise _ReferenceGone from None
    result.sheet = None
    if result.has_changes:
        finish_batch(session, result, sections)
    return result


class _ReferenceGone(Exception):
    """A row's reference disappeared between the check and the write: the upload is checked again."""


def _process(session: Session, *, kind: str, file_name: str, data: bytes, actor: Actor | None,
             write: bool, options: Mapping[str, object], spool: _Spool | None = None,
             cancel: Cancel | None = None, committing: bool = False) -> Preview:
    """Read and check the file (and write it when ``write``: standard files only, see ``commit``).
    ``committing``: the check before a commit, which refuses what only a commit refuses."""
    result = Preview(kind, file_name, checksum_of(data), len(data))
    if kind not in KINDS and kind != WORKBOOK and kind not in STANDARD_KINDS:
        result.add_problems([problem(None, None, kind, "error.unknown_kind",
                                     kinds=", ".join((*KINDS, WORKBOOK, *STANDARD_KINDS)))])
        return result
    limit_mb = get_settings().max_upload_mb  # Streamlit's own limit too (core.settings)
    if len(data) > limit_mb * 1024 * 1024:
        size = math.ceil(len(data) * 10 / 1024 / 1024) / 10  # rounded up: 50.01 MB reads 50.1, never 50
        result.add_problems([problem(None, None, "", "error.too_large", limit=limit_mb, size=size)])
        return result
    if kind in STANDARD_KINDS:
        _previous_batch(session, result, kind)
        module = iati if kind == iati.KIND else scdl
        with _young_collections_only():  # as for spreadsheets: no full collections mid-file (see below)
            module.process(session, result, data, actor if write else None, write=write, options=options)
        return result
    picked = options.get(SHEET_OPTION)
    sheet = str(picked) if picked and kind != WORKBOOK else None
    try:
        sections = workbook_kinds(data) if kind == WORKBOOK else [kind]
    except ReadError as error:
        result.add_problems([problem(None, None, "", error.key, **error.values)])
        return result
    _previous_batch(session, result, kind)
    planned = _Planned()
    checks = MoneyChecks.start(session.connection()) if set(sections) & set(CHECKED_KINDS) else None
    for section in sections:
        result.sheet = section if kind == WORKBOOK else None
        _section(session, section, file_name, data, result, planned, actor if write else None, checks, sheet, spool,
                 cancel)
    result.sheet = None
    if result.created + result.updated + result.unchanged + result.rejected == 0 and not result.refused:
        result.add_problems([problem(None, None, "", "error.header_only")])
    if checks is not None:
        checks.finish(result)
        if (write or committing) and result.missing_rates and not options.get(CONFIRM_MISSING_RATES):
            result.add_problems([problem(None, None, ", ".join(result.missing_rates), "error.missing_rates",
                                         currencies=", ".join(result.missing_rates))])
    if write and not result.refused and result.has_changes:
        finish_batch(session, result, sections)
    return result


def _previous_batch(session: Session, result: Preview, kind: str) -> None:
    """Note a committed batch of the very same file, so the preview can say so."""
    previous = session.connection().execute(
        select(ImportBatch.id).where(ImportBatch.checksum == result.checksum, ImportBatch.kind == kind,
                                     ImportBatch.status == STATUS_COMMITTED).order_by(ImportBatch.id.desc())
    ).first()
    result.previous_batch = previous[0] if previous else None


def workbook_kinds(data: bytes) -> list[str]:
    """The kinds a workbook holds (sheets named after kinds), in the order they are imported."""
    import zipfile

    from openpyxl import load_workbook


    if not data.startswith(ZIP_MAGIC):
        raise ReadError("error.workbook_needed")
    check_xlsx_parts(data)  # opening a workbook reads its shared strings whole
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError):
        raise ReadError("error.not_xlsx") from None
    found = {kind_for_sheet(sheet.title) for sheet in workbook.worksheets if not is_hidden(sheet)}  # never hidden
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
            self.projects.add(str(values["code"]))
        elif kind == "partners":
            self.partners[str(key[0])] = str(values["name"])
        elif kind == "indicators":
            self.indicators.add((str(values["project_code"]), str(values["code"])))


def _section(session: Session, kind: str, file_name: str, data: bytes, result: Preview, planned: _Planned,
             writer_actor: Actor | None, checks: MoneyChecks | None = None, sheet: str | None = None,
             spool: _Spool | None = None, cancel: Cancel | None = None) -> None:
    """Read, check and (when ``writer_actor`` is given) write the rows of one kind (from ``sheet`` when the
    person picked one of a workbook's sheets)."""
    try:
        table = open_table(data, file_name, kind, sheet=sheet)
    except ReadError as error:
        stray = error.values.get("stray")  # a file refused for some of its rows (encodings): one problem a row
        if isinstance(stray, tuple):
            result.add_problems([problem(row, None, value, error.key, byte=byte) for row, value, byte in stray])
        else:
            result.add_problems([problem(None, None, "", error.key, **error.values)])
        return
    if result.kind != WORKBOOK:
        result.sheets = table.sheets
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
    numbers = FileNumbers(table.style, _number_columns(header),
                          rescan=lambda: open_table(data, file_name, kind, sheet=sheet).rows())
    validator = RowValidator(schema, header, numbers, references)
    index = records.load_index(connection, store, lookups)
    near = _near_partners(data, file_name, sheet, header, references.partner_names) if kind == "partners" else None
    writer = Writer(session, store, lookups, result, writer_actor) if writer_actor is not None else None
    scales = ValueScales(connection) if kind == "indicator-values" else None
    rows = table.rows()
    try:
        with _young_collections_only():
            while True:
                if cancel is not None and cancel():
                    raise Cancelled
                chunk = list(itertools.islice(rows, ROWS_PER_CHUNK))
                if not chunk:
                    break
                valid = _chunk(chunk, validator, store, lookups, index, result, writer, connection, planned, scales,
                               checks if kind in CHECKED_KINDS else None, near)
                if spool is not None and valid and not result.refused:
                    spool.add(kind, result.sheet, valid)
                del chunk
                gc.collect(1)
    except ReadError as error:
        row = error.values.get("row")
        result.add_problems([problem(row if isinstance(row, int) else None, None, "", error.key, **error.values)])


def _number_columns(header: HeaderMap) -> list[int]:
    """The positions of a table's number columns, whose decimal mark is decided per column (FileNumbers)."""
    return [index for index, column, _written in header.positions
            if column.type in (ColumnType.number, ColumnType.integer)]


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


def key_text(store: Store, lookups: Lookups, key: tuple[object, ...], values: Mapping[str, object]) -> str:
    """The record a row describes, as people name it: a partner's name, else its natural key ("REG-C1.1 · …")."""
    if store.kind == "partners":
        return str(values.get("name", key[0]))
    schema = schema_for(store.kind)
    written = [values.get(name, part) for name, part in zip(schema.key, key, strict=True)]
    return " · ".join(str(lookups.display(name, part)) for name, part in zip(schema.key, written, strict=True)
                      if part is not None)


def near_partner_problem(validator: RowValidator, row: int, values: Mapping[str, object], *,
                         itself: str | None = None, candidates: list[str] | None = None) -> Problem | None:
    """The problem of a new partner name (or a partner renamed in a form) very close to a stored partner's,
    unless the row confirms it is another organisation (``new_partner``). ``itself``: the folded name of the
    partner being renamed. ``candidates``: the folded names found close to this row's beforehand, for the
    whole file at once (``_near_partners``); those of earlier rows count once their row was accepted."""
    names = validator.references.partner_names
    if candidates is None:
        near = validator.references.near_partners(fold(str(values["name"])), exclude=itself)
    else:
        near = [names[key] for key in candidates if key in names and key != itself][:NEAR_SHOWN]
    if near and not values.get("new_partner"):
        return problem(row, validator._header("name"), values["name"], "error.near_duplicate_partner",
                       suggestions="; ".join(near))
    return None


def other_name_problems(validator: RowValidator, row: int, values: Mapping[str, object], *,
                        itself: str | None) -> list[Problem]:
    """A partners row against the names other partners go by (their names, acronyms and aliases).

    A row that would create a partner (``itself`` None) whose name or acronym is another partner's acronym or
    alias ("CPS", "SPC", "PROE") is refused unless it says the partner is new (``new_partner``); an alias the
    row gives that already names another partner is always refused (one alias names one partner).
    ``itself``: the folded name of the stored partner the row updates."""
    references = validator.references
    problems: list[Problem] = []
    if itself is None and not values.get("new_partner"):
        for column in ("name", "acronym"):
            written = values.get(column)
            variants = name_variants(str(written)) if column == "name" and written else [str(written or "")]
            holder = next(filter(None, (references.other_names(variant) for variant in variants if variant)), None)
            if holder is not None:
                problems.append(problem(row, validator._header(column), written, "error.partner_other_name",
                                        partner=holder))
                break
    aliases = values.get("aliases")
    for alias in aliases if isinstance(aliases, tuple) else ():
        holder = references.other_names(str(alias), itself=itself if itself is not None else fold(str(values["name"])))
        if holder is not None:
            problems.append(problem(row, validator._header("aliases"), alias, "error.alias_taken", partner=holder))
    return problems


def _near_partners(data: bytes, file_name: str, sheet: str | None, header: HeaderMap,
                   stored: dict[str, str]) -> dict[int, list[str]]:
    """For each row of a partners file naming a new partner, the folded names very close to it (stored, or of
    an earlier row), found for the whole file at once (``references.near_in_file``: blocked beyond a size, so
    a large file is not compared name by name with every other). Rows as the person numbers them."""
    position = next((index for index, column, _header in header.positions if column.name == "name"), None)
    if position is None:
        return {}
    rows: list[int] = []
    names: list[str] = []
    try:
        for row, cells in open_table(data, file_name, "partners", sheet=sheet).rows():
            raw = cells[position] if position < len(cells) else None
            key = fold(" ".join(str(raw).split())) if not is_blank(raw) else ""
            if key and key not in stored:
                rows.append(row)
                names.append(key)
    except ReadError:
        return {}  # the reading loop says what is wrong with the file
    return {rows[position]: found for position, found in near_in_file(names, stored).items()}


def changed_fields(store: Store, values: Mapping[str, object], natural: Mapping[str, object], *,
                   rename: bool = False) -> dict[str, object]:
    """The checked values (upload terms) that differ from the stored record ``natural`` (the same terms).

    Columns that are not stored (``new_partner``) are left out; so is a partner's name unless ``rename`` (a
    file names a stored partner in any spelling and keeps the stored one; a form may rename it)."""
    changed: dict[str, object] = {}
    key = schema_for(store.kind).key
    for name, value in values.items():
        if name not in store.fields and store.link(name) is None:
            continue  # not stored (e.g. new_partner)
        if store.kind == "partners" and name == "name" and not rename:
            continue  # the stored spelling of a partner's name is kept
        if name in key and isinstance(value, str) and key_of([value]) == key_of([natural.get(name)]):
            continue  # so is a code's ("hunt-1 " updates HUNT-1, which stays HUNT-1)
        if natural.get(name) != value:
            changed[name] = value
    return changed


def headers_of(validator: RowValidator) -> dict[str, str]:
    """Each column's name as the file writes it."""
    return {column.name: written for _index, column, written in validator.positions}


def indicator_problems(validator: RowValidator, store: Store, lookups: Lookups,
                       items: list[tuple[int, dict[str, object], Mapping[str, object] | None]],
                       scales: ValueScales | None) -> dict[int, list[Problem]]:
    """The rules of an indicator's meaning (``indicator_rules``) for rows ``(row, values, stored natural or
    None)`` of an indicators or indicator-values upload (or form), by row; completes ``values`` as they say."""
    header = headers_of(validator)
    found: dict[int, list[Problem]] = {}
    if store.kind == "indicators":
        for row, values, natural in items:
            problems = indicator_row(row, values, natural, header)
            if problems:
                found[row] = problems
    elif store.kind == "indicator-values" and scales is not None:
        named = ((row, lookups.indicator_id.get((str(values.get("project_code")), str(values.get("indicator_code")))),
                  values) for row, values, _natural in items)
        found = scales.check(((row, id_, values) for row, id_, values in named if id_ is not None), header)
    return found


def _chunk(chunk: list[tuple[int, list[Cell]]], validator: RowValidator, store: Store, lookups: Lookups,
           index: dict[tuple[object, ...], int], result: Preview, writer: Writer | None,
           connection: Connection, planned: _Planned, scales: ValueScales | None = None,
           checks: MoneyChecks | None = None, near: dict[int, list[str]] | None = None) -> list[_Valid]:
    """Check a chunk of rows; count (and with ``writer``, write) what each valid row does. The valid rows."""
    valid: list[_Valid] = []
    for (row, cells), (values, problems, key) in zip(chunk, validator.validate_rows(chunk), strict=True):
        if values is None or key is None:
            result.reject(row, cells, problems)
            continue
        existing_id = index.get(key)
        if store.kind == "partners":
            clashes = other_name_problems(validator, row, values, itself=None if existing_id is None else str(key[0]))
            if clashes:
                result.reject(row, cells, clashes)
                continue
            validator.references.add_aliases(str(key[0]), values.get("aliases"))
        if store.kind == "partners" and existing_id is None:
            close = near_partner_problem(validator, row, values, candidates=None if near is None else near.get(row, []))
            if close is not None:
                result.reject(row, cells, [close])
                continue
            # Later rows of the same file are checked against this new partner too.
            validator.references.partner_names[str(key[0])] = str(values["name"])
        valid.append((row, values, key, existing_id))
    if checks is not None:  # what a person must see before the money counts (issue 13): notes, not refusals
        for row, values, key, _existing in valid:
            checks.check(store.kind, row, key_text(store, lookups, key, values), values, lookups, result)
    matched = [item[3] for item in valid if item[3] is not None]
    stored = records.load_rows(connection, store, matched) if matched else {}
    if store.kind in ("indicators", "indicator-values"):
        found = indicator_problems(validator, store, lookups, [
            (row, values, records.natural_of_row(store, lookups, stored[existing_id])
             if existing_id is not None and store.kind == "indicators" else None)
            for row, values, _key, existing_id in valid], scales)
        if found:
            cells_of = dict(chunk)
            for row, problems in found.items():
                result.reject(row, cells_of[row], problems)
            valid = [item for item in valid if item[0] not in found]
    _classify(valid, store, lookups, result, writer, connection, planned, stored)
    return valid


_Valid = tuple[int, dict[str, object], tuple[object, ...], int | None]  # row, checked values, key, stored id


def _classify(valid: list[_Valid], store: Store, lookups: Lookups, result: Preview, writer: Writer | None,
              connection: Connection, planned: _Planned | None,
              stored: dict[int, dict[str, object]] | None = None) -> None:
    """Count each checked row as a create, an update or unchanged against the stored records (``stored``, or
    read here), and hand it to ``writer``, which writes the chunk."""
    if stored is None:
        matched = [item[3] for item in valid if item[3] is not None]
        stored = records.load_rows(connection, store, matched) if matched else {}
    for row, values, key, existing_id in valid:
        if existing_id is None:
            result.created += 1
            if planned is not None:
                planned.note(store.kind, key, values)
            if len(result.changes) < DETAIL_LIMIT:
                fields = tuple(FieldChange(name, None, lookups.display(name, value)) for name, value in values.items()
                               if name != "new_partner")
                result.changes.append(RowChange(row, "create", key_text(store, lookups, key, values), fields,
                                                store.kind if result.kind == WORKBOOK else ""))
            if writer is not None and not result.refused:
                writer.create(values)
            continue
        existing = stored[existing_id]
        natural = records.natural_of_row(store, lookups, existing)
        changed = changed_fields(store, values, natural)
        if not changed:
            result.unchanged += 1
            continue
        result.updated += 1
        if len(result.changes) < DETAIL_LIMIT:
            fields = tuple(FieldChange(name, lookups.display(name, natural.get(name)), lookups.display(name, value))
                           for name, value in changed.items())
            result.changes.append(RowChange(row, "update", key_text(store, lookups, key, natural), fields,
                                            store.kind if result.kind == WORKBOOK else ""))
        if writer is not None and not result.refused:
            writer.update(existing, natural, changed)
    if writer is not None and not result.refused:
        writer.flush()
