"""Validation before anything is written: every row, all problems at once (the header is checked first by
``dashboard.importing.header``; each problem is a ``dashboard.importing.problems.Problem``).
"""

from __future__ import annotations

import datetime as dt
import functools
import itertools
from collections.abc import Callable, Iterator
from typing import Any

from rapidfuzz import fuzz, process
from rapidfuzz.utils import default_process

from dashboard.core.coordinates import is_null_island
from dashboard.core.text import fold, hidden_character, repaired_mojibake, unneutralise_formula
from dashboard.importing.header import HeaderMap
from dashboard.importing.numbers import FileNumbers, NumberReader
from dashboard.importing.problems import Problem, problem
from dashboard.importing.readers import Cell
from dashboard.importing.records import key_of
from dashboard.importing.references import References
from dashboard.importing.schemas import KEY_DEFAULTS, Column, ColumnType, KindSchema
from dashboard.importing.values import (
    CellError,
    NumberStyle,
    is_blank,
    parse_bool,
    parse_country,
    parse_currency,
    parse_date,
    parse_number,
    parse_shares,
    split_list,
)

# The rows
# ---------------------------------------------------------------------------------------------------------

Converter = Callable[[Cell], object]

# Pairs of dates where the second may not come before the first (a review's next one included).
DATE_ORDER = (("planned_start", "planned_end"), ("actual_start", "actual_end"), ("period_start", "period_end"),
              ("review_date", "next_review_due"))


def _text(column: Column) -> Converter:
    limit = column.max_length
    # Long texts keep their line breaks; names and codes have their spaces tidied.
    collapse = column.type != ColumnType.text or not column.name.endswith(("notes", "description", "note"))

    def convert(raw: Cell) -> object:
        if raw.__class__ is not str:
            if isinstance(raw, float) and raw.is_integer():
                raw = int(raw)
            elif isinstance(raw, dt.datetime):
                raw = raw.date()
        text = " ".join(str(raw).split()) if collapse else str(raw).strip()
        if text.startswith("'"):
            text = unneutralise_formula(text)
        _refuse_mojibake(text)
        if limit is not None and len(text) > limit:
            raise CellError("error.too_long", length=len(text), limit=limit)
        hidden = hidden_character(text, free_text=not collapse)
        if hidden is not None:
            raise CellError("error.hidden_character", character=hidden)
        return text

    return convert


def _refuse_mojibake(text: str) -> None:
    """Garbled accents ("FÃ©dÃ©ration", a UTF-8 text once read in another encoding) are never stored."""
    repaired = repaired_mojibake(text)
    if repaired is not None:
        raise CellError("error.mojibake", repaired=repaired)


# What a number out of its column's range is told, by the kind of figure (issue 13: a latitude below −90 is not
# told that budgets cannot be negative). Columns not named here get the plain minimum / maximum messages.
COORDINATES = ("latitude", "longitude")
RATE_COLUMNS = frozenset({"eur_per_unit"})
MONEY_COLUMNS = frozenset({"amount", "contribution", "declared_total"})
# An indicator's figures: a cell that is not a number is told to write one like 45 (or leave it blank).
FIGURE_COLUMNS = frozenset({"baseline_value", "target_value", "target", "actual"})


def range_message(column: Column) -> str | None:
    """The message family of a number column's range: ``latitude``, ``longitude``, ``rating`` (1 to 5),
    ``budget_amount`` (a budget line, 0 or more), ``amount`` (other money, 0 or more), ``rate`` (an exchange
    rate, above 0); None for the plain bounds."""
    if column.name in COORDINATES:
        return column.name
    if column.name in RATE_COLUMNS:
        return "rate"
    if column.name in MONEY_COLUMNS and column.minimum == 0:
        return "budget_amount" if column.name == "amount" else "amount"
    if (column.minimum, column.maximum) == (1, 5):
        return "rating"
    return None


