"""The view models of the portfolio pages: Overview, Budgets and Indicators.

Each function reads what its page shows, once, through ``dashboard.queries`` (independent reads side by side)
and hands each read on to every figure built from it; the result is a frozen dataclass of data (no language,
no Streamlit). The page caches it on the data revision and its arguments (``dashboard.web.caching.cached``),
so a warm rerun costs one lookup. The leadership briefing, ``figures --json`` and the benchmarks call the same
functions, so they show what the page shows.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace

import pandas as pd

from dashboard.core import metrics
from dashboard.queries.alerts import ALERT_ORDER, alerts_from, upkeep_alerts
from dashboard.queries.base import Connectable
from dashboard.queries.budgets import burn_vs_time, cofinancing, money_by_theme
from dashboard.queries.filters import PortfolioFilter
from dashboard.queries.headline import HeadlineComparison, headline_figures
from dashboard.queries.indicators import indicator_values, portfolio_progress_trend
from dashboard.queries.money import GROUPINGS, budget_variance
from dashboard.queries.options import objective_titles
from dashboard.queries.periods import reporting_window
from dashboard.queries.rates import RatesUsed, latest_rates
from dashboard.views.base import side_by_side
from dashboard.views.headline import Tile, headline_tiles
from dashboard.views.reads import filter_assessments, filter_money, portfolio_reads

# ---------------------------------------------------------------------------------------------------------
# Overview (and the leadership briefing, and figures --json)
# ---------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class OverviewView:
    """Everything the Overview page, the leadership briefing and ``figures --json`` show for a filter."""

    portfolio_filter: PortfolioFilter
    as_of: dt.date
    currency: str
    headline: HeadlineComparison
    tiles: tuple[Tile, ...]  # views.headline.HEADLINE_TILES, filled
    by_funder: pd.DataFrame  # queries.money.budget_variance(group_by="funder")
    by_theme: pd.DataFrame  # queries.budgets.money_by_theme
    variance: pd.DataFrame  # budget_variance(group_by="project"): the briefing's chart and table
    projects: pd.DataFrame  # queries.money.PROJECT_COLUMNS: every project the filter keeps, with or without money
    assessments: pd.DataFrame  # queries.indicators.indicator_assessments
    alerts: pd.DataFrame  # queries.alerts.ALERT_COLUMNS, in ALERT_ORDER
    rates: RatesUsed  # the rates that converted the figures
    objective_titles: Mapping[str, str]  # code -> title, to name a chosen objective
    # Money that no stored rate converts, by currency (budget and spending together): left out of the totals.
    not_converted: Mapping[str, float] = field(default_factory=dict)

    @property
    def is_empty(self) -> bool:
        """The filter keeps no project: the page says so instead of drawing zeros."""
        return self.headline.current.projects == 0

    def alerts_by_kind(self) -> list[tuple[str, pd.DataFrame]]:
        """The alerts grouped by kind, in ``queries.alerts.ALERT_ORDER``, kinds without alerts left out."""
        groups = [(kind.value, self.alerts[self.alerts["kind"] == kind.value]) for kind in ALERT_ORDER]
        return [(kind, rows) for kind, rows in groups if not rows.empty]


def overview(source: Connectable, portfolio_filter: PortfolioFilter, as_of: dt.date, *,
             currency: str = metrics.REPORTING_BASE_CURRENCY) -> OverviewView:
    """The Overview of ``portfolio_filter`` as of ``as_of`` in ``currency``.

    Reads, side by side: the filter's money with the comparison period's (``portfolio_money``) and the
    indicator assessments of both periods (``views.reads.portfolio_reads``: cut from the whole portfolio's for
    a filter without a period), the upkeep alerts and the objectives' titles; every money figure
    (headline, by funder, by theme, burn, co-financing, variance) is shaped from that one money read.
    Money in a currency without a stored rate is left out of the totals and named in ``not_converted``."""
    reads, upkeep, titles = side_by_side(
        lambda: portfolio_reads(source, portfolio_filter, as_of),
        lambda: upkeep_alerts(source, portfolio_filter=portfolio_filter, as_of=as_of),
        lambda: objective_titles(source),
        source=source,
    )
    money, assessed, previous_assessed = reads.money, reads.assessed, reads.previous_assessed
    headline = headline_figures(source, portfolio_filter=portfolio_filter, currency=currency, as_of=as_of,
                                money=money, assessed=assessed, previous_assessed=previous_assessed)
    burn = burn_vs_time(source, portfolio_filter=portfolio_filter, currency=currency, as_of=as_of, money=money)
    funding = cofinancing(source, portfolio_filter=portfolio_filter, as_of=as_of, money=money)
    return OverviewView(
        portfolio_filter=portfolio_filter,
        as_of=as_of,
        currency=currency,
        headline=headline,
        tiles=headline_tiles(headline),
        by_funder=budget_variance(source, portfolio_filter=portfolio_filter, group_by="funder", currency=currency,
                                  as_of=as_of, money=money),
        by_theme=money_by_theme(source, portfolio_filter=portfolio_filter, currency=currency, as_of=as_of,
                                money=money),
        variance=budget_variance(source, portfolio_filter=portfolio_filter, group_by="project", currency=currency,
                                 as_of=as_of, money=money),
        projects=money.projects,
        assessments=assessed,
        alerts=alerts_from(currency=currency, burn=burn, assessed=assessed, funding=funding, upkeep=upkeep),
        rates=money.rates,
        objective_titles=titles,
        not_converted=money.not_converted(currency),
    )


# ---------------------------------------------------------------------------------------------------------
# Budgets
# ---------------------------------------------------------------------------------------------------------


def reporting_currencies(source: Connectable, as_of: dt.date) -> tuple[str, ...]:
    """The currencies a money page can report in: the base currency first, then every currency with a stored
    rate on ``as_of``."""
    rates = latest_rates(source, as_of=as_of)
    base = metrics.REPORTING_BASE_CURRENCY
    return (base, *[code for code in rates.eur_per_unit if code != base])


@dataclass(frozen=True)
class BudgetsView:
    """Everything the Budgets page shows for a filter, a grouping and a reporting currency."""

    portfolio_filter: PortfolioFilter
    as_of: dt.date
    currency: str
    group_by: str  # one of queries.money.GROUPINGS
    variance: pd.DataFrame  # queries.money.VARIANCE_COLUMNS, by ``group_by``
    burn: pd.DataFrame  # queries.budgets.BURN_COLUMNS
    funding: pd.DataFrame  # queries.budgets.COFINANCING_COLUMNS
    rates: RatesUsed
    # Money that no stored rate converts, by currency: left out of the totals, which are then partial.
    not_converted: Mapping[str, float] = field(default_factory=dict)
    selected_project: str | None = None  # a project code chosen by a link (``?project=``), see ``for_project``

    @property
    def has_money(self) -> bool:
        return not self.variance.empty

    @property
    def has_illustrative(self) -> bool:
        return bool(self.variance["is_illustrative"].any())

    @property
    def undated_projects(self) -> int:
        """Projects on the burn chart without planned dates (their time elapsed is unknown)."""
        return int(self.burn["time_elapsed"].isna().sum())

    @property
    def mismatched_projects(self) -> int:
        """Projects whose declared total differs from the sum of their funding lines."""
        return int(self.funding.loc[self.funding["declared_mismatch"].astype(bool), "code"].nunique())

    def has_project(self, code: str) -> bool:
        return code in set(self.burn["code"])

    def for_project(self, code: str) -> BudgetsView:
        """The same view narrowed to one project (the variance too when grouped by project)."""
        variance = self.variance[self.variance["label"] == code] if self.group_by == "project" else self.variance
        return replace(self, variance=variance, burn=self.burn[self.burn["code"] == code],
                       funding=self.funding[self.funding["code"] == code], selected_project=code)


def budgets(source: Connectable, portfolio_filter: PortfolioFilter, as_of: dt.date, *,
            currency: str = metrics.REPORTING_BASE_CURRENCY, group_by: str = "project") -> BudgetsView:
    """The Budgets page of ``portfolio_filter`` as of ``as_of``: the variance by ``group_by`` in ``currency``,
    burn against time and co-financing, all from one read of the filter's money (the year and category
    groupings add their own grouped pass). Money without a stored rate is named in ``not_converted``."""
    if group_by not in GROUPINGS:
        raise ValueError(f"group_by must be one of {', '.join(GROUPINGS)}")
    money = filter_money(source, portfolio_filter, as_of)
    return BudgetsView(
        portfolio_filter=portfolio_filter,
        as_of=as_of,
        currency=currency,
        group_by=group_by,
        variance=budget_variance(source, portfolio_filter=portfolio_filter, group_by=group_by, currency=currency,
                                 as_of=as_of, money=money if group_by in ("project", "funder") else None),
        burn=burn_vs_time(source, portfolio_filter=portfolio_filter, currency=currency, as_of=as_of, money=money),
        funding=cofinancing(source, portfolio_filter=portfolio_filter, as_of=as_of, money=money),
        rates=money.rates,
        not_converted=money.not_converted(currency),
    )


# ---------------------------------------------------------------------------------------------------------
# Indicators
# ---------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class IndicatorsView:
    """Everything the Indicators page shows for a filter, before a project is chosen."""

    portfolio_filter: PortfolioFilter
    as_of: dt.date
    assessments: pd.DataFrame  # queries.indicators.ASSESSMENT_COLUMNS
    trend: pd.DataFrame  # queries.indicators.TREND_COLUMNS
    window_start: dt.date  # the period in which an indicator must report to count as reporting
    window_end: dt.date

    @property
    def is_empty(self) -> bool:
        return self.assessments.empty

    @property
    def on_track_share(self) -> float | None:
        return metrics.share_on_track(self.assessments["status"])

    @property
    def has_illustrative(self) -> bool:
        return bool(self.assessments["is_illustrative"].any())

    @property
    def projects(self) -> list[str]:
        """Project codes with indicators, in the assessments' order."""
        return list(dict.fromkeys(self.assessments["project_code"]))

    def project_of_indicator(self, indicator_id: int) -> str | None:
        """The project of an indicator (an alert links to ``?indicator=<id>``), None when the filter hides it."""
        match = self.assessments[self.assessments["indicator_id"] == indicator_id]
        return None if match.empty else str(match["project_code"].iloc[0])

    def with_statuses(self, statuses: Iterable[str]) -> pd.DataFrame:
        """The assessments whose status is among ``statuses``."""
        return self.assessments[self.assessments["status"].isin(list(statuses))]

    def indicators_of(self, project_code: str) -> pd.DataFrame:
        return self.assessments[self.assessments["project_code"] == project_code]

    def indicator_ids(self, project_code: str) -> tuple[int, ...]:
        return ids_of(self.indicators_of(project_code))


