"""What the web modules keep in Streamlit's session state under shared keys, and the reader's language."""

from __future__ import annotations

import streamlit as st

from dashboard.core.i18n import normalise_language

LANG_KEY = "lang"


ACTOR_KEY = "actor"


def current_language() -> str:
    return normalise_language(st.session_state.get(LANG_KEY) or st.query_params.get(LANG_KEY))


MAX_QUERY_VALUE = 200  # characters of one address parameter a page reads (a search, an id, a code)


def oversized_query_parameter(limit: int = MAX_QUERY_VALUE) -> tuple[str, int] | None:
    """The first address parameter with a value longer than ``limit`` (its name, cut, and its length)."""
    for name in st.query_params:
        for value in st.query_params.get_all(name):
            if len(value) > limit:
                return name[:40], len(value)
    return None


def query_id(name: str) -> int | None:
    """An address parameter that names a record by id: ASCII digits that fit a database integer, else None."""
    value = st.query_params.get(name)
    if not value or not value.isascii() or not value.isdigit() or len(value) > 18:
        return None
    return int(value)
