"""Reading cells and files as people write them: French and English numbers, day-first dates, encodings."""

from __future__ import annotations

import datetime as dt

import pytest

from dashboard.importing.header import map_header
from dashboard.importing.readers import ReadError, open_table
from dashboard.importing.schemas import schema_for
from dashboard.importing.values import (
    CellError,
    NumberStyle,
    parse_bool,
    parse_country,
    parse_currency,
    parse_date,
    parse_number,
    parse_shares,
)

FRENCH = NumberStyle(decimal_comma=True)


@pytest.mark.parametrize(
    ("text", "style", "expected"),
    [
        ("443008", NumberStyle(), 443008.0),
        ("443 008 €", FRENCH, 443008.0),
        ("443\u202f008\u00a0€", FRENCH, 443008.0),
        ("1 234,56", FRENCH, 1234.56),
        ("1.234,56", FRENCH, 1234.56),
        ("1,234.56", NumberStyle(), 1234.56),
        ("1,234", NumberStyle(), 1234.0),  # an English file: comma groups thousands
        ("1,234", FRENCH, 1.234),  # a French file: comma is the decimal mark
        ("-1 234", FRENCH, -1234.0),
        ("(1 234)", FRENCH, -1234.0),
        ("−12,5", FRENCH, -12.5),
        ("12 %", FRENCH, 12.0),
        ("EUR 1,000,000.00", NumberStyle(), 1_000_000.0),
        ("1.234.567", NumberStyle(), 1_234_567.0),
        (2500, NumberStyle(), 2500.0),
    ],
)
def test_numbers_are_read_as_written(text: object, style: NumberStyle, expected: float) -> None:
    assert parse_number(text, style)[0] == pytest.approx(expected)


@pytest.mark.parametrize("text", ["abc", "12,34,5", "1..2", "nan", "inf", "--3", "1 2 3 4,5,6"])
def test_what_is_not_a_number_is_refused(text: str) -> None:
    with pytest.raises(CellError) as error:
        parse_number(text, FRENCH)
    assert error.value.key == "error.not_a_number"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-12-31", dt.date(2026, 12, 31)),
        ("31/12/2026", dt.date(2026, 12, 31)),
        ("1/2/2026", dt.date(2026, 2, 1)),  # day first, never February the 1st read as January the 2nd
        ("05.03.2026", dt.date(2026, 3, 5)),
        ("31-12-2026", dt.date(2026, 12, 31)),
        ("2026-12-31 00:00:00", dt.date(2026, 12, 31)),
        (dt.datetime(2026, 1, 2, 0, 0), dt.date(2026, 1, 2)),
    ],
)
def test_dates_are_iso_or_day_first(text: object, expected: dt.date) -> None:
    assert parse_date(text) == expected


@pytest.mark.parametrize(
    ("text", "key"),
    [("13/25/2024", "error.no_such_month"), ("12/25/2024", "error.month_first"),
     ("31/02/2024", "error.impossible_date"), ("31/12/26", "error.two_digit_year"),
     ("demain", "error.not_a_date"), (45292, "error.date_serial")],
)
def test_bad_dates_say_what_is_wrong(text: object, key: str) -> None:
    with pytest.raises(CellError) as error:
        parse_date(text)
    assert error.value.key == key


def test_countries_currencies_booleans_and_shares() -> None:
    assert [parse_country(name) for name in ("FJI", "fj", "Fidji", "Samoa", "Nouvelle-Calédonie")] == [
        "FJI", "FJI", "FJI", "WSM", "NCL"]
    assert [parse_currency(code) for code in ("eur", "€", "XPF", "CFP")] == ["EUR", "EUR", "XPF", "XPF"]
    assert [parse_bool(word) for word in ("oui", "Yes", "x", "non", "FALSE", "0")] == [True] * 3 + [False] * 3
    assert parse_shares("FJI:50; WSM:50") == {"FJI": 50.0, "WSM": 50.0}
    assert parse_shares("FJI | WSM", FRENCH) == {"FJI": 50.0, "WSM": 50.0}
    assert parse_shares("FJI:33,5;WSM:66,5", FRENCH) == {"FJI": 33.5, "WSM": 66.5}
    for text, key in (("FJI:80; WSM:30", "error.shares_not_100"), ("FJI:120", "error.share_range"),
                      ("FJI:50; WSM", "error.shares_partial"), ("Atlantis", "error.unknown_country")):
        with pytest.raises(CellError) as error:
            parse_shares(text)
        assert error.value.key == key


@pytest.mark.parametrize(("text", "key", "fix"), [
    ("FJI:0.5; WSM:0.5", "error.share_fraction", "0.5 looks like a fraction: write 50"),
    ("FJI:1", "error.share_fraction", "1 looks like a fraction: write 100"),
    ("FJI:30; WSM:30", "error.shares_not_100", "add up to 100"),
    ("FJI:60", "error.shares_not_100", "add up to 100"),
])
def test_country_shares_must_add_up_to_100_and_are_never_rescaled(text: str, key: str, fix: str) -> None:
    """Issue 13: a project's money is split by its countries' shares on every figure, so shares that do not add
    up to 100 are refused with what to write, never rescaled in silence."""
    with pytest.raises(CellError) as error:
        parse_shares(text)
    assert error.value.key == key
    from dashboard.core.i18n import t
    assert fix in t(key.replace("error.", "import.fix."), "en", **error.value.values)
    assert parse_shares("FJI:50; WSM:50") == {"FJI": 50.0, "WSM": 50.0}
    assert sum(parse_shares("FJI; WSM; TON").values()) == pytest.approx(100, abs=0.001)