# What a cell that is not a number at all is told, by the kind of figure (else the money-like example).
NOT_A_NUMBER = {"latitude": "error.not_a_latitude", "longitude": "error.not_a_longitude",
                "rating": "error.rating_range", "rate": "error.not_a_rate"}


def _may_group_thousands(column: Column) -> bool:
    """Whether a number of the column may be written with a thousands separator: not when every allowed value
    lies strictly between −1 000 and 1 000 (coordinates, ratings)."""
    bounds = (column.minimum, column.maximum)
    return None in bounds or max(abs(bound) for bound in bounds if bound is not None) >= 1000


def _number(column: Column, read: NumberReader) -> Converter:
    low, high, integer = column.minimum, column.maximum, column.type == ColumnType.integer
    family = range_message(column)
    strictly_positive = family == "rate"
    # numbers, written in the reader's language by core.i18n.t (−90, 1 000 000 / 1 000 000)
    bounds = {"minimum": low if low is not None else "", "maximum": high if high is not None else ""}
    instead = NOT_A_NUMBER.get(family or "") or ("error.not_a_figure" if column.name in FIGURE_COLUMNS else None)

    def convert(raw: Cell) -> object:
        try:
            value, _percent = read(raw)
        except CellError as error:
            # an ambiguous number or a second decimal mark says so, whatever the column; only "not a number"
            # is told what this kind of figure looks like ("good" is not told to write 443 008)
            if instead is not None and error.key == "error.not_a_number":
                raise CellError(instead, **bounds) from None
            raise
        if integer and not value.is_integer():
            raise CellError("error.rating_range" if family == "rating" else "error.not_an_integer", **bounds)
        if strictly_positive and value <= 0:
            raise CellError("error.rate_range", **bounds)
        below, above = low is not None and value < low, high is not None and value > high
        if (below or above) and family is not None:
            raise CellError(f"error.{family}_range", **bounds)
        if below:
            raise CellError("error.below_minimum", **bounds)
        if above:
            raise CellError("error.above_maximum", **bounds)
        return int(value) if integer else value

    return convert


def _choice_list(column: Column) -> Converter:
    def convert(raw: Cell) -> object:
        assert column.choices is not None
        return tuple(sorted({column.choices.parse(part) for part in split_list(raw)}))

    return convert


def _sdg_list(raw: Cell) -> object:
    numbers: set[int] = set()
    for part in split_list(raw):
        cleaned = part.upper().removeprefix("SDG").removeprefix("ODD").strip()
        if not cleaned.isdigit() or not 1 <= int(cleaned) <= 17:
            raise CellError("error.bad_sdg", item=part)
        numbers.add(int(cleaned))
    return tuple(sorted(numbers))


def _text_list(raw: Cell) -> object:
    items = {" ".join(part.split()): None for part in split_list(raw)}
    for item in items:
        if len(item) > 120:
            raise CellError("error.too_long", length=len(item), limit=120)
        _refuse_mojibake(item)
        hidden = hidden_character(item)
        if hidden is not None:
            raise CellError("error.hidden_character", character=hidden)
    return tuple(sorted(items, key=fold))


# Column types whose cells repeat a few values down a file (codes, dates, names): each distinct cell is read once.
MEMOISED = frozenset({ColumnType.choice, ColumnType.currency, ColumnType.country, ColumnType.date,
                      ColumnType.project, ColumnType.partner, ColumnType.boolean, ColumnType.choice_list})
MEMO_LIMIT = 50_000


def _memoised(converter: Converter) -> Converter:
    memo: dict[object, object] = {}

    def convert(raw: Cell) -> object:
        try:
            return memo[raw]
        except KeyError:
            value = converter(raw)  # a CellError is not remembered: it is rare and carries the row
            if len(memo) < MEMO_LIMIT:
                memo[raw] = value
            return value
        except TypeError:  # an unhashable cell
            return converter(raw)

    return convert


# A cell read column by column that is empty or that validate() would report: its row goes through validate().
_FLAGGED = object()

