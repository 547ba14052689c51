"""The Partners page's note on a partner (reference group and staff): an observation for the next review. The
rules and the write are ``dashboard.queries.reviews``'s (permissions checked there); this module draws the
form, sends what was typed and says what happened. A partnership review itself is recorded through the
one-record form (``dashboard.web.forms.inline_add_form``), a row of the ``reviews`` upload."""

from __future__ import annotations

import streamlit as st

from dashboard.core import db
from dashboard.core.i18n import t
from dashboard.core.text import escape_values
from dashboard.queries import reviews
from dashboard.web.context import PageContext

FLASH_KEY = "partners_flash"  # a message to show once, after the rerun that follows a saved form


def show_flash() -> None:
    """The message a saved form left for this run, shown once."""
    if st.session_state.get(FLASH_KEY):
        st.success(st.session_state.pop(FLASH_KEY), icon=":material/check_circle:")


def _show_problems(error: reviews.ReviewValidationError, lang: str) -> None:
    lines = [f"- {t(key, lang, **escape_values(values))}" for key, values in error.problems]
    st.error(t("review.note.refused", lang) + "\n" + "\n".join(lines), icon=":material/error:")


def note_form(ctx: PageContext, organisation_id: int) -> None:
    lang = ctx.lang
    st.subheader(t("review.note.title", lang))
    st.caption(t("review.note.intro", lang))
    with st.form(f"note_form_{organisation_id}", clear_on_submit=True):
        note = st.text_area(t("review.note.text", lang), max_chars=reviews.NOTE_MAX_LENGTH, key="review_note_text")
        submitted = st.form_submit_button(t("review.note.submit", lang))
    if not submitted:
        return
    try:
        with db.session_scope(ctx.engine) as session:
            reviews.add_review_note(session, ctx.actor, organisation_id, note)
    except reviews.ReviewValidationError as error:
        _show_problems(error, lang)
        return
    st.session_state[FLASH_KEY] = t("review.note.saved", lang)
    st.rerun()
