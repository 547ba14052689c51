"""The import's bulk insert (seed.bulk.driver_insert: executemany on SQLite, COPY on PostgreSQL) stores what
SQLAlchemy would store, and its errors are SQLAlchemy's, so a commit still reports a concurrent change."""

from __future__ import annotations

import pytest
from sqlalchemy import insert, select
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError

from dashboard.core.models import AuditEvent, BudgetLine, utcnow
from dashboard.importing import records
from dashboard.seed.bulk import driver_insert

AWKWARD = ["a\tb", "line 1\nline 2\r\n", "back\\slash", "\\N", "", "quote'\"", "é€\u2028", "x" * 5000, None]


def _audit_rows(texts: list[str | None]) -> list[dict[str, object]]:
    now = utcnow()
    return [{"batch_id": None, "at": now, "user": None, "action": "test", "table_name": "t", "record_id": index,
             "before": text, "after": text, "detail": None} for index, text in enumerate(texts)]


def test_awkward_text_and_timestamps_are_stored_as_sqlalchemy_stores_them(engine: Engine) -> None:
    table = records.table_of(AuditEvent)
    rows = _audit_rows(AWKWARD)
    with engine.begin() as connection:
        driver_insert(connection, table, rows)
        connection.execute(insert(table), [{**row, "record_id": row["record_id"] + 100} for row in rows])  # type: ignore[operator]
        stored = connection.execute(select(table.c.record_id, table.c.before, table.c.after, table.c.at)
                                    .order_by(table.c.record_id)).all()
        # The raw text of the timestamp too (SQLite keeps what it is given): the same from both paths.
        raw = [value for (value,) in connection.exec_driver_sql(
            "SELECT CAST(at AS VARCHAR) FROM audit_event ORDER BY record_id")]
    ours, theirs = stored[: len(AWKWARD)], stored[len(AWKWARD):]
    assert [row.before for row in ours] == AWKWARD == [row.after for row in ours]
    assert [row[1:] for row in ours] == [row[1:] for row in theirs]
    assert raw[: len(AWKWARD)] == raw[len(AWKWARD):]


def test_a_constraint_violation_is_raised_as_sqlalchemy_integrity_error(engine: Engine) -> None:
    table = records.table_of(BudgetLine)
    row = {"project_id": 999_999, "funder_id": None, "period_start": None, "period_end": None, "category": "x",
           "amount": 1.0, "currency": "EUR", "budget_type": "original", "status": "committed",
           "is_illustrative": False}
    with pytest.raises(IntegrityError), engine.begin() as connection:
        driver_insert(connection, table, [row])
