import datetime as dt

import pandas as pd
import pytest

from dashboard.core import metrics
from dashboard.core.currency import MissingRateError, convert
from dashboard.core.metrics import IndicatorStatus, PeriodValue


def test_consumed_counts_disbursements_and_expenditures_never_commitments() -> None:
    transactions = [("commitment", 1_000_000.0), ("disbursement", 200_000.0), ("expenditure", 296_407.0)]
    assert metrics.consumed(transactions) == 496_407.0
    assert metrics.committed(transactions) == 1_000_000.0


def test_integre_reg_c11_worked_example() -> None:
    budget, consumed = 443_008.0, 496_407.0
    assert metrics.balance(budget, consumed) == -53_399.0
    assert round(metrics.execution_rate(consumed, budget) * 100) == 112
    assert metrics.is_overspent(metrics.execution_rate(consumed, budget))


def test_execution_rate_without_budget_is_nan_not_zero_or_error() -> None:
    assert pd.isna(metrics.execution_rate(10.0, 0.0))
    rates = metrics.execution_rate(pd.Series([50.0, 10.0]), pd.Series([100.0, 0.0]))
    assert rates.iloc[0] == 0.5 and pd.isna(rates.iloc[1])


def test_revised_budget_replaces_original_for_same_project_and_period() -> None:
    lines = pd.DataFrame(
        [
            # project 1, 2024: original 100 revised to 120 -> 120, never 220
            {"project_id": 1, "period_start": dt.date(2024, 1, 1), "period_end": dt.date(2024, 12, 31),
             "budget_type": "original", "amount": 100.0},
            {"project_id": 1, "period_start": dt.date(2024, 1, 1), "period_end": dt.date(2024, 12, 31),
             "budget_type": "revised", "amount": 120.0},
            # project 1, 2025: original only
            {"project_id": 1, "period_start": dt.date(2025, 1, 1), "period_end": dt.date(2025, 12, 31),
             "budget_type": "original", "amount": 80.0},
            # project 2, same period as project 1's revision: its original still counts
            {"project_id": 2, "period_start": dt.date(2024, 1, 1), "period_end": dt.date(2024, 12, 31),
             "budget_type": "original", "amount": 50.0},
        ]
    )
    assert metrics.effective_budget(lines) == 250.0
    assert metrics.effective_budget_mask(lines).tolist() == [False, True, True, True]


def test_time_elapsed_and_burn() -> None:
    start, end = dt.date(2024, 1, 1), dt.date(2025, 1, 1)
    assert metrics.time_elapsed_share(start, end, dt.date(2024, 7, 2)) == pytest.approx(183 / 366)
    assert metrics.time_elapsed_share(start, end, dt.date(2023, 1, 1)) == 0.0
    assert metrics.time_elapsed_share(start, end, dt.date(2030, 1, 1)) == 1.0
    assert metrics.time_elapsed_share(None, end, dt.date(2024, 6, 1)) is None
    assert metrics.is_behind_time(0.2, 0.6)
    assert not metrics.is_behind_time(0.5, 0.6)


def test_conversion_through_euro_rates_and_missing_rate_message() -> None:
    rates = {"XPF": 1 / 119.33174, "USD": 0.92}
    assert convert(119_331.74, "XPF", "EUR", rates) == pytest.approx(1000.0)
    assert convert(100.0, "EUR", "USD", rates) == pytest.approx(108.6957, rel=1e-4)
    assert convert(5.0, "NZD", "NZD", {}) == 5.0
    with pytest.raises(MissingRateError, match="no exchange rate stored for FJD"):
        convert(1.0, "FJD", "EUR", rates)


def test_declared_total_mismatch_tolerates_rounding_only() -> None:
    assert not metrics.declared_total_mismatch(1000.0, 999.5)
    assert metrics.declared_total_mismatch(1000.0, 990.0)
    assert not metrics.declared_total_mismatch(None, 990.0)
    assert metrics.declared_total_difference(1000.0, 990.0) == 10.0


def test_split_by_share_never_double_counts() -> None:
    parts = metrics.split_by_share(900.0, {"FJI": 50.0, "WSM": 25.0, "TON": 25.0})
    assert parts == {"FJI": 450.0, "WSM": 225.0, "TON": 225.0}
    assert sum(parts.values()) == 900.0
    assert metrics.shares({"AFD": 300.0, "Région": 100.0}) == {"AFD": 75.0, "Région": 25.0}


def _periods(actuals: list[float | None]) -> list[PeriodValue]:
    return [
        PeriodValue(dt.date(2020 + index, 1, 1), dt.date(2020 + index, 12, 31), actual)
        for index, actual in enumerate(actuals)
    ]


