"""Generated results: indicators (cumulative and periodic, some decreasing, some percentages) and their values;
some indicators stop reporting."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

from dashboard.core import metrics
from dashboard.core.models import (
    Direction,
    Indicator,
    IndicatorValue,
    Measure,
    ResultLevel,
)
from dashboard.core.orm import table_of
from dashboard.seed.generated import (
    Generation,
    PlannedProject,
    spread,
)


def indicators(state: Generation) -> None:
    """About 2.2 indicators per project; plans how many values each reports."""
    rng = state.rng("indicators")
    per_project = spread(round(state.size.projects * state.size.indicators_per_project),
                         [1.0] * len(state.projects), minimum=1)
    weights = []
    plan: list[tuple[int, PlannedProject, bool]] = []
    rows = []
    indicator_id = 0
    for project, count in zip(state.projects, per_project, strict=True):
        for index in range(count):
            indicator_id += 1
            theme = project.themes[index % len(project.themes)]
            cumulative = rng.random() < 0.6
            measure = Measure.percentage.value if rng.random() < 0.15 else Measure.number.value
            direction = Direction.lower_is_better.value if rng.random() < 0.1 else \
                Direction.higher_is_better.value
            if measure == Measure.percentage.value:
                baseline, target, unit = 20.0, float(rng.randrange(50, 96)), "%"
                if direction == Direction.lower_is_better.value:
                    baseline, target = 60.0, float(rng.randrange(5, 40))
            else:
                baseline, unit = 0.0, rng.choice(("personnes", "ateliers", "hectares", "tonnes", "ménages"))
                target = float(rng.randrange(10, 5000))
                if direction == Direction.lower_is_better.value:
                    baseline, target = target, round(target * 0.4)
            name = f"{theme} — {'résultat' if index else 'produit'} {index + 1} ({unit})"
            level = (ResultLevel.output, ResultLevel.outcome, ResultLevel.impact)[min(index, 2)].value
            rows.append((indicator_id, project.id, f"IND-{index + 1}", level, name[:300], unit, measure,
                         direction, cumulative, baseline, project.start, target, project.end, True))
            # A level (a running total, a percentage) reports where it stands; only a count reports per period.
            plan.append((indicator_id, project, not metrics.adds_up(measure, cumulative)))
            weights.append(float(min(project.elapsed_days, 2000)))
    state.writer.write(
        table_of(Indicator),
        ("id", "project_id", "code", "result_level", "name", "unit", "measure", "direction", "cumulative",
         "baseline_value", "baseline_date", "target_value", "target_date", "is_illustrative"),
        rows,
    )
    values = spread(state.size.indicator_values, weights)
    state.indicator_rows = {row[0]: row for row in rows}
    state.indicator_plan = [(iid, project, cumulative, count)
                           for (iid, project, cumulative), count in zip(plan, values, strict=True)]


def indicator_values(state: Generation) -> None:
    """The planned values of each indicator: where it stands for a level (a running total, a percentage), the
    period's amount for a count reported per period."""
    rng = state.rng("indicator_values")

    def rows() -> Iterator[tuple[Any, ...]]:
        value_id = 0
        for indicator_id, project, level, count in state.indicator_plan:
            if not count:
                continue
            row = state.indicator_rows[indicator_id]
            baseline, target = row[9], row[11]
            span = max(project.elapsed_days, count)  # at least a day per period
            # Some indicators stop reporting halfway: their periods end well before today.
            if rng.random() < 0.12 and span // 2 >= count:
                span //= 2
            pace = rng.choice((1.0, 1.0, 0.95, 0.8, 0.5))
            total_days = max(1, (project.end - project.start).days)
            running = baseline
            for index in range(count):
                period_start = project.start + dt.timedelta(days=index * span // count)
                period_end = project.start + dt.timedelta(days=(index + 1) * span // count - 1)
                share = ((period_end - project.start).days + 1) / total_days
                if level:
                    planned = baseline + (target - baseline) * share
                    running = baseline + (target - baseline) * share * pace * rng.uniform(0.95, 1.05)
                    actual = round(running, 1)
                else:
                    planned = (target - baseline) / max(1, count) if target > baseline else target
                    actual = round(planned * pace * rng.uniform(0.7, 1.2), 1)
                value_id += 1
                yield (value_id, indicator_id, period_start, period_end, round(planned, 1), actual, None, True)

    state.writer.write(
        table_of(IndicatorValue),
        ("id", "indicator_id", "period_start", "period_end", "target", "actual", "note", "is_illustrative"),
        rows(),
    )
