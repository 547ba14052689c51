"""How an IATI activity maps onto the portfolio's records, and back: pure functions and tables.

``activity_to_project`` turns an ``Activity`` into a ``ProjectImage``: the project, its partners (identified by
their IATI organisation identifier), roles, budget lines, planned disbursements, transactions, places, sectors
and result indicators, in the product's own vocabulary (``dashboard.models`` enums) and units. Whatever the
product has no place for is counted in ``ProjectImage.unmapped`` with the reader's own counts, so the upload
preview can list it by element and count. ``project_to_activity`` is the way back, for the export; for any
image made from an activity, ``activity_to_project(project_to_activity(image)) == image`` (tested on the real
files), which is what makes export → import → export give the same file.

The tables below are the mapping rules; each cites the IATI 2.03 codelist it reads. The product's vocabulary
adds, for IATI: organisation types ``other_public_sector`` (15), ``public_private_partnership`` (30),
``other`` (90) and ``unknown`` (no type given: a partner type is not required to import); transaction kinds
for every TransactionType (incoming funds and commitments are money received, never consumption: the product's
consumed stays disbursements + expenditures); measures ``nominal`` and ``ordinal``; the result level
``other`` (ResultType 9).
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache

import pycountry

from dashboard.core.text import fold
from dashboard.standards.iati import model as m

# ---------------------------------------------------------------------------------------------------------
# Tables (IATI code -> product value); the way back is the inverse unless said otherwise
# ---------------------------------------------------------------------------------------------------------

UNKNOWN_TYPE = "unknown"

# OrganisationType (IATI-Codelists-NonEmbedded, shipped). Several IATI codes share one product type; the
# partner keeps its IATI code (``iati_type``) so the export writes back the code it came with.
ORGANISATION_TYPES: dict[str, str] = {
    "10": "national_government",  # Government
    "11": "local_authority",  # Local Government
    "15": "other_public_sector",  # Other Public Sector
    "21": "ngo",  # International NGO
    "22": "ngo",  # National NGO
    "23": "ngo",  # Regional NGO
    "24": "ngo",  # Partner Country based NGO
    "30": "public_private_partnership",  # Public Private Partnership
    "40": "multilateral",  # Multilateral
    "60": "foundation",  # Foundation
    "70": "private_sector",  # Private Sector
    "71": "private_sector",  # Private Sector in Provider Country
    "72": "private_sector",  # Private Sector in Aid Recipient Country
    "73": "private_sector",  # Private Sector in Third Country
    "80": "academic",  # Academic, Training and Research
    "90": "other",  # Other
}
# A product type without a stored IATI code is written as this code; None: no type attribute at all.
ORGANISATION_TYPE_CODES: dict[str, str | None] = {
    "national_government": "10", "local_authority": "11", "other_public_sector": "15", "ngo": "22",
    "public_private_partnership": "30", "multilateral": "40", "foundation": "60", "private_sector": "70",
    "academic": "80", "other": "90", UNKNOWN_TYPE: None,
    # Product types the codelist has no code of its own for.
    "regional_organisation": "40",  # intergovernmental regional bodies (SPC, SPREP) are multilateral
    "bilateral_agency": "10",  # a government's development agency
    "community": "90",
}

# OrganisationRole (embedded 2.03): the product's RoleKind values are the same four roles.
ROLES: dict[str, str] = {"1": "funding", "2": "accountable", "3": "extending", "4": "implementing"}

# ActivityStatus (embedded 2.03) -> ProjectStatus.
STATUSES: dict[str, str] = {"1": "pipeline", "2": "implementation", "3": "finalisation", "4": "closed",
                            "5": "cancelled", "6": "suspended"}

# BudgetType / BudgetStatus (embedded 2.03) -> BudgetType / BudgetStatus.
BUDGET_TYPES: dict[str, str] = {m.BUDGET_ORIGINAL: "original", m.BUDGET_REVISED: "revised"}
BUDGET_STATUSES: dict[str, str] = {m.BUDGET_INDICATIVE: "indicative", m.BUDGET_COMMITTED: "committed"}

# TransactionType (embedded 2.03) -> the product's spending kind. Only disbursements and expenditure are
# consumption; commitments are shown apart; every other kind is kept with its meaning and added into nothing.
TRANSACTION_KINDS: dict[str, str] = {
    "1": "incoming_funds",
    "2": "commitment",
    "3": "disbursement",
    "4": "expenditure",
    "5": "interest_payment",
    "6": "loan_repayment",
    "7": "reimbursement",
    "8": "purchase_of_equity",
    "9": "sale_of_equity",
    "10": "credit_guarantee",
    "11": "incoming_commitment",
    "12": "outgoing_pledge",
    "13": "incoming_pledge",
}
MONEY_RECEIVED_KINDS = frozenset({"incoming_funds", "incoming_commitment"})

# IndicatorMeasure (non-embedded) -> Measure.
MEASURES: dict[str, str] = {"1": "number", "2": "percentage", "3": "nominal", "4": "ordinal", "5": "qualitative"}
# The product's measures IATI has no code of their own for: a ratio and an index are IATI units ("1").
EXTRA_MEASURES: dict[str, str] = {"ratio": "1", "index": "1"}
# ResultType (non-embedded) -> ResultLevel.
RESULT_LEVELS: dict[str, str] = {"1": "output", "2": "outcome", "3": "impact", "9": "other"}

# The code an indicator without a code of its own gets from its place in the file: R{result}.{indicator}.
POSITION_CODE = re.compile(r"^R\d+\.\d+$")

ACTIVITY_DATES = {"planned_start": m.DATE_PLANNED_START, "actual_start": m.DATE_ACTUAL_START,
                  "planned_end": m.DATE_PLANNED_END, "actual_end": m.DATE_ACTUAL_END}


def _inverse(table: dict[str, str]) -> dict[str, str]:
    inverse: dict[str, str] = {}
    for code, value in table.items():
        inverse.setdefault(value, code)
    return inverse


def organisation_type(code: str | None) -> str:
    """The product's type for an OrganisationType code: ``unknown`` when absent or not in the codelist (the
    code is still kept on the partner)."""
    return ORGANISATION_TYPES.get(code or "", UNKNOWN_TYPE)


def ref_key(ref: str) -> str:
    """How organisation identifiers are compared: letters and digits only, upper case. Publishers write the
    same identifier with and without its dashes ("DK-CVR-31378028", "DKCVR31378028")."""
    return re.sub(r"[^0-9A-Za-z]", "", ref).upper()


@cache
def _alpha3() -> dict[str, str]:
    return {country.alpha_2: country.alpha_3 for country in pycountry.countries}


@cache
def _alpha2() -> dict[str, str]:
    return {country.alpha_3: country.alpha_2 for country in pycountry.countries}


# ---------------------------------------------------------------------------------------------------------
# The image of a project, in the product's vocabulary
# ---------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PartnerImage:
    """A partner as an activity names it: ``iati_ref`` is its IATI organisation identifier (the first
    matching key), ``name`` its name (English, else French, else the first given), ``type`` the product's
    type and ``iati_type`` the OrganisationType code as given."""

    name: str | None
    iati_ref: str | None = None
    type: str = UNKNOWN_TYPE
    iati_type: str | None = None

    @property
    def key(self) -> str:
        """How the partner is told apart within one file: its identifier, else its folded name."""
        return f"ref:{ref_key(self.iati_ref)}" if self.iati_ref else f"name:{fold(self.name or '')}"


@dataclass(frozen=True)
class RoleImage:
    partner: PartnerImage
    role: str  # RoleKind


@dataclass(frozen=True)
class BudgetImage:
    """A budget line: amount in ``currency``, converted at the rate of ``value_date``."""

    period_start: dt.date
    period_end: dt.date
    amount: Decimal
    currency: str
    value_date: dt.date | None
    budget_type: str  # BudgetType
    status: str  # BudgetStatus
    # What IATI's budget cannot say, carried by the product's own export (``m.BUDGET_ATTRIBUTES``).
    category: str | None = None
    funder: PartnerImage | None = None


@dataclass(frozen=True)
class PlannedDisbursementImage:
    period_start: dt.date
    period_end: dt.date | None
    amount: Decimal
    currency: str
    value_date: dt.date | None
    budget_type: str | None
    provider: PartnerImage | None = None
    receiver: PartnerImage | None = None


@dataclass(frozen=True)
class SpendingImage:
    """A transaction: ``kind`` a product spending kind (``TRANSACTION_KINDS``), ``reference`` the publisher's
    own (None when the file gives none), ``sequence`` its rank among the activity's transactions of the same
    kind, date and reference, so two identical-looking transactions stay two."""

    kind: str
    date: dt.date
    amount: Decimal
    currency: str
    value_date: dt.date | None
    reference: str | None = None
    sequence: int = 1
    description: str | None = None
    provider: PartnerImage | None = None
    receiver: PartnerImage | None = None

    @property
    def is_consumption(self) -> bool:
        return self.kind in ("disbursement", "expenditure")

    @property
    def is_money_received(self) -> bool:
        return self.kind in MONEY_RECEIVED_KINDS


@dataclass(frozen=True)
class ShareImage:
    """A recipient country (ISO alpha-3 ``code``), region or sector (``vocabulary`` + ``code``) and its share
    of the activity in per cent (None: not given)."""

    code: str
    share: Decimal | None = None
    vocabulary: str | None = None
    vocabulary_uri: str | None = None
    name: str | None = None


@dataclass(frozen=True)
class LocationImage:
    """A place: its name (English or first; else its gazetteer id), WGS 84 coordinates in decimal degrees."""

    name: str
    description: str | None = None
    latitude: Decimal | None = None
    longitude: Decimal | None = None
    iati_ref: str | None = None
    exactness: str | None = None
    gazetteer: tuple[tuple[str, str], ...] = ()  # (vocabulary, code) of location-id
    named_by_file: bool = True


@dataclass(frozen=True)
class IndicatorValueImage:
    """One result period: numeric target/actual, or their text when not numbers (qualitative values)."""

    period_start: dt.date
    period_end: dt.date
    target: Decimal | None = None
    actual: Decimal | None = None
    target_text: str | None = None
    actual_text: str | None = None
    note: str | None = None


@dataclass(frozen=True)
class IndicatorImage:
    """A result indicator. ``code`` is ``R{result}.{indicator}`` (positions in the file, 1-based): IATI gives
    indicators no code, and a publisher's updated file keeps its results in order."""

    code: str
    name: str
    name_fr: str | None
    result_level: str  # ResultLevel
    result_title: str | None
    result_title_fr: str | None
    measure: str  # Measure; "" when the file gives none
    direction: str  # Direction
    description: str | None = None
    description_fr: str | None = None
    result_description: str | None = None
    result_description_fr: str | None = None
    baseline_value: Decimal | None = None
    baseline_text: str | None = None
    baseline_date: dt.date | None = None
    baseline_note: str | None = None
    values: tuple[IndicatorValueImage, ...] = ()


