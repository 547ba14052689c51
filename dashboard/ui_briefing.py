"""The Overview page's "Download the leadership briefing" button (rules and HTML in ``dashboard.briefing``).

The file is built only when the button is clicked (Streamlit runs the callable then), from the same cached
queries the page has just shown, so the click costs little and the figures are the page's own.
"""

from __future__ import annotations

import datetime as dt

import streamlit as st

from dashboard import briefing, metrics, ui
from dashboard.i18n import t
from dashboard.models import utcnow


def briefing_button(ctx: ui.PageContext, *, as_of: dt.date, currency: str = metrics.REPORTING_BASE_CURRENCY,
                    container: object = None) -> None:
    """Draw the download button for the briefing of ``ctx``'s filtered view."""
    lang, engine, portfolio_filter = ctx.lang, ctx.engine, ctx.filter

    def build() -> bytes:
        html = briefing.briefing_html(engine, portfolio_filter=portfolio_filter, lang=lang, as_of=as_of,
                                      currency=currency, generated_at=utcnow(), query=ui.cached)
        return html.encode("utf-8")

    target = container if container is not None else st
    target.download_button(  # type: ignore[attr-defined]
        t("briefing.button", lang),
        data=build,
        file_name=briefing.file_name(as_of, lang),
        mime="text/html",
        help=t("briefing.button_help", lang),
        icon=":material/summarize:",
        key="leadership_briefing",
        on_click="ignore",
    )
