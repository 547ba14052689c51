"""The global filters in the sidebar, kept in the URL (a view can be bookmarked and shared) and in the session
(moving to another page keeps them). The widgets, their choices and the URL's names are generated from the
filter's declaration (``queries.filters.DIMENSIONS``)."""

from __future__ import annotations

from typing import Any

import streamlit as st

from dashboard.core import db
from dashboard.core.i18n import t
from dashboard.presenting.filters import value_label
from dashboard.queries.filters import (
    DIMENSIONS,
    QUERY_NAMES,
    WIDGET_DIMENSIONS,
    Dimension,
    PortfolioFilter,
    Widget,
    from_query_params,
    to_query_params,
)
from dashboard.queries.options import FilterOptions, filter_options
from dashboard.web.caching import cached
from dashboard.web.widgets import date_input

FILTER_STATE_KEY = "portfolio_filter"
_SYNCED_PARAMS_KEY = "_portfolio_filter_synced_params"
_FILTER_PAGE_KEY = "_portfolio_filter_page"  # the page that last drew the filters
_WIDGET_PREFIX = "filter_"
OPTION_LABEL_LIMIT = 90  # characters of a choice's label (a strategic objective's title can be a paragraph)
PERIOD_START, PERIOD_END = (next(dimension for dimension in DIMENSIONS if dimension.field == field)
                            for field in ("period_start", "period_end"))


def _url_filter_params() -> dict[str, list[str]]:
    return {name: list(st.query_params.get_all(name)) for name in QUERY_NAMES if st.query_params.get_all(name)}


def _as_param_lists(params: dict[str, str | list[str]]) -> dict[str, list[str]]:
    return {name: [value] if isinstance(value, str) else list(value) for name, value in params.items()}


def _widget_key(dimension: Dimension) -> str:
    return _WIDGET_PREFIX + dimension.field


def _offered(dimension: Dimension, options: FilterOptions) -> tuple[Any, ...]:
    """The values the database offers for a dimension (objectives come as (code, title): the code is chosen)."""
    if dimension.options is None:
        return ()
    return tuple(item[0] if isinstance(item, tuple) else item for item in getattr(options, dimension.options))


def _seed_widgets(source: PortfolioFilter, options: FilterOptions, *, overwrite: bool) -> None:
    """Give each filter widget its starting value (from the URL or this session), keeping only values the
    database still offers: a stale bookmark must open the page, not fail."""
    for dimension in WIDGET_DIMENSIONS:
        key = _widget_key(dimension)
        if key in st.session_state and not overwrite:
            continue
        value = getattr(source, dimension.field)
        if dimension.widget is Widget.choices:
            offered = _offered(dimension, options)
            value = [entry for entry in value if entry in offered]
        st.session_state[key] = value


def _clear_filters() -> None:
    for dimension in WIDGET_DIMENSIONS:
        st.session_state[_widget_key(dimension)] = None if dimension.widget is Widget.date else []
    st.session_state[FILTER_STATE_KEY] = PortfolioFilter()


def _draw_widgets(lang: str, options: FilterOptions) -> None:
    """One widget per dimension of the declaration, in its order; the period's two ends one under the other, as
    wide as the sidebar (side by side, the day-first placeholder "dd / mm / yyyy" was cut)."""
    sidebar = st.sidebar
    choose = t("shell.filter.choose", lang)  # Streamlit's own placeholder would stay in English
    titles = dict(options.objectives)
    for dimension in WIDGET_DIMENSIONS:
        label = t(dimension.label_key, lang)
        helped = t(dimension.help_key, lang) if dimension.help_key else None
        if dimension.widget is Widget.date:
            date_input(label, lang, where=sidebar, value=None, key=_widget_key(dimension), help=helped)
            continue

        def shown(value: object, dimension: Dimension = dimension) -> str:
            return value_label(dimension, value, lang, titles)[:OPTION_LABEL_LIMIT]

        sidebar.multiselect(label, _offered(dimension, options), key=_widget_key(dimension), placeholder=choose,
                            help=helped, format_func=shown)


def _chosen(search: str, lang: str) -> PortfolioFilter:
    """The filter the widgets hold (and ``search``, which only the URL sets); a reversed period is turned
    round."""
    state = st.session_state
    start, end = state[_widget_key(PERIOD_START)], state[_widget_key(PERIOD_END)]
    if start is not None and end is not None and end < start:
        st.sidebar.caption(t("shell.filter.period_reversed", lang))
        start, end = end, start
    chosen = {dimension.field: tuple(state[_widget_key(dimension)] or ())
              for dimension in WIDGET_DIMENSIONS if dimension.widget is Widget.choices}
    return PortfolioFilter(period_start=start, period_end=end, search=search, **chosen)


def render_sidebar_filters(lang: str, *, options: FilterOptions | None = None, page: str | None = None
                           ) -> PortfolioFilter:
    """Draw the global filters in the sidebar and return the filter they set.

    The URL holds the filter (``?type=ngo&region=POLYNESIA``) so a view can be bookmarked and shared; the
    session keeps it too, so moving to another page keeps the filters: Streamlit resets a page's widgets and
    drops the query string when the reader changes page, so on arriving at ``page`` the widgets are set
    again from the session's filter.
    """
    if options is None:
        options = cached(filter_options)(db.get_engine())
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
    sidebar.header(t("shell.filters", lang))
    _draw_widgets(lang, options)
    portfolio_filter = _chosen(search, lang)
    active = sum(1 for dimension in WIDGET_DIMENSIONS if dimension.is_set(portfolio_filter))
    if active:
        sidebar.caption(t("shell.filter.active", lang, count=active))
    sidebar.button(t("shell.filter.clear", lang), on_click=_clear_filters, disabled=portfolio_filter.is_empty,
                   icon=":material/filter_alt_off:", key="filter_clear")
    st.session_state[FILTER_STATE_KEY] = portfolio_filter
    _write_url(portfolio_filter)
    return portfolio_filter


def set_filters_aside(page: str) -> PortfolioFilter:
    """On a page that does not read the portfolio filter (``PageSpec.uses_filter`` false: Users, Upload, Data
    quality) draw no filter at all and return an empty filter. The session keeps the filter chosen elsewhere,
    and the next page that reads it sets its widgets again from it (it counts as arriving there)."""
    st.session_state[_FILTER_PAGE_KEY] = page
    return PortfolioFilter()


def _write_url(portfolio_filter: PortfolioFilter) -> None:
    wanted = _as_param_lists(to_query_params(portfolio_filter))
    if wanted != _url_filter_params():
        for name in QUERY_NAMES:
            if name in wanted:
                st.query_params[name] = wanted[name] if len(wanted[name]) > 1 else wanted[name][0]
            elif name in st.query_params:
                del st.query_params[name]
    st.session_state[_SYNCED_PARAMS_KEY] = wanted