def test_cumulative_takes_latest_periodic_adds_up() -> None:
    values = _periods([2.0, 3.0, 6.0])
    assert metrics.actual_to_date(values, cumulative=True) == 6.0
    assert metrics.actual_to_date(values, cumulative=False) == 11.0
    assert metrics.actual_to_date(_periods([None]), cumulative=True) is None


@pytest.mark.parametrize("measure", ["percentage", "ratio", "index", "ordinal", "nominal", "qualitative"])
def test_only_counts_add_up(measure: str) -> None:
    """Percentages, ratios and indices are levels: the latest value, whatever the cumulative flag says."""
    values = _periods([52.0, 61.0])
    assert not metrics.adds_up(measure, cumulative=False)
    assert metrics.actual_to_date(values, cumulative=False, measure=measure) == 61.0
    assert metrics.actual_to_date(values, cumulative=True, measure=measure) == 61.0
    assert metrics.adds_up("number", cumulative=False) and not metrics.adds_up("number", cumulative=True)
    assert metrics.actual_to_date(values, cumulative=False, measure="number") == 113.0


CASE_17 = dict(cumulative=False, measure="percentage", baseline_value=40.0, baseline_date=dt.date(2025, 1, 1),
               target_value=20.0, target_date=dt.date(2027, 12, 31), direction="lower_is_better")
CASE_18 = dict(cumulative=False, measure="percentage", baseline_value=40.0, baseline_date=dt.date(2025, 1, 1),
               target_value=80.0, target_date=dt.date(2026, 12, 31), direction="higher_is_better")


def _two_halves(first: float, second: float) -> list[PeriodValue]:
    return [PeriodValue(dt.date(2025, 7, 1), dt.date(2025, 12, 31), first),
            PeriodValue(dt.date(2026, 1, 1), dt.date(2026, 6, 30), second)]


@pytest.mark.parametrize("direction", ["lower_is_better", None])
def test_case_17_decreasing_indicator_worse_than_baseline_is_off_track(direction: str | None) -> None:
    """Cases 17a–b: stunting 40 % → 20 %, reported 38 then 45: 45, −0.25, off track (never not reporting)."""
    assessment = metrics.assess_indicator(values=_two_halves(38.0, 45.0), period_start=dt.date(2025, 11, 30),
                                          period_end=dt.date(2026, 11, 30), **{**CASE_17, "direction": direction})
    assert assessment.actual_to_date == 45.0
    assert assessment.progress == pytest.approx(-0.25)
    assert assessment.status == IndicatorStatus.off_track


def test_case_18_percentage_takes_latest_and_is_at_risk() -> None:
    """Cases 18a–b: 52 % then 61 % (baseline 40, target 80): 61, not 113; progress 52.5 %; at risk."""
    assessment = metrics.assess_indicator(values=_two_halves(52.0, 61.0), period_start=dt.date(2025, 11, 30),
                                          period_end=dt.date(2026, 11, 30), **CASE_18)
    assert assessment.actual_to_date == 61.0
    assert assessment.progress == pytest.approx(0.525)
    # Expected by the last report (30 June 2026) on the straight line 1 Jan 2025 → 31 Dec 2026: 545/729.
    assert assessment.expected_progress == pytest.approx(545 / 729)
    assert assessment.status == IndicatorStatus.at_risk


def test_reporting_is_one_rule_with_the_final_year() -> None:
    """Values in the window: reporting. A target date before the window: its final year counts."""
    assert metrics.is_reporting(dt.date(2026, 6, 30), dt.date(2025, 11, 30), dt.date(2027, 12, 31))
    assert not metrics.is_reporting(dt.date(2024, 6, 30), dt.date(2025, 11, 30), dt.date(2027, 12, 31))
    assert metrics.is_reporting(dt.date(2024, 6, 30), dt.date(2025, 11, 30), dt.date(2024, 12, 31))
    assert not metrics.is_reporting(None, dt.date(2025, 11, 30), None)


def test_progress_respects_direction() -> None:
    assert metrics.progress(60.0, 20.0, 100.0, "higher_is_better") == 0.5
    # Lower is better: from 40 % down to 10 %; at 25 % we are half way.
    assert metrics.progress(25.0, 40.0, 10.0, "lower_is_better") == 0.5
    # A rise is negative progress for a lower-is-better indicator.
    assert metrics.progress(50.0, 40.0, 10.0, "lower_is_better") < 0
    # The target gives the way even where a stated direction says otherwise (the upload refuses that
    # contradiction; stored or IATI data may still hold it): judged towards the target, never "not reporting".
    assert metrics.progress(50.0, 40.0, 60.0, "lower_is_better") == 0.5
    assert metrics.progress(45.0, 40.0, 20.0, None) == -0.25
    # A level to keep (target = baseline): kept is 1, missed is −1 (worse than the baseline).
    assert metrics.progress(5.0, 5.0, 5.0, "higher_is_better") == 1.0
    assert metrics.progress(4.0, 5.0, 5.0, "higher_is_better") == -1.0
    assert metrics.progress(4.0, 5.0, 5.0, "lower_is_better") == 1.0
    assert metrics.progress(None, 5.0, 5.0, "lower_is_better") is None


