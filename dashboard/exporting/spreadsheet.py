"""Table exports (CSV and Excel) with spreadsheet formula injection neutralised.

- CSV: UTF-8 with a byte-order mark (so Excel detects the encoding); commas and decimal points in English,
  semicolons and decimal commas in French (what French Excel expects). Text a spreadsheet would run as a
  formula (``=``, ``+``, ``-``, ``@``, tab, CR, LF first) gets a leading apostrophe (OWASP CSV injection).
- Excel: every text cell is written as text, never as a formula; text that would run as one is also flagged
  with Excel's own "quote prefix" (what Excel stores when you type ``'=``), so its value stays exact.
- Numbers stay numbers (the raw figures, not the formatted strings the page shows), dates stay dates.
- A table that needs a word beside it (partial totals: money without a stored rate left out) carries a
  ``FileNote``; see ``with_note`` for where it goes and why.
- Stored records in an upload template's columns: ``dashboard.exporting.template_columns``.
"""

from __future__ import annotations

import datetime as dt
import io
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

import pandas as pd

if TYPE_CHECKING:
    from openpyxl import Workbook

from dashboard.core.i18n import normalise_language, t
from dashboard.core.text import FORMULA_PREFIXES, for_files, neutralise_formula

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_MIME = "text/csv"
# Characters Excel refuses in a sheet name, and its length limit.
_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
_MAX_COLUMN_WIDTH = 60


def _is_text_column(series: pd.Series) -> bool:
    return (
        series.dtype == object
        or pd.api.types.is_string_dtype(series)
        or isinstance(series.dtype, pd.CategoricalDtype)
    )


@dataclass(frozen=True)
class FileNote:
    """What a downloaded table must say beside its figures: ``text``, one sentence in the reader's language
    ("Partial totals: 2,500 SBD cannot be converted to EUR…"); for Excel also a sheet titled ``sheet`` holding
    the sentence and ``details`` (a small table, raw numbers: the amounts left out, by currency), if any.
    ``stem_suffix`` ends the file's name too ("budget-variance-project-partial-not-converted.csv"), so the file
    says it before it is opened."""

    text: str
    sheet: str
    details: pd.DataFrame | None = None
    stem_suffix: str = ""


def with_note(frame: pd.DataFrame, note: FileNote | None) -> pd.DataFrame:
    """``frame`` with ``note`` as the header of one more column, last and empty, in CSV and Excel alike.

    Why there: a person opening the file sees the header row first (Excel keeps it frozen and bold on top), the
    sentence runs on over the empty cells to its right, and sorting or filtering the rows never moves it away.
    A program reading the file gets the same columns at the same places and the same rows, plus one column
    with no values: nothing to skip. The alternatives break readers: a line of text above or below the table
    (``pd.read_csv`` takes it for the header or for a row; a sum then meets text), a ``# comment`` line (CSV
    has no comments; Excel and most readers show or parse it as data), the sentence repeated in every row
    (a file of 10 000 rows would carry it 10 000 times). Excel also gets a note sheet (``to_xlsx_bytes``)."""
    if note is None:
        return frame
    noted = frame.copy()
    noted[note.text] = ""
    return noted


def neutralise_frame(frame: pd.DataFrame) -> pd.DataFrame:
    result = frame.copy()
    for column in result.columns:
        if _is_text_column(result[column]):
            result[column] = result[column].astype(object).map(neutralise_formula)
    result.columns = [neutralise_formula(str(column)) for column in result.columns]
    return result


def csv_separator(lang: str | None) -> str:
    """French Excel expects semicolons (the comma is its decimal mark)."""
    return ";" if normalise_language(lang) == "fr" else ","


def _decimal_comma(value: object) -> object:
    """A float inside a mixed (object) column, written with a decimal comma as pandas does for float columns."""
    if isinstance(value, float) and not isinstance(value, bool) and math.isfinite(value):
        return repr(value).replace(".", ",")
    return value


def to_csv_bytes(frame: pd.DataFrame, lang: str | None = None, *, note: FileNote | None = None) -> bytes:
    """UTF-8 with BOM so Excel detects the encoding; semicolons and decimal commas for French. ``note``: the
    header of a last, empty column (``with_note``)."""
    french = normalise_language(lang) == "fr"
    frame = neutralise_frame(with_note(frame, note))
    if french:
        for column in frame.columns:
            if frame[column].dtype == object:
                frame[column] = frame[column].map(_decimal_comma)
    text = frame.to_csv(index=False, sep=csv_separator(lang), decimal="," if french else ".", lineterminator="\r\n")
    return ("\ufeff" + for_files(text)).encode("utf-8")  # never a raw NUL or other control character


