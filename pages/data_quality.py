"""Data quality: what in the stored data would mislead a reader, each problem with a count, the list of
records, a way to open each record and the upload that fixes it."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from dashboard import views
from dashboard.core.i18n import t
from dashboard.presenting.data_quality import describe
from dashboard.presenting.formatting import format_date, format_number
from dashboard.web import context, forms
from dashboard.web.caching import cached
from dashboard.web.downloads import download_buttons
from dashboard.web.widgets import button_row, empty_state, item_link, open_record

ctx = context.page_context("data-quality")
lang = ctx.lang
today = dt.date.today()

st.title(t("dq.title", lang))
st.caption(t("dq.intro", lang, date=format_date(today, lang)))
forms.show_notice()

view = cached(views.data_quality)(ctx.engine, today)
report = view.report
if ctx.database_empty:
    empty_state(lang, database_empty=True)
if report.total == 0:
    st.success(t("dq.all_clear", lang), icon=":material/verified:")
else:
    st.warning(t("dq.total", lang, count=report.total), icon=":material/rule:")

counts = report.counts
columns = st.columns(4)
for index, rule in enumerate(view.rules):
    columns[index % 4].metric(t(f"dq.rule.{rule.key}.short", lang), format_number(counts[rule.key], lang),
                              help=t(f"dq.rule.{rule.key}.title", lang), border=True)

for rule in view.rules:
    issues = report.issues[rule.key]
    title = f"{t(f'dq.rule.{rule.key}.title', lang)} ({format_number(len(issues), lang)})"
    with st.expander(title, expanded=0 < len(issues) <= 12, icon=":material/error:" if len(issues) else
                     ":material/check_circle:"):
        st.caption(t(f"dq.rule.{rule.key}.help", lang))
        if issues.empty:
            st.caption(t("dq.none", lang))
            continue
        shown = describe(issues, lang)
        table = shown[["label", "detail"]].rename(columns={"label": t("dq.column.record", lang),
                                                           "detail": t("dq.column.problem", lang)})
        # Keyed on the data revision too: after a fix the list changes, and a kept selection would point at
        # the next record.
        event = st.dataframe(table, hide_index=True, key=f"dq_{rule.key}_{ctx.revision}", on_select="rerun",
                             selection_mode="single-row")
        st.caption(t("dq.select_hint_staff" if forms.can_edit(ctx.actor) else "dq.select_hint", lang))
        kind = t(f"dq.kind.{rule.fix_kind}", lang)
        item_link("upload", t("dq.fix_button", lang, kind=kind), {"kind": rule.fix_kind})
        download_buttons(shown.rename(columns={"label": t("dq.column.record", lang),
                                                  "detail": t("dq.column.problem", lang),
                                                  "record_url": t("dq.column.open", lang),
                                                  "fix_url": t("dq.column.fix", lang)}),
                            f"data_quality_{rule.key}", lang)
        if event.selection.rows:
            position = event.selection.rows[0]
            if not forms.can_edit(ctx.actor):
                open_record(str(shown.iloc[position]["record_url"]))
                continue
            # Staff fix the record here (the form on it) or open it where the app shows it.
            record = issues.iloc[position]
            with button_row():
                forms.fix_button(ctx.engine, ctx.actor, lang, rule=rule.key, table=str(record["table"]),
                                 record_id=int(record["record_id"]), key=f"dq_fix_{rule.key}")
                if st.button(t("dq.open_record", lang), key=f"dq_open_{rule.key}", icon=":material/open_in_new:"):
                    open_record(str(shown.iloc[position]["record_url"]))
