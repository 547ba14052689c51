"""Each page's view models as its first run computes them (no filter, no widget touched, the default currency
and grouping), for the benchmarks: ``bench.pages`` times them as a page's bare reads, and a browser benchmark can
call ``page_view(url_path, engine, as_of=..., actor=...)`` to read what a page shows without Streamlit."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from sqlalchemy.engine import Engine

from dashboard.core.permissions import Actor
from dashboard.maps.records import Show
from dashboard.queries.filters import PortfolioFilter
from dashboard.views import partnerships, places, portfolio, upkeep

PageView = Callable[[Engine, dt.date, Actor | None], object]
EVERYTHING = PortfolioFilter()


def _overview(engine: Engine, as_of: dt.date, actor: Actor | None) -> object:
    return portfolio.overview(engine, EVERYTHING, as_of)


def _partners(engine: Engine, as_of: dt.date, actor: Actor | None) -> object:
    currency = partnerships.partner_currencies(engine)[0]
    return partnerships.partner_list(engine, EVERYTHING, currency=currency, search="")


def _map(engine: Engine, as_of: dt.date, actor: Actor | None) -> object:
    return places.map_view(engine, EVERYTHING, as_of, show=Show.both)


def _budgets(engine: Engine, as_of: dt.date, actor: Actor | None) -> object:
    currency = portfolio.reporting_currencies(engine, as_of)[0]
    return portfolio.budgets(engine, EVERYTHING, as_of, currency=currency, group_by="project")


def _indicators(engine: Engine, as_of: dt.date, actor: Actor | None) -> object:
    view = portfolio.indicators(engine, EVERYTHING, as_of)
    # The page opens on the first project's indicator trends.
    series = None if view.is_empty else portfolio.indicator_series(engine, view.indicator_ids(view.projects[0]),
                                                                   as_of)
    return view, series


def _data_quality(engine: Engine, as_of: dt.date, actor: Actor | None) -> object:
    return upkeep.data_quality(engine, as_of)


def _upload(engine: Engine, as_of: dt.date, actor: Actor | None) -> object:
    return upkeep.upload_history(engine, actor)


PAGE_VIEWS: dict[str, PageView] = {
    "overview": _overview,
    "partners": _partners,
    "map": _map,
    "budgets": _budgets,
    "indicators": _indicators,
    "data-quality": _data_quality,
    "upload": _upload,
}


def page_view(url_path: str, engine: Engine, *, as_of: dt.date, actor: Actor | None = None) -> object:
    """The view model(s) the page at ``url_path`` (``web.navigation.PAGES``) computes on its first run.
    ``actor`` matters to the Upload page only (its history needs the upload right). Raises ``KeyError`` for an
    unknown page."""
    return PAGE_VIEWS[url_path](engine, as_of, actor)
