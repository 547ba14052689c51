"""The Map page as people see it: the map's view model (``dashboard.views.map_view``, data only) labelled in
the reader's language and drawn in the chosen colours. The page caches ``map_display`` on top of the cached
view model, so changing the language or the colouring redraws without reading the database."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go

from dashboard.maps.figure import AGGREGATE_ABOVE_POINTS, country_figure, map_figure
from dashboard.maps.labels import label_points, problem_table
from dashboard.maps.records import NO_FILTER, ColourBy, Placement, Show
from dashboard.queries.base import Connectable
from dashboard.queries.filters import PortfolioFilter
from dashboard.views.places import MapView
from dashboard.views.places import map_view as read_map_view


@dataclass(frozen=True)
class MapDisplay:
    points: pd.DataFrame  # one row per drawn point, labelled (maps.labels.label_points)
    problems: pd.DataFrame  # records with missing or impossible coordinates (maps.labels.problem_table)
    figure: go.Figure
    missing_rate: str | None = None  # see views.places.MapView
    countries: tuple[str, ...] = ()  # the countries whose points the figure draws one by one (all when empty)
    aggregated: bool = False  # the figure draws one circle per country (too many points for the world map)

    @property
    def point_count(self) -> int:
        return len(self.points)

    @property
    def placements(self) -> dict[str, int]:
        """How many points are drawn at their coordinates and how many at their country's centre."""
        counts = self.points["placement"].value_counts()
        return {placement.value: int(counts.get(placement.value, 0)) for placement in Placement}

    @property
    def has_illustrative(self) -> bool:
        return bool(self.points["is_illustrative"].any())


def map_display(view: MapView, *, colour_by: str = ColourBy.type, lang: str = "en",
                countries: tuple[str, ...] = ()) -> MapDisplay:
    """The labelled points, the list of coordinates to fix and the figure of ``view`` (pure). With
    ``countries`` (ISO codes; ``""`` for points without a country) the figure draws those countries' points
    one by one, framed on them; without, every point one by one up to ``AGGREGATE_ABOVE_POINTS``, and above
    that one circle per country. ``points`` is always every point (tables, downloads, the chosen cards)."""
    records = label_points(view.records, lang)
    points = records.loc[records["placement"] != Placement.none.value].reset_index(drop=True)
    problems = problem_table(records, lang)
    countries = tuple(code for code in countries if code in set(points["country"].fillna("")))  # still shown
    if countries:
        shown = points.loc[points["country"].fillna("").isin(countries)]
        figure = map_figure(shown, colour_by=colour_by, lang=lang)
    elif len(points) > AGGREGATE_ABOVE_POINTS:
        figure = country_figure(points, colour_by=colour_by, lang=lang)
    else:
        figure = map_figure(points, colour_by=colour_by, lang=lang)
    return MapDisplay(points=points, problems=problems, figure=figure, missing_rate=view.missing_rate,
                      countries=tuple(countries), aggregated=not countries and len(points) > AGGREGATE_ABOVE_POINTS)


def map_view(source: Connectable, *, portfolio_filter: PortfolioFilter = NO_FILTER, lang: str = "en",
             show: str = Show.both, colour_by: str = ColourBy.type, as_of: dt.date | None = None) -> MapDisplay:
    """Read and draw in one call (``views.map_view`` then ``map_display``), budgets to ``as_of`` (default
    today)."""
    view = read_map_view(source, portfolio_filter, as_of or dt.date.today(), show=show)
    return map_display(view, colour_by=colour_by, lang=lang)


def map_points(source: Connectable, *, portfolio_filter: PortfolioFilter = NO_FILTER, lang: str = "en",
               show: str = Show.both, as_of: dt.date | None = None) -> pd.DataFrame:
    """Partners and project locations kept by the filter, one labelled row per point on the map (see
    ``views.map_view``). Records that cannot be placed at all are not here: see ``unplaced_records``."""
    view = read_map_view(source, portfolio_filter, as_of or dt.date.today(), show=show)
    records = label_points(view.records, lang)
    return records.loc[records["placement"] != Placement.none.value].reset_index(drop=True)


def unplaced_records(source: Connectable, *, portfolio_filter: PortfolioFilter = NO_FILTER, lang: str = "en",
                     show: str = Show.both, as_of: dt.date | None = None) -> pd.DataFrame:
    """Records whose coordinates are missing or impossible, with the reason and what the map did instead
    (placed at the country's centre, or not drawn). A record that simply has no coordinates but a country
    is not listed: being placed by its country is the documented rule, not a fault."""
    view = read_map_view(source, portfolio_filter, as_of or dt.date.today(), show=show)
    return problem_table(label_points(view.records, lang), lang)
