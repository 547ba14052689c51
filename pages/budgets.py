"""Budgets: variance by project, funder, year or category; budget against consumed; burn against time;
co-financing with the declared-total check; a reporting currency with the rates used."""

from __future__ import annotations

import datetime as dt
from functools import partial

import streamlit as st

from dashboard.core import metrics
from dashboard.core.currency import MissingRateError
from dashboard.core.i18n import t
from dashboard.figures import charts
from dashboard.presenting import tables
from dashboard.queries.budgets import burn_vs_time, cofinancing
from dashboard.queries.money import GROUPINGS, budget_variance, portfolio_money
from dashboard.queries.rates import latest_rates
from dashboard.web import context
from dashboard.web.caching import cached
from dashboard.web.downloads import download_buttons
from dashboard.web.widgets import empty_state, first_rows, illustrative_notice

ctx = context.page_context("budgets")
lang = ctx.lang
as_of = dt.date.today()

st.title(t("budgets.title", lang))
if ctx.database_empty:
    empty_state(lang, database_empty=True)
    st.stop()

rates = cached(latest_rates)(ctx.engine, as_of=as_of)
currencies = [metrics.REPORTING_BASE_CURRENCY, *[code for code in rates.eur_per_unit
                                                 if code != metrics.REPORTING_BASE_CURRENCY]]
group_column, currency_column = st.columns([3, 1])
group_by = group_column.segmented_control(
    t("budgets.group_by", lang), list(GROUPINGS), default="project", required=True,
    format_func=lambda value: t(f"budgets.group.{value}", lang), key="budgets_group_by",
)
currency = currency_column.selectbox(t("pages.currency", lang), currencies, key="budgets_currency")

selected_code = st.query_params.get("project")
# The filter's money is read once and handed to the variance, burn and co-financing (cached with them).
money = cached(portfolio_money)(ctx.engine, portfolio_filter=ctx.filter, as_of=as_of)
try:
    variance = cached(budget_variance, derived=("money",))(
        ctx.engine, portfolio_filter=ctx.filter, group_by=group_by, currency=currency, as_of=as_of, money=money)
    burn = cached(burn_vs_time, derived=("money",))(ctx.engine, portfolio_filter=ctx.filter,
                                                               currency=currency, as_of=as_of, money=money)
except MissingRateError as error:
    st.error(t("pages.missing_rate", lang, currency=error.currency, target=currency), icon=":material/error:")
    st.stop()

if variance.empty:
    empty_state(lang, database_empty=False, detail=t("budgets.no_money", lang))
    st.stop()

if selected_code:
    if selected_code in set(burn["code"]):
        chosen_column, clear_column = st.columns([4, 1])
        chosen_column.info(t("budgets.selected_project", lang, code=selected_code), icon=":material/filter_alt:")

        def show_all() -> None:
            st.query_params.pop("project", None)

        clear_column.button(t("budgets.show_all", lang), on_click=show_all, key="budgets_show_all")
        if group_by == "project":
            variance = variance[variance["label"] == selected_code]
        burn = burn[burn["code"] == selected_code]
    else:
        st.warning(t("budgets.project_not_found", lang, code=selected_code))
        selected_code = None

st.subheader(t("budgets.variance", lang))
st.caption(t("budgets.rules", lang))
if variance["is_illustrative"].any():
    illustrative_notice(lang)
st.plotly_chart(
    charts.execution_bars(variance, lang, currency, title=t("figure.execution_title", lang)),
    key="budgets_execution",
)
st.dataframe(tables.variance_table(first_rows(variance, lang), group_by, lang, currency), hide_index=True,
             width="stretch")
download_buttons(partial(tables.variance_table, variance, group_by, lang, currency, export=True),
                    f"budget-variance-{group_by}", lang)

if rates.table.empty:
    st.caption(t("pages.rates_none", lang, currency=currency))
else:
    st.caption(t("pages.rates_caption", lang, currency=currency))
    st.dataframe(tables.rates_table(rates.table, lang), hide_index=True)

st.subheader(t("budgets.burn", lang))
undated = int(burn["time_elapsed"].isna().sum())
st.plotly_chart(charts.burn_scatter(burn, lang, currency), key="budgets_burn")
if undated:
    st.caption(t("budgets.burn_undated", lang, count=undated))
st.dataframe(tables.burn_table(first_rows(burn, lang), lang, currency), hide_index=True, width="stretch")
download_buttons(partial(tables.burn_table, burn, lang, currency, export=True), "burn-vs-time", lang)

st.subheader(t("budgets.cofinancing", lang))
st.caption(t("budgets.cofinancing_help", lang))
funding = cached(cofinancing, derived=("money",))(ctx.engine, portfolio_filter=ctx.filter,
                                                                    as_of=as_of, money=money)
if selected_code:
    funding = funding[funding["code"] == selected_code]
if funding.empty:
    empty_state(lang, database_empty=False, detail=t("budgets.no_money", lang))
else:
    mismatched = funding.loc[funding["declared_mismatch"].astype(bool), "code"].nunique()
    if mismatched:
        st.warning(t("budgets.mismatch_count", lang, count=mismatched), icon=":material/rule:")
    st.dataframe(tables.cofinancing_table(first_rows(funding, lang), lang), hide_index=True, width="stretch")
    download_buttons(partial(tables.cofinancing_table, funding, lang, export=True), "co-financing",
                        lang)
