"""The rules of an indicator's meaning that a row checks against the record it updates and against the other
figures of the same indicator: what kind of measure it is, which way is better, how values make the value to
date, and one scale per percentage. The upload (``pipeline``) and the one-record form (``edits``) both call
``indicator_row`` and ``ValueScales``, so a file and a form are refused for the same reasons, in the same words.

- **Measure.** A blank measure with the unit "%" (or percent, pourcentage…) is a percentage; "ratio", "index" or
  "indice" are a ratio or an index. A measure written ``number`` with such a unit is refused: a percentage, a
  ratio or an index must never be added up (``metrics.adds_up``: only a count reported period by period adds
  up).
- **Aggregation.** ``sum`` on a percentage, ratio, index or text is refused; on a count it means cumulative
  ``no``, ``latest`` cumulative ``yes`` (a contradiction with the cumulative column is refused).
- **Direction.** Blank: the target decides (below the baseline, lower is better; ``metrics.implied_direction``),
  and the preview shows the direction so read. Written and contradicted by baseline and target: refused.
- **Percent scale.** The product writes percentages in points (45 for 45 %). A figure strictly between −1 and 1
  (0.52) of a percentage indicator whose other figures (baseline, target, stored values, the file's values)
  include one beyond 1 looks like a fraction and is refused, naming that other figure; a value in points for an
  indicator whose baseline and target are stored as fractions is refused with the indicator to fix first. A
  whole file in fractions (0.4, 0.8, 0.52) keeps one scale and is accepted.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field
from typing import cast

from sqlalchemy import func, select
from sqlalchemy.engine import Connection

from dashboard.core import metrics
from dashboard.core.i18n import Percent
from dashboard.core.models import Indicator, IndicatorValue, Measure
from dashboard.core.text import fold
from dashboard.importing.problems import Problem, problem

PERCENT_UNITS = frozenset({"%", "percent", "per cent", "percentage", "pourcent", "pour cent", "pourcentage", "pct"})
LEVEL_UNITS = {"ratio": Measure.ratio.value, "index": Measure.index_.value, "indice": Measure.index_.value}
SUM, LATEST = "sum", "latest"
PERCENTAGE = Measure.percentage.value


def measure_of_unit(unit: object) -> str | None:
    """The measure a unit names: "%" a percentage, "ratio" a ratio, "index"/"indice" an index; else None."""
    if not isinstance(unit, str):
        return None
    text = unit.strip()
    folded = " ".join(text.casefold().replace("%", " % ").split()) if "%" in text else fold(text)
    if folded in PERCENT_UNITS or folded.startswith("% ") or folded.endswith(" %"):  # "% of households"
        return PERCENTAGE
    return LEVEL_UNITS.get(folded)


def _number(value: object) -> object:
    """A figure for a message: a number stays a number, written in the reader's language by ``core.i18n.t``
    (``52.5`` / ``52,5``), 12 significant digits at most (no float noise); anything else as text."""
    return float(f"{value:.12g}") if isinstance(value, float | int) else str(value)


def looks_like_fraction(value: float | None) -> bool:
    """A percentage figure written as a fraction of one (0.52 for 52 %): strictly between −1 and 1, not 0."""
    return value is not None and 0 < abs(value) < 1


def beyond_one(value: float | None) -> bool:
    return value is not None and abs(value) > 1


def indicator_row(row: int, values: dict[str, object], stored: Mapping[str, object] | None,
                  header: Mapping[str, str]) -> list[Problem]:
    """Check (and complete) one indicators row against the record it updates (``stored``, upload terms; None for
    a new one). Completes ``values`` with what the row implies (measure from the unit, direction from the target,
    cumulative from the aggregation) and drops ``aggregation``, which is not stored. ``header``: the column
    names as written in the file."""
    problems: list[Problem] = []
    before = stored or {}

    def column(name: str) -> str:
        return header.get(name, name)

    def current(name: str) -> object:
        return values[name] if name in values else before.get(name)

    unit, given_measure = current("unit"), values.get("measure")
    named = measure_of_unit(unit)
    if given_measure is None and named is not None and before.get("measure") in (None, Measure.number.value):
        values["measure"] = named
    elif given_measure == Measure.number.value and named is not None:
        problems.append(problem(row, column("measure"), given_measure, "error.percent_unit_number", unit=unit,
                                measure=named))
    measure = str(current("measure") or Measure.number.value)

    aggregation = values.pop("aggregation", None)
    cumulative = values.get("cumulative")
    if aggregation == SUM:
        if measure != Measure.number.value:
            problems.append(problem(row, column("aggregation"), aggregation, "error.sum_not_additive",
                                    measure=measure))
        elif cumulative is True:
            problems.append(problem(row, column("aggregation"), aggregation, "error.sum_of_running_total"))
        else:
            values["cumulative"] = False
    elif aggregation == LATEST and measure == Measure.number.value:
        if cumulative is False:
            problems.append(problem(row, column("aggregation"), aggregation, "error.latest_of_periodic"))
        else:
            values["cumulative"] = True

    baseline, target = current("baseline_value"), current("target_value")
    baseline = float(baseline) if isinstance(baseline, int | float) else None
    target = float(target) if isinstance(target, int | float) else None
    implied = metrics.implied_direction(baseline, target)
    if "direction" in values:
        if implied is not None and values["direction"] != implied:
            problems.append(problem(row, column("direction"), values["direction"], "error.direction_contradicts",
                                    direction=values["direction"], implied=implied, baseline=_number(baseline),
                                    target=_number(target)))
    elif implied is not None and before.get("direction") != implied:
        values["direction"] = implied

    if measure == PERCENTAGE:
        for name, value, other in (("baseline_value", baseline, target), ("target_value", target, baseline)):
            if name in values and looks_like_fraction(value) and beyond_one(other):
                problems.append(problem(row, column(name), value, "error.percent_fraction", value=_number(value),
                                        other=_number(other), suggested=round(100 * (value or 0), 6),
                                        percent=Percent(round(100 * (value or 0), 6))))
                break
    return problems


@dataclass
class _Scale:
    """What is known of one percentage indicator's figures: one beyond 1 (points) and one that looks like a
    fraction, from its definition (``defined_*``) or from its stored and uploaded values."""

    defined_points: float | None = None
    defined_fraction: float | None = None
    points: float | None = None
    fraction: float | None = None

    def see(self, value: float | None) -> None:
        if beyond_one(value) and self.points is None:
            self.points = value
        elif looks_like_fraction(value) and self.fraction is None:
            self.fraction = value


@dataclass
class ValueScales:
    """One scale per percentage indicator, for the values of an upload (or a form): read lazily, the percentage
    indicators a chunk of rows names, with their definition and stored values; then each chunk's rows are
    checked against those and against every row of the file seen so far (the chunk's included)."""

    connection: Connection
    scales: dict[int, _Scale | None] = field(default_factory=dict)  # None: not a percentage indicator

    def _load(self, indicator_ids: Collection[int]) -> None:
        wanted = sorted(set(indicator_ids) - set(self.scales))
        if not wanted:
            return
        for start in range(0, len(wanted), 1000):
            part = wanted[start:start + 1000]
            self.scales.update(dict.fromkeys(part))
            for id_, baseline, target in self.connection.execute(
                    select(Indicator.id, Indicator.baseline_value, Indicator.target_value)
                    .where(Indicator.id.in_(part), Indicator.measure == PERCENTAGE)):
                figures = [value for value in (baseline, target) if value is not None]
                self.scales[cast(int, id_)] = _Scale(
                    next((value for value in figures if beyond_one(value)), None),
                    next((value for value in figures if looks_like_fraction(value)), None))
            percentage = [id_ for id_ in part if self.scales[id_] is not None]
            if not percentage:
                continue
            value = IndicatorValue
            for id_, high_actual, high_target, low_actual, low_target in self.connection.execute(
                    select(value.indicator_id,
                           func.max(func.abs(value.actual)), func.max(func.abs(value.target)),
                           func.min(func.nullif(func.abs(value.actual), 0)),
                           func.min(func.nullif(func.abs(value.target), 0)))
                    .where(value.indicator_id.in_(percentage)).group_by(value.indicator_id)):
                scale = self.scales[int(id_)]
                assert scale is not None
                for figure in (high_actual, high_target, low_actual, low_target):
                    scale.see(None if figure is None else float(figure))

    def check(self, rows: Iterable[tuple[int, int, Mapping[str, object]]], header: Mapping[str, str]
              ) -> dict[int, list[Problem]]:
        """Problems of the rows ``(row, indicator_id, values)`` of one chunk, by row."""
        items = list(rows)
        self._load([indicator_id for _row, indicator_id, _values in items])
        for _row, indicator_id, values in items:  # the chunk's rows count as evidence for each other
            scale = self.scales.get(indicator_id)
            if scale is not None:
                for name in ("actual", "target"):
                    figure = values.get(name)
                    scale.see(float(figure) if isinstance(figure, int | float) else None)
        found: dict[int, list[Problem]] = {}
        for row, indicator_id, values in items:
            scale = self.scales.get(indicator_id)
            if scale is None:
                continue
            for name in ("actual", "target"):
                figure = values.get(name)
                if not isinstance(figure, int | float):
                    continue
                points = scale.defined_points if scale.defined_points is not None else scale.points
                if looks_like_fraction(figure) and points is not None:
                    found.setdefault(row, []).append(problem(
                        row, header.get(name, name), figure, "error.percent_fraction", value=_number(figure),
                        other=_number(points), suggested=round(100 * figure, 6),
                        percent=Percent(round(100 * figure, 6))))
                elif beyond_one(figure) and scale.defined_points is None and scale.defined_fraction is not None:
                    found.setdefault(row, []).append(problem(
                        row, header.get(name, name), figure, "error.percent_scale_indicator", value=_number(figure),
                        other=_number(scale.defined_fraction),
                        suggested=_number(round(100 * scale.defined_fraction, 6))))
        return found
