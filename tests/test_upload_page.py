"""The Upload page driven through Streamlit's AppTest: file_uploader → preview → confirm → history → undo."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy.engine import Engine
from streamlit.testing.v1 import AppTest

from dashboard.core import db
from tests.apptest_helpers import sign_in
from tests.import_helpers import corpus, dump

PAGE = str(Path(__file__).resolve().parent.parent / "pages" / "upload.py")


def _page(kind: str, lang: str = "en") -> AppTest:
    db.get_engine.cache_clear()
    at = AppTest.from_file(PAGE, default_timeout=60)
    sign_in(at, "staff", username="officer")
    at.query_params["kind"] = kind
    at.session_state["lang"] = lang
    return at.run()


def _metrics(at: AppTest) -> dict[str, str]:
    return {metric.label: metric.value for metric in at.metric}


def test_preview_confirm_history_and_undo_on_the_page(demo_engine: Engine) -> None:
    at = _page("budgets")
    before = dump(demo_engine, data_only=True)
    assert not at.exception
    assert at.selectbox(key="upload_kind").value == "budgets"
    assert "at most 50 MB" in at.caption[0].value
    at.file_uploader[0].set_value(("french_budgets.csv", corpus("french_budgets.csv"), "text/csv")).run()
    assert not at.exception
    assert _metrics(at) == {"To create": "2", "To update": "0", "Unchanged": "1", "Rejected rows": "0"}
    changes = at.dataframe[-1].value
    assert set(changes["Column"]) >= {"amount", "funder"} and "12,345.67" in set(changes["After"])
    assert dump(demo_engine, data_only=True) == before  # nothing written before confirming
    at.button(key="upload_confirm").click().run()
    assert [item.value for item in at.success] == ["Applied as batch #1: 2 created, 0 updated."]
    history = [item.value for item in at.text]
    assert any("#1 · " in line and "officer · Budget lines · french_budgets.csv" in line for line in history)
    assert dump(demo_engine, data_only=True) != before
    at.button(key="undo_1").click().run()
    assert [item.value for item in at.success] == ["Batch #1 undone: 2 records removed, 0 restored."]
    assert dump(demo_engine, data_only=True) == before
    assert not [button for button in at.button if button.key == "undo_1"]


def test_a_bad_file_shows_every_problem_offers_the_rejected_rows_and_no_confirm(demo_engine: Engine) -> None:
    at = _page("budgets", "fr")
    before = dump(demo_engine)
    at.file_uploader[0].set_value(("dates.csv", corpus("bad_dates.csv"), "text/csv")).run()
    assert not at.exception
    assert "3 problèmes à corriger" in at.error[0].value
    problems = at.dataframe[-1].value
    assert list(problems["Ligne"]) == [2, 3, 4]
    assert problems["Problème"][0] == "Il n'y a pas de mois 25 : les dates se lisent jour d'abord (JJ/MM/AAAA)."
    assert not [button for button in at.button if button.key == "upload_confirm"]
    assert any(button.label.startswith("CSV") or "CSV" in button.label for button in at.get("download_button"))
    assert dump(demo_engine) == before


def test_html_in_a_file_shows_as_text_and_never_as_markup(demo_engine: Engine) -> None:
    at = _page("partners")
    at.file_uploader[0].set_value(("html.csv", corpus("html_script.csv"), "text/csv")).run()
    assert not at.exception
    changes = at.dataframe[-1].value
    assert '<script>alert("x")</script>' in set(changes["After"])
    assert not any("<script" in item.value for item in at.markdown)


IATI = Path(__file__).resolve().parent / "corpus" / "iati"
SCDL = Path(__file__).resolve().parent / "corpus" / "scdl"


def test_an_iati_file_on_the_page_preview_matches_notes_and_unmapped(engine: Engine) -> None:
    at = _page("iati", "fr")
    assert not at.exception
    assert "IATI" in at.info[0].value
    data = (IATI / "canada-activity.xml").read_bytes()
    at.file_uploader[0].set_value(("canada-activity.xml", data, "application/xml")).run()
    assert not at.exception
    metrics = _metrics(at)
    assert metrics["À créer"] == "36" and metrics["Lignes rejetées"] == "0"
    frames = [frame.value for frame in at.dataframe]
    changes = next(frame for frame in frames if "Colonne" in frame.columns)
    assert "Ligne budgétaire" in set(changes["Type de données"])
    matches = next(frame for frame in frames if "Trouvé" in frame.columns)
    assert set(matches["Trouvé"]) == {"nouveau"}
    unmapped = next(frame for frame in frames if "Élément" in frame.columns)
    assert dict(zip(unmapped["Élément"], unmapped["Nombre"], strict=True))["policy-marker"] == 6
    notes = next(frame for frame in frames if "Remarque" in frame.columns)
    assert list(notes["Nombre"]) == [7] and "pos" in notes["Remarque"][0]
    at.button(key="upload_confirm").click().run()
    assert not at.exception
    assert "lot n° 1" in at.success[0].value
    at.button(key="undo_1").click().run()
    assert dump(engine, data_only=True)["project"] == []


def test_a_grant_file_on_the_page_keeps_the_rows_chosen(engine: Engine) -> None:
    at = _page("scdl")
    data = (SCDL / "poitiers-2017-subventions.csv").read_bytes()
    at.file_uploader[0].set_value(("poitiers.csv", data, "text/csv")).run()
    assert not at.exception
    assert any("Grants kept: 562 of 562" in item.value for item in at.markdown)
    at.text_input(key="scdl_words").set_value("Sénégal; Maroc").run()
    assert not at.exception
    assert any("Grants kept: 3 of 562" in item.value for item in at.markdown)
    assert _metrics(at)["To create"] != "0"
    at.button(key="upload_confirm").click().run()
    assert not at.exception
    assert len(dump(engine, data_only=True)["project"]) == 3


def test_a_workbook_s_hidden_sheet_is_read_only_when_picked(demo_engine: Engine) -> None:
    cases = Path(__file__).resolve().parent / "corpus" / "cases"
    setup = next(cases.glob("00_*"))
    workbook = next(cases.glob("07a_*"))
    at = _page("projects")
    at.file_uploader[0].set_value((setup.name, setup.read_bytes(), "text/csv")).run()
    at.button(key="upload_confirm").click().run()
    at = _page("budgets", "fr")
    at.file_uploader[0].set_value((workbook.name, workbook.read_bytes(), "application/octet-stream")).run()
    assert not at.exception
    box = at.selectbox(key="upload_sheet_budgets_box")
    assert box.value == "budgets v2 (use this)" and box.options == ["budgets v2 (use this)", "budgets (masquée)"]
    assert "Feuilles masquées non lues : budgets." in [caption.value for caption in at.caption]
    assert "150\u202f000" in set(at.dataframe[-1].value["Après"])
    box.set_value("budgets").run()
    assert not at.exception
    assert "100\u202f000" in set(at.dataframe[-1].value["Après"])  # the hidden sheet, because it was picked
