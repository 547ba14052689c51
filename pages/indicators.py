"""Indicators: status of every indicator with a legend, the portfolio's progress towards targets over time,
and each project's indicator trends with baseline and target lines."""

from __future__ import annotations

import datetime as dt
from functools import partial

import streamlit as st

from dashboard import views
from dashboard.core.i18n import t
from dashboard.core.text import escape_markdown
from dashboard.figures import charts
from dashboard.presenting import tables
from dashboard.presenting.formatting import format_date, format_rate
from dashboard.presenting.labels import indicator_rule_label
from dashboard.views.portfolio import ids_of
from dashboard.web import context, forms
from dashboard.web.caching import cached
from dashboard.web.downloads import download_buttons
from dashboard.web.widgets import button_row, empty_state, illustrative_notice, page_of_rows

ctx = context.page_context("indicators")
lang = ctx.lang
as_of = dt.date.today()

st.title(t("indicators.title", lang))
forms.show_notice()
if ctx.database_empty:
    empty_state(lang, database_empty=True)
    st.stop()

view = cached(views.indicators)(ctx.engine, ctx.filter, as_of)
if view.is_empty:
    empty_state(lang, database_empty=False, detail=t("indicators.none", lang))
    st.stop()

st.caption(t("indicators.rules", lang, start=format_date(view.window_start, lang),
             end=format_date(view.window_end, lang)))
st.markdown(
    f"**{t('indicators.legend', lang)}** — "
    + " · ".join(
        f":{charts.STATUS_BADGES[status]}-badge[{t(f'indicator_status.{status}', lang)}] "
        + t(f"indicators.legend.{status}", lang)
        for status in charts.STATUS_ORDER
    )
)
share = view.on_track_share
if share is not None:
    st.metric(t("metric.on_track_share", lang), format_rate(share, lang),
              help=t("indicators.on_track_share", lang, share=format_rate(share, lang)))
if view.has_illustrative:
    illustrative_notice(lang)

# An alert on the Overview links here with ?indicator=<id> (or ?project=<code>): open on that item.
wanted_indicator = st.query_params.get("indicator")
wanted_project = st.query_params.get("project")
if wanted_indicator and wanted_indicator.isdigit():
    wanted_project = view.project_of_indicator(int(wanted_indicator)) or wanted_project

st.subheader(t("indicators.portfolio", lang))
status_column, trend_column = st.columns(2, gap="large")
with status_column:
    st.plotly_chart(charts.status_bars(view.assessments, lang), key="indicators_status")
with trend_column:
    if view.trend.empty:
        st.info(t("indicators.no_trend", lang), icon=":material/info:")
    else:
        st.plotly_chart(charts.portfolio_progress(view.trend, lang), key="indicators_portfolio_trend")



@st.fragment
def status_table() -> None:
    """Every indicator's status, a page at a time; choosing statuses or a page redraws this part alone."""
    shown_statuses = st.multiselect(
        t("indicators.status_filter", lang), list(charts.STATUS_ORDER), default=list(charts.STATUS_ORDER),
        format_func=lambda status: t(f"indicator_status.{status}", lang), key="indicators_statuses",
        placeholder=t("indicators.status_choose", lang),
    )
    table = view.with_statuses(shown_statuses)
    shown = page_of_rows(table, lang, key=f"indicators_page_{'_'.join(sorted(shown_statuses))}")
    st.dataframe(tables.assessment_table(shown, lang), hide_index=True, width="stretch")
    download_buttons(partial(tables.assessment_table, table, lang, export=True), "indicator-status", lang)


status_table()

st.subheader(t("indicators.per_project", lang))
projects = view.projects
project = st.selectbox(
    t("indicators.project", lang), projects,
    index=projects.index(wanted_project) if wanted_project in projects else 0, key="indicators_project",
)
project_indicators = view.indicators_of(project)
series = cached(views.indicator_series)(ctx.engine, ids_of(project_indicators), as_of)
forms.add_button(ctx.engine, ctx.actor, lang, kind="indicators", key="indicators_add", preset={"project_code": project})
columns = st.columns(2, gap="large")
for position, (_index, indicator) in enumerate(project_indicators.iterrows()):
    with columns[position % 2]:
        status = indicator["status"]
        rule = indicator_rule_label(bool(indicator["adds_up"]), bool(indicator["cumulative"]), lang)
        st.markdown(
            f":{charts.STATUS_BADGES[status]}-badge[{t(f'indicator_status.{status}', lang)}] "
            f"**{escape_markdown(indicator['code'])}** — {rule}"
        )
        indicator_id = int(indicator["indicator_id"])
        if forms.can_edit(ctx.actor):  # staff: the indicator's own form, and a value for a period
            with button_row():
                forms.edit_button(ctx.engine, ctx.actor, lang, kind="indicators", record_id=indicator_id,
                                  key=f"indicator_edit_{indicator_id}")
                forms.add_button(ctx.engine, ctx.actor, lang, kind="indicator-values",
                                 key=f"indicator_add_{indicator_id}",
                                 preset={"project_code": project, "indicator_code": indicator["code"]})
        if not series.has_values(indicator["indicator_id"]):
            st.info(t("indicators.no_values", lang), icon=":material/info:")
        else:
            st.plotly_chart(charts.indicator_trend(series.of(indicator["indicator_id"]), indicator, lang),
                            key=f"indicator_trend_{indicator['indicator_id']}")