def _rows(data: bytes, name: str = "f.csv", kind: str = "budgets") -> tuple[list[str], list[tuple[int, list[object]]]]:
    table = open_table(data, name, kind)
    return table.header, list(table.rows())


def test_encodings_separators_and_row_numbers_as_the_spreadsheet_shows_them() -> None:
    text = "Montant;Catégorie\r\n1 234,5;Équipe\r\n\r\n;;\r\n2;\"deux\r\nlignes\"\r\n;\r\n"
    for data in (text.encode("cp1252"), b"\xef\xbb\xbf" + text.encode("utf-8"), text.encode("utf-16")):
        header, rows = _rows(data)
        assert header == ["Montant", "Catégorie"]
        # Blank rows are skipped but counted, and a cell on two lines is still one spreadsheet row.
        assert rows == [(2, ["1 234,5", "Équipe"]), (5, ["2", "deux\r\nlignes"])]
    table = open_table(b"\r\n\r\namount,category\r\n1,a\r\n", "f.csv", "budgets")
    assert (table.header_row, list(table.rows())) == (3, [(4, ["1", "a"])])


def test_headers_match_in_english_or_french_in_any_case_spacing_or_accents() -> None:
    schema = schema_for("budgets")
    header = ["CODE PROJET", " début  période ", "Fin_Periode", "montant", "Catégorie", "Type budget", "funder"]
    mapped = map_header(schema, header, 1)
    assert mapped.problems == []
    assert [column.name for _index, column, _written in mapped.positions] == [
        "project_code", "period_start", "period_end", "amount", "category", "budget_type", "funder"]


def test_unreadable_files_raise_a_read_error() -> None:
    for data, name, key in ((b"", "a.csv", "error.empty_file"), (b"  \r\n ", "a.csv", "error.empty_file"),
                            (b"\x00\x01\x02binary", "a.csv", "error.binary_file"),
                            (b"a,b\r\n", "a.xlsx", "error.not_xlsx")):
        with pytest.raises(ReadError) as error:
            open_table(data, name, "budgets")
        assert error.value.key == key


@pytest.mark.parametrize(("text", "style", "expected"), [
    ("443.008", FRENCH, 443_008.0),  # a decimal-comma convention: the dot groups thousands
    ("-443.008", FRENCH, -443_008.0),
    ("+443.008", FRENCH, 443_008.0),
    ("443.008", NumberStyle(), 443.008),
    ("1.250.000", FRENCH, 1_250_000.0),
    ("12.500,50", NumberStyle(), 12_500.5),  # the cell says it itself, whatever the convention
    ("0.500", NumberStyle(decimal_comma=None), 0.5),  # no grouping starts with 0: not ambiguous
    ("1234.567", NumberStyle(decimal_comma=None), 1234.567),  # four digits before: not grouping
])
def test_a_cell_that_does_not_say_its_decimal_mark_takes_the_convention(text: str, style: NumberStyle,
                                                                        expected: float) -> None:
    assert parse_number(text, style)[0] == pytest.approx(expected)


@pytest.mark.parametrize("text", ["443.008", "443,008", "1,250", "-443.008"])
def test_an_ambiguous_cell_without_a_convention_is_refused(text: str) -> None:
    with pytest.raises(CellError) as error:
        parse_number(text, NumberStyle(decimal_comma=None))
    assert error.value.key == "error.ambiguous_number"


@pytest.mark.parametrize("text", ["1.23.456", "12.34.5,6", "1,2,3.5"])
def test_badly_grouped_digits_are_refused(text: str) -> None:
    with pytest.raises(CellError):
        parse_number(text, FRENCH)


def test_one_convention_per_column_learnt_from_the_whole_file() -> None:
    from dashboard.importing.numbers import FileNumbers

    rows = [(2, ["443.008", "1"]), (3, ["1.250.000", "2,5"]), (4, ["12.500,50", "3"])]
    numbers = FileNumbers(NumberStyle(decimal_comma=None), [0, 1], rescan=lambda: iter(rows))
    amount, other = numbers.reader(0), numbers.reader(1)
    assert [amount(cells[0])[0] for _row, cells in rows] == [443_008.0, 1_250_000.0, 12_500.5]
    assert numbers.marks[0] == (",", "1.250.000")  # learnt by reading ahead, from the column's first witness
    with pytest.raises(CellError) as error:
        amount("12.5")
    assert (error.value.key, error.value.values["example"]) == ("error.mixed_decimal_marks", "1.250.000")
    assert other("2,5")[0] == 2.5
