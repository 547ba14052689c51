"""RowValidator.validate_rows (a chunk read column by column, for speed) gives, row for row, exactly what
validate() gives one row at a time: the same values (in the same order), the same problems, the same keys,
on messy rows of every sort (empty cells, unreadable values, unknown references, dates in the wrong order,
duplicate keys, rows of varying width, cells beyond the header, native .xlsx values)."""

from __future__ import annotations

import datetime as dt
import random

import pytest

from dashboard.core.text import fold
from dashboard.importing.header import map_header
from dashboard.importing.readers import Cell
from dashboard.importing.references import References
from dashboard.importing.schemas import schema_for
from dashboard.importing.validation import RowValidator
from dashboard.importing.values import NumberStyle

FUNDERS = ("Agence française de développement", "Union européenne")
REFERENCES = dict(projects={"P-1", "P-2"}, indicators=set(), objectives={"SO1", "SO2"})

BUDGET_HEADER = ["code_projet", "financeur", "debut_periode", "fin_periode", "categorie", "montant", "devise",
                 "type_budget", "statut"]
BUDGET_CELLS: list[list[Cell]] = [
    ["P-1", "P-2", "P-3", "p-1 ", "", "  "],
    [*FUNDERS, "Agence francaise du developement", "AFD", "", "Inconnu"],
    ["01/01/2024", "2024-01-01", "31/12/2023", "12/25/2024", "", "32/01/2024", "01/01/24"],
    ["31/12/2024", "2024-12-31", "01/01/2023", "", "abc"],
    ["Ligne 1", "Ligne 2", "Ligne 3", "  Ligne   1 ", "", "'=SUM(A1)", "x" * 130],
    ["1 000,50", "12", "abc", "", "-5", "1.234,5", "1\u202f000,00", "(12)", "1e3"],
    ["EUR", "XPF", "€", "ZZZ", "", "eur"],
    ["original", "revised", "révisé", "", "bad"],
    ["committed", "engagé", "", "nope"],
]
PARTNER_HEADER = ["nom", "acronyme", "type", "pays", "latitude", "nouveau_partenaire"]
PARTNER_CELLS: list[list[Cell]] = [
    ["Alpha", "Beta", "alpha", " Gamma  ", "", "Agence française de développement"],
    ["A", "", "B"],
    ["ngo", "bilateral_agency", "", "bad"],
    ["FJI", "Fidji", "", "Nowhere"],
    ["-17,5", "", "200", "x"],
    ["oui", "", "non", "peut-être"],
]


def _validator(kind: str, header: list[str], style: NumberStyle) -> RowValidator:
    schema = schema_for(kind)
    mapped = map_header(schema, header, 1)
    assert not mapped.problems
    references = References(partner_names={fold(name): name for name in FUNDERS},
                            partner_acronyms={"afd": fold(FUNDERS[0])}, **REFERENCES)  # type: ignore[arg-type]
    return RowValidator(schema, mapped, style, references)


def _rows(rng: random.Random, choices: list[list[Cell]], count: int, ragged: bool,
          key_column: int) -> list[tuple[int, list[Cell]]]:
    rows = []
    for number in range(2, count + 2):
        cells = [rng.choice(options) if rng.random() < 0.3 else options[0] for options in choices]
        if rng.random() < 0.8:
            cells[key_column] = f"Ligne {rng.randrange(count)}"  # some keys repeat
        if ragged and rng.random() < 0.1:
            cells = cells[: rng.randrange(1, len(cells))] if rng.random() < 0.5 else [*cells, rng.choice(["", "x"])]
        rows.append((number, cells))
    return rows


def _one_by_one(validator: RowValidator, rows: list[tuple[int, list[Cell]]]) -> list[object]:
    out = []
    for row, cells in rows:
        values, problems = validator.validate(row, cells)
        out.append((None if values is None else list(values.items()), problems,
                    validator.last_key if values is not None else None))
    return out


def _bulk(validator: RowValidator, rows: list[tuple[int, list[Cell]]], chunk: int) -> list[object]:
    out = []
    for start in range(0, len(rows), chunk):
        for values, problems, key in validator.validate_rows(rows[start : start + chunk]):
            out.append((None if values is None else list(values.items()), problems, key))
    return out


@pytest.mark.parametrize("seed", range(6))
@pytest.mark.parametrize("ragged", [False, True])
def test_bulk_budgets_match_row_by_row(seed: int, ragged: bool) -> None:
    rows = _rows(random.Random(seed), BUDGET_CELLS, 600, ragged, key_column=4)
    style = NumberStyle(decimal_comma=True)
    expected = _one_by_one(_validator("budgets", BUDGET_HEADER, style), rows)
    assert _bulk(_validator("budgets", BUDGET_HEADER, style), rows, 250) == expected
    assert any(values is not None for values, _problems, _key in expected)  # type: ignore[misc]
    assert any(values is None for values, _problems, _key in expected)  # type: ignore[misc]


@pytest.mark.parametrize("seed", range(4))
def test_bulk_partners_match_row_by_row(seed: int) -> None:
    rows = _rows(random.Random(seed), PARTNER_CELLS, 300, ragged=seed % 2 == 1, key_column=0)
    expected = _one_by_one(_validator("partners", PARTNER_HEADER, NumberStyle(decimal_comma=True)), rows)
    assert _bulk(_validator("partners", PARTNER_HEADER, NumberStyle(decimal_comma=True)), rows, 70) == expected
    assert any(values is not None for values, _problems, _key in expected)  # type: ignore[misc]


def test_bulk_reads_native_xlsx_values_and_a_missing_key_column_like_row_by_row() -> None:
    header = ["code_projet", "financeur", "debut_periode", "fin_periode", "categorie", "montant"]  # no type_budget
    rows: list[tuple[int, list[Cell]]] = [
        (2, ["P-1", FUNDERS[0], dt.datetime(2024, 1, 1), dt.datetime(2024, 12, 31), "A", 1000.0]),
        (3, ["P-1", FUNDERS[0], dt.datetime(2024, 1, 1), dt.datetime(2024, 12, 31), 1, 2]),
        (4, ["P-1", FUNDERS[0], dt.datetime(2024, 1, 1), dt.datetime(2024, 12, 31), 1.0, True]),
        (5, ["P-1", None, "2024-01-01", 45000, "B", float("nan")]),
        (6, ["P-1", FUNDERS[1], dt.datetime(2025, 1, 1), dt.datetime(2024, 1, 1), "C", 5]),
        (7, ["P-1", FUNDERS[0], dt.datetime(2024, 1, 1), dt.datetime(2024, 12, 31), "A", 1000.0]),
    ]
    expected = _one_by_one(_validator("budgets", header, NumberStyle()), rows)
    assert _bulk(_validator("budgets", header, NumberStyle()), rows, 10) == expected
    assert expected[0][0][-1] == ("budget_type", "original")  # type: ignore[index]
