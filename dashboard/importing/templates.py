"""Templates to fill in: per kind a CSV and an .xlsx with the header, one example row and what each column
means (a second sheet "columns"/"colonnes" in the workbook; a companion table for the CSV)."""

from __future__ import annotations

import datetime as dt
import io

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.worksheet.worksheet import Worksheet

from dashboard.core.i18n import normalise_language, t
from dashboard.importing.schemas import KINDS, LIST_SEPARATOR, Column, ColumnType, schema_for

SHEET_COLUMNS = {"en": "columns", "fr": "colonnes"}


def file_stem(kind: str, lang: str | None = None) -> str:
    """``budgets-template`` / ``budgets-modele``; the sheet inside is named after the kind, which the
    importer recognises."""
    lang = normalise_language(lang)
    if kind == "workbook":
        return f"{t('import.template.workbook', lang)}-{t('import.template.suffix', lang)}"
    schema = schema_for(kind)
    return f"{schema.name_fr if lang == 'fr' else schema.kind}-{t('import.template.suffix', lang)}"


def _example(column: Column, lang: str, *, native: bool) -> object:
    """The example value, typed for a workbook (dates and numbers as such) or written as French Excel does."""
    text = column.example
    if not text:
        return None if native else ""
    if column.type == ColumnType.date:
        day = dt.date.fromisoformat(text)
        return day if native else (day.strftime("%d/%m/%Y") if lang == "fr" else text)
    if column.type in (ColumnType.number, ColumnType.integer):
        number = float(text)
        if native:
            return int(number) if number.is_integer() else number
        return text.replace(".", ",") if lang == "fr" else text
    if column.type == ColumnType.boolean:
        return t("import.value.no", lang)
    return text


def columns_frame(kind: str, lang: str | None = None) -> pd.DataFrame:
    """What each column holds: header, whether required or part of the key, allowed values, description."""
    lang = normalise_language(lang)
    schema = schema_for(kind)
    rows = []
    for column in schema.columns:
        allowed = ", ".join(column.choices.values) if column.choices else ""
        notes = []
        if column.name in schema.key:
            notes.append(t("import.template.key_part", lang))
        if column.type.endswith("_list") or column.type == ColumnType.country_shares:
            notes.append(t("import.template.list", lang, separator=LIST_SEPARATOR))
        rows.append({
            t("import.template.header", lang): column.header(lang),
            t("import.template.other_header", lang): column.header("en" if lang == "fr" else "fr"),
            t("import.template.required", lang): t("import.value.yes" if column.required else "import.value.no",
                                                   lang),
            t("import.template.type", lang): t(f"import.type.{column.type.value}", lang),
            t("import.template.allowed", lang): allowed,
            t("import.template.description", lang): " ".join([column.description(lang), *notes]),
            t("import.template.example", lang): column.example,
        })
    return pd.DataFrame(rows)


def key_note(kind: str, lang: str | None = None) -> str:
    lang = normalise_language(lang)
    schema = schema_for(kind)
    return t("import.template.key_note", lang, key=schema.key_headers(lang))


def template_csv(kind: str, lang: str | None = None) -> bytes:
    """Header and one example row: UTF-8 with BOM; semicolons and decimal commas in French, as Excel writes."""
    lang = normalise_language(lang)
    schema = schema_for(kind)
    separator = ";" if lang == "fr" else ","
    frame = pd.DataFrame([[_example(column, lang, native=False) for column in schema.columns]],
                         columns=[column.header(lang) for column in schema.columns])
    return ("\ufeff" + frame.to_csv(index=False, sep=separator, lineterminator="\r\n")).encode("utf-8")


def template_xlsx(kind: str, lang: str | None = None) -> bytes:
    """A workbook: the kind's sheet (header, example) and a second sheet describing every column.

    For ``workbook`` (several kinds in one upload): one sheet per kind, then one describing all columns."""
    lang = normalise_language(lang)
    workbook = Workbook()
    kinds = KINDS if kind == "workbook" else (kind,)
    for position, name in enumerate(kinds):
        sheet = workbook.active if position == 0 else workbook.create_sheet()
        assert sheet is not None
        _data_sheet(sheet, name, lang)
    described = workbook.create_sheet(SHEET_COLUMNS[lang])
    for name in kinds:
        frame = columns_frame(name, lang)
        if kind == "workbook":
            described.append([t(f"upload.kind.{name}", lang)])
            described[described.max_row][0].font = Font(bold=True)
        described.append([key_note(name, lang)])
        described.append(list(frame.columns))
        for cell in described[described.max_row]:
            cell.font = Font(bold=True)
        for record in frame.itertuples(index=False):
            described.append(list(record))
        described.append([])
    described.column_dimensions["F"].width = 80
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _data_sheet(sheet: Worksheet, kind: str, lang: str) -> None:
    schema = schema_for(kind)
    sheet.title = (schema.name_fr if lang == "fr" else schema.kind)[:31]
    sheet.append([column.header(lang) for column in schema.columns])
    sheet.append([_example(column, lang, native=True) for column in schema.columns])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for index, column in enumerate(schema.columns, start=1):
        cell = sheet.cell(row=2, column=index)
        if column.type == ColumnType.date:
            cell.number_format = "DD/MM/YYYY" if lang == "fr" else "YYYY-MM-DD"
        elif column.type in (ColumnType.text, ColumnType.project, ColumnType.partner, ColumnType.indicator):
            cell.number_format = "@"  # codes such as 0012 stay text
        sheet.column_dimensions[cell.column_letter].width = max(12, len(column.header(lang)) + 2)
    sheet.freeze_panes = "A2"
