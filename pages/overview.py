"""Overview (leadership): headline figures with their change, budget by funder and theme, alerts that lead to
their items. Layout only: the figures are ``dashboard.views.overview``'s."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from dashboard import views
from dashboard.core import metrics
from dashboard.core.i18n import t
from dashboard.figures import charts
from dashboard.presenting import tables
from dashboard.presenting.headline import shown_tiles
from dashboard.queries.alerts import ALERT_ORDER, AlertKind
from dashboard.views.headline import TILES_PER_ROW
from dashboard.web import context, forms
from dashboard.web.caching import cached
from dashboard.web.downloads import briefing_button
from dashboard.web.widgets import alert_link, empty_state, illustrative_notice

ctx = context.page_context("overview")
lang = ctx.lang
currency = metrics.REPORTING_BASE_CURRENCY
as_of = dt.date.today()

st.title(t("overview.title", lang))
forms.show_notice()
if ctx.database_empty:
    empty_state(lang, database_empty=True)
    st.stop()

view = cached(views.overview)(ctx.engine, ctx.filter, as_of, currency=currency)
headline = view.headline
if view.is_empty:
    empty_state(lang, database_empty=False)
    st.stop()

st.caption(tables.period_caption(headline.period_start, headline.period_end, headline.previous_start,
                                 headline.previous_end, lang))
briefing_button(view, lang)  # one-click leadership briefing (issue 7)

tiles = shown_tiles(view.tiles, currency, lang)
for first in range(0, len(tiles), TILES_PER_ROW):
    for column, tile in zip(st.columns(TILES_PER_ROW), tiles[first:first + TILES_PER_ROW], strict=False):
        column.metric(tile.label, tile.value, tile.change, delta_color="normal" if tile.coloured else "off",
                      help=tile.note)
if headline.has_illustrative:
    illustrative_notice(lang)
partial = tables.not_converted_note(view.not_converted, currency, lang)
if partial:
    st.warning(partial, icon=":material/currency_exchange:")

funder_column, theme_column = st.columns(2, gap="large")
with funder_column:
    if view.by_funder.empty:
        empty_state(lang, database_empty=False, detail=t("budgets.no_money", lang))
    else:
        st.plotly_chart(charts.money_bars(view.by_funder, "label", lang, currency,
                                          title=t("figure.by_funder_title", lang)), key="overview_by_funder")
with theme_column:
    if view.by_theme.empty:
        empty_state(lang, database_empty=False, detail=t("budgets.no_money", lang))
    else:
        st.plotly_chart(charts.money_bars(view.by_theme, "theme", lang, currency,
                                          title=t("figure.by_theme_title", lang)), key="overview_by_theme")
st.caption(tables.split_rule_caption(view.rates.table, currency, lang))

st.subheader(t("overview.alerts", lang))
staff = forms.can_edit(ctx.actor)
alerts = view.alerts
if alerts.empty:
    st.success(t("overview.no_alerts", lang), icon=":material/check_circle:")
SHOWN_PER_KIND = 12
for kind, rows in view.alerts_by_kind():
    title = t("overview.alert_count", lang, label=t(f"alert.{kind}", lang), count=len(rows))
    with st.expander(title, expanded=ALERT_ORDER.index(AlertKind(kind)) < 2, icon=":material/warning:"):
        for _index, row in rows.head(SHOWN_PER_KIND).iterrows():
            if not staff:
                alert_link(row, lang, currency)
                continue
            # The link, then the form that fixes the item (its dates, a value, a review), as wide as its label.
            with st.container(horizontal=True, vertical_alignment="center", gap="small"):
                alert_link(row, lang, currency)
                forms.alert_fix_button(ctx.engine, ctx.actor, lang, row, key=f"alert_fix_{kind}_{row['value']}")
        if len(rows) > SHOWN_PER_KIND:
            st.caption(t("overview.more_alerts", lang, count=len(rows) - SHOWN_PER_KIND))
