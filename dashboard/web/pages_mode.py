"""The one place the app reaches into Streamlit's private ``PagesManager`` (Streamlit 1.67 offers no
supported switch).

Streamlit treats a folder named ``pages/`` beside the entry script as its old (v1) multipage app: until the
entry script has called ``st.navigation`` once, the server runs a requested page's script alone. The design
card keeps the page scripts in ``pages/`` at the top level, so a bookmark opened as the very first request to a
new server would run the page without app.py's sign-in form, language and navigation. ``st.navigation`` itself
leaves that mode by setting the class attribute ``PagesManager.uses_pages_directory`` to False; no
configuration option does, and Streamlit's guidance is to name the folder otherwise (``app_pages/``).

``tests/test_pages_mode.py`` fails when Streamlit renames or stops reading the attribute, so an upgrade shows
here first.
"""

from __future__ import annotations

import streamlit as st
from streamlit.runtime.pages_manager import PagesManager


def run_through_app_entry() -> None:
    """Leave the pages-folder mode and rerun, so app.py runs and ``st.navigation`` routes to this page by its
    URL. Does nothing once app.py has run ``st.navigation`` (the mode is then off for the server process)."""
    if PagesManager.uses_pages_directory:
        PagesManager.uses_pages_directory = False
        st.rerun()


def leave_pages_folder_mode_at_start() -> None:
    """Called once when the server loads app.py (before any visitor): leave the pages-folder mode at once, so the
    very first request to a new server, a bookmark such as ``/data-quality``, is routed by app.py's navigation.
    Without it that first visitor got Streamlit's "Page not found" box over the sign-in form, which it made inert.
    (Streamlit sets the attribute only while it is None.)"""
    PagesManager.uses_pages_directory = False
