"""Indicator assessments, values and the portfolio progress trend."""

from __future__ import annotations

import datetime as dt
import operator
from collections.abc import Collection

import numpy as np
import pandas as pd
from sqlalchemy import func, select
from sqlalchemy.orm import aliased

from dashboard.core import metrics
from dashboard.core.models import Indicator, IndicatorValue, Project
from dashboard.queries.base import Connectable, read_rows, rows_frame
from dashboard.queries.filters import PortfolioFilter, project_ids
from dashboard.queries.periods import current_filter, reporting_window

ASSESSMENT_COLUMNS = ["indicator_id", "project_id", "project_code", "project_status", "code", "name", "unit",
                      "measure", "cumulative", "adds_up", "direction", "baseline_value", "target_value", "target_date",
                      "actual_to_date",
                      "progress", "expected_progress", "status", "last_period_end", "window_start", "is_illustrative"]


def _last_report(reported, wanted, window_end: dt.date):
    """``wanted`` of an indicator's last value (by period end, then start) up to ``window_end`` with
    ``reported`` not NULL: one index probe per indicator, read backwards from ``window_end``. A scalar
    subquery per column rather than a join on the row's id, which PostgreSQL answers by hashing every value."""
    value = aliased(IndicatorValue)
    return (
        select(getattr(value, wanted.key))
        .where(value.indicator_id == Indicator.id, value.period_end <= window_end,
               getattr(value, reported.key).is_not(None))
        .order_by(value.period_end.desc(), value.period_start.desc())
        .limit(1)
        .scalar_subquery()
    )


def indicator_assessments(source: Connectable, *, portfolio_filter: PortfolioFilter, as_of: dt.date) -> pd.DataFrame:
    """Status of every indicator of the kept projects: the value and plan to date come from the indicator's last
    report up to the period's end (stored by ``dashboard.core.values_to_date``: the sum for a count reported
    period by period, else the latest value), then ``metrics.judge_indicator``, the one status rule, judges it."""
    current = current_filter(portfolio_filter, as_of)
    window_start, window_end = reporting_window(portfolio_filter, as_of)
    actual, target = IndicatorValue.actual, IndicatorValue.target
    columns = ["indicator_id", "project_id", "project_code", "project_status", "code", "name", "unit", "measure",
               "cumulative", "direction", "baseline_value", "baseline_date", "target_value", "target_date",
               "is_illustrative",
               "actual_to_date", "last_period_end", "planned_to_date"]
    rows = read_rows(
        source,
        select(Indicator.id, Indicator.project_id, Project.code, Project.status, Indicator.code, Indicator.name,
               Indicator.unit, Indicator.measure, Indicator.cumulative, Indicator.direction, Indicator.baseline_value,
               Indicator.baseline_date, Indicator.target_value, Indicator.target_date, Indicator.is_illustrative,
               _last_report(actual, IndicatorValue.actual_to_date, window_end),
               _last_report(actual, IndicatorValue.period_end, window_end),
               _last_report(target, IndicatorValue.target_to_date, window_end))
        .join(Project, Project.id == Indicator.project_id)
        .where(Indicator.project_id.in_(project_ids(current)))
        .order_by(Project.code, Indicator.code),
    )
    if not rows:
        return pd.DataFrame(columns=ASSESSMENT_COLUMNS)
    # Straight from the database rows (numbers are floats or None, dates dates or None): this runs for every
    # indicator of the portfolio on a cold page, so no per-value conversion through pandas.
    judged = operator.itemgetter(*(columns.index(name) for name in (
        "actual_to_date", "last_period_end", "planned_to_date", "baseline_value", "baseline_date", "target_value",
        "target_date", "direction", "measure", "cumulative")))
    assessed = []
    judge = metrics.judge_indicator
    for row in rows:
        actual, last_end, planned, baseline, baseline_date, target, target_date, direction, measure, cumulative \
            = judged(row)
        assessment = judge(actual=actual, planned=planned, last_period_end=last_end, baseline_value=baseline,
                           baseline_date=baseline_date, target_value=target, target_date=target_date,
                           direction=direction, window_start=window_start, window_end=window_end)
        assessed.append((*row[:-3], metrics.adds_up(measure, cumulative), actual, assessment.progress,
                         assessment.expected_progress, assessment.status.value, last_end, assessment.window_start))
    frame = rows_frame(assessed, [*columns[:-3], "adds_up", "actual_to_date", "progress", "expected_progress",
                                  "status", "last_period_end", "window_start"])
    return frame[ASSESSMENT_COLUMNS]


def narrow_assessments(assessed: pd.DataFrame, kept: Collection[int]) -> pd.DataFrame:
    """The assessments (``ASSESSMENT_COLUMNS``) of the ``kept`` projects' indicators, in their order: what
    ``indicator_assessments`` reads for a filter that chooses those projects and no period, cut from the whole
    portfolio's (an indicator's status depends on its own values and the reporting window, which such a filter
    does not change)."""
    return assessed[assessed["project_id"].isin(set(kept))].reset_index(drop=True)