@dataclass(frozen=True)
class ProjectImage:
    """What the product stores for one activity. ``code`` is the IATI identifier; ``title`` the title in
    English (or the only language given), ``title_fr`` in French; the same for descriptions."""

    code: str
    title: str
    title_fr: str | None
    description: str | None
    description_fr: str | None
    status: str | None  # ProjectStatus
    planned_start: dt.date | None
    planned_end: dt.date | None
    actual_start: dt.date | None
    actual_end: dt.date | None
    currency: str | None
    reporting_org: PartnerImage | None
    roles: tuple[RoleImage, ...] = ()
    budgets: tuple[BudgetImage, ...] = ()
    planned_disbursements: tuple[PlannedDisbursementImage, ...] = ()
    spending: tuple[SpendingImage, ...] = ()
    countries: tuple[ShareImage, ...] = ()
    regions: tuple[ShareImage, ...] = ()
    sectors: tuple[ShareImage, ...] = ()
    locations: tuple[LocationImage, ...] = ()
    indicators: tuple[IndicatorImage, ...] = ()
    # Which money the activity carries per kind ("budget-source": "local"...), when the file says (the
    # product's own export); kinds not named carry IATI money.
    money_sources: tuple[tuple[str, str], ...] = ()
    unmapped: tuple[tuple[str, int], ...] = field(default=(), compare=False)

    @property
    def partners(self) -> tuple[PartnerImage, ...]:
        """Every partner the activity names (reporting, participating, providers and receivers), each once
        by ``PartnerImage.key``, the first mention winning."""
        seen: dict[str, PartnerImage] = {}
        candidates = [self.reporting_org, *(role.partner for role in self.roles)]
        for planned in self.planned_disbursements:
            candidates += [planned.provider, planned.receiver]
        for spending in self.spending:
            candidates += [spending.provider, spending.receiver]
        for partner in candidates:
            if partner is not None and (partner.iati_ref or partner.name):
                seen.setdefault(partner.key, partner)
        return tuple(seen.values())


