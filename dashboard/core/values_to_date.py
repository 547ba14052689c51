"""The value to date of every reported indicator value, stored beside it and kept current on every write.

An indicator's figure "to date" after a report is the sum of the periods so far for a count reported period by
period, and the latest value otherwise: a running total, a percentage, a ratio or an index is never added up
(``metrics.actual_to_date``, ``metrics.adds_up``).
Pages need it for every indicator at once (status, headline, trend), and computing it on read means a
window function over every value ever reported: seconds at a million values. So it is computed once, when
values or an indicator's rule change, and stored in ``indicator_value``:

- ``actual_to_date`` / ``target_to_date``: the actual and planned values to date after this period (NULL on
  a row with no actual / no target);
- ``progress_percent``: ``metrics.progress`` of ``actual_to_date`` against the indicator's baseline and
  target, in whole per cent (the trend chart's resolution);
- ``half_year``: ``year * 10 + 1 | 2``, the half-year of the period's end, the trend chart's bucket.

Every write path calls ``refresh_values_to_date`` in its own transaction: the ORM hook below covers writes
through a session; the bulk writers (import pipeline, undo, large-portfolio generator) call it with the
indicators they touched. ``tests/test_values_to_date.py`` checks the stored figures against the metric rules.
"""

from __future__ import annotations

from collections.abc import Collection

from sqlalchemy import Integer, and_, case, cast, event, extract, func, inspect, null, or_, select, true, update
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session as OrmSession
from sqlalchemy.orm import aliased

from dashboard.core.metrics import ADDITIVE_MEASURES
from dashboard.core.models import Direction, Indicator, IndicatorValue, Measure
from dashboard.core.orm import table_of

DERIVED_COLUMNS = ("actual_to_date", "target_to_date", "progress_percent", "half_year")

# Above this many indicators one pass over the whole table is cheaper than a long IN list.
_FULL_REFRESH_FROM = 2_000


def progress_sql(value, baseline, target, direction):  # SQL expressions in, a SQL expression out
    """SQL twin of ``metrics.progress`` (checked against it by the tests): the share of the way from baseline
    (0 when missing) to target, whichever side of the baseline the target lies; the direction decides only a
    target equal to the baseline (1 kept, −1 missed); None without a value or target."""
    base = func.coalesce(baseline, 0.0)
    span = target - base
    lower = direction == Direction.lower_is_better.value
    return case(
        (or_(value.is_(None), target.is_(None)), null()),
        (span == 0, case((and_(lower, value <= target), 1.0), (and_(~lower, value >= target), 1.0), else_=-1.0)),
        else_=(value - base) / span,
    )


def adds_up_sql(measure, cumulative):
    """SQL twin of ``metrics.adds_up``: only a count reported period by period adds up."""
    return and_(func.coalesce(measure, Measure.number.value).in_(ADDITIVE_MEASURES), ~cumulative)


def half_year_sql(date_column):
    """``year * 10 + 1`` for January–June, ``+ 2`` for July–December."""
    return cast(extract("year", date_column), Integer) * 10 + case((extract("month", date_column) <= 6, 1), else_=2)


def refresh_values_to_date(connection: Connection, indicator_ids: Collection[int] | None = None) -> None:
    """Recompute the stored figures of every value of ``indicator_ids`` (all indicators when None), inside
    the caller's transaction."""
    if indicator_ids is not None and not indicator_ids:
        return
    if indicator_ids is not None and len(indicator_ids) > _FULL_REFRESH_FROM:
        indicator_ids = None
    value = aliased(IndicatorValue)
    order = (value.period_end, value.period_start)
    running_actual = func.sum(value.actual).over(partition_by=value.indicator_id, order_by=order)
    running_target = func.sum(value.target).over(partition_by=value.indicator_id, order_by=order)
    summed = adds_up_sql(Indicator.measure, Indicator.cumulative)
    actual_to_date = case((value.actual.is_(None), None), (summed, running_actual), else_=value.actual)
    target_to_date = case((value.target.is_(None), None), (summed, running_target), else_=value.target)
    selected = true() if indicator_ids is None else value.indicator_id.in_(sorted(int(i) for i in indicator_ids))
    computed = (
        select(
            value.id.label("id"),
            actual_to_date.label("actual_to_date"),
            target_to_date.label("target_to_date"),
            Indicator.baseline_value.label("baseline"),
            Indicator.target_value.label("target"),
            Indicator.direction.label("direction"),
        )
        .join(Indicator, Indicator.id == value.indicator_id)
        .where(selected)
        .subquery()
    )
    table = table_of(IndicatorValue)
    connection.execute(
        update(table)
        .where(table.c.id == computed.c.id)
        .values(
            actual_to_date=computed.c.actual_to_date,
            target_to_date=computed.c.target_to_date,
            progress_percent=cast(func.round(100 * progress_sql(computed.c.actual_to_date, computed.c.baseline,
                                                                 computed.c.target, computed.c.direction)),
                                  Integer),
            half_year=half_year_sql(table.c.period_end),
        )
    )


# ---------------------------------------------------------------------------------------------------------
# Writes through an ORM session: refreshed at each flush, in the same transaction
# ---------------------------------------------------------------------------------------------------------

# What changes the figures of an indicator's values: the values themselves, or the indicator's rule.
_INDICATOR_RULE_FIELDS = ("cumulative", "measure", "baseline_value", "target_value", "direction")


def _touched_indicator_ids(session: OrmSession) -> set[int]:
    touched: set[int] = set()
    for instance in (*session.new, *session.dirty, *session.deleted):
        if isinstance(instance, IndicatorValue) and instance.indicator_id is not None:
            touched.add(int(instance.indicator_id))
        elif isinstance(instance, Indicator) and instance.id is not None and instance not in session.new:
            attributes = inspect(instance).attrs
            if any(attributes[name].history.has_changes() for name in _INDICATOR_RULE_FIELDS):
                touched.add(int(instance.id))
    return touched


@event.listens_for(OrmSession, "before_flush")
def _remember_touched_indicators(session: OrmSession, _context: object, _instances: object) -> None:
    session.info.setdefault("indicators_to_refresh", set()).update(_touched_indicator_ids(session))


@event.listens_for(OrmSession, "after_flush_postexec")
def _refresh_touched_indicators(session: OrmSession, _context: object) -> None:
    touched = session.info.pop("indicators_to_refresh", set())
    if touched:
        refresh_values_to_date(session.connection(), touched)
