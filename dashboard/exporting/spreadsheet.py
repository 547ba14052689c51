"""Table exports (CSV and Excel) with spreadsheet formula injection neutralised.

- CSV: UTF-8 with a byte-order mark (so Excel detects the encoding); commas and decimal points in English,
  semicolons and decimal commas in French (what French Excel expects). Text a spreadsheet would run as a
  formula (``=``, ``+``, ``-``, ``@``, tab, CR, LF first) gets a leading apostrophe (OWASP CSV injection).
- Excel: every text cell is written as text, never as a formula; text that would run as one is also flagged
  with Excel's own "quote prefix" (what Excel stores when you type ``'=``), so its value stays exact.
- Numbers stay numbers (the raw figures, not the formatted strings the page shows), dates stay dates.
- Stored records in an upload template's columns: ``dashboard.exporting.template_columns``.
"""

from __future__ import annotations

import datetime as dt
import io
import math
import re
from collections.abc import Mapping

import pandas as pd

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


def to_csv_bytes(frame: pd.DataFrame, lang: str | None = None) -> bytes:
    """UTF-8 with BOM so Excel detects the encoding; semicolons and decimal commas for French."""
    french = normalise_language(lang) == "fr"
    frame = neutralise_frame(frame)
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


def to_xlsx_bytes(frame: pd.DataFrame, sheet_name: str = "data") -> bytes:
    """An .xlsx workbook of ``frame``: header row frozen and bold, text always stored as text."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = sheet_title(sheet_name)
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
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[sheet.cell(row=1, column=index).column_letter].width = max(8, width + 2)
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def with_headers(frame: pd.DataFrame, lang: str | None, keys: Mapping[str, str]) -> pd.DataFrame:
    """``frame`` with the columns named in ``keys`` (column → message key) renamed in the reader's language,
    in that order; other columns are dropped. The values are untouched (raw numbers, not formatted text)."""
    present = [column for column in keys if column in frame.columns]
    return frame[present].rename(columns={column: t(keys[column], lang) for column in present})


# ---------------------------------------------------------------------------------------------------------
# Stored records in an upload template's columns
# ---------------------------------------------------------------------------------------------------------


