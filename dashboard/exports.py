"""Table exports (CSV and Excel) with spreadsheet formula injection neutralised."""

from __future__ import annotations

import io

import pandas as pd

from dashboard.i18n import normalise_language

# Cells starting with these are run as formulas by Excel, LibreOffice and Google Sheets (OWASP CSV injection).
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r", "\n")


def neutralise_formula(value: object) -> object:
    """Prefix text that a spreadsheet would run as a formula with an apostrophe, so it shows as text."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def neutralise_frame(frame: pd.DataFrame) -> pd.DataFrame:
    result = frame.copy()
    for column in result.columns:
        if result[column].dtype == object or pd.api.types.is_string_dtype(result[column]):
            result[column] = result[column].map(neutralise_formula)
    result.columns = [neutralise_formula(str(column)) for column in result.columns]
    return result


def csv_separator(lang: str | None) -> str:
    """French Excel expects semicolons (the comma is its decimal mark)."""
    return ";" if normalise_language(lang) == "fr" else ","


def to_csv_bytes(frame: pd.DataFrame, lang: str | None = None) -> bytes:
    """UTF-8 with BOM so Excel detects the encoding; semicolons and decimal commas for French."""
    french = normalise_language(lang) == "fr"
    text = neutralise_frame(frame).to_csv(
        index=False, sep=csv_separator(lang), decimal="," if french else "."
    )
    return ("\ufeff" + text).encode("utf-8")


def to_xlsx_bytes(frame: pd.DataFrame, sheet_name: str = "data") -> bytes:
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        neutralise_frame(frame).to_excel(writer, index=False, sheet_name=sheet_name[:31])
    return buffer.getvalue()
