"""Page view models cached per (database, data revision stored IN the database, arguments), so a committed
upload shows on the next rerun in every server process, not only in the one that did the upload."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, ParamSpec, TypeVar

import streamlit as st
from sqlalchemy.engine import Engine

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
) -> Any:
    # The leading underscore keeps the function object and the engine out of the cache key; the function's
    # qualified name and the database URL stand in for them.
    args, kwargs = arguments
    return _function(_engine, *args, **dict(kwargs))


def cached(function: Callable[..., R]) -> Callable[..., R]:
    """Wrap ``function(engine, *args, **kwargs)`` so its result is cached per (database, data revision,
    arguments). The revision is read from the database on each call (one primary-key lookup), so a write
    committed by any server process invalidates every process's cache.

    Pages cache their view model this way (``cached(views.overview)(engine, filter, as_of, currency=...)``): the
    key is small (a filter, a date, a currency), and the view model holds every figure the page draws."""
    function_key = f"{function.__module__}.{function.__qualname__}"

    @functools.wraps(function)
    def wrapper(engine: Engine, *args: Any, **kwargs: Any) -> R:
        database_key = engine.url.render_as_string(hide_password=True)
        revision = db.data_revision(engine)
        arguments = (tuple(args), tuple(sorted(kwargs.items())))
        return _cached_call(function_key, database_key, revision, arguments, function, engine)

    return wrapper