# ---------------------------------------------------------------------------------------------------------
# Activity -> image
# ---------------------------------------------------------------------------------------------------------


class _Mapper:
    def __init__(self, activity: m.Activity) -> None:
        self.activity = activity
        self.unmapped: Counter[str] = Counter(dict(activity.unmapped))

    def texts(self, text: m.Text, path: str) -> tuple[str | None, str | None]:
        """(main, French): main is the English narrative, else the first in another language, else the French
        one; narratives in other languages beside English are counted as unmapped."""
        english, french = m.text_in(text, "en"), m.text_in(text, "fr")
        main = english
        used: set[str | None] = {"en", "fr"}
        if main is None:
            other = next((item for item in text if item.lang not in ("en", "fr") and item.text), None)
            if other is not None:
                main = other.text
                used.add(other.lang)
            else:
                main = french
        seen: Counter[str] = Counter()
        for item in text:
            seen[item.lang or ""] += 1
            if item.lang not in used or seen[item.lang or ""] > 1:
                self.unmapped[f"{path}/narrative[@xml:lang={item.lang or '?'}]"] += 1
        return main, french

    def name(self, text: m.Text, path: str) -> str | None:
        main, french = self.texts(text, path)
        if main is not None and french is not None and main != french:
            self.unmapped[f"{path}/narrative[@xml:lang=fr]"] += 1  # partners have one name: the English one
        return main or french

    def partner(self, org: m.OrgRef | None, path: str) -> PartnerImage | None:
        if org is None:
            return None
        name = self.name(org.name, path)
        if org.ref is None and name is None:
            self.unmapped[path] += 1
            return None
        return PartnerImage(name, org.ref, organisation_type(org.type), org.type)

    def money(self, value: m.Money) -> tuple[Decimal, str, dt.date | None]:
        return value.amount, value.currency or "", value.value_date


