"""Metric rules: every figure the dashboard shows is computed by one function here.

Pure functions, no database and no Streamlit. Functions on amounts accept scalars or pandas Series/numpy
arrays alike, so a page computing a whole table and a unit test checking one worked example go through the
same rule. The SQL in ``dashboard.queries`` only sums rows; which rows count is decided by the constants here
(``CONSUMED_KINDS``, ``effective_budget_mask``) and checked against these functions by the tests.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from numbers import Real
from typing import Any

import numpy as np
import pandas as pd

from dashboard.core.models import BudgetType, Direction, Measure, SpendingKind

# Consumed = disbursements + expenditures. Commitments are promises, shown apart and never added in.
CONSUMED_KINDS: tuple[str, ...] = (SpendingKind.disbursement.value, SpendingKind.expenditure.value)
COMMITMENT_KINDS: tuple[str, ...] = (SpendingKind.commitment.value,)

DEFAULT_STATUS_TOLERANCE = 0.15
# Spending counts as "far behind time" when execution trails the share of time elapsed by this much.
DEFAULT_BURN_TOLERANCE = 0.25
# Printed funding tables round to the unit: a difference of at most one unit is not a mismatch.
DECLARED_TOTAL_TOLERANCE = 1.0
REPORTING_BASE_CURRENCY = "EUR"

Number = float | int
ArrayLike = Any  # scalar, numpy array or pandas Series


class IndicatorStatus(StrEnum):
    on_track = "on_track"
    at_risk = "at_risk"
    off_track = "off_track"
    not_reporting = "not_reporting"


# ---------------------------------------------------------------------------------------------------------
# Budgets and spending
# ---------------------------------------------------------------------------------------------------------


def consumed(transactions: Iterable[tuple[str, float]]) -> float:
    """Consumed amount from ``(kind, amount)`` pairs: disbursements plus expenditures only."""
    return float(sum(amount for kind, amount in transactions if kind in CONSUMED_KINDS))


def committed(transactions: Iterable[tuple[str, float]]) -> float:
    """Commitments, reported beside consumed and never added to it."""
    return float(sum(amount for kind, amount in transactions if kind in COMMITMENT_KINDS))


def effective_budget_mask(lines: pd.DataFrame) -> pd.Series:
    """Which budget lines count: for each project and period, revised lines replace the original ones.

    ``lines`` needs the columns ``project_id``, ``period_start``, ``period_end`` and ``budget_type``. A
    period with any revised line counts only its revised lines; a period with none counts its originals.
    """
    if lines.empty:
        return pd.Series(dtype=bool, index=lines.index)
    keys = [
        lines["project_id"],
        lines["period_start"].astype("string").fillna(""),
        lines["period_end"].astype("string").fillna(""),
    ]
    if "source" in lines:  # an IATI revision replaces IATI lines, a local one local lines
        keys.append(lines["source"].astype("string").fillna(""))
    is_revised = lines["budget_type"].eq(BudgetType.revised.value)
    period_has_revision = is_revised.groupby(keys).transform("any")
    return is_revised | ~period_has_revision


def effective_budget(lines: pd.DataFrame) -> float:
    """Total budget of ``lines`` after revised lines replace originals (see ``effective_budget_mask``)."""
    if lines.empty:
        return 0.0
    return float(lines.loc[effective_budget_mask(lines), "amount"].sum())


def balance(budget: ArrayLike, consumed_amount: ArrayLike) -> ArrayLike:
    """What is left: budget − consumed (negative when over-spent)."""
    return budget - consumed_amount


def execution_rate(consumed_amount: ArrayLike, budget: ArrayLike) -> ArrayLike:
    """Consumed / budget as a fraction (1.12 for 112 %); NaN where there is no budget to measure against."""
    if isinstance(budget, Real) and isinstance(consumed_amount, Real):  # numpy's numbers are Real too
        return float(consumed_amount) / float(budget) if budget else float("nan")
    budget_array = pd.Series(budget, dtype="float64") if not isinstance(budget, pd.Series) else budget
    return consumed_amount / budget_array.where(budget_array != 0)


def is_overspent(rate: ArrayLike) -> ArrayLike:
    """Execution above 100 %."""
    return rate > 1.0


def time_elapsed_share(start: dt.date | None, end: dt.date | None, on: dt.date) -> float | None:
    """Share of the period [start, end] elapsed on ``on``, between 0 and 1; None without both dates."""
    if start is None or end is None:
        return None
    total = (end - start).days
    if total <= 0:
        return 1.0 if on >= end else 0.0
    return float(min(1.0, max(0.0, (on - start).days / total)))


def burn_gap(rate: ArrayLike, elapsed: ArrayLike) -> ArrayLike:
    """Execution rate minus the share of time elapsed: negative when spending trails the calendar."""
    return rate - elapsed


def is_behind_time(rate: ArrayLike, elapsed: ArrayLike, tolerance: float = DEFAULT_BURN_TOLERANCE) -> ArrayLike:
    """Spending far behind time elapsed: execution trails elapsed time by more than ``tolerance``."""
    return burn_gap(rate, elapsed) < -tolerance


# ---------------------------------------------------------------------------------------------------------
# Declared totals
# ---------------------------------------------------------------------------------------------------------


def declared_total_difference(declared: float | None, lines_total: float) -> float | None:
    """Declared total minus the sum of its lines; None where the source declares no total."""
    if declared is None or (isinstance(declared, float) and np.isnan(declared)):
        return None
    return float(declared) - float(lines_total)


def declared_total_mismatch(declared: float | None, lines_total: float) -> bool:
    difference = declared_total_difference(declared, lines_total)
    return difference is not None and abs(difference) > DECLARED_TOTAL_TOLERANCE


def share_percent(part: ArrayLike, whole: ArrayLike) -> ArrayLike:
    """A part's share of its whole, in %; 0 where the whole is 0. Numbers or arrays (one column per call)."""
    part_values, whole_values = np.asarray(part, dtype="float64"), np.asarray(whole, dtype="float64")
    safe_whole = np.where(whole_values == 0, 1.0, whole_values)
    result = np.where(whole_values == 0, 0.0, 100.0 * part_values / safe_whole)
    return float(result) if result.ndim == 0 else result


