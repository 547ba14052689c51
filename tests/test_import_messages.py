"""Issue 13, item 15: every refusal's fix fits its column (a latitude below −90 is never told that budgets
cannot be negative), and swapped latitude and longitude get a swap hint."""

from __future__ import annotations

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session

from dashboard.core.i18n import t
from dashboard.core.permissions import Actor
from dashboard.importing import pipeline
from dashboard.importing.schemas import ColumnType, schemas
from dashboard.importing.validation import _number, range_message
from dashboard.importing.values import CellError, NumberStyle, parse_number
from tests.import_helpers import dump

STAFF = Actor.of("officer", ["staff"])


def _plain(raw: object) -> tuple[float, bool]:
    """A number read as a file with a decimal point reads it (the validator's number reader)."""
    return parse_number(raw, NumberStyle(decimal_comma=False))
# The words that say which kind of figure a fix is about; a fix may name its own kind only.
FAMILY_WORDS = {"latitude": ("latitude",), "longitude": ("longitude",), "money": ("amount", "budget"),
                "rate": ("euros",), "rating": ("(poor)",)}
GROUPS = {"amount": "money", "budget_amount": "money"}
BOUNDED = [(kind.kind, column) for kind in schemas().values() for column in kind.columns
           if column.type in (ColumnType.number, ColumnType.integer)
           and (column.minimum is not None or column.maximum is not None)]


@pytest.mark.parametrize(("kind", "column"), BOUNDED, ids=[f"{kind}.{column.name}" for kind, column in BOUNDED])
@pytest.mark.parametrize("lang", ["en", "fr"])
def test_an_out_of_range_number_is_told_the_rule_of_its_own_column(kind: str, column, lang: str) -> None:
    convert = _number(column, _plain)
    outside = [value for value in ((column.minimum or 0) - 1000.5, (column.maximum or 0) + 1000.5)
               if (column.minimum is not None and value < column.minimum)
               or (column.maximum is not None and value > column.maximum)]
    assert outside
    family = range_message(column)
    group = GROUPS.get(family or "", family)
    for value in outside:
        with pytest.raises(CellError) as raised:
            convert(value)
        fix = t(raised.value.key.replace("error.", "import.fix.", 1), "en", **raised.value.values)
        if family is None:
            assert raised.value.key in ("error.below_minimum", "error.above_maximum")
            assert f"{column.minimum:g}" in fix or f"{column.maximum:g}" in fix
            continue
        assert any(word in fix.lower() for word in FAMILY_WORDS[group]), (column.name, fix)
        for other, words in FAMILY_WORDS.items():
            if other != group:
                assert not any(word in fix.lower() for word in words), (column.name, fix)
        assert t(raised.value.key.replace("error.", "import.fix.", 1), lang, **raised.value.values)


def _partners(engine: Engine, rows: str) -> pipeline.Preview:
    data = ("name,type,country,latitude,longitude\n" + rows).encode()
    with Session(engine) as session:
        return pipeline.preview(session, kind="partners", file_name="partners.csv", data=data, actor=STAFF)


def test_a_latitude_beyond_the_poles_is_told_about_latitudes(demo_engine: Engine) -> None:
    result = _partners(demo_engine, "Fiji Island Trust,ngo,FJI,-95,178.44\n")
    [problem] = result.problems
    assert (problem.key, problem.column, problem.row) == ("import.error.latitude_range", "latitude", 2)
    assert "budget" not in problem.fix("en").lower() and "latitude" in problem.fix("en")
    assert "latitude" in problem.fix("fr")


def test_swapped_latitude_and_longitude_get_a_swap_hint(demo_engine: Engine) -> None:
    before = dump(demo_engine)
    with Session(demo_engine) as session:
        result = pipeline.commit(session, kind="partners", file_name="partners.csv", actor=STAFF, data=(
            b"name,type,country,latitude,longitude\n"
            b"Suva Reef Society,ngo,FJI,178.4419,-18.1416\n"
            b"Nadi Coast Trust,ngo,FJI,-17.80,177.42\n"))
    [problem] = result.problems
    assert (problem.key, problem.row, problem.column) == ("import.error.coordinates_swapped", 2, "latitude")
    assert problem.fix("en") == "Swap the two cells: latitude -18.1416, longitude 178.4419."
    assert "Inversez les deux cellules" in problem.fix("fr")
    assert not result.committed and dump(demo_engine) == before
    # A longitude beyond ±180 is a longitude's problem, never a swap.
    [other] = _partners(demo_engine, "Far Away Trust,ngo,FJI,-18.14,190\n").problems
    assert other.key == "import.error.longitude_range" and "longitude" in other.fix("en")


