"""The leadership's headline figures for the filter and for the comparison period."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import pandas as pd
from sqlalchemy import func, select

from dashboard.core import metrics
from dashboard.core.models import Organisation, OrganisationStatus
from dashboard.queries.base import Connectable, read_rows
from dashboard.queries.filters import PortfolioFilter, organisation_ids, project_ids
from dashboard.queries.indicators import indicator_assessments
from dashboard.queries.money import PortfolioMoney
from dashboard.queries.periods import current_filter, previous_filter
from dashboard.queries.rates import RatesUsed


@dataclass(frozen=True)
class Headline:
    active_partners: int
    projects: int
    budget: float
    consumed: float
    committed: float
    balance: float
    execution_rate: float | None
    on_track_share: float | None
    indicators_reporting: int


@dataclass(frozen=True)
class HeadlineComparison:
    current: Headline
    previous: Headline
    currency: str
    period_start: dt.date | None
    period_end: dt.date
    previous_start: dt.date | None
    previous_end: dt.date
    has_illustrative: bool


def _headline(source: Connectable, portfolio_filter: PortfolioFilter, budget: pd.DataFrame, spending: pd.DataFrame,
              assessments: pd.DataFrame, currency: str, rates: RatesUsed) -> tuple[Headline, bool]:
    budget_total = float(rates.in_currency(budget, currency).sum())
    converted = rates.in_currency(spending, currency)
    consumed = float(converted[spending["measure"] == "consumed"].sum()) if not spending.empty else 0.0
    committed = float(converted[spending["measure"] == "committed"].sum()) if not spending.empty else 0.0
    projects = read_rows(source, select(func.count()).select_from(project_ids(portfolio_filter).subquery()))[0][0]
    partners = read_rows(
        source,
        select(func.count(Organisation.id)).where(
            Organisation.id.in_(organisation_ids(portfolio_filter)),
            Organisation.status == OrganisationStatus.active.value,
        ),
    )[0][0]
    statuses = list(assessments["status"])
    rate = metrics.execution_rate(consumed, budget_total)
    illustrative = bool(budget["illustrative"].any()) or bool(spending["illustrative"].any())
    return Headline(
        active_partners=int(partners),
        projects=int(projects),
        budget=budget_total,
        consumed=consumed,
        committed=committed,
        balance=float(metrics.balance(budget_total, consumed)),
        execution_rate=None if np.isnan(rate) else float(rate),
        on_track_share=metrics.share_on_track(statuses),
        indicators_reporting=sum(1 for value in statuses if value != metrics.IndicatorStatus.not_reporting),
    ), illustrative


def headline_figures(
    source: Connectable,
    *,
    portfolio_filter: PortfolioFilter,
    currency: str = metrics.REPORTING_BASE_CURRENCY,
    as_of: dt.date,
    money: PortfolioMoney,
    assessed: pd.DataFrame,
    previous_assessed: pd.DataFrame,
) -> HeadlineComparison:
    """The leadership figures for the filter, and the same figures for the previous period (see
    ``previous_filter``) so each can show its change. Both periods are converted at the rates of ``as_of``,
    so a change is a change in money, not in exchange rates. ``money`` (read ``with_previous``),
    ``assessed`` and ``previous_assessed``: the filter's ``portfolio_money`` and the ``indicator_assessments``
    of both periods (see ``previous_assessments``), as the caller (``dashboard.views.overview``) read them.
    Raises ``ValueError`` when ``money`` was read without the comparison period."""
    current = current_filter(portfolio_filter, as_of)
    previous = previous_filter(portfolio_filter, as_of)
    assert current.period_end is not None and previous.period_end is not None
    if money.previous_budget is None or money.previous_spending is None:
        raise ValueError("headline_figures needs portfolio_money(..., with_previous=True)")
    now, illustrative = _headline(source, current, money.budget, money.spending, assessed, currency, money.rates)
    before, _unused = _headline(source, previous, money.previous_budget, money.previous_spending, previous_assessed,
                                currency, money.rates)
    return HeadlineComparison(
        current=now,
        previous=before,
        currency=currency,
        period_start=current.period_start,
        period_end=current.period_end,
        previous_start=previous.period_start,
        previous_end=previous.period_end,
        has_illustrative=illustrative,
    )


def previous_assessments(source: Connectable, *, portfolio_filter: PortfolioFilter, as_of: dt.date) -> pd.DataFrame:
    """The indicator assessments of the comparison period (``previous_filter``), as of its end."""
    previous = previous_filter(portfolio_filter, as_of)
    assert previous.period_end is not None
    return indicator_assessments(source, portfolio_filter=previous, as_of=previous.period_end)
