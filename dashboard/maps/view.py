"""The Map page as people see it: the map's view model (``dashboard.views.map_view``, data only) labelled in
the reader's language and drawn in the chosen colours. The page caches ``map_display`` on top of the cached
view model, so changing the language or the colouring redraws without reading the database."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go

from dashboard.maps.figure import map_figure
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


def map_display(view: MapView, *, colour_by: str = ColourBy.type, lang: str = "en") -> MapDisplay:
    """The labelled points, the list of coordinates to fix and the figure of ``view`` (pure)."""
    records = label_points(view.records, lang)
    points = records.loc[records["placement"] != Placement.none.value].reset_index(drop=True)
    return MapDisplay(points=points, problems=problem_table(records, lang),
                      figure=map_figure(points, colour_by=colour_by, lang=lang), missing_rate=view.missing_rate)


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
