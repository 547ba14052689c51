"""Small shared pieces of pages: the first rows of a long table, notices, the empty state, links to items, the
file picker, the date picker."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

import pandas as pd
import streamlit as st
from streamlit.delta_generator import DeltaGenerator
from streamlit.runtime.uploaded_file_manager import UploadedFile

from dashboard.core.i18n import DEFAULT_LANGUAGE, normalise_language, t
from dashboard.core.permissions import can_open_page
from dashboard.core.text import escape_markdown
from dashboard.presenting.data_quality import split_url
from dashboard.presenting.formatting import date_input_format
from dashboard.presenting.tables import alert_detail
from dashboard.web.navigation import PAGES
from dashboard.web.sign_in import resumed_actor as current_actor  # not web.context: it imports the sidebar

MAX_TABLE_ROWS = 1_000  # rows formatted for the screen; the downloads hold them all
PAGE_ROWS = 100  # rows of a paged table sent to the browser at once


def first_rows(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The rows to format and show (the first ``MAX_TABLE_ROWS``, in the query's order: the most urgent
    first), saying so when some are left to the download."""
    if len(frame) <= MAX_TABLE_ROWS:
        return frame
    st.caption(t("shell.table_truncated", lang, shown=MAX_TABLE_ROWS,
                 total=len(frame)))
    return frame.head(MAX_TABLE_ROWS)


