"""The view model of the Map page: partners and project locations kept by the filter, placed, with what each
weighs, and the records whose coordinates need fixing. Data only: the labels, the list shown beside the map and
the figure are drawn from it by ``dashboard.maps.view.map_display`` (in the reader's language and colours), so
changing the language or the colouring never reads the database again."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd

from dashboard.maps.placement import place_records
from dashboard.maps.records import REPORTING_CURRENCY, Placement, Show, partner_records, project_records
from dashboard.queries import money
from dashboard.queries.base import Connectable
from dashboard.queries.filters import PortfolioFilter
from dashboard.views.reads import kept_filter_money


@dataclass(frozen=True)
class MapView:
    portfolio_filter: PortfolioFilter
    as_of: dt.date
    show: str  # one of maps.records.Show
    records: pd.DataFrame  # every record, placed (maps.placement.place_records), drawn or not
    missing_rate: str | None = None  # a currency without a stored rate: project budgets are then not shown

    @property
    def points(self) -> pd.DataFrame:
        """One row per drawn point."""
        return self.records.loc[self.records["placement"] != Placement.none.value].reset_index(drop=True)

    @property
    def is_empty(self) -> bool:
        """Nothing to draw and nothing to fix."""
        return self.records.empty


def map_view(source: Connectable, portfolio_filter: PortfolioFilter, as_of: dt.date, *,
             show: str = Show.both) -> MapView:
    """Partners and project locations kept by ``portfolio_filter``, each placed where it is drawn
    (``latitude``/``longitude``, ``map_x`` on the Pacific-centred axis), how (``placement``: coordinates or
    country) and what it weighs (``budget`` in the reporting currency: a partner's pledged contributions; a
    project's effective budget to ``as_of``, as the Budgets page counts it, shared among its points)."""
    parts = []
    missing_rate = None
    if show in (Show.both, Show.partners):
        parts.append(partner_records(source, portfolio_filter))
    if show in (Show.both, Show.projects):
        # Cut from the whole portfolio's money when that is kept (``views.reads``), else the budget pass alone.
        budgets, not_converted = money.budget_by_project(
            source, portfolio_filter=portfolio_filter, currency=REPORTING_CURRENCY, as_of=as_of,
            money=kept_filter_money(source, portfolio_filter, as_of))
        # A project whose budget has no stored rate keeps the smallest marker; the page names the currencies.
        missing_rate = ", ".join(not_converted) or None
        parts.append(project_records(source, portfolio_filter, budgets))
    parts = [part for part in parts if not part.empty]
    records = place_records(pd.concat(parts, ignore_index=True) if parts else pd.DataFrame())
    return MapView(portfolio_filter=portfolio_filter, as_of=as_of, show=str(show), records=records,
                   missing_rate=missing_rate)
