"""Upload: staff bring the portfolio up to date from CSV or Excel files — template, preview, confirm, history
and undo. Every rule lives in dashboard.importing; this page only reads choices and shows results."""

from __future__ import annotations

import streamlit as st

from dashboard import views
from dashboard.core.i18n import t, t_count
from dashboard.core.permissions import PermissionDeniedError
from dashboard.core.settings import get_settings
from dashboard.core.text import escape_markdown
from dashboard.importing import pipeline, templates
from dashboard.importing.money_checks import CONFIRM_MISSING_RATES
from dashboard.importing.preview import ORIGIN_FORM, WORKBOOK
from dashboard.importing.schemas import KINDS
from dashboard.importing.sync import STANDARD_KINDS
from dashboard.importing.undo import UndoRefusedError
from dashboard.presenting.formatting import format_number
from dashboard.presenting.upload import (
    ROW_NOTES_SHOWN,
    changes_frame,
    problems_frame,
    rejected_frame,
    row_notes_frame,
    row_notes_markdown,
)
from dashboard.web import context, downloads, running, standard_choices
from dashboard.web.downloads import download_buttons
from dashboard.web.sheet_choice import picked_sheet, sheet_choice
from dashboard.web.widgets import button_row, file_picker

ctx = context.page_context("upload")
lang = ctx.lang
PREVIEW_KEY = "upload_preview"
RESULT_KEY = "upload_result"
NOTICE_KEY = "upload_notice"
CANCELLED_KEY = "upload_cancelled"  # the file whose check the person cancelled: not checked again by itself

st.title(t("upload.title", lang))
limit_mb = get_settings().max_upload_mb
st.caption(t("upload.caption", lang, limit=limit_mb))

CHOICES = (*KINDS, WORKBOOK, *STANDARD_KINDS)
requested = st.query_params.get("kind")
kind = st.selectbox(
    t("upload.kind", lang),
    CHOICES,
    index=CHOICES.index(requested) if requested in CHOICES else 0,
    format_func=lambda value: t(f"upload.kind.{value}", lang),
    key="upload_kind",
)
if st.query_params.get("kind") != kind:
    st.query_params["kind"] = kind
workbook = kind == WORKBOOK
standard = kind in STANDARD_KINDS  # a file of the field's standards (IATI, SCDL): no template of ours
OPTIONS_KEY = f"upload_options_{kind}"
# Downloads of the preview (rejected rows, changes) are named after the kind's template, or the file's standard.
STEM = kind if standard else templates.file_stem(kind, lang)


def choose(options: dict[str, object]) -> None:
    """Remember the person's choices for the standard file (rows kept, money source): the next run previews
    with them."""
    st.session_state[OPTIONS_KEY] = options


if standard:
    st.info(t("upload.iati.about", lang) if kind == "iati" else t("upload.scdl.about", lang),
            icon=":material/public:")
else:
    with st.expander(t("upload.template.title", lang), icon=":material/description:"):
        if workbook:
            st.write(t("upload.workbook_note", lang))
        else:
            st.write(templates.key_note(kind, lang))
            st.dataframe(templates.columns_frame(kind, lang), hide_index=True, width="stretch")
        stem = templates.file_stem(kind, lang)
        buttons = button_row()
        if not workbook:
            buttons.download_button(t("upload.template.csv", lang), data=templates.template_csv(kind, lang),
                                    file_name=f"{stem}.csv", mime="text/csv", icon=":material/download:",
                                    on_click="ignore", key="template_csv")
        buttons.download_button(t("upload.template.xlsx", lang), data=templates.template_xlsx(kind, lang),
                                file_name=f"{stem}.xlsx", icon=":material/table_view:", on_click="ignore",
                                mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                                key="template_xlsx")
        if not workbook:  # the stored records in this template, to correct and upload again (issue 7)
            st.caption(t("export.template_help", lang))
            downloads.template_download_buttons(ctx.engine, kind, lang)

