"""Streamlit helpers shared by every page: the one place a page gets its context from.

A page starts with ``ctx = page_context("budgets")``: that checks on the server that the signed-in actor may
open the page (and stops the script otherwise), draws the sidebar filters, and returns the language, the
filter, the actor, the engine and the data revision. Page queries go through ``cached(query)(engine, ...)``,
keyed on the database, the data revision stored IN the database and the arguments, so a committed upload
shows on the next rerun in every server process, not only in the one that did the upload.
"""

from __future__ import annotations

import datetime as dt
import functools
import gc
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any, ParamSpec, TypeVar

import pandas as pd
import streamlit as st
from sqlalchemy.engine import Engine
from sqlalchemy.exc import SQLAlchemyError
from streamlit.runtime.scriptrunner import add_script_run_ctx, get_script_run_ctx

from dashboard import db, exports, queries
from dashboard.filters import PortfolioFilter, from_query_params, to_query_params
from dashboard.formatting import format_number
from dashboard.i18n import normalise_language, t
from dashboard.navigation import PAGES
from dashboard.permissions import Actor, can_open_page
from dashboard.regions import REGION_NAMES, country_name

# A full garbage collection walks every live object. What is loaded by now (Streamlit, pandas, Plotly,
# SQLAlchemy, our modules) lives as long as the server, so it is set aside once: on a cold page at the large
# size the full collections then take about 0.05 s instead of 0.25 s.
gc.freeze()

LANG_KEY = "lang"
ACTOR_KEY = "actor"
FILTER_STATE_KEY = "portfolio_filter"
_SYNCED_PARAMS_KEY = "_portfolio_filter_synced_params"
_FILTER_PAGE_KEY = "_portfolio_filter_page"  # the page that last drew the filters
_WIDGET_PREFIX = "filter_"

# Every query-string name the filter may use, derived from the filter module itself (one place for names).
FILTER_QUERY_NAMES: tuple[str, ...] = tuple(
    to_query_params(
        PortfolioFilter(
            period_start=dt.date(2000, 1, 1),
            period_end=dt.date(2000, 1, 1),
            countries=("X",),
            regions=("X",),
            org_types=("x",),
            roles=("x",),
            themes=("x",),
            sdgs=(1,),
            statuses=("x",),
            objectives=("x",),
            search="x",
        )
    )
)

P = ParamSpec("P")
R = TypeVar("R")


@dataclass(frozen=True)
class PageContext:
    lang: str
    filter: PortfolioFilter
    actor: Actor | None
    engine: Engine
    revision: int
    url_path: str = ""
    database_empty: bool = False


# ---------------------------------------------------------------------------------------------------------
# Context and access
# ---------------------------------------------------------------------------------------------------------


def current_language() -> str:
    return normalise_language(st.session_state.get(LANG_KEY) or st.query_params.get(LANG_KEY))


def current_actor() -> Actor | None:
    """The actor of a live sign-in (None when signed out or expired): see ``dashboard.ui_auth``."""
    from dashboard.ui_auth import current_actor as signed_in_actor  # ui_auth imports this module

    return signed_in_actor()


def _run_through_app_entry() -> None:
    """Streamlit starts a server whose entry script has a ``pages/`` folder beside it in its old pages-folder
    mode, until the entry script has called ``st.navigation`` once. A bookmark opened as the very first request
    to a new server would then run the page alone, without app.py's sign-in form, language and navigation.
    Leave that mode and rerun: app.py runs and ``st.navigation`` routes to this page by its URL."""
    from streamlit.runtime.pages_manager import PagesManager

    if PagesManager.uses_pages_directory:
        PagesManager.uses_pages_directory = False
        st.rerun()


