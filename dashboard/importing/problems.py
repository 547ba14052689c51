"""A problem found in an upload: it names the row as the person sees it in their spreadsheet (header = row 1),
the column as written in their file, the value, what is wrong and how to fix it, in English or French.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from dashboard.core.i18n import t
from dashboard.importing.readers import Cell
from dashboard.standards.problems import FileRefusedError
from dashboard.standards.problems import Problem as StandardFileIssue

VALUE_SHOWN_CHARS = 80


@dataclass(frozen=True)
class Problem:
    """One thing to fix. ``row`` is None for problems with the file as a whole."""

    row: int | None
    column: str | None
    value: str
    key: str  # "import.error.<name>"; the fix is "import.fix.<name>"
    values: dict[str, object] = field(default_factory=dict)
    sheet: str | None = None  # the worksheet, when a workbook holds several kinds

    def message(self, lang: str | None = None) -> str:
        return t(self.key, lang, **self.values)

    def fix(self, lang: str | None = None) -> str:
        return t(self.key.replace(".error.", ".fix.", 1), lang, **self.values)

    def line(self, lang: str | None = None) -> str:
        """One line for the command line: row, column, value, reason and fix."""
        row = t("import.label.row", lang) + f" {self.row}" if self.row is not None else t("import.label.file", lang)
        parts = [row]
        if self.sheet:
            parts.insert(0, t("import.label.sheet", lang) + f" {self.sheet!r}")
        if self.column:
            parts.append(t("import.label.column", lang) + f" {self.column!r}")
        if self.value:
            parts.append(t("import.label.value", lang) + f" {self.value!r}")
        return ", ".join(parts) + f": {self.message(lang)} {self.fix(lang)}"


def shown(raw: Cell) -> str:
    """A cell as text for messages, cut so a 100 000-character cell does not flood the screen."""
    if raw is None:
        return ""
    if isinstance(raw, float) and raw.is_integer():
        raw = int(raw)
    if isinstance(raw, dt.datetime):
        raw = raw.date()
    text = str(raw)
    return text if len(text) <= VALUE_SHOWN_CHARS else text[: VALUE_SHOWN_CHARS - 1] + "…"


VALUES_SHOWN_CHARS = 300  # a message's own values (a header as written, suggested names) are cut too


def problem(row: int | None, column: str | None, raw: Cell, name: str, /, **values: object) -> Problem:
    """A problem whose value, column and message values are cut for people: none echoes a huge cell back."""
    cut = {key: value[: VALUES_SHOWN_CHARS - 1] + "…" if isinstance(value, str) and len(value) > VALUES_SHOWN_CHARS
           else value for key, value in values.items()}
    if column is not None and len(column) > VALUE_SHOWN_CHARS:
        column = shown(column)
    return Problem(row, column, shown(raw), f"import.{name}", cut)


@dataclass(frozen=True)
class StandardFileProblem(Problem):
    """A problem of a standard file (IATI, SCDL) that refuses the upload, said as the standard's reader says
    it; how to fix it is the same for all: correct the file, or ask its publisher, and upload it again."""

    def fix(self, lang: str | None = None) -> str:
        return t("import.fix.standard_file", lang)


def standard_problem(item: StandardFileIssue | FileRefusedError) -> Problem:
    """An upload problem from a standard reader's problem or refusal (line as row, element path as column).
    A refusal passed on from the spreadsheet readers keeps its own key and fix."""
    if isinstance(item, FileRefusedError):
        if item.key.startswith("import."):
            return Problem(item.line, None, "", item.key, dict(item.values))
        return StandardFileProblem(item.line, None, "", item.key, dict(item.values))
    return StandardFileProblem(item.line, item.where or None, "", item.key, dict(item.values))
