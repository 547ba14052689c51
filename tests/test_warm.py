"""The server warms the pages' caches when it starts (issue 15): ``web.warm.warm_up`` computes exactly the
entries the pages read on their first run. Checked by running each page after ``warm_up`` with its view
functions made to fail: a page whose first-run call no longer matches the warm-up's computes anew, and fails."""

from __future__ import annotations

import functools
from pathlib import Path

import pytest
import streamlit as st
from sqlalchemy.engine import Engine
from streamlit.testing.v1 import AppTest

from dashboard import views
from dashboard.maps import view as map_views
from dashboard.views import partnerships
from dashboard.web import context, warm
from dashboard.web.navigation import PAGES
from tests.apptest_helpers import sign_in

ROOT = Path(__file__).resolve().parents[1]

READS = [
    (views, ("overview", "budgets", "reporting_currencies", "indicators", "indicator_series", "data_quality",
             "map_view")),
    (map_views, ("map_display",)),
    (partnerships, ("partner_list", "partner_currencies")),
    (context, ("filter_options",)),
]


def _failing(original):
    @functools.wraps(original)  # the same name: the cache key of the same call
    def read(*args, **kwargs):
        raise AssertionError(f"{original.__qualname__} computed again: the warm-up missed its cache entry")
    return read


@pytest.mark.parametrize("url_path", [spec.url_path for spec in PAGES if spec.url_path != "upload"])
def test_every_page_finds_its_first_run_views_warm(demo_engine: Engine, monkeypatch: pytest.MonkeyPatch,
                                                   url_path: str) -> None:
    script = next(spec.script for spec in PAGES if spec.url_path == url_path)
    # Signing in creates the account, a write: the data revision moves, so it comes before the warm-up.
    at = sign_in(AppTest.from_file(str(ROOT / "app.py"), default_timeout=120), "admin")
    st.cache_data.clear()
    assert warm.warm_up(demo_engine) == []
    for module, names in READS:
        for name in names:
            monkeypatch.setattr(module, name, _failing(getattr(module, name)))
    at.run()  # the landing page (Overview), then the page, as a person arrives
    assert not at.exception, [item.value for item in at.exception]
    at.switch_page(str(ROOT / script)).run()
    assert not at.exception, [item.value for item in at.exception]
    assert not at.error, [item.value for item in at.error]


def test_a_failing_page_does_not_stop_the_warm_up(demo_engine: Engine, monkeypatch: pytest.MonkeyPatch) -> None:
    st.cache_data.clear()

    def broken(*args, **kwargs):
        raise RuntimeError("broken on purpose")

    monkeypatch.setattr(views, "overview", broken)
    assert warm.warm_up(demo_engine) == ["overview"]


def test_the_server_starts_warming_once_when_it_starts(monkeypatch: pytest.MonkeyPatch) -> None:
    """``st.App``'s lifespan starts the warm-up as the server starts, before anyone opens a page; the first page
    run's own request (``web.startup._start_once``) then finds it started and starts no second one."""
    import asyncio

    from dashboard.web import startup

    started: list[object] = []
    monkeypatch.setattr(warm, "_started", [])
    monkeypatch.setattr(warm, "warm_up", lambda engine: started.append(engine))

    async def serve() -> None:
        async with startup.lifespan(None):
            pass

    asyncio.run(serve())
    first = warm._started[0]
    first.join(timeout=10)
    assert len(started) == 1
    assert warm.start() is first  # asked again (the first page run): the same thread, no second warm-up
    assert len(started) == 1


def test_refused_settings_start_no_warm_up(monkeypatch: pytest.MonkeyPatch) -> None:
    import asyncio

    from dashboard.core.settings import SettingsError
    from dashboard.web import startup

    def refused() -> None:
        raise SettingsError("settings.error.toml", path="secrets.toml", problem="broken")

    monkeypatch.setattr(startup, "get_settings", refused)
    monkeypatch.setattr(warm, "_started", [])

    async def serve() -> None:
        async with startup.lifespan(None):
            pass

    asyncio.run(serve())
    assert warm._started == []
