"""Reading the files people really have: CSV from any Excel (UTF-8 with or without BOM, UTF-16 "Unicode
text", cp1252 from older French Excel and the other legacy encodings charset-normalizer tells apart; commas,
semicolons or tabs, or the separator Excel's ``sep=;`` first line names) and .xlsx workbooks (visible sheets
only, unless the person picks a sheet by name).

Rows are streamed, never loaded whole, so memory stays bounded whatever the number of rows. Row numbers are
the ones the person sees in their spreadsheet: the header is row 1 when it is the first line.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from dashboard.core.errors import TranslatableError
from dashboard.importing.schemas import header_fits, kind_for_sheet
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
    sheets: tuple[tuple[str, bool], ...] = ()  # a workbook's sheets: (title, hidden), in the workbook's order

    def rows(self) -> Iterator[tuple[int, list[Cell]]]:
        """(row number as seen in the spreadsheet, cells), blank rows skipped."""
        return self._rows


ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # the old binary .xls format


def open_table(data: bytes, file_name: str, kind: str, *, sheet: str | None = None) -> Table:
    """The table in ``data``; raises ReadError with a message saying what is wrong with the file. ``sheet``:
    the worksheet the person picked in a workbook (by title; the default is chosen among visible sheets)."""
    if not data.strip():
        raise ReadError("error.empty_file")
    if data.startswith(ZIP_MAGIC):
        return _open_xlsx(data, kind, sheet)
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
    if b"\x00" in head and (utf16 := _utf16_without_bom(data)) is not None:
        return utf16
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
    _refuse_stray_bytes(data)
    return _legacy_encoding(data)


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 text saved without its byte order mark (some exports of Excel's "Unicode text"), as
    charset-normalizer finds it; None for anything else (a binary file)."""
    from charset_normalizer import from_bytes  # deferred: only files holding NUL bytes need it

    best = from_bytes(data[:65536], cp_isolation=["utf_16_le", "utf_16_be"]).best()
    if best is None:
        return None
    try:
        text = data.decode(best.encoding)
    except UnicodeDecodeError:
        return None
    readable = all(char.isprintable() or char in "\r\n\t" for char in text[:65536])
    return best.encoding if readable else None


# Legacy encodings office software saves, in the order preferred when charset-normalizer finds them equally
# plausible (short files often fit several): Windows-1252 (Excel on Windows in Western Europe, the Pacific, the
# Americas), Mac Roman (older Excel for Mac), DOS Latin-1 (cp850), Central European Windows-1250, then Latin-1,
# which reads any byte. Unrestricted detection reads a French cp1252 file as cp1250 ("Œuvres" as "Śuvres").
LEGACY_ENCODINGS = ("cp1252", "mac_roman", "cp850", "cp1250", "latin_1")


def _legacy_encoding(data: bytes) -> str:
    """The single-byte encoding of a file that is not UTF-8: charset-normalizer's least chaotic reading among
    LEGACY_ENCODINGS, ties going to the more common encoding."""
    from charset_normalizer import from_bytes  # deferred: only files that are not UTF-8 need it

    matches = from_bytes(data, cp_isolation=list(LEGACY_ENCODINGS))
    ranked = sorted(matches, key=lambda match: (round(match.chaos, 2), LEGACY_ENCODINGS.index(match.encoding)))
    for match in ranked:
        try:  # charset-normalizer reads a sample; the whole file must decode
            data.decode(match.encoding)
            return match.encoding
        except UnicodeDecodeError:
            continue
    return "latin_1"


_STRAY = re.compile("[\udc80-\udcff]")
STRAY_ROWS_SHOWN = 10


def _utf8_evidence(char: str) -> bool:
    """Whether a character decoded from valid multi-byte UTF-8 shows the file is UTF-8: a Latin letter, a
    punctuation mark or a currency sign (U+00A0–U+024F, U+1E00–U+1EFF, U+2000–U+20CF), or any character of three
    bytes or more (CJK...). Two bytes of a legacy file can form a valid pair by chance, and then decode as a
    letter of another script: "’É" in a Mac Roman file (0xD5 0x83) is the Armenian U+0543, never evidence."""
    code = ord(char)
    return (0xA0 <= code <= 0x24F or 0x1E00 <= code <= 0x1EFF or 0x2000 <= code <= 0x20CF
            or (code >= 0x800 and not 0xDC80 <= code <= 0xDCFF))


def _refuse_stray_bytes(data: bytes) -> None:
    """A file that is UTF-8 (it holds valid multi-byte UTF-8 characters) with bytes that are not: text pasted
    from an older program (a Windows-1252 apostrophe 0x92 in a UTF-8 file). Reading the whole file in a
    legacy encoding would store every accent of the other rows garbled ("FÃ©dÃ©ration"); guessing each line
    apart could garble a line that happens to be valid in both. The file is refused, naming each row (as the
    spreadsheet numbers them) and what the stray bytes would be in Windows-1252."""
    text = data.decode("utf-8", errors="surrogateescape")
    if not any(_utf8_evidence(char) for char in text):
        return  # no valid UTF-8 character a person would write: a legacy single-byte file
    first_line = next((line for line in text[:65536].splitlines() if line.strip(" ,;\t")), "")
    hinted = _excel_separator(text.split("\n", 1)[0].rstrip("\r"))
    separator = hinted or _separator(first_line)
    stray: list[tuple[int, str, str]] = []  # (row, the cell as Windows-1252 reads it, its stray bytes)
    count = 0
    start = 0 if hinted else 1  # Excel hides the sep= line: the header is row 1
    for number, cells in enumerate(csv.reader(io.StringIO(text, newline=""), delimiter=separator), start=start):
        cell = next((cell for cell in cells if _STRAY.search(cell)), None)
        if cell is None:
            continue
        count += 1
        if len(stray) < STRAY_ROWS_SHOWN:
            codes = [ord(char) - 0xDC00 for char in _STRAY.findall(cell)]
            shown = _STRAY.sub(lambda match: bytes([ord(match.group()) - 0xDC00]).decode("cp1252", "replace"), cell)
            stray.append((max(number, 1), shown[:120], ", ".join(f"0x{code:02X}" for code in codes[:3])))
    if not count:
        return
    raise ReadError("error.mixed_encoding", rows=", ".join(str(row) for row, _v, _b in stray), count=count,
                    byte=stray[0][2], value=stray[0][1], stray=tuple(stray))