# What validate_rows yields for each row: values (None when rejected), problems, natural key (None when rejected).
Validated = tuple[dict[str, object] | None, list[Problem], tuple[object, ...] | None]


def _before(end: Any, start: Any) -> bool:  # dates, or the flag of a cell that did not read
    """An end date before its start date (either may be a flagged cell, which is not compared)."""
    return end is not _FLAGGED and start is not _FLAGGED and end < start


def _column_keys(column: list[object]) -> list[object]:
    """A key column's read values as key_of compares them, each distinct text normalised once."""
    distinct = {value: key_of([value])[0] for value in set(column)}
    return list(map(distinct.__getitem__, column))


class RowValidator:
    """Turns one row's cells into checked values, or problems; remembers keys to find duplicates."""

    def __init__(self, schema: KindSchema, header: HeaderMap, style: NumberStyle | FileNumbers,
                 references: References) -> None:
        """``style``: a file's number convention per column (FileNumbers), or one convention for every cell
        (a form, typed in the person's language)."""
        self.schema = schema
        self.references = references
        self.positions = header.positions
        self.converters: dict[str, Converter] = {}
        self.seen_keys: dict[tuple[object, ...], int] = {}
        self.key_defaults = KEY_DEFAULTS.get(schema.kind, {})
        self.last_key: tuple[object, ...] = ()  # the natural key of the row validate() last accepted
        self.key_header = header.header_of(schema.key[0]) or schema.key[0]
        for index, column, _written in header.positions:
            converter = self._converter(column, style, index)
            self.converters[column.name] = _memoised(converter) if column.type in MEMOISED else converter
        self.width = max((index for index, _column, _written in header.positions), default=-1) + 1
        present = {column.name for _index, column, _written in header.positions}
        self.date_pairs = [(start, end) for start, end in DATE_ORDER if start in present and end in present]
        self.mapped = frozenset(index for index, _column, _written in header.positions)
        self.unmapped = [index for index in range(self.width) if index not in self.mapped]
        self.plan = [(index, column.name, self.converters[column.name], column.required, written)
                     for index, column, written in header.positions]
        self.names = [column.name for _index, column, _written in header.positions]
        self._repeats = {index: column.type in MEMOISED for index, column, _written in header.positions}
        self.style = style
        self.coordinates = {name: index for index, column, _written in header.positions
                            if (name := column.name) in COORDINATES}

    def _converter(self, column: Column, style: NumberStyle | FileNumbers, index: int) -> Converter:
        kind = column.type
        references = self.references
        if kind in (ColumnType.number, ColumnType.integer):
            if isinstance(style, FileNumbers):
                return _number(column, style.reader(index, grouped=_may_group_thousands(column)))
            return _number(column, functools.partial(parse_number, style=style))
        if isinstance(style, FileNumbers):
            style = style.hint
        if kind == ColumnType.date:
            return parse_date
        if kind == ColumnType.boolean:
            return parse_bool
        if kind == ColumnType.choice:
            assert column.choices is not None
            return column.choices.parse
        if kind == ColumnType.country:
            return parse_country
        if kind == ColumnType.currency:
            return parse_currency
        if kind == ColumnType.partner:
            return references.partner
        if kind == ColumnType.choice_list:
            return _choice_list(column)
        if kind == ColumnType.sdg_list:
            return _sdg_list
        if kind == ColumnType.text_list:
            return _text_list
        if kind == ColumnType.objective_list:
            return self._objectives
        if kind == ColumnType.country_shares:
            return lambda raw: tuple(sorted(parse_shares(raw, style).items()))
        text = _text(column)
        if kind == ColumnType.project:
            return lambda raw: self._project(text(raw))
        return text  # text, and indicator codes (checked with the project below)

    def _swapped_coordinates(self, row: int, cells: list[Cell], values: dict[str, object],
                             problems: list[Problem]) -> list[Problem]:
        """A latitude beyond ±90 whose longitude would be a latitude: the two cells were swapped (Suva written
        178.44, −18.14). Its range problem becomes a swap hint that gives both cells' right values."""
        if len(self.coordinates) < 2:
            return problems
        header = self._header("latitude")
        wrong = next((item for item in problems if item.key == "import.error.latitude_range"), None)
        longitude = values.get("longitude")
        if wrong is None or not isinstance(longitude, float | int):
            return problems
        index = self.coordinates["latitude"]
        style = self.style
        read = style.reader(index) if isinstance(style, FileNumbers) else functools.partial(parse_number, style=style)
        latitude, _percent = read(cells[index])
        if abs(latitude) > 180 or abs(longitude) > 90:
            return problems
        hint = problem(row, header, cells[self.coordinates["latitude"]], "error.coordinates_swapped",
                       latitude=round(latitude, 12), longitude=round(float(longitude), 12))
        return [hint if item is wrong else item for item in problems]

    def _project(self, code: object) -> object:
        """The stored project code the cell writes, in any case and spacing ("hunt-1 " → "HUNT-1")."""
        stored = self.references.project_code(str(code))
        if stored is None:
            near = process.extract(str(code), list(self.references.projects), scorer=fuzz.ratio, limit=3,
                                   score_cutoff=80)
            if near:
                raise CellError("error.unknown_project_near", suggestions="; ".join(match[0] for match in near))
            raise CellError("error.unknown_project")
        return stored

    def _objectives(self, raw: Cell) -> object:
        codes: set[str] = set()
        known = {code.upper(): code for code in self.references.objectives}
        for part in split_list(raw):
            code = known.get(part.strip().upper())
            if code is None:
                raise CellError("error.unknown_objective", item=part,
                                known=", ".join(sorted(self.references.objectives)) or "—")
            codes.add(code)
        return tuple(sorted(codes))

    def validate(self, row: int, cells: list[Cell]) -> tuple[dict[str, object] | None, list[Problem]]:
        values: dict[str, object] = {}
        problems: list[Problem] = []
        count = len(cells)
        for index, name, convert, required, written in self.plan:  # the hot loop: one pass per cell
            raw = cells[index] if index < count else None
            if raw.__class__ is str:
                blank = not raw or raw.isspace()
            else:
                blank = raw is None or (raw.__class__ is float and raw != raw)  # NaN
            if blank:
                if required:
                    problems.append(problem(row, written, "", "error.required"))
                continue
            try:
                values[name] = convert(raw)
            except CellError as error:
                problems.append(problem(row, written, raw, error.key, **error.values))
        if count > self.width or self.unmapped:
            for index in range(count):
                if index not in self.mapped and not is_blank(cells[index]):
                    problems.append(problem(row, None, cells[index], "error.value_without_header",
                                            position=index + 1))
                    break
        if problems:
            if self.coordinates:
                problems = self._swapped_coordinates(row, cells, values, problems)
            return None, problems
        for name, default in self.key_defaults.items():
            values.setdefault(name, default)
        problems.extend(self._row_rules(row, values))
        if problems:
            return None, problems
        return values, []

    def validate_rows(self, chunk: list[tuple[int, list[Cell]]]) -> Iterator[Validated]:
        """``validate`` for each row of a chunk, in order, yielding (values or None, problems, natural key).

        Why: at 100 000 rows, reading cell by cell was a third of an upload's time. Here the cells are read
        column by column (a column's distinct texts once: codes, dates and names repeat down a file) and the
        rows free of problems are put together in bulk. Every other row (a value that cannot be read, an empty
        cell, a cell beyond the header, dates in the wrong order, a file whose rows vary in width) goes through
        ``validate`` itself, so its values and problems are exactly the ones it always had. Duplicate keys are
        checked row by row in file order, as the rows are yielded: the caller may change the references
        between two rows (a partners file adds each new partner)."""
        plan = self.plan
        # Indicator values and reviews have rules of their own in validate() (a code's spelling, a review's
        # dates and ratings): their rows go one by one (reviews files are short).
        fast = bool(plan) and not self.unmapped and self.schema.kind not in ("indicator-values", "reviews")
        matrix = [cells for _row, cells in chunk]
        if fast and set(map(len, matrix)) != {self.width}:
            fast = False  # rare (short rows, trailing cells): validate() reads them
        if not fast:
            for row, cells in chunk:
                values, problems = self.validate(row, cells)
                yield values, problems, self.last_key if values is not None else None
            return
        read, flagged = self._read_columns(matrix)
        for start, end in self.date_pairs:  # an end before its start: validate() words the problem
            starts, ends = read[self.names.index(start)], read[self.names.index(end)]
            flagged.update(position for position, before in enumerate(map(_before, ends, starts)) if before)
        if len(self.coordinates) == 2:  # a point at (0, 0): validate() refuses it
            latitudes, longitudes = read[self.names.index("latitude")], read[self.names.index("longitude")]
            flagged.update(position for position, (lat, lon) in enumerate(zip(latitudes, longitudes, strict=True))
                           if is_null_island(lat, lon))
        defaults = [(name, default) for name, default in self.key_defaults.items() if name not in self.names]
        rows = list(map(dict, map(zip, itertools.repeat(self.names), zip(*read, strict=True))))
        keys = self._keys(read, defaults)
        seen = self.seen_keys
        for position, (row, cells) in enumerate(chunk):
            key = keys[position]
            if position in flagged or key in seen:
                values, problems = self.validate(row, cells)
                yield values, problems, self.last_key if values is not None else None
                continue
            values = rows[position]
            for name, default in defaults:
                values[name] = default
            seen[key] = row
            self.last_key = key
            yield values, [], key

    def _read_columns(self, matrix: list[list[Cell]]) -> tuple[list[list[object]], set[int]]:
        """Each mapped column of ``matrix`` (rows of the header's width) read, and the positions of the rows
        with a cell that is empty or that validate() would report."""
        columns = list(zip(*matrix, strict=True))
        read: list[list[object]] = []
        flagged: set[int] = set()
        for index, _name, convert, _required, _written in self.plan:
            column = columns[index]
            if self._repeats[index] and set(map(type, column)) == {str}:
                # Text cells only (as in every CSV file): each distinct one read once. (Cells of mixed types
                # are read one by one below, so that 1, 1.0 and True, equal as keys, are read apart.)
                distinct: dict[object, object] = {}
                for raw in set(column):
                    if not raw or raw.isspace():
                        distinct[raw] = _FLAGGED
                        continue
                    try:
                        distinct[raw] = convert(raw)
                    except CellError:
                        distinct[raw] = _FLAGGED
                values = list(map(distinct.__getitem__, column))
                if _FLAGGED in distinct.values():
                    flagged.update(position for position, value in enumerate(values) if value is _FLAGGED)
                read.append(values)
                continue
            values = []
            append = values.append
            for position, raw in enumerate(column):  # the same blank test as validate()
                if raw.__class__ is str:
                    blank = not raw or raw.isspace()
                else:
                    blank = raw is None or (raw.__class__ is float and raw != raw)  # NaN
                if not blank:
                    try:
                        append(convert(raw))
                        continue
                    except CellError:
                        pass
                append(_FLAGGED)
                flagged.add(position)
            read.append(values)
        return read, flagged

    def _keys(self, read: list[list[object]], defaults: list[tuple[str, object]]) -> list[tuple[object, ...]]:
        """The natural key of each row read column by column (as natural_key gives it)."""
        if self.schema.kind == "partners":
            return [(fold(str(name)),) for name in read[self.names.index("name")]]
        absent = dict(defaults)
        parts = [_column_keys(read[self.names.index(name)]) if name in self.names
                 else itertools.repeat(key_of([absent.get(name)])[0]) for name in self.schema.key]
        return list(zip(*parts, strict=False))  # a column absent from the file is repeat()ed

    def _header(self, name: str) -> str:
        return next((written for _index, column, written in self.positions if column.name == name), name)

    def _row_rules(self, row: int, values: dict[str, object]) -> list[Problem]:
        problems: list[Problem] = []
        for start, end in self.date_pairs:
            first: Any = values.get(start)
            last: Any = values.get(end)
            if first is not None and last is not None and last < first:
                problems.append(problem(row, self._header(end), last, "error.end_before_start",
                                        start=self._header(start), start_value=str(first)))
        if len(self.coordinates) == 2 and is_null_island(values.get("latitude"), values.get("longitude")):
            # The map's rule (core.coordinates): 0, 0 is two blank cells read as zero, not a place.
            problems.append(problem(row, self._header("latitude"), "0, 0", "error.null_island",
                                    latitude=self._header("latitude"), longitude=self._header("longitude")))
        if self.schema.kind == "reviews":
            problems.extend(self._review_rules(row, values))
        if self.schema.kind == "indicator-values":
            project, written = str(values.get("project_code")), str(values.get("indicator_code"))
            stored = self.references.indicator_code(project, written)
            if stored is None:
                codes = [known for known_project, known in self.references.indicators if known_project == project]
                near = process.extract(written, codes, scorer=fuzz.ratio, processor=default_process, limit=3,
                                       score_cutoff=80)
                if near:  # "DEC 1", "dec‐1" (another hyphen): the project's codes it is close to, as for projects
                    problems.append(problem(row, self._header("indicator_code"), written,
                                            "error.unknown_indicator_near", project=project,
                                            suggestions="; ".join(sorted(match[0] for match in near))))
                else:
                    problems.append(problem(row, self._header("indicator_code"), written,
                                            "error.unknown_indicator", project=project))
            else:
                values["indicator_code"] = stored  # the stored spelling: "atl" is ATL
        if problems:
            return problems
        key = self.last_key = self.natural_key(values)
        first_row = self.seen_keys.get(key)
        if first_row is not None:
            parts = [values.get(name) for name in self.schema.key]
            shown_key = " + ".join(self.references.partner_names.get(part, part) if isinstance(part, str) else str(part)
                                   for part in parts if part is not None)
            problems.append(problem(row, self.key_header, shown_key, "error.duplicate_key", first_row=first_row,
                                    key=" + ".join(self._header(name) for name in self.schema.key)))
        else:
            self.seen_keys[key] = row
        return problems

    def _review_rules(self, row: int, values: dict[str, object]) -> list[Problem]:
        """A review took place (not dated after today), rated the partnership (an overall rating or at least one
        principle) and sets its next review after its own date (the same day is no next review)."""
        problems: list[Problem] = []
        reviewed, next_due = values.get("review_date"), values.get("next_review_due")
        if isinstance(reviewed, dt.date) and reviewed > dt.date.today():
            problems.append(problem(row, self._header("review_date"), reviewed.isoformat(), "error.review_in_future"))
        ratings = [name for name in self.names if name == "rating" or name.startswith("rating_")]
        if all(values.get(name) is None for name in ratings):  # no rating column at all rates nothing either
            problems.append(problem(row, self._header("rating"), "", "error.review_not_rated"))
        if isinstance(reviewed, dt.date) and isinstance(next_due, dt.date) and next_due == reviewed:
            problems.append(problem(row, self._header("next_review_due"), next_due.isoformat(),
                                    "error.next_review_same_day", review_date=self._header("review_date")))
        return problems

    def natural_key(self, values: dict[str, object]) -> tuple[object, ...]:
        """The row's natural key as records.key_of compares keys (codes in any case and spacing are one)."""
        if self.schema.kind == "partners":
            return (fold(str(values["name"])),)
        get = values.get
        return key_of([get(name) for name in self.schema.key])
