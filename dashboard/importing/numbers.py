"""One number convention per file: which mark writes decimals is decided for each number column from the
whole column (else from the file's other number columns, else from the file's format), never cell by cell.

Most cells say it themselves (``12.500,50``, ``1.250.000``, ``12,5``, ``1,234.56``); a cell such as
``443.008`` does not. Such a cell is read with its column's convention: the first cell of the column that says
it, found by reading the file again from the top when the cell comes before it (rare: the file is read twice
only then). A column with no such cell takes the convention the file's other number columns agree on, then the
file's format (a comma-separated CSV cannot hold a decimal comma outside quotes: dot; a semicolon-separated CSV
comes from an Excel that writes decimal commas: comma); an .xlsx text cell or a tab-separated file with nothing
to go on leaves the cell refused by name as ambiguous. A cell whose own mark contradicts its column's is
refused too: one column, one convention.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from dashboard.importing.readers import Cell
from dashboard.importing.values import CellError, NumberStyle, number_mark, parse_number

Rows = Callable[[], Iterable[tuple[int, list[Cell]]]]
NumberReader = Callable[[Cell], tuple[float, bool]]

# The usual shapes, whose decimal mark is read without taking the cell apart: "443 008,50", "-12,5", "1234.56".
_QUICK_COMMA = re.compile("^[-+]?\\d[\\d \u00a0\u202f]*,(?:\\d{1,2}|\\d{4,})$")
_QUICK_DOT = re.compile(r"^[-+]?\d*\.(?:\d{1,2}|\d{4,})$")

_STYLES = {",": NumberStyle(decimal_comma=True), ".": NumberStyle(decimal_comma=False),
           None: NumberStyle(decimal_comma=None)}


class FileNumbers:
    """The decimal mark of each number column of one file (by position), learnt as the rows are read."""

    def __init__(self, hint: NumberStyle, columns: Iterable[int], rescan: Rows | None = None) -> None:
        self.hint = hint  # what the file's format says (NumberStyle.decimal_comma None: nothing)
        self.columns = tuple(columns)
        self._rescan = rescan
        self.marks: dict[int, tuple[str, str]] = {}  # column -> (decimal mark, the cell that showed it)
        self._scanned: dict[int, tuple[str, str]] | None = None

    def reader(self, index: int, *, grouped: bool = True) -> NumberReader:
        """The reader of the cells of column ``index``. ``grouped`` False: the column's numbers are all below
        1 000 (a latitude, a longitude, a rating), so no mark in it can separate thousands: an ambiguous-looking
        cell ("-17.713") writes decimals, whatever the file's format says."""

        def read(raw: Cell) -> tuple[float, bool]:
            if raw.__class__ is not str or ("." not in raw and "," not in raw):
                return parse_number(raw, self.hint)  # no mark: nothing to decide
            text = str(raw)
            mark = "," if _QUICK_COMMA.match(text) else "." if _QUICK_DOT.match(text) else number_mark(raw)
            if mark is None and not grouped:
                mark = "," if "," in text else "."
            if mark:
                known = self.marks.get(index)
                if known is None:
                    self.marks[index] = (mark, str(raw).strip())
                elif known[0] != mark:
                    raise CellError("error.mixed_decimal_marks", example=known[1], value=str(raw).strip())
                return parse_number(raw, _STYLES[mark])
            if mark is None:
                return parse_number(raw, _STYLES[self.decimal_mark(index)])
            return parse_number(raw, self.hint)

        return read

    def decimal_mark(self, index: int) -> str | None:
        """The column's decimal mark: its own, else the one the file's other columns agree on, else the
        format's; None when nothing says."""
        known = self.marks.get(index)
        if known is not None:
            return known[0]
        scanned = self._scan()
        if index in scanned:
            self.marks[index] = scanned[index]  # later cells are checked against the column's first
            return scanned[index][0]
        agreed = {mark for mark, _example in scanned.values()}
        if len(agreed) == 1:
            return agreed.pop()
        if agreed:
            return None  # the other columns disagree: nothing to go on
        return {True: ",", False: ".", None: None}[self.hint.decimal_comma]

    def _scan(self) -> dict[int, tuple[str, str]]:
        """The first cell that shows a decimal mark in each number column, reading the file again (once)."""
        if self._scanned is not None:
            return self._scanned
        found: dict[int, tuple[str, str]] = {}
        if self._rescan is not None:
            for _row, cells in self._rescan():
                for index in self.columns:
                    if index in found or index >= len(cells):
                        continue
                    raw = cells[index]
                    if raw.__class__ is str and ("." in raw or "," in raw):
                        try:
                            mark = number_mark(raw)
                        except CellError:
                            continue
                        if mark:
                            found[index] = (mark, str(raw).strip())
                if len(found) == len(self.columns):
                    break
        self._scanned = found
        return found
