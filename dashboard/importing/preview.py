"""What an upload does (or did, after commit): counts, changes field by field, problems and rejected rows."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import Any

from dashboard.importing.problems import Problem
from dashboard.importing.readers import Cell
from dashboard.standards.problems import Problem as StandardProblem

# A workbook holding several kinds, one sheet per kind (named after it), imported together in one batch in
# the order of KINDS, so a budget line may refer to a project created by the same upload.
WORKBOOK = "workbook"
ROWS_PER_CHUNK = 2000
DETAIL_LIMIT = 500  # created/updated rows kept for the preview table; all are counted
PROBLEM_LIMIT = 5000  # problems kept for display; all are counted
STATUS_COMMITTED = "committed"
STATUS_UNDONE = "undone"
# Where a batch came from (ImportBatch.origin): a file, or one record changed or added in a form.
ORIGIN_UPLOAD = "upload"
ORIGIN_FORM = "form"


@dataclass(frozen=True)
class FieldChange:
    column: str
    before: object
    after: object


@dataclass(frozen=True)
class Match:
    """How a record a standard file names was found: ``record`` is the kind of record ("projects",
    "partners"), ``key`` what the file calls it, ``how`` one of ``MATCHED_BY`` (or "new"), ``name`` the stored
    record's name when one was found."""

    record: str
    key: str
    how: str
    name: str | None = None


MATCHED_BY = ("identifier", "code", "siret", "name", "alias", "acronym", "new")


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
    origin: str = ORIGIN_UPLOAD
    reason: str | None = None  # a form's reason, kept on the batch and on each audit event
    # Standard files (IATI, SCDL: dashboard.importing.iati, .scdl) say more than a spreadsheet:
    deleted: int = 0  # records the file no longer holds (an IATI activity's transactions, budgets...)
    matches: list[Match] = field(default_factory=list)  # how each record of the file was found, or that it is new
    unmapped: dict[str, int] = field(default_factory=dict)  # what has no place, by element path, and how many
    notes: list[StandardProblem] = field(default_factory=list)  # warnings: listed, the upload is not refused
    note_count: int = 0
    options: dict[str, Any] = field(default_factory=dict)  # what the person can choose (money sources, rows)
    sheets: tuple[tuple[str, bool], ...] = ()  # a workbook's worksheets (title, hidden): the page offers a choice
    # Amounts of the file whose currency has no stored rate, by currency (importing.money_checks): committed
    # only once the person confirms they will be left out of the totals until a rate is uploaded.
    missing_rates: dict[str, float] = field(default_factory=dict)

    @property
    def refused(self) -> bool:
        return self.problem_count > 0

    @property
    def has_changes(self) -> bool:
        return self.created + self.updated + self.deleted > 0

    def add_notes(self, items: Iterable[StandardProblem]) -> None:
        for item in items:
            self.note_count += 1
            if len(self.notes) < PROBLEM_LIMIT:
                self.notes.append(item)

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


def shown_cell(cell: Cell) -> str:
    if cell is None:
        return ""
    if isinstance(cell, dt.datetime):
        return cell.date().isoformat()
    return str(cell)