# "sep=;", also quoted or followed by empty cells ("sep=;;;;") as some tools write it.
_SEP_LINE = re.compile(r"^\ufeff?\"?sep=(.)\"?\1*\s*$", re.IGNORECASE)


def _excel_separator(first_line: str) -> str | None:
    """The separator Excel's first line ``sep=;`` names (Excel reads it and hides the line), or None."""
    match = _SEP_LINE.match(first_line)
    return match.group(1) if match else None


def _separator(first_line: str) -> str:
    counts = {separator: first_line.count(separator) for separator in (";", ",", "\t")}
    separator = max(counts, key=lambda key: counts[key])
    return separator if counts[separator] else ","


def _open_csv(data: bytes) -> Table:
    encoding = _encoding(data)
    stream = io.TextIOWrapper(io.BytesIO(data), encoding=encoding, newline="")
    head = stream.read(65536)
    first_line = next((line for line in head.splitlines() if line.strip(" ,;\t")), "")
    hinted = _excel_separator(head.split("\n", 1)[0].rstrip("\r"))
    separator = hinted or _separator(first_line)
    stream.seek(0)
    if hinted:
        # Excel honours the line and does not show it: the header is row 1 in the sheet the person sees.
        stream.readline()
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

    # What the format says of decimals when no number of a column says it (dashboard.importing.numbers): a
    # semicolon-separated file comes from an Excel that writes decimal commas; a comma-separated one cannot
    # hold a decimal comma outside quotes; a tab-separated one may be either.
    style = NumberStyle(decimal_comma={";": True, ",": False}.get(separator))
    names = {";": "semicolon", ",": "comma", "\t": "tab"}
    detail = f"{encoding}, {names.get(separator, repr(separator))}" + (f", sep={separator}" if hinted else "")
    return Table(header, row_number, style, "csv", detail, rows())


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


def _open_xlsx(data: bytes, kind: str, picked: str | None = None) -> Table:
    import zipfile

    from openpyxl import load_workbook

    check_xlsx_parts(data)
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError):
        raise ReadError("error.not_xlsx") from None
    sheets = tuple((sheet.title, is_hidden(sheet)) for sheet in workbook.worksheets)
    title = choose_sheet(sheets, kind, picked, lambda name: _first_row(workbook[name]))
    if title is None:
        workbook.close()
        raise ReadError("error.empty_file")
    sheet = workbook[title]
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

    # Numbers are stored as numbers; a number typed as text says its own decimal mark, or nothing.
    return Table(header, header_row, NumberStyle(decimal_comma=None), "xlsx", sheet.title, rows(), sheets)


def is_hidden(sheet: object) -> bool:
    """A worksheet hidden in Excel ("hidden", or "veryHidden" from a macro): never read unless picked."""
    return getattr(sheet, "sheet_state", "visible") != "visible"


def choose_sheet(sheets: tuple[tuple[str, bool], ...], kind: str, picked: str | None,
                 header_of: Callable[[str], list[str]] | None = None) -> str | None:
    """The worksheet to read: the one the person picked (by title, hidden or not: they chose it), else the
    visible sheet named after the kind, else the first visible sheet whose header names the kind's required
    columns (a "Read me" tab before "Data", ``header_of`` giving a sheet's header), else the first visible
    sheet. A hidden sheet is never read in silence, even when it bears the kind's name or holds its columns (an
    old tab kept out of sight). Raises ReadError when the picked sheet does not exist, or when every sheet is
    hidden."""
    if picked is not None:
        if picked not in (title for title, _hidden in sheets):
            raise ReadError("error.no_such_sheet", sheet=picked, sheets=", ".join(title for title, _h in sheets))
        return picked
    visible = [title for title, hidden in sheets if not hidden]
    if sheets and not visible:
        raise ReadError("error.only_hidden_sheets", sheets=", ".join(title for title, _hidden in sheets))
    named = next((title for title in visible if kind_for_sheet(title) == kind), None)
    if named is not None or len(visible) < 2 or header_of is None:
        return named or (visible[0] if visible else None)
    return next((title for title in visible if header_fits(kind, header_of(title))), visible[0])


HEADER_ROWS_LOOKED_AT = 20  # a sheet whose first 20 rows are blank is not a table of the kind


def _first_row(sheet: Any) -> list[str]:
    """The first non-blank row of a worksheet, as text (its header if it holds a table)."""
    for row in sheet.iter_rows(max_row=HEADER_ROWS_LOOKED_AT, values_only=True):
        if any(not is_blank(value) for value in row):
            return ["" if value is None else str(value) for value in row]
    return []


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
