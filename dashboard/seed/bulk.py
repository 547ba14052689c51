"""The one bulk writer: rows written in the caller's transaction through the database driver's own bulk path,
COPY on PostgreSQL and executemany on SQLite. Used by the generated portfolios (``BulkWriter``) and the upload
pipeline (``insert_columns``, ``driver_insert``)."""

from __future__ import annotations

import itertools
import time
from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import Boolean, Column, Date, DateTime, Table, text
from sqlalchemy.engine import Connection, Dialect
from sqlalchemy.exc import DBAPIError


def driver_insert(connection: Connection, table: Table, rows: list[dict[str, object]]) -> None:
    """Insert ``rows`` (dicts with the same keys) through the database driver's own bulk path: executemany on
    SQLite, COPY on PostgreSQL, in the connection's transaction.

    Values go through each column type's bind processor for the dialect, as SQLAlchemy would, but once per
    distinct date or time (they repeat down a file), and column by column rather than row by row: at 100 000
    rows this is what keeps an upload within a small multiple of a bare insert.
    """
    if not rows:
        return
    names = list(rows[0])
    insert_columns(connection, table, names, [[row[name] for row in rows] for name in names])


def insert_columns(connection: Connection, table: Table, names: list[str], columns: list[list[Any]]) -> None:
    """``driver_insert`` of rows given column by column: ``columns[i]`` holds the values of ``names[i]``."""
    if not columns or not columns[0]:
        return
    dialect = connection.dialect
    values = [_bound_column(table.c[name], dialect, column) for name, column in zip(names, columns, strict=True)]
    if dialect.name == "postgresql":
        _copy(connection, table, names, zip(*values, strict=True))
        return
    marker = "?" if dialect.paramstyle == "qmark" else "%s"
    quoted = ", ".join(dialect.identifier_preparer.quote(name) for name in names)
    statement = (f"INSERT INTO {dialect.identifier_preparer.format_table(table)} ({quoted}) "
                 f"VALUES ({', '.join([marker] * len(names))})")
    connection.exec_driver_sql(statement, list(zip(*values, strict=True)))


def _bound_column(column: Column[object], dialect: Dialect, values: list[object]) -> list[object]:
    """One column's values as the driver takes them (the dialect's own type, e.g. SQLite's text dates)."""
    processor = column.type.dialect_impl(dialect).bind_processor(dialect)
    if processor is None:
        return values
    column_type = getattr(column.type, "impl", column.type)  # a TypeDecorator such as UTCDateTime
    if not isinstance(column_type, Date | DateTime | Boolean):
        return list(map(processor, values))  # bind processors accept None
    # Dates, times and flags repeat down a file: each distinct value converted once.
    distinct = {value: processor(value) for value in set(values)}
    return list(map(distinct.__getitem__, values))


def _copy(connection: Connection, table: Table, names: list[str], rows: Iterable[tuple[object, ...]]) -> None:
    """PostgreSQL COPY ... FROM STDIN on the connection's own psycopg connection (same transaction): several
    times faster than executemany, which psycopg sends as one INSERT per row."""
    dialect = connection.dialect
    preparer = dialect.identifier_preparer
    statement = (f"COPY {preparer.format_table(table)} ({', '.join(preparer.quote(name) for name in names)}) "
                 "FROM STDIN")
    driver = connection.connection.driver_connection
    if driver is None:  # only a closed connection has none
        raise RuntimeError("COPY needs an open connection")
    try:
        with driver.cursor() as cursor, cursor.copy(statement) as copy:
            for row in rows:
                copy.write_row(row)
    except dialect.loaded_dbapi.Error as error:
        # Raised as SQLAlchemy raises driver errors (IntegrityError...), so callers see one kind of error.
        raise DBAPIError.instance(statement, None, error, dialect.loaded_dbapi.Error,
                                  dialect=dialect) from error


BATCH_SIZE = 20_000


class BulkWriter:
    """Writes rows fast in the caller's transaction, ``BATCH_SIZE`` rows at a time through ``insert_columns``
    (COPY on PostgreSQL, executemany elsewhere), counting rows and seconds per table."""

    def __init__(self, connection: Connection) -> None:
        self.connection = connection
        self.is_postgresql = connection.dialect.name == "postgresql"
        self.counts: dict[str, int] = {}
        self.seconds: dict[str, float] = {}

    def write(self, table: Table, columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> int:
        started = time.perf_counter()
        names = list(columns)
        count = 0
        iterator = iter(rows)
        while batch := list(itertools.islice(iterator, BATCH_SIZE)):
            # Column by column, as insert_columns takes them: each column's values converted once per distinct
            # date or flag by the column type's own bind processor, exactly as the ORM stores them.
            insert_columns(self.connection, table, names, [list(values) for values in zip(*batch, strict=True)])
            count += len(batch)
        self.counts[table.name] = self.counts.get(table.name, 0) + count
        self.seconds[table.name] = self.seconds.get(table.name, 0.0) + time.perf_counter() - started
        return count

    def reset_sequences(self, tables: Iterable[Table]) -> None:
        """Explicit ids leave PostgreSQL sequences behind; move them past the highest id."""
        if not self.is_postgresql:
            return
        for table in tables:
            if "id" not in table.c:
                continue
            self.connection.execute(
                text(
                    f"SELECT setval(pg_get_serial_sequence('\"{table.name}\"', 'id'), "
                    f'COALESCE((SELECT MAX(id) FROM "{table.name}"), 0) + 1, false)'
                )
            )