def page_context(url_path: str) -> PageContext:
    """Check access (on the server, on every run), draw the sidebar filters and return the page's context."""
    _run_through_app_entry()
    lang = current_language()
    actor = current_actor()
    if actor is None:
        st.warning(t("shell.refused.signed_out", lang), icon=":material/lock:")
        from dashboard.ui_auth import sign_in_link  # ui_auth imports this module

        sign_in_link(lang)
        st.stop()
    if not can_open_page(actor, url_path):
        st.error(t("shell.refused.page", lang, username=actor.username), icon=":material/block:")
        st.stop()
    engine = db.get_engine()
    try:
        revision = db.data_revision(engine)
        options = cached(queries.filter_options)(engine)
    except SQLAlchemyError as error:
        st.error(t("shell.database_error", lang, error=error.__class__.__name__), icon=":material/error:")
        st.stop()
    portfolio_filter = render_sidebar_filters(lang, options=options, page=url_path)
    return PageContext(
        lang=lang,
        filter=portfolio_filter,
        actor=actor,
        engine=engine,
        revision=revision,
        url_path=url_path,
        database_empty=options.is_empty,
    )


# ---------------------------------------------------------------------------------------------------------
# Caching
# ---------------------------------------------------------------------------------------------------------


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


# ---------------------------------------------------------------------------------------------------------
# Sidebar filters, kept in the URL
# ---------------------------------------------------------------------------------------------------------


def label(prefix: str, value: str, lang: str) -> str:
    """The translated name of an enumerated value (``org_type.ngo``), or the value itself when the
    catalogue has no entry (a value added by an upload before its translation)."""
    try:
        return t(f"{prefix}.{value}", lang)
    except KeyError:
        return str(value).replace("_", " ")


def _url_filter_params() -> dict[str, list[str]]:
    return {name: list(st.query_params.get_all(name)) for name in FILTER_QUERY_NAMES if st.query_params.get_all(name)}


def _as_param_lists(params: dict[str, str | list[str]]) -> dict[str, list[str]]:
    return {name: [value] if isinstance(value, str) else list(value) for name, value in params.items()}


_WIDGETS = ("period_start", "period_end", "regions", "countries", "org_types", "roles", "themes", "sdgs",
            "statuses", "objectives")


def _widget_key(field: str) -> str:
    return _WIDGET_PREFIX + field


def _seed_widgets(source: PortfolioFilter, options: queries.FilterOptions, *, overwrite: bool) -> None:
    """Give each filter widget its starting value (from the URL or this session), keeping only values the
    database still offers: a stale bookmark must open the page, not fail."""
    allowed: dict[str, tuple[Any, ...]] = {
        "regions": options.regions,
        "countries": options.countries,
        "org_types": options.org_types,
        "roles": options.roles,
        "themes": options.themes,
        "sdgs": options.sdgs,
        "statuses": options.statuses,
        "objectives": tuple(code for code, _title in options.objectives),
    }
    for field in _WIDGETS:
        key = _widget_key(field)
        if key in st.session_state and not overwrite:
            continue
        value = getattr(source, field)
        if field in allowed:
            value = [entry for entry in value if entry in allowed[field]]
        st.session_state[key] = value


def _clear_filters() -> None:
    for field in _WIDGETS:
        st.session_state[_widget_key(field)] = None if field.startswith("period") else []
    st.session_state[FILTER_STATE_KEY] = PortfolioFilter()


