"""What every query module shares: the ``Connectable`` a query reads from (an engine, or a session when the caller
holds one) and the one way rows are read into frames.

Query functions take an engine (or a session) first, then keyword-only arguments, and return pandas DataFrames
or small dataclasses; none touches Streamlit or a language, so they are tested on SQLite and PostgreSQL
directly.
"""

from __future__ import annotations

from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from typing import Any

import pandas as pd
from sqlalchemy.engine import Engine
from sqlmodel import Session

Connectable = Engine | Session


@contextmanager
def reading(source: Connectable) -> Iterator[Session]:
    """A session for reading: the caller's (left open), or a short-lived one on the engine."""
    if isinstance(source, Session):
        yield source
        return
    with Session(source) as session:
        yield session


def read_rows(source: Connectable, statement) -> list[tuple]:
    """Plain tuples: pandas builds a frame from them several times faster than from SQLAlchemy rows."""
    if isinstance(source, Session):
        return [tuple(row) for row in source.connection().execute(statement).fetchall()]
    with source.connect() as connection:
        return [tuple(row) for row in connection.execute(statement).fetchall()]


def read_rows_side_by_side(source: Connectable, *statements) -> list[list[tuple]]:
    """The rows of independent statements, run on separate connections at once when ``source`` is an engine
    (a session is one connection, so it runs them in turn): the two big passes over the money tables then
    take the time of the longer one on a machine with two cores."""
    if isinstance(source, Session) or len(statements) < 2:
        return [read_rows(source, statement) for statement in statements]
    with ThreadPoolExecutor(max_workers=len(statements), thread_name_prefix="query") as pool:
        return list(pool.map(lambda statement: read_rows(source, statement), statements))


def rows_frame(rows: list[tuple], columns: list[str]) -> pd.DataFrame:
    if not rows:
        return pd.DataFrame(columns=columns)
    frame = pd.DataFrame.from_records(rows, columns=columns)
    # Text as Python strings, not pandas' Arrow strings: labels, alerts and tables walk these columns value by
    # value, and reading an Arrow string one at a time costs a few microseconds (half a second per cold page).
    # A missing text stays None, as the database gave it: pandas' NaN would read as a true value ("nan" as an
    # indicator's unit) and would differ from a column whose read values are all missing (None).
    text = frame.select_dtypes(include="string").columns
    if not len(text):
        return frame
    as_objects = frame[text].astype(object)
    return frame.assign(**{column: as_objects[column].where(as_objects[column].notna(), None) for column in text})


def read_frame(source: Connectable, statement: Any) -> pd.DataFrame:
    """The rows of ``statement`` as a frame named after its result columns, built column by column (building a
    frame from row tuples cost seconds on a large portfolio's map)."""
    with reading(source) as session:
        result = session.execute(statement)
        columns = list(result.keys())
        rows = result.all()
    return pd.DataFrame({name: [row[index] for row in rows] for index, name in enumerate(columns)}, columns=columns)
