"""The Partners page's two forms: a partnership review (staff) and a note on a partner (reference group). The
rules and the write are ``dashboard.queries.reviews``'s (permissions checked there); this module draws the
form, sends what was typed and says what happened."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from dashboard.core import db
from dashboard.core.i18n import t
from dashboard.core.permissions import PermissionDeniedError
from dashboard.core.text import escape_values
from dashboard.presenting.formatting import format_date
from dashboard.queries import reviews
from dashboard.web.context import PageContext

FLASH_KEY = "partners_flash"  # a message to show once, after the rerun that follows a saved form


def show_flash() -> None:
    """The message a saved form left for this run, shown once."""
    if st.session_state.get(FLASH_KEY):
        st.success(st.session_state.pop(FLASH_KEY), icon=":material/check_circle:")


def _show_problems(error: reviews.ReviewValidationError, lang: str) -> None:
    lines = [f"- {t(key, lang, **escape_values(values))}" for key, values in error.problems]
    st.error(t("review.form.refused", lang) + "\n" + "\n".join(lines), icon=":material/error:")


def review_form(ctx: PageContext, organisation_id: int, today: dt.date) -> None:
    lang = ctx.lang
    st.subheader(t("review.form.title", lang))
    st.caption(t("review.form.intro", lang))
    with st.form(f"review_form_{organisation_id}", clear_on_submit=False):
        left, right = st.columns(2)
        review_date = left.date_input(t("review.form.date", lang), value=today, max_value=today,
                                      format="YYYY-MM-DD", key="review_date")
        reviewer = right.text_input(t("review.form.reviewer", lang), value=ctx.actor.username if ctx.actor else "",
                                    max_chars=reviews.REVIEWER_MAX_LENGTH, key="review_reviewer")
        ratings: dict[str, int | None] = {}
        rating_columns = st.columns(2)
        for index, key in enumerate(reviews.PRINCIPLE_KEYS):
            ratings[key] = rating_columns[index % 2].radio(
                t(f"principle.{key}", lang), [1, 2, 3, 4, 5], index=None, horizontal=True, key=f"review_rating_{key}"
            )
        left, right = st.columns(2)
        decision = left.selectbox(
            t("review.form.decision", lang), [decision.value for decision in reviews.ReviewDecision],
            format_func=lambda value: t(f"review_decision.{value}", lang), key="review_decision",
        )
        next_date = right.date_input(t("review.form.next", lang), value=None, min_value=today,
                                     help=t("review.form.next_help", lang), format="YYYY-MM-DD", key="review_next")
        notes = st.text_area(t("review.form.notes", lang), max_chars=reviews.TEXT_MAX_LENGTH, key="review_notes")
        submitted = st.form_submit_button(t("review.form.submit", lang), type="primary")
    if not submitted:
        return
    entry = reviews.ReviewInput(
        organisation_id=organisation_id, review_date=review_date, reviewer=reviewer, ratings=ratings,
        decision=decision, notes=notes, next_review_date=next_date,
    )
    try:
        with db.session_scope(ctx.engine) as session:
            record = reviews.record_review(session, ctx.actor, entry, today=today)
            due = record.next_review_due
    except reviews.ReviewValidationError as error:
        _show_problems(error, lang)
        return
    except PermissionDeniedError:
        st.error(t("review.form.not_allowed", lang, username=ctx.actor.username if ctx.actor else "?"))
        return
    st.session_state[FLASH_KEY] = t("review.form.saved", lang, date=format_date(due, lang))
    st.rerun()


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
