"""Demo results: REG-C1.1's workshops as indicators, counted key figures as illustrative indicators heading
for their targets (some fall behind, some stop reporting)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from dashboard.core.models import (
    Direction,
    Indicator,
    IndicatorValue,
    Measure,
    Project,
    ResultLevel,
)
from dashboard.core.orm import id_of
from dashboard.seed.demo_state import (
    DemoState,
    first_number,
    half_year_end,
    project_period,
)

# Only counted results make indicator targets; dates, durations and costs among the key figures do not.
RESULT_FIGURE_PREFIXES = ("Nombre", "Superficie")


def indicators(state: DemoState, project: Project, record: dict[str, Any]) -> None:
    """A project's indicators: its workshops where the sheet lists them, else its counted key figures."""
    start, end = project_period(project)
    activities = [activity for activity in record.get("activities") or [] if activity.get("year")]
    if activities:
        _workshop_indicators(state, project, activities, start, end)
    if activities:
        return
    # Only counted results make indicator targets; dates, durations and costs among the key figures do not.
    countable = [figure for figure in record.get("key_figures") or []
                 if str(figure.get("label", "")).startswith(RESULT_FIGURE_PREFIXES)]
    for index, figure in enumerate(countable, start=1):
        target = first_number(str(figure.get("value", "")))
        if not target or target <= 0:
            continue
        label = f"{figure.get('label', '')} ({figure.get('value')})".strip()
        indicator = _indicator(state,
            project, f"KF{index}", label[:300], None, target, start, end, cumulative=True,
            level=ResultLevel.output if index < 3 else ResultLevel.outcome, illustrative=True,
        )
        _illustrative_values(state, indicator, start, end)


def _indicator(state: DemoState, project: Project,
    code: str,
    name: str,
    unit: str | None,
    target: float,
    start: dt.date,
    end: dt.date,
    *,
    cumulative: bool,
    level: str,
    illustrative: bool,
) -> Indicator:
    indicator = Indicator(
        project_id=id_of(project),
        code=code,
        result_level=level,
        name=name,
        unit=unit,
        measure=Measure.number,
        direction=Direction.higher_is_better,
        cumulative=cumulative,
        baseline_value=0.0,
        baseline_date=start,
        target_value=target,
        target_date=end,
        is_illustrative=illustrative,
    )
    state.session.add(indicator)
    state.session.flush()
    state.counts["indicators"] += 1
    return indicator


def _workshop_indicators(state: DemoState, project: Project, activities: list[dict[str, Any]], start: dt.date,
                         end: dt.date) -> None:
    """REG-C1.1's own results: workshops held (cumulative) and participants per year (periodic)."""
    held = _indicator(state, project, "ATL", "Ateliers régionaux organisés", "ateliers", float(len(activities)),
                           start, end, cumulative=True, level=ResultLevel.output, illustrative=False)
    participants = [activity for activity in activities if activity.get("participants")]
    attendance = None
    if participants:
        attendance = _indicator(state,
            project, "PART", "Participants aux ateliers régionaux", "personnes",
            float(sum(activity["participants"] for activity in participants)), start, end,
            cumulative=False, level=ResultLevel.output, illustrative=False,
        )
    years = sorted({int(activity["year"]) for activity in activities})
    running = 0
    for year in years:
        in_year = [activity for activity in activities if int(activity["year"]) == year]
        running += len(in_year)
        _value(state, held, dt.date(year, 1, 1), dt.date(year, 12, 31), float(running), illustrative=False)
        if attendance is not None:
            people = sum(activity.get("participants") or 0 for activity in in_year)
            _value(state, attendance, dt.date(year, 1, 1), dt.date(year, 12, 31), float(people),
                        illustrative=False)


def _illustrative_values(state: DemoState, indicator: Indicator, start: dt.date, end: dt.date) -> None:
    """Half-yearly running totals heading for the target; some fall behind, some stop reporting."""
    target = indicator.target_value or 0.0
    pace = state.random.choice((1.0, 1.0, 0.95, 0.75, 0.5))
    stops_reporting = state.random.random() < 0.15
    period_start = start
    last_value = 0.0
    total_days = max(1, (end - start).days)
    while period_start < min(end, state.today):
        period_end = min(end, half_year_end(period_start))
        if stops_reporting and period_end > start + dt.timedelta(days=total_days // 2):
            break
        elapsed = (period_end - start).days / total_days
        value = max(last_value, round(target * elapsed * pace * state.random.uniform(0.9, 1.05)))
        _value(state, indicator, period_start, period_end, float(value), illustrative=True)
        last_value = value
        period_start = period_end + dt.timedelta(days=1)


def _value(state: DemoState, indicator: Indicator, start: dt.date, end: dt.date, actual: float, *, illustrative: bool
) -> None:
    state.session.add(
        IndicatorValue(
            indicator_id=id_of(indicator),
            period_start=start,
            period_end=end,
            actual=actual,
            is_illustrative=illustrative,
        )
    )
    state.counts["indicator_values"] += 1