def page_of_rows(frame: pd.DataFrame, lang: str, *, key: str, rows: int = PAGE_ROWS) -> pd.DataFrame:
    """One page of ``frame`` (in its order: the most urgent first), with a page picker and the rows shown
    when there is more than one page: every row can be reached on screen, and a large table costs the
    browser ``rows`` rows at a time. Call it inside an ``st.fragment`` so turning a page redraws the table
    alone."""
    total = len(frame)
    if total <= rows:
        return frame
    pages = -(-total // rows)
    if int(st.session_state.get(key, 1)) > pages:  # fewer rows than when the page was picked (a new filter)
        st.session_state[key] = pages
    picker, caption = st.columns([1, 5], vertical_alignment="bottom")
    page = int(picker.number_input(t("shell.table_page", lang), min_value=1, max_value=pages, value=1, step=1,
                                   key=key))
    page = min(max(page, 1), pages)
    first = (page - 1) * rows
    last = min(first + rows, total)
    caption.caption(t("shell.table_rows", lang, first=first + 1, last=last,
                      total=total, page=page,
                      pages=pages))
    return frame.iloc[first:last]


def illustrative_notice(lang: str) -> None:
    """Say that some figures shown were generated for the demo (call where such rows are displayed)."""
    st.caption(":material/info: " + t("notice.illustrative", lang))


def empty_state(lang: str, *, database_empty: bool, detail: str | None = None) -> None:
    """A helpful message instead of an empty chart: the database holds nothing yet, or the filters match
    nothing (``detail`` adds what is missing on this page)."""
    message = t("notice.empty_database" if database_empty else "notice.no_match", lang)
    if detail:
        message = f"{detail}\n\n{message}"
    st.info(message, icon=":material/info:")


def item_link(url_path: str, label_text: str, query_params: dict[str, str], *, help: str | None = None) -> None:
    """A link to an item on another page (``budgets?project=REG-C1.1``) that stays in this session. Shown as
    plain text when the actor may not open that page (the navigation does not hold it).

    ``label_text`` and ``help`` are plain text (they carry user text: a project's code, a partner's name):
    Streamlit renders both as Markdown, so they are escaped here, with the one escaper, and read as typed."""
    label = escape_markdown(label_text)
    tooltip = escape_markdown(help) if help else None
    spec = next((page for page in PAGES if page.url_path == url_path), None)
    if spec is None or not can_open_page(current_actor(), url_path):
        st.markdown(label, help=tooltip)
        return
    st.page_link(spec.script, label=label, query_params=query_params, help=tooltip, icon=":material/arrow_forward:")


def open_record(url: str) -> None:
    """Go to the record behind a relative URL (``partners?partner=12``, as ``queries.data_quality`` links
    records), when the actor may open that page; otherwise stay."""
    path, params = split_url(url)
    spec = next((page for page in PAGES if page.url_path == path), None)
    if spec is not None and can_open_page(current_actor(), path):
        st.switch_page(spec.script, query_params=params)


def alert_link(alert: pd.Series, lang: str, currency: str) -> None:
    """One alert of ``queries.alerts`` as a link to its item: "REG-C1.1 — 112% of budget, balance -€53,399",
    with the item's title or owner as its tooltip."""
    item_link(alert["page"], f"{alert['item']} — {alert_detail(alert, lang, currency)}",
              {alert["param"]: alert["value"]}, help=alert["detail"] or None)


# Streamlit's own date format tokens (not Babel's), the reader's convention.
DATE_FORMATS = {"en": "D MMM YYYY", "fr": "DD/MM/YYYY"}


def date_columns(frame: pd.DataFrame, names: list[str], lang: str) -> dict[str, object]:
    """``column_config`` entries showing the date columns ``names`` of ``frame`` (those it has) in the reader's
    convention, still sortable as dates."""
    date_format = DATE_FORMATS.get(lang, "YYYY-MM-DD")
    return {name: st.column_config.DateColumn(name, format=date_format) for name in names if name in frame}


def date_input(label: str, lang: str, *, where: DeltaGenerator | None = None, help: str | None = None,
               **options: Any) -> dt.date | None:
    """``st.date_input`` showing and reading dates in the reader's convention, the one date picker of the app
    (the sidebar's period, the forms): ``DD/MM/YYYY`` in French and in the app's English (en_GB, as its dates
    are shown: ``22 Nov 2026``), from ``presenting.formatting.date_input_format``, and its help ends with that
    format in the reader's words ("JJ/MM/AAAA").

    Why: Streamlit's default ``YYYY/MM/DD`` (or an ISO format) put year-first dates in front of French
    readers, and its empty field's placeholder ("dd / mm / yyyy") is in English whatever the language
    (Streamlit 1.67 fixes the field's locale to en-US). ``where``: the container to draw in (a column, the
    sidebar); ``options`` are ``st.date_input``'s own (``value``, ``min_value``, ``max_value``, ``key``…), but
    not ``format``. Returns the chosen date, or None when the field is empty."""
    if "format" in options:
        raise TypeError("date_input sets the format itself, from the reader's language")
    hint = t("shell.date_hint", lang)
    value = (where or st).date_input(label, format=date_input_format(lang),
                                     help=f"{help}\n\n{hint}" if help else hint, **options)
    return value if isinstance(value, dt.date) else None


def file_picker(label: str, *, types: Sequence[str], limit_mb: int, key: str, lang: str) -> UploadedFile | None:
    """``st.file_uploader``, with what its own texts say written under it in the reader's language.

    Why: the widget's "Upload" button and "50MB per file • CSV, XLSX" line are Streamlit's, in English only
    (Streamlit 1.67 offers no way to translate them), so a French page says it in French beside it (issue 17).
    """
    uploaded = st.file_uploader(label, type=list(types), key=key)
    if normalise_language(lang) != DEFAULT_LANGUAGE:
        st.caption(":material/upload: " + t("upload.widget_hint", lang, limit=limit_mb,
                                            types=", ".join(kind.upper() for kind in types)))
    return uploaded


def button_row() -> DeltaGenerator:
    """A row of buttons, each as wide as its label. Why: in fixed columns (1/6 of the page each) the French
    labels were cut ("Télécharger e…", issue 17); a horizontal container sizes each button to its whole label
    and wraps to the next line when the page is narrow."""
    return st.container(horizontal=True, gap="small")
