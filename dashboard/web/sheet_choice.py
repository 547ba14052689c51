"""The Upload page's choice of worksheet in a workbook holding one kind: the preview says which sheet it read
(the visible sheet named after the kind, else the first visible one holding its columns) and lets the person
pick another, hidden sheets included and labelled so (``dashboard.importing.readers.choose_sheet`` holds the
rule; hidden sheets are never read unless picked here or with ``--sheet``)."""

from __future__ import annotations

import streamlit as st

from dashboard.core.i18n import t
from dashboard.importing.pipeline import SHEET_OPTION
from dashboard.importing.preview import Preview


def picked_sheet(kind: str, checksum: str) -> dict[str, object]:
    """The options of a spreadsheet upload: the sheet the person picked for this very file, if any."""
    picked = st.session_state.get(_key(kind))
    return {SHEET_OPTION: picked[1]} if picked and picked[0] == checksum else {}


def sheet_choice(result: Preview, kind: str, checksum: str, lang: str) -> None:
    """A choice of sheet when the workbook has more than one, and a note of the hidden sheets not read."""
    sheets = result.sheets
    if len(sheets) < 2:
        return
    titles = [title for title, _hidden in sheets]
    hidden = {title for title, is_hidden in sheets if is_hidden}
    read = result.detail if result.detail in titles else titles[0]

    def label(title: str) -> str:
        return t("upload.sheet_hidden", lang, sheet=title) if title in hidden else title

    def changed() -> None:
        st.session_state[_key(kind)] = (checksum, st.session_state[f"{_key(kind)}_box"])

    st.selectbox(t("upload.sheet", lang), titles, index=titles.index(read), format_func=label,
                 key=f"{_key(kind)}_box", on_change=changed, help=t("upload.sheet_help", lang))
    unread = [title for title in titles if title in hidden and title != read]
    if unread:
        st.caption(t("upload.hidden_not_read", lang, sheets=", ".join(unread)))


def _key(kind: str) -> str:
    return f"upload_sheet_{kind}"
