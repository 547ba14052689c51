"""The figures of a view as data for scripts and tests (``python -m dashboard figures --json``): the Overview's
headline, every project of the view with its money, and every indicator of those projects with its status,
computed by the Overview's own view model (``views.overview``), so they are the figures the pages show.

Amounts are in the reporting currency, rounded to the cent; rates and progress are fractions (1.12 = 112 %),
rounded to 1e-4; a figure that does not exist (an execution rate without budget) is None (JSON null).
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from typing import Any, SupportsFloat
from urllib.parse import urlencode

from dashboard.core import metrics
from dashboard.queries.base import Connectable
from dashboard.queries.filters import PortfolioFilter, to_query_params
from dashboard.views.portfolio import OverviewView, overview

MONEY_DECIMALS = 2
RATE_DECIMALS = 4
INDICATOR_STATUSES = tuple(status.value for status in metrics.IndicatorStatus)


def _number(value: SupportsFloat | None, decimals: int) -> float | None:
    if value is None:
        return None
    number = float(value)  # numpy and Python numbers alike
    return None if math.isnan(number) else round(number, decimals) + 0.0  # + 0.0: never "-0.0"


def _money(value: SupportsFloat | None) -> float:
    return _number(value, MONEY_DECIMALS) or 0.0


def _rate(value: SupportsFloat | None) -> float | None:
    return _number(value, RATE_DECIMALS)


@dataclass(frozen=True)
class FiguresView:
    overview: OverviewView

    def as_data(self) -> dict[str, Any]:
        """The figures in the shape of issue 13 (``as_of``, ``currency``, ``filter``, ``headline``, ``projects``,
        ``indicators``), ready for ``json.dumps``."""
        view = self.overview
        now = view.headline.current
        variance = view.variance.dropna(subset=["key"])
        by_project = {int(row.key): row for row in variance.itertuples(index=False)}
        projects = []
        for project_id, code in sorted(zip(view.projects["project_id"], view.projects["code"], strict=True),
                                       key=lambda pair: str(pair[1])):
            row = by_project.get(int(project_id))
            if row is None:  # a project of the view with no money in the period: zeros, no rate
                projects.append({"code": code, "budget": 0.0, "consumed": 0.0, "committed": 0.0, "balance": 0.0,
                                 "execution_rate": None})
                continue
            projects.append({"code": code, "budget": _money(row.budget), "consumed": _money(row.consumed),
                             "committed": _money(row.committed), "balance": _money(row.balance),
                             "execution_rate": _rate(row.execution_rate)})
        indicators = [
            {"project_code": project_code, "code": code, "value_to_date": _number(actual, 6),
             "progress": _rate(progress), "status": status}
            for project_code, code, actual, progress, status in zip(
                view.assessments["project_code"], view.assessments["code"], view.assessments["actual_to_date"],
                view.assessments["progress"], view.assessments["status"], strict=True)
        ]
        return {
            "as_of": view.as_of.isoformat(),
            "currency": view.currency,
            "filter": urlencode(to_query_params(view.portfolio_filter), doseq=True),
            "headline": {
                "budget": _money(now.budget),
                "consumed": _money(now.consumed),
                "committed": _money(now.committed),
                "balance": _money(now.balance),
                "execution_rate": _rate(now.execution_rate),
                "projects": now.projects,
                "on_track_share": _rate(now.on_track_share),
                "not_converted": {code: _money(amount) for code, amount in view.not_converted.items()},
            },
            "projects": projects,
            "indicators": indicators,
        }


def figures(source: Connectable, portfolio_filter: PortfolioFilter, as_of: dt.date, *,
            currency: str = metrics.REPORTING_BASE_CURRENCY) -> FiguresView:
    """The figures of ``portfolio_filter`` as of ``as_of`` in ``currency``, from the Overview's view model.
    Raises ``dashboard.core.currency.MissingRateError`` as the Overview does."""
    return FiguresView(overview(source, portfolio_filter, as_of, currency=currency))
