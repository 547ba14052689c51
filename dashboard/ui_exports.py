"""Download buttons for the stored records in an upload template's columns (rules in ``dashboard.exports``):
correct them in a spreadsheet and upload the file again; unchanged rows are left as they are.

The file is built only when a button is clicked (Streamlit runs the callable then), so showing the buttons
costs nothing even for a large table.
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd
import streamlit as st
from sqlalchemy.engine import Engine

from dashboard import exports
from dashboard.i18n import t


def template_download_buttons(engine: Engine, kind: str, lang: str, *, ids: Iterable[int] | None = None,
                              key: str = "") -> None:
    """CSV and Excel buttons exporting the records of ``kind`` (all, or ``ids``) in its template's columns."""
    chosen = None if ids is None else list(ids)
    stem = exports.template_file_stem(kind, lang)

    def frame() -> pd.DataFrame:  # built on click only
        with engine.connect() as connection:
            return exports.template_frame(connection, kind, lang, ids=chosen)

    csv_column, xlsx_column, _rest = st.columns([1, 1, 3])
    csv_column.download_button(
        t("export.template_csv", lang), data=lambda: exports.to_csv_bytes(frame(), lang),
        file_name=f"{stem}.csv", mime=exports.CSV_MIME, icon=":material/download:", on_click="ignore",
        key=f"records_csv_{kind}{key}", help=t("export.template_help", lang),
    )
    xlsx_column.download_button(
        t("export.template_xlsx", lang), data=lambda: exports.to_xlsx_bytes(frame(), sheet_name=stem),
        file_name=f"{stem}.xlsx", mime=exports.XLSX_MIME, icon=":material/table_view:", on_click="ignore",
        key=f"records_xlsx_{kind}{key}", help=t("export.template_help", lang),
    )
