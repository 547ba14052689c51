"""Download buttons: a table as CSV and Excel (formula injection neutralised by
``dashboard.exporting.spreadsheet``), stored records in an upload template's columns (correct them in a
spreadsheet and upload the file again; unchanged rows are left as they are), and the Overview's leadership
briefing (rules and HTML in ``dashboard.presenting.briefing``, from the view model the page has just shown, so
the figures are the page's own).

Every file is built only when its button is clicked (Streamlit runs the callable then), so showing the buttons
costs nothing even for a large table.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

import pandas as pd
import streamlit as st
from sqlalchemy.engine import Engine

from dashboard.core.i18n import t
from dashboard.core.models import utcnow
from dashboard.exporting import spreadsheet
from dashboard.exporting.iati import export_iati
from dashboard.exporting.template_columns import template_file_stem, template_frame
from dashboard.presenting import briefing
from dashboard.queries.filters import PortfolioFilter
from dashboard.views.portfolio import OverviewView
from dashboard.web.widgets import button_row


def template_download_buttons(engine: Engine, kind: str, lang: str, *, ids: Iterable[int] | None = None,
                              key: str = "") -> None:
    """CSV and Excel buttons exporting the records of ``kind`` (all, or ``ids``) in its template's columns."""
    chosen = None if ids is None else list(ids)
    stem = template_file_stem(kind, lang)

    def frame() -> pd.DataFrame:  # built on click only
        with engine.connect() as connection:
            return template_frame(connection, kind, lang, ids=chosen)

    row = button_row()
    row.download_button(
        t("export.template_csv", lang), data=lambda: spreadsheet.to_csv_bytes(frame(), lang),
        file_name=f"{stem}.csv", mime=spreadsheet.CSV_MIME, icon=":material/download:", on_click="ignore",
        key=f"records_csv_{kind}{key}", help=t("export.template_help", lang),
    )
    row.download_button(
        t("export.template_xlsx", lang), data=lambda: spreadsheet.to_xlsx_bytes(frame(), sheet_name=stem),
        file_name=f"{stem}.xlsx", mime=spreadsheet.XLSX_MIME, icon=":material/table_view:", on_click="ignore",
        key=f"records_xlsx_{kind}{key}", help=t("export.template_help", lang),
    )


def download_buttons(frame: pd.DataFrame | Callable[[], pd.DataFrame], file_stem: str, lang: str, *,
                     note: spreadsheet.FileNote | None = None) -> None:
    """CSV and Excel downloads of a table (formula injection neutralised by ``dashboard.exporting.spreadsheet``).
    ``frame`` may be a function that builds the table (bind its inputs with ``functools.partial``), so a large one is
    only built when someone downloads it. ``note``: what the file must say beside its figures (partial totals:
    ``presenting.tables.not_converted_file_note``), written inside both files (``spreadsheet.with_note``) and
    at the end of their names."""
    row = button_row()
    file_stem += note.stem_suffix if note is not None else ""

    def table() -> pd.DataFrame:
        return frame() if callable(frame) else frame

    # The files are built when clicked, not on every rerun: a large portfolio's Excel file takes seconds.
    row.download_button(
        t("shell.download.csv", lang),
        data=lambda: spreadsheet.to_csv_bytes(table(), lang, note=note),
        file_name=f"{file_stem}.csv",
        mime="text/csv",
        key=f"download_csv_{file_stem}",
        icon=":material/download:",
        on_click="ignore",
    )
    row.download_button(
        t("shell.download.xlsx", lang),
        data=lambda: spreadsheet.to_xlsx_bytes(table(), sheet_name=file_stem, note=note),
        file_name=f"{file_stem}.xlsx",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        key=f"download_xlsx_{file_stem}",
        icon=":material/table_view:",
        on_click="ignore",
    )


IATI_MIME = "application/xml"


def iati_button(engine: Engine, portfolio_filter: PortfolioFilter, lang: str) -> None:
    """The download of the filtered projects as an IATI 2.03 activity file (built when clicked)."""

    def build() -> bytes:
        return export_iati(engine, portfolio_filter=portfolio_filter).data

    st.download_button(
        t("export.iati.button", lang), data=build, file_name="iati-activities.xml", mime=IATI_MIME,
        help=t("export.iati.help", lang), icon=":material/public:", key="iati_export", on_click="ignore",
    )


def briefing_button(view: OverviewView, lang: str) -> None:
    """Draw the download button for the briefing of the Overview's ``view`` (the figures the page shows)."""

    def build() -> bytes:
        return briefing.render_html(view, lang, generated_at=utcnow()).encode("utf-8")

    st.download_button(
        t("briefing.button", lang),
        data=build,
        file_name=briefing.file_name(view.as_of, lang),
        mime="text/html",
        help=t("briefing.button_help", lang),
        icon=":material/summarize:",
        key="leadership_briefing",
        on_click="ignore",
    )
