"""Table exports (CSV and Excel) with spreadsheet formula injection neutralised.

- CSV: UTF-8 with a byte-order mark (so Excel detects the encoding); commas and decimal points in English,
  semicolons and decimal commas in French (what French Excel expects). Text a spreadsheet would run as a
  formula (``=``, ``+``, ``-``, ``@``, tab, CR, LF first) gets a leading apostrophe (OWASP CSV injection).
- Excel: every text cell is written as text, never as a formula; text that would run as one is also flagged
  with Excel's own "quote prefix" (what Excel stores when you type ``'=``), so its value stays exact.
- Numbers stay numbers (the raw figures, not the formatted strings the page shows), dates stay dates.
- ``template_frame`` exports stored records in an upload template's columns, so a file can be downloaded,
  corrected and uploaded again: re-importing it unchanged changes nothing.
"""

from __future__ import annotations

import datetime as dt
import io
import math
import re
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

import pandas as pd

from dashboard.i18n import normalise_language, t

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection

# Cells starting with these are run as formulas by Excel, LibreOffice and Google Sheets (OWASP CSV injection).
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r", "\n")
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_MIME = "text/csv"
# Characters Excel refuses in a sheet name, and its length limit.
_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
_MAX_COLUMN_WIDTH = 60


def neutralise_formula(value: object) -> object:
    """Prefix text that a spreadsheet would run as a formula with an apostrophe, so it shows as text."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


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
    return ("\ufeff" + text).encode("utf-8")


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
        return "; ".join(str(item) for item in value)
    return value


def to_xlsx_bytes(frame: pd.DataFrame, sheet_name: str = "data") -> bytes:
    """An .xlsx workbook of ``frame``: header row frozen and bold, text always stored as text."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = sheet_title(sheet_name)
    headers = [str(column) for column in frame.columns]
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


def _template_cell(value: object, kind: str, lang: str) -> object:
    """One natural value as the upload template writes it (what the importer reads back the same)."""
    if isinstance(value, bool):
        return t("export.yes", lang) if value else t("export.no", lang)
    if isinstance(value, tuple | list):
        parts = []
        for item in value:
            if isinstance(item, tuple):  # (country, share in %)
                country, share = item
                parts.append(f"{country}:{float(share):g}")
            else:
                parts.append(str(item))
        return "; ".join(parts)
    del kind
    return value


def template_frame(connection: Connection, kind: str, lang: str | None = None,
                   *, ids: Iterable[int] | None = None) -> pd.DataFrame:
    """Stored records of ``kind`` ("partners", "budgets", …) in that upload template's columns, headed in the
    reader's language (``name``/``nom``), one row per record, ordered by natural key.

    ``ids`` limits the export to those records (the rows a filtered page shows); None exports all.
    """
    from sqlalchemy import select

    from dashboard.importing.records import STORES, load_lookups, load_rows, natural_of_row
    from dashboard.importing.schemas import schema_for

    lang = normalise_language(lang)
    schema = schema_for(kind)
    store = STORES[kind]
    lookups = load_lookups(connection)
    if ids is None:
        ids = [row[0] for row in connection.execute(select(store.table.c.id)).all()]
    stored = load_rows(connection, store, ids)
    records = []
    for row in stored.values():
        natural = natural_of_row(store, lookups, row)
        records.append({
            column.header(lang): _template_cell(lookups.display(column.name, natural.get(column.name)), kind, lang)
            for column in schema.columns
            if column.name in natural
        })
    headers = [column.header(lang) for column in schema.columns if column.name in store.fields
               or store.link(column.name) is not None]
    frame = pd.DataFrame.from_records(records, columns=headers)
    key_headers = [schema.column(name).header(lang) for name in schema.key if schema.column(name).header(lang)
                   in frame.columns]
    if len(frame) and key_headers:
        order = frame[key_headers].astype(str).apply(lambda column: column.str.casefold())
        frame = frame.loc[order.sort_values(key_headers).index].reset_index(drop=True)
    return frame


def template_file_stem(kind: str, lang: str | None = None) -> str:
    """``partners`` / ``partenaires``: also the sheet name, which the importer recognises."""
    from dashboard.importing.schemas import schema_for

    schema = schema_for(kind)
    return schema.name_fr if normalise_language(lang) == "fr" else schema.kind
