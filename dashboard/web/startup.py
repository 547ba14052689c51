"""What the Streamlit server does once when it starts, before the first page runs (called by ``app.py``): read
and check the settings, set the charts' template, set aside what is loaded."""

from __future__ import annotations

import contextlib
import functools
import gc
from collections.abc import AsyncIterator
from typing import Any

import streamlit as st
from streamlit.runtime import Runtime

from dashboard.core.settings import SettingsError, get_settings
from dashboard.figures.charts import set_default_template
from dashboard.web import warm
from dashboard.web.state import current_language


def start_server() -> None:
    """Read the settings once (``core.settings``): a setting refused as unsafe is shown, in the reader's language,
    instead of any page. Then the once-per-process start (``_start_once``)."""
    try:
        get_settings()
    except SettingsError as error:
        st.error(error.message(current_language()), icon=":material/error:")
        st.stop()
    _start_once()


@contextlib.asynccontextmanager
async def lifespan(_app: Any) -> AsyncIterator[None]:
    """``st.App``'s lifespan (``app.py``): once the Streamlit runtime has started, and before anyone opens a page,
    set the charts' template and start warming the pages' caches (``web.warm``), so a person who arrives a few
    seconds after a start finds their first pages computed. Settings refused as unsafe start nothing: the first
    page shows why."""
    try:
        get_settings()
    except SettingsError:
        pass
    else:
        set_default_template()  # before the warm-up draws the map's figure
        warm.start()
    yield


@functools.cache  # app.py runs on every rerun; this must happen once per server process
def _start_once() -> None:
    """Set the charts' template, set aside what is loaded by now, and (under a real server) start warming the
    pages' caches (``web.warm``).

    A full garbage collection walks every live object. What is loaded when app.py first runs (Streamlit,
    pandas, Plotly, SQLAlchemy, our modules) lives as long as the server, so it is frozen once: on a cold page at
    the large size the full collections then take about 0.05 s instead of 0.25 s.
    """
    set_default_template()
    gc.freeze()
    if _serving():
        warm.start()  # started by ``lifespan`` already under ``streamlit run``; ``uvicorn app:app`` as well


def _serving() -> bool:
    """True under ``streamlit run``; False under AppTest (whose runtime is a stand-in), where each test
    chooses what it computes."""
    return Runtime.exists() and isinstance(Runtime.instance(), Runtime)