def ids_of(assessments: pd.DataFrame) -> tuple[int, ...]:
    """The indicator ids of some assessments, in their order."""
    return tuple(int(value) for value in assessments["indicator_id"])


def indicators(source: Connectable, portfolio_filter: PortfolioFilter, as_of: dt.date) -> IndicatorsView:
    """The Indicators page of ``portfolio_filter`` as of ``as_of``: every indicator's status and the portfolio's
    progress trend, read side by side."""
    assessments, trend = side_by_side(
        lambda: filter_assessments(source, portfolio_filter, as_of),
        lambda: portfolio_progress_trend(source, portfolio_filter=portfolio_filter, as_of=as_of),
        source=source,
    )
    window_start, window_end = reporting_window(portfolio_filter, as_of)
    return IndicatorsView(portfolio_filter=portfolio_filter, as_of=as_of, assessments=assessments, trend=trend,
                          window_start=window_start, window_end=window_end)


@dataclass(frozen=True)
class IndicatorSeries:
    """The reported values of a few indicators (one project's), for their trend charts, split by indicator once
    (the page draws one chart per indicator on every rerun)."""

    by_indicator: Mapping[int, pd.DataFrame]  # indicator id -> its rows of queries.indicators.indicator_values
    reporting: frozenset[int]  # the indicators with at least one actual value

    def of(self, indicator_id: int) -> pd.DataFrame:
        return self.by_indicator[int(indicator_id)]

    def has_values(self, indicator_id: int) -> bool:
        return int(indicator_id) in self.reporting


def indicator_series(source: Connectable, indicator_ids: tuple[int, ...], as_of: dt.date) -> IndicatorSeries:
    """The values of ``indicator_ids`` up to ``as_of`` (``IndicatorsView.indicator_ids`` of the chosen project)."""
    values = indicator_values(source, indicator_ids=list(indicator_ids), as_of=as_of)
    by_indicator = {int(key): values[values["indicator_id"] == key] for key in indicator_ids}
    reporting = frozenset(key for key, rows in by_indicator.items() if not rows.dropna(subset=["actual"]).empty)
    return IndicatorSeries(by_indicator=by_indicator, reporting=reporting)
