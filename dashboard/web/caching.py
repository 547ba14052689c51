"""Page view models cached per (database, data revision stored IN the database, arguments), so a committed
upload shows on the next rerun in every server process, not only in the one that did the upload."""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable
from typing import Any, TypeVar

import streamlit as st
from sqlalchemy.engine import Engine

from dashboard.core import db

R = TypeVar("R")
D = TypeVar("D")


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


@st.cache_data(show_spinner=False, max_entries=256)
def _cached_display(
    function_key: str,
    display_key: str,
    database_key: str,
    revision: int,
    arguments: tuple[tuple[Any, ...], tuple[tuple[str, Any], ...]],
    display_arguments: tuple[tuple[str, Any], ...],
    _function: Callable[..., Any],
    _display: Callable[..., Any],
    _engine: Engine,
) -> Any:
    # The view model comes from its own cache entry (the same as ``cached(function)``'s): a new display of the
    # same view (another language, another colouring) reads nothing from the database.
    view = _cached_call(function_key, database_key, revision, arguments, _function, _engine)
    return _display(view, **dict(display_arguments))


def cached_display(function: Callable[..., Any], display: Callable[..., D]) -> Callable[..., D]:
    """Wrap ``function(engine, *args, **kwargs)`` (a view model) and ``display(view, **options)`` (a pure
    function of it, such as ``maps.view.map_display``) into one call ``(engine, *args, **kwargs, **options)``:
    the keyword arguments named by ``display``'s keyword-only parameters go to it, the others to ``function``.
    The view model is cached as ``cached(function)`` caches it, and the display on top of it per options, so
    changing an option costs the display alone."""
    function_key = f"{function.__module__}.{function.__qualname__}"
    display_key = f"{display.__module__}.{display.__qualname__}"
    options = {name for name, parameter in inspect.signature(display).parameters.items()
               if parameter.kind is inspect.Parameter.KEYWORD_ONLY}

    @functools.wraps(display)
    def wrapper(engine: Engine, *args: Any, **kwargs: Any) -> D:
        display_arguments = tuple(sorted((name, kwargs.pop(name)) for name in list(kwargs) if name in options))
        database_key = engine.url.render_as_string(hide_password=True)
        revision = db.data_revision(engine)
        arguments = (tuple(args), tuple(sorted(kwargs.items())))
        return _cached_display(function_key, display_key, database_key, revision, arguments, display_arguments,
                               function, display, engine)

    return wrapper
