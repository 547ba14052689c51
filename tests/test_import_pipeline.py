"""The upload pipeline on a real database (SQLite and PostgreSQL): bad files refused with a clear message and
the database exactly as before; good files previewed, committed, re-uploaded without effect and undone."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from openpyxl import Workbook
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from dashboard.core import db
from dashboard.core.models import (
    AuditEvent,
    BudgetLine,
    ImportBatch,
    Organisation,
    Project,
    ProjectCountry,
    ProjectTheme,
)
from dashboard.core.permissions import Actor
from dashboard.exporting import spreadsheet
from dashboard.importing import pipeline, templates
from dashboard.importing.preview import WORKBOOK
from dashboard.importing.schemas import KINDS, MAX_UPLOAD_BYTES
from dashboard.importing.undo import UndoRefusedError, undo
from dashboard.presenting.upload import changes_frame, rejected_frame
from tests.import_helpers import corpus, dump

STAFF = Actor.of("officer", ["staff"])

# (file, kind, expected problem message key, row, column, text the English message contains)
BAD_FILES = [
    ("empty.csv", "budgets", "import.error.empty_file", None, None, "The file is empty."),
    ("header_only.csv", "budgets", "import.error.header_only", None, None, "no rows of data"),
    ("binary.csv", "budgets", "import.error.binary_file", None, None, "not a text (CSV) file"),
    ("old_excel.xls", "budgets", "import.error.old_xls", None, None, "(.xls) cannot be read"),
    ("fake.xlsx", "budgets", "import.error.not_xlsx", None, None, "is not one"),
    ("wrong_kind.csv", "budgets", "import.error.wrong_kind", 1, None, "those of a “partners” file"),
    ("unknown_columns.csv", "budgets", "import.error.unknown_column_near", 1, "amout", "did you mean “amount”"),
    ("missing_required.csv", "budgets", "import.error.missing_column", 1, "amount", "required column is missing"),
    ("long_cell.csv", "budgets", "import.error.too_long", 2, "category", "too long (5,000 characters)"),
    ("unclosed_quote.csv", "budgets", "import.error.unreadable_csv", 2, None, "cannot be read as CSV"),
    ("bad_dates.csv", "budgets", "import.error.no_such_month", 2, "period_start", "There is no month 25"),
    ("negative_budget.csv", "budgets", "import.error.budget_amount_range", 2, "amount", "cannot be negative"),
    ("share_over_100.csv", "projects", "import.error.shares_not_100", 2, "countries", "add up to 110%"),
    ("end_before_start.csv", "budgets", "import.error.end_before_start", 2, "period_end", "end comes before"),
    ("unknown_project.csv", "budgets", "import.error.unknown_project", 3, "project_code", "No project has this"),
    ("duplicate_keys.csv", "budgets", "import.error.duplicate_key", 3, "project_code", "as row 2"),
    ("unknown_partner.csv", "budgets", "import.error.unknown_partner_near", 2, "funder",
     "Agence Française de Développement"),
    ("near_duplicate_partner.csv", "partners", "import.error.near_duplicate_partner", 2, "name",
     "very close to a stored partner"),
]


def _run(engine: Engine, name: str, kind: str, data: bytes, actor: Actor = STAFF) -> tuple[object, object]:
    with Session(engine) as session:
        previewed = pipeline.preview(session, kind=kind, file_name=name, data=data, actor=actor)
    with Session(engine) as session:
        committed = pipeline.commit(session, kind=kind, file_name=name, data=data, actor=actor)
    return previewed, committed


@pytest.mark.parametrize(("name", "kind", "key", "row", "column", "text"), BAD_FILES, ids=[f[0] for f in BAD_FILES])
def test_a_bad_file_is_refused_with_its_problem_and_the_database_is_exactly_as_before(
    demo_engine: Engine, name: str, kind: str, key: str, row: int | None, column: str | None, text: str
) -> None:
    before = dump(demo_engine)
    previewed, committed = _run(demo_engine, name, kind, corpus(name))
    for result in (previewed, committed):
        assert result.refused and not result.committed  # type: ignore[attr-defined]
        found = [item for item in result.problems if item.key == key]  # type: ignore[attr-defined]
        assert found, [item.line() for item in result.problems]  # type: ignore[attr-defined]
        assert found[0].row == row
        assert found[0].column == column
        assert text in found[0].message("en") + " " + found[0].fix("en")
        assert found[0].fix("en") and found[0].fix("fr") and found[0].message("fr") != found[0].message("en")
    assert dump(demo_engine) == before


def test_every_problem_of_a_file_is_reported_at_once(demo_engine: Engine) -> None:
    _previewed, result = _run(demo_engine, "bad_dates.csv", "budgets", corpus("bad_dates.csv"))
    assert [(item.row, item.key.rsplit(".", 1)[1]) for item in result.problems] == [  # type: ignore[attr-defined]
        (2, "no_such_month"), (3, "month_first"), (4, "impossible_date")]
    assert "write 25/12/2024" in result.problems[1].fix("en")  # type: ignore[attr-defined]
    rejected = rejected_frame(result, "en")
    assert list(rejected["Row"]) == [2, 3, 4]
    assert list(rejected["period_start"]) == ["13/25/2024", "12/25/2024", "31/02/2024"]
    assert "There is no month 25" in rejected["Errors"][0]


def test_a_file_over_the_size_limit_is_refused_before_reading(demo_engine: Engine) -> None:
    before = dump(demo_engine)
    data = b"project_code,amount\r\n" + b"REG-C1.1,1\r\n" * (MAX_UPLOAD_BYTES // 11 + 1)
    assert len(data) > MAX_UPLOAD_BYTES
    _previewed, result = _run(demo_engine, "big.csv", "budgets", data)
    assert [item.key for item in result.problems] == ["import.error.too_large"]  # type: ignore[attr-defined]
    assert "the limit is 50 MB" in result.problems[0].message("en")  # type: ignore[attr-defined]
    assert dump(demo_engine) == before


def _budget_lines(engine: Engine, code: str = "REG-C1.1") -> list[tuple[object, ...]]:
    with Session(engine) as session:
        rows = session.exec(
            select(BudgetLine.category, BudgetLine.amount, BudgetLine.budget_type, Organisation.acronym)
            .join(Project, Project.id == BudgetLine.project_id)
            .outerjoin(Organisation, Organisation.id == BudgetLine.funder_id)
            .where(Project.code == code).order_by(BudgetLine.id)
        ).all()
    return [tuple(row) for row in rows]


@pytest.mark.parametrize("name", ["french_budgets.csv", "french_budgets_utf8_bom.csv"])
def test_a_french_excel_csv_is_read_previewed_committed_idempotent_and_undone(demo_engine: Engine, name: str) -> None:
    data = corpus(name)
    before = dump(demo_engine, data_only=True)
    previewed, committed = _run(demo_engine, name, "budgets", data)
    assert (previewed.created, previewed.updated, previewed.unchanged, previewed.rejected) == (2, 0, 1, 0)  # type: ignore[attr-defined]
    assert previewed.detail.endswith("semicolon")  # type: ignore[attr-defined]
    assert committed.committed and committed.batch_id  # type: ignore[attr-defined]
    assert _budget_lines(demo_engine) == [
        ("Total", 443008.0, "original", None),
        ("Équipement", 12345.67, "revised", "AFD"),
        ("Personnel", 1234.5, "original", "UE"),
    ]
    with Session(demo_engine) as session:
        batch = session.get(ImportBatch, committed.batch_id)  # type: ignore[attr-defined]
        assert batch is not None
        assert (batch.user, batch.file_name, batch.created_count, batch.unchanged_count) == ("officer", name, 2, 1)
        assert batch.checksum == pipeline.checksum_of(data)
        events = session.exec(select(AuditEvent).where(AuditEvent.batch_id == batch.id)).all()
        assert [event.action for event in events] == ["create", "create"]
        assert all(event.before is None and '"amount"' in (event.after or "") for event in events)

    # The same file again changes nothing at all, not even the history.
    after_first = dump(demo_engine)
    again_preview, again = _run(demo_engine, name, "budgets", data)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 3)  # type: ignore[attr-defined]
    assert again_preview.previous_batch == committed.batch_id  # type: ignore[attr-defined]
    assert not again.committed  # type: ignore[attr-defined]
    assert dump(demo_engine) == after_first

    revision = db.data_revision(demo_engine)
    with Session(demo_engine) as session:
        result = undo(session, batch_id=committed.batch_id, actor=STAFF)  # type: ignore[attr-defined]
    assert (result.deleted, result.restored) == (2, 0)
    assert dump(demo_engine, data_only=True) == before
    assert db.data_revision(demo_engine) == revision + 1


def test_an_update_shows_before_and_after_and_undo_restores_it_exactly(demo_engine: Engine) -> None:
    before = dump(demo_engine, data_only=True)
    data = "code_projet;categorie;debut_periode;fin_periode;montant\r\nREG-C1.1;Total;01/01/2013;31/12/2018;450 000\r\n"
    previewed, committed = _run(demo_engine, "revision.csv", "budgets", data.encode("utf-8"))
    assert (previewed.created, previewed.updated) == (0, 1)  # type: ignore[attr-defined]
    change = previewed.changes[0]  # type: ignore[attr-defined]
    assert (change.action, [(item.column, item.before, item.after) for item in change.fields]) == (
        "update", [("amount", 443008.0, 450000.0)])
    frame = changes_frame(previewed, "fr")
    assert (frame["Avant"][0], frame["Après"][0]) == ("443\u202f008", "450\u202f000")
    assert _budget_lines(demo_engine)[0][:2] == ("Total", 450000.0)
    with Session(demo_engine) as session:
        event = session.exec(select(AuditEvent).where(AuditEvent.batch_id == committed.batch_id)).one()  # type: ignore[attr-defined]
        assert '"amount":443008.0' in (event.before or "") and '"amount":450000.0' in (event.after or "")
    with Session(demo_engine) as session:
        undo(session, batch_id=committed.batch_id, actor=STAFF)  # type: ignore[attr-defined]
    assert dump(demo_engine, data_only=True) == before


def test_undo_is_refused_while_a_later_batch_changed_the_same_records(demo_engine: Engine) -> None:
    header = "project_code,category,period_start,period_end,amount\r\n"
    _p, first = _run(demo_engine, "a.csv", "budgets", (header + "REG-C1.1,Total,2013-01-01,2018-12-31,1\r\n").encode())
    _p, second = _run(demo_engine, "b.csv", "budgets", (header + "REG-C1.1,Total,2013-01-01,2018-12-31,2\r\n").encode())
    state = dump(demo_engine)
    with Session(demo_engine) as session, pytest.raises(UndoRefusedError) as refused:
        undo(session, batch_id=first.batch_id, actor=STAFF)  # type: ignore[attr-defined]
    assert refused.value.message("en") == (
        f"Batch #{first.batch_id} cannot be undone: later changes touched the same records "  # type: ignore[attr-defined]
        f"(#{second.batch_id}). Undo those first, newest first.")  # type: ignore[attr-defined]
    assert dump(demo_engine) == state
    with Session(demo_engine) as session:
        undo(session, batch_id=second.batch_id, actor=STAFF)  # type: ignore[attr-defined]
    assert _budget_lines(demo_engine)[0][1] == 1.0
    with Session(demo_engine) as session:
        undo(session, batch_id=first.batch_id, actor=STAFF)  # type: ignore[attr-defined]
    assert _budget_lines(demo_engine)[0][1] == 443008.0
    with Session(demo_engine) as session, pytest.raises(UndoRefusedError) as again:
        undo(session, batch_id=first.batch_id, actor=STAFF)  # type: ignore[attr-defined]
    assert again.value.key == "import.undo.already_undone"  # str() is the English sentence (core.errors)


def test_undo_of_a_created_partner_is_refused_once_later_records_refer_to_it(demo_engine: Engine) -> None:
    _p, partner = _run(demo_engine, "p.csv", "partners", b"name,type\r\nFondation Nouvelle Vague,foundation\r\n")
    _p, role = _run(demo_engine, "r.csv", "roles",
                    b"project_code,partner,role\r\nREG-C1.1,Fondation Nouvelle Vague,funding\r\n")
    assert partner.committed and role.committed  # type: ignore[attr-defined]
    state = dump(demo_engine)
    with Session(demo_engine) as session, pytest.raises(UndoRefusedError) as refused:
        undo(session, batch_id=partner.batch_id, actor=STAFF)  # type: ignore[attr-defined]
    assert "1 records added since (project_role)" in refused.value.message("en")
    assert dump(demo_engine) == state


def _xlsx(sheets: dict[str, list[list[object]]], percent_cells: tuple[tuple[str, str], ...] = ()) -> bytes:
    workbook = Workbook()
    workbook.remove(workbook.active)  # type: ignore[arg-type]
    for title, rows in sheets.items():
        sheet = workbook.create_sheet(title)
        for row in rows:
            sheet.append(row)
        for sheet_title, reference in percent_cells:
            if sheet_title == title:
                sheet[reference].number_format = "0%"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_an_xlsx_workbook_is_read_from_the_sheet_named_after_the_kind(demo_engine: Engine) -> None:
    data = _xlsx({
        "Notes": [["Read me first"]],
        "Projets": [
            ["Code", "Titre", "Début prévu", "Fin prévue", "Thématiques", "ODD", "Pays", "Total déclaré", None],
            ["XL-1", "Projet Excel", dt.datetime(2026, 1, 1), dt.datetime(2027, 6, 30), "océan; climat", "14; 13",
             "Fidji:60; WSM:40", 120000, None],
            [None, None, None, None, None, None, None, None, None],
        ],
    })
    previewed, committed = _run(demo_engine, "projets.xlsx", "projects", data)
    assert previewed.detail == "Projets"  # type: ignore[attr-defined]
    assert (committed.created, committed.rejected) == (1, 0)  # type: ignore[attr-defined]
    with Session(demo_engine) as session:
        project = session.exec(select(Project).where(Project.code == "XL-1")).one()
        assert (project.planned_start, project.planned_end, project.declared_total) == (
            dt.date(2026, 1, 1), dt.date(2027, 6, 30), 120000.0)
        assert sorted(session.exec(select(ProjectTheme.theme).where(ProjectTheme.project_id == project.id))) == [
            "climat", "océan"]
        assert sorted(session.exec(select(ProjectCountry.country, ProjectCountry.share)
                                   .where(ProjectCountry.project_id == project.id))) == [("FJI", 60.0), ("WSM", 40.0)]
    # Changing the countries is an update of the links, undone exactly.
    before = dump(demo_engine, data_only=True)
    data = _xlsx({"projects": [["code", "title", "countries"], ["XL-1", "Projet Excel", "FJI"]]})
    previewed, committed = _run(demo_engine, "p.xlsx", "projects", data)
    assert [(item.column, item.before, item.after) for item in previewed.changes[0].fields] == [  # type: ignore[attr-defined]
        ("countries", (("FJI", 60.0), ("WSM", 40.0)), (("FJI", 100.0),))]
    with Session(demo_engine) as session:
        undo(session, batch_id=committed.batch_id, actor=STAFF)  # type: ignore[attr-defined]
    assert dump(demo_engine, data_only=True) == before


def test_formula_and_html_cells_are_stored_as_text_and_neutralised_in_exports(demo_engine: Engine) -> None:
    for name in ("formula_cells.csv", "html_script.csv"):
        _p, committed = _run(demo_engine, name, "partners", corpus(name))
        assert committed.committed, [item.line() for item in committed.problems]  # type: ignore[attr-defined]
    with Session(demo_engine) as session:
        stored = dict(session.exec(select(Organisation.name, Organisation.notes)
                                   .where(Organisation.type == "ngo", Organisation.source.is_(None))).all())  # type: ignore[union-attr]
    assert stored['=HYPERLINK("http://evil.example","clic")'] == "+cmd|' /C calc'!A0"
    assert stored["-2+3"] == "@SUM(A1:A9)"
    assert stored['<script>alert("x")</script>'] == "<img src=x onerror=alert(1)> **bold**"
    import pandas as pd

    frame = pd.DataFrame({"name": list(stored), "notes": list(stored.values())})
    text = spreadsheet.to_csv_bytes(frame, "en").decode("utf-8-sig")
    assert "'=HYPERLINK" in text and "'-2+3" in text and "'@SUM(A1:A9)" in text and "'+cmd" in text


def test_a_near_duplicate_partner_is_created_only_when_confirmed(demo_engine: Engine) -> None:
    data = b"name,type,new_partner\r\nAgence Francaise du Developement,ngo,oui\r\n"
    _p, committed = _run(demo_engine, "p.csv", "partners", data)
    assert committed.created == 1  # type: ignore[attr-defined]
    # Same spelling in other case/accents/spaces updates the stored partner rather than adding one.
    _p, again = _run(demo_engine, "p2.csv", "partners", b"name,type,city\r\n  agence FRANCAISE  de developpement ,"
                     b"bilateral_agency,Paris\r\n")
    assert (again.created, again.updated) == (0, 1)  # type: ignore[attr-defined]
    assert [(item.column, item.after) for item in again.changes[0].fields] == [("city", "Paris")]  # type: ignore[attr-defined]


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_every_template_is_accepted_as_it_is_downloaded(demo_engine: Engine, lang: str) -> None:
    for kind in KINDS:
        downloads = ((templates.template_csv(kind, lang), "t.csv"), (templates.template_xlsx(kind, lang), "t.xlsx"))
        for data, name in downloads:
            with Session(demo_engine) as session:
                result = pipeline.preview(session, kind=kind, file_name=name, data=data, actor=STAFF)
            assert not result.refused, (kind, name, [item.line() for item in result.problems])
            assert result.created + result.updated + result.unchanged == 1
        assert templates.key_note(kind, lang)
        assert len(templates.columns_frame(kind, lang)) == len(templates.schema_for(kind).columns)


@pytest.mark.parametrize("kind", KINDS)
def test_each_kind_commits_its_template_row_and_undo_restores_the_database(demo_engine: Engine, kind: str) -> None:
    before = dump(demo_engine, data_only=True)
    data = templates.template_xlsx(kind, "fr")
    _previewed, committed = _run(demo_engine, f"{kind}.xlsx", kind, data)
    assert committed.committed, [item.line() for item in committed.problems]  # type: ignore[attr-defined]
    assert committed.created + committed.updated == 1  # type: ignore[attr-defined]
    assert dump(demo_engine, data_only=True) != before
    _again_preview, again = _run(demo_engine, f"{kind}.xlsx", kind, data)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 1)  # type: ignore[attr-defined]
    with Session(demo_engine) as session:
        undo(session, batch_id=committed.batch_id, actor=STAFF)  # type: ignore[attr-defined]
    assert dump(demo_engine, data_only=True) == before


def test_a_workbook_imports_a_project_with_its_budget_and_indicators_in_one_batch(demo_engine: Engine) -> None:
    before = dump(demo_engine, data_only=True)
    data = _xlsx({
        "Valeurs-indicateurs": [["code_projet", "code_indicateur", "debut_periode", "fin_periode", "realise"],
                                ["WB-1", "WB-OUT", "01/01/2026", "30/06/2026", 12]],
        "Budgets": [["code_projet", "financeur", "montant", "debut_periode", "fin_periode"],
                    ["WB-1", "AFD", 250000, "01/01/2026", "31/12/2026"]],
        "Projets": [["code", "titre", "pays"], ["WB-1", "Projet du classeur", "NCL"]],
        "Indicateurs": [["code_projet", "code", "nom", "cumulatif"], ["WB-1", "WB-OUT", "Personnes formées", "oui"]],
    })
    previewed, committed = _run(demo_engine, "portefeuille.xlsx", WORKBOOK, data)
    assert (previewed.created, previewed.rejected) == (4, 0), [item.line() for item in previewed.problems]  # type: ignore[attr-defined]
    assert [change.kind for change in previewed.changes] == [  # type: ignore[attr-defined]
        "projects", "budgets", "indicators", "indicator-values"]
    assert committed.committed  # type: ignore[attr-defined]
    assert _budget_lines(demo_engine, "WB-1") == [(None, 250000.0, "original", "AFD")]
    with Session(demo_engine) as session:
        batch = session.get(ImportBatch, committed.batch_id)  # type: ignore[attr-defined]
        assert batch is not None and (batch.kind, batch.created_count) == ("workbook", 4)
    with Session(demo_engine) as session:
        result = undo(session, batch_id=committed.batch_id, actor=STAFF)  # type: ignore[attr-defined]
    assert result.deleted == 4
    assert dump(demo_engine, data_only=True) == before


def test_a_workbook_with_a_bad_sheet_is_refused_whole_and_names_the_sheet(demo_engine: Engine) -> None:
    before = dump(demo_engine)
    data = _xlsx({
        "projects": [["code", "title"], ["WB-2", "Nouveau"]],
        "budgets": [["project_code", "amount"], ["WB-2", 10], ["WB-9", -5]],
    })
    _previewed, committed = _run(demo_engine, "book.xlsx", WORKBOOK, data)
    assert committed.refused and not committed.committed  # type: ignore[attr-defined]
    assert [(item.sheet, item.row, item.column) for item in committed.problems] == [  # type: ignore[attr-defined]
        ("budgets", 3, "project_code"), ("budgets", 3, "amount")]
    assert committed.problems[0].line("en").startswith("Sheet 'budgets', Row 3, column 'project_code'")  # type: ignore[attr-defined]
    rejected = rejected_frame(committed, "en")
    assert list(rejected["Sheet"]) == ["budgets"] and list(rejected["Row"]) == [3]
    assert dump(demo_engine) == before
    _p, csv_as_workbook = _run(demo_engine, "b.csv", WORKBOOK, corpus("french_budgets.csv"))
    assert [item.key for item in csv_as_workbook.problems] == ["import.error.workbook_needed"]  # type: ignore[attr-defined]


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_the_workbook_template_holds_every_kind_and_is_accepted(demo_engine: Engine, lang: str) -> None:
    data = templates.template_xlsx(WORKBOOK, lang)
    with Session(demo_engine) as session:
        result = pipeline.preview(session, kind=WORKBOOK, file_name="t.xlsx", data=data, actor=STAFF)
    assert not result.refused, [item.line() for item in result.problems]
    assert result.created + result.updated + result.unchanged == len(KINDS)


def test_uploaded_reviews_move_the_review_dates_and_undo_puts_them_back(demo_engine: Engine) -> None:
    with Session(demo_engine) as session:
        partner = session.exec(select(Organisation).where(Organisation.acronym == "AFD")).first() or \
            session.exec(select(Organisation).order_by(Organisation.id)).first()
        before = (partner.last_review_date, partner.next_review_date)
    data = (
        "partner,review_date,reviewer,rating,decision,next_review_due\n"
        f"{partner.name},2026-11-20,Partnerships officer,4,continue,\n"
    ).encode()
    _previewed, committed = _run(demo_engine, "reviews.csv", "reviews", data)
    assert committed.committed, [item.line() for item in committed.problems]  # type: ignore[attr-defined]
    with Session(demo_engine) as session:
        moved = session.get(Organisation, partner.id)
        # No next date given: six months after the review, as on the Partners page.
        assert (moved.last_review_date, moved.next_review_date) == (dt.date(2026, 11, 20), dt.date(2027, 5, 20))
    with Session(demo_engine) as session:
        undo(session, batch_id=committed.batch_id, actor=STAFF)  # type: ignore[attr-defined]
    with Session(demo_engine) as session:
        restored = session.get(Organisation, partner.id)
        assert (restored.last_review_date, restored.next_review_date) == before
