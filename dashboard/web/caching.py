"""Page queries cached per (database, data revision stored IN the database, arguments), so a committed upload
shows on the next rerun in every server process, not only in the one that did the upload; and independent reads
run side by side."""

from __future__ import annotations

import functools
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any, ParamSpec, TypeVar

import streamlit as st
from sqlalchemy.engine import Engine
from streamlit.runtime.scriptrunner import add_script_run_ctx, get_script_run_ctx

from dashboard.core import db

P = ParamSpec("P")


R = TypeVar("R")


@st.cache_data(show_spinner=False, max_entries=512)
def _cached_call(
    function_key: str,
    database_key: str,
    revision: int,
    arguments: tuple[tuple[Any, ...], tuple[tuple[str, Any], ...]],
    _function: Callable[..., Any],
    _engine: Engine,
    _derived: dict[str, Any],
) -> Any:
    # The leading underscore keeps the function object, the engine and the derived inputs out of the cache
    # key; the function's qualified name, the database URL, the revision and the arguments stand in for them.
    args, kwargs = arguments
    return _function(_engine, *args, **dict(kwargs), **_derived)


def cached(function: Callable[..., R], *, derived: tuple[str, ...] = ()) -> Callable[..., R]:
    """Wrap ``function(engine, *args, **kwargs)`` so its result is cached per (database, data revision,
    arguments). The revision is read from the database on each call (one primary-key lookup), so a write
    committed by any server process invalidates every process's cache.

    ``derived`` names keyword arguments that are themselves cached results for the same filter and date (the
    filter's ``queries.portfolio_money``, its indicator assessments): they are handed on but left out of the
    key, which the other arguments already determine, so a large frame is never hashed on a rerun."""
    function_key = f"{function.__module__}.{function.__qualname__}"

    @functools.wraps(function)
    def wrapper(engine: Engine, *args: Any, **kwargs: Any) -> R:
        handed_on = {name: kwargs.pop(name) for name in derived if name in kwargs}
        database_key = engine.url.render_as_string(hide_password=True)
        revision = db.data_revision(engine)
        arguments = (tuple(args), tuple(sorted(kwargs.items())))
        return _cached_call(function_key, database_key, revision, arguments, function, engine, handed_on)

    return wrapper


def run_together(*reads: Callable[[], Any]) -> list[Any]:
    """Run independent (cached) reads side by side and return their results in order. On a cold page the
    database works on one read while Python shapes another (SQLite releases the interpreter while it runs a
    query; PostgreSQL runs in its own process), so the page waits for the longest read, not for their sum."""
    context = get_script_run_ctx()

    def in_this_session(read: Callable[[], Any]) -> Callable[[], Any]:
        def run() -> Any:
            # Streamlit's documented way to let a worker thread use the session's caches without warnings.
            add_script_run_ctx(threading.current_thread(), context)
            return read()
        return run

    if len(reads) < 2:
        return [read() for read in reads]
    with ThreadPoolExecutor(max_workers=len(reads), thread_name_prefix="page-read") as pool:
        futures = [pool.submit(in_this_session(read)) for read in reads]
        return [future.result() for future in futures]
