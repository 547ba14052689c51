"""Partners: the partner list under the filters, one partner's detail with its reviews (review form for staff,
note form for the reference group), the reviews overdue, and the gap analysis for the reference group.
Layout only: the data are ``dashboard.views.partnerships``'s; a review is recorded through the one-record form
(``dashboard.web.forms``: a row of the ``reviews`` upload, saved as a batch of one), a note through
``dashboard.web.review_forms``."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from dashboard.core.i18n import t
from dashboard.core.permissions import Capability, can
from dashboard.core.text import escape_markdown
from dashboard.figures.gaps import gap_heatmap
from dashboard.presenting import tables
from dashboard.presenting.formatting import format_date, format_money
from dashboard.presenting.labels import region_label
from dashboard.presenting.partners import (
    detail_caption,
    detail_facts,
    detail_title,
    gaps_display,
    history_display,
    notes_display,
    objectives_markdown,
    overdue_display,
    partner_display,
    projects_display,
    summary_display,
)
from dashboard.views import partnerships
from dashboard.web import context, forms
from dashboard.web.caching import cached
from dashboard.web.downloads import download_buttons
from dashboard.web.review_forms import note_form, show_flash
from dashboard.web.state import query_id
from dashboard.web.widgets import date_columns, empty_state, illustrative_notice

VIEW_KEY = "partners_view"
CHOICE_KEY = "partners_detail_choice"
# Widget state is dropped when another page runs; these plain keys remember the view and the partner.
REMEMBERED_VIEW_KEY = "partners_remembered_view"
REMEMBERED_CHOICE_KEY = "partners_remembered_choice"
LAST_REQUEST_KEY = "partners_last_request"

ctx = context.page_context("partners")
lang = ctx.lang
today = dt.date.today()

views = ["table", "detail", "reviews"]
if can(ctx.actor, Capability.read_gap_analysis):
    views.append("gaps")


def _requested_partner() -> int | None:
    return query_id("partner")


def _open_partner(organisation_id: int) -> None:
    st.query_params["partner"] = str(organisation_id)
    st.session_state[LAST_REQUEST_KEY] = organisation_id
    st.session_state[CHOICE_KEY] = organisation_id
    st.session_state[VIEW_KEY] = "detail"


# A link to ?partner=<id> (from the Overview alerts, the map or data quality) opens that partner, also when
# this session had the page open on another view before.
_request = _requested_partner()
if _request is not None and st.session_state.get(LAST_REQUEST_KEY) != _request:
    st.session_state[VIEW_KEY] = "detail"
    st.session_state[CHOICE_KEY] = _request
st.session_state[LAST_REQUEST_KEY] = _request
if VIEW_KEY not in st.session_state:
    requested_view = st.query_params.get("view") or st.session_state.get(REMEMBERED_VIEW_KEY)
    st.session_state[VIEW_KEY] = requested_view if requested_view in views else "table"

st.title(t("partners.title", lang))
forms.show_notice()
view_column, currency_column = st.columns([3, 1])
view = view_column.segmented_control(
    t("partners.view", lang), views, key=VIEW_KEY, required=True,
    format_func=lambda value: t(f"partners.view.{value}", lang),
)
st.session_state[REMEMBERED_VIEW_KEY] = view
currencies = cached(partnerships.partner_currencies)(ctx.engine)
currency = currency_column.selectbox(t("partners.currency", lang), currencies, key="partners_currency")
st.caption(t("partners.caption", lang, currency=currency))
show_flash()


def _select_row_callback(table_key: str, ids: list[int]) -> None:
    selection = st.session_state[table_key].selection.rows
    if selection:
        _open_partner(ids[selection[0]])


# ---------------------------------------------------------------------------------------------------------
# Partner list
# ---------------------------------------------------------------------------------------------------------


def show_table() -> None:
    search = st.text_input(t("partners.search", lang), key="partners_search", help=t("partners.search_help", lang))
    listed = cached(partnerships.partner_list)(ctx.engine, ctx.filter, currency=currency, search=search)
    if listed.is_empty:
        if search.strip():
            st.info(t("partners.no_partner", lang), icon=":material/search_off:")
        else:
            empty_state(lang, database_empty=ctx.database_empty)
        return
    missing = (t("partners.missing_rates", lang, currencies=", ".join(listed.table.missing_rates))
               if listed.table.missing_rates else None)
    if missing:
        st.warning(missing, icon=":material/currency_exchange:")
    forms.add_button(ctx.engine, ctx.actor, lang, kind="partners", key="partners_add")
    shown = partner_display(listed.table, lang)
    st.caption(t("partners.count", lang, count=len(shown)) + " · "
               + t("partners.select_hint", lang))
    ids = listed.ids
    money = t("partners.column.contributions", lang, currency=currency)
    st.dataframe(
        shown,
        hide_index=True,
        height=520,
        key="partners_table",
        on_select=lambda: _select_row_callback("partners_table", ids),
        selection_mode="single-row",
        column_config={
            t("partners.column.name", lang): st.column_config.TextColumn(width="medium"),
            t("partners.column.acronym", lang): st.column_config.TextColumn(width="small"),
            money: st.column_config.NumberColumn(money, format="localized"),
            **date_columns(shown, [t("partners.column.last_review", lang), t("partners.column.next_review", lang)],
                           lang),
        },
    )
    download_buttons(shown, "partners", lang, note=tables.missing_rates_file_note(missing, lang))


# ---------------------------------------------------------------------------------------------------------
# Partner detail, reviews and notes
# ---------------------------------------------------------------------------------------------------------


def show_detail() -> None:
    search = st.text_input(t("partners.detail.find", lang), key="partners_detail_search",
                           help=t("partners.search_help", lang))
    labels = cached(partnerships.partner_choices)(ctx.engine, ctx.filter, search)
    if search.strip() and not labels:
        st.info(t("partners.no_partner", lang), icon=":material/search_off:")
        return
    requested = _requested_partner()
    if requested is not None and requested not in labels and not search.strip():
        # A link to a partner the filters hide still opens it.
        labels = {requested: f"#{requested}", **labels}
    if not labels:
        empty_state(lang, database_empty=ctx.database_empty)
        return
    if CHOICE_KEY not in st.session_state or st.session_state[CHOICE_KEY] not in labels:
        remembered = st.session_state.get(REMEMBERED_CHOICE_KEY)
        only = next(iter(labels)) if search.strip() and len(labels) == 1 else None  # the one partner found
        st.session_state[CHOICE_KEY] = (
            only if only is not None else requested if requested in labels
            else remembered if remembered in labels else None
        )
    chosen = st.selectbox(
        t("partners.detail.choose", lang), list(labels), key=CHOICE_KEY, format_func=lambda key: labels[key],
        index=None, placeholder=t("partners.detail.none", lang),
    )
    st.session_state[REMEMBERED_CHOICE_KEY] = chosen
    if chosen is None:
        st.info(t("partners.detail.none", lang), icon=":material/touch_app:")
        return
    if st.query_params.get("partner") != str(chosen):
        st.query_params["partner"] = str(chosen)
        st.session_state[LAST_REQUEST_KEY] = int(chosen)
    partner = cached(partnerships.partner_detail)(ctx.engine, int(chosen), currency=currency, today=today)
    detail = partner.detail
    if detail is None:
        st.warning(t("partners.detail.missing", lang, id=chosen), icon=":material/person_off:")
        return
    st.header(detail_title(detail))
    st.caption(detail_caption(detail, lang))
    forms.edit_button(ctx.engine, ctx.actor, lang, kind="partners", record_id=int(chosen),
                      key=f"partner_edit_{chosen}")

    facts, review_column, money_column = st.columns([2, 1, 1])
    facts.markdown(detail_facts(detail, lang))
    overdue = partner.days_overdue
    review_column.metric(
        t("partners.detail.review_due", lang), format_date(partner.next_review, lang),
        delta=t("partners.detail.overdue", lang, days=overdue) if overdue is not None else None,
        delta_color="inverse" if overdue is not None else "normal", delta_arrow="off",
    )
    money_column.metric(t("partners.detail.total", lang), format_money(detail.total_contribution, currency, lang))
    if detail.missing_rates:
        st.warning(t("partners.missing_rates", lang, currencies=", ".join(detail.missing_rates)))

    for other_id, other in partner.twins:
        st.warning(t("partners.detail.duplicate", lang, name=escape_markdown(other), id=other_id),
                   icon=":material/content_copy:")
        st.button(t("partners.detail.open_duplicate", lang), key=f"open_duplicate_{other_id}",
                  on_click=_open_partner, args=(other_id,))

    st.subheader(t("partners.detail.roles_title", lang))
    if detail.projects.empty:
        st.caption(t("partners.detail.no_roles", lang))
    else:
        st.dataframe(projects_display(detail, lang), hide_index=True)

    st.subheader(t("partners.detail.objectives_title", lang))
    partnership_objectives, strategic_objectives = objectives_markdown(detail, lang)
    left, right = st.columns(2)
    left.markdown("**" + t("partners.detail.partnership_objectives", lang) + "**")
    left.markdown(partnership_objectives)
    right.markdown("**" + t("partners.detail.strategic_objectives", lang) + "**")
    right.markdown(strategic_objectives)

    st.subheader(t("partners.detail.reviews_title", lang))
    if detail.reviews.empty:
        st.caption(t("partners.detail.no_reviews", lang))
    else:
        history = history_display(detail.reviews, lang)
        st.dataframe(history, hide_index=True, key="review_history", column_config=date_columns(
            history, [t("partners.column.review_date", lang), t("partners.column.next_review_due", lang)], lang))
        if detail.reviews["is_illustrative"].any():
            illustrative_notice(lang)
    if not detail.notes.empty:
        st.subheader(t("partners.detail.notes_title", lang))
        st.dataframe(notes_display(detail.notes, lang), hide_index=True, key="review_notes")

    can_review = forms.can_edit(ctx.actor)
    can_note = can(ctx.actor, Capability.add_review_note)
    if can_review:
        review_form(int(chosen))
    if can_note:
        if can_review:
            with st.expander(t("review.note.title", lang)):
                note_form(ctx, int(chosen))
        else:
            note_form(ctx, int(chosen))
    if not can_review and not can_note:
        st.caption(t("review.read_only", lang))


def review_form(organisation_id: int) -> None:
    """Staff record a review of the partner in the page: the ``reviews`` upload's row as a form, the partner,
    today and the reviewer filled in (the same form as the Overview's Fix on an overdue review)."""
    st.subheader(t("review.form.title", lang))
    st.caption(t("review.form.intro", lang))
    partner = forms.related(ctx.engine, ctx.actor, kind="reviews", table="organisation", record_id=organisation_id)
    forms.inline_add_form(ctx.engine, ctx.actor, lang, kind="reviews", key=f"partner_review_{organisation_id}",
                          preset=lambda: {**partner(), "review_date": today, "reviewer": ctx.actor.username})


# ---------------------------------------------------------------------------------------------------------
# Reviews due
# ---------------------------------------------------------------------------------------------------------


def show_reviews_due() -> None:
    st.subheader(t("reviews.due.title", lang))
    owners = ("", *cached(partnerships.review_owners)(ctx.engine))
    mine = partnerships.default_owner(owners[1:], ctx.actor.username if ctx.actor else None)
    owner = st.selectbox(t("reviews.due.owner", lang), owners, index=owners.index(mine),
                         format_func=lambda value: value or t("reviews.due.all_owners", lang), key="reviews_owner")
    due = cached(partnerships.reviews_due)(ctx.engine, ctx.filter, today=today, owner=owner or None)
    if due.overdue.empty:
        st.success(t("reviews.due.none", lang), icon=":material/event_available:")
    else:
        show_overdue(due)
    if not due.untracked.empty:
        with st.expander(t("reviews.untracked.title", lang, count=len(due.untracked)),
                         icon=":material/person_search:"):
            st.caption(t("reviews.untracked.help", lang))
            shown_untracked = overdue_display(due.untracked.assign(days_overdue=0), lang).drop(
                columns=[t("partners.column.days_overdue", lang)])
            untracked_ids = due.untracked_ids
            st.dataframe(shown_untracked, hide_index=True, key="reviews_untracked_table",
                         selection_mode="single-row", on_select=lambda: _select_row_callback(
                             "reviews_untracked_table", untracked_ids))
            download_buttons(shown_untracked, "partnerships_untracked", lang)


def show_overdue(due: partnerships.ReviewsDueView) -> None:
    st.warning(t("reviews.due.count", lang, count=len(due.overdue),
                 date=format_date(today, lang)), icon=":material/event_busy:")
    shown = overdue_display(due.overdue, lang)
    st.caption(t("partners.select_hint", lang))
    ids = due.overdue_ids
    st.dataframe(
        shown, hide_index=True, key="reviews_due_table", selection_mode="single-row",
        on_select=lambda: _select_row_callback("reviews_due_table", ids),
        column_config=date_columns(shown, [t("partners.column.last_review", lang),
                                           t("partners.column.next_review", lang)], lang),
    )
    download_buttons(shown, "reviews_overdue", lang)


# ---------------------------------------------------------------------------------------------------------
# Gap analysis
# ---------------------------------------------------------------------------------------------------------


def show_gaps() -> None:
    st.subheader(t("gaps.title", lang))
    found = cached(partnerships.gap_view)(ctx.engine, ctx.filter, currency=currency)
    analysis = found.analysis
    if not analysis.regions:
        empty_state(lang, database_empty=ctx.database_empty)
        return
    if analysis.frame.empty:
        st.info(t("gaps.none", lang), icon=":material/info:")
        return
    st.caption(t("gaps.intro", lang, currency=currency))
    missing = (t("partners.missing_rates", lang, currencies=", ".join(analysis.missing_rates))
               if analysis.missing_rates else None)
    if missing:
        st.warning(missing)
    st.markdown(t("gaps.counts", lang, objectives=found.objectives, regions=len(analysis.regions),
                  gaps=found.empty_cells))
    names = {region: region_label(region, lang) for region in analysis.regions}
    st.markdown("**" + t("gaps.heatmap_title", lang) + "**")
    figure = gap_heatmap(analysis, region_names=names, hover=t("gaps.heatmap_hover", lang))
    st.plotly_chart(figure, key="gaps_heatmap", config={"displaylogo": False})
    st.caption(t("gaps.drill_down", lang))

    st.markdown("**" + t("gaps.summary_title", lang) + "**")
    summary = summary_display(found.summary, lang, currency)
    money = t("gaps.column.funding_total", lang, currency=currency)
    title_column = {t("gaps.column.title", lang): st.column_config.TextColumn(width="medium")}
    st.dataframe(summary, hide_index=True, key="gaps_summary",
                 column_config={**title_column, money: st.column_config.NumberColumn(money, format="localized")})

    st.markdown("**" + t("gaps.table_title", lang) + "**")
    only_gaps = st.toggle(t("gaps.only_gaps", lang), value=True, key="gaps_only")
    frame = analysis.gap_rows() if only_gaps else analysis.frame
    shown = gaps_display(frame, lang, currency)
    st.dataframe(shown, hide_index=True, key="gaps_table", column_config={
        **title_column,
        **{name: st.column_config.NumberColumn(name, format="localized")
           for name in shown.columns if pd.api.types.is_float_dtype(shown[name])},
    })
    download_buttons(gaps_display(analysis.frame, lang, currency), "gap_analysis", lang,
                     note=tables.missing_rates_file_note(missing, lang))


{"table": show_table, "detail": show_detail, "reviews": show_reviews_due, "gaps": show_gaps}[str(view)]()