FILE_TYPES = {WORKBOOK: ["xlsx"], "iati": ["xml"], "scdl": ["csv", "txt", "xlsx"]}
FILE_LABELS = {"iati": "upload.file_iati", "scdl": "upload.file_scdl"}
uploaded = file_picker(t(FILE_LABELS.get(kind, "upload.file"), lang, limit=limit_mb),
                       types=FILE_TYPES.get(kind, ["csv", "txt", "tsv", "xlsx"]), limit_mb=limit_mb,
                       key=f"upload_file_{kind}", lang=lang)

notice = st.session_state.pop(NOTICE_KEY, None)
if notice:
    level, text = notice
    (st.success if level == "success" else st.error)(text)

if uploaded is not None:
    data = uploaded.getvalue()
    checksum = pipeline.checksum_of(data)
    options = st.session_state.get(OPTIONS_KEY, {}) if standard else picked_sheet(kind, checksum)
    signature = (kind, uploaded.name, checksum, ctx.revision, repr(sorted(options.items())))
    cached = st.session_state.get(PREVIEW_KEY)

    def cancelled() -> None:
        st.session_state[CANCELLED_KEY] = signature[:3]
        st.session_state[NOTICE_KEY] = ("error", t("upload.cancelled", lang))

    if st.session_state.get(CANCELLED_KEY) == signature[:3]:
        st.info(t("upload.cancelled", lang), icon=":material/cancel:")
        if not st.button(t("upload.check_again", lang), key="upload_check_again", icon=":material/refresh:"):
            st.stop()
        st.session_state.pop(CANCELLED_KEY, None)
    if cached is None or cached[0] != signature:
        result = running.run_cancellable(
            lambda cancel: views.preview_upload(ctx.engine, kind=kind, file_name=uploaded.name, data=data,
                                                actor=ctx.actor, options=options, cancel=cancel),
            message=t("upload.checking", lang), cancel_label=t("upload.cancel", lang), key="upload_cancel_check",
            on_cancel=cancelled, lang=lang)
        st.session_state[PREVIEW_KEY] = (signature, result)
    else:
        result = cached[1]

    st.subheader(t("upload.preview", lang))
    if result.detail:
        st.caption(t("upload.read_as", lang, detail=escape_markdown(result.detail)))
    if not standard and not workbook:
        sheet_choice(result, kind, checksum, lang)
    if kind == "scdl":
        standard_choices.grant_rows(result, lang, choose)
    elif kind == "iati":
        standard_choices.money_source(result, lang, choose, options)
    created, updated, unchanged, rejected = st.columns(4)
    created.metric(t("upload.created", lang), format_number(result.created, lang))
    updated.metric(t("upload.updated", lang), format_number(result.updated, lang))
    unchanged.metric(t("upload.unchanged", lang), format_number(result.unchanged, lang))
    rejected.metric(t("upload.rejected", lang), format_number(result.rejected, lang))
    if result.deleted:
        st.caption(t("upload.standard.deleted", lang) + f": {format_number(result.deleted, lang)}")
    if result.previous_batch is not None:
        st.info(t("upload.same_file", lang, batch=result.previous_batch), icon=":material/content_copy:")

    if result.refused:
        st.error(t_count("upload.refused", lang, result.problem_count,
                         count=result.problem_count), icon=":material/block:")
        if result.problem_count > len(result.problems):
            st.caption(t("upload.more_problems", lang, shown=len(result.problems), count=result.problem_count))
        # A dataframe shows cells as text: HTML or script in a file is displayed, never run.
        st.dataframe(problems_frame(result, lang), hide_index=True, width="stretch")
        if result.rejected_rows:
            st.caption(t("upload.rejected_download", lang))
            download_buttons(rejected_frame(result, lang), f"{STEM}-{t('upload.rejected_suffix', lang)}", lang)
    if result.notes and not standard:  # what to check before the money counts (issue 13): rates, dates, revisions
        st.markdown("**" + t("upload.money_notes", lang, count=result.note_count) + "**")
        st.warning(row_notes_markdown(result, lang), icon=":material/fact_check:")
        if result.note_count > ROW_NOTES_SHOWN:
            st.caption(t("upload.more_notes", lang, shown=ROW_NOTES_SHOWN, count=result.note_count))
        download_buttons(row_notes_frame(result, lang), f"{STEM}-{t('upload.notes_suffix', lang)}", lang)
    if result.changes:
        st.markdown("**" + t("upload.changes", lang) + "**")
        if result.created + result.updated > len(result.changes):
            st.caption(t("upload.changes_cut", lang, shown=len(result.changes),
                         count=result.created + result.updated))
        st.dataframe(changes_frame(result, lang), hide_index=True, width="stretch")
        download_buttons(changes_frame(result, lang), f"{STEM}-"  # issue 7
                            f"{t('export.changes_suffix', lang)}", lang)

    if standard:
        standard_choices.details(result, lang)

    if not result.refused and not result.has_changes:
        st.info(t("upload.nothing_to_change", lang), icon=":material/check_circle:")
    accepted = True
    if result.missing_rates and not result.refused and result.has_changes:
        # Amounts without a stored rate go in only once the person confirms they stay apart, not converted.
        accepted = st.checkbox(t("upload.accept_missing_rates", lang, currencies=", ".join(result.missing_rates)),
                               key="upload_accept_missing_rates")
        if accepted:
            options = {**options, CONFIRM_MISSING_RATES: True}
    confirm_label = t("upload.confirm", lang, created=result.created, updated=result.updated)
    if not result.refused and result.has_changes and st.button(confirm_label, type="primary", key="upload_confirm",
                                                               icon=":material/done_all:", disabled=not accepted):
        done = running.run_cancellable(
            lambda cancel: views.commit_upload(ctx.engine, kind=kind, file_name=uploaded.name, data=data,
                                               actor=ctx.actor, options=options, cancel=cancel),
            message=t("upload.writing", lang), cancel_label=t("upload.cancel", lang), key="upload_cancel_write",
            on_cancel=lambda: st.session_state.__setitem__(NOTICE_KEY, ("error", t("upload.cancelled", lang))),
            lang=lang)
        st.session_state.pop(PREVIEW_KEY, None)
        if done.committed:
            st.session_state[NOTICE_KEY] = ("success", t("upload.committed", lang, batch=done.batch_id,
                                                         created=done.created, updated=done.updated))
        elif done.refused:
            st.session_state[NOTICE_KEY] = ("error", "\n\n".join(item.line(lang) for item in done.problems[:20]))
        else:
            st.session_state[NOTICE_KEY] = ("success", t("upload.nothing_to_change", lang))
        st.rerun()