def test_a_coordinate_in_degrees_and_minutes_is_told_to_write_decimal_degrees(demo_engine: Engine) -> None:
    [problem] = _partners(demo_engine, "Suva Reef Society,ngo,FJI,18°08′S,178.44\n").problems
    assert problem.key == "import.error.not_a_latitude" and "decimal degrees" in problem.fix("en")
    assert "latitude" in problem.fix("en") and "longitude" not in problem.fix("en")
    # A longitude's fix speaks of longitudes, with a longitude's example, never the latitude's.
    [other] = _partners(demo_engine, "Suva Reef Society,ngo,FJI,-18.14,178°26′E\n").problems
    assert (other.key, other.column) == ("import.error.not_a_longitude", "longitude")
    assert "−180 to 180" in other.fix("en") and "178°26′E" in other.fix("en") and "18°08′S" not in other.fix("en")
    assert "longitude" in other.fix("fr") and "latitude" not in other.fix("fr")


def test_a_negative_budget_and_a_rating_out_of_range_are_told_their_own_rule(demo_engine: Engine) -> None:
    with Session(demo_engine) as session:
        budgets = pipeline.preview(session, kind="budgets", file_name="budgets.csv", actor=STAFF, data=(
            b"project_code,period_start,period_end,category,amount,currency\n"
            b"REG-C1.1,2026-01-01,2026-12-31,Travel,-5,EUR\n"))
    [problem] = budgets.problems
    assert problem.key == "import.error.budget_amount_range" and "revised line" in problem.fix("en")


def test_a_rating_written_in_words_is_told_the_rating_scale() -> None:
    rating = next(column for kind, column in BOUNDED if range_message(column) == "rating")
    with pytest.raises(CellError) as raised:
        _number(rating, _plain)("good")
    assert raised.value.key == "error.rating_range"
    assert t("import.fix.rating_range", "en", **raised.value.values) == (
        "Write a whole number from 1 (poor) to 5 (excellent), or leave the cell blank.")


def test_every_problem_the_upload_can_raise_has_its_words_and_its_fix_in_both_languages() -> None:
    """Cell and row problems are named by key in code (``CellError("error.x")``, ``problem(..., "error.x")``):
    each one, and each range family, must have its message and its fix in English and French."""
    import re
    from pathlib import Path

    from dashboard.core.i18n import catalogue
    from dashboard.importing import validation

    source = "\n".join(path.read_text(encoding="utf-8")
                       for path in (Path(validation.__file__).parent).glob("*.py"))
    names = set(re.findall(r"[\"']error\.([a-z_]+)[\"']", source))
    names |= {f"{family}_range" for family in ("latitude", "longitude", "amount", "budget_amount", "rating", "rate")}
    assert len(names) > 40
    messages = catalogue()
    for name in sorted(names):
        for key in (f"import.error.{name}", f"import.fix.{name}"):
            assert set(messages.get(key, {})) >= {"en", "fr"}, key


def test_an_exchange_rate_that_is_not_a_number_is_told_what_a_rate_is() -> None:
    rate = next(column for kind, column in BOUNDED if kind == "rates")
    with pytest.raises(CellError) as raised:
        _number(rate, _plain)("about one")
    assert raised.value.key == "error.not_a_rate"
    assert "euros" in t("import.fix.not_a_rate", "en") and "443" not in t("import.fix.not_a_rate", "en")


def test_a_missing_column_of_one_name_in_both_languages_is_not_offered_twice(demo_engine: Engine) -> None:
    """"Add a column named “type” (or “type” in French)" offered the same name twice: one name, said once."""
    with Session(demo_engine) as session:
        result = pipeline.preview(session, kind="partners", file_name="partners.csv", actor=STAFF,
                                  data=b"name,aliases\nAgence Fran\xc3\xa7aise de D\xc3\xa9veloppement,AFD Paris\n")
    [problem] = [item for item in result.problems if item.column == "type"]
    assert problem.fix("en") == "Add a column named “type”."
    assert problem.fix("fr") == "Ajoutez une colonne nommée « type »."