def test_implied_direction() -> None:
    assert metrics.implied_direction(40.0, 20.0) == "lower_is_better"
    assert metrics.implied_direction(40.0, 80.0) == "higher_is_better"
    assert metrics.implied_direction(40.0, 40.0) is None
    assert metrics.implied_direction(None, 20.0) is None


def test_status_tolerance_and_not_reporting_is_not_failing() -> None:
    assert metrics.status(0.45, 0.5, reporting=True) == IndicatorStatus.on_track
    assert metrics.status(0.30, 0.5, reporting=True) == IndicatorStatus.at_risk
    assert metrics.status(0.10, 0.5, reporting=True) == IndicatorStatus.off_track
    assert metrics.status(0.30, 0.5, reporting=True, tolerance=0.25) == IndicatorStatus.on_track
    # Values but nothing to judge them against (no target): reporting, so never "not reporting".
    assert metrics.status(None, 0.5, reporting=True) == IndicatorStatus.at_risk
    # Worse than the baseline is off track however early in the plan.
    assert metrics.status(-0.01, 0.0, reporting=True) == IndicatorStatus.off_track
    assert metrics.status(0.9, 0.5, reporting=False) == IndicatorStatus.not_reporting
    statuses = [IndicatorStatus.on_track, IndicatorStatus.off_track, IndicatorStatus.not_reporting]
    assert metrics.share_on_track(statuses) == 0.5
    assert metrics.share_on_track([IndicatorStatus.not_reporting]) is None


def test_assess_cumulative_indicator_in_a_period() -> None:
    # Workshops held (cumulative): 1, 2, 4, 6 by year; target 6 by end of 2018.
    values = [
        PeriodValue(dt.date(year, 1, 1), dt.date(year, 12, 31), float(actual))
        for year, actual in ((2014, 1), (2015, 2), (2016, 4), (2018, 6))
    ]
    common = dict(cumulative=True, baseline_value=0.0, baseline_date=dt.date(2014, 1, 1), target_value=6.0,
                  target_date=dt.date(2018, 12, 31), direction="higher_is_better")
    final = metrics.assess_indicator(values=values, period_start=dt.date(2018, 1, 1),
                                     period_end=dt.date(2018, 12, 31), **common)
    assert final.actual_to_date == 6.0 and final.progress == 1.0
    assert final.status == IndicatorStatus.on_track
    # 2017 has no value: not reporting, even though the total so far (4) is known.
    gap = metrics.assess_indicator(values=values, period_start=dt.date(2017, 1, 1),
                                   period_end=dt.date(2017, 12, 31), **common)
    assert gap.actual_to_date == 4.0
    assert gap.status == IndicatorStatus.not_reporting


def test_period_targets_set_what_is_expected() -> None:
    values = [PeriodValue(dt.date(2024, 1, 1), dt.date(2024, 12, 31), actual=10.0, target=40.0)]
    assessment = metrics.assess_indicator(
        values=values, cumulative=False, baseline_value=0.0, baseline_date=dt.date(2024, 1, 1),
        target_value=100.0, target_date=dt.date(2030, 12, 31), direction="higher_is_better",
        period_start=dt.date(2024, 1, 1), period_end=dt.date(2024, 12, 31),
    )
    assert assessment.expected_progress == 0.4
    assert assessment.progress == 0.1
    assert assessment.status == IndicatorStatus.off_track


def test_review_overall_rating_is_the_rounded_mean_of_the_principles_given() -> None:
    assert metrics.review_overall_rating([4, 5, 3, 4, 4, 5]) == 4  # 25 / 6 = 4.17
    assert metrics.review_overall_rating([3, 4]) == 4  # 3.5 rounds half up
    assert metrics.review_overall_rating([2, None, 2]) == 2  # blanks are not counted as poor
    assert metrics.review_overall_rating([None, None]) is None


def test_share_percent_for_numbers_and_columns() -> None:
    assert metrics.share_percent(25.0, 200.0) == 12.5
    assert metrics.share_percent(5.0, 0.0) == 0.0  # a project with no budget: no share, not a division error
    assert list(metrics.share_percent(pd.Series([1.0, 3.0, 0.0]), pd.Series([4.0, 4.0, 0.0]))) == [25.0, 75.0, 0.0]
    assert metrics.shares({"AFD": 30.0, "UE": 10.0}) == {"AFD": 75.0, "UE": 25.0}


# ---------------------------------------------------------------------------------------------------------
# Issue 13: the money rules, worked examples of the cases
# ---------------------------------------------------------------------------------------------------------


