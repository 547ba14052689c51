"""Helpers for the import tests: a full dump of every table, to prove a refused upload changed nothing."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select
from sqlalchemy.engine import Engine
from sqlmodel import SQLModel

import dashboard.core.models  # noqa: F401 - registers every table on the metadata

CORPUS = Path(__file__).parent / "corpus"
# Tables that record the import itself (its batch and audit trail) rather than portfolio data.
BOOKKEEPING = {"import_batch", "audit_event", "data_revision"}


def dump(engine: Engine, *, data_only: bool = False) -> dict[str, list[tuple[object, ...]]]:
    """Every row of every table, ordered by primary key."""
    tables = {}
    with engine.connect() as connection:
        for table in SQLModel.metadata.sorted_tables:
            if data_only and table.name in BOOKKEEPING:
                continue
            order = list(table.primary_key.columns)
            tables[table.name] = [tuple(row) for row in connection.execute(select(table).order_by(*order))]
    return tables


def corpus(name: str) -> bytes:
    return (CORPUS / name).read_bytes()