def sheet_title(name: str) -> str:
    """A name Excel accepts for a worksheet (no ``[]:*?/\\``, at most 31 characters, not blank)."""
    cleaned = _SHEET_FORBIDDEN.sub("-", name).strip("'").strip()
    return (cleaned or "data")[:31]


def _cell_value(value: object) -> object:
    """A value openpyxl writes as it is: pandas' missing markers become empty cells, numpy scalars plain."""
    if value is None or value is pd.NaT:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    if value is pd.NA:
        return None
    if isinstance(value, pd.Timestamp):
        value = value.to_pydatetime()
    if isinstance(value, dt.datetime) and value.tzinfo is not None:
        # Excel has no time zones: write the UTC clock time, as the database stores it.
        value = value.astimezone(dt.UTC).replace(tzinfo=None)
    if hasattr(value, "item") and not isinstance(value, str | bytes):  # numpy scalar
        return value.item()
    if isinstance(value, tuple | list | set | frozenset):
        value = "; ".join(str(item) for item in value)
    if isinstance(value, str):
        return for_files(value)  # a control character (NUL...) would make openpyxl refuse the whole workbook
    return value


def to_xlsx_bytes(frame: pd.DataFrame, sheet_name: str = "data", *, note: FileNote | None = None) -> bytes:
    """An .xlsx workbook of ``frame``: header row frozen and bold, text always stored as text. ``note``: the
    header of a last, empty column (``with_note``), and a second sheet with the sentence and its details; the
    table stays the first and active sheet, so whatever reads "the" sheet of the file reads the table."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = sheet_title(sheet_name)
    frame = with_note(frame, note)
    headers = [for_files(str(column)) for column in frame.columns]
    sheet.append(headers)
    for row in frame.itertuples(index=False, name=None):
        sheet.append([_cell_value(value) for value in row])
    widths = [len(header) for header in headers]
    for row in sheet.iter_rows():
        for index, cell in enumerate(row):
            if isinstance(cell.value, str):
                widths[index] = max(widths[index], min(len(cell.value), _MAX_COLUMN_WIDTH))
                # openpyxl turns any text starting with "=" into a formula: force text, and flag every text a
                # spreadsheet might run with the quote prefix, so it shows exactly as stored and never runs.
                cell.data_type = "s"
                if cell.value.startswith(FORMULA_PREFIXES):
                    cell.quotePrefix = True
            elif isinstance(cell.value, dt.datetime):
                cell.number_format = "yyyy-mm-dd hh:mm"
            elif isinstance(cell.value, dt.date):
                cell.number_format = "yyyy-mm-dd"
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    if note is not None:  # the note's column: narrow, its header in red running on over the empty cells
        widths[-1] = 6
        sheet.cell(row=1, column=len(headers)).font = Font(bold=True, color="C00000")
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[sheet.cell(row=1, column=index).column_letter].width = max(8, width + 2)
    sheet.freeze_panes = "A2"
    if note is not None:
        _note_sheet(workbook, note)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _note_sheet(workbook: Workbook, note: FileNote) -> None:
    """A second sheet, its tab red: the note in A1 (wrapped), then its details as a small table from row 3."""
    from openpyxl.styles import Alignment, Font

    sheet = workbook.create_sheet(sheet_title(note.sheet))
    sheet.sheet_properties.tabColor = "C00000"
    sheet["A1"] = for_files(note.text)
    sheet["A1"].data_type = "s"
    sheet["A1"].font = Font(bold=True, color="C00000")
    sheet["A1"].alignment = Alignment(wrap_text=True, vertical="top")
    details = note.details
    if details is not None and not details.empty:
        columns = max(1, len(details.columns))
        sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=columns)
        for index, column in enumerate(details.columns, start=1):
            cell = sheet.cell(row=3, column=index, value=for_files(str(column)))
            cell.data_type = "s"
            cell.font = Font(bold=True)
            sheet.column_dimensions[cell.column_letter].width = 40
        for offset, row in enumerate(details.itertuples(index=False, name=None), start=4):
            for index, value in enumerate(row, start=1):
                sheet.cell(row=offset, column=index, value=_cell_value(value))
    else:
        sheet.column_dimensions["A"].width = 100
    sheet.row_dimensions[1].height = 60


def with_headers(frame: pd.DataFrame, lang: str | None, keys: Mapping[str, str]) -> pd.DataFrame:
    """``frame`` with the columns named in ``keys`` (column → message key) renamed in the reader's language,
    in that order; other columns are dropped. The values are untouched (raw numbers, not formatted text)."""
    present = [column for column in keys if column in frame.columns]
    return frame[present].rename(columns={column: t(keys[column], lang) for column in present})


# ---------------------------------------------------------------------------------------------------------
# Stored records in an upload template's columns
# ---------------------------------------------------------------------------------------------------------


