"""Entry point: ``streamlit run app.py``. Two roles, told apart by ``__name__``:

- imported (by ``streamlit run``, which finds the ``st.App`` below, or by ``uvicorn app:app``): the web
  server, Streamlit's ASGI application with the dashboard's own routes and middleware
  (``dashboard.web.server``: the sign-in route that sets the session cookie, security headers, downloads and
  metrics only with a session);
- run as the page script (``__main__``, on every rerun; AppTest too): sets the page up, the language, the
  sign-in gate, and the navigation built from ``dashboard.web.navigation.PAGES``, showing the pages the
  signed-in person may open; the address of a page they may not open says so. Each page checks access again on
  the server when it runs (``dashboard.web.context.page_context``)."""

from __future__ import annotations

import functools

import streamlit as st
from starlette.middleware import Middleware

from dashboard.core.db import PROJECT_ROOT
from dashboard.core.i18n import LANGUAGE_NAMES, LANGUAGES, normalise_language, t
from dashboard.core.permissions import Actor, can_open_page
from dashboard.core.text import escape_markdown
from dashboard.web import context, language, pages_mode, server
from dashboard.web.navigation import PAGES, PageSpec
from dashboard.web.sign_in import require_sign_in
from dashboard.web.startup import lifespan, start_server
from dashboard.web.state import LANG_KEY, MAX_QUERY_VALUE, oversized_query_parameter

_LANG_WIDGET_KEY = "lang_choice"


def choose_language() -> str:
    """English or French, from the sidebar; starts from the URL (``?lang=fr``) and stays in the session."""
    language.sync_with_account(_LANG_WIDGET_KEY)  # a signed-in person's remembered language (issue 7)
    if LANG_KEY not in st.session_state:
        st.session_state[LANG_KEY] = normalise_language(st.query_params.get(LANG_KEY))
    # Always from the session's language: Streamlit drops an entry-script widget's value when the page changes
    # (after sign-in the picker showed no language at all).
    st.session_state[_LANG_WIDGET_KEY] = st.session_state[LANG_KEY]

    def remember_choice() -> None:
        st.session_state[LANG_KEY] = st.session_state[_LANG_WIDGET_KEY]
        language.language_picked(st.session_state[_LANG_WIDGET_KEY])  # kept on the account too

    st.sidebar.segmented_control(
        t("shell.language", st.session_state[LANG_KEY]),
        LANGUAGES,
        key=_LANG_WIDGET_KEY,
        format_func=LANGUAGE_NAMES.get,
        on_change=remember_choice,
        required=True,
    )
    lang = normalise_language(st.session_state[LANG_KEY])
    if st.query_params.get(LANG_KEY) != lang:
        st.query_params[LANG_KEY] = lang
    return lang


def refused_page(spec: PageSpec, actor: Actor | None, lang: str, home: st.Page | None) -> None:
    """What the address of a page the person may not open shows: that it is refused, and where to go."""
    st.error(t("shell.refused.page_named", lang, username=escape_markdown(actor.username if actor else "?"),
               page=t(spec.title_key, lang)), icon=":material/block:")
    if home is not None:
        st.page_link(home, label=t("shell.go_overview", lang), icon=":material/arrow_forward:")


def build_navigation(actor: Actor | None, lang: str) -> dict[str, list[st.Page]]:
    """The pages this actor may open, grouped by section, in the order of ``PAGES``; the others are hidden
    pages at the same addresses that say they are refused (a typed or bookmarked address never silently shows
    another page)."""
    sections: dict[str, list[st.Page]] = {}
    home: st.Page | None = None
    refused: list[PageSpec] = []
    for spec in PAGES:
        if not can_open_page(actor, spec.url_path):
            refused.append(spec)
            continue
        page = st.Page(
            str(PROJECT_ROOT / spec.script),
            title=t(spec.title_key, lang),
            icon=spec.icon,
            url_path=spec.url_path,
            default=not sections,
        )
        home = home or page
        sections.setdefault(t(spec.section_key, lang), []).append(page)
    if sections:
        first = next(iter(sections.values()))
        first += [st.Page(functools.partial(refused_page, spec, actor, lang, home), title=t(spec.title_key, lang),
                          url_path=spec.url_path, visibility="hidden") for spec in refused]
    return sections


def main() -> None:
    start_server()  # once per server process: chart template, garbage-collector freeze
    # An emoji favicon is drawn in the browser; a ":material/...:" one is fetched from a font CDN (offline: fails).
    st.set_page_config(page_title=t("app.title"), page_icon="🤝", layout="wide")
    lang = choose_language()

    require_sign_in(lang)  # draws the sign-in screen and stops unless someone is signed in

    too_long = oversized_query_parameter()
    if too_long is not None:  # a hand-made or mangled address: refused before any page reads it
        st.error(t("shell.refused.parameter_too_long", lang, name=escape_markdown(too_long[0]), length=too_long[1],
                   limit=MAX_QUERY_VALUE), icon=":material/link_off:")
        st.stop()

    sections = build_navigation(context.current_actor(), lang)
    if not sections:
        key = "shell.refused.signed_out" if context.current_actor() is None else "shell.no_pages"
        st.info(t(key, lang), icon=":material/lock:")
        st.stop()
    st.navigation(sections).run()


if __name__ == "__main__":  # the page script, on every rerun
    main()
else:  # the web server: `streamlit run app.py` finds this application, `uvicorn app:app` serves it
    pages_mode.leave_pages_folder_mode_at_start()
    app = st.App(__file__, routes=server.ROUTES, middleware=[Middleware(server.SecurityMiddleware)], lifespan=lifespan)
