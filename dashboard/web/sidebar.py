"""The global filters in the sidebar, kept in the URL (a view can be bookmarked and shared) and in the session
(moving to another page keeps them)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import streamlit as st

from dashboard.core import db
from dashboard.core.i18n import t
from dashboard.core.regions import REGION_NAMES, country_name
from dashboard.presenting.labels import enum_label
from dashboard.queries.filters import PortfolioFilter, from_query_params, to_query_params
from dashboard.queries.options import FilterOptions, filter_options
from dashboard.web.caching import cached

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


def _url_filter_params() -> dict[str, list[str]]:
    return {name: list(st.query_params.get_all(name)) for name in FILTER_QUERY_NAMES if st.query_params.get_all(name)}


def _as_param_lists(params: dict[str, str | list[str]]) -> dict[str, list[str]]:
    return {name: [value] if isinstance(value, str) else list(value) for name, value in params.items()}


_WIDGETS = ("period_start", "period_end", "regions", "countries", "org_types", "roles", "themes", "sdgs",
            "statuses", "objectives")


def _widget_key(field: str) -> str:
    return _WIDGET_PREFIX + field


def _seed_widgets(source: PortfolioFilter, options: FilterOptions, *, overwrite: bool) -> None:
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
                        placeholder=choose, format_func=lambda value: enum_label("org_type", value, lang))
    sidebar.multiselect(t("shell.filter.role", lang), options.roles, key=_widget_key("roles"),
                        placeholder=choose, format_func=lambda value: enum_label("role", value, lang))
    sidebar.multiselect(t("shell.filter.theme", lang), options.themes, key=_widget_key("themes"), placeholder=choose)
    sidebar.multiselect(t("shell.filter.sdg", lang), options.sdgs, key=_widget_key("sdgs"), placeholder=choose,
                        format_func=lambda number: t("shell.filter.sdg_option", lang, number=number))
    sidebar.multiselect(t("shell.filter.status", lang), options.statuses, key=_widget_key("statuses"),
                        placeholder=choose, format_func=lambda value: enum_label("project_status", value, lang))
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
