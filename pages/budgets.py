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
from dashboard.presenting.formatting import format_money, format_rate
from dashboard.queries.money import GROUPINGS
from dashboard.web import context, forms
from dashboard.web.caching import cached
from dashboard.web.downloads import download_buttons, iati_button
from dashboard.web.widgets import button_row, empty_state, illustrative_notice, page_of_rows

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
partial_note = tables.not_converted_note(view.not_converted, currency, lang)
# A download of partial totals says so in its name and inside the file (its cells stay raw numbers a spreadsheet
# can add up; the note is the header of a last, empty column, and an Excel note sheet).
FILE_NOTE = tables.not_converted_file_note(view.not_converted, currency, lang)
if partial_note:
    st.warning(partial_note, icon=":material/currency_exchange:")
st.subheader(t("budgets.variance", lang))
st.caption(t("budgets.rules", lang))
if view.has_illustrative:
    illustrative_notice(lang)
st.plotly_chart(
    charts.execution_bars(variance, lang, currency, title=t("figure.execution_title", lang)),
    key="budgets_execution",
)


@st.fragment
def variance_rows() -> None:
    """The variance table a page at a time (turning a page redraws this part alone)."""
    shown = page_of_rows(variance, lang, key=f"budgets_variance_page_{group_by}")
    st.dataframe(tables.variance_table(shown, group_by, lang, currency), hide_index=True, width="stretch")
    download_buttons(partial(tables.variance_table, variance, group_by, lang, currency, export=True),
                     f"budget-variance-{group_by}", lang, note=FILE_NOTE)


variance_rows()

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
plotted = charts.burn_plotted(burn)
if len(plotted) > charts.BURN_BIN_ABOVE:  # the chart counts projects in cells: the most over-spent by name
    named = charts.most_overspent(burn)
    st.caption(t("budgets.burn_binned", lang, count=len(plotted), named=len(named)))
    st.markdown("  \n".join(
        t("budgets.burn_named_row", lang, rank=rank, code=escape_markdown(str(row.code)),
          title=escape_markdown(str(row.title)), rate=format_rate(row.execution_rate, lang),
          amount=format_money(row.over_by, currency, lang))
        for rank, row in enumerate(named.itertuples(), start=1)))


@st.fragment
def burn_rows() -> None:
    """The burn table a page at a time; every over-spent project can be listed on its own (turning a page or
    ticking the box redraws this part alone)."""
    overspent = int(burn["overspent"].sum())
    only = overspent > 0 and st.checkbox(
        t("budgets.only_overspent", lang, count=overspent), key="budgets_only_overspent")
    rows = burn.loc[burn["overspent"]] if only else burn
    shown = page_of_rows(rows, lang, key=f"budgets_burn_page_{'overspent' if only else 'all'}")
    st.dataframe(tables.burn_table(shown, lang, currency), hide_index=True, width="stretch")
    download_buttons(partial(tables.burn_table, burn, lang, currency, export=True), "burn-vs-time", lang,
                     note=FILE_NOTE)


burn_rows()

st.subheader(t("budgets.cofinancing", lang))
st.caption(t("budgets.cofinancing_help", lang))
if funding.empty:
    empty_state(lang, database_empty=False, detail=t("budgets.no_money", lang))
else:
    mismatched = view.mismatched_projects
    if mismatched:
        st.warning(t("budgets.mismatch_count", lang, count=mismatched), icon=":material/rule:")


    @st.fragment
    def cofinancing_rows() -> None:
        shown = page_of_rows(funding, lang, key="budgets_cofinancing_page")
        st.dataframe(tables.cofinancing_table(shown, lang), hide_index=True, width="stretch")
        download_buttons(partial(tables.cofinancing_table, funding, lang, export=True), "co-financing", lang,
                         note=FILE_NOTE)

    cofinancing_rows()
