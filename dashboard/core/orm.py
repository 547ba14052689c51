"""Two things SQLModel knows only at run time, typed for the rest of the code: a model's Core table, and a
stored record's primary key."""

from __future__ import annotations

from typing import Protocol

from sqlalchemy import Table, inspect
from sqlmodel import SQLModel


def table_of(model: type[SQLModel]) -> Table:
    """The Core ``Table`` of a table model (SQLModel sets ``__table__`` when the class is made, undeclared)."""
    table = inspect(model).local_table
    if not isinstance(table, Table):
        raise TypeError(f"{model.__name__} is not mapped to one table")
    return table


class _Keyed(Protocol):
    @property
    def id(self) -> int | None: ...


def id_of(record: _Keyed) -> int:
    """The id of a record that has been flushed (the database gave it one); ``ValueError`` before that."""
    if record.id is None:
        raise ValueError(f"{type(record).__name__} has no id yet: add it to the session and flush first")
    return record.id
