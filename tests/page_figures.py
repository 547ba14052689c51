"""The figures the pages show, read through their view models (``dashboard.views``) as the pages read them:
what tests compare pages, exports and the briefing against."""

from __future__ import annotations

import datetime as dt

import pandas as pd
from sqlalchemy.engine import Engine

from dashboard import views
from dashboard.queries.filters import PortfolioFilter
from dashboard.queries.headline import HeadlineComparison


def variance(engine: Engine, *, portfolio_filter: PortfolioFilter, as_of: dt.date, group_by: str = "project",
             currency: str = "EUR") -> pd.DataFrame:
    """The Budgets page's variance table (``queries.money.VARIANCE_COLUMNS``)."""
    return views.budgets(engine, portfolio_filter, as_of, currency=currency, group_by=group_by).variance


def burn(engine: Engine, *, portfolio_filter: PortfolioFilter, as_of: dt.date, currency: str = "EUR"
         ) -> pd.DataFrame:
    return views.budgets(engine, portfolio_filter, as_of, currency=currency).burn


def funding(engine: Engine, *, portfolio_filter: PortfolioFilter, as_of: dt.date) -> pd.DataFrame:
    return views.budgets(engine, portfolio_filter, as_of).funding


def headline(engine: Engine, *, portfolio_filter: PortfolioFilter, as_of: dt.date, currency: str = "EUR"
             ) -> HeadlineComparison:
    """The Overview's headline figures, now and in the comparison period."""
    return views.overview(engine, portfolio_filter, as_of, currency=currency).headline


def by_theme(engine: Engine, *, portfolio_filter: PortfolioFilter, as_of: dt.date, currency: str = "EUR"
             ) -> pd.DataFrame:
    return views.overview(engine, portfolio_filter, as_of, currency=currency).by_theme


def alerts(engine: Engine, *, portfolio_filter: PortfolioFilter, as_of: dt.date, currency: str = "EUR"
           ) -> pd.DataFrame:
    """The Overview's alerts (``queries.alerts.ALERT_COLUMNS``)."""
    return views.overview(engine, portfolio_filter, as_of, currency=currency).alerts
