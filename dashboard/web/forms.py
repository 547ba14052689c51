"""The form that changes or adds one record where people see it (issue 17), drawn from the kind's upload
schema: one widget per column of the kind's template, in a dialog.

- ``edit_button`` / ``add_button`` draw the control for staff and admin only (``Capability.edit_records``);
  leadership and the reference group see nothing, and ``dashboard.importing.edits`` refuses them anyway.
- Clicking opens the dialog on the record as it is now (its version kept). "Check the change" runs the
  upload's validation and shows the problems, or the change before → after and a reason field; "Save"
  commits it as an import batch of one. A record changed meanwhile is reloaded with a warning, nothing saved.
- After a save the whole page runs again (its counts and charts follow) and ``show_notice`` gives the batch
  number to undo from the import history.
- ``inline_add_form`` draws the same body in the page itself, not in a dialog: the Partners page's partnership
  review (a review is one row of the ``reviews`` upload, saved as a batch of one like any other form).

The dialog's body, ``form_body``, is a plain function of the session state so AppTests can draw it without
a dialog.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Literal

import streamlit as st
from sqlalchemy.engine import Engine
from sqlmodel import Session

from dashboard.core.i18n import t
from dashboard.core.permissions import Actor, Capability, can
from dashboard.importing import edits
from dashboard.importing.edits import EditResult, EditStatus, FormOptions, RecordForm
from dashboard.importing.records import STORES, TABLE_KIND
from dashboard.importing.schemas import Column, ColumnType
from dashboard.importing.values import list_cell
from dashboard.presenting.forms import (
    changes_frame,
    choice_label,
    field_label,
    kind_name,
    notes_markdown,
    number_text,
    problems_frame,
    thing_name,
)
from dashboard.web.widgets import date_input

FORM_KEY = "_record_form"  # the open form (an _OpenForm)
NOTICE_KEY = "_record_form_notice"  # (button key, level, text) shown under the button after the dialog closes
LONG_TEXTS = frozenset({"notes", "description", "note"})
WIDE_TYPES = frozenset({ColumnType.text_list, ColumnType.sdg_list, ColumnType.choice_list, ColumnType.objective_list,
                        ColumnType.country_shares})
# Dates a form accepts (Streamlit's date picker otherwise offers ten years either side of today only).
EARLIEST_DATE = dt.date(1950, 1, 1)
LATEST_DATE = dt.date(2100, 12, 31)


@dataclass
class _OpenForm:
    """A form between runs: what it was opened on, what was last checked, and the widgets' generation (bumped
    to draw them again from new values when the record changed meanwhile)."""

    button: str
    kind: str
    start: RecordForm
    generation: int = 0
    values: dict[str, object] | None = None  # the values last checked
    result: EditResult | None = None
    notice: tuple[str, str] | None = None  # (level, text) inside the dialog
    options: FormOptions | None = None  # the pickers' choices, read once when the form opens


def can_edit(actor: Actor | None) -> bool:
    """Whether ``actor`` is offered edit and add controls (staff and admin)."""
    return can(actor, Capability.edit_records)


def edit_button(engine: Engine, actor: Actor | None, lang: str, *, kind: str, record_id: int | Callable[[], int | None],
                key: str, label: str | None = None) -> None:
    """An "Edit" button opening the form on record ``record_id`` of ``kind`` (or on the id a callable finds when
    the button is clicked: a record known by its code); nothing for people who may not edit. ``key`` must be
    unique on the page."""
    if not can_edit(actor):
        return
    if st.button(label or t("form.edit", lang), key=key, icon=":material/edit:", help=t("form.edit_help", lang)):
        found = record_id() if callable(record_id) else record_id
        with Session(engine) as session:
            try:
                if found is None:
                    raise edits.RecordNotFoundError(kind, -1)
                start = edits.open_record(session, kind=kind, record_id=found, actor=actor)
            except edits.RecordNotFoundError as error:
                st.error(error.markdown(lang), icon=":material/error:")
                return
        _open(engine, actor, lang, _OpenForm(key, kind, start))


def add_button(engine: Engine, actor: Actor | None, lang: str, *, kind: str, key: str,
               preset: Mapping[str, object] | Callable[[], Mapping[str, object]] | None = None,
               label: str | None = None) -> None:
    """An "Add …" button opening an empty form of ``kind`` (``preset``: the project of a budget line, the
    indicator of a value; a callable is read when the button is clicked); nothing for people who may not
    edit."""
    if not can_edit(actor):
        return
    if st.button(label or t("form.add", lang, kind=kind_name(kind, lang)), key=key, icon=":material/add:"):
        with Session(engine) as session:
            start = edits.new_record(session, kind=kind, actor=actor,
                                     preset=preset() if callable(preset) else preset)
        _open(engine, actor, lang, _OpenForm(key, kind, start))


def related(engine: Engine, actor: Actor | None, *, kind: str, table: str,
            record_id: int) -> Callable[[], Mapping[str, object]]:
    """The preset of a new ``kind`` belonging to record ``record_id`` of ``table``, read when called."""

    def read() -> Mapping[str, object]:
        with Session(engine) as session:
            return edits.related_preset(session, kind=kind, table=table, record_id=record_id, actor=actor)

    return read


def located(engine: Engine, actor: Actor | None, *, kind: str, key: Mapping[str, object]) -> Callable[[], int | None]:
    """The id of the record of ``kind`` that ``key`` names (a project by its code), read when called."""

    def read() -> int | None:
        with Session(engine) as session:
            return edits.locate_record(session, kind=kind, key=key, actor=actor)

    return read


# A Data quality rule's record, or an Overview alert's item, and the form that fixes it: the record's own form,
# or a record added to it (a value for a silent indicator, a review for an overdue partner).
ADD_TO_FIX: dict[str, str] = {"indicator_not_reporting": "indicator-values", "spending_without_budget": "budgets"}
ALERT_FIXES: dict[str, tuple[str, str]] = {
    # alert kind: (the kind of the item the alert names, the kind of form that fixes it)
    "overspent": ("projects", "budgets"),  # a revised budget line
    "behind_time": ("projects", "projects"),  # its dates
    "indicator_off_track": ("indicators", "indicator-values"),
    "indicator_not_reporting": ("indicators", "indicator-values"),
    "review_overdue": ("partners", "reviews"),
    "ending_soon": ("projects", "projects"),
    "declared_total_mismatch": ("projects", "projects"),  # its declared total
}


def fix_button(engine: Engine, actor: Actor | None, lang: str, *, rule: str, table: str, record_id: int,
               key: str) -> None:
    """The "Fix" control of a Data quality row: the form on that record, or (a silent indicator, a project
    spending without a budget) the form adding what it lacks."""
    add = ADD_TO_FIX.get(rule)
    if add is None:
        edit_button(engine, actor, lang, kind=TABLE_KIND[table], record_id=record_id, key=key,
                    label=t("form.fix", lang))
    else:
        add_button(engine, actor, lang, kind=add, key=key, preset=related(engine, actor, kind=add, table=table,
                                                                          record_id=record_id),
                   label=t("form.fix", lang))


def alert_fix_button(engine: Engine, actor: Actor | None, lang: str, alert: Mapping[str, object], key: str) -> None:
    """The "Fix" control of an Overview alert (``queries.alerts.ALERT_COLUMNS``: ``param`` names the item by a
    project's code, an indicator's or a partner's id)."""
    item_kind, fix_kind = ALERT_FIXES[str(alert["kind"])]
    value = str(alert["value"])
    if item_kind == "projects":
        record: int | Callable[[], int | None] = located(engine, actor, kind="projects", key={"code": value})
    else:
        record = int(value)
    if fix_kind == item_kind:
        edit_button(engine, actor, lang, kind=item_kind, record_id=record, key=key, label=t("form.fix", lang))
        return

    def preset() -> Mapping[str, object]:
        found = record() if callable(record) else record
        table = STORES[item_kind].table.name
        return related(engine, actor, kind=fix_kind, table=table, record_id=found)() if found is not None else {}

    add_button(engine, actor, lang, kind=fix_kind, key=key, preset=preset, label=t("form.fix", lang))


def inline_add_form(engine: Engine, actor: Actor | None, lang: str, *, kind: str, key: str,
                    preset: Mapping[str, object] | Callable[[], Mapping[str, object]] | None = None) -> None:
    """A form adding one record of ``kind``, drawn in the page rather than in a dialog (nothing for people who
    may not edit): the same fields, check, reason and save as ``add_button``'s dialog, so the same rules, words
    and audit trail. ``key`` names this form (unique on the page: one per partner for its reviews); ``preset``
    as for ``add_button``, read when the form starts (a callable: only then). After a save the page runs again
    with an empty form and ``show_notice`` says the batch number."""
    if not can_edit(actor):
        return
    state_key = f"{FORM_KEY}_{key}"
    if st.session_state.get(state_key) is None:
        # A new generation of widgets each time the form starts again (after a save), so none keeps its value.
        generation = int(st.session_state.get(f"{state_key}_generation", -1)) + 1
        st.session_state[f"{state_key}_generation"] = generation
        with Session(engine) as session:
            start = edits.new_record(session, kind=kind, actor=actor,
                                     preset=preset() if callable(preset) else preset)
        st.session_state[state_key] = _OpenForm(key, kind, start, generation=generation)
    form_body(engine, actor, lang, state_key=state_key)


def show_notice() -> None:
    """The notice a saved form left for this run (its batch number), shown once; pages call it under their
    title, since the control that opened the form may be gone (a fixed Data quality row leaves its list)."""
    notice = st.session_state.pop(NOTICE_KEY, None)
    if notice:
        st.success(notice[2], icon=":material/task_alt:")


def _title(state: _OpenForm, lang: str) -> str:
    if state.start.record_id is None:
        return t("form.title.add", lang, kind=kind_name(state.kind, lang))
    return t("form.title.edit", lang, thing=thing_name(state.kind, lang), label=state.start.label)


def _open(engine: Engine, actor: Actor | None, lang: str, state: _OpenForm) -> None:
    st.session_state[FORM_KEY] = state

    @st.dialog(_title(state, lang), width="large", on_dismiss=_dismissed)
    def dialog() -> None:
        form_body(engine, actor, lang, in_dialog=True)

    dialog()


def _dismissed() -> None:
    st.session_state.pop(FORM_KEY, None)


# ---------------------------------------------------------------------------------------------------------
# The body
# ---------------------------------------------------------------------------------------------------------


def form_body(engine: Engine, actor: Actor | None, lang: str, *, in_dialog: bool = False,
              state_key: str = FORM_KEY) -> None:
    """The open form (``st.session_state[state_key]``: the dialog's, or an inline form's): its fields, then the
    check's problems or the change and the reason, then the save. ``in_dialog``: drawn in ``st.dialog`` (a
    fragment: a reload reruns the dialog only)."""
    scope: Literal["app", "fragment"] = "fragment" if in_dialog else "app"
    state: _OpenForm | None = st.session_state.get(state_key)
    if state is None:
        return
    if state.notice is not None:
        level, text = state.notice
        (st.warning if level == "warning" else st.error)(text, icon=":material/sync_problem:")
    if state.options is None:
        with Session(engine) as session:
            state.options = edits.form_options(session, actor=actor)
    options = state.options
    prefix = f"{FORM_KEY}_{state.button}_{state.generation}"
    with st.form(f"{prefix}_form", border=False):
        # Short fields two by two, long texts and lists across the whole width under them.
        columns = edits.form_columns(state.kind)
        short = [column for column in columns if column.name not in LONG_TEXTS and column.type not in WIDE_TYPES]
        grid = st.columns(2)
        values: dict[str, object] = {}
        for position, column in enumerate(short):
            with grid[position % 2]:
                values[column.name] = _widget(column, state.start.values.get(column.name), options, state.start,
                                              lang, f"{prefix}_{column.name}")
        for column in columns:
            if column.name not in values:
                values[column.name] = _widget(column, state.start.values.get(column.name), options, state.start,
                                              lang, f"{prefix}_{column.name}")
        if state.kind == "partners" and _near_partner(state.result):
            values["new_partner"] = st.checkbox(t("form.new_partner", lang), key=f"{prefix}_new_partner")
        submitted = st.form_submit_button(t("form.check", lang), icon=":material/fact_check:", type="secondary")
    if submitted:
        state.values = values
        state.notice = None
        with Session(engine) as session:
            state.result = edits.check(session, kind=state.kind, record_id=state.start.record_id,
                                       version=state.start.version, values=values, actor=actor, lang=lang)
    result = state.result
    if result is None or state.values is None:
        return
    if _refused_as_changed(state, result, lang):
        st.rerun(scope=scope)
    if result.status == EditStatus.invalid:
        st.error(t("form.invalid", lang), icon=":material/block:")
        st.dataframe(problems_frame(result, lang), hide_index=True, width="stretch")
        return
    if result.status == EditStatus.unchanged:
        st.info(t("form.unchanged", lang), icon=":material/check_circle:")
        return
    st.markdown("**" + t("form.changes", lang) + "**")
    st.dataframe(changes_frame(result, lang), hide_index=True, width="stretch")
    if result.notes:  # what the upload's preview would note: an implausible date, a zero budget…
        st.markdown("**" + t("form.notes", lang) + "**")
        st.warning(notes_markdown(result, lang), icon=":material/fact_check:")
    reason = st.text_input(t("form.reason", lang), max_chars=edits.REASON_MAX_CHARS, help=t("form.reason_help", lang),
                           key=f"{prefix}_reason")
    if st.button(t("form.save", lang), type="primary", icon=":material/save:", key=f"{prefix}_save"):
        with Session(engine) as session:
            saved = edits.save(session, kind=state.kind, record_id=state.start.record_id, version=state.start.version,
                               values=state.values, reason=reason, actor=actor, lang=lang)
        if saved.status == EditStatus.saved:
            st.session_state.pop(state_key, None)
            st.session_state[NOTICE_KEY] = (state.button, "success", t("form.saved", lang, batch=saved.batch_id))
            st.rerun()  # the whole page: its counts, charts and alerts follow the change
        state.result = saved
        if _refused_as_changed(state, saved, lang):
            st.rerun(scope=scope)
        st.error(t("form.invalid", lang), icon=":material/block:")
        st.dataframe(problems_frame(saved, lang), hide_index=True, width="stretch")


def _refused_as_changed(state: _OpenForm, result: EditResult, lang: str) -> bool:
    """A stale or gone record: reload the form on the record as it is now (or say it is gone)."""
    if result.status == EditStatus.stale:
        if result.current is not None:
            state.start = result.current
            state.notice = ("warning", t("form.stale", lang))
        else:
            state.notice = ("warning", t("form.stale_new", lang))
        state.generation += 1
        state.result = state.values = None
        return True
    if result.status == EditStatus.gone:
        state.notice = ("error", t("form.gone", lang))
        state.result = state.values = None
        return True
    return False


def _near_partner(result: EditResult | None) -> bool:
    return result is not None and any(item.key == "import.error.near_duplicate_partner" for item in result.problems)


def _widget(column: Column, value: object, options: FormOptions, start: RecordForm, lang: str, key: str) -> object:
    """One field's widget, chosen by the column's type in the upload schema; returns the value as the engine
    reads it (a file's cell: text, a date, a choice, a list)."""
    label = field_label(column.name, lang) + (" *" if column.required else "")
    help_text = column.description(lang)
    kind = column.type
    if kind == ColumnType.date:
        return date_input(label, lang, value=value if isinstance(value, dt.date) else None, min_value=EARLIEST_DATE,
                          max_value=LATEST_DATE, help=help_text, key=key)
    if kind == ColumnType.boolean:
        return st.checkbox(label, value=bool(value), help=help_text, key=key)
    if kind == ColumnType.choice and column.choices is not None:
        return _select(label, list(column.choices.values), value, column, lang, help_text, key,
                       lambda item: choice_label(column, item, lang))
    if kind == ColumnType.integer and column.minimum is not None and column.maximum is not None:
        return _select(label, list(range(int(column.minimum), int(column.maximum) + 1)), value, column, lang,
                       help_text, key, str)
    if kind == ColumnType.partner:
        return _select(label, list(options.partners), value, column, lang, help_text, key, str)
    if kind == ColumnType.project:
        return _select(label, list(options.projects), value, column, lang, help_text, key, str)
    if kind == ColumnType.indicator:
        codes = options.indicators.get(str(start.values.get("project_code")), ())
        if codes:
            return _select(label, list(codes), value, column, lang, help_text, key, str)
    if kind == ColumnType.choice_list and column.choices is not None:
        return tuple(st.multiselect(label, list(column.choices.values), default=_items(value),
                                    format_func=lambda item: choice_label(column, item, lang), help=help_text,
                                    key=key, placeholder=t("form.choose", lang)))
    if kind == ColumnType.objective_list:
        known = list(dict.fromkeys([*options.objectives, *_items(value)]))
        return tuple(st.multiselect(label, known, default=_items(value), help=help_text, key=key,
                                    placeholder=t("form.choose", lang)))
    if kind == ColumnType.sdg_list:
        return tuple(st.multiselect(label, list(range(1, 18)), default=_items(value), help=help_text, key=key,
                                    placeholder=t("form.choose", lang)))
    if kind in (ColumnType.number, ColumnType.integer):
        return st.text_input(label, value=number_text(value, lang), help=help_text, key=key)
    text = list_cell(value) if isinstance(value, tuple | list) else ("" if value is None else str(value))
    if column.name in LONG_TEXTS:
        return st.text_area(label, value=text, max_chars=column.max_length, help=help_text, key=key, height=100)
    return st.text_input(label, value=text, max_chars=column.max_length, help=help_text, key=key)


def _items(value: object) -> list[Any]:
    """A list field's stored items (an empty list for an empty field)."""
    return list(value) if isinstance(value, tuple | list) else []


def _select(label: str, choices: list[Any], value: object, column: Column, lang: str, help_text: str, key: str,
            name: Callable[[Any], str]) -> object:
    """A pick-one field: an optional one may be left empty; a stored value missing from the choices is kept."""
    if value is not None and value not in choices:
        choices = [value, *choices]
    if not column.required:
        choices = [None, *choices]
    # A required field with no value yet shows no choice at all: the check then says it is required, rather
    # than the first choice being saved unseen.
    index = choices.index(value) if value in choices else None
    return st.selectbox(label, choices, index=index, help=help_text, key=key, placeholder=t("form.choose", lang),
                        format_func=lambda item: t("form.empty_value", lang) if item is None else name(item))
