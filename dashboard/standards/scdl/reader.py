"""Reading SCDL "subventions" grant files (CSV or .xlsx) against the shipped ``schema.json`` (version 2.1.1).

``read_grants(data, file_name)`` gives a ``GrantFile``: one ``Grant`` per row, the columns as matched, and
problems per row. The field names, types, required flags, enumerations, patterns, length limits and bounds
all come from ``schema.json``; the SIRET check is its ``french-siret-value`` custom check
(``dashboard.standards.scdl.siret``).

Real published files bend the format (column names of the pre-2018 layout, "Aide en numéraire" capitalised,
``2017-01-01_2017-12-31`` periods, SIRETs turned into numbers by a spreadsheet), so the reader separates:

- *errors*: the row cannot become a grant of the portfolio (no amount, no beneficiary, no awarding
  authority). An upload refuses a file whose selected rows hold any (rows left out of the selection do not
  count);
- *warnings*: the schema is bent but the meaning is clear, or a value is left out (a SIRET that fails its
  check is not kept as an identifier: the partner is matched by name). Listed, not refused.

Columns the schema does not know, and schema fields the product has no place for, are counted in
``GrantFile.unmapped`` (column name → rows holding a value).
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from functools import cache
from importlib import resources

from dashboard.core.text import fold
from dashboard.importing.numbers import FileNumbers, NumberReader
from dashboard.importing.readers import Cell, ReadError, open_table
from dashboard.importing.values import CellError, is_blank, parse_date
from dashboard.standards.problems import FileRefusedError, Problem, Severity
from dashboard.standards.scdl.siret import is_valid_rna, is_valid_siret, siret_digits

NATURE_CASH = "aide en numéraire"
NATURE_IN_KIND = "aide en nature"
# A column whose SIRETs mostly fail their check was damaged as a whole (typically a spreadsheet rounding the
# 14-digit numbers): none of its SIRETs is trusted, even those that pass by chance.
DAMAGED_COLUMN_SHARE = 0.5
DAMAGED_COLUMN_MINIMUM = 10  # below this many SIRETs, each wrong one is told on its own row


@dataclass(frozen=True)
class SchemaField:
    """One field of ``schema.json``: name, Table Schema type and constraints."""

    name: str
    title: str
    type: str  # string, integer, number, date
    required: bool = False
    enum: tuple[str, ...] = ()
    pattern: str | None = None
    max_length: int | None = None
    minimum: float | None = None
    maximum: float | None = None


@dataclass(frozen=True)
class Schema:
    name: str
    version: str
    fields: tuple[SchemaField, ...]
    siret_columns: tuple[str, ...]  # custom_checks french-siret-value

    def field(self, name: str) -> SchemaField:
        return next(item for item in self.fields if item.name == name)


@cache
def schema() -> Schema:
    """The shipped ``schema.json``."""
    source = resources.files("dashboard.standards.scdl").joinpath("data").joinpath("schema.json")
    document = json.loads(source.read_text(encoding="utf-8"))
    fields = []
    for item in document["fields"]:
        constraints = item.get("constraints", {})
        fields.append(SchemaField(
            name=item["name"], title=item.get("title", item["name"]), type=item.get("type", "string"),
            required=bool(constraints.get("required", False)), enum=tuple(constraints.get("enum", ())),
            pattern=constraints.get("pattern"), max_length=constraints.get("maxLength"),
            minimum=constraints.get("minimum"), maximum=constraints.get("maximum")))
    sirets = tuple(check["params"]["column"] for check in document.get("custom_checks", ())
                   if check.get("name") == "french-siret-value")
    return Schema(document.get("name", "subventions"), document.get("version", ""), tuple(fields), sirets)


# Column names of grant files published in the layout used before the 2018 national format (seen in the
# city of Poitiers' 2017 file): the local authority (COLL_) awards, the ATTRIB_ columns name the recipient.
LEGACY_COLUMNS: dict[str, str] = {
    "annee": "exerciceBudgetaire",
    "coll nom": "nomAttribuant",
    "coll siret": "idAttribuant",
    "acte date": "dateDecision",
    "acte ref": "referenceDecision",
    "attrib nom": "nomBeneficiaire",
    "attrib siret": "idBeneficiaire",
    "sub obj": "objet",
    "sub montant": "montant",
    "notification a la commission europeenne": "notificationUE",
}

# The fields the product gives a place to (a partner, a commitment and its details); the other schema fields
# are counted as unmapped when a row fills them.
MAPPED_FIELDS = frozenset({
    "idSubvention", "nomAttribuant", "idAttribuant", "nomBeneficiaire", "idBeneficiaire", "rnaBeneficiaire",
    "exerciceBudgetaire", "dateDecision", "dateConvention", "referenceDecision", "dateDebut", "dateFin", "objet",
    "nature", "montant", "conditionsVersement", "datesPeriodeVersement", "notificationUE", "pourcentageSubvention",
    "idRAE",
})
# Without these a row is no grant of the portfolio (who gave, to whom, how much): errors, not warnings.
ESSENTIAL = ("nomBeneficiaire", "montant", "nomAttribuant")


def _key(header: str) -> str:
    return fold(header.replace("_", " "))


def match_columns(header: list[str]) -> tuple[dict[int, str], list[str]]:
    """Column index → schema field name, matching the field's name, its title or a legacy name regardless of
    case, accents and separators; and the headers that match nothing."""
    known: dict[str, str] = {}
    for item in schema().fields:
        known.setdefault(_key(item.name), item.name)
        known.setdefault(_key(item.title), item.name)
    # camelCase field names written in lower case by some exports ("nomattribuant")
    known.update({_key(item.name).replace(" ", ""): item.name for item in schema().fields})
    known.update(LEGACY_COLUMNS)
    columns: dict[int, str] = {}
    unknown = []
    for index, name in enumerate(header):
        text = str(name or "").strip()
        if not text:
            continue
        field_name = known.get(_key(text)) or known.get(_key(text).replace(" ", ""))
        if field_name is None or field_name in columns.values():
            unknown.append(text)
            continue
        columns[index] = field_name
    return columns, unknown


@dataclass(frozen=True)
class Party:
    """An awarding authority or a beneficiary: name as written, SIRET (14 digits, kept only when it passes
    its check) and RNA number ("W" + 9 digits) when given."""

    name: str | None
    siret: str | None = None
    rna: str | None = None


@dataclass(frozen=True)
class Grant:
    """One row of a grant file.

    ``amount`` is the grant's total in euros (``montant``: "calculé avant répartition entre les
    bénéficiaires"); ``share`` the beneficiary's part of it (``pourcentageSubvention``, 0.01-1), so
    ``beneficiary_amount`` is what this beneficiary was awarded. ``payment_start``/``payment_end`` is the
    payment date or period (``datesPeriodeVersement``).
    """

    row: int
    authority: Party
    beneficiary: Party
    object: str | None
    amount: Decimal | None
    share: Decimal | None = None
    grant_id: str | None = None
    fiscal_year: int | None = None
    decision_date: dt.date | None = None
    convention_date: dt.date | None = None
    decision_reference: str | None = None
    project_start: dt.date | None = None
    project_end: dt.date | None = None
    nature: tuple[str, ...] = ()
    payment_conditions: str | None = None
    payment_start: dt.date | None = None
    payment_end: dt.date | None = None
    eu_notified: bool | None = None
    rae_id: str | None = None

    @property
    def beneficiary_amount(self) -> Decimal | None:
        """The beneficiary's part in euros, to the cent: ``amount`` × ``share`` (the whole when no share)."""
        if self.amount is None:
            return None
        if self.share is None:
            return self.amount
        return (self.amount * self.share).quantize(Decimal("0.01"))

    @property
    def date(self) -> dt.date | None:
        """The grant's date: the agreement's signature, else the decision."""
        return self.convention_date or self.decision_date