def render_sidebar_filters(lang: str, *, options: queries.FilterOptions | None = None, page: str | None = None
                           ) -> PortfolioFilter:
    """Draw the global filters in the sidebar and return the filter they set.

    The URL holds the filter (``?type=ngo&region=POLYNESIA``) so a view can be bookmarked and shared; the
    session keeps it too, so moving to another page keeps the filters: Streamlit resets a page's widgets and
    drops the query string when the reader changes page, so on arriving at ``page`` the widgets are set
    again from the session's filter.
    """
    if options is None:
        options = cached(queries.filter_options)(db.get_engine())
    arrived = page is not None and st.session_state.get(_FILTER_PAGE_KEY) != page
    if page is not None:
        st.session_state[_FILTER_PAGE_KEY] = page
    url_params = _url_filter_params()
    if url_params and url_params != st.session_state.get(_SYNCED_PARAMS_KEY):
        # A bookmark or a shared link: the URL wins over what this session had.
        _seed_widgets(from_query_params(url_params), options, overwrite=True)
    else:
        _seed_widgets(st.session_state.get(FILTER_STATE_KEY, PortfolioFilter()), options, overwrite=arrived)
    previous: PortfolioFilter = st.session_state.get(FILTER_STATE_KEY, PortfolioFilter())
    search = from_query_params(url_params).search if url_params else previous.search

    sidebar = st.sidebar
    choose = t("shell.filter.choose", lang)  # Streamlit's own placeholder would stay in English
    sidebar.header(t("shell.filters", lang))
    left, right = sidebar.columns(2)
    left.date_input(t("shell.filter.period_from", lang), value=None, key=_widget_key("period_start"),
                    help=t("shell.filter.period_help", lang), format="YYYY-MM-DD")
    right.date_input(t("shell.filter.period_to", lang), value=None, key=_widget_key("period_end"),
                     format="YYYY-MM-DD")
    sidebar.multiselect(t("shell.filter.region", lang), options.regions, key=_widget_key("regions"),
                        placeholder=choose, format_func=lambda code: REGION_NAMES.get(code, {}).get(lang, code))
    sidebar.multiselect(t("shell.filter.country", lang), options.countries, key=_widget_key("countries"),
                        placeholder=choose, format_func=lambda code: country_name(code, lang) or code)
    sidebar.multiselect(t("shell.filter.org_type", lang), options.org_types, key=_widget_key("org_types"),
                        placeholder=choose, format_func=lambda value: label("org_type", value, lang))
    sidebar.multiselect(t("shell.filter.role", lang), options.roles, key=_widget_key("roles"),
                        placeholder=choose, format_func=lambda value: label("role", value, lang))
    sidebar.multiselect(t("shell.filter.theme", lang), options.themes, key=_widget_key("themes"), placeholder=choose)
    sidebar.multiselect(t("shell.filter.sdg", lang), options.sdgs, key=_widget_key("sdgs"), placeholder=choose,
                        format_func=lambda number: t("shell.filter.sdg_option", lang, number=number))
    sidebar.multiselect(t("shell.filter.status", lang), options.statuses, key=_widget_key("statuses"),
                        placeholder=choose, format_func=lambda value: label("project_status", value, lang))
    titles = dict(options.objectives)
    sidebar.multiselect(
        t("shell.filter.objective", lang),
        [code for code, _title in options.objectives],
        key=_widget_key("objectives"),
        placeholder=choose,
        format_func=lambda code: f"{code} — {titles.get(code, '')}"[:90],
    )

    state = st.session_state
    start, end = state[_widget_key("period_start")], state[_widget_key("period_end")]
    if start is not None and end is not None and end < start:
        sidebar.caption(t("shell.filter.period_reversed", lang))
        start, end = end, start
    portfolio_filter = PortfolioFilter(
        period_start=start,
        period_end=end,
        countries=tuple(state[_widget_key("countries")] or ()),
        regions=tuple(state[_widget_key("regions")] or ()),
        org_types=tuple(state[_widget_key("org_types")] or ()),
        roles=tuple(state[_widget_key("roles")] or ()),
        themes=tuple(state[_widget_key("themes")] or ()),
        sdgs=tuple(int(value) for value in state[_widget_key("sdgs")] or ()),
        statuses=tuple(state[_widget_key("statuses")] or ()),
        objectives=tuple(state[_widget_key("objectives")] or ()),
        search=search,
    )
    active = sum(1 for field in _WIDGETS if getattr(portfolio_filter, field))
    if active:
        sidebar.caption(t("shell.filter.active", lang, count=active))
    sidebar.button(t("shell.filter.clear", lang), on_click=_clear_filters, disabled=portfolio_filter.is_empty,
                   icon=":material/filter_alt_off:", key="filter_clear")
    state[FILTER_STATE_KEY] = portfolio_filter
    _write_url(portfolio_filter)
    return portfolio_filter


