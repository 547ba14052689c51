"""The reporting period of a filter, its comparison period and the indicator reporting window."""

from __future__ import annotations

import datetime as dt

from dashboard.core.models import ProjectStatus
from dashboard.queries.filters import PortfolioFilter

# Without a chosen period, figures are "to date" and compared with the same figures one year earlier.
DEFAULT_COMPARISON_DAYS = 365
ENDING_SOON_DAYS = 90
OPEN_STATUSES = (ProjectStatus.pipeline.value, ProjectStatus.implementation.value,
                  ProjectStatus.finalisation.value, ProjectStatus.suspended.value)


def current_filter(portfolio_filter: PortfolioFilter, as_of: dt.date) -> PortfolioFilter:
    """The filter with its period closed at ``as_of`` when it has no end: nothing dated later counts."""
    if portfolio_filter.period_end is not None:
        return portfolio_filter
    return portfolio_filter.with_changes(period_end=as_of)


def previous_filter(portfolio_filter: PortfolioFilter, as_of: dt.date) -> PortfolioFilter:
    """The comparison period: with a chosen period [start, end], the period of the same length just before it;
    without a start, the figures to the same date one year earlier."""
    current = current_filter(portfolio_filter, as_of)
    end = current.period_end
    assert end is not None
    if current.period_start is None:
        return current.with_changes(period_end=end - dt.timedelta(days=DEFAULT_COMPARISON_DAYS))
    length = end - current.period_start + dt.timedelta(days=1)
    return current.with_changes(period_start=current.period_start - length, period_end=end - length)


def reporting_window(portfolio_filter: PortfolioFilter, as_of: dt.date) -> tuple[dt.date, dt.date]:
    """The period in which an indicator must report to count as reporting: the chosen period, or the year
    to ``as_of``."""
    current = current_filter(portfolio_filter, as_of)
    end = current.period_end
    assert end is not None
    start = current.period_start or end - dt.timedelta(days=DEFAULT_COMPARISON_DAYS)
    return start, end


# The bounds a budget line is counted within, pro rata by days (``metrics.share_inside``): None is open.
Window = tuple[dt.date | None, dt.date | None]
OPEN: Window = (None, None)


def budget_window(portfolio_filter: PortfolioFilter, as_of: dt.date, *, previous: bool = False) -> Window:
    """The period a budget line counts within, by its days inside it: the period the person chose (an end or
    a start left open stays open), or with ``previous`` the comparison period of that choice
    (``previous_filter``). Without a chosen period the figures are "to date" and a budget line that has
    started counts whole: a budget is what is planned, and execution and burn compare spending with all of it.
    """
    if portfolio_filter.period_start is None and portfolio_filter.period_end is None:
        return OPEN
    chosen = previous_filter(portfolio_filter, as_of) if previous else portfolio_filter
    return chosen.period_start, chosen.period_end
