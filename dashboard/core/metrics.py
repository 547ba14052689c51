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


def same_label(first: object, second: object) -> bool:
    """Two funders or categories name the same thing: both empty, or equal once trimmed and case folded."""
    def label(value: object) -> str:
        if value is None or (isinstance(value, float) and np.isnan(value)) or value is pd.NA:
            return ""
        return str(value).strip().casefold()
    return label(first) == label(second)


def periods_overlap(first_start: dt.date | None, first_end: dt.date | None,
                    second_start: dt.date | None, second_end: dt.date | None) -> bool:
    """Two periods share at least one day; a missing end is open on that side."""
    if first_start is not None and second_end is not None and first_start > second_end:
        return False
    return not (second_start is not None and first_end is not None and second_start > first_end)


def revision_replaces(revised: Mapping[str, Any], original: Mapping[str, Any]) -> bool:
    """Whether a revised budget line replaces an original one: the same project and money source, the same
    funder and category (both empty counts as the same; categories compare trimmed and case folded), and
    periods that overlap. So a revised Personnel line replaces the original Personnel line of its period and
    leaves the Travel line counted; a revision that extends the period (2026 revised as 2026 to mid-2027)
    replaces the 2026 line rather than adding to it. Lines are mappings with ``project_id``, ``funder_id``,
    ``category``, ``period_start``, ``period_end`` and ``budget_type`` (``source`` when present)."""
    revised_type = BudgetType.revised.value
    if revised.get("budget_type") != revised_type or original.get("budget_type") == revised_type:
        return False
    if revised.get("project_id") != original.get("project_id"):
        return False
    if (revised.get("source") or "") != (original.get("source") or ""):
        return False
    if _funder(revised.get("funder_id")) != _funder(original.get("funder_id")):
        return False
    if not same_label(revised.get("category"), original.get("category")):
        return False
    return periods_overlap(_day(revised.get("period_start")), _day(revised.get("period_end")),
                           _day(original.get("period_start")), _day(original.get("period_end")))


def _funder(value: object) -> int | None:
    return None if _missing(value) else int(value)  # type: ignore[call-overload]


def _missing(value: object) -> bool:
    return value is None or value is pd.NA or (isinstance(value, float) and np.isnan(value))


def _day(value: object) -> dt.date | None:
    if _missing(value) or value is pd.NaT:
        return None
    if isinstance(value, pd.Timestamp):
        return value.date()
    return value if isinstance(value, dt.date) else None


def effective_budget_mask(lines: pd.DataFrame) -> pd.Series:
    """Which budget lines count: every revised line, and every original line that no revised line replaces
    (``revision_replaces``: same project, source, funder and category, overlapping period).

    ``lines`` needs the columns ``project_id``, ``period_start``, ``period_end`` and ``budget_type``;
    ``funder_id``, ``category`` and ``source`` are read when present (absent: empty)."""
    if lines.empty:
        return pd.Series(dtype=bool, index=lines.index)
    records = lines.to_dict("index")
    revised = [line for line in records.values() if line.get("budget_type") == BudgetType.revised.value]
    by_project: dict[object, list[Mapping[str, Any]]] = {}
    for line in revised:
        by_project.setdefault(line.get("project_id"), []).append(line)
    kept = {index: not any(revision_replaces(revision, line) for revision in by_project.get(line.get("project_id"), ()))
            for index, line in records.items()}
    return pd.Series(kept, dtype=bool).reindex(lines.index)


def effective_budget(lines: pd.DataFrame) -> float:
    """Total budget of ``lines`` after revised lines replace originals (see ``effective_budget_mask``)."""
    if lines.empty:
        return 0.0
    return float(lines.loc[effective_budget_mask(lines), "amount"].sum())


def share_inside(start: dt.date | None, end: dt.date | None, window_start: dt.date | None,
                 window_end: dt.date | None) -> float:
    """The part of a budget line's period [start, end] inside the reporting window, pro rata by days (both
    ends counted): a 2025–2027 line counts 365/1095 of its amount in 2026. A line without both dates (or
    ending before it starts) cannot be spread and counts whole; an open end of the window is open. 0 when
    the line lies outside the window."""
    if start is None or end is None or end < start:
        return 1.0
    first = start if window_start is None else max(start, window_start)
    last = end if window_end is None else min(end, window_end)
    if last < first:
        return 0.0
    return ((last - first).days + 1) / ((end - start).days + 1)


def place_share(shares: Mapping[str, float | None], chosen: Iterable[str]) -> float:
    """The part of a project's money that belongs to the chosen countries: their shares over the sum of all
    its countries' shares (so a project at FJI 50 % / WSM 50 % counts half under FJI, and the countries add up
    to the whole, never once per country); equal parts when no share is stored. 1.0 when nothing is chosen or
    the project has no country."""
    chosen_set = set(chosen)
    if not chosen_set or not shares:
        return 1.0
    weights = {country: float(share) for country, share in shares.items() if share is not None}
    if len(weights) != len(shares) or sum(weights.values()) <= 0:
        weights = {country: 1.0 for country in shares}
    return sum(weight for country, weight in weights.items() if country in chosen_set) / sum(weights.values())


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


# A transaction dated this far after today ("2062" typed for "2026") is implausible.
IMPLAUSIBLE_YEARS_AHEAD = 5
# A transaction dated more than this before its project's planned start or after its planned end is implausible.
OUTSIDE_PROJECT_DAYS = 366


class ImplausibleDate(StrEnum):
    far_ahead = "far_ahead"
    outside_project = "outside_project"


def implausible_date(date: dt.date, project_start: dt.date | None, project_end: dt.date | None,
                     today: dt.date) -> ImplausibleDate | None:
    """Why a transaction's date is implausible, or None: more than ``IMPLAUSIBLE_YEARS_AHEAD`` years after
    ``today`` (2062 for 2026), or more than ``OUTSIDE_PROJECT_DAYS`` days outside its project's planned dates.
    Flagged (upload preview, Data quality page), never refused: an early invoice or a late payment happens."""
    if date > years_after(today, IMPLAUSIBLE_YEARS_AHEAD):
        return ImplausibleDate.far_ahead
    margin = dt.timedelta(days=OUTSIDE_PROJECT_DAYS)
    if (project_start is not None and date < project_start - margin) or (
            project_end is not None and date > project_end + margin):
        return ImplausibleDate.outside_project
    return None


def implausible_period(period_start: dt.date | None, period_end: dt.date | None, project_start: dt.date | None,
                       project_end: dt.date | None, today: dt.date) -> tuple[dt.date, ImplausibleDate] | None:
    """The first end of a budget line's period that is implausible by the rule of a transaction's date
    (``implausible_date``: 2206 typed for 2026, or far outside the project's dates), with why; None if neither."""
    for day in (period_start, period_end):
        if day is not None and (reason := implausible_date(day, project_start, project_end, today)) is not None:
            return day, reason
    return None


def years_after(day: dt.date, years: int) -> dt.date:
    """The same day ``years`` later (28 February for 29 February in a year that has none)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


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
