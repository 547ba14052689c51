"""The stored value to date of each indicator value (dashboard.core.values_to_date) follows the metric rules, and
every kind of write keeps it current."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
from sqlalchemy import insert, update
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from dashboard.core import db, metrics, values_to_date
from dashboard.core.models import Direction, Indicator, IndicatorValue, Project


def _stored(engine: Engine, indicator_id: int) -> list[tuple]:
    with Session(engine) as session:
        rows = session.exec(
            select(IndicatorValue).where(IndicatorValue.indicator_id == indicator_id)
            .order_by(IndicatorValue.period_end, IndicatorValue.period_start)
        ).all()
        return [(row.period_end, row.actual_to_date, row.target_to_date, row.progress_percent, row.half_year)
                for row in rows]


def _expected(indicator: Indicator, values: list[IndicatorValue]) -> list[tuple]:
    """What the metric rules say after each value, in period order."""
    ordered = sorted(values, key=lambda value: (value.period_end, value.period_start))
    expected = []
    for position, value in enumerate(ordered):
        seen = [metrics.PeriodValue(v.period_start, v.period_end, v.actual, v.target) for v in ordered[:position + 1]]
        actual = metrics.actual_to_date(seen, indicator.cumulative, indicator.measure) \
            if value.actual is not None else None
        target = metrics.target_to_date(seen, indicator.cumulative, indicator.measure) \
            if value.target is not None else None
        progress = metrics.progress(actual, indicator.baseline_value, indicator.target_value, indicator.direction)
        half = value.period_end.year * 10 + (1 if value.period_end.month <= 6 else 2)
        expected.append((value.period_end, actual, target, None if progress is None else round(progress * 100), half))
    return expected


@pytest.fixture
def project_id(engine: Engine) -> int:
    with db.session_scope(engine) as session:
        project = Project(code="P-1", title="Pilot", currency="EUR", status="implementation")
        session.add(project)
        session.flush()
        return int(project.id)


def _values(indicator_id: int) -> list[IndicatorValue]:
    return [
        IndicatorValue(indicator_id=indicator_id, period_start=dt.date(2025, 1, 1), period_end=dt.date(2025, 3, 31),
                       actual=20, target=25),
        IndicatorValue(indicator_id=indicator_id, period_start=dt.date(2025, 4, 1), period_end=dt.date(2025, 6, 30),
                       actual=None, target=25),  # planned, not yet reported
        IndicatorValue(indicator_id=indicator_id, period_start=dt.date(2025, 7, 1), period_end=dt.date(2025, 9, 30),
                       actual=30, target=None),
        IndicatorValue(indicator_id=indicator_id, period_start=dt.date(2025, 10, 1),
                       period_end=dt.date(2025, 12, 31), actual=5, target=25),
    ]


@pytest.mark.parametrize("cumulative", [False, True])
def test_orm_writes_store_the_figures_the_rules_give(engine: Engine, project_id: int, cumulative: bool) -> None:
    with db.session_scope(engine) as session:
        indicator = Indicator(project_id=project_id, code="I", name="Trained", cumulative=cumulative,
                              baseline_value=0, target_value=100)
        session.add(indicator)
        session.flush()
        session.add_all(_values(int(indicator.id)))
        session.flush()
        indicator_id = int(indicator.id)
    stored = _stored(engine, indicator_id)
    with Session(engine) as session:
        indicator = session.get(Indicator, indicator_id)
        values = list(session.exec(select(IndicatorValue).where(IndicatorValue.indicator_id == indicator_id)))
        assert stored == _expected(indicator, values)
    # The figure a reader sees after the last quarter: 55 trained (periodic) or the latest count, 5 (cumulative).
    assert stored[-1][1] == (5 if cumulative else 55)
    assert stored[-1][3] == (5 if cumulative else 55)


@pytest.mark.parametrize("measure", ["percentage", "ratio", "index"])
def test_a_level_is_never_summed_and_changing_the_measure_refreshes(engine: Engine, project_id: int,
                                                                    measure: str) -> None:
    with db.session_scope(engine) as session:
        indicator = Indicator(project_id=project_id, code="L", name="Level", cumulative=False, measure=measure,
                              baseline_value=40, target_value=20)  # a decreasing level: 40 → 20
        session.add(indicator)
        session.flush()
        session.add_all(_values(int(indicator.id)))
        indicator_id = int(indicator.id)
    stored = _stored(engine, indicator_id)
    with Session(engine) as session:
        indicator = session.get(Indicator, indicator_id)
        values = list(session.exec(select(IndicatorValue).where(IndicatorValue.indicator_id == indicator_id)))
        assert stored == _expected(indicator, values)
    assert [row[1] for row in stored] == [20, None, 30, 5]  # the latest each time, never 55
    assert [row[3] for row in stored] == [100, None, 50, 175]  # towards the target below the baseline
    with db.session_scope(engine) as session:
        session.get(Indicator, indicator_id).measure = "number"  # a count: the periods add up
    assert [row[1] for row in _stored(engine, indicator_id)] == [20, None, 50, 55]


def test_editing_a_value_or_the_rule_refreshes_later_rows(engine: Engine, project_id: int) -> None:
    with db.session_scope(engine) as session:
        indicator = Indicator(project_id=project_id, code="I", name="Trained", cumulative=False, baseline_value=0,
                              target_value=100)
        session.add(indicator)
        session.flush()
        session.add_all(_values(int(indicator.id)))
        indicator_id = int(indicator.id)
    with db.session_scope(engine) as session:
        first = session.exec(select(IndicatorValue).where(IndicatorValue.indicator_id == indicator_id,
                                                          IndicatorValue.period_end == dt.date(2025, 3, 31))).one()
        first.actual = 40  # a correction of the first quarter moves every later total
    assert [row[1] for row in _stored(engine, indicator_id)] == [40, None, 70, 75]
    with db.session_scope(engine) as session:
        indicator = session.get(Indicator, indicator_id)
        indicator.target_value = 150  # a new target moves the progress, not the totals
    assert [row[3] for row in _stored(engine, indicator_id)] == [27, None, 47, 50]
    with db.session_scope(engine) as session:
        indicator = session.get(Indicator, indicator_id)
        indicator.cumulative = True  # the rule itself changes: the latest value, never a sum
    assert [row[1] for row in _stored(engine, indicator_id)] == [40, None, 30, 5]


def test_bulk_writes_are_refreshed_for_the_indicators_named(engine: Engine, project_id: int) -> None:
    with db.session_scope(engine) as session:
        one = Indicator(project_id=project_id, code="A", name="A", cumulative=False, target_value=10)
        two = Indicator(project_id=project_id, code="B", name="B", cumulative=False, target_value=10,
                        direction=Direction.higher_is_better.value)
        session.add_all([one, two])
        session.flush()
        ids = (int(one.id), int(two.id))
    table = IndicatorValue.__table__
    with engine.begin() as connection:  # Core inserts, as the import pipeline and the generator write
        connection.execute(insert(table), [
            {"indicator_id": indicator_id, "period_start": dt.date(2025, month, 1),
             "period_end": dt.date(2025, month, 28), "actual": 2.0, "is_illustrative": False}
            for indicator_id, month in itertools.product(ids, (1, 2, 3))
        ])
        values_to_date.refresh_values_to_date(connection, [ids[0]])
    assert [row[1] for row in _stored(engine, ids[0])] == [2, 4, 6]
    assert [row[1] for row in _stored(engine, ids[1])] == [None, None, None]  # not named: left alone
    with engine.begin() as connection:
        connection.execute(update(table).where(table.c.indicator_id == ids[1]).values(actual=3.0))
        values_to_date.refresh_values_to_date(connection)  # None: every indicator
    assert [row[1] for row in _stored(engine, ids[1])] == [3, 6, 9]
    assert [row[3] for row in _stored(engine, ids[1])] == [30, 60, 90]


def test_demo_values_to_date_follow_the_rules(demo_engine: Engine) -> None:
    with Session(demo_engine) as session:
        indicators = session.exec(select(Indicator)).all()
        checked = 0
        for indicator in indicators:
            values = list(session.exec(select(IndicatorValue).where(IndicatorValue.indicator_id == indicator.id)))
            if values:
                stored, expected = _stored(demo_engine, int(indicator.id)), _expected(indicator, values)
                # Whole per cents: SQLite rounds halves away from zero, PostgreSQL and Python to even.
                assert [(*row[:3], row[4]) for row in stored] == [(*row[:3], row[4]) for row in expected]
                for got, wanted in zip(stored, expected, strict=True):
                    assert (got[3] is None) == (wanted[3] is None), indicator.code
                    assert got[3] is None or abs(got[3] - wanted[3]) <= 1, indicator.code
                checked += len(values)
    assert checked > 100


def test_an_upload_of_values_moves_the_figures_to_date_and_undo_puts_them_back(demo_engine: Engine) -> None:
    from dashboard.core.permissions import Actor
    from dashboard.importing import pipeline
    from dashboard.importing.undo import undo
    from dashboard.queries.filters import PortfolioFilter
    from dashboard.queries.indicators import indicator_assessments
    from tests.conftest import DEMO_TODAY
    from tests.import_helpers import dump

    with Session(demo_engine) as session:
        indicator, project_code = session.exec(
            select(Indicator, Project.code).join(Project, Project.id == Indicator.project_id)
            .where(Indicator.cumulative == False)  # noqa: E712
            .where(Indicator.id.in_(select(IndicatorValue.indicator_id).where(IndicatorValue.actual.is_not(None))))
            .order_by(Indicator.id)
        ).first()

    def actual_to_date() -> float:
        assessed = indicator_assessments(demo_engine, portfolio_filter=PortfolioFilter(), as_of=DEMO_TODAY)
        return float(assessed.loc[assessed["indicator_id"] == indicator.id, "actual_to_date"].iloc[0])

    before_figure, before = actual_to_date(), dump(demo_engine, data_only=True)
    data = (f"project_code;indicator_code;period_start;period_end;actual\n"
            f"{project_code};{indicator.code};01/10/2026;31/10/2026;7\n").encode()
    staff = Actor.of("officer", ["staff"])
    with Session(demo_engine) as session:
        committed = pipeline.commit(session, kind="indicator-values", file_name="valeurs.csv", data=data, actor=staff)
    assert committed.committed, [problem.line() for problem in committed.problems]
    assert actual_to_date() == pytest.approx(before_figure + 7)  # a periodic indicator adds the new month
    with Session(demo_engine) as session:
        undo(session, batch_id=committed.batch_id, actor=staff)
    assert actual_to_date() == pytest.approx(before_figure)
    assert dump(demo_engine, data_only=True) == before
