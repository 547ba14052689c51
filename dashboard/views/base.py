"""What the view models share: running independent reads side by side.

A view model is computed from a few independent reads (the filter's money, its indicator assessments, the
comparison period's assessments, ...). On a cold page the database works on one while Python shapes another
(SQLite releases the interpreter while it runs a query; PostgreSQL runs in its own process), so the view waits
for the longest read, not for their sum. No Streamlit here: the web layer caches the whole view model.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from sqlalchemy.orm import Session

from dashboard.queries.base import Connectable


def side_by_side(*reads: Callable[[], Any], source: Connectable | None = None) -> list[Any]:
    """Run independent reads at once (one thread each) and return their results in order; an error in any read
    is raised here, after the others have finished. Reads of one ``source`` that is a session run in turn: a
    session is one connection, which two threads may not use at once."""
    if len(reads) < 2 or isinstance(source, Session):
        return [read() for read in reads]
    with ThreadPoolExecutor(max_workers=len(reads), thread_name_prefix="view-read") as pool:
        futures = [pool.submit(read) for read in reads]
        return [future.result() for future in futures]
