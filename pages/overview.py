"""Overview (leadership): headline figures with their change, budget by funder and theme, alerts that lead to
their items."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from dashboard import figures, metrics, presenting, queries, ui, ui_briefing
from dashboard.formatting import format_money, format_number, format_rate
from dashboard.i18n import t

ctx = ui.page_context("overview")
lang = ctx.lang
currency = metrics.REPORTING_BASE_CURRENCY
as_of = dt.date.today()

st.title(t("overview.title", lang))
if ctx.database_empty:
    ui.empty_state(lang, database_empty=True)
    st.stop()

# The filter's money and indicator status (of both periods) are read once, side by side, and handed to every
# figure below (cached with them).
money, assessed, previous_assessed = ui.run_together(
    lambda: ui.cached(queries.portfolio_money)(ctx.engine, portfolio_filter=ctx.filter, as_of=as_of,
                                               with_previous=True),
    lambda: ui.cached(queries.indicator_assessments)(ctx.engine, portfolio_filter=ctx.filter, as_of=as_of),
    lambda: ui.cached(queries.previous_assessments)(ctx.engine, portfolio_filter=ctx.filter, as_of=as_of),
)
headline = ui.cached(queries.headline_figures, derived=("money", "assessed", "previous_assessed"))(
    ctx.engine, portfolio_filter=ctx.filter, currency=currency, as_of=as_of, money=money, assessed=assessed,
    previous_assessed=previous_assessed)
now, before = headline.current, headline.previous
if now.projects == 0:
    ui.empty_state(lang, database_empty=False)
    st.stop()

st.caption(presenting.period_caption(headline.period_start, headline.period_end, headline.previous_start,
                                     headline.previous_end, lang))
ui_briefing.briefing_button(ctx, as_of=as_of, currency=currency)  # one-click leadership briefing (issue 7)


def change(current: float | None, previous: float | None, kind: str) -> str | None:
    """The metric's delta text, formatted like the figure; None when there is nothing to compare."""
    shown = presenting.headline_change(current, previous, kind, currency, lang)
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
    ui.illustrative_notice(lang)

funder_column, theme_column = st.columns(2, gap="large")
by_funder = ui.cached(queries.budget_variance, derived=("money",))(
    ctx.engine, portfolio_filter=ctx.filter, group_by="funder", currency=currency, as_of=as_of, money=money)
by_theme = ui.cached(queries.money_by_theme, derived=("money",))(
    ctx.engine, portfolio_filter=ctx.filter, currency=currency, as_of=as_of, money=money)
with funder_column:
    if by_funder.empty:
        ui.empty_state(lang, database_empty=False, detail=t("budgets.no_money", lang))
    else:
        st.plotly_chart(figures.money_bars(by_funder, "label", lang, currency,
                                           title=t("figure.by_funder_title", lang)), key="overview_by_funder")
with theme_column:
    if by_theme.empty:
        ui.empty_state(lang, database_empty=False, detail=t("budgets.no_money", lang))
    else:
        st.plotly_chart(figures.money_bars(by_theme, "theme", lang, currency,
                                           title=t("figure.by_theme_title", lang)), key="overview_by_theme")
rates = ui.cached(queries.latest_rates)(ctx.engine, as_of=as_of)
st.caption(presenting.split_rule_caption(rates.table, currency, lang))

st.subheader(t("overview.alerts", lang))
# The same cached frames as the Budgets and Indicators pages: opening one after the other costs nothing.
alerts = queries.alerts_from(
    currency=currency,
    burn=ui.cached(queries.burn_vs_time, derived=("money",))(ctx.engine, portfolio_filter=ctx.filter,
                                                             currency=currency, as_of=as_of, money=money),
    assessed=assessed,
    funding=ui.cached(queries.cofinancing, derived=("money",))(ctx.engine, portfolio_filter=ctx.filter, as_of=as_of,
                                                               money=money),
    upkeep=ui.cached(queries.upkeep_alerts)(ctx.engine, portfolio_filter=ctx.filter, as_of=as_of),
)
if alerts.empty:
    st.success(t("overview.no_alerts", lang), icon=":material/check_circle:")
SHOWN_PER_KIND = 12
for position, kind in enumerate(queries.ALERT_ORDER):
    rows = alerts[alerts["kind"] == kind.value]
    if rows.empty:
        continue
    title = t("overview.alert_count", lang, label=t(f"alert.{kind.value}", lang), count=len(rows))
    with st.expander(title, expanded=position < 2, icon=":material/warning:"):
        for _index, row in rows.head(SHOWN_PER_KIND).iterrows():
            ui.item_link(row["page"], f"{row['item']} — {presenting.alert_detail(row, lang, currency)}",
                         {row["param"]: row["value"]}, help=row["detail"] or None)
        if len(rows) > SHOWN_PER_KIND:
            st.caption(t("overview.more_alerts", lang, count=len(rows) - SHOWN_PER_KIND))
