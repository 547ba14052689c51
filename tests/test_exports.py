"""Table downloads: CSV (UTF-8 BOM; commas in English, semicolons and decimal commas in French) and .xlsx,
with text that a spreadsheet would run as a formula neutralised, and numbers kept as numbers."""

from __future__ import annotations

import datetime as dt
import io

import pandas as pd
import pytest
from openpyxl import load_workbook

from dashboard.core.text import neutralise_formula
from dashboard.exporting.spreadsheet import sheet_title, to_csv_bytes, to_xlsx_bytes, with_headers

ATTACKS = ["=HYPERLINK(\"http://evil\",\"x\")", "+1+1", "-2+3", "@SUM(A1)", "\t=1", "=cmd|' /C calc'!A0"]


def sample() -> pd.DataFrame:
    return pd.DataFrame({
        "project": ["REG-C1.1", "FJI-2", "=1+1"],
        "budget": [443008.0, 1234.56, 0.5],
        "consumed": [496407, 1000, 0],
        "start": [dt.date(2024, 1, 1), dt.date(2025, 6, 30), None],
        "partner": pd.Series(["Agence française de développement", "@risk", "Œuvre; \"quoted\""],
                             dtype="category"),
    })


def test_english_csv_has_a_bom_commas_and_decimal_points() -> None:
    data = to_csv_bytes(sample(), "en")
    assert data.startswith(b"\xef\xbb\xbf")
    text = data.decode("utf-8-sig")
    lines = text.splitlines()
    assert lines[0] == "project,budget,consumed,start,partner"
    assert lines[1] == "REG-C1.1,443008.0,496407,2024-01-01,Agence française de développement"
    assert lines[2].startswith("FJI-2,1234.56,1000,2025-06-30,'@risk")


def test_french_csv_uses_semicolons_and_decimal_commas_and_reads_back() -> None:
    data = to_csv_bytes(sample(), "fr")
    text = data.decode("utf-8-sig")
    lines = text.splitlines()
    assert lines[0] == "project;budget;consumed;start;partner"
    assert lines[2].startswith("FJI-2;1234,56;1000;2025-06-30;")
    back = pd.read_csv(io.BytesIO(data), sep=";", decimal=",", encoding="utf-8-sig")
    assert back["budget"].tolist() == [443008.0, 1234.56, 0.5]
    assert back["consumed"].tolist() == [496407, 1000, 0]
    assert back["partner"].tolist() == ["Agence française de développement", "'@risk", "Œuvre; \"quoted\""]


@pytest.mark.parametrize("attack", ATTACKS)
def test_csv_cells_that_would_run_as_formulas_are_prefixed(attack: str) -> None:
    frame = pd.DataFrame({"name": [attack], attack: [1]})
    back = pd.read_csv(io.BytesIO(to_csv_bytes(frame, "en")), encoding="utf-8-sig", keep_default_na=False)
    assert back.columns.tolist() == ["name", "'" + attack]
    assert back["name"].tolist() == ["'" + attack]


def test_numbers_are_never_prefixed() -> None:
    assert neutralise_formula(-53399) == -53399
    assert neutralise_formula(-0.5) == -0.5
    assert neutralise_formula("-53399") == "'-53399"  # as text it would be read as a formula
    frame = pd.DataFrame({"balance": [-53399.0]})
    assert to_csv_bytes(frame, "fr").decode("utf-8-sig").splitlines()[1] == "-53399,0"


@pytest.mark.parametrize("attack", ATTACKS)
def test_xlsx_text_is_never_a_formula_and_keeps_its_value(attack: str) -> None:
    frame = pd.DataFrame({"name": [attack, "plain"], "amount": [1.5, -2]})
    workbook = load_workbook(io.BytesIO(to_xlsx_bytes(frame, "partners")))
    sheet = workbook["partners"]
    cell = sheet["A2"]
    assert cell.data_type == "s"
    assert cell.value == attack
    assert cell.quotePrefix is True
    assert sheet["A3"].quotePrefix is False
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)
    # read back as Excel would compute it: still the text
    values = load_workbook(io.BytesIO(to_xlsx_bytes(frame)), data_only=True).active
    assert values["A2"].value == attack


def test_xlsx_keeps_numbers_and_dates_as_such() -> None:
    sheet = load_workbook(io.BytesIO(to_xlsx_bytes(sample(), "budgets"))).active
    assert [cell.value for cell in sheet[1]] == ["project", "budget", "consumed", "start", "partner"]
    assert sheet["B2"].value == 443008.0 and sheet["B2"].data_type == "n"
    assert sheet["C2"].value == 496407
    assert sheet["D2"].value == dt.datetime(2024, 1, 1)
    assert sheet["D2"].number_format == "yyyy-mm-dd"
    assert sheet["D4"].value is None
    assert sheet["A4"].value == "=1+1" and sheet["A4"].data_type == "s"
    assert sheet.freeze_panes == "A2"


def test_sheet_names_excel_accepts() -> None:
    assert sheet_title("budgets/2026: [draft]?") == "budgets-2026- -draft--"
    assert len(sheet_title("x" * 50)) == 31
    assert sheet_title("''") == "data"
    load_workbook(io.BytesIO(to_xlsx_bytes(pd.DataFrame({"a": [1]}), "budgets/2026: [draft]?")))


def test_headers_in_the_readers_language_values_untouched() -> None:
    frame = pd.DataFrame({"budget": [443008.0], "execution_rate": [1.1205], "internal_id": [7]})
    keys = {"budget": "metric.budget", "execution_rate": "metric.execution_rate"}
    french = with_headers(frame, "fr", keys)
    assert french.columns.tolist() == ["Budget", "Taux d'exécution"]
    assert french.iloc[0].tolist() == [443008.0, 1.1205]
    assert with_headers(frame, "en", keys).columns.tolist() == ["Budget", "Execution rate"]


def test_french_decimal_commas_also_in_mixed_columns() -> None:
    frame = pd.DataFrame({"item": ["a", "b", "c", "d"], "value": pd.Series([1234.5, "n/a", None, 2], dtype=object)})
    lines = to_csv_bytes(frame, "fr").decode("utf-8-sig").splitlines()
    assert lines[1:] == ["a;1234,5", "b;n/a", "c;", "d;2"]
    assert to_csv_bytes(frame, "en").decode("utf-8-sig").splitlines()[1] == "a,1234.5"
