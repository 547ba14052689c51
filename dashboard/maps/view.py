"""The map of partners and project locations: everything the page shows, from one read of the database."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go

from dashboard.core.currency import MissingRateError
from dashboard.maps.figure import map_figure
from dashboard.maps.placement import place_records, problem_table
from dashboard.maps.records import (
    NO_FILTER,
    REPORTING_CURRENCY,
    ColourBy,
    Placement,
    Show,
    partner_records,
    project_records,
)
from dashboard.queries import money
from dashboard.queries.base import Connectable
from dashboard.queries.filters import PortfolioFilter


@dataclass(frozen=True)
class _Records:
    records: pd.DataFrame
    missing_rate: str | None = None  # a currency without a stored rate: project budgets are then not shown


def _all_records(
    source: Connectable, portfolio_filter: PortfolioFilter, lang: str, show: str, as_of: dt.date | None
) -> _Records:
    parts = []
    missing_rate = None
    if show in (Show.both, Show.partners):
        parts.append(partner_records(source, portfolio_filter, lang))
    if show in (Show.both, Show.projects):
        try:
            budgets = money.budget_by_project(source, portfolio_filter=portfolio_filter,
                                                currency=REPORTING_CURRENCY, as_of=as_of or dt.date.today())
        except MissingRateError as error:
            # The map still draws every project (at the smallest size); the page says which rate is missing.
            budgets, missing_rate = pd.Series(dtype="float64"), error.currency
        parts.append(project_records(source, portfolio_filter, budgets, lang))
    parts = [part for part in parts if not part.empty]
    if not parts:
        return _Records(place_records(pd.DataFrame(), lang), missing_rate)
    return _Records(place_records(pd.concat(parts, ignore_index=True), lang), missing_rate)


def map_points(
    source: Connectable,
    *,
    portfolio_filter: PortfolioFilter = NO_FILTER,
    lang: str = "en",
    show: str = Show.both,
    as_of: dt.date | None = None,
) -> pd.DataFrame:
    """Partners and project locations kept by the filter, one row per point on the map, with where it is
    drawn (``latitude``/``longitude``, ``map_x`` on the Pacific-centred axis), how it was placed
    (``placement``: coordinates or country), what it weighs (``budget`` in the reporting currency: a
    partner's funding contributions; a project's effective budget shared among its points) and what the
    hover says. Records that cannot be placed at all are not here: see ``unplaced_records``."""
    records = _all_records(source, portfolio_filter, lang, show, as_of).records
    return records.loc[records["placement"] != Placement.none.value].reset_index(drop=True)


def unplaced_records(
    source: Connectable,
    *,
    portfolio_filter: PortfolioFilter = NO_FILTER,
    lang: str = "en",
    show: str = Show.both,
    as_of: dt.date | None = None,
) -> pd.DataFrame:
    """Records whose coordinates are missing or impossible, with the reason and what the map did instead
    (placed at the country's centre, or not drawn). A record that simply has no coordinates but a country
    is not listed: being placed by its country is the documented rule, not a fault."""
    return problem_table(_all_records(source, portfolio_filter, lang, show, as_of).records, lang)




# ---------------------------------------------------------------------------------------------------------
# Everything the page shows, in one cacheable call
# ---------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class MapView:
    points: pd.DataFrame  # one row per drawn point (see map_points)
    problems: pd.DataFrame  # records with missing or impossible coordinates (see unplaced_records)
    figure: go.Figure
    missing_rate: str | None = None  # see _Records

    @property
    def point_count(self) -> int:
        return len(self.points)


def map_view(
    source: Connectable,
    *,
    portfolio_filter: PortfolioFilter = NO_FILTER,
    lang: str = "en",
    show: str = Show.both,
    colour_by: str = ColourBy.type,
    as_of: dt.date | None = None,
) -> MapView:
    """Points, the list of coordinates to fix and the figure, from one read of the database (the page caches
    this call on the data revision)."""
    read = _all_records(source, portfolio_filter, lang, show, as_of)
    records = read.records
    points = records.loc[records["placement"] != Placement.none.value].reset_index(drop=True)
    return MapView(
        missing_rate=read.missing_rate,
        points=points,
        problems=problem_table(records, lang),
        figure=map_figure(points, colour_by=colour_by, lang=lang),
    )
