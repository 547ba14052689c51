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


def _refuse_stray_bytes(data: bytes) -> None:
    """A file that is UTF-8 (it holds valid multi-byte UTF-8 characters) with bytes that are not: text pasted
    from an older program (a Windows-1252 apostrophe 0x92 in a UTF-8 file). Reading the whole file in a
    legacy encoding would store every accent of the other rows garbled ("FÃ©dÃ©ration"); guessing each line
    apart could garble a line that happens to be valid in both. The file is refused, naming each row (as the
    spreadsheet numbers them) and what the stray bytes would be in Windows-1252."""
    text = data.decode("utf-8", errors="surrogateescape")
    if not any(127 < ord(char) < 0xDC80 or ord(char) > 0xDCFF for char in text):
        return  # no valid UTF-8 character beyond ASCII: a legacy single-byte file
    first_line = next((line for line in text[:65536].splitlines() if line.strip(" ,;\t")), "")
    hinted = _excel_separator(text.split("\n", 1)[0].rstrip("\r"))
    separator = hinted or _separator(first_line)
    rows: list[str] = []
    count, shown, byte = 0, "", ""
    start = 0 if hinted else 1  # Excel hides the sep= line: the header is row 1
    for number, cells in enumerate(csv.reader(io.StringIO(text, newline=""), delimiter=separator), start=start):
        stray = next((cell for cell in cells if _STRAY.search(cell)), None)
        if stray is None:
            continue
        count += 1
        if len(rows) < STRAY_ROWS_SHOWN:
            rows.append(str(max(number, 1)))
        if not shown:
            codes = [ord(char) - 0xDC00 for char in _STRAY.findall(stray)]
            byte = ", ".join(f"0x{code:02X}" for code in codes[:3])
            shown = _STRAY.sub(lambda match: bytes([ord(match.group()) - 0xDC00]).decode("cp1252", "replace"), stray)
    if not count:
        return
    raise ReadError("error.mixed_encoding", rows=", ".join(rows) + (" …" if count > len(rows) else ""),
                    count=count, byte=byte, value=shown[:120])


_SEP_LINE = re.compile(r"^\ufeff?sep=(.)\s*$", re.IGNORECASE)


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

    # What the format says of decimals when no number of a column says it (dashboard.importing.numbers): a
    # semicolon-separated file comes from an Excel that writes decimal commas; a comma-separated one cannot
    # hold a decimal comma outside quotes; a tab-separated one may be either.
    style = NumberStyle(decimal_comma={";": True, ",": False}.get(separator))
    names = {";": "semicolon", ",": "comma", "\t": "tab"}
    detail = f"{encoding}, {names.get(separator, repr(separator))}" + (f", sep={separator}" if hinted else "")
    return Table(header, row_number, style, "csv", detail, rows())


def _open_xlsx(data: bytes, kind: str, picked: str | None = None) -> Table:
    import zipfile

    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError):
        raise ReadError("error.not_xlsx") from None
    sheets = tuple((sheet.title, is_hidden(sheet)) for sheet in workbook.worksheets)
    title = choose_sheet(sheets, kind, picked)
    if title is None:
        workbook.close()
        raise ReadError("error.empty_file")
    sheet = workbook[title]
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

    # Numbers are stored as numbers; a number typed as text says its own decimal mark, or nothing.
    return Table(header, header_row, NumberStyle(decimal_comma=None), "xlsx", sheet.title, rows(), sheets)


def is_hidden(sheet: object) -> bool:
    """A worksheet hidden in Excel ("hidden", or "veryHidden" from a macro): never read unless picked."""
    return getattr(sheet, "sheet_state", "visible") != "visible"


def choose_sheet(sheets: tuple[tuple[str, bool], ...], kind: str, picked: str | None) -> str | None:
    """The worksheet to read: the one the person picked (by title, hidden or not: they chose it), else the
    visible sheet named after the kind, else the first visible sheet. A hidden sheet is never read in silence,
    even when it bears the kind's name (an old tab kept out of sight). Raises ReadError when the picked sheet
    does not exist, or when every sheet is hidden."""
    if picked is not None:
        if picked not in (title for title, _hidden in sheets):
            raise ReadError("error.no_such_sheet", sheet=picked, sheets=", ".join(title for title, _h in sheets))
        return picked
    visible = [title for title, hidden in sheets if not hidden]
    if sheets and not visible:
        raise ReadError("error.only_hidden_sheets", sheets=", ".join(title for title, _hidden in sheets))
    return next((title for title in visible if kind_for_sheet(title) == kind), visible[0] if visible else None)


def _xlsx_value(cell: object) -> Cell:
    value = getattr(cell, "value", None)
    if isinstance(value, float | int) and not isinstance(value, bool):
        number_format = getattr(cell, "number_format", "") or ""
        if "%" in number_format:  # 0.12 shown as 12 %: the person typed 12 %
            return value * 100
    if isinstance(value, dt.time):
        return value.isoformat()
    return value