def shares(amounts: Mapping[str, float]) -> dict[str, float]:
    """Each part's share of the whole, in %; used for co-financing shares and country splits."""
    total = sum(amounts.values())
    return {key: float(share_percent(value, total)) for key, value in amounts.items()}


def split_by_share(amount: float, country_shares: Mapping[str, float]) -> dict[str, float]:
    """Split a project's amount over its recipient countries by their shares (in %), so the parts add up to
    the whole and a multi-country project is never counted once per country."""
    total_share = sum(country_shares.values())
    if not total_share:
        return {}
    return {country: amount * share / total_share for country, share in country_shares.items()}


# ---------------------------------------------------------------------------------------------------------
# Indicators
# ---------------------------------------------------------------------------------------------------------


# Only counts add up across periods. A percentage, a ratio, an index, a rank or a text is a level measured at
# a date (a survey round, an annual index): its value to date is the latest one, whatever the file says.
ADDITIVE_MEASURES: tuple[str, ...] = (Measure.number.value,)
# An indicator whose target date passed before the reporting period is judged on its final year, so a finished
# indicator is not listed as "not reporting" forever.
FINAL_YEAR_DAYS = 365


@dataclass(frozen=True)
class PeriodValue:
    period_start: dt.date
    period_end: dt.date
    actual: float | None
    target: float | None = None


@dataclass(frozen=True)
class IndicatorAssessment:
    actual_to_date: float | None
    progress: float | None
    expected_progress: float | None
    status: IndicatorStatus
    last_period_end: dt.date | None
    window_start: dt.date | None = None


