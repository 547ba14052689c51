"""Issue 13, reading files (items 9–14): each case of ../shared/cases (copied under tests/corpus/cases) imported
after the demo and HUNT-1, through the upload pipeline and through the command line, then read back with
``figures --json``; on SQLite and PostgreSQL (TEST_DATABASE=postgresql)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.engine import Engine
from sqlmodel import Session

from dashboard.cli.main import main
from dashboard.core.models import Organisation, Project
from dashboard.core.permissions import SYSTEM_ACTOR
from dashboard.importing import pipeline
from dashboard.importing.preview import Preview
from tests.conftest import DEMO_TODAY
from tests.import_helpers import CORPUS, dump

CASES = CORPUS / "cases"
ROUTES = ("pipeline", "cli")


def case(prefix: str) -> Path:
    return next(CASES.glob(f"{prefix}_*"))


def run(engine: Engine, route: str, path: Path, kind: str, capsys: pytest.CaptureFixture[str],
        *options: str) -> tuple[bool, str]:
    """Import ``path`` as ``kind`` by ``route``; (applied, what the person reads)."""
    if route == "cli":
        code = main(["import", str(path), "--kind", kind, *options])
        out, err = capsys.readouterr()
        return code == 0, out + err
    sheet = dict(zip(options[::2], options[1::2], strict=True)).get("--sheet")
    with Session(engine) as session:
        result = pipeline.commit(session, kind=kind, file_name=path.name, data=path.read_bytes(),
                                 actor=SYSTEM_ACTOR, options={"sheet": sheet} if sheet else None)
    return result.committed, "\n".join(item.line("en") for item in result.problems)


def preview(engine: Engine, path: Path, kind: str, **options: object) -> Preview:
    with Session(engine) as session:
        return pipeline.preview(session, kind=kind, file_name=path.name, data=path.read_bytes(), actor=SYSTEM_ACTOR,
                                options=options)


def figures(capsys: pytest.CaptureFixture[str]) -> dict:
    assert main(["figures", "--as-of", DEMO_TODAY.isoformat(), "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def hunt(capsys: pytest.CaptureFixture[str]) -> dict:
    return next(project for project in figures(capsys)["projects"] if project["code"] == "HUNT-1")


@pytest.fixture
def hunt_engine(demo_engine: Engine, capsys: pytest.CaptureFixture[str]) -> Engine:
    """The demo portfolio and project HUNT-1 (case 00), as the cases' README says."""
    assert main(["import", str(case("00")), "--kind", "projects"]) == 0
    capsys.readouterr()
    return demo_engine