@dataclass
class GrantFile:
    """What a grant file holds: its grants (every row, usable or not), problems, unmapped columns."""

    file_format: str  # "csv" or "xlsx"
    detail: str  # encoding and separator, or sheet name
    columns: dict[int, str]
    header: list[str]
    grants: list[Grant] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    unmapped: Counter[str] = field(default_factory=Counter)

    def errors_in(self, rows: Iterable[int]) -> list[Problem]:
        """The errors of the given rows (the rows a person kept)."""
        wanted = set(rows)
        return [problem for problem in self.problems if problem.is_error and problem.line in wanted]

    @property
    def publishers(self) -> tuple[Party, ...]:
        """The awarding authorities of the file, each once (by SIRET, else by folded name)."""
        seen: dict[str, Party] = {}
        for grant in self.grants:
            key = grant.authority.siret or fold(grant.authority.name or "")
            if key and key not in seen:
                seen[key] = grant.authority
        return tuple(seen.values())


# The grant fields read as numbers (the amount, the share of the subsidised cost).
NUMBER_FIELDS = ("montant", "pourcentageSubvention")


def read_grants(data: bytes, file_name: str) -> GrantFile:
    """Read a grant file; raises ``FileRefusedError`` when the file is no table or lacks the essential
    columns (beneficiary name, amount, awarding authority)."""
    try:
        table = open_table(data, file_name, "scdl")
    except ReadError as error:
        raise FileRefusedError.with_values(f"import.{error.key}", error.values) from None
    columns, unknown = match_columns(table.header)
    header = [str(name or "") for name in table.header]
    present = set(columns.values())
    missing = [name for name in ESSENTIAL if name not in present
               and not (name == "nomBeneficiaire" and {"idBeneficiaire", "rnaBeneficiaire"} & present)
               and not (name == "nomAttribuant" and "idAttribuant" in present)]
    if missing:
        raise FileRefusedError("standards.scdl.error.missing_columns", columns=", ".join(missing),
                               found=", ".join(name for name in header if name) or "-")
    result = GrantFile(table.format, table.detail, columns, header)
    for name in unknown:
        result.unmapped[name] = 0
    for item in schema().fields:
        if item.required and item.name not in present:
            result.problems.append(Problem(None, item.name, "standards.scdl.warning.missing_column",
                                           {"column": item.name}, Severity.warning))
    raw_rows: list[tuple[int, dict[str, Cell], list[Cell]]] = []
    try:
        for number, cells in table.rows():
            values = {name: cells[index] if index < len(cells) else None for index, name in columns.items()}
            raw_rows.append((number, values, cells))
    except ReadError as error:
        raise FileRefusedError.with_values(f"import.{error.key}", error.values) from None
    damaged = _damaged_siret_columns(raw_rows)
    for name in damaged:
        shown = _header_of(columns, header, name)
        result.problems.append(Problem(None, shown, "standards.scdl.warning.damaged_siret_column",
                                       {"column": shown}, Severity.warning))
    unknown_index = [index for index, name in enumerate(table.header) if index not in columns and str(name or "")]
    # One number convention per file, as for every upload (dashboard.importing.numbers).
    numbers = FileNumbers(table.style, [index for index, name in columns.items() if name in NUMBER_FIELDS],
                          rescan=lambda: ((number, cells) for number, _values, cells in raw_rows))
    readers = {name: numbers.reader(index) for index, name in columns.items() if name in NUMBER_FIELDS}
    for number, values, cells in raw_rows:
        for index in unknown_index:
            if index < len(cells) and not is_blank(cells[index]):
                result.unmapped[header[index]] += 1
        row = _RowReader(number, values, columns, header, readers, damaged, result)
        result.grants.append(row.read())
    return result


