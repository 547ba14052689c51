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

# Limits checked while a file is streamed, before anything of that size is held (issue 16 item 2): a cell
# holds at most what an Excel cell holds, a sheet at most Excel's rows, a row at most MAX_COLUMNS cells (the
# widest kind has about 30). A workbook's parts are measured in the archive before openpyxl reads any of them:
# no text run longer than a cell can be (4 bytes a character in UTF-8, plus its markup), no shared string of
# more than SHARED_STRING_BYTES, nothing expanding to more than XLSX_EXPANDED_BYTES in all.
MAX_CELL_CHARS = 32_767
MAX_ROWS = 1_048_576
MAX_COLUMNS = 1_000
TEXT_RUN_BYTES = 4 * MAX_CELL_CHARS + 1024
SHARED_STRING_BYTES = 1 << 20
XLSX_EXPANDED_BYTES = 512 << 20
_SCAN_PIECE = 1 << 20

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
            _check_row(row_number, cells)
            if any(cell.strip() for cell in cells):
                header = cells
                break
        else:
            raise ReadError("error.empty_file")
    except csv.Error as error:
        raise _csv_error(error, row_number + 1) from None

    def rows() -> Iterator[tuple[int, list[Cell]]]:
        number = row_number
        try:
            for cells in reader:
                number += 1
                _check_row(number, cells)
                if "".join(cells).strip():  # one C call instead of a test per cell
                    yield number, list[Cell](cells)  # a copy typed as cells (a csv row is all text)
        except csv.Error as error:
            raise _csv_error(error, number + 1) from None

    # A semicolon-separated file comes from a French-style Excel, which writes decimal commas.
    style = NumberStyle(decimal_comma=separator == ";")
    names = {";": "semicolon", ",": "comma", "\t": "tab"}
    return Table(header, row_number, style, "csv", f"{encoding}, {names[separator]}", rows())


def _check_row(number: int, cells: list[str]) -> None:
    """A CSV row within the limits: rows, cells in the row, characters in a cell (one C pass over the lengths)."""
    if number > MAX_ROWS:
        raise ReadError("error.too_many_rows", limit=MAX_ROWS)
    if len(cells) > MAX_COLUMNS:
        raise ReadError("error.too_many_columns", row=number, count=len(cells), limit=MAX_COLUMNS)
    if cells and max(map(len, cells)) > MAX_CELL_CHARS:
        column, cell = next((index, cell) for index, cell in enumerate(cells, start=1) if len(cell) > MAX_CELL_CHARS)
        if "\n" in cell:  # rows swallowed by a quote opened and never closed
            raise ReadError("error.unreadable_csv", row=number, detail=f"column {column}: unclosed quote?")
        raise ReadError("error.cell_too_large", row=number, column=column, limit=MAX_CELL_CHARS)


def _csv_error(error: csv.Error, row: int) -> ReadError:
    return ReadError("error.unreadable_csv", row=row, detail=str(error)[:200])


def check_xlsx_parts(data: bytes) -> None:
    """Measure a workbook's parts in the archive, streamed a megabyte at a time, before openpyxl reads them
    (it holds every shared string in memory as it opens the file): refuse one that expands beyond
    XLSX_EXPANDED_BYTES, a text run longer than any cell (TEXT_RUN_BYTES between two tags) and a shared
    string longer than SHARED_STRING_BYTES. Raises ReadError; the file is never held expanded."""
    import zipfile

    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        raise ReadError("error.not_xlsx") from None
    expanded = sum(info.file_size for info in infos)  # what reading stops at, whatever the data says
    if expanded > XLSX_EXPANDED_BYTES:
        raise ReadError("error.xlsx_expands", size=expanded >> 20, limit=XLSX_EXPANDED_BYTES >> 20)
    for info in infos:
        name = info.filename
        if not name.endswith(".xml") or not (name.startswith("xl/worksheets/") or name == "xl/sharedStrings.xml"):
            continue
        shared = name == "xl/sharedStrings.xml"
        run = item = 0  # bytes since the last "<", since the last "<si"
        try:
            with archive.open(info) as stream:
                while piece := stream.read(_SCAN_PIECE):
                    runs = piece.split(b"<")
                    run += len(runs[0])
                    longest = max(run, max(map(len, runs[1:]), default=0))
                    run = len(runs[-1]) if len(runs) > 1 else run
                    if longest > TEXT_RUN_BYTES:
                        raise ReadError("error.xlsx_cell_too_large", sheet=_part_title(name), limit=MAX_CELL_CHARS)
                    if shared:
                        items = piece.split(b"<si")
                        item += len(items[0])
                        if max(item, max(map(len, items[1:]), default=0)) > SHARED_STRING_BYTES:
                            raise ReadError("error.xlsx_cell_too_large", sheet=_part_title(name),
                                            limit=MAX_CELL_CHARS)
                        item = len(items[-1]) if len(items) > 1 else item
        except ReadError:
            raise
        except (zipfile.BadZipFile, OSError, EOFError, ValueError, NotImplementedError):
            raise ReadError("error.not_xlsx") from None


def _part_title(name: str) -> str:
    return "sharedStrings" if name.endswith("sharedStrings.xml") else name.rsplit("/", 1)[-1].removesuffix(".xml")


def _open_xlsx(data: bytes, kind: str) -> Table:
    import zipfile

    from openpyxl import load_workbook

    check_xlsx_parts(data)
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError):
        raise ReadError("error.not_xlsx") from None
    sheet = next((sheet for sheet in workbook.worksheets if kind_for_sheet(sheet.title) == kind),
                 workbook.worksheets[0] if workbook.worksheets else None)
    if sheet is None:
        raise ReadError("error.empty_file")
    if (sheet.max_column or 0) > MAX_COLUMNS or (sheet.max_row or 0) > MAX_ROWS:
        # A declared size ("A1:XFD1048576") would have every row padded to it: read the cells as they are,
        # each row checked below.
        sheet.reset_dimensions()
    cells_iter = sheet.iter_rows()
    header_row = 0
    header: list[str] | None = None
    for row in cells_iter:
        header_row += 1
        values = [_xlsx_value(cell) for cell in row]
        _check_xlsx_row(header_row, values)
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
            _check_xlsx_row(number, values)
            if any(not is_blank(value) for value in values):
                yield number, values
        workbook.close()

    return Table(header, header_row, NumberStyle(decimal_comma=False), "xlsx", sheet.title, rows())


def _check_xlsx_row(number: int, values: list[Cell]) -> None:
    if number > MAX_ROWS:
        raise ReadError("error.too_many_rows", limit=MAX_ROWS)
    if len(values) > MAX_COLUMNS:
        raise ReadError("error.too_many_columns", row=number, count=len(values), limit=MAX_COLUMNS)
    for column, value in enumerate(values, start=1):
        if value.__class__ is str and len(value) > MAX_CELL_CHARS:
            raise ReadError("error.cell_too_large", row=number, column=column, limit=MAX_CELL_CHARS)


def _xlsx_value(cell: object) -> Cell:
    value = getattr(cell, "value", None)
    if isinstance(value, float | int) and not isinstance(value, bool):
        number_format = getattr(cell, "number_format", "") or ""
        if "%" in number_format:  # 0.12 shown as 12 %: the person typed 12 %
            return value * 100
    if isinstance(value, dt.time):
        return value.isoformat()
    return value