def _line(category: str | None, start: dt.date, end: dt.date, kind: str = "original", amount: float = 0.0,
          funder: int | None = None, project: int = 1) -> dict:
    return {"project_id": project, "funder_id": funder, "category": category, "period_start": start,
            "period_end": end, "budget_type": kind, "amount": amount, "source": "local"}


Y2026 = (dt.date(2026, 1, 1), dt.date(2026, 12, 31))


def test_a_revised_line_replaces_only_the_original_line_it_revises() -> None:
    """Case 04: Personnel 100 000 + Travel 50 000, then Personnel revised to 120 000: 170 000, Travel kept."""
    lines = pd.DataFrame([_line("Personnel", *Y2026, amount=100_000), _line("Travel", *Y2026, amount=50_000),
                          _line("Personnel", *Y2026, kind="revised", amount=120_000)])
    assert metrics.effective_budget(lines) == 170_000
    assert metrics.effective_budget_mask(lines).tolist() == [False, True, True]
    revised = _line(" personnel", *Y2026, kind="revised")
    assert metrics.revision_replaces(revised, _line("Personnel", *Y2026))  # trimmed, case folded
    assert not metrics.revision_replaces(revised, _line("Personnel", *Y2026, funder=7))  # another funder
    assert not metrics.revision_replaces(revised, _line("Personnel", *Y2026, project=2))
    assert not metrics.revision_replaces(revised, _line("Personnel", dt.date(2027, 1, 1), dt.date(2027, 12, 31)))
    # An extended period (2026 revised as 2026 to mid-2027) replaces the 2026 line: never both.
    extended = _line("Personnel", dt.date(2026, 1, 1), dt.date(2027, 6, 30), kind="revised", amount=150_000)
    assert metrics.effective_budget(pd.DataFrame([_line("Personnel", *Y2026, amount=100_000), extended])) == 150_000
    # A line without a category revises lines without one only (both empty is the same).
    assert metrics.revision_replaces(_line(None, *Y2026, kind="revised"), _line("", *Y2026))
    assert not metrics.revision_replaces(_line(None, *Y2026, kind="revised"), _line("Travel", *Y2026))


def test_a_budget_line_counts_its_days_inside_the_period() -> None:
    three_years = (dt.date(2025, 1, 1), dt.date(2027, 12, 31))  # 1 095 days
    assert metrics.share_inside(*three_years, *Y2026) == pytest.approx(365 / 1095)
    assert metrics.share_inside(*three_years, dt.date(2026, 1, 1), dt.date(2026, 6, 30)) == pytest.approx(181 / 1095)
    assert metrics.share_inside(*three_years, None, None) == 1.0  # no period chosen: the plan, whole
    assert metrics.share_inside(*three_years, None, dt.date(2025, 12, 31)) == pytest.approx(365 / 1095)
    assert metrics.share_inside(*Y2026, dt.date(2027, 1, 1), None) == 0.0
    assert metrics.share_inside(None, dt.date(2026, 12, 31), *Y2026) == 1.0  # undated: whole


def test_a_multi_country_project_counts_each_country_s_share() -> None:
    """Case 03: FJI 50 % / WSM 50 %: half under either, the whole under both, never once per country."""
    shares = {"FJI": 50.0, "WSM": 50.0}
    assert metrics.place_share(shares, ["FJI"]) == 0.5
    assert metrics.place_share(shares, ["WSM", "TON"]) == 0.5
    assert metrics.place_share(shares, ["FJI", "WSM"]) == 1.0
    assert metrics.place_share(shares, []) == 1.0
    assert metrics.place_share({"FJI": 30.0, "WSM": 30.0}, ["FJI"]) == 0.5  # shares over their own sum
    assert metrics.place_share({"FJI": 0.0, "WSM": 0.0, "TON": 0.0}, ["TON"]) == pytest.approx(1 / 3)


def test_implausible_transaction_dates() -> None:
    today = dt.date(2026, 11, 30)
    project = (dt.date(2025, 1, 1), dt.date(2027, 12, 31))
    assert metrics.implausible_date(dt.date(2062, 5, 10), *project, today) is metrics.ImplausibleDate.far_ahead
    assert metrics.implausible_date(dt.date(2062, 5, 10), None, None, today) is metrics.ImplausibleDate.far_ahead
    assert metrics.implausible_date(dt.date(2029, 1, 2), *project, today) is metrics.ImplausibleDate.outside_project
    assert metrics.implausible_date(dt.date(2023, 12, 1), *project, today) is (
        metrics.ImplausibleDate.outside_project)
    assert metrics.implausible_date(dt.date(2028, 6, 1), *project, today) is None  # a late payment happens
    assert metrics.implausible_date(dt.date(2026, 5, 10), *project, today) is None
    assert metrics.years_after(dt.date(2028, 2, 29), 5) == dt.date(2033, 2, 28)