def adds_up(measure: str | None, cumulative: bool) -> bool:
    """Whether an indicator's values add up across periods: only a count (measure ``number``) reported period by
    period. A cumulative count reports a running total (take the latest); a percentage, ratio, index, rank or
    text is a level (take the latest): summing 52 % and 61 % would say 113 %."""
    return (measure or Measure.number.value) in ADDITIVE_MEASURES and not cumulative


def actual_to_date(values: Sequence[PeriodValue], cumulative: bool, measure: str | None = None) -> float | None:
    """The value to date: the sum of the periods where the values add up (``adds_up``: a count reported period
    by period), else the latest value (a running total, a percentage, a ratio, an index)."""
    amounts = [(value.period_end, value.actual) for value in values if value.actual is not None]
    return _to_date(amounts, adds_up(measure, cumulative))


def target_to_date(values: Sequence[PeriodValue], cumulative: bool, measure: str | None = None) -> float | None:
    """The period targets to date, by the same rule as the actuals (sum or latest)."""
    amounts = [(value.period_end, value.target) for value in values if value.target is not None]
    return _to_date(amounts, adds_up(measure, cumulative))


def _to_date(amounts: Sequence[tuple[dt.date, float | None]], summed: bool) -> float | None:
    if not amounts:
        return None
    if summed:
        return float(sum(float(amount) for _end, amount in amounts if amount is not None))
    latest = max(amounts, key=lambda pair: pair[0])[1]
    return None if latest is None else float(latest)


_LOWER_IS_BETTER = Direction.lower_is_better.value  # read once: enum attribute access costs per call


def implied_direction(baseline: float | None, target: float | None) -> str | None:
    """The direction baseline and target imply: a target below the baseline means lower is better, above it
    higher is better; None when they are equal or one is missing (only a stated direction can tell)."""
    if baseline is None or target is None or target == baseline:
        return None
    return _LOWER_IS_BETTER if target < baseline else Direction.higher_is_better.value


def progress(actual: float | None, baseline: float | None, target: float | None, direction: str | None
             ) -> float | None:
    """Share of the way from baseline (0 when missing) to target: (actual − baseline) / (target − baseline).

    The target gives the way: below the baseline, a fall is progress (stunting from 40 % towards 20 %: 30 % is
    half way, 45 % is −0.25, worse than the baseline). The stated direction only decides when the target equals
    the baseline (a level to keep: 1 when kept, −1 when missed). Negative when the value is worse than the
    baseline. None without a value or a target.
    """
    if actual is None or target is None:
        return None
    baseline = 0.0 if baseline is None else baseline
    span = target - baseline
    if span == 0:
        lower_is_better = direction == _LOWER_IS_BETTER
        reached = actual <= target if lower_is_better else actual >= target
        return 1.0 if reached else -1.0  # a level to keep: missed is worse than the baseline
    return (actual - baseline) / span


def expected_progress(
    baseline_date: dt.date | None, target_date: dt.date | None, as_of: dt.date
) -> float | None:
    """Where a straight line from baseline to target stands on ``as_of`` (0 to 1)."""
    return time_elapsed_share(baseline_date, target_date, as_of)


def indicator_window_start(window_start: dt.date, target_date: dt.date | None) -> dt.date:
    """The first day an indicator must report from to count as reporting in a period starting ``window_start``:
    that day, or the start of its final year when its target date passed before it."""
    if target_date is not None and target_date < window_start:
        return target_date - dt.timedelta(days=FINAL_YEAR_DAYS)
    return window_start


def is_reporting(last_period_end: dt.date | None, window_start: dt.date, target_date: dt.date | None) -> bool:
    """An indicator reports when a value with an actual ends on or after its window's start (values after the
    period's end are never read): the one rule of the Indicators page, the Data quality page, the exports,
    the briefing and ``figures``."""
    return last_period_end is not None and last_period_end >= indicator_window_start(window_start, target_date)