def activity_to_project(activity: m.Activity) -> ProjectImage:
    """The product's image of ``activity`` (see the module's docstring)."""
    mapper = _Mapper(activity)
    unmapped = mapper.unmapped
    title, title_fr = mapper.texts(activity.title, "title")
    general = [item for item in activity.descriptions if item.type == m.DESCRIPTION_GENERAL]
    chosen = general[0] if general else (activity.descriptions[0] if activity.descriptions else None)
    for item in activity.descriptions:
        if item is not chosen:
            unmapped[f"description[@type={item.type}]"] += 1
    description, description_fr = mapper.texts(chosen.text, "description") if chosen else (None, None)
    dates = {name: activity.date(code) for name, code in ACTIVITY_DATES.items()}
    for date in activity.dates:
        if date.narrative:
            unmapped["activity-date/narrative"] += len(date.narrative)
    for kind in ACTIVITY_DATES.values():
        extra = sum(1 for item in activity.dates if item.type == kind) - 1
        if extra > 0:
            unmapped[f"activity-date[@type={kind}]"] += extra
    roles = []
    for org in activity.participating_orgs:
        partner = mapper.partner(org, "participating-org")
        role = ROLES.get(org.role)
        if partner is None:
            continue  # counted by mapper.partner
        if role is None:
            unmapped[f"participating-org[@role={org.role}]"] += 1
            continue
        if org.activity_id:
            unmapped["participating-org/@activity-id"] += 1
        roles.append(RoleImage(partner, role))
    reporting = mapper.partner(activity.reporting_org, "reporting-org") if activity.reporting_org else None
    budgets = []
    for budget in activity.budgets:
        amount, currency, value_date = mapper.money(budget.value)
        extension = dict(budget.extension)
        budgets.append(BudgetImage(budget.period_start, budget.period_end, amount, currency, value_date,
                                   BUDGET_TYPES.get(budget.type, "original"),
                                   BUDGET_STATUSES.get(budget.status, "indicative"), extension.get("category"),
                                   _funder(extension.get("funder-ref"), extension.get("funder-name"), roles)))
        if budget.type not in BUDGET_TYPES:
            unmapped[f"budget[@type={budget.type}]"] += 1
    planned = []
    for disbursement in activity.planned_disbursements:
        amount, currency, value_date = mapper.money(disbursement.value)
        for party, path in ((disbursement.provider, "planned-disbursement/provider-org/@provider-activity-id"),
                            (disbursement.receiver, "planned-disbursement/receiver-org/@receiver-activity-id")):
            if party is not None and party.activity_id:
                unmapped[path] += 1
        planned.append(PlannedDisbursementImage(
            disbursement.period_start, disbursement.period_end, amount, currency, value_date,
            BUDGET_TYPES.get(disbursement.type) if disbursement.type else None,
            mapper.partner(disbursement.provider, "planned-disbursement/provider-org"),
            mapper.partner(disbursement.receiver, "planned-disbursement/receiver-org")))
    spending = []
    sequence: Counter[tuple[str, dt.date, str | None]] = Counter()
    for transaction in activity.transactions:
        kind = TRANSACTION_KINDS[transaction.type]
        sequence[(kind, transaction.date, transaction.ref)] += 1
        amount, currency, value_date = mapper.money(transaction.value)
        description_text, _french = mapper.texts(transaction.description, "transaction/description")
        if _french is not None and description_text != _french:
            unmapped["transaction/description/narrative[@xml:lang=fr]"] += 1
        # A transaction's own sector, country, region and humanitarian flag have no place (the project's do).
        unmapped.update({"transaction/sector": len(transaction.sectors),
                         "transaction/recipient-country": int(transaction.recipient_country is not None),
                         "transaction/recipient-region": int(transaction.recipient_region is not None),
                         "transaction/@humanitarian": int(transaction.humanitarian is not None)})
        for party, path in ((transaction.provider, "transaction/provider-org/@provider-activity-id"),
                            (transaction.receiver, "transaction/receiver-org/@receiver-activity-id")):
            if party is not None and party.activity_id:
                unmapped[path] += 1
        spending.append(SpendingImage(
            kind, transaction.date, amount, currency, value_date, transaction.ref,
            sequence[(kind, transaction.date, transaction.ref)], description_text,
            mapper.partner(transaction.provider, "transaction/provider-org"),
            mapper.partner(transaction.receiver, "transaction/receiver-org")))
    countries = []
    for country in activity.recipient_countries:
        code = _alpha3().get(country.code)
        if code is None:
            unmapped[f"recipient-country[@code={country.code}]"] += 1
            continue
        countries.append(ShareImage(code, country.percentage))
        if country.name:
            unmapped["recipient-country/narrative"] += len(country.name)
    regions = [ShareImage(region.code, region.percentage, region.vocabulary, region.vocabulary_uri,
                          mapper.name(region.name, "recipient-region")) for region in activity.recipient_regions]
    sectors = [ShareImage(sector.code, sector.percentage, sector.vocabulary, sector.vocabulary_uri,
                          mapper.name(sector.name, "sector")) for sector in activity.sectors]
    locations = [_location(mapper, location, index) for index, location in enumerate(activity.locations, start=1)]
    indicators = [_indicator(mapper, result, indicator, result_index, indicator_index)
                  for result_index, result in enumerate(activity.results, start=1)
                  for indicator_index, indicator in enumerate(result.indicators, start=1)]
    for result in activity.results:
        if not result.indicators:
            unmapped["result (without indicator)"] += 1
        if result.aggregation_status is not None:
            unmapped["result/@aggregation-status"] += 1
        for indicator in result.indicators:
            if indicator.aggregation_status is not None:
                unmapped["result/indicator/@aggregation-status"] += 1
    for attribute, given in (("@humanitarian", activity.humanitarian), ("@hierarchy", activity.hierarchy),
                             ("@last-updated-datetime", activity.last_updated)):
        if given is not None:
            unmapped[attribute] += 1
    currencies = Counter(value for value in (
        *(item.value.currency for item in activity.budgets), *(item.value.currency for item in activity.transactions))
        if value)
    project_currency = activity.default_currency or (currencies.most_common(1)[0][0] if currencies else None)
    return ProjectImage(
        code=activity.identifier,
        title=title or title_fr or activity.identifier,
        title_fr=title_fr,
        description=description,
        description_fr=description_fr,
        status=STATUSES.get(activity.status or ""),
        planned_start=dates["planned_start"], planned_end=dates["planned_end"],
        actual_start=dates["actual_start"], actual_end=dates["actual_end"],
        currency=project_currency,
        reporting_org=reporting,
        roles=tuple(roles),
        budgets=tuple(budgets),
        planned_disbursements=tuple(planned),
        spending=tuple(spending),
        countries=tuple(countries),
        regions=tuple(regions),
        sectors=tuple(sectors),
        locations=tuple(locations),
        indicators=tuple(indicators),
        money_sources=activity.money_sources,
        unmapped=tuple(sorted((path, count) for path, count in unmapped.items() if count)),
    )


