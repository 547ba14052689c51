"""One view model per page: ``views.<page>(engine, filter, as_of, ...)`` returns a frozen dataclass of
everything the page shows (data, no language), read once through ``dashboard.queries``. The page (cached on the
data revision and its arguments), the leadership briefing, ``python -m dashboard figures --json`` and both
benchmarks call the same functions; ``views.pages.PAGE_VIEWS`` gives each page's view as its first run computes
it, for the benchmarks.
"""

from dashboard.views.places import MapView, map_view
from dashboard.views.portfolio import (
    BudgetsView,
    IndicatorSeries,
    IndicatorsView,
    OverviewView,
    budgets,
    indicator_series,
    indicators,
    overview,
    reporting_currencies,
)
from dashboard.views.upkeep import (
    DataQualityView,
    commit_upload,
    data_quality,
    preview_upload,
    undo_upload,
    upload_history,
)

__all__ = [
    "BudgetsView",
    "DataQualityView",
    "IndicatorSeries",
    "IndicatorsView",
    "MapView",
    "OverviewView",
    "budgets",
    "commit_upload",
    "data_quality",
    "indicator_series",
    "indicators",
    "map_view",
    "overview",
    "preview_upload",
    "reporting_currencies",
    "undo_upload",
    "upload_history",
]
