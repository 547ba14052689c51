"""A download whose totals are partial (money in a currency with no stored rate left out) says so inside the
file, where a person opening it sees it, without changing what a program reads: the note is the header of one
more column, last and empty (CSV and Excel), and Excel also has a note sheet listing the amounts left out."""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import load_workbook
from sqlalchemy.engine import Engine

from dashboard import views
from dashboard.cli.main import main
from dashboard.exporting.spreadsheet import FileNote, to_csv_bytes, to_xlsx_bytes
from dashboard.presenting import tables
from dashboard.queries.filters import PortfolioFilter

CASES = Path(__file__).resolve().parent / "corpus" / "cases"
AS_OF = dt.date(2026, 11, 30)
NNBSP = "\u202f"
NOTE = FileNote("Partial totals: 2,500 SBD cannot be converted to EUR.", "Note",
                pd.DataFrame({"Currency": ["SBD"], "Left out (in its own currency)": [2500.0]}))


def _table() -> pd.DataFrame:
    return pd.DataFrame({"Project": ["HUNT-1", "REG-C1.1"], "Budget (EUR)": [170000.0, 443008.0],
                         "Consumed (EUR)": [1250.5, 496407.0]})


def test_a_csv_note_is_the_header_of_a_last_empty_column_and_readers_get_the_same_table() -> None:
    for lang, sep, decimal in (("en", ",", "."), ("fr", ";", ",")):
        data = to_csv_bytes(_table(), lang, note=NOTE)
        rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=sep))
        assert rows[0] == ["Project", "Budget (EUR)", "Consumed (EUR)", NOTE.text]
        assert [row[3] for row in rows[1:]] == ["", ""]  # the note's column: empty in every row
        back = pd.read_csv(io.BytesIO(data), sep=sep, decimal=decimal, encoding="utf-8-sig")
        pd.testing.assert_frame_equal(back.iloc[:, :3], _table())  # same columns, same rows, same numbers
        assert back.columns[3] == NOTE.text and back.iloc[:, 3].isna().all()
    assert to_csv_bytes(_table(), "en") == to_csv_bytes(_table(), "en", note=None)  # no note, no column


def test_an_excel_note_sits_in_the_frozen_header_and_on_a_note_sheet_the_table_stays_first() -> None:
    data = to_xlsx_bytes(_table(), sheet_name="budget-variance-partial", note=NOTE)
    workbook = load_workbook(io.BytesIO(data))
    assert workbook.sheetnames == ["budget-variance-partial", "Note"]
    table = workbook.active  # what opens first, and what a program takes for "the" sheet
    assert table.title == "budget-variance-partial" and table.freeze_panes == "A2"
    assert [cell.value for cell in table[1]] == ["Project", "Budget (EUR)", "Consumed (EUR)", NOTE.text]
    assert [cell.value for cell in table[2]] == ["HUNT-1", 170000, 1250.5, None]
    note = workbook["Note"]
    assert note["A1"].value == NOTE.text
    assert [[cell.value for cell in row] for row in note.iter_rows(min_row=3)] == [
        ["Currency", "Left out (in its own currency)"], ["SBD", 2500]]
    back = pd.read_excel(io.BytesIO(data))
    pd.testing.assert_frame_equal(back.iloc[:, :3], _table(), check_dtype=False)  # 170000.0 reads back 170000
    assert back.iloc[:, 3].isna().all()


@pytest.fixture
def sbd_left_out(demo_engine: Engine, capsys: pytest.CaptureFixture[str]) -> Engine:
    """Case 16: 2 500 SBD spent on HUNT-1 (FJI), no SBD rate stored, accepted to stay apart."""
    for name, kind, extra in (("00_setup_project_HUNT-1.csv", "projects", ()),
                              ("16_spending_one_row_in_currency_without_rate.csv", "spending",
                               ("--accept-missing-rates",))):
        assert main(["import", str(CASES / name), "--kind", kind, *extra]) == 0, capsys.readouterr()
    capsys.readouterr()
    return demo_engine


def test_the_budgets_downloads_of_partial_totals_say_so_inside_in_the_readers_language(sbd_left_out: Engine) -> None:
    view = views.budgets(sbd_left_out, PortfolioFilter(countries=("FJI",)), AS_OF, group_by="project")
    assert dict(view.not_converted) == {"SBD": 2500.0}
    expected = {
        "en": "Partial totals: 2,500 SBD cannot be converted to EUR (no stored exchange rate) and are left out of "
              "this file's amounts in EUR.",
        "fr": f"Totaux partiels : 2{NNBSP}500 SBD ne peuvent pas être convertis en EUR (aucun taux de change "
              "enregistré) et sont exclus des montants en EUR de ce fichier.",
    }
    for lang, sheet in (("en", "Note"), ("fr", "Remarque")):
        note = tables.not_converted_file_note(view.not_converted, "EUR", lang)
        assert note is not None and note.text == expected[lang]
        table = tables.variance_table(view.variance, "project", lang, "EUR", export=True)
        text = to_csv_bytes(table, lang, note=note).decode("utf-8-sig")
        header, *rows = csv.reader(io.StringIO(text), delimiter=";" if lang == "fr" else ",")
        assert header[-1] == expected[lang] and rows and all(row[-1] == "" for row in rows)
        workbook = load_workbook(io.BytesIO(to_xlsx_bytes(table, sheet_name="budget-variance", note=note)))
        assert workbook.active[1][-1].value == expected[lang]
        assert [[cell.value for cell in row] for row in workbook[sheet].iter_rows(min_row=4)] == [["SBD", 2500]]
    everything_converted = views.budgets(sbd_left_out, PortfolioFilter(countries=("SEN",)), AS_OF)
    assert not everything_converted.not_converted
    assert tables.not_converted_file_note(everything_converted.not_converted, "EUR", "en") is None


def test_the_budgets_page_hands_its_downloads_the_note(sbd_left_out: Engine) -> None:
    """The page's money downloads carry the note: their names end with the partial suffix, which only the
    note adds (``web.downloads.download_buttons``); a view with everything converted has neither."""
    from tests.test_pages_portfolio import open_page

    at = open_page("pages/budgets.py", lang="fr", query_params={"country": "FJI"})
    keys = [button.proto.id.rsplit("-download_", 1)[-1] for button in at.get("download_button")
            if "-download_" in button.proto.id]
    assert {"csv_budget-variance-project-partiel-non-converti", "xlsx_budget-variance-project-partiel-non-converti",
            "csv_burn-vs-time-partiel-non-converti", "xlsx_burn-vs-time-partiel-non-converti"} <= set(keys), keys
    at = open_page("pages/budgets.py", lang="fr", query_params={"country": "SEN"})
    keys = [button.proto.id for button in at.get("download_button")]
    assert not [key for key in keys if "partiel" in key] and any("budget-variance-project" in key for key in keys)


def test_partner_gap_and_map_downloads_carry_their_pages_warning() -> None:
    note = tables.missing_rates_file_note("No exchange rate is stored for SBD: those contributions are left out "
                                          "of the totals.", "fr")
    assert note is not None and note.stem_suffix == "-partiel-non-converti" and note.sheet == "Remarque"
    assert to_csv_bytes(_table(), "fr", note=note).decode("utf-8-sig").splitlines()[0].endswith(
        ";No exchange rate is stored for SBD: those contributions are left out of the totals.")
    assert tables.missing_rates_file_note(None, "fr") is None
