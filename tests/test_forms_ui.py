"""The record form as Streamlit draws it (dashboard/web/forms.py), in AppTests: fields from the kind's schema in
the reader's language, the check's problems or its before → after table, the reason, the save, the reload of a
record changed meanwhile, and no control at all for leadership and the reference group.

The dialog itself is a Streamlit fragment, which AppTest does not rerun on its own: the tests draw the form's
body, as the dialog does; the real dialog is driven in tests/browser/test_forms_browser.py.
"""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import text
from sqlalchemy.engine import Engine
from sqlmodel import Session
from streamlit.testing.v1 import AppTest

from dashboard.importing import edits
from tests.conftest import DEMO_TODAY


def _form_script(kind: str, record_id: int | None, lang: str, roles: tuple[str, ...],
                 preset: dict[str, object] | None) -> None:
    """An app drawing the form on one record (opened once, as the Edit button does)."""
    import streamlit as st
    from sqlmodel import Session

    from dashboard.core import db
    from dashboard.core.permissions import Actor
    from dashboard.importing import edits
    from dashboard.web import forms

    engine = db.get_engine()
    actor = Actor.of("officer", roles)
    if "opened" not in st.session_state:
        st.session_state["opened"] = True
        with Session(engine) as session:
            start = (edits.open_record(session, kind=kind, record_id=record_id, actor=actor) if record_id is not None
                     else edits.new_record(session, kind=kind, actor=actor, preset=preset))
        st.session_state[forms.FORM_KEY] = forms._OpenForm("button", kind, start)
    forms.form_body(engine, actor, lang)


def _form(kind: str, record_id: int | None, lang: str = "en", *, preset: dict[str, object] | None = None,
          roles: tuple[str, ...] = ("staff",)) -> AppTest:
    return AppTest.from_function(_form_script, args=(kind, record_id, lang, roles, preset),
                                 default_timeout=60).run()


def _past_end_project(engine: Engine) -> int:
    with engine.connect() as connection:
        return int(connection.execute(text(
            "select id from project where status = 'implementation' and planned_end < :today order by planned_end, "
            "code limit 1"), {"today": DEMO_TODAY}).scalar_one())


def _by_label(widgets, label: str):
    return next(widget for widget in widgets if widget.label.rstrip(" *") == label)


def _check(at: AppTest) -> AppTest:
    return next(button for button in at.button if button.label in ("Check the change", "Vérifier la modification")
                ).click().run()


def test_staff_fix_a_projects_end_date_in_the_form_and_see_the_change_before_saving(demo_engine: Engine) -> None:
    project_id = _past_end_project(demo_engine)
    at = _form("projects", project_id)
    assert not at.exception
    labels = [widget.label.rstrip(" *") for widget in (*at.text_input, *at.date_input, *at.selectbox)]
    assert {"Code", "Title", "Planned end", "Status", "Currency", "Declared total"} <= set(labels)
    end = _by_label(at.date_input, "Planned end")
    old_end = end.value
    end.set_value(dt.date(2027, 6, 30))
    at = _check(at)
    changes = at.dataframe[0].value
    assert changes.to_dict("records") == [{"Field": "Planned end", "Before": f"{old_end.day} {old_end:%b %Y}",
                                           "After": "30 Jun 2027"}]
    at.text_input(key=next(widget.key for widget in at.text_input if widget.label == "Reason for the change")).input(
        "signed amendment").run()
    at = next(button for button in at.button if button.label == "Save").click().run()
    assert not at.exception
    with Session(demo_engine) as session:
        form = edits.open_record(session, kind="projects", record_id=project_id, actor=edits_actor())
    assert form.values["planned_end"] == dt.date(2027, 6, 30)
    assert at.session_state["_record_form_notice"][0] == "button"
    assert "Saved as import batch #1" in at.session_state["_record_form_notice"][2]


def edits_actor():  # the officer the form script acts as
    from dashboard.core.permissions import Actor

    return Actor.of("officer", ["staff"])


def test_the_forms_problems_are_the_uploads_worded_by_field_in_french(demo_engine: Engine) -> None:
    project_id = _past_end_project(demo_engine)
    at = _form("projects", project_id, "fr")
    assert {"Fin prévue", "Début prévu", "Intitulé"} <= {widget.label.rstrip(" *") for widget in
                                                         (*at.text_input, *at.date_input)}
    _by_label(at.date_input, "Début prévu").set_value(dt.date(2030, 1, 1))
    _by_label(at.text_input, "Total déclaré").input("douze")
    at = _check(at)
    problems = at.dataframe[0].value.to_dict("records")
    assert [(row["Champ"], row["Problème"]) for row in problems] == [
        ("Total déclaré", "Ce n'est pas un nombre.")]
    _by_label(at.text_input, "Total déclaré").input("12 500,50")
    at = _check(at)
    problems = at.dataframe[0].value.to_dict("records")
    assert [row["Champ"] for row in problems] == ["Fin prévue"]
    assert problems[0]["Problème"].startswith("La fin précède le début")
    assert not [button for button in at.button if button.label == "Enregistrer"]


def test_a_french_amount_with_a_decimal_comma_is_read_as_a_french_file_is(demo_engine: Engine) -> None:
    with demo_engine.connect() as connection:
        line = int(connection.execute(text("select min(id) from budget_line")).scalar_one())
    at = _form("budgets", line, "fr")
    amount = _by_label(at.text_input, "Montant")
    assert amount.value == "443008"
    amount.input("443 008,50")
    at = _check(at)
    assert at.dataframe[0].value.to_dict("records") == [
        {"Champ": "Montant", "Avant": "443\u202f008", "Après": "443\u202f008,5"}]


