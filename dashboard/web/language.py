"""Streamlit glue for ``dashboard.accounts.language``: remember the picked language on the signed-in account and apply
it at the next sign-in. ``app.py`` calls ``sync_with_account`` before it draws the language picker (so the
picker can still be set this run) and ``language_picked`` from the picker's ``on_change``."""

from __future__ import annotations

import streamlit as st

from dashboard.accounts.language import preferred_language, remember_language
from dashboard.core import db
from dashboard.core.i18n import normalise_language
from dashboard.web import sign_in
from dashboard.web.state import LANG_KEY

_PICKED_KEY = "_lang_picked"  # the person chose with the picker during this browser session
_SYNCED_KEY = "_lang_synced_for"  # the username whose stored language was already applied


def language_picked(lang: str) -> None:
    """The person chose ``lang``: keep it in the session and, when signed in, on their account."""
    lang = normalise_language(lang)
    st.session_state[LANG_KEY] = lang
    st.session_state[_PICKED_KEY] = True
    actor = sign_in.resumed_actor()
    if actor is not None:
        with db.session_scope() as session:
            remember_language(session, actor.username, lang)


def sync_with_account(widget_key: str | None = None) -> None:
    """Once per sign-in: apply the account's stored language, or store the one just picked on the sign-in
    screen. Call before the language widget is drawn; ``widget_key`` is that widget's session key."""
    actor = sign_in.resumed_actor()
    if actor is None:
        st.session_state.pop(_SYNCED_KEY, None)
        return
    if st.session_state.get(_SYNCED_KEY) == actor.username:
        return
    st.session_state[_SYNCED_KEY] = actor.username
    with db.session_scope() as session:
        if st.session_state.get(_PICKED_KEY) and st.session_state.get(LANG_KEY):
            remember_language(session, actor.username, st.session_state[LANG_KEY])
            return
        stored = preferred_language(session, actor.username)
    if stored:
        st.session_state[LANG_KEY] = stored
        if widget_key:
            st.session_state[widget_key] = stored