def _location(mapper: _Mapper, location: m.Location, index: int) -> LocationImage:
    name = mapper.name(location.name, "location/name")
    description = mapper.name(location.description, "location/description")
    named = name is not None
    if name is None:
        # A place the file names only by its gazetteer id (GeoNames "G1") or its reference: shown by that.
        name = (" ".join(location.location_ids[0]) if location.location_ids else location.ref) or f"#{index}"
    return LocationImage(name, description, location.latitude, location.longitude, location.ref,
                         location.exactness, location.location_ids, named)


def _value(items: tuple[m.PeriodValue, ...], mapper: _Mapper, path: str
           ) -> tuple[Decimal | None, str | None, str | None]:
    """(number, text, comment) of the first target or actual of a period; the others are counted."""
    if not items:
        return None, None, None
    if len(items) > 1:
        mapper.unmapped[f"{path} (more than one)"] += len(items) - 1
    first = items[0]
    number = first.number
    comment, _fr = mapper.texts(first.comment, f"{path}/comment")
    return number, (first.value if number is None else None), comment


def _indicator(mapper: _Mapper, result: m.Result, indicator: m.ResultIndicator, result_index: int,
               indicator_index: int) -> IndicatorImage:
    base = "result/indicator"
    name, name_fr = mapper.texts(indicator.title, f"{base}/title")
    description, description_fr = mapper.texts(indicator.description, f"{base}/description")
    result_title, result_title_fr = (None, None)
    result_description, result_description_fr = (None, None)
    if indicator_index == 1:  # a result's own texts are counted once, on its first indicator
        result_title, result_title_fr = mapper.texts(result.title, "result/title")
        result_description, result_description_fr = mapper.texts(result.description, "result/description")
    else:
        result_title, result_title_fr = m.text_in(result.title, "en") or m.first_text(result.title), \
            m.text_in(result.title, "fr")
        result_description = m.text_in(result.description, "en") or m.first_text(result.description)
        result_description_fr = m.text_in(result.description, "fr")
    baseline_value = baseline_text = baseline_note = None
    baseline_date = None
    if indicator.baselines:
        if len(indicator.baselines) > 1:
            mapper.unmapped[f"{base}/baseline (more than one)"] += len(indicator.baselines) - 1
        baseline = indicator.baselines[0]
        baseline_value = baseline.number
        baseline_text = baseline.value if baseline_value is None else None
        # The product keeps a baseline's date; a year alone (the standard requires only the year) has no place.
        baseline_date = baseline.iso_date
        if baseline.iso_date is None and baseline.year is not None:
            mapper.unmapped[f"{base}/baseline/@year"] += 1
        baseline_note, _fr = mapper.texts(baseline.comment, f"{base}/baseline/comment")
    values = []
    for period in indicator.periods:
        target, target_text, target_note = _value(period.targets, mapper, f"{base}/period/target")
        actual, actual_text, actual_note = _value(period.actuals, mapper, f"{base}/period/actual")
        if target_note is not None and actual_note is not None:
            mapper.unmapped[f"{base}/period/target/comment"] += 1  # one note per period: the actual's
        values.append(IndicatorValueImage(period.period_start, period.period_end, target, actual, target_text,
                                          actual_text, actual_note or target_note))
    return IndicatorImage(
        code=indicator.reference_code or f"R{result_index}.{indicator_index}",
        name=name or name_fr or (result_title or f"R{result_index}.{indicator_index}"),
        name_fr=name_fr,
        result_level=RESULT_LEVELS.get(result.type, "other"),
        result_title=result_title,
        result_title_fr=result_title_fr,
        measure=MEASURES.get(indicator.measure, ""),
        direction="lower_is_better" if indicator.ascending is False else "higher_is_better",
        description=description,
        description_fr=description_fr,
        result_description=result_description,
        result_description_fr=result_description_fr,
        baseline_value=baseline_value,
        baseline_text=baseline_text,
        baseline_date=baseline_date,
        baseline_note=baseline_note,
        values=tuple(values),
    )


