"""What an IATI activity holds, as the product reads and writes it: typed, immutable, comparable.

Every item of the mapping the product keeps (issue 14) has a field here; anything else an activity file holds
is counted in ``Activity.unmapped`` by element path (``policy-marker``, ``transaction/flow-type``,
``participating-org/@crs-channel-code``), so nothing is dropped unseen.

Units and conventions:
- codes are kept as the file writes them (strings of the IATI codelists: "1", "10", "A1");
- money is a ``Decimal`` exactly as written (``xsd:decimal``), with its ISO 4217 currency already resolved
  against the activity's ``@default-currency`` (IATI 2.03, ``value/@currency``: "If not present, the
  iati-activity/@default-currency is assumed");
- texts are tuples of ``Narrative`` in the order of the file, each with its language (ISO 639-1, lower case)
  resolved against the activity's ``@xml:lang`` (IATI 2.03, ``narrative/@xml:lang``: "If not present, the
  default language is assumed"); None when neither gives one;
- result values (baseline, target, actual) stay text: the standard types them ``xsd:string`` and publishers
  write "As at appraisal" as well as "12.5"; ``PeriodValue.number`` reads the numeric ones.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

# ---------------------------------------------------------------------------------------------------------
# Codes the product gives a meaning to (IATI 2.03 codelists shipped in data/codelists/)
# ---------------------------------------------------------------------------------------------------------

# TransactionType. Incoming funds (1) and incoming commitments (11) are what an implementer *receives*: money
# in, never consumption. Disbursements (3) and expenditure (4) are consumption; outgoing commitments (2) are
# commitments; incoming/outgoing pledges (12, 13) are promises. 5-10 are loan and equity flows.
TRANSACTION_INCOMING_FUNDS = "1"
TRANSACTION_OUTGOING_COMMITMENT = "2"
TRANSACTION_DISBURSEMENT = "3"
TRANSACTION_EXPENDITURE = "4"
TRANSACTION_INCOMING_COMMITMENT = "11"
MONEY_RECEIVED = frozenset({TRANSACTION_INCOMING_FUNDS, TRANSACTION_INCOMING_COMMITMENT})
CONSUMED = frozenset({TRANSACTION_DISBURSEMENT, TRANSACTION_EXPENDITURE})

# BudgetType / BudgetStatus, with the standard's defaults when the attribute is absent (IATI 2.03 guidance,
# activity-standard/iati-activities/iati-activity/budget: "If the @type attribute is omitted, then BudgetType
# code 1 (Original) is assumed. Similarly, if the @status attribute is omitted, then BudgetStatus code 1
# (Indicative) is assumed.")
BUDGET_ORIGINAL, BUDGET_REVISED = "1", "2"
BUDGET_INDICATIVE, BUDGET_COMMITTED = "1", "2"

# ActivityDateType: 1 planned start, 2 actual start, 3 planned end, 4 actual end.
DATE_PLANNED_START, DATE_ACTUAL_START, DATE_PLANNED_END, DATE_ACTUAL_END = "1", "2", "3", "4"

# IndicatorMeasure: 1 unit, 2 percentage, 3 nominal, 4 ordinal, 5 qualitative.
MEASURE_UNIT, MEASURE_PERCENTAGE, MEASURE_NOMINAL, MEASURE_ORDINAL, MEASURE_QUALITATIVE = "1", "2", "3", "4", "5"

# DescriptionType: 1 general, 2 objectives, 3 target groups, 4 other (IATI 2.03 codelist DescriptionType).
DESCRIPTION_GENERAL = "1"

# SectorVocabulary 1 (OECD DAC 5-digit) and RegionVocabulary 1 (OECD DAC) are the defaults when
# @vocabulary is absent (IATI 2.03, sector/@vocabulary and recipient-region/@vocabulary).
DEFAULT_SECTOR_VOCABULARY = "1"
DEFAULT_REGION_VOCABULARY = "1"

# The product's own extension of the activity element (the schema admits attributes of any other namespace):
# which money an exported activity carries, so importing the export back compares it with the same records.
EXTENSION_NAMESPACE = "urn:partnership-dashboard:iati"
EXTENSION_PREFIX = "pd"
MONEY_SOURCE_ATTRIBUTES = ("budget-source", "commitment-source", "spending-source")
# A budget line's own facts that IATI's ``budget`` has no element for (its category and its funder), written by the
# product's export so that a file imported back holds the same lines (other readers ignore them).
BUDGET_ATTRIBUTES = ("category", "funder-ref", "funder-name")
# IndicatorVocabulary 99: "Reporting Organisation" (the publisher's own indicator codes).
REPORTING_ORGANISATION_VOCABULARY = "99"

_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)$")


def parse_decimal(text: str | None) -> Decimal | None:
    """An ``xsd:decimal`` (optional sign, digits, one dot; spaces around allowed), or None when ``text`` is
    not one. No exponent, no thousands separators, no decimal comma: the XML Schema type admits none."""
    if text is None:
        return None
    cleaned = text.strip()
    if not _NUMBER.match(cleaned):
        return None
    try:
        return Decimal(cleaned)
    except InvalidOperation:  # pragma: no cover - the pattern admits only valid decimals
        return None


def decimal_text(value: Decimal) -> str:
    """A decimal as IATI writes it: plain digits, no exponent, no trailing zeros after the dot
    (``Decimal("1979997.00")`` → ``"1979997"``, ``Decimal("815132.150")`` → ``"815132.15"``)."""
    text = format(value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


# ---------------------------------------------------------------------------------------------------------
# Texts and organisations
# ---------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Narrative:
    """One ``narrative``: its text (surrounding white space removed) and language (ISO 639-1, lower case)."""

    text: str
    lang: str | None = None


Text = tuple[Narrative, ...]


def text_in(text: Text, lang: str) -> str | None:
    """The narrative in ``lang`` ("en", "fr"), or None."""
    return next((narrative.text for narrative in text if narrative.lang == lang and narrative.text), None)


def first_text(text: Text, *preferred: str) -> str | None:
    """The narrative in the first of ``preferred`` languages present, else the first non-empty narrative."""
    for lang in preferred:
        found = text_in(text, lang)
        if found:
            return found
    return next((narrative.text for narrative in text if narrative.text), None)


@dataclass(frozen=True)
class OrgRef:
    """An organisation as an activity names it (reporting-org, participating-org, provider-org,
    receiver-org): its IATI organisation identifier (``@ref``, "{RegistrationAgency}-{RegistrationNumber}",
    e.g. ``CA-3``, ``XM-DAC-41114``), its OrganisationType code (``@type``) and its name in each language."""

    ref: str | None = None
    type: str | None = None
    name: Text = ()
    activity_id: str | None = None  # the organisation's own activity (@activity-id, @provider-activity-id...)


@dataclass(frozen=True)
class ReportingOrg(OrgRef):
    secondary_reporter: bool | None = None


@dataclass(frozen=True)
class ParticipatingOrg(OrgRef):
    """``participating-org``: ``role`` is an OrganisationRole code (1 funding, 2 accountable, 3 extending,
    4 implementing)."""

    role: str = ""


# ---------------------------------------------------------------------------------------------------------
# Money
# ---------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Money:
    """``value``: the amount as written, its currency (resolved against ``@default-currency``; None when
    neither says) and ``@value-date``, the date whose exchange rate converts it (IATI 2.03, value/@value-date:
    "The date to be used for determining the exchange rate for currency conversions")."""

    amount: Decimal
    currency: str | None
    value_date: dt.date | None


@dataclass(frozen=True)
class Budget:
    """``budget``: type (1 original, 2 revised) and status (1 indicative, 2 committed), standard defaults
    applied; the period it covers (at most a year by the standard's rules); its value."""

    type: str
    status: str
    period_start: dt.date
    period_end: dt.date
    value: Money
    line: int | None = field(default=None, compare=False)
    # The product's extension attributes (``BUDGET_ATTRIBUTES``): (name, value) pairs, in that order.
    extension: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class PlannedDisbursement:
    """``planned-disbursement``: a planned cash transfer for a date or period (``type`` is a BudgetType code
    when given), from a provider to a receiver."""

    type: str | None
    period_start: dt.date
    period_end: dt.date | None
    value: Money
    provider: OrgRef | None = None
    receiver: OrgRef | None = None
    line: int | None = field(default=None, compare=False)


@dataclass(frozen=True)
class Sector:
    """``sector``: a code of ``vocabulary`` (default 1, OECD DAC 5-digit) with its share of the activity in
    per cent (None when not given: a single sector is 100 %)."""

    code: str
    vocabulary: str = DEFAULT_SECTOR_VOCABULARY
    vocabulary_uri: str | None = None
    percentage: Decimal | None = None
    name: Text = ()


@dataclass(frozen=True)
class RecipientCountry:
    """``recipient-country``: an ISO 3166-1 alpha-2 code (the Country codelist) and its share in per cent."""

    code: str
    percentage: Decimal | None = None
    name: Text = ()


@dataclass(frozen=True)
class RecipientRegion:
    """``recipient-region``: a code of ``vocabulary`` (default 1, OECD DAC regions) and its share in %."""

    code: str
    vocabulary: str = DEFAULT_REGION_VOCABULARY
    vocabulary_uri: str | None = None
    percentage: Decimal | None = None
    name: Text = ()


@dataclass(frozen=True)
class Transaction:
    """``transaction`` of any TransactionType: ``ref`` is the publisher's own reference (optional, any
    length: the standard types it ``xsd:string``); ``value.value_date`` is the conversion date."""

    type: str
    date: dt.date
    value: Money
    ref: str | None = None
    description: Text = ()
    provider: OrgRef | None = None
    receiver: OrgRef | None = None
    humanitarian: bool | None = None
    sectors: tuple[Sector, ...] = ()
    recipient_country: RecipientCountry | None = None
    recipient_region: RecipientRegion | None = None
    line: int | None = field(default=None, compare=False)

    @property
    def is_money_received(self) -> bool:
        return self.type in MONEY_RECEIVED

    @property
    def is_consumption(self) -> bool:
        return self.type in CONSUMED


# ---------------------------------------------------------------------------------------------------------
# Places
# ---------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Location:
    """``location``: the publisher's reference, name, description, gazetteer identifiers
    (``location-id``: (vocabulary, code), e.g. ("G1", "1562822") for GeoNames), the point (WGS 84 latitude and
    longitude in decimal degrees, from ``point/pos`` "lat lon") and its GeographicExactness code."""

    ref: str | None = None
    name: Text = ()
    description: Text = ()
    location_ids: tuple[tuple[str, str], ...] = ()
    latitude: Decimal | None = None
    longitude: Decimal | None = None
    exactness: str | None = None


# ---------------------------------------------------------------------------------------------------------
# Results
# ---------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PeriodValue:
    """A ``target`` or ``actual`` of a result period (or an indicator's ``baseline`` value): the value as
    written (text; None when absent, as for qualitative measures) and its comment."""

    value: str | None = None
    comment: Text = ()

    @property
    def number(self) -> Decimal | None:
        """The value as a number when it is one ("12.5"), else None ("As at appraisal")."""
        return parse_decimal(self.value)


@dataclass(frozen=True)
class Baseline:
    """``baseline``: the year (required by 2.03), optional date, value and comment."""

    year: int | None = None
    iso_date: dt.date | None = None
    value: str | None = None
    comment: Text = ()

    @property
    def number(self) -> Decimal | None:
        return parse_decimal(self.value)


@dataclass(frozen=True)
class ResultPeriod:
    """``period`` of an indicator: its dates and the targets and actuals reported for it."""

    period_start: dt.date
    period_end: dt.date
    targets: tuple[PeriodValue, ...] = ()
    actuals: tuple[PeriodValue, ...] = ()


@dataclass(frozen=True)
class ResultIndicator:
    """``indicator``: measure (IndicatorMeasure 1 unit, 2 percentage, 3 nominal, 4 ordinal, 5 qualitative),
    whether higher is better (``@ascending``, default true by the standard), title, description, baselines and
    periods."""

    measure: str
    title: Text = ()
    description: Text = ()
    ascending: bool | None = None
    aggregation_status: bool | None = None
    baselines: tuple[Baseline, ...] = ()
    periods: tuple[ResultPeriod, ...] = ()
    reference_code: str | None = None  # the publisher's own code (reference of IndicatorVocabulary 99)


@dataclass(frozen=True)
class Result:
    """``result``: ResultType (1 output, 2 outcome, 3 impact, 9 other), title, description, indicators."""

    type: str
    title: Text = ()
    description: Text = ()
    aggregation_status: bool | None = None
    indicators: tuple[ResultIndicator, ...] = ()


# ---------------------------------------------------------------------------------------------------------
# The activity
# ---------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Description:
    """``description`` of a DescriptionType (1 general, 2 objectives, 3 target groups, 4 other)."""

    type: str
    text: Text


@dataclass(frozen=True)
class ActivityDate:
    """``activity-date`` of an ActivityDateType (1 planned start, 2 actual start, 3 planned end, 4 actual
    end)."""

    type: str
    iso_date: dt.date
    narrative: Text = ()


@dataclass(frozen=True)
class Activity:
    """One ``iati-activity`` as the product keeps it.

    ``unmapped`` counts, by element or attribute path relative to the activity, what the file holds and the
    product has no place for, as sorted (path, count) pairs: ``(("policy-marker", 6), ("transaction/flow-type",
    13))``. ``line`` is where the activity starts in the file.
    """

    identifier: str
    reporting_org: ReportingOrg | None
    title: Text
    descriptions: tuple[Description, ...] = ()
    status: str | None = None
    dates: tuple[ActivityDate, ...] = ()
    participating_orgs: tuple[ParticipatingOrg, ...] = ()
    recipient_countries: tuple[RecipientCountry, ...] = ()
    recipient_regions: tuple[RecipientRegion, ...] = ()
    locations: tuple[Location, ...] = ()
    sectors: tuple[Sector, ...] = ()
    budgets: tuple[Budget, ...] = ()
    planned_disbursements: tuple[PlannedDisbursement, ...] = ()
    transactions: tuple[Transaction, ...] = ()
    results: tuple[Result, ...] = ()
    default_currency: str | None = None
    default_lang: str | None = None
    humanitarian: bool | None = None
    hierarchy: int | None = None
    last_updated: dt.datetime | None = None
    # (attribute, source) of the product's extension: e.g. (("budget-source", "local"),) in its own export.
    money_sources: tuple[tuple[str, str], ...] = ()
    unmapped: tuple[tuple[str, int], ...] = field(default=(), compare=False)
    line: int | None = field(default=None, compare=False)

    def date(self, date_type: str) -> dt.date | None:
        """The activity date of ``date_type`` (the first one given)."""
        return next((item.iso_date for item in self.dates if item.type == date_type), None)

    def description(self, description_type: str = DESCRIPTION_GENERAL) -> Text:
        """The narratives of the description of ``description_type`` (several descriptions of one type are
        joined in the order of the file)."""
        return tuple(narrative for item in self.descriptions if item.type == description_type
                     for narrative in item.text)

    @property
    def currencies(self) -> frozenset[str]:
        """Every currency the activity's money is written in."""
        values = [*(item.value for item in self.budgets), *(item.value for item in self.planned_disbursements),
                  *(item.value for item in self.transactions)]
        return frozenset(value.currency for value in values if value.currency)
