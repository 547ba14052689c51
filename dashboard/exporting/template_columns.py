"""Stored records in an upload template's columns, so a file can be downloaded, corrected and uploaded again:
re-importing it unchanged changes nothing."""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd
from sqlalchemy import select
from sqlalchemy.engine import Connection

from dashboard.core.i18n import normalise_language, t
from dashboard.importing.records import STORES, load_lookups, load_rows, natural_of_row
from dashboard.importing.schemas import schema_for
from dashboard.importing.values import list_cell


def _template_cell(value: object, kind: str, lang: str) -> object:
    """One natural value as the upload template writes it (what the importer reads back the same)."""
    if isinstance(value, bool):
        return t("export.yes", lang) if value else t("export.no", lang)
    if isinstance(value, tuple | list):
        return list_cell(value)
    del kind
    return value


def template_frame(connection: Connection, kind: str, lang: str | None = None,
                   *, ids: Iterable[int] | None = None) -> pd.DataFrame:
    """Stored records of ``kind`` ("partners", "budgets", …) in that upload template's columns, headed in the
    reader's language (``name``/``nom``), one row per record, ordered by natural key.

    ``ids`` limits the export to those records (the rows a filtered page shows); None exports all.
    """

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

    schema = schema_for(kind)
    return schema.name_fr if normalise_language(lang) == "fr" else schema.kind
