"""The private Streamlit attribute ``dashboard.web.pages_mode`` relies on is still there and still means what
it meant (Streamlit 1.67): an upgrade that renames or stops reading it fails here, not in front of a user."""

from __future__ import annotations

import inspect
import runpy
from pathlib import Path

import pytest
import streamlit as st
from streamlit.commands import navigation
from streamlit.runtime import pages_manager
from streamlit.runtime.scriptrunner import script_runner

from dashboard.web import pages_mode


def test_the_pages_folder_flag_is_a_class_attribute_of_pages_manager() -> None:
    assert "uses_pages_directory" in vars(pages_manager.PagesManager), (
        f"Streamlit {st.__version__} no longer has PagesManager.uses_pages_directory: "
        "rework dashboard/web/pages_mode.py"
    )
    assert pages_mode.PagesManager is pages_manager.PagesManager


def test_streamlit_still_runs_a_page_alone_while_the_flag_is_set_and_navigation_clears_it() -> None:
    """What the workaround counts on: the script runner picks the old mode by this flag, and ``st.navigation``
    turns it off (so setting it False is what Streamlit itself does)."""
    runner = inspect.getsource(script_runner)
    assert "PagesManager.uses_pages_directory" in runner
    assert "PagesManager.uses_pages_directory = False" in inspect.getsource(navigation)
    manager = inspect.getsource(pages_manager.PagesManager.__init__)
    assert '"pages"' in manager, "Streamlit no longer keys the old mode on a folder named pages/"


def test_leaving_the_mode_clears_the_flag_and_reruns(monkeypatch) -> None:
    reruns: list[bool] = []
    monkeypatch.setattr(pages_manager.PagesManager, "uses_pages_directory", True)
    monkeypatch.setattr(pages_mode.st, "rerun", lambda: reruns.append(True))
    pages_mode.run_through_app_entry()
    assert pages_manager.PagesManager.uses_pages_directory is False
    assert reruns == [True]
    pages_mode.run_through_app_entry()  # already left: nothing more
    assert reruns == [True]


def test_the_server_leaves_the_pages_folder_mode_before_its_first_visitor(monkeypatch: pytest.MonkeyPatch) -> None:
    """A new server's first request, a bookmark like /data-quality, got Streamlit's "Page not found" box over the
    sign-in form: loading app.py as the server (not as the page script) now leaves the mode at once."""
    monkeypatch.setattr(pages_manager.PagesManager, "uses_pages_directory", None)
    runpy.run_path(str(Path(__file__).resolve().parents[1] / "app.py"), run_name="app")
    assert pages_manager.PagesManager.uses_pages_directory is False
