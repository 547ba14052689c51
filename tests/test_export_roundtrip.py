"""Exports round-trip through the project's own importer unchanged: the stored records downloaded in an upload
template's columns (CSV in English and French, and .xlsx), uploaded again as a preview, change nothing."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select, update
from sqlalchemy.engine import Engine
from sqlmodel import Session

from dashboard.core import db
from dashboard.core.models import BudgetLine, Organisation, Project
from dashboard.core.permissions import SYSTEM_ACTOR
from dashboard.exporting.spreadsheet import to_csv_bytes, to_xlsx_bytes
from dashboard.exporting.template_columns import template_file_stem, template_frame
from dashboard.importing import pipeline
from dashboard.importing.preview import Preview
from tests.import_helpers import dump

# Kinds whose every stored field is in the template, so an unchanged file must mean "nothing to do".
KINDS = ["partners", "projects", "budgets", "roles", "spending", "indicators", "indicator-values", "reviews", "rates"]


def _export(engine: Engine, kind: str, lang: str, file_format: str) -> tuple[str, bytes]:
    with engine.connect() as connection:
        frame = template_frame(connection, kind, lang)
    stem = template_file_stem(kind, lang)
    if file_format == "csv":
        return f"{stem}.csv", to_csv_bytes(frame, lang)
    return f"{stem}.xlsx", to_xlsx_bytes(frame, sheet_name=stem)


def _preview(engine: Engine, kind: str, name: str, data: bytes) -> Preview:
    with Session(engine) as session:
        return pipeline.preview(session, kind=kind, file_name=name, data=data, actor=SYSTEM_ACTOR)


def _explain(result: Preview) -> str:
    problems = [f"row {item.row} {item.column}: {item.message('en')}" for item in result.problems[:5]]
    changes = [f"row {change.row} {change.key}: " + ", ".join(f"{item.column} {item.before!r}→{item.after!r}"
                                                             for item in change.fields)
               for change in result.changes[:5]]
    return "\n".join([*problems, *changes])


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
@pytest.mark.parametrize("lang", ["en", "fr"])
@pytest.mark.parametrize("kind", KINDS)
def test_an_exported_table_reimports_with_zero_changes(demo_engine: Engine, kind: str, lang: str,
                                                        file_format: str) -> None:
    name, data = _export(demo_engine, kind, lang, file_format)
    before = dump(demo_engine)
    result = _preview(demo_engine, kind, name, data)
    assert result.problem_count == 0, _explain(result)
    assert (result.created, result.updated, result.rejected) == (0, 0, 0), _explain(result)
    assert result.unchanged > 0
    assert dump(demo_engine) == before  # a preview writes nothing


def test_the_partner_export_holds_every_partner_with_french_headers(demo_engine: Engine) -> None:
    with demo_engine.connect() as connection:
        frame = template_frame(connection, "partners", "fr")
        count = connection.execute(select(func.count()).select_from(Organisation)).scalar_one()
    assert len(frame) == count > 200
    assert frame.columns[:4].tolist() == ["nom", "sigle", "type", "pays"]


def test_a_changed_amount_in_the_export_is_the_only_change_found(demo_engine: Engine) -> None:
    """The round trip is exact, so a single edit made in the spreadsheet shows up alone."""
    with demo_engine.connect() as connection:
        frame = template_frame(connection, "budgets", "fr")
    row = frame.index[frame["code_projet"] == "REG-C1.1"][0]
    frame.loc[row, "montant"] = 450000.5
    result = _preview(demo_engine, "budgets", "budgets.csv", to_csv_bytes(frame, "fr"))
    assert (result.created, result.updated, result.problem_count) == (0, 1, 0), _explain(result)
    [change] = result.changes
    assert [(item.column, item.after) for item in change.fields] == [("amount", 450000.5)]


def test_formula_looking_text_survives_the_xlsx_round_trip(demo_engine: Engine) -> None:
    """Text a spreadsheet would run is stored as text in the .xlsx, so it comes back exactly."""
    with db.session_scope(demo_engine) as session:
        session.execute(update(Project).where(Project.code == "REG-C1.1").values(title="=1+1 (not a formula)"))
    name, data = _export(demo_engine, "projects", "en", "xlsx")
    result = _preview(demo_engine, "projects", name, data)
    assert (result.created, result.updated, result.problem_count) == (0, 0, 0), _explain(result)


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_formula_looking_text_survives_the_csv_round_trip(demo_engine: Engine, lang: str) -> None:
    """The CSV export puts an apostrophe before text a spreadsheet would run; the importer takes it off again."""
    with db.session_scope(demo_engine) as session:
        session.execute(update(Project).where(Project.code == "REG-C1.1").values(title="=1+1 (not a formula)"))
    name, data = _export(demo_engine, "projects", lang, "csv")
    assert b"'=1+1 (not a formula)" in data
    result = _preview(demo_engine, "projects", name, data)
    assert (result.created, result.updated, result.problem_count) == (0, 0, 0), _explain(result)


def test_filtered_export_holds_only_the_chosen_records(demo_engine: Engine) -> None:
    with demo_engine.connect() as connection:
        ids = [row[0] for row in connection.execute(
            select(BudgetLine.id).join(Project).where(Project.code == "REG-C1.1"))]
        frame = template_frame(connection, "budgets", "en", ids=ids)
    assert len(frame) == len(ids) > 0
    assert set(frame["project_code"]) == {"REG-C1.1"}


def test_the_record_export_buttons_are_drawn_in_the_readers_language(demo_engine: Engine, tmp_path) -> None:
    from streamlit.testing.v1 import AppTest

    script = tmp_path / "records.py"
    script.write_text("from dashboard.core import db\n"
                      "from dashboard.web.downloads import template_download_buttons\n"
                      "template_download_buttons(db.get_engine(), 'budgets', 'fr')\n", encoding="utf-8")
    at = AppTest.from_file(str(script), default_timeout=60).run()
    assert not at.exception
    labels = [button.proto.label for button in at.get("download_button")]
    assert labels == ["Télécharger au format du modèle d'import (CSV)",
                      "Télécharger au format du modèle d'import (Excel)"]