# Item 10: Excel's sep=; first line
# ---------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("route", ROUTES)
def test_02_the_sep_line_is_honoured_and_skipped(hunt_engine: Engine, route: str,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    applied, said = run(hunt_engine, route, case("02"), "spending", capsys)
    assert applied, said
    assert hunt(capsys)["consumed"] == 12_500.0


def test_02_rows_are_numbered_as_excel_shows_them(hunt_engine: Engine) -> None:
    data = case("02").read_bytes().replace(b"HUNT-1;FAC-1;15/03/2026", b"HUNT-1;FAC-1;31/02/2026")
    path = case("02").parent / "x.csv"
    with Session(hunt_engine) as session:
        result = pipeline.preview(session, kind="spending", file_name=path.name, data=data, actor=SYSTEM_ACTOR)
    assert [(item.row, item.column) for item in result.problems] == [(2, "date")]  # Excel hides the sep= line
    assert result.detail.endswith("sep=;")


# Item 11: hidden sheets
# ---------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("route", ROUTES)
def test_07a_the_visible_sheet_is_read_never_the_hidden_one(hunt_engine: Engine, route: str,
                                                             capsys: pytest.CaptureFixture[str]) -> None:
    applied, said = run(hunt_engine, route, case("07a"), "budgets", capsys)
    assert applied, said
    if route == "cli":
        assert "Read sheet “budgets v2 (use this)”; hidden sheets not read: budgets (name one with --sheet)." in said
    assert hunt(capsys)["budget"] == 150_000.0


def test_07a_the_preview_names_the_sheet_read_and_lists_the_hidden_one(hunt_engine: Engine) -> None:
    result = preview(hunt_engine, case("07a"), "budgets")
    assert result.detail == "budgets v2 (use this)"
    assert result.sheets == (("budgets v2 (use this)", False), ("budgets", True))


@pytest.mark.parametrize("route", ROUTES)
def test_07a_a_hidden_sheet_is_read_when_the_person_picks_it(hunt_engine: Engine, route: str,
                                                             capsys: pytest.CaptureFixture[str]) -> None:
    applied, said = run(hunt_engine, route, case("07a"), "budgets", capsys, "--sheet", "budgets")
    assert applied, said
    assert hunt(capsys)["budget"] == 100_000.0


def test_07a_a_sheet_that_does_not_exist_is_refused(hunt_engine: Engine, capsys: pytest.CaptureFixture[str]) -> None:
    before = dump(hunt_engine, data_only=True)
    applied, said = run(hunt_engine, "cli", case("07a"), "budgets", capsys, "--sheet", "Budget 2025")
    assert not applied
    assert "no sheet named “Budget 2025”" in said and "budgets v2 (use this), budgets" in said
    assert dump(hunt_engine, data_only=True) == before


def test_a_workbook_never_imports_a_hidden_kind_sheet(hunt_engine: Engine) -> None:
    result = preview(hunt_engine, case("07a"), "workbook")
    assert [item.key for item in result.problems] == ["import.error.no_kind_sheets"]  # its only budgets sheet is hidden


def _workbook(path: Path, sheets: list[tuple[str, str, int | None]]) -> Path:
    """A workbook of budget sheets (title, state, amount; None: a sheet of notes, not a table)."""
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.remove(workbook.active)  # type: ignore[arg-type]
    for title, state, amount in sheets:
        sheet = workbook.create_sheet(title)
        sheet.sheet_state = state
        if amount is None:
            sheet.append(["Read me: the budget is on the next tab"])
            continue
        sheet.append(["project_code", "period_start", "period_end", "category", "amount", "currency"])
        sheet.append(["HUNT-1", "2026-01-01", "2026-12-31", "Personnel", amount, "EUR"])
    workbook.save(path)
    return path


@pytest.mark.parametrize("route", ROUTES)
@pytest.mark.parametrize("sheets", [
    [("Lisez-moi", "visible", None), ("Data", "visible", 150_000)],  # the table is not on the first tab
    [("Instructions", "visible", None), ("old", "veryHidden", 100_000), ("Feuil2", "visible", 150_000)],
    [("budgets", "hidden", 100_000), ("Notes", "visible", None), ("Budgets 2026", "visible", 150_000)],
], ids=["notes-first", "very-hidden", "hidden-named-like-the-kind"])
def test_a_workbook_s_table_is_found_on_a_visible_sheet_whatever_its_place(
        hunt_engine: Engine, route: str, sheets: list, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The visible sheet whose header holds the kind's columns is read when none is named after the kind; a
    hidden (or very hidden) one never, even when it holds the columns or bears the kind's name."""
    applied, said = run(hunt_engine, route, _workbook(tmp_path / "b.xlsx", sheets), "budgets", capsys)
    assert applied, said
    if route == "cli":
        assert f"Read sheet “{sheets[-1][0]}”" in said
    assert hunt(capsys)["budget"] == 150_000.0


# Item 12: mixed encodings
# ---------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("route", ROUTES)
def test_15_a_utf8_file_with_one_cp1252_byte_is_refused_naming_row_3(hunt_engine: Engine, route: str,
                                                                     capsys: pytest.CaptureFixture[str]) -> None:
    before = dump(hunt_engine, data_only=True)
    applied, said = run(hunt_engine, route, case("15"), "partners", capsys)
    assert not applied
    assert said.splitlines()[0] == ("Row 3, value 'Contact via l’antenne': Not UTF-8 like the rest of the file "
                                    "(byte 0x92, read here as Windows-1252). Retype its accents and apostrophes, or "
                                    "save the whole file again as “CSV UTF-8”.")
    assert dump(hunt_engine, data_only=True) == before
    with Session(hunt_engine) as session:
        assert session.execute(select(func.count()).where(Organisation.name.contains("Ã"))).scalar() == 0


def test_15_once_the_row_is_fixed_the_accents_are_stored_as_written(hunt_engine: Engine,
                                                                    capsys: pytest.CaptureFixture[str],
                                                                    tmp_path: Path) -> None:
    fixed = tmp_path / "partners.csv"
    fixed.write_bytes(case("15").read_bytes().replace(b"\x92", "’".encode()))
    applied, said = run(hunt_engine, "cli", fixed, "partners", capsys)
    assert applied, said
    with Session(hunt_engine) as session:
        query = select(Organisation.name).where(Organisation.acronym.in_(("FOL", "CJE")))
        names = set(session.execute(query).scalars())
    assert names == {"Fédération des œuvres laïques de Nouméa", "Comité de jumelage d'Épinal"}


@pytest.mark.parametrize("route", ROUTES)
def test_garbled_accents_are_refused_with_the_text_they_stood_for(hunt_engine: Engine, route: str,
                                                                   capsys: pytest.CaptureFixture[str],
                                                                   tmp_path: Path) -> None:
    garbled = tmp_path / "partners.csv"
    garbled.write_text("name,acronym,type,country,aliases\nFÃ©dÃ©ration des Å’uvres laÃ¯ques,FOL,ngo,NCL,"
                       "FÃ©dÃ©ration Å“uvres laÃ¯ques\n", encoding="utf-8")
    applied, said = run(hunt_engine, route, garbled, "partners", capsys)
    assert not applied
    assert "accents of this text are garbled" in said and "Write it as “Fédération des Œuvres laïques”" in said
    assert "Write it as “Fédération œuvres laïques”" in said  # in a list too
    with Session(hunt_engine) as session:
        assert session.execute(select(func.count()).where(Organisation.name.contains("Ã"))).scalar() == 0


@pytest.mark.parametrize(("text", "encoding"), [
    ("Fédération des Œuvres laïques;Nouméa;l’antenne", "cp1252"),
    ("Café crème à la française;Nouméa", "mac_roman"),
    # "’É" is 0xD5 0x83 in Mac Roman: by chance a valid UTF-8 pair (Armenian U+0543), never a UTF-8 file's
    ("Comité de jumelage d’Épinal;Épinal;Contact via l’antenne", "mac_roman"),
    ("Association “École ouverte”;Nouméa;", "mac_roman"),
])
def test_a_legacy_file_is_read_in_the_encoding_charset_normalizer_finds(hunt_engine: Engine, text: str,
                                                                         encoding: str) -> None:
    from dashboard.importing.readers import open_table

    data = f"name;city;notes\n{text}\n".encode(encoding)
    table = open_table(data, "partners.csv", "partners")
    assert table.detail.startswith(encoding)
    assert ";".join(str(cell) for cell in next(table.rows())[1]) == text


# Item 9: one number convention per file
# ---------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("route", ROUTES)
def test_01_dots_group_thousands_in_a_decimal_comma_file(hunt_engine: Engine, route: str,
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    applied, said = run(hunt_engine, route, case("01"), "budgets", capsys)
    assert applied, said
    assert hunt(capsys)["budget"] == 443_008 + 1_250_000 + 12_500.50  # never 443.008 next to 1 250 000


def test_01_the_preview_shows_each_amount_as_read(hunt_engine: Engine) -> None:
    result = preview(hunt_engine, case("01"), "budgets")
    fields = [{field.column: field.after for field in change.fields} for change in result.changes]
    amounts = {values["category"]: values["amount"] for values in fields}
    assert amounts == {"Personnel": 443_008.0, "Equipement": 1_250_000.0, "Missions": 12_500.5}


BUDGET_HEADER = ["project_code", "period_start", "period_end", "category", "amount"]


def _budgets(tmp_path: Path, separator: str, amounts: list[str], name: str = "budgets.csv") -> Path:
    lines = [separator.join(BUDGET_HEADER)]
    lines += [separator.join(["HUNT-1", "2026-01-01", "2026-12-31", f"Line {number}", amount])
              for number, amount in enumerate(amounts, start=1)]
    path = tmp_path / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize(("separator", "amounts", "budget"), [
    (";", ["443.008"], 443_008.0),  # a semicolon file: decimal commas, so the dot groups thousands
    (",", ["443.008"], 443.008),  # a comma file cannot write a decimal comma: the dot is the decimal mark
    ("\t", ["443.008", "12.5"], 443.008 + 12.5),  # the column's other number says it
    ("\t", ["443.008", "1.250.000"], 443_008.0 + 1_250_000.0),
    (";", ["443.008", "12.5"], 443.008 + 12.5),  # the column's own evidence beats the format's
])
def test_an_ambiguous_number_takes_its_column_s_or_file_s_convention(
        hunt_engine: Engine, tmp_path: Path, capsys: pytest.CaptureFixture[str], separator: str,
        amounts: list[str], budget: float) -> None:
    quoted = [f'"{amount}"' if separator in amount else amount for amount in amounts]
    applied, said = run(hunt_engine, "cli", _budgets(tmp_path, separator, quoted), "budgets", capsys)
    assert applied, said
    assert hunt(capsys)["budget"] == pytest.approx(budget, abs=0.01)  # figures round to cents


def test_an_ambiguous_number_with_nothing_to_go_on_is_refused_by_name(hunt_engine: Engine, tmp_path: Path,
                                                                      capsys: pytest.CaptureFixture[str]) -> None:
    before = dump(hunt_engine, data_only=True)
    applied, said = run(hunt_engine, "cli", _budgets(tmp_path, "\t", ["443.008", "2500"]), "budgets", capsys)
    assert not applied
    assert said.splitlines()[0] == (
        "Row 2, column 'amount', value '443.008': “443.008” could be 443 008 or 443.008 / 443,008: nothing in its "
        "column or file says which. Write it without thousands separator (443008), or with the other decimal mark.")
    assert dump(hunt_engine, data_only=True) == before


def test_two_decimal_marks_in_one_column_are_refused(hunt_engine: Engine, tmp_path: Path,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    applied, said = run(hunt_engine, "pipeline", _budgets(tmp_path, ";", ["1.250.000", "12.5"]), "budgets", capsys)
    assert not applied
    assert "Row 3, column 'amount', value '12.5': Its column writes numbers as “1.250.000” elsewhere" in said


def test_an_xlsx_text_number_with_nothing_to_go_on_is_refused(hunt_engine: Engine, tmp_path: Path) -> None:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "budgets"
    sheet.append(BUDGET_HEADER)
    sheet.append(["HUNT-1", "2026-01-01", "2026-12-31", "Personnel", "443.008"])
    sheet.append(["HUNT-1", "2026-01-01", "2026-12-31", "Travel", 2500.5])  # a number: says nothing
    path = tmp_path / "budgets.xlsx"
    workbook.save(path)
    result = preview(hunt_engine, path, "budgets")
    assert [(item.row, item.key) for item in result.problems] == [(2, "import.error.ambiguous_number")]


# Item 13: keys written differently
# ---------------------------------------------------------------------------------------------------------


def _projects_named_hunt(engine: Engine) -> list[str]:
    with Session(engine) as session:
        return list(session.execute(select(Project.code).where(func.lower(Project.code).like("%hunt-1%"))).scalars())


@pytest.mark.parametrize("route", ROUTES)
def test_12a_a_code_in_another_case_with_a_trailing_space_is_the_same_project(
        hunt_engine: Engine, route: str, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    applied, said = run(hunt_engine, route, case("12a"), "projects", capsys)
    assert said == "" or "nothing to change (1 rows already as in the file)" in said
    assert _projects_named_hunt(hunt_engine) == ["HUNT-1"]  # no second project
    renamed = tmp_path / "projects.csv"
    renamed.write_text(case("12a").read_text().replace("Hunt test project", "Hunt project renamed"))
    applied, said = run(hunt_engine, route, renamed, "projects", capsys)
    assert applied, said
    assert _projects_named_hunt(hunt_engine) == ["HUNT-1"]  # updated, and its code kept as stored
    with Session(hunt_engine) as session:
        assert session.execute(select(Project.title).where(Project.code == "HUNT-1")).scalar() == "Hunt project renamed"


def test_12a_the_preview_says_it_updates_hunt_1(hunt_engine: Engine, tmp_path: Path) -> None:
    renamed = tmp_path / "projects.csv"
    renamed.write_text(case("12a").read_text().replace("Hunt test project", "Hunt project renamed"))
    result = preview(hunt_engine, renamed, "projects")
    assert (result.created, result.updated) == (0, 1)
    assert [(change.action, change.key, [field.column for field in change.fields]) for change in result.changes] == [
        ("update", "HUNT-1", ["title"])]


@pytest.mark.parametrize("route", ROUTES)
def test_codes_in_any_case_reach_the_same_records_in_every_kind(hunt_engine: Engine, route: str, tmp_path: Path,
                                                                capsys: pytest.CaptureFixture[str]) -> None:
    spending = tmp_path / "spending.csv"
    header = "project_code,reference,date,amount,kind,currency\n"
    spending.write_text(header + "hunt-1 ,FAC-1,2026-03-15,100,expenditure,EUR\n")
    assert run(hunt_engine, route, spending, "spending", capsys)[0]
    spending.write_text(header + "Hunt-1,fac-1 ,2026-03-15,250,expenditure,EUR\n")
    assert run(hunt_engine, route, spending, "spending", capsys)[0]
    assert hunt(capsys)["consumed"] == 250.0  # one line, updated, never 350
    indicators = tmp_path / "indicators.csv"
    indicators.write_text("project_code,code,name,target_value\nhunt-1,ATL-H,People trained,10\n")
    assert run(hunt_engine, route, indicators, "indicators", capsys)[0]
    indicators.write_text("project_code,code,name,target_value\nHUNT-1,atl-h ,People trained,12\n")
    assert run(hunt_engine, route, indicators, "indicators", capsys)[0]
    values = tmp_path / "values.csv"
    values.write_text("project_code,indicator_code,period_start,period_end,actual\nhunt-1,Atl-H,2026-01-01,2026-06-30,4\n")
    applied, said = run(hunt_engine, route, values, "indicator-values", capsys)
    assert applied, said
    printed = [item for item in figures(capsys)["indicators"] if item["project_code"] == "HUNT-1"]
    assert [(item["code"], item["value_to_date"]) for item in printed] == [("ATL-H", 4.0)]


def test_two_rows_of_one_file_naming_one_new_code_in_two_cases_are_one_record(hunt_engine: Engine,
                                                                             tmp_path: Path) -> None:
    path = tmp_path / "projects.csv"
    path.write_text("code,title\nNEW-9,First\nnew-9 ,Second\n")
    result = preview(hunt_engine, path, "projects")
    problems = [(item.row, item.key, item.value) for item in result.problems]
    assert problems == [(3, "import.error.duplicate_key", "new-9")]


def test_a_code_with_a_typo_is_refused_with_did_you_mean(hunt_engine: Engine, tmp_path: Path) -> None:
    path = tmp_path / "budgets.csv"
    path.write_text("project_code,period_start,period_end,category,amount\nHUNT-11,2026-01-01,2026-12-31,Travel,5\n")
    result = preview(hunt_engine, path, "budgets")
    assert "Did you mean: HUNT-1" in result.problems[0].line("en")


# Item 14: the same partner under another name
# ---------------------------------------------------------------------------------------------------------

PARTNERS = "name,acronym,type,country,new_partner\n"


def _partners_named(engine: Engine, *names: str) -> int:
    with Session(engine) as session:
        return session.execute(select(func.count()).where(Organisation.name.in_(names))).scalar_one()


@pytest.mark.parametrize("route", ROUTES)
@pytest.mark.parametrize(("name", "acronym", "holder"), [
    ("Pacific Community", "", "Communauté du Pacifique (CPS)"),  # an alias, in English
    ("Secretariat of the Pacific Community", "SPC", "Communauté du Pacifique (CPS)"),  # the alias as acronym
    ("SPREP", "", "Programme régional océanien de l'environnement (PROE / SPREP)"),
    ("Programme régional de l'environnement", "PROE", "Programme régional océanien de l'environnement (PROE / SPREP)"),
])
def test_a_row_that_would_create_a_partner_under_another_name_is_refused(
        hunt_engine: Engine, route: str, tmp_path: Path, capsys: pytest.CaptureFixture[str],
        name: str, acronym: str, holder: str) -> None:
    path = tmp_path / "partners.csv"
    path.write_text(PARTNERS + f"{name},{acronym},regional_organisation,NCL,\n")
    applied, said = run(hunt_engine, route, path, "partners", capsys)
    assert not applied
    assert f"Another name of a stored partner: {holder}." in said
    assert _partners_named(hunt_engine, name) == 0
    path.write_text(PARTNERS + f"{name},{acronym},regional_organisation,NCL,yes\n")  # it says it is new
    applied, said = run(hunt_engine, route, path, "partners", capsys)
    assert applied, said
    assert _partners_named(hunt_engine, name) == 1


@pytest.mark.parametrize("route", ROUTES)
def test_files_name_a_partner_by_any_alias(hunt_engine: Engine, route: str, tmp_path: Path,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "budgets.csv"
    path.write_text("project_code,funder,period_start,period_end,category,amount\n"
                    "HUNT-1,SPC,2026-01-01,2026-12-31,Personnel,1000\n"
                    "HUNT-1,Pacific community,2026-01-01,2026-12-31,Travel,500\n"
                    "HUNT-1,sprep,2026-01-01,2026-12-31,Equipment,250\n")
    applied, said = run(hunt_engine, route, path, "budgets", capsys)
    assert applied, said
    with Session(hunt_engine) as session:
        from dashboard.core.models import BudgetLine

        funders = session.execute(select(Organisation.acronym, func.sum(BudgetLine.amount))
                                  .join(BudgetLine, BudgetLine.funder_id == Organisation.id)
                                  .join(Project, Project.id == BudgetLine.project_id)
                                  .where(Project.code == "HUNT-1").group_by(Organisation.acronym)).all()
    assert dict(funders) == {"CPS": 1500.0, "PROE": 250.0}
    assert hunt(capsys)["budget"] == 1750.0


@pytest.mark.parametrize("route", ROUTES)
def test_aliases_are_uploaded_in_a_column_and_name_the_partner(hunt_engine: Engine, route: str, tmp_path: Path,
                                                              capsys: pytest.CaptureFixture[str]) -> None:
    from dashboard.queries.partners import partner_detail

    path = tmp_path / "partners.csv"
    path.write_text("name,type,aliases\nAgence Française de Développement,bilateral_agency,"
                    "French Development Agency; Agence française de développement (groupe)\n")
    applied, said = run(hunt_engine, route, path, "partners", capsys)
    assert applied, said
    with Session(hunt_engine) as session:
        afd = session.execute(select(Organisation.id).where(Organisation.acronym == "AFD")).scalar_one()
    detail = partner_detail(hunt_engine, afd)
    assert detail is not None
    assert detail.aliases == ("Agence française de développement (groupe)", "French Development Agency")
    funder = tmp_path / "roles.csv"
    funder.write_text("project_code,partner,role\nHUNT-1,french development agency,funder\n")
    assert run(hunt_engine, route, funder, "roles", capsys)[0]
    taken = tmp_path / "taken.csv"
    taken.write_text("name,type,aliases\nUnion européenne,multilateral,SPC\n")
    applied, said = run(hunt_engine, route, taken, "partners", capsys)
    assert not applied
    assert "This alias already names Communauté du Pacifique (CPS)." in said


def test_the_partner_page_says_what_else_the_partner_is_called(hunt_engine: Engine) -> None:
    from dashboard.presenting.partners import detail_facts
    from dashboard.queries.partners import partner_detail

    with Session(hunt_engine) as session:
        cps = session.execute(select(Organisation.id).where(Organisation.acronym == "CPS")).scalar_one()
    detail = partner_detail(hunt_engine, cps)
    assert detail is not None
    assert detail_facts(detail, "en").splitlines()[0] == "**Also known as:** Pacific Community, SPC  "
    assert detail_facts(detail, "fr").startswith("**Autres noms :** Pacific Community, SPC") or \
        detail_facts(detail, "fr").startswith("**Autres noms:** Pacific Community, SPC")


def test_an_alias_upload_is_undone_exactly(hunt_engine: Engine, tmp_path: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    import re

    before = dump(hunt_engine, data_only=True)
    path = tmp_path / "partners.csv"
    path.write_text("name,type,aliases\nCommunauté du Pacifique (CPS),regional_organisation,SPC; Pacific Community; CPS"
                    " Nouméa\n")
    assert main(["import", str(path), "--kind", "partners"]) == 0
    batch = re.search(r"batch #(\d+)", capsys.readouterr().out)
    assert batch is not None
    assert dump(hunt_engine, data_only=True)["organisation_alias"] != before["organisation_alias"]
    assert main(["undo", batch.group(1)]) == 0
    after = dump(hunt_engine, data_only=True)
    key = [2, 3]  # alias, alias_key (ids are new after an undo)
    assert sorted([row[k] for k in key] for row in after["organisation_alias"]) == \
        sorted([row[k] for k in key] for row in before["organisation_alias"])


# Other files of the same kinds
# ---------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("line", ["sep=;", "SEP=;", '"sep=;"', "sep=;;;;;"])
def test_every_spelling_of_the_sep_line_is_honoured(hunt_engine: Engine, tmp_path: Path, line: str,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "spending.csv"
    path.write_bytes(f"{line}\r\nproject_code;reference;date;amount;kind\r\nHUNT-1;F-9;15/03/2026;1 250,50;"
                     "expenditure\r\n".encode("cp1252"))
    applied, said = run(hunt_engine, "cli", path, "spending", capsys)
    assert applied, said
    assert hunt(capsys)["consumed"] == 1_250.5


@pytest.mark.parametrize("encoding", ["utf_16_le", "utf_16_be"])
def test_a_utf16_file_without_its_byte_order_mark_is_read(hunt_engine: Engine, tmp_path: Path, encoding: str,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "budgets.csv"
    path.write_bytes("project_code\tperiod_start\tperiod_end\tcategory\tamount\r\n"
                     "HUNT-1\t2026-01-01\t2026-12-31\tFrais généraux\t1 250,50\r\n".encode(encoding))
    applied, said = run(hunt_engine, "cli", path, "budgets", capsys)
    assert applied, said
    assert hunt(capsys)["budget"] == 1_250.5


def test_a_code_with_an_invisible_character_is_the_same_code(hunt_engine: Engine, tmp_path: Path,
                                                             capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "projects.csv"
    path.write_text(case("12a").read_text().replace("hunt-1 ", "HUNT-1\u200b"), encoding="utf-8")
    run(hunt_engine, "cli", path, "projects", capsys)
    assert _projects_named_hunt(hunt_engine) == ["HUNT-1"]


@pytest.mark.parametrize("name", ["Pacific Community (SPC)", "Secrétariat (PROE / SPREP)"])
def test_a_name_holding_another_partner_s_alias_in_parentheses_is_refused(hunt_engine: Engine, tmp_path: Path,
                                                                          name: str) -> None:
    path = tmp_path / "partners.csv"
    path.write_text(PARTNERS + f"{name},,regional_organisation,NCL,\n")
    result = preview(hunt_engine, path, "partners")
    assert [item.key for item in result.problems] == ["import.error.partner_other_name"]


def test_every_row_with_stray_bytes_is_named(hunt_engine: Engine, tmp_path: Path) -> None:
    path = tmp_path / "partners.csv"
    path.write_bytes("name,acronym,type,country,notes\nFédération,FOL,ngo,NCL,\n".encode()
                     + b"Comit\xe9 A,CA,ngo,FRA,\nB,B,ngo,FRA,l\x92antenne\n")
    result = preview(hunt_engine, path, "partners")
    assert [(item.row, item.value, item.key) for item in result.problems] == [
        (3, "Comité A", "import.error.mixed_encoding"), (4, "l’antenne", "import.error.mixed_encoding")]


def test_an_iati_file_finds_a_partner_by_one_of_its_other_names(engine: Engine) -> None:
    from dashboard.core import db
    from dashboard.core.models import OrganisationAlias
    from dashboard.core.text import fold

    with db.session_scope(engine) as session:
        fcm = Organisation(name="Fédération canadienne des municipalités (FCM)", type="local_authority",
                           name_key=fold("Fédération canadienne des municipalités (FCM)"))
        session.add(fcm)
        session.flush()
        assert fcm.id is not None
        session.add(OrganisationAlias(organisation_id=fcm.id, alias="Federation of Canadian Municipalities",
                                      alias_key=fold("Federation of Canadian Municipalities")))
    result = preview(engine, CORPUS / "iati" / "canada-activity.xml", "iati")
    matches = {(item.record, item.key): item.how for item in result.matches}
    assert matches[("partners", "CA-CRA_ACR-2118913938")] == "alias"


@pytest.mark.parametrize(("latitude", "longitude"), [("-17.713", "178.065"), ("-17,713", "178,065")])
def test_coordinates_in_a_semicolon_file_are_never_read_as_thousands(hunt_engine: Engine, tmp_path: Path,
                                                                     latitude: str, longitude: str) -> None:
    path = tmp_path / "partners.csv"
    path.write_text(f"nom;type;pays;latitude;longitude\nOffice de Suva;ngo;FJI;{latitude};{longitude}\n",
                    encoding="utf-8")
    with Session(hunt_engine) as session:
        result = pipeline.commit(session, kind="partners", file_name=path.name, data=path.read_bytes(),
                                 actor=SYSTEM_ACTOR)
    assert result.committed, [item.line() for item in result.problems]
    with Session(hunt_engine) as session:
        stored = session.execute(select(Organisation.latitude, Organisation.longitude)
                                 .where(Organisation.name == "Office de Suva")).one()
    assert tuple(stored) == (-17.713, 178.065)


def test_the_database_holds_one_project_and_indicator_per_code_in_any_case(hunt_engine: Engine) -> None:
    from sqlalchemy.exc import IntegrityError

    from dashboard.core import db
    from dashboard.core.models import Indicator

    with pytest.raises(IntegrityError), db.session_scope(hunt_engine) as session:
        session.add(Project(code="hunt-1", title="A second HUNT-1 written past the upload"))
    with db.session_scope(hunt_engine) as session:
        hunt_id = session.execute(select(Project.id).where(Project.code == "HUNT-1")).scalar_one()
        session.add(Indicator(project_id=hunt_id, code="ATL-H", name="People trained"))
    with pytest.raises(IntegrityError), db.session_scope(hunt_engine) as session:
        session.add(Indicator(project_id=hunt_id, code="atl-h", name="People trained again"))


def test_the_upgrade_stops_on_codes_already_stored_in_two_cases(engine: Engine) -> None:
    from sqlalchemy import inspect, text

    from dashboard.core import db

    db.downgrade(engine, "0012")
    with db.session_scope(engine) as session:  # as a database written before the rule could hold them
        session.add_all([Project(code="ABC-1", title="One"), Project(code="abc-1", title="Two")])
    with pytest.raises(Exception, match=r"codes stored in several cases .*project 'abc-1' \(2 records\)"):
        db.upgrade(engine)
    assert "organisation_alias" not in inspect(engine).get_table_names()  # nothing changed
    with engine.begin() as connection:
        connection.execute(text("DELETE FROM project WHERE code = 'abc-1'"))
    db.upgrade(engine)
    assert "organisation_alias" in inspect(engine).get_table_names()


@pytest.mark.parametrize("route", ROUTES)
def test_an_indicator_code_written_differently_updates_it_or_is_told_the_stored_code(
        hunt_engine: Engine, route: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Item 13 for indicator codes: case and spaces (a non-breaking one too) find DEC-1; another hyphen or a
    space for the hyphen is refused with "did you mean DEC-1", as a project code is; a code far from any is
    told to upload the indicator first."""
    applied, said = run(hunt_engine, route, case("17a"), "indicators", capsys)
    assert applied, said
    values = tmp_path / "values.csv"
    values.write_bytes("project_code,indicator_code,period_start,period_end,actual\n"
                       "HUNT-1,dec-1\u00a0,2025-07-01,2025-12-31,38\n".encode())
    applied, said = run(hunt_engine, route, values, "indicator-values", capsys)
    assert applied, said
    values.write_bytes("project_code,indicator_code,period_start,period_end,actual\n"
                       "HUNT-1,dec\u20101,2026-01-01,2026-06-30,45\n"
                       "HUNT-1,DEC 1,2026-01-01,2026-06-30,45\n"
                       "HUNT-1,WATER-9,2026-01-01,2026-06-30,45\n".encode())
    before = dump(hunt_engine, data_only=True)
    applied, said = run(hunt_engine, route, values, "indicator-values", capsys)
    assert not applied
    assert said.count("Did you mean: DEC-1? Otherwise upload the indicator first") == 2, said
    assert "Row 4" in said and "Use an indicator code of that project" in said
    assert dump(hunt_engine, data_only=True) == before
