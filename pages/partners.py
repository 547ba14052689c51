"""Partners: the partner list under the filters, one partner's detail with its reviews (review form for staff,
note form for the reference group), the reviews overdue, and the gap analysis for the reference group."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from dashboard.core import db
from dashboard.core.i18n import t
from dashboard.core.permissions import Capability, PermissionDeniedError, can
from dashboard.core.regions import country_name
from dashboard.core.text import escape_markdown
from dashboard.figures.gaps import gap_heatmap
from dashboard.presenting.formatting import format_date, format_money, format_number
from dashboard.presenting.labels import enum_label, region_label
from dashboard.presenting.partners import (
    gaps_display,
    history_display,
    notes_display,
    overdue_display,
    partner_display,
    projects_display,
    summary_display,
)
from dashboard.queries import data_quality, gaps, partners, reviews
from dashboard.web import context
from dashboard.web.caching import cached
from dashboard.web.downloads import download_buttons
from dashboard.web.widgets import empty_state, illustrative_notice

VIEW_KEY = "partners_view"
CHOICE_KEY = "partners_detail_choice"
# Widget state is dropped when another page runs; these plain keys remember the view and the partner.
REMEMBERED_VIEW_KEY = "partners_remembered_view"
REMEMBERED_CHOICE_KEY = "partners_remembered_choice"
FLASH_KEY = "partners_flash"
LAST_REQUEST_KEY = "partners_last_request"
DATE_FORMATS = {"en": "D MMM YYYY", "fr": "DD/MM/YYYY"}

ctx = context.page_context("partners")
lang = ctx.lang
today = dt.date.today()
date_format = DATE_FORMATS.get(lang, "YYYY-MM-DD")

views = ["table", "detail", "reviews"]
if can(ctx.actor, Capability.read_gap_analysis):
    views.append("gaps")


def _requested_partner() -> int | None:
    value = st.query_params.get("partner")
    return int(value) if value and value.isdigit() else None


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
view_column, currency_column = st.columns([3, 1])
view = view_column.segmented_control(
    t("partners.view", lang), views, key=VIEW_KEY, required=True,
    format_func=lambda value: t(f"partners.view.{value}", lang),
)
st.session_state[REMEMBERED_VIEW_KEY] = view
currencies = cached(partners.currency_choices)(ctx.engine)
currency = currency_column.selectbox(t("partners.currency", lang), currencies, key="partners_currency")
st.caption(t("partners.caption", lang, currency=currency))

if st.session_state.get(FLASH_KEY):
    st.success(st.session_state.pop(FLASH_KEY), icon=":material/check_circle:")


def _select_row_callback(table_key: str, ids: list[int]) -> None:
    selection = st.session_state[table_key].selection.rows
    if selection:
        _open_partner(ids[selection[0]])


def _date_columns(frame: pd.DataFrame, names: list[str]) -> dict[str, object]:
    return {name: st.column_config.DateColumn(name, format=date_format) for name in names if name in frame}


# ---------------------------------------------------------------------------------------------------------
# Partner list
# ---------------------------------------------------------------------------------------------------------


def show_table() -> None:
    search = st.text_input(t("partners.search", lang), key="partners_search", help=t("partners.search_help", lang))
    table = cached(partners.partner_table)(ctx.engine, ctx.filter, currency=currency, search=search)
    if table.frame.empty:
        if search.strip():
            st.info(t("partners.no_partner", lang), icon=":material/search_off:")
        else:
            empty_state(lang, database_empty=ctx.database_empty)
        return
    if table.missing_rates:
        st.warning(t("partners.missing_rates", lang, currencies=", ".join(table.missing_rates)),
                   icon=":material/currency_exchange:")
    shown = partner_display(table, lang)
    st.caption(t("partners.count", lang, count=format_number(len(shown), lang)) + " · "
               + t("partners.select_hint", lang))
    ids = [int(value) for value in table.frame["id"]]
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
            **_date_columns(shown, [t("partners.column.last_review", lang), t("partners.column.next_review", lang)]),
        },
    )
    download_buttons(shown, "partners", lang)


# ---------------------------------------------------------------------------------------------------------
# Partner detail, reviews and notes
# ---------------------------------------------------------------------------------------------------------


def _show_problems(error: reviews.ReviewValidationError) -> None:
    lines = [f"- {t(key, lang, **values)}" for key, values in error.problems]
    st.error(t("review.form.refused", lang) + "\n" + "\n".join(lines), icon=":material/error:")


def review_form(organisation_id: int) -> None:
    st.subheader(t("review.form.title", lang))
    st.caption(t("review.form.intro", lang))
    with st.form(f"review_form_{organisation_id}", clear_on_submit=False):
        left, right = st.columns(2)
        review_date = left.date_input(t("review.form.date", lang), value=today, max_value=today,
                                      format="YYYY-MM-DD", key="review_date")
        reviewer = right.text_input(t("review.form.reviewer", lang), value=ctx.actor.username if ctx.actor else "",
                                    max_chars=reviews.REVIEWER_MAX_LENGTH, key="review_reviewer")
        ratings: dict[str, int | None] = {}
        rating_columns = st.columns(2)
        for index, key in enumerate(reviews.PRINCIPLE_KEYS):
            ratings[key] = rating_columns[index % 2].radio(
                t(f"principle.{key}", lang), [1, 2, 3, 4, 5], index=None, horizontal=True, key=f"review_rating_{key}"
            )
        left, right = st.columns(2)
        decision = left.selectbox(
            t("review.form.decision", lang), [decision.value for decision in reviews.ReviewDecision],
            format_func=lambda value: t(f"review_decision.{value}", lang), key="review_decision",
        )
        next_date = right.date_input(t("review.form.next", lang), value=None, min_value=today,
                                     help=t("review.form.next_help", lang), format="YYYY-MM-DD", key="review_next")
        notes = st.text_area(t("review.form.notes", lang), max_chars=reviews.TEXT_MAX_LENGTH, key="review_notes")
        submitted = st.form_submit_button(t("review.form.submit", lang), type="primary")
    if not submitted:
        return
    entry = reviews.ReviewInput(
        organisation_id=organisation_id, review_date=review_date, reviewer=reviewer, ratings=ratings,
        decision=decision, notes=notes, next_review_date=next_date,
    )
    try:
        with db.session_scope(ctx.engine) as session:
            record = reviews.record_review(session, ctx.actor, entry, today=today)
            due = record.next_review_due
    except reviews.ReviewValidationError as error:
        _show_problems(error)
        return
    except PermissionDeniedError:
        st.error(t("review.form.not_allowed", lang, username=ctx.actor.username if ctx.actor else "?"))
        return
    st.session_state[FLASH_KEY] = t("review.form.saved", lang, date=format_date(due, lang))
    st.rerun()


def note_form(organisation_id: int) -> None:
    st.subheader(t("review.note.title", lang))
    st.caption(t("review.note.intro", lang))
    with st.form(f"note_form_{organisation_id}", clear_on_submit=True):
        note = st.text_area(t("review.note.text", lang), max_chars=reviews.NOTE_MAX_LENGTH, key="review_note_text")
        submitted = st.form_submit_button(t("review.note.submit", lang))
    if not submitted:
        return
    try:
        with db.session_scope(ctx.engine) as session:
            reviews.add_review_note(session, ctx.actor, organisation_id, note)
    except reviews.ReviewValidationError as error:
        _show_problems(error)
        return
    st.session_state[FLASH_KEY] = t("review.note.saved", lang)
    st.rerun()


def show_detail() -> None:
    choices = cached(partners.partner_choices)(ctx.engine, ctx.filter)
    labels = dict(choices)
    requested = _requested_partner()
    if requested is not None and requested not in labels:
        # A link to a partner the filters hide still opens it.
        labels = {requested: f"#{requested}", **labels}
    if not labels:
        empty_state(lang, database_empty=ctx.database_empty)
        return
    if CHOICE_KEY not in st.session_state or st.session_state[CHOICE_KEY] not in labels:
        remembered = st.session_state.get(REMEMBERED_CHOICE_KEY)
        st.session_state[CHOICE_KEY] = (
            requested if requested in labels else remembered if remembered in labels else None
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
    detail = cached(partners.partner_detail)(ctx.engine, int(chosen), currency=currency)
    if detail is None:
        st.warning(t("partners.detail.missing", lang, id=chosen), icon=":material/person_off:")
        return
    record = detail.organisation
    md = escape_markdown
    title = md(record["name"]) + (f" ({md(record['acronym'])})" if record.get("acronym") else "")
    st.header(title)
    st.caption(" · ".join(part for part in (
        enum_label("org_type", record["type"], lang),
        enum_label("org_status", record["status"], lang),
    ) if part))

    place = t("partners.detail.no_place", lang)
    if record.get("country"):
        place = md(", ".join(part for part in (record.get("city"), country_name(record["country"], lang),
                                               region_label(detail.region, lang)) if part))
    next_review = record.get("next_review_date")
    overdue = next_review is not None and next_review < today
    facts, review_column, money_column = st.columns([2, 1, 1])
    owner = md(record.get("relationship_owner") or t("partners.detail.no_owner", lang))
    lines = [f"**{t('partners.detail.place', lang)}:** {place}",
             f"**{t('partners.detail.owner', lang)}:** {owner}"]
    if record.get("latitude") is not None and record.get("longitude") is not None:
        lines.append(t("partners.detail.coordinates", lang,
                       latitude=format_number(record["latitude"], lang, decimals=4),
                       longitude=format_number(record["longitude"], lang, decimals=4)))
    if record.get("website"):
        lines.append(f"**{t('partners.detail.website', lang)}:** {md(record['website'])}")
    facts.markdown("  \n".join(lines))
    review_column.metric(
        t("partners.detail.review_due", lang), format_date(next_review, lang),
        delta=t("partners.detail.overdue", lang, days=(today - next_review).days) if overdue else None,
        delta_color="inverse" if overdue else "normal", delta_arrow="off",
    )
    money_column.metric(t("partners.detail.total", lang), format_money(detail.total_contribution, currency, lang))
    if detail.missing_rates:
        st.warning(t("partners.missing_rates", lang, currencies=", ".join(detail.missing_rates)))

    pairs = cached(data_quality.duplicate_pairs)(ctx.engine)
    twins = [(second, second_name) for first, _name, second, second_name in pairs if first == chosen]
    twins += [(first, first_name) for first, first_name, second, _name in pairs if second == chosen]
    for other_id, other in twins:
        st.warning(t("partners.detail.duplicate", lang, name=md(other), id=other_id), icon=":material/content_copy:")
        st.button(t("partners.detail.open_duplicate", lang), key=f"open_duplicate_{other_id}",
                  on_click=_open_partner, args=(other_id,))

    st.subheader(t("partners.detail.roles_title", lang))
    if detail.projects.empty:
        st.caption(t("partners.detail.no_roles", lang))
    else:
        st.dataframe(projects_display(detail, lang), hide_index=True)

    st.subheader(t("partners.detail.objectives_title", lang))
    left, right = st.columns(2)
    left.markdown("**" + t("partners.detail.partnership_objectives", lang) + "**")
    left.markdown("\n".join(f"- {enum_label('partnership_objective', value, lang)}"
                            for value in detail.partnership_objectives) or t("partners.detail.none_recorded", lang))
    right.markdown("**" + t("partners.detail.strategic_objectives", lang) + "**")
    right.markdown("\n".join(f"- {md(code)} — {md(title)}" for code, title in detail.strategic_objectives)
                   or t("partners.detail.none_recorded", lang))

    st.subheader(t("partners.detail.reviews_title", lang))
    if detail.reviews.empty:
        st.caption(t("partners.detail.no_reviews", lang))
    else:
        history = history_display(detail.reviews, lang)
        st.dataframe(history, hide_index=True, key="review_history", column_config=_date_columns(
            history, [t("partners.column.review_date", lang), t("partners.column.next_review_due", lang)]))
        if detail.reviews["is_illustrative"].any():
            illustrative_notice(lang)
    if not detail.notes.empty:
        st.subheader(t("partners.detail.notes_title", lang))
        st.dataframe(notes_display(detail.notes, lang), hide_index=True, key="review_notes")

    can_review = can(ctx.actor, Capability.record_review)
    can_note = can(ctx.actor, Capability.add_review_note)
    if can_review:
        review_form(int(chosen))
    if can_note:
        if can_review:
            with st.expander(t("review.note.title", lang)):
                note_form(int(chosen))
        else:
            note_form(int(chosen))
    if not can_review and not can_note:
        st.caption(t("review.read_only", lang))


# ---------------------------------------------------------------------------------------------------------
# Reviews due
# ---------------------------------------------------------------------------------------------------------


def show_reviews_due() -> None:
    st.subheader(t("reviews.due.title", lang))
    owners = cached(reviews.relationship_owners)(ctx.engine)
    mine = next((owner for owner in owners if ctx.actor and owner.casefold() == ctx.actor.username.casefold()), "")
    owner = st.selectbox(t("reviews.due.owner", lang), ["", *owners], index=(["", *owners].index(mine)),
                         format_func=lambda value: value or t("reviews.due.all_owners", lang), key="reviews_owner")
    overdue = cached(reviews.overdue_reviews)(ctx.engine, today=today, portfolio_filter=ctx.filter,
                                                 owner=owner or None)
    if overdue.empty:
        st.success(t("reviews.due.none", lang), icon=":material/event_available:")
    else:
        show_overdue(overdue)
    untracked = cached(reviews.untracked_partnerships)(ctx.engine, portfolio_filter=ctx.filter)
    if not untracked.empty:
        with st.expander(t("reviews.untracked.title", lang, count=format_number(len(untracked), lang)),
                         icon=":material/person_search:"):
            st.caption(t("reviews.untracked.help", lang))
            shown_untracked = overdue_display(untracked.assign(days_overdue=0), lang).drop(
                columns=[t("partners.column.days_overdue", lang)])
            st.dataframe(shown_untracked, hide_index=True, key="reviews_untracked_table",
                         selection_mode="single-row", on_select=lambda: _select_row_callback(
                             "reviews_untracked_table", [int(value) for value in untracked["organisation_id"]]))
            download_buttons(shown_untracked, "partnerships_untracked", lang)


def show_overdue(overdue: pd.DataFrame) -> None:
    st.warning(t("reviews.due.count", lang, count=format_number(len(overdue), lang), date=format_date(today, lang)),
               icon=":material/event_busy:")
    shown = overdue_display(overdue, lang)
    st.caption(t("partners.select_hint", lang))
    ids = [int(value) for value in overdue["organisation_id"]]
    st.dataframe(
        shown, hide_index=True, key="reviews_due_table", selection_mode="single-row",
        on_select=lambda: _select_row_callback("reviews_due_table", ids),
        column_config=_date_columns(shown, [t("partners.column.last_review", lang),
                                            t("partners.column.next_review", lang)]),
    )
    download_buttons(shown, "reviews_overdue", lang)


# ---------------------------------------------------------------------------------------------------------
# Gap analysis
# ---------------------------------------------------------------------------------------------------------


def show_gaps() -> None:
    st.subheader(t("gaps.title", lang))
    analysis = cached(gaps.gap_analysis)(ctx.engine, ctx.filter, currency=currency)
    if not analysis.regions:
        empty_state(lang, database_empty=ctx.database_empty)
        return
    if analysis.frame.empty:
        st.info(t("gaps.none", lang), icon=":material/info:")
        return
    st.caption(t("gaps.intro", lang, currency=currency))
    if analysis.missing_rates:
        st.warning(t("partners.missing_rates", lang, currencies=", ".join(analysis.missing_rates)))
    empty_cells = int((analysis.frame["active_partners"] == 0).sum())
    st.markdown(t("gaps.counts", lang, objectives=analysis.frame["objective_code"].nunique(),
                  regions=len(analysis.regions), gaps=empty_cells))
    names = {region: region_label(region, lang) for region in analysis.regions}
    st.markdown("**" + t("gaps.heatmap_title", lang) + "**")
    figure = gap_heatmap(analysis, region_names=names, hover=t("gaps.heatmap_hover", lang))
    st.plotly_chart(figure, key="gaps_heatmap", config={"displaylogo": False})
    st.caption(t("gaps.drill_down", lang))

    st.markdown("**" + t("gaps.summary_title", lang) + "**")
    summary = summary_display(gaps.objective_summary(analysis), lang, currency)
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
    download_buttons(gaps_display(analysis.frame, lang, currency), "gap_analysis", lang)


{"table": show_table, "detail": show_detail, "reviews": show_reviews_due, "gaps": show_gaps}[str(view)]()