def silent_indicators(source: Connectable, *, portfolio_filter: PortfolioFilter, as_of: dt.date,
                      project_status: str | None = None) -> pd.DataFrame:
    """The indicators of the kept projects (of ``project_status`` when given) that ``indicator_assessments``
    calls "not reporting", read with one index probe each (the last reported period's end) and judged by the
    same rule, ``metrics.is_reporting``: for the Data quality page, which needs no value or progress."""
    current = current_filter(portfolio_filter, as_of)
    window_start, window_end = reporting_window(portfolio_filter, as_of)
    query = (
        select(Indicator.id, Project.code, Indicator.code, Indicator.name, Indicator.target_date,
               _last_report(IndicatorValue.actual, IndicatorValue.period_end, window_end))
        .join(Project, Project.id == Indicator.project_id)
        .where(Indicator.project_id.in_(project_ids(current)))
        .order_by(Project.code, Indicator.code)
    )
    if project_status is not None:
        query = query.where(Project.status == project_status)
    silent = [(id_, project, code, name, metrics.indicator_window_start(window_start, target_date), last_end)
              for id_, project, code, name, target_date, last_end in read_rows(source, query)
              if not metrics.is_reporting(last_end, window_start, target_date)]
    return rows_frame(silent, ["indicator_id", "project_code", "code", "name", "window_start", "last_period_end"])


def indicator_values(source: Connectable, *, indicator_ids: list[int], as_of: dt.date) -> pd.DataFrame:
    """The reported values of a few indicators (a project's), with the value to date after each period by the
    indicator's rule (latest for cumulative, running sum for periodic; stored by ``dashboard.core.values_to_date``),
    for trend charts."""
    columns = ["indicator_id", "period_start", "period_end", "actual", "target", "actual_to_date", "is_illustrative"]
    if not indicator_ids:
        return pd.DataFrame(columns=columns)
    rows = read_rows(
        source,
        select(IndicatorValue.indicator_id, IndicatorValue.period_start, IndicatorValue.period_end,
               IndicatorValue.actual, IndicatorValue.target, IndicatorValue.actual_to_date,
               IndicatorValue.is_illustrative)
        .where(IndicatorValue.indicator_id.in_(indicator_ids), IndicatorValue.period_end <= as_of)
        .order_by(IndicatorValue.indicator_id, IndicatorValue.period_end, IndicatorValue.period_start),
    )
    frame = rows_frame(rows, columns)
    frame["actual_to_date"] = pd.to_numeric(frame["actual_to_date"], errors="coerce")
    return frame


TREND_COLUMNS = ["period_end", "median", "q1", "q3", "indicators"]
_PROGRESS_FLOOR, _PROGRESS_CEILING = -100, 300  # in %: values beyond are counted at the edge


def portfolio_progress_trend(source: Connectable, *, portfolio_filter: PortfolioFilter, as_of: dt.date
                             ) -> pd.DataFrame:
    """Across the kept projects, per half-year: the median and quartiles of the progress towards target
    (0 = baseline, 1 = target) of the values reported in it, so indicators in different units share one chart.

    The progress of each value to date is stored (``dashboard.core.values_to_date``); SQL counts it per half-year
    at 1 % resolution and pandas only reads the quartiles off the few histogram rows.
    """
    current = current_filter(portfolio_filter, as_of)
    rows = read_rows(
        source,
        # Grouped in the order of ix_indicator_value_trend, so the database counts without sorting. "+ 0"
        # keeps SQLite's planner off the indicator_id index, which it prefers and then sorts a million rows.
        select(IndicatorValue.half_year, IndicatorValue.progress_percent, func.count())
        .where(IndicatorValue.progress_percent.is_not(None), IndicatorValue.period_end <= current.period_end,
               (IndicatorValue.indicator_id + 0).in_(select(Indicator.id)
                                               .where(Indicator.project_id.in_(project_ids(current)))))
        .group_by(IndicatorValue.half_year, IndicatorValue.progress_percent),
    )
    histogram = rows_frame(rows, ["half_year", "percent", "count"])
    if histogram.empty:
        return pd.DataFrame(columns=TREND_COLUMNS)
    histogram["percent"] = histogram["percent"].clip(_PROGRESS_FLOOR, _PROGRESS_CEILING)
    histogram = histogram.groupby(["half_year", "percent"], as_index=False)["count"].sum()
    records = []
    for half_year, part in histogram.groupby("half_year", sort=True):
        cumulative = part["count"].cumsum().to_numpy()
        total = int(cumulative[-1])
        percents = part["percent"].astype(float).to_numpy()

        def quantile(share: float, cumulative: np.ndarray = cumulative, percents: np.ndarray = percents,
                     total: int = total) -> float:
            return float(percents[int(np.searchsorted(cumulative, share * total, side="left"))]) / 100

        year, half = divmod(int(half_year), 10)
        period_end = dt.date(year, 6, 30) if half == 1 else dt.date(year, 12, 31)
        records.append((period_end, quantile(0.5), quantile(0.25), quantile(0.75), total))
    return pd.DataFrame(records, columns=TREND_COLUMNS)
