"""Reading the files people really have: CSV from any Excel (UTF-8 with or without BOM, UTF-16 "Unicode
text", cp1252 from older French Excel; commas, semicolons or tabs) and .xlsx workbooks.

Rows are streamed, never loaded whole, so memory stays bounded whatever the number of rows. Row numbers are
the ones the person sees in their spreadsheet: the header is row 1 when it is the first line.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
from collections.abc import Iterator
from dataclasses import dataclass, field

from dashboard.core.errors import TranslatableError
from dashboard.importing.schemas import kind_for_sheet
from dashboard.importing.values import NumberStyle, is_blank

# The csv module's own limit on one cell (131 072 characters by default, left as it is for other modules):
# longer than any field of the model, so a longer "cell" is an unclosed quote swallowing the file.

Cell = object  # str from CSV files; str, int, float, bool, datetime or None from .xlsx files


class ReadError(TranslatableError, ValueError):
    """The file as a whole cannot be read; ``import.<key>`` names the message, ``values`` fill it in."""

    KEY_PREFIX = "import."


@dataclass
class Table:
    """A header and a stream of rows; call ``rows()`` once."""

    header: list[str]
    header_row: int
    style: NumberStyle
    format: str  # "csv" or "xlsx"
    detail: str  # encoding and separator, or sheet name, for the preview
    _rows: Iterator[tuple[int, list[Cell]]] = field(repr=False, default_factory=lambda: iter(()))

    def rows(self) -> Iterator[tuple[int, list[Cell]]]:
        """(row number as seen in the spreadsheet, cells), blank rows skipped."""
        return self._rows


ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # the old binary .xls format


def open_table(data: bytes, file_name: str, kind: str) -> Table:
    """The table in ``data``; raises ReadError with a message saying what is wrong with the file."""
    if not data.strip():
        raise ReadError("error.empty_file")
    if data.startswith(ZIP_MAGIC):
        return _open_xlsx(data, kind)
    if data.startswith(OLE_MAGIC):
        raise ReadError("error.old_xls")
    if file_name.lower().endswith((".xlsx", ".xlsm")):
        raise ReadError("error.not_xlsx")
    return _open_csv(data)


def _encoding(data: bytes) -> str:
    if data.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    head = data[:65536]
    if b"\x00" in head or sum(byte < 9 or 13 < byte < 32 for byte in head) > len(head) // 100:
        raise ReadError("error.binary_file")
    decoder = codecs.getincrementaldecoder("utf-8")()
    view = memoryview(data)
    try:  # checked piece by piece, so a 50 MB file is never held twice
        for start in range(0, len(data), 1 << 20):
            decoder.decode(view[start : start + (1 << 20)])
        decoder.decode(b"", final=True)
        return "utf-8"
    except UnicodeDecodeError:
        pass
    # Older Excel saves Windows-1252; five bytes are undefined there, which Latin-1 still reads.
    try:
        for start in range(0, len(data), 1 << 20):
            bytes(view[start : start + (1 << 20)]).decode("cp1252")
        return "cp1252"
    except UnicodeDecodeError:
        return "latin-1"


def _separator(first_line: str) -> str:
    counts = {separator: first_line.count(separator) for separator in (";", ",", "\t")}
    separator = max(counts, key=lambda key: counts[key])
    return separator if counts[separator] else ","


def _open_csv(data: bytes) -> Table:
    encoding = _encoding(data)
    stream = io.TextIOWrapper(io.BytesIO(data), encoding=encoding, newline="")
    head = stream.read(65536)
    first_line = next((line for line in head.splitlines() if line.strip(" ,;\t")), "")
    separator = _separator(first_line)
    stream.seek(0)
    reader = csv.reader(stream, delimiter=separator)
    row_number = 0
    try:
        for cells in reader:
            row_number += 1
            if any(cell.strip() for cell in cells):
                header = cells
                break
        else:
            raise ReadError("error.empty_file")
    except csv.Error as error:
        raise ReadError("error.unreadable_csv", row=row_number + 1, detail=str(error)) from None

    def rows() -> Iterator[tuple[int, list[Cell]]]:
        number = row_number
        try:
            for cells in reader:
                number += 1
                if "".join(cells).strip():  # one C call instead of a test per cell
                    yield number, list[Cell](cells)  # a copy typed as cells (a csv row is all text)
        except csv.Error as error:
            raise ReadError("error.unreadable_csv", row=number + 1, detail=str(error)) from None

    # A semicolon-separated file comes from a French-style Excel, which writes decimal commas.
    style = NumberStyle(decimal_comma=separator == ";")
    names = {";": "semicolon", ",": "comma", "\t": "tab"}
    return Table(header, row_number, style, "csv", f"{encoding}, {names[separator]}", rows())


def _open_xlsx(data: bytes, kind: str) -> Table:
    import zipfile

    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError):
        raise ReadError("error.not_xlsx") from None
    sheet = next((sheet for sheet in workbook.worksheets if kind_for_sheet(sheet.title) == kind),
                 workbook.worksheets[0] if workbook.worksheets else None)
    if sheet is None:
        raise ReadError("error.empty_file")
    cells_iter = sheet.iter_rows()
    header_row = 0
    header: list[str] | None = None
    for row in cells_iter:
        header_row += 1
        values = [_xlsx_value(cell) for cell in row]
        if any(not is_blank(value) for value in values):
            header = ["" if value is None else str(value) for value in values]
            break
    if header is None:
        workbook.close()
        raise ReadError("error.empty_file")

    def rows() -> Iterator[tuple[int, list[Cell]]]:
        number = header_row
        for row in cells_iter:
            number += 1
            values = [_xlsx_value(cell) for cell in row]
            if any(not is_blank(value) for value in values):
                yield number, values
        workbook.close()

    return Table(header, header_row, NumberStyle(decimal_comma=False), "xlsx", sheet.title, rows())


def _xlsx_value(cell: object) -> Cell:
    value = getattr(cell, "value", None)
    if isinstance(value, float | int) and not isinstance(value, bool):
        number_format = getattr(cell, "number_format", "") or ""
        if "%" in number_format:  # 0.12 shown as 12 %: the person typed 12 %
            return value * 100
    if isinstance(value, dt.time):
        return value.isoformat()
    return value
