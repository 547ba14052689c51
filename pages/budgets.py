"""Budgets: variance by project, funder, year or category; budget against consumed; burn against time;
co-financing with the declared-total check; a reporting currency with the rates used."""

from __future__ import annotations

import datetime as dt
from functools import partial

import streamlit as st

from dashboard import views
from dashboard.core.currency import MissingRateError
from dashboard.core.i18n import t
from dashboard.core.text import escape_markdown
from dashboard.figures import charts
from dashboard.presenting import tables
from dashboard.queries.money import GROUPINGS
from dashboard.web import context, forms
from dashboard.web.caching import cached
from dashboard.web.downloads import download_buttons, iati_button
from dashboard.web.widgets import button_row, empty_state, first_rows, illustrative_notice

ctx = context.page_context("budgets")
lang = ctx.lang
as_of = dt.date.today()

st.title(t("budgets.title", lang))
forms.show_notice()
if ctx.database_empty:
    empty_state(lang, database_empty=True)
    st.stop()
with button_row():  # the filtered portfolio, in IATI; as wide as its label in both languages
    iati_button(ctx.engine, ctx.filter, lang)

currencies = cached(views.reporting_currencies)(ctx.engine, as_of)
group_column, currency_column = st.columns([3, 1])
group_by = group_column.segmented_control(
    t("budgets.group_by", lang), list(GROUPINGS), default="project", required=True,
    format_func=lambda value: t(f"budgets.group.{value}", lang), key="budgets_group_by",
)
currency = currency_column.selectbox(t("pages.currency", lang), currencies, key="budgets_currency")

selected_code = st.query_params.get("project")
try:
    view = cached(views.budgets)(ctx.engine, ctx.filter, as_of, currency=currency, group_by=group_by)
except MissingRateError as error:
    st.error(t("pages.missing_rate", lang, currency=error.currency, target=currency), icon=":material/error:")
    st.stop()

if not view.has_money:
    empty_state(lang, database_empty=False, detail=t("budgets.no_money", lang))
    st.stop()

if selected_code:
    if view.has_project(selected_code):
        chosen_column, clear_column = st.columns([4, 1])
        chosen_column.info(t("budgets.selected_project", lang, code=selected_code), icon=":material/filter_alt:")

        def show_all() -> None:
            st.query_params.pop("project", None)

        clear_column.button(t("budgets.show_all", lang), on_click=show_all, key="budgets_show_all")
        view = view.for_project(selected_code)
        # Staff change the project or add a line to it here (forms with the upload's rules).
        with button_row():
            project_id = forms.located(ctx.engine, ctx.actor, kind="projects", key={"code": selected_code})
            forms.edit_button(ctx.engine, ctx.actor, lang, kind="projects", record_id=project_id,
                              key="budgets_edit_project", label=t("budgets.edit_project", lang))
            for added in ("budgets", "spending"):
                forms.add_button(ctx.engine, ctx.actor, lang, kind=added, key=f"budgets_add_{added}",
                                 preset={"project_code": selected_code})
    else:
        st.warning(t("budgets.project_not_found", lang, code=escape_markdown(selected_code)))

variance, burn, funding, rates = view.variance, view.burn, view.funding, view.rates
st.subheader(t("budgets.variance", lang))
st.caption(t("budgets.rules", lang))
if view.has_illustrative:
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
undated = view.undated_projects
st.plotly_chart(charts.burn_scatter(burn, lang, currency), key="budgets_burn")
if undated:
    st.caption(t("budgets.burn_undated", lang, count=undated))
st.dataframe(tables.burn_table(first_rows(burn, lang), lang, currency), hide_index=True, width="stretch")
download_buttons(partial(tables.burn_table, burn, lang, currency, export=True), "burn-vs-time", lang)

st.subheader(t("budgets.cofinancing", lang))
st.caption(t("budgets.cofinancing_help", lang))
if funding.empty:
    empty_state(lang, database_empty=False, detail=t("budgets.no_money", lang))
else:
    mismatched = view.mismatched_projects
    if mismatched:
        st.warning(t("budgets.mismatch_count", lang, count=mismatched), icon=":material/rule:")
    st.dataframe(tables.cofinancing_table(first_rows(funding, lang), lang), hide_index=True, width="stretch")
    download_buttons(partial(tables.cofinancing_table, funding, lang, export=True), "co-financing",
                        lang)
