"""Warm the page caches when the server starts (issue 15: the first visit after a start).

A page's first run on a cold server reads the portfolio (2–3 s at the large size) before the browser gets
anything. ``start`` (called once per server process by ``web.startup``, as soon as the server has started, before
anyone opens a page) computes, in a background thread, the view models each page computes on its
first run (no filter, no widget touched), through the same cached calls with the same arguments, so they land
in the entries the pages then read. A person who signs in while a view is still being computed waits for that
computation (Streamlit computes one cache entry once), never for a second one.

The calls here must stay the pages' own first-run calls: ``tests/test_warm.py`` runs every page after
``warm_up`` with the view functions made to fail, so a page whose call no longer matches fails that test.
Nothing is warmed for a filtered view: filters are too many to guess, and those are cached on first use.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
from collections.abc import Callable

from sqlalchemy.engine import Engine

from dashboard import views
from dashboard.core import db, metrics
from dashboard.core.i18n import LANGUAGES
from dashboard.maps.records import ColourBy, Show
from dashboard.maps.view import map_display
from dashboard.queries.filters import PortfolioFilter
from dashboard.queries.money import GROUPINGS
from dashboard.queries.options import filter_options
from dashboard.views import partnerships
from dashboard.views.portfolio import ids_of
from dashboard.web.caching import cached, cached_display

LOG = logging.getLogger(__name__)
EVERYTHING = PortfolioFilter()  # what the sidebar gives when no filter is set


def _shell(engine: Engine, as_of: dt.date) -> None:
    cached(filter_options)(engine)


def _overview(engine: Engine, as_of: dt.date) -> None:
    cached(views.overview)(engine, EVERYTHING, as_of, currency=metrics.REPORTING_BASE_CURRENCY)


def _map(engine: Engine, as_of: dt.date) -> None:
    for lang in LANGUAGES:  # the display only: the view model is read once
        cached_display(views.map_view, map_display)(engine, EVERYTHING, as_of, show=str(Show.both),
                                                     colour_by=str(ColourBy.type), lang=lang, countries=())


def _budgets(engine: Engine, as_of: dt.date) -> None:
    currency = cached(views.reporting_currencies)(engine, as_of)[0]
    cached(views.budgets)(engine, EVERYTHING, as_of, currency=currency, group_by=next(iter(GROUPINGS)))


def _indicators(engine: Engine, as_of: dt.date) -> None:
    view = cached(views.indicators)(engine, EVERYTHING, as_of)
    if view.projects:
        cached(views.indicator_series)(engine, ids_of(view.indicators_of(view.projects[0])), as_of)


def _data_quality(engine: Engine, as_of: dt.date) -> None:
    cached(views.data_quality)(engine, as_of)


def _partners(engine: Engine, as_of: dt.date) -> None:
    currency = cached(partnerships.partner_currencies)(engine)[0]
    cached(partnerships.partner_list)(engine, EVERYTHING, currency=currency, search="")


# The landing page first, then the heaviest pages.
WARMERS: tuple[tuple[str, Callable[[Engine, dt.date], None]], ...] = (
    ("shell", _shell), ("overview", _overview), ("map", _map), ("budgets", _budgets),
    ("indicators", _indicators), ("data-quality", _data_quality), ("partners", _partners),
)


def warm_up(engine: Engine, as_of: dt.date | None = None) -> list[str]:
    """Compute every page's first-run view models into the page caches; returns the pages that failed (a
    failure is logged and left for the page itself to show)."""
    today = as_of or dt.date.today()
    failed = []
    for name, warm in WARMERS:
        try:
            warm(engine, today)
        except Exception:  # the page will meet the same error and say it; warming must never stop the server
            LOG.warning("warming the %s page failed", name, exc_info=True)
            failed.append(name)
    return failed


_started: list[threading.Thread] = []
_start_lock = threading.Lock()


def start() -> threading.Thread:
    """Warm the caches of the configured database in a background (daemon) thread, once per process: the
    server's start (``web.startup.lifespan``) and its first page run both ask, whichever comes first starts it."""
    with _start_lock:
        if not _started:
            thread = threading.Thread(target=warm_up, args=(db.get_engine(),), name="dashboard-warm-up", daemon=True)
            thread.start()
            _started.append(thread)
        return _started[0]