def _write_url(portfolio_filter: PortfolioFilter) -> None:
    wanted = _as_param_lists(to_query_params(portfolio_filter))
    if wanted != _url_filter_params():
        for name in FILTER_QUERY_NAMES:
            if name in wanted:
                st.query_params[name] = wanted[name] if len(wanted[name]) > 1 else wanted[name][0]
            elif name in st.query_params:
                del st.query_params[name]
    st.session_state[_SYNCED_PARAMS_KEY] = wanted


# ---------------------------------------------------------------------------------------------------------
# Shared bits of pages
# ---------------------------------------------------------------------------------------------------------


def download_buttons(frame: pd.DataFrame | Callable[[], pd.DataFrame], file_stem: str, lang: str) -> None:
    """CSV and Excel downloads of a table (formula injection neutralised by ``dashboard.exports``). ``frame``
    may be a function that builds the table (bind its inputs with ``functools.partial``), so a large one is
    only built when someone downloads it."""
    csv_column, xlsx_column, _rest = st.columns([1, 1, 4])

    def table() -> pd.DataFrame:
        return frame() if callable(frame) else frame

    # The files are built when clicked, not on every rerun: a large portfolio's Excel file takes seconds.
    csv_column.download_button(
        t("shell.download.csv", lang),
        data=lambda: exports.to_csv_bytes(table(), lang),
        file_name=f"{file_stem}.csv",
        mime="text/csv",
        key=f"download_csv_{file_stem}",
        icon=":material/download:",
        on_click="ignore",
    )
    xlsx_column.download_button(
        t("shell.download.xlsx", lang),
        data=lambda: exports.to_xlsx_bytes(table(), sheet_name=file_stem),
        file_name=f"{file_stem}.xlsx",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        key=f"download_xlsx_{file_stem}",
        icon=":material/table_view:",
        on_click="ignore",
    )


MAX_TABLE_ROWS = 1_000  # rows formatted for the screen; the downloads hold them all


def first_rows(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The rows to format and show (the first ``MAX_TABLE_ROWS``, in the query's order: the most urgent
    first), saying so when some are left to the download."""
    if len(frame) <= MAX_TABLE_ROWS:
        return frame
    st.caption(t("shell.table_truncated", lang, shown=format_number(MAX_TABLE_ROWS, lang),
                 total=format_number(len(frame), lang)))
    return frame.head(MAX_TABLE_ROWS)


def illustrative_notice(lang: str) -> None:
    """Say that some figures shown were generated for the demo (call where such rows are displayed)."""
    st.caption(":material/info: " + t("notice.illustrative", lang))


def empty_state(lang: str, *, database_empty: bool, detail: str | None = None) -> None:
    """A helpful message instead of an empty chart: the database holds nothing yet, or the filters match
    nothing (``detail`` adds what is missing on this page)."""
    message = t("notice.empty_database" if database_empty else "notice.no_match", lang)
    if detail:
        message = f"{detail}\n\n{message}"
    st.info(message, icon=":material/info:")


def item_link(url_path: str, label_text: str, query_params: dict[str, str], *, help: str | None = None) -> None:
    """A link to an item on another page (``budgets?project=REG-C1.1``) that stays in this session. Shown as
    plain text when the actor may not open that page (the navigation does not hold it)."""
    spec = next((page for page in PAGES if page.url_path == url_path), None)
    if spec is None or not can_open_page(current_actor(), url_path):
        st.markdown(label_text, help=help)
        return
    st.page_link(spec.script, label=label_text, query_params=query_params, help=help, icon=":material/arrow_forward:")