def status(
    progress_value: float | None,
    expected: float | None,
    reporting: bool,
    tolerance: float = DEFAULT_STATUS_TOLERANCE,
) -> IndicatorStatus:
    """On track when progress is within ``tolerance`` of what is expected by now; at risk within twice the
    tolerance; off track beyond, and whenever the value is worse than the baseline (progress below 0).

    "Not reporting" means no value in the period only — a gap in the data, never counted as failing. An
    indicator with values but no target to judge them against is at risk (the Data quality page lists it)."""
    if not reporting:
        return IndicatorStatus.not_reporting
    if progress_value is None:
        return IndicatorStatus.at_risk
    if progress_value < 0:
        return IndicatorStatus.off_track
    expected = 1.0 if expected is None else expected
    shortfall = expected - progress_value
    if shortfall <= tolerance:
        return IndicatorStatus.on_track
    if shortfall <= 2 * tolerance:
        return IndicatorStatus.at_risk
    return IndicatorStatus.off_track


def judge_indicator(
    *,
    actual: float | None,
    planned: float | None,
    last_period_end: dt.date | None,
    baseline_value: float | None,
    baseline_date: dt.date | None,
    target_value: float | None,
    target_date: dt.date | None,
    direction: str | None,
    window_start: dt.date,
    window_end: dt.date,
    tolerance: float = DEFAULT_STATUS_TOLERANCE,
) -> IndicatorAssessment:
    """The status of one indicator from its value and plan to date (``actual_to_date``/``target_to_date`` up to
    ``window_end``) and its last reported period's end: the one rule every page, export, the briefing and
    ``figures`` use. Expected progress comes from the period targets where they exist, else from a straight
    line in time to the last report (or to the period's end)."""
    progress_value = progress(actual, baseline_value, target_value, direction)
    if planned is not None:
        expected = progress(planned, baseline_value, target_value, direction)
    else:
        expected = expected_progress(baseline_date, target_date, last_period_end or window_end)
    start = indicator_window_start(window_start, target_date)
    reporting = is_reporting(last_period_end, window_start, target_date)
    return IndicatorAssessment(
        actual_to_date=actual,
        progress=progress_value,
        expected_progress=expected,
        status=status(progress_value, expected, reporting, tolerance),
        last_period_end=last_period_end,
        window_start=start,
    )


def assess_indicator(
    *,
    values: Sequence[PeriodValue],
    cumulative: bool,
    baseline_value: float | None,
    baseline_date: dt.date | None,
    target_value: float | None,
    target_date: dt.date | None,
    direction: str | None,
    period_start: dt.date,
    period_end: dt.date,
    measure: str | None = None,
    tolerance: float = DEFAULT_STATUS_TOLERANCE,
) -> IndicatorAssessment:
    """Status of one indicator for the reporting period [period_start, period_end] from its values: those up to
    ``period_end`` count (``actual_to_date``), then ``judge_indicator``."""
    to_date = [value for value in values if value.period_end <= period_end]
    return judge_indicator(
        actual=actual_to_date(to_date, cumulative, measure),
        planned=target_to_date(to_date, cumulative, measure),
        last_period_end=max((value.period_end for value in to_date if value.actual is not None), default=None),
        baseline_value=baseline_value, baseline_date=baseline_date, target_value=target_value,
        target_date=target_date, direction=direction, window_start=period_start, window_end=period_end,
        tolerance=tolerance,
    )


def share_on_track(statuses: Iterable[IndicatorStatus | str]) -> float | None:
    """Share of reporting indicators that are on track; indicators not reporting are left out of the
    denominator rather than counted as failing. None when nothing reports."""
    reporting = [value for value in statuses if value != IndicatorStatus.not_reporting]
    if not reporting:
        return None
    return sum(1 for value in reporting if value == IndicatorStatus.on_track) / len(reporting)


# ---------------------------------------------------------------------------------------------------------
# Partnership reviews
# ---------------------------------------------------------------------------------------------------------


def review_overall_rating(ratings: Iterable[int | None]) -> int | None:
    """A review's overall rating: the mean of the principle ratings given (1–5), rounded half up; ratings
    left blank are left out rather than counted as poor. None when no principle was rated."""
    given = [int(value) for value in ratings if value is not None]
    if not given:
        return None
    return int(sum(given) / len(given) + 0.5)