# ---------------------------------------------------------------------------------------------------------
# Image -> activity (the export)
# ---------------------------------------------------------------------------------------------------------


def _text(main: str | None, french: str | None) -> m.Text:
    """Narratives for a main (English) text and a French one; a main text equal to the French one is the
    French text alone (a French-only title is not written as English)."""
    narratives = []
    if main and main != french:
        narratives.append(m.Narrative(main, "en"))
    if french:
        narratives.append(m.Narrative(french, "fr"))
    return tuple(narratives)


def _funder(ref: str | None, name: str | None, roles: list[RoleImage]) -> PartnerImage | None:
    """The funder a budget's extension names: the participating organisation with that identifier (else that
    name), so it is found with its type; else a partner of that identifier and name."""
    if ref is None and name is None:
        return None
    wanted = PartnerImage(name, ref)
    return next((role.partner for role in roles if role.partner.key == wanted.key), wanted)


def _budget_extension(image: BudgetImage) -> tuple[tuple[str, str], ...]:
    """The extension attributes (``m.BUDGET_ATTRIBUTES``) that carry a budget line's category and funder."""
    funder = image.funder
    values = {"category": image.category, "funder-ref": funder.iati_ref if funder else None,
              "funder-name": funder.name if funder else None}
    return tuple((name, str(value)) for name in m.BUDGET_ATTRIBUTES if (value := values[name]))


