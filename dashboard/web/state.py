"""What the web modules keep in Streamlit's session state under shared keys, and the reader's language."""

from __future__ import annotations

import streamlit as st

from dashboard.core.i18n import normalise_language

LANG_KEY = "lang"


ACTOR_KEY = "actor"


def current_language() -> str:
    return normalise_language(st.session_state.get(LANG_KEY) or st.query_params.get(LANG_KEY))