def _header_of(columns: dict[int, str], header: list[str], name: str) -> str:
    return next((header[index] for index, field_name in columns.items() if field_name == name), name)


def _damaged_siret_columns(rows: list[tuple[int, dict[str, Cell], list[Cell]]]) -> set[str]:
    damaged = set()
    for name in schema().siret_columns:
        given = failed = 0
        for _number, values, _cells in rows:
            digits, _as_number = siret_digits(values.get(name))
            if digits:
                given += 1
                failed += not is_valid_siret(digits)
        if given >= DAMAGED_COLUMN_MINIMUM and failed / given > DAMAGED_COLUMN_SHARE:
            damaged.add(name)
    return damaged


_PERIOD = re.compile(r"^\s*(\S+?)\s*(?:/|_|\s-\s|\bau\b)\s*(\S+)\s*$")


class _RowReader:
    """Reads one row's cells into a ``Grant``, checking each against its schema field."""

    def __init__(self, number: int, values: dict[str, Cell], columns: dict[int, str], header: list[str],
                 numbers: dict[str, NumberReader], damaged: set[str], result: GrantFile) -> None:
        self.row_number = number
        self.values = values
        self.columns = columns
        self.header = header
        self.numbers = numbers
        self.damaged = damaged
        self.result = result

    def problem(self, name: str, key: str, severity: Severity = Severity.warning, **values: object) -> None:
        self.result.problems.append(Problem(self.row_number, _header_of(self.columns, self.header, name), key, values,
                                            severity))

    def text(self, name: str) -> str | None:
        raw = self.values.get(name)
        if is_blank(raw):
            if name in self.values and schema().field(name).required and name not in ESSENTIAL:
                self.problem(name, "standards.scdl.warning.required_empty")
            return None
        if isinstance(raw, float) and raw.is_integer():
            raw = int(raw)
        text = " ".join(str(raw).split())
        item = schema().field(name)
        if item.max_length is not None and len(text) > item.max_length:
            self.problem(name, "standards.scdl.warning.too_long", limit=item.max_length, length=len(text))
        return text

    def choice(self, name: str) -> str | None:
        """An enumerated value; accepted regardless of case and accents (told when not as the schema writes
        it), None (told) when it is none of the allowed values."""
        text = self.text(name)
        if text is None:
            return None
        allowed = schema().field(name).enum
        if text in allowed:
            return text
        folded = {fold(value): value for value in allowed}
        value = folded.get(fold(text))
        if value is not None:
            self.problem(name, "standards.scdl.warning.choice_spelling", value=text, read=value)
            return value
        self.problem(name, "standards.scdl.warning.not_allowed", value=text, allowed=" | ".join(allowed))
        return None

    def yes_no(self, name: str) -> bool | None:
        value = self.choice(name)
        return None if value is None else value == "oui"

    def number(self, name: str, severity: Severity = Severity.warning) -> Decimal | None:
        raw = self.values.get(name)
        if is_blank(raw):
            return None
        try:
            value, _percent = self.numbers[name](raw)
        except CellError:
            self.problem(name, "standards.scdl.error.not_a_number", severity, value=str(raw).strip()[:80])
            return None
        try:
            return Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
        except InvalidOperation:  # pragma: no cover - parse_number gives finite floats
            return None

    def date(self, name: str) -> dt.date | None:
        raw = self.values.get(name)
        if is_blank(raw):
            if name in self.values and schema().field(name).required:
                self.problem(name, "standards.scdl.warning.required_empty")
            return None
        return self._date_of(name, raw)

    def _date_of(self, name: str, raw: Cell) -> dt.date | None:
        try:
            value = parse_date(raw)
        except CellError:
            self.problem(name, "standards.scdl.warning.not_a_date", value=str(raw).strip()[:40])
            return None
        if isinstance(raw, str) and not re.fullmatch(r"\s*\d{4}-\d{2}-\d{2}\s*", raw):
            self.problem(name, "standards.scdl.warning.date_format", value=raw.strip(), read=value.isoformat())
        return value

    def siret(self, name: str) -> str | None:
        """A SIRET kept as an identifier only when it passes its check (a wrong one would merge partners)."""
        raw = self.values.get(name)
        digits, as_number = siret_digits(raw)
        if digits is None:
            return None
        if name in self.damaged:
            return None  # told once for the column
        if not is_valid_siret(digits):
            self.problem(name, "standards.scdl.warning.bad_siret", value=digits)
            return None
        if as_number:
            self.problem(name, "standards.scdl.warning.siret_as_number", value=str(raw).strip())
        return digits

    def read(self) -> Grant:
        authority = Party(self.text("nomAttribuant"), self.siret("idAttribuant"))
        rna = self.text("rnaBeneficiaire")
        if rna is not None and not is_valid_rna(rna.upper()):
            self.problem("rnaBeneficiaire", "standards.scdl.warning.bad_rna", value=rna)
            rna = None
        beneficiary = Party(self.text("nomBeneficiaire"), self.siret("idBeneficiaire"), rna.upper() if rna else None)
        if authority.name is None and authority.siret is None:
            self.problem("nomAttribuant", "standards.scdl.error.no_authority", Severity.error)
        if beneficiary.name is None:
            self.problem("nomBeneficiaire", "standards.scdl.error.no_beneficiary", Severity.error)
        amount = self.number("montant", Severity.error)
        if amount is None and is_blank(self.values.get("montant")):
            self.problem("montant", "standards.scdl.error.no_amount", Severity.error)
        elif amount is not None and amount < 0:
            self.problem("montant", "standards.scdl.error.negative_amount", Severity.error, value=amount)
            amount = None
        share = self._share()
        year_text = self.text("exerciceBudgetaire")
        fiscal_year = None
        if year_text is not None:
            digits = year_text.split(".")[0]
            if digits.isdigit() and len(digits) == 4:
                fiscal_year = int(digits)
            else:
                self.problem("exerciceBudgetaire", "standards.scdl.warning.not_a_year", value=year_text)
        nature_text = self.choice("nature")
        payment_start, payment_end = self._payment_period()
        rae = self.text("idRAE")
        return Grant(
            row=self.row_number,
            authority=authority,
            beneficiary=beneficiary,
            object=self.text("objet"),
            amount=amount,
            share=share,
            grant_id=self.text("idSubvention"),
            fiscal_year=fiscal_year,
            decision_date=self.date("dateDecision"),
            convention_date=self.date("dateConvention"),
            decision_reference=self.text("referenceDecision"),
            project_start=self.date("dateDebut"),
            project_end=self.date("dateFin"),
            nature=tuple(nature_text.split(";")) if nature_text else (),
            payment_conditions=self.choice("conditionsVersement"),
            payment_start=payment_start,
            payment_end=payment_end,
            eu_notified=self.yes_no("notificationUE"),
            rae_id=rae,
        )

    def _share(self) -> Decimal | None:
        """``pourcentageSubvention`` as a fraction (0.01-1); "100" or "45" written as per cent are read as
        1 and 0.45, and told."""
        share = self.number("pourcentageSubvention")
        if share is None:
            if is_blank(self.values.get("pourcentageSubvention")) and "pourcentageSubvention" in self.values:
                self.problem("pourcentageSubvention", "standards.scdl.warning.required_empty")
            return None
        item = schema().field("pourcentageSubvention")
        if 1 < share <= 100:
            read = share / 100
            self.problem("pourcentageSubvention", "standards.scdl.warning.share_as_percent", value=share,
                         read=read)
            return read
        if (item.minimum is not None and share < Decimal(str(item.minimum))) or \
                (item.maximum is not None and share > Decimal(str(item.maximum))):
            self.problem("pourcentageSubvention", "standards.scdl.warning.share_range", value=share)
            return None
        return share

    def _payment_period(self) -> tuple[dt.date | None, dt.date | None]:
        """``datesPeriodeVersement``: a date, or ``start/end`` (the schema's pattern); ``start_end`` and
        ``start - end`` are read too, and told."""
        text = self.text("datesPeriodeVersement")
        if text is None:
            return None, None
        pattern = schema().field("datesPeriodeVersement").pattern
        conforms = bool(pattern and re.match(pattern, text))
        match = _PERIOD.match(text)
        parts = [match[1], match[2]] if match else [text]
        dates = []
        for part in parts:
            try:
                dates.append(parse_date(part))
            except CellError:
                self.problem("datesPeriodeVersement", "standards.scdl.warning.bad_period", value=text)
                return None, None
        if not conforms:
            self.problem("datesPeriodeVersement", "standards.scdl.warning.period_format", value=text,
                         read="/".join(value.isoformat() for value in dates))
        start, end = dates[0], dates[-1]
        if end < start:
            self.problem("datesPeriodeVersement", "standards.scdl.warning.period_reversed", value=text)
            return None, None
        return start, end


def select_rows(grants: Iterable[Grant], *, words: Iterable[str] = (), beneficiaries: Iterable[str] = ()
                ) -> list[Grant]:
    """The grants whose object holds one of ``words`` or whose beneficiary is one of ``beneficiaries`` (by
    SIRET or by name; case, accents and punctuation ignored). With neither given, every grant.

    A word matches whole words of the object, or their beginning when it ends with ``*`` ("solidarit*"
    matches "solidarité" and "solidarités")."""
    patterns = [_word_pattern(word) for word in words if fold(word.rstrip("*"))]
    wanted = {fold(name) for name in beneficiaries if fold(name)}
    if not patterns and not wanted:
        return list(grants)
    kept = []
    for grant in grants:
        folded_object = fold(grant.object or "")
        if any(pattern.search(folded_object) for pattern in patterns):
            kept.append(grant)
            continue
        party = grant.beneficiary
        if wanted & {fold(name) for name in (party.name, party.siret, party.rna) if name}:
            kept.append(grant)
    return kept


def _word_pattern(word: str) -> re.Pattern[str]:
    prefix = word.strip().endswith("*")
    folded = fold(word.strip().rstrip("*"))
    return re.compile(r"\b" + re.escape(folded) + (r"" if prefix else r"\b"))