def _org(partner: PartnerImage | None) -> m.OrgRef | None:
    if partner is None:
        return None
    return m.OrgRef(partner.iati_ref, partner_type_code(partner), _text(partner.name, None))


def partner_type_code(partner: PartnerImage) -> str | None:
    """The OrganisationType code to write: the one the partner came with, else the product type's."""
    if partner.iati_type:
        return partner.iati_type
    return ORGANISATION_TYPE_CODES.get(partner.type)


def project_to_activity(image: ProjectImage, *, default_lang: str | None = None) -> m.Activity:
    """The IATI activity of a project image (the export)."""
    statuses, roles = _inverse(STATUSES), _inverse(ROLES)
    budget_types, budget_statuses = _inverse(BUDGET_TYPES), _inverse(BUDGET_STATUSES)
    kinds, measures, levels = _inverse(TRANSACTION_KINDS), _inverse(MEASURES), _inverse(RESULT_LEVELS)
    dates = tuple(m.ActivityDate(code, value) for name, code in sorted(ACTIVITY_DATES.items(), key=lambda i: i[1])
                  if (value := getattr(image, name)) is not None)
    description = _text(image.description, image.description_fr)
    reporting = image.reporting_org
    results: list[m.Result] = []
    grouped: dict[str, list[IndicatorImage]] = {}
    for indicator in image.indicators:
        grouped.setdefault(indicator.code.split(".")[0], []).append(indicator)
    for indicators in grouped.values():
        first = indicators[0]
        results.append(m.Result(
            levels.get(first.result_level, "9"), _text(first.result_title, first.result_title_fr),
            _text(first.result_description, first.result_description_fr), None,
            tuple(_result_indicator(indicator, measures) for indicator in indicators)))
    return m.Activity(
        identifier=image.code,
        reporting_org=m.ReportingOrg(reporting.iati_ref, partner_type_code(reporting), _text(reporting.name, None))
        if reporting is not None else None,
        title=_text(image.title, image.title_fr),
        descriptions=(m.Description(m.DESCRIPTION_GENERAL, description),) if description else (),
        status=statuses.get(image.status or ""),
        dates=dates,
        participating_orgs=tuple(
            m.ParticipatingOrg(role.partner.iati_ref, partner_type_code(role.partner), _text(role.partner.name, None),
                               None, roles[role.role]) for role in image.roles),
        recipient_countries=tuple(m.RecipientCountry(_alpha2()[item.code], item.share) for item in image.countries
                                  if item.code in _alpha2()),
        recipient_regions=tuple(m.RecipientRegion(item.code, item.vocabulary or m.DEFAULT_REGION_VOCABULARY,
                                                  item.vocabulary_uri, item.share, _text(item.name, None))
                                for item in image.regions),
        locations=tuple(m.Location(item.iati_ref, _text(item.name, None) if item.named_by_file else (),
                                   _text(item.description, None), item.gazetteer, item.latitude, item.longitude,
                                   item.exactness) for item in image.locations),
        sectors=tuple(m.Sector(item.code, item.vocabulary or m.DEFAULT_SECTOR_VOCABULARY, item.vocabulary_uri,
                               item.share, _text(item.name, None)) for item in image.sectors),
        budgets=tuple(m.Budget(budget_types[item.budget_type], budget_statuses[item.status], item.period_start,
                               item.period_end, m.Money(item.amount, item.currency, item.value_date),
                               extension=_budget_extension(item))
                      for item in image.budgets),
        planned_disbursements=tuple(
            m.PlannedDisbursement(budget_types.get(item.budget_type or ""), item.period_start, item.period_end,
                                  m.Money(item.amount, item.currency, item.value_date), _org(item.provider),
                                  _org(item.receiver)) for item in image.planned_disbursements),
        transactions=tuple(
            m.Transaction(kinds[item.kind], item.date, m.Money(item.amount, item.currency, item.value_date),
                          item.reference, _text(item.description, None), _org(item.provider), _org(item.receiver))
            for item in image.spending),
        results=tuple(results),
        default_currency=image.currency,
        default_lang=default_lang,
        money_sources=image.money_sources,
    )