st.divider()
st.subheader(t("upload.history", lang))
history = views.upload_history(ctx.engine, ctx.actor)
if not history:
    st.caption(t("upload.history_empty", lang))
for batch in history:
    # One row: the batch, then its Undo button as wide as its label (a sixth of the page cut "Annuler").
    line = action = st.container(horizontal=True, vertical_alignment="center", gap="small")
    status = t(f"import.status.{batch.status}", lang)
    at = batch.created_at.strftime("%Y-%m-%d %H:%M")
    if batch.origin == ORIGIN_FORM:  # one record changed or added in a form, with its author's reason
        line.text(t("form.history_line", lang, batch=batch.id, at=at, user=batch.user,
                    kind=t(f"upload.kind.{batch.kind}", lang), record=batch.file_name, reason=batch.reason or "",
                    status=status), width="stretch")
    else:
        line.text(t("upload.history_line", lang, batch=batch.id, at=at, user=batch.user,
                    kind=t(f"upload.kind.{batch.kind}", lang), file=batch.file_name, created=batch.created,
                    updated=batch.updated, unchanged=batch.unchanged, status=status), width="stretch")
    if batch.can_undo and action.button(t("upload.undo", lang), key=f"undo_{batch.id}", icon=":material/undo:"):
        try:
            undone = views.undo_upload(ctx.engine, batch_id=batch.id, actor=ctx.actor)
            st.session_state[NOTICE_KEY] = ("success", t("import.undo.done", lang, batch=undone.batch_id,
                                                         deleted=undone.deleted, restored=undone.restored))
        except UndoRefusedError as error:
            st.session_state[NOTICE_KEY] = ("error", error.markdown(lang))
        except PermissionDeniedError:
            st.session_state[NOTICE_KEY] = ("error", t("upload.undo_denied", lang, batch=batch.id))
        st.session_state.pop(PREVIEW_KEY, None)
        st.rerun()