def test_a_form_whose_record_changed_meanwhile_reloads_on_the_new_values_and_saves_nothing(
        demo_engine: Engine) -> None:
    project_id = _past_end_project(demo_engine)
    at = _form("projects", project_id)
    with Session(demo_engine) as session:
        current = edits.open_record(session, kind="projects", record_id=project_id, actor=edits_actor())
    with Session(demo_engine) as session:
        assert edits.save(session, kind="projects", record_id=project_id, version=current.version,
                          values={"title": "Changed by a colleague"}, reason="their fix",
                          actor=edits_actor()).status == edits.EditStatus.saved
    _by_label(at.date_input, "Planned end").set_value(dt.date(2027, 6, 30))
    at = _check(at)
    assert at.warning[0].value.startswith("Someone (or an upload) changed this record")
    assert _by_label(at.text_input, "Title").value == "Changed by a colleague"
    assert _by_label(at.date_input, "Planned end").value == current.values["planned_end"]
    assert not at.dataframe  # no change offered for saving


def test_an_indicator_value_added_in_the_form_of_its_indicator(demo_engine: Engine) -> None:
    at = _form("indicator-values", None, preset={"project_code": "REG-C1.1", "indicator_code": "PART"})
    assert _by_label(at.selectbox, "Project").value == "REG-C1.1"
    assert _by_label(at.selectbox, "Indicator").value == "PART"
    assert _by_label(at.selectbox, "Indicator").options == ["ATL", "PART"]
    _by_label(at.date_input, "Period start").set_value(dt.date(2026, 7, 1))
    _by_label(at.date_input, "Period end").set_value(dt.date(2026, 9, 30))
    _by_label(at.text_input, "Value achieved").input("18")
    at = _check(at)
    rows = at.dataframe[0].value.to_dict("records")
    assert {row["Field"]: row["After"] for row in rows} == {
        "Project": "REG-C1.1", "Indicator": "PART", "Period start": "1 Jul 2026", "Period end": "30 Sept 2026",
        "Value achieved": "18"}
    assert {row["Before"] for row in rows} == {""}


def test_a_required_choice_left_unpicked_is_said_required_not_saved_as_the_first_choice(demo_engine: Engine) -> None:
    at = _form("spending", None, preset={"project_code": "REG-C1.1"})
    kind = _by_label(at.selectbox, "Kind")
    assert kind.value is None
    _by_label(at.text_input, "Reference").input("FAC-1")
    _by_label(at.date_input, "Date").set_value(dt.date(2026, 3, 1))
    _by_label(at.text_input, "Amount").input("10")
    at = _check(at)
    assert [(row["Field"], row["Problem"]) for row in at.dataframe[0].value.to_dict("records")] == [
        ("Kind", "This value is required.")]


def _controls_script(roles: tuple[str, ...]) -> None:
    from dashboard.core import db
    from dashboard.core.permissions import Actor
    from dashboard.web import forms

    actor = Actor.of("someone", roles) if roles else None
    forms.edit_button(db.get_engine(), actor, "en", kind="projects", record_id=1, key="edit")
    forms.add_button(db.get_engine(), actor, "en", kind="rates", key="add")


@pytest.mark.parametrize(("roles", "shown"), [
    (("leadership",), False), (("reference_group",), False), (("leadership", "reference_group"), False), ((), False),
    (("staff",), True), (("admin",), True)])
def test_only_staff_and_admin_see_the_edit_and_add_controls(demo_engine: Engine, roles: tuple[str, ...],
                                                            shown: bool) -> None:
    at = AppTest.from_function(_controls_script, args=(roles,), default_timeout=30).run()
    assert not at.exception
    assert [button.label for button in at.button] == (["Edit", "Add an exchange rate"] if shown else [])


def test_an_indicator_value_for_2062_is_noted_in_the_form_before_saving_in_french(demo_engine: Engine) -> None:
    """A value's period typed 2062 for 2026 is noted by field, as the upload's preview notes it
    (``metrics.implausible_period``); the note does not stop the save, as in an upload."""
    at = _form("indicator-values", None, "fr", preset={"project_code": "REG-C1.1", "indicator_code": "PART"})
    _by_label(at.date_input, "Début de période").set_value(dt.date(2062, 7, 1))
    _by_label(at.date_input, "Fin de période").set_value(dt.date(2062, 9, 30))
    _by_label(at.text_input, "Valeur réalisée").input("18")
    at = _check(at)
    assert not at.exception and not at.error
    [note] = [item.value for item in at.warning]
    assert note.startswith("- **Début de période**: Datée du 2062\\-07\\-01, plus de 5 ans après aujourd'hui")
    assert any(button.label == "Enregistrer" for button in at.button)
    plausible = _form("indicator-values", None, preset={"project_code": "REG-C1.1", "indicator_code": "PART"})
    _by_label(plausible.date_input, "Period start").set_value(dt.date(2017, 8, 1))  # REG-C1.1: 2013–2018
    _by_label(plausible.date_input, "Period end").set_value(dt.date(2017, 8, 31))
    _by_label(plausible.text_input, "Value achieved").input("18")
    assert [item.value for item in _check(plausible).warning] == []