def _result_indicator(indicator: IndicatorImage, measures: dict[str, str]) -> m.ResultIndicator:
    baselines: tuple[m.Baseline, ...] = ()
    # The standard requires a baseline's year: its date's, else the year of the first period reported.
    year = indicator.baseline_date.year if indicator.baseline_date else (
        indicator.values[0].period_start.year if indicator.values else None)
    given = indicator.baseline_value is not None or indicator.baseline_text or indicator.baseline_note
    if year is not None and (indicator.baseline_date is not None or given):
        value = m.decimal_text(indicator.baseline_value) if indicator.baseline_value is not None \
            else indicator.baseline_text
        baselines = (m.Baseline(year, indicator.baseline_date, value, _text(indicator.baseline_note, None)),)
    periods = []
    for item in indicator.values:
        target = m.decimal_text(item.target) if item.target is not None else item.target_text
        actual = m.decimal_text(item.actual) if item.actual is not None else item.actual_text
        targets = (m.PeriodValue(target),) if target is not None else ()
        actuals = (m.PeriodValue(actual, _text(item.note, None)),) if actual is not None or item.note else ()
        periods.append(m.ResultPeriod(item.period_start, item.period_end, targets, actuals))
    # An indicator's own code (not the position-made R1.1) travels as the publisher's reference.
    reference = None if POSITION_CODE.match(indicator.code) else indicator.code
    return m.ResultIndicator(
        measures.get(indicator.measure) or EXTRA_MEASURES.get(indicator.measure, ""),
        _text(indicator.name, indicator.name_fr),
        _text(indicator.description, indicator.description_fr),
        False if indicator.direction == "lower_is_better" else None, None, baselines, tuple(periods), reference)
