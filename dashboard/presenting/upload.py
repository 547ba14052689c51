"""The upload preview as a reader sees it: problems, rejected rows and changes as tables in their language."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from dashboard.core.i18n import t
from dashboard.core.text import escape_markdown
from dashboard.importing.preview import WORKBOOK, Preview, shown_cell
from dashboard.importing.sync import STANDARD_KINDS
from dashboard.presenting.formatting import MISSING, format_date, format_number
from dashboard.standards.problems import grouped


def problems_frame(preview: Preview, lang: str | None = None) -> pd.DataFrame:
    frame = pd.DataFrame(
        [(item.row, item.column or "", item.value, item.message(lang), item.fix(lang)) for item in preview.problems],
        columns=[t(f"import.table.{name}", lang) for name in ("row", "column", "value", "problem", "fix")],
    )
    if any(item.sheet for item in preview.problems):
        frame.insert(0, t("import.table.sheet", lang), [item.sheet or "" for item in preview.problems])
    return frame


def rejected_frame(preview: Preview, lang: str | None = None) -> pd.DataFrame:
    """The rejected rows as they were in the file, with their row number and an error column added."""
    by_row: dict[tuple[str | None, int], list[str]] = {}
    for item in preview.problems:
        if item.row is not None:
            column = f"{item.column}: " if item.column else ""
            by_row.setdefault((item.sheet, item.row), []).append(f"{column}{item.message(lang)} {item.fix(lang)}")
    frames = []
    for sheet in dict.fromkeys(preview.rejected_sheets):
        names = preview.headers.get(sheet, preview.header)
        width = len(names)
        header = [name or f"({index + 1})" for index, name in enumerate(names)]
        rows = []
        for (row, cells), row_sheet in zip(preview.rejected_rows, preview.rejected_sheets, strict=True):
            if row_sheet == sheet:
                padded = [shown_cell(cell) for cell in cells[:width]] + [""] * (width - len(cells))
                rows.append([row, *padded, " | ".join(by_row.get((sheet, row), []))])
        frame = pd.DataFrame(rows, columns=[t("import.label.row", lang), *header, t("import.label.errors", lang)])
        if sheet is not None:
            frame.insert(0, t("import.table.sheet", lang), sheet)
        frames.append(frame)
    if not frames:
        return pd.DataFrame(columns=[t("import.label.row", lang), t("import.label.errors", lang)])
    return pd.concat(frames, ignore_index=True) if len(frames) > 1 else frames[0]


def changes_frame(preview: Preview, lang: str | None = None, lookups_display: object = None) -> pd.DataFrame:
    """One line per changed field: row, action, record, column, before, after."""
    lines = []
    for change in preview.changes:
        action = t(f"import.action.{change.action}", lang)
        for item in change.fields:
            lines.append((change.row, action, change.key, item.column, display_value(item.before, lang),
                          display_value(item.after, lang)))
    frame = pd.DataFrame(lines, columns=[t(f"import.table.{name}", lang)
                                         for name in ("row", "action", "record", "column", "before", "after")])
    if preview.kind == WORKBOOK:
        frame.insert(0, t("import.table.kind", lang),
                     [t(f"upload.kind.{change.kind}", lang) for change in preview.changes for _item in change.fields])
    elif preview.kind in STANDARD_KINDS:  # a standard file changes records of several kinds
        frame.insert(2, t("import.table.kind", lang),
                     [t(f"import.record.{change.kind}", lang) for change in preview.changes
                      for _item in change.fields])
    return frame


def matches_frame(preview: Preview, lang: str | None = None) -> pd.DataFrame:
    """How each project and partner a standard file names was found (or that it is new)."""
    return pd.DataFrame(
        [(t(f"import.record.{item.record}", lang), item.key, t(f"import.matched.{item.how}", lang), item.name or "")
         for item in preview.matches],
        columns=[t(f"upload.standard.{name}", lang) for name in ("record", "in_file", "matched", "stored")])


def unmapped_frame(preview: Preview, lang: str | None = None) -> pd.DataFrame:
    """What the file holds and the portfolio has no place for, by element (or column) and count."""
    return pd.DataFrame(list(preview.unmapped.items()),
                        columns=[t(f"upload.standard.{name}", lang) for name in ("element", "count")])


def notes_frame(preview: Preview, lang: str | None = None) -> pd.DataFrame:
    """The notes (warnings) of a standard file, one line per kind with how often and the first lines."""
    rows = [(group.count, ", ".join(str(line) for line in group.lines), group.example.where,
             group.message(lang)) for group in grouped(preview.notes)]
    return pd.DataFrame(rows, columns=[t(f"upload.standard.{name}", lang)
                                       for name in ("count", "lines", "where", "note")])


def row_notes_frame(preview: Preview, lang: str | None = None) -> pd.DataFrame:
    """The notes of a spreadsheet upload, one line each (row, column, record, what to check): amounts without a
    stored rate, implausible dates, spending against a zero budget, the original lines a revised line replaces."""
    rows = [(note.line, note.where, note.activity or "", note.message(lang)) for note in preview.notes]
    return pd.DataFrame(rows, columns=[t("import.table.row", lang), t("import.table.column", lang),
                                       t("import.table.record", lang), t("upload.money_notes_column", lang)])


ROW_NOTES_SHOWN = 20


def row_notes_markdown(preview: Preview, lang: str | None = None) -> str:
    """The first ``ROW_NOTES_SHOWN`` notes of a spreadsheet upload as Markdown lines, whole (a table cuts long
    sentences): "Row 2 · HUNT-1 · SB-0001 · currency: …". The file's text is escaped (the one escaper)."""
    lines = []
    for note in preview.notes[:ROW_NOTES_SHOWN]:
        place = " · ".join(part for part in (f"{t('import.label.row', lang)} {note.line}", note.activity or "",
                                             note.where) if part)
        lines.append(f"- **{escape_markdown(place)}**: {escape_markdown(note.message(lang))}")
    return "\n".join(lines)


def display_value(value: object, lang: str | None = None) -> str:
    """A stored or uploaded value as text for the preview (lists joined the way files write them)."""
    if value is None or value == ():
        return MISSING
    if isinstance(value, bool):
        return t("import.value.yes" if value else "import.value.no", lang)
    if isinstance(value, dt.date):
        return format_date(value, lang)
    if isinstance(value, float):
        return format_number(value, lang, decimals=0 if value.is_integer() else 2)
    if isinstance(value, tuple):
        return "; ".join(f"{item[0]}:{item[1]:g}" if isinstance(item, tuple) else str(item) for item in value)
    return str(value)

