"""The Upload page's parts for the field's standard files (IATI, SCDL): the choices they offer (which grants of
a grant file belong to the portfolio; which money counts for projects already there) and what their preview
says beyond the counts (how records were found, notes, what has no place). Rules live in
``dashboard.importing.iati`` and ``.scdl``; this module only draws and reads choices."""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from dashboard.core.i18n import t
from dashboard.core.models import MoneySource
from dashboard.core.text import escape_markdown
from dashboard.importing.preview import Preview
from dashboard.presenting.upload import matches_frame, notes_frame, unmapped_frame

Choose = Callable[[dict[str, object]], None]


def grant_rows(result: Preview, lang: str, choose: Choose) -> None:
    """Words of the grants' object and beneficiaries to keep; the preview follows the choice on the next run.
    The first preview applies the choice remembered for the publisher, if any."""
    options = result.options
    if "rows" not in options:
        return  # the file could not be read: nothing to choose from
    words: list[str] = list(options.get("words", []))
    names: list[str] = list(options.get("beneficiary_names", []))
    chosen: list[str] = [name for name in options.get("beneficiaries", []) if name in names]
    if options.get("remembered"):
        st.info(t("upload.scdl.remembered", lang, publisher=escape_markdown(", ".join(options.get("publishers", [])))),
                icon=":material/history:")

    def changed() -> None:
        typed = st.session_state.get("scdl_words", "")
        picked = st.session_state.get("scdl_beneficiaries", [])
        choose({"words": [part.strip() for part in typed.split(";") if part.strip()], "beneficiaries": picked})

    word_column, name_column = st.columns(2)
    word_column.text_input(t("upload.scdl.words", lang), value="; ".join(words), key="scdl_words",
                           help=t("upload.scdl.words_help", lang), on_change=changed)
    name_column.multiselect(t("upload.scdl.beneficiaries", lang), names, default=chosen, key="scdl_beneficiaries",
                            placeholder=t("upload.scdl.beneficiaries_placeholder", lang), on_change=changed)
    st.markdown("**" + t("upload.scdl.rows", lang, kept=options["kept_rows"],
                          rows=options["rows"]) + "**")
    if not words and not chosen:
        st.caption(t("upload.scdl.all_rows", lang))


def money_source(result: Preview, lang: str, choose: Choose, options: dict[str, object]) -> None:
    """For projects the file finds already in the portfolio: keep their money source, or count the file's."""
    matched = result.options.get("matched_projects") or []
    if not matched:
        return
    st.caption(t("upload.iati.matched_projects", lang, count=len(matched)))
    current = options.get("matched_money_source", "keep")

    def changed() -> None:
        value = st.session_state.get("iati_money_source", "keep")
        choose({"matched_money_source": value} if value == MoneySource.iati.value else {})

    st.radio(t("upload.iati.money_source", lang), ("keep", MoneySource.iati.value),
             index=1 if current == MoneySource.iati.value else 0, horizontal=True, key="iati_money_source",
             format_func=lambda value: t("upload.iati.money_file", lang) if value == MoneySource.iati.value
             else t("upload.iati.money_keep", lang),
             help=t("upload.iati.money_help", lang), on_change=changed)


def details(result: Preview, lang: str) -> None:
    """How the file's projects and partners were found, its notes, and what it holds that has no place."""
    if result.matches:
        with st.expander(t("upload.standard.matches_title", lang), icon=":material/join:"):
            st.dataframe(matches_frame(result, lang), hide_index=True, width="stretch")
    if result.note_count:
        with st.expander(t("upload.standard.notes_title", lang, count=result.note_count),
                         icon=":material/info:"):
            st.dataframe(notes_frame(result, lang), hide_index=True, width="stretch")
    if result.unmapped:
        with st.expander(t("upload.standard.unmapped_title", lang, count=len(result.unmapped)),
                         icon=":material/visibility_off:"):
            st.caption(t("upload.standard.unmapped_help", lang))
            st.dataframe(unmapped_frame(result, lang), hide_index=True, width="stretch")
