"""The forms that change or add one record (issue 17), as people read them: field labels, values in their
language, the before → after table and the problems, for ``dashboard.web.forms`` and its tests.

The rules are ``dashboard.importing.edits`` (the upload's own); this module only words what they found.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

from dashboard.core.i18n import t
from dashboard.core.text import escape_markdown
from dashboard.importing.edits import EditResult, form_columns
from dashboard.importing.schemas import Column, ColumnType
from dashboard.importing.values import list_cell
from dashboard.presenting.formatting import decimal_symbol, format_date, format_number
from dashboard.presenting.labels import enum_label

# Decimals a number field shows at most (an exchange rate holds five significant digits: 0.00838 EUR per XPF).
NUMBER_DECIMALS = 6


def field_label(name: str, lang: str) -> str:
    """The label of a form field (``planned_end`` → "Planned end" / "Fin prévue")."""
    return t(f"field.{name}", lang)


def kind_name(kind: str, lang: str) -> str:
    """One record of ``kind`` as a title names it ("a budget line" / "une ligne budgétaire")."""
    return t(f"form.kind.{kind}", lang)


def thing_name(kind: str, lang: str) -> str:
    """A record of ``kind`` as the title of its edit form names it ("budget line" / "ligne budgétaire")."""
    return t(f"form.thing.{kind}", lang)


def choice_label(column: Column, value: object, lang: str) -> str:
    """An allowed value of a choice column by its name in ``lang`` (the stored value when it has none)."""
    prefix = column.choices.label_prefix if column.choices is not None else None
    return enum_label(prefix, value, lang) if prefix else str(value)


def _number(value: float, lang: str) -> str:
    text = f"{value:.{NUMBER_DECIMALS}f}".rstrip("0").rstrip(".")
    return format_number(value, lang, decimals=len(text.partition(".")[2]))


def number_text(value: object, lang: str) -> str:
    """A number as a form's text field shows it, every digit kept and no grouping, with the reader's decimal
    mark (read back the same by the upload's number reader); empty for None."""
    if value is None or value == "":
        return ""
    if not isinstance(value, int | float):
        return str(value)  # already text (what was typed)
    text = f"{float(value):.15g}"
    return text.replace(".", decimal_symbol(lang)) if "e" not in text else text


def shown_value(column: Column, value: object, lang: str) -> str:
    """A field's value as the reader reads it: dates and numbers in their language, choices by their names,
    lists joined, an empty field said so."""
    if value is None or value == "" or value == ():
        return t("form.empty_value", lang)
    if isinstance(value, bool):
        return t("import.value.yes" if value else "import.value.no", lang)
    if isinstance(value, dt.date):
        return format_date(value, lang)
    if column.type == ColumnType.choice:
        return choice_label(column, value, lang)
    if column.type == ColumnType.choice_list and isinstance(value, tuple | list):
        return ", ".join(choice_label(column, item, lang) for item in value)
    if isinstance(value, tuple | list):
        return list_cell(value)
    if isinstance(value, int | float):
        return _number(value, lang)
    return str(value)


def changes_frame(result: EditResult, lang: str) -> pd.DataFrame:
    """The change a form makes: one row per field, its label, the value before (empty for a new record) and
    after."""
    columns = {column.name: column for column in form_columns(result.kind)}
    rows = []
    for change in result.changes:
        column = columns.get(change.column)
        if column is None:
            continue
        before = "" if result.record_id is None and change.before is None else shown_value(column, change.before,
                                                                                           lang)
        rows.append((field_label(change.column, lang), before, shown_value(column, change.after, lang)))
    return pd.DataFrame(rows, columns=[t(f"form.column.{name}", lang) for name in ("field", "before", "after")])


def problems_frame(result: EditResult, lang: str) -> pd.DataFrame:
    """What stops a form: the field (or the record as a whole), the problem and how to fix it."""
    rows = []
    for item in result.problems:
        name = result.field_of(item)
        if name:
            where = field_label(name, lang)
        else:
            where = t("form.reason" if item.key.startswith("form.error.reason") else "form.record", lang)
        rows.append((where, item.message(lang), item.fix(lang)))
    return pd.DataFrame(rows, columns=[t(f"form.column.{name}", lang) for name in ("field", "problem", "fix")])


def notes_markdown(result: EditResult, lang: str) -> str:
    """What to check before saving (``EditResult.notes``: the upload preview's notes on this one record), one
    Markdown line each: "- **Period start**: Dated 2062-01-01, more than 5 years after today…". Escaped with
    the one escaper (the message repeats what was typed)."""
    names = {column.name for column in form_columns(result.kind)}
    lines = []
    for note in result.notes:
        where = field_label(note.where, lang) if note.where in names else t("form.record", lang)
        lines.append(f"- **{escape_markdown(where)}**: {escape_markdown(note.message(lang))}")
    return "\n".join(lines)
