"""Overview (leadership): headline figures with their change, budget by funder and theme, alerts that lead to
their items."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from dashboard.core import metrics
from dashboard.core.i18n import t
from dashboard.core.text import escape_markdown
from dashboard.figures import charts
from dashboard.presenting import tables
from dashboard.presenting.formatting import format_money, format_number, format_rate
from dashboard.queries.alerts import ALERT_ORDER, alerts_from, upkeep_alerts
from dashboard.queries.budgets import burn_vs_time, cofinancing, money_by_theme
from dashboard.queries.headline import headline_figures, previous_assessments
from dashboard.queries.indicators import indicator_assessments
from dashboard.queries.money import budget_variance, portfolio_money
from dashboard.queries.rates import latest_rates
from dashboard.web import context
from dashboard.web.caching import cached, run_together
from dashboard.web.downloads import briefing_button
from dashboard.web.widgets import empty_state, illustrative_notice, item_link

ctx = context.page_context("overview")
lang = ctx.lang
currency = metrics.REPORTING_BASE_CURRENCY
as_of = dt.date.today()

st.title(t("overview.title", lang))
if ctx.database_empty:
    empty_state(lang, database_empty=True)
    st.stop()

# The filter's money and indicator status (of both periods) are read once, side by side, and handed to every
# figure below (cached with them).
money, assessed, previous_assessed = run_together(
    lambda: cached(portfolio_money)(ctx.engine, portfolio_filter=ctx.filter, as_of=as_of,
                                               with_previous=True),
    lambda: cached(indicator_assessments)(ctx.engine, portfolio_filter=ctx.filter, as_of=as_of),
    lambda: cached(previous_assessments)(ctx.engine, portfolio_filter=ctx.filter, as_of=as_of),
)
headline = cached(headline_figures, derived=("money", "assessed", "previous_assessed"))(
    ctx.engine, portfolio_filter=ctx.filter, currency=currency, as_of=as_of, money=money, assessed=assessed,
    previous_assessed=previous_assessed)
now, before = headline.current, headline.previous
if now.projects == 0:
    empty_state(lang, database_empty=False)
    st.stop()

st.caption(tables.period_caption(headline.period_start, headline.period_end, headline.previous_start,
                                     headline.previous_end, lang))
briefing_button(ctx, as_of=as_of, currency=currency)  # one-click leadership briefing (issue 7)


def change(current: float | None, previous: float | None, kind: str) -> str | None:
    """The metric's delta text, formatted like the figure; None when there is nothing to compare."""
    shown = tables.headline_change(current, previous, kind, currency, lang)
    return shown[1] if shown else None


row_one = st.columns(4)
row_one[0].metric(t("overview.active_partners", lang), format_number(now.active_partners, lang),
                  change(now.active_partners, before.active_partners, "count"))
row_one[1].metric(t("overview.projects", lang), format_number(now.projects, lang),
                  change(now.projects, before.projects, "count"))
row_one[2].metric(t("overview.total_budget", lang), format_money(now.budget, currency, lang),
                  change(now.budget, before.budget, "money"), delta_color="off")
row_one[3].metric(t("metric.consumed", lang), format_money(now.consumed, currency, lang),
                  change(now.consumed, before.consumed, "money"), delta_color="off")
row_two = st.columns(4)
row_two[0].metric(t("metric.balance", lang), format_money(now.balance, currency, lang),
                  change(now.balance, before.balance, "money"), delta_color="off")
row_two[1].metric(t("metric.execution_rate", lang), format_rate(now.execution_rate, lang),
                  change(now.execution_rate, before.execution_rate, "rate"), delta_color="off")
row_two[2].metric(
    t("metric.on_track_share", lang),
    format_rate(now.on_track_share, lang),
    change(now.on_track_share, before.on_track_share, "rate"),
    help=t("overview.indicators_reporting", lang, count=format_number(now.indicators_reporting, lang))
    if now.indicators_reporting else t("overview.no_indicator", lang),
)
row_two[3].metric(t("metric.committed", lang), format_money(now.committed, currency, lang),
                  change(now.committed, before.committed, "money"), delta_color="off")
if headline.has_illustrative:
    illustrative_notice(lang)

funder_column, theme_column = st.columns(2, gap="large")
by_funder = cached(budget_variance, derived=("money",))(
    ctx.engine, portfolio_filter=ctx.filter, group_by="funder", currency=currency, as_of=as_of, money=money)
by_theme = cached(money_by_theme, derived=("money",))(
    ctx.engine, portfolio_filter=ctx.filter, currency=currency, as_of=as_of, money=money)
with funder_column:
    if by_funder.empty:
        empty_state(lang, database_empty=False, detail=t("budgets.no_money", lang))
    else:
        st.plotly_chart(charts.money_bars(by_funder, "label", lang, currency,
                                           title=t("figure.by_funder_title", lang)), key="overview_by_funder")
with theme_column:
    if by_theme.empty:
        empty_state(lang, database_empty=False, detail=t("budgets.no_money", lang))
    else:
        st.plotly_chart(charts.money_bars(by_theme, "theme", lang, currency,
                                           title=t("figure.by_theme_title", lang)), key="overview_by_theme")
rates = cached(latest_rates)(ctx.engine, as_of=as_of)
st.caption(tables.split_rule_caption(rates.table, currency, lang))

st.subheader(t("overview.alerts", lang))
# The same cached frames as the Budgets and Indicators pages: opening one after the other costs nothing.
alerts = alerts_from(
    currency=currency,
    burn=cached(burn_vs_time, derived=("money",))(ctx.engine, portfolio_filter=ctx.filter,
                                                             currency=currency, as_of=as_of, money=money),
    assessed=assessed,
    funding=cached(cofinancing, derived=("money",))(ctx.engine, portfolio_filter=ctx.filter,
                                                                      as_of=as_of, money=money),
    upkeep=cached(upkeep_alerts)(ctx.engine, portfolio_filter=ctx.filter, as_of=as_of),
)
if alerts.empty:
    st.success(t("overview.no_alerts", lang), icon=":material/check_circle:")
SHOWN_PER_KIND = 12
for position, kind in enumerate(ALERT_ORDER):
    rows = alerts[alerts["kind"] == kind.value]
    if rows.empty:
        continue
    title = t("overview.alert_count", lang, label=t(f"alert.{kind.value}", lang), count=len(rows))
    with st.expander(title, expanded=position < 2, icon=":material/warning:"):
        for _index, row in rows.head(SHOWN_PER_KIND).iterrows():
            # The tooltip is rendered as Markdown: the title or owner in it is user text.
            item_link(row["page"], f"{row['item']} — {tables.alert_detail(row, lang, currency)}",
                      {row["param"]: row["value"]}, help=escape_markdown(row["detail"]) if row["detail"] else None)
        if len(rows) > SHOWN_PER_KIND:
            st.caption(t("overview.more_alerts", lang, count=len(rows) - SHOWN_PER_KIND))
