"""Streamlit helpers shared by every page: the one place a page gets its context from.

A page starts with ``ctx = page_context("budgets")``: that checks on the server that the signed-in actor may
open the page (and stops the script otherwise), draws the sidebar filters, and returns the language, the
filter, the actor, the engine and the data revision. Page queries go through ``cached(query)(engine, ...)``,
keyed on the database, the data revision stored IN the database and the arguments, so a committed upload
shows on the next rerun in every server process, not only in the one that did the upload.
"""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st
from sqlalchemy.engine import Engine
from sqlalchemy.exc import SQLAlchemyError

from dashboard.core import db
from dashboard.core.i18n import t
from dashboard.core.permissions import Actor, can_open_page
from dashboard.queries.filters import PortfolioFilter
from dashboard.queries.options import filter_options
from dashboard.web.caching import cached
from dashboard.web.navigation import page_spec
from dashboard.web.pages_mode import run_through_app_entry
from dashboard.web.sidebar import render_sidebar_filters, set_filters_aside
from dashboard.web.sign_in import resumed_actor, sign_in_link
from dashboard.web.state import current_language


@dataclass(frozen=True)
class PageContext:
    lang: str
    filter: PortfolioFilter  # empty on pages that do not read it (``PageSpec.uses_filter``)
    actor: Actor  # page_context stops the page when nobody is signed in
    engine: Engine
    revision: int
    url_path: str = ""
    database_empty: bool = False


# ---------------------------------------------------------------------------------------------------------
# Context and access
# ---------------------------------------------------------------------------------------------------------


def current_actor() -> Actor | None:
    """The actor of the live session the browser's cookie names (None when signed out or expired): see
    ``dashboard.web.sign_in``."""
    return resumed_actor()


def page_context(url_path: str) -> PageContext:
    """Check access (on the server, on every run), draw the sidebar filters when the page reads them
    (``navigation.PageSpec.uses_filter``; pages that do not show none) and return the page's context."""
    run_through_app_entry()
    lang = current_language()
    actor = current_actor()
    if actor is None:
        st.warning(t("shell.refused.signed_out", lang), icon=":material/lock:")

        sign_in_link(lang)
        st.stop()
    if not can_open_page(actor, url_path):
        st.error(t("shell.refused.page", lang, username=actor.username), icon=":material/block:")
        st.stop()
    engine = db.get_engine()
    try:
        revision = db.data_revision(engine)
        options = cached(filter_options)(engine)
    except SQLAlchemyError as error:
        st.error(t("shell.database_error", lang, error=error.__class__.__name__), icon=":material/error:")
        st.stop()
    spec = page_spec(url_path)
    if spec is None or spec.uses_filter:
        portfolio_filter = render_sidebar_filters(lang, options=options, page=url_path)
    else:
        portfolio_filter = set_filters_aside(url_path)
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


# ---------------------------------------------------------------------------------------------------------
# Sidebar filters, kept in the URL
# ---------------------------------------------------------------------------------------------------------


# ---------------------------------------------------------------------------------------------------------
# Shared bits of pages
# ---------------------------------------------------------------------------------------------------------


