"""Entry point: ``streamlit run app.py``. Sets the page up, the language, and the navigation built from
``dashboard.web.navigation.PAGES``, showing only the pages the signed-in person may open. Each page checks
access again on the server when it runs (``dashboard.web.context.page_context``)."""

from __future__ import annotations

import streamlit as st

from dashboard.core.db import PROJECT_ROOT
from dashboard.core.i18n import LANGUAGE_NAMES, LANGUAGES, normalise_language, t
from dashboard.core.permissions import Actor, can_open_page
from dashboard.web import context, language
from dashboard.web.navigation import PAGES
from dashboard.web.sign_in import require_sign_in
from dashboard.web.startup import start_server
from dashboard.web.state import LANG_KEY

_LANG_WIDGET_KEY = "lang_choice"


def choose_language() -> str:
    """English or French, from the sidebar; starts from the URL (``?lang=fr``) and stays in the session."""
    language.sync_with_account(_LANG_WIDGET_KEY)  # a signed-in person's remembered language (issue 7)
    if LANG_KEY not in st.session_state:
        st.session_state[LANG_KEY] = normalise_language(st.query_params.get(LANG_KEY))
    # Always from the session's language: Streamlit drops an entry-script widget's value when the page changes
    # (after sign-in the picker showed no language at all).
    st.session_state[_LANG_WIDGET_KEY] = st.session_state[LANG_KEY]

    def remember_choice() -> None:
        st.session_state[LANG_KEY] = st.session_state[_LANG_WIDGET_KEY]
        language.language_picked(st.session_state[_LANG_WIDGET_KEY])  # kept on the account too

    st.sidebar.segmented_control(
        t("shell.language", st.session_state[LANG_KEY]),
        LANGUAGES,
        key=_LANG_WIDGET_KEY,
        format_func=LANGUAGE_NAMES.get,
        on_change=remember_choice,
        required=True,
    )
    lang = normalise_language(st.session_state[LANG_KEY])
    if st.query_params.get(LANG_KEY) != lang:
        st.query_params[LANG_KEY] = lang
    return lang


def build_navigation(actor: Actor | None, lang: str) -> dict[str, list[st.Page]]:
    """The pages this actor may open, grouped by section, in the order of ``PAGES``."""
    sections: dict[str, list[st.Page]] = {}
    for spec in PAGES:
        if not can_open_page(actor, spec.url_path):
            continue
        page = st.Page(
            str(PROJECT_ROOT / spec.script),
            title=t(spec.title_key, lang),
            icon=spec.icon,
            url_path=spec.url_path,
            default=not sections,
        )
        sections.setdefault(t(spec.section_key, lang), []).append(page)
    return sections


start_server()  # once per server process: chart template, garbage-collector freeze
# An emoji favicon is drawn in the browser; a ":material/...:" one is fetched from a font CDN (offline: fails).
st.set_page_config(page_title=t("app.title"), page_icon="🤝", layout="wide")
lang = choose_language()

require_sign_in(lang)  # draws the sign-in screen and stops unless someone is signed in

sections = build_navigation(context.current_actor(), lang)
if not sections:
    key = "shell.refused.signed_out" if context.current_actor() is None else "shell.no_pages"
    st.info(t(key, lang), icon=":material/lock:")
    st.stop()
st.navigation(sections).run()
