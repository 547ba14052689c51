"""The portfolio's data model: every table, in one module.

Shaped after the IATI activity standard (organisations holding roles in activities, budgets, transactions,
results with indicators and periods) and after the source documents (INTEGRE activity sheets, TERRINCLUS
funding tables, the PERMS partner engagement strategy).

Enumerated fields are stored as plain strings (not native database enums) so that adding a value needs no
migration of a PostgreSQL type; the allowed values live in the ``StrEnum`` classes below and are checked by
the import pipeline.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from sqlalchemy import Index, Text, UniqueConstraint, text
from sqlmodel import Field, SQLModel

# Natural keys as unique indexes (migration 0014), in the form uploads compare them (importing.records.key_of:
# text parts by core.text.code_key, so "hunt-1" and "HUNT-1" are one code): stored codes are trimmed with single
# spaces, so SQL's lower() is that key for ASCII text. Empty parts are one value (NULLs are distinct in a unique
# index), written so both databases read them (an untyped literal takes the date type in PostgreSQL).
BUDGET_KEY_EXPRESSIONS = (
    text("project_id"), text("coalesce(funder_id, 0)"), text("coalesce(period_start, '0001-01-01')"),
    text("coalesce(period_end, '0001-01-01')"), text("lower(coalesce(category, ''))"), text("budget_type"),
)

# Money is stored as double precision: every figure in the sources has at most cents, and sums over a
# million rows stay exact to the cent far below 2**53.


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class OrganisationType(StrEnum):
    national_government = "national_government"
    local_authority = "local_authority"
    regional_organisation = "regional_organisation"
    multilateral = "multilateral"
    bilateral_agency = "bilateral_agency"
    ngo = "ngo"
    foundation = "foundation"
    private_sector = "private_sector"
    academic = "academic"
    community = "community"
    # Homes for every IATI OrganisationType code (dashboard.standards.iati.mapping.ORGANISATION_TYPES).
    other_public_sector = "other_public_sector"
    public_private_partnership = "public_private_partnership"
    other = "other"
    unknown = "unknown"  # no type given: a partner type is not required to import


class OrganisationStatus(StrEnum):
    prospective = "prospective"
    active = "active"
    dormant = "dormant"
    closed = "closed"


class PartnershipObjective(StrEnum):
    """The three partnership objectives of the partner engagement strategy (PERMS, seed 002)."""

    shared_values = "shared_values"
    financial_support = "financial_support"
    technical_support = "technical_support"


class Mechanism(StrEnum):
    mou = "mou"
    financing_agreement = "financing_agreement"
    grant = "grant"
    contract = "contract"
    letter_of_agreement = "letter_of_agreement"


class ProjectStatus(StrEnum):
    pipeline = "pipeline"
    implementation = "implementation"
    finalisation = "finalisation"
    closed = "closed"
    cancelled = "cancelled"
    suspended = "suspended"


class RoleKind(StrEnum):
    """IATI organisation roles; accountable is the lead (maître d'ouvrage), implementing the maître d'œuvre."""

    funding = "funding"
    accountable = "accountable"
    extending = "extending"
    implementing = "implementing"


class BudgetType(StrEnum):
    original = "original"
    revised = "revised"


class BudgetStatus(StrEnum):
    indicative = "indicative"
    committed = "committed"


class SpendingKind(StrEnum):
    """IATI TransactionType, by meaning. Consumed = disbursement + expenditure; commitments are shown apart;
    money received (incoming funds and commitments) and the loan, equity and pledge flows are kept with their
    meaning and added into nothing (dashboard.core.metrics)."""

    commitment = "commitment"
    disbursement = "disbursement"
    expenditure = "expenditure"
    incoming_funds = "incoming_funds"
    incoming_commitment = "incoming_commitment"
    interest_payment = "interest_payment"
    loan_repayment = "loan_repayment"
    reimbursement = "reimbursement"
    purchase_of_equity = "purchase_of_equity"
    sale_of_equity = "sale_of_equity"
    credit_guarantee = "credit_guarantee"
    outgoing_pledge = "outgoing_pledge"
    incoming_pledge = "incoming_pledge"


class MoneySource(StrEnum):
    """Where a money row came from; per project and kind of money one source counts, the other is kept but
    never added in (no double counting of an IATI file and local uploads of the same project)."""

    local = "local"  # uploads of CSV/Excel files (and SCDL grant files), the demo
    iati = "iati"  # an IATI activity file


class ResultLevel(StrEnum):
    output = "output"
    outcome = "outcome"
    impact = "impact"
    other = "other"  # IATI ResultType 9


class Measure(StrEnum):
    """IATI IndicatorMeasure 1 unit (number), 2 percentage, 3 nominal, 4 ordinal, 5 qualitative; a ratio and an
    index are IATI units too, kept apart here because they never add up across periods (only a count does)."""

    number = "number"
    percentage = "percentage"
    qualitative = "qualitative"
    nominal = "nominal"
    ordinal = "ordinal"
    ratio = "ratio"
    index_ = "index"  # "index" would hide str.index


class Direction(StrEnum):
    higher_is_better = "higher_is_better"
    lower_is_better = "lower_is_better"


class ReviewDecision(StrEnum):
    continue_ = "continue"
    renew = "renew"
    change = "change"
    close = "close"


class UserRole(StrEnum):
    leadership = "leadership"
    reference_group = "reference_group"
    staff = "staff"
    admin = "admin"


# ---------------------------------------------------------------------------------------------------------
# Partners and the strategy
# ---------------------------------------------------------------------------------------------------------


class StrategicObjective(SQLModel, table=True):
    """A goal of the organisation's strategic plan (e.g. PROE OO4), used for gap analysis."""

    __tablename__ = "strategic_objective"

    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(max_length=40, unique=True)
    title: str = Field(max_length=300)
    description: str | None = Field(default=None, max_length=4000)


class Organisation(SQLModel, table=True):
    __tablename__ = "organisation"

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=300)
    # Name folded for matching (case, accents, spacing): one partner is never stored twice under two spellings.
    name_key: str = Field(max_length=300, unique=True)
    acronym: str | None = Field(default=None, max_length=40)
    type: str = Field(max_length=40, index=True)
    country: str | None = Field(default=None, max_length=3, index=True)
    city: str | None = Field(default=None, max_length=120)
    latitude: float | None = None
    longitude: float | None = None
    website: str | None = Field(default=None, max_length=300)
    status: str = Field(default=OrganisationStatus.active, max_length=20, index=True)
    relationship_owner: str | None = Field(default=None, max_length=120)
    last_review_date: dt.date | None = None
    next_review_date: dt.date | None = None
    notes: str | None = Field(default=None, max_length=4000)
    source: str | None = Field(default=None, max_length=200)
    is_illustrative: bool = False
    updated_at: dt.datetime = Field(default_factory=utcnow)
    # Identifiers of the field's standards: the IATI organisation identifier as the files write it, the key it
    # is matched on (letters and digits, upper case: "DK-CVR-31378028" = "DKCVR31378028"), the IATI
    # OrganisationType code it came with, and the French SIRET (14 digits, checked).
    iati_ref: str | None = Field(default=None, max_length=200)
    iati_ref_key: str | None = Field(default=None, max_length=200, unique=True)
    iati_type: str | None = Field(default=None, max_length=4)
    siret: str | None = Field(default=None, max_length=14, unique=True)


class OrganisationAlias(SQLModel, table=True):
    """Another name a partner goes by: its name in another language ("Pacific Community" for the Communauté du
    Pacifique), a former name, another acronym ("SPC" beside "CPS"). Files may name the partner by any of them;
    a file that would create a partner under one of them is refused unless it says the partner is new."""

    __tablename__ = "organisation_alias"

    id: int | None = Field(default=None, primary_key=True)
    organisation_id: int = Field(foreign_key="organisation.id", index=True, ondelete="CASCADE")
    alias: str = Field(max_length=300)
    # Folded as names are (core.text.fold): one alias names one partner, whatever its case, accents or spacing.
    alias_key: str = Field(max_length=300, unique=True)


class OrganisationPartnershipObjective(SQLModel, table=True):
    __tablename__ = "organisation_partnership_objective"

    organisation_id: int = Field(foreign_key="organisation.id", primary_key=True, ondelete="CASCADE")
    objective: str = Field(max_length=40, primary_key=True)


class OrganisationStrategicObjective(SQLModel, table=True):
    __tablename__ = "organisation_strategic_objective"

    organisation_id: int = Field(foreign_key="organisation.id", primary_key=True, ondelete="CASCADE")
    objective_id: int = Field(foreign_key="strategic_objective.id", primary_key=True, ondelete="CASCADE")


class PartnershipReview(SQLModel, table=True):
    """A review of one partnership; the strategy asks for the partner list to be reviewed twice a year.

    Ratings run from 1 (poor) to 5 (excellent), one per principle of the strategy. Reviews are kept as
    history, never overwritten.
    """

    __tablename__ = "partnership_review"
    # The reviews upload's natural key (partner, date, reviewer): one review per reviewer and day (migration 0014).
    __table_args__ = (Index("uq_partnership_review_key", "organisation_id", "review_date", text("lower(reviewer)"),
                            unique=True),)

    id: int | None = Field(default=None, primary_key=True)
    organisation_id: int = Field(foreign_key="organisation.id", index=True, ondelete="CASCADE")
    review_date: dt.date
    reviewer: str = Field(max_length=120)
    rating: int | None = Field(default=None, ge=1, le=5)
    rating_strategic_contribution: int | None = Field(default=None, ge=1, le=5)
    rating_collaboration: int | None = Field(default=None, ge=1, le=5)
    rating_shared_values: int | None = Field(default=None, ge=1, le=5)
    rating_added_value: int | None = Field(default=None, ge=1, le=5)
    rating_mutual_results: int | None = Field(default=None, ge=1, le=5)
    rating_gender_inclusion: int | None = Field(default=None, ge=1, le=5)
    decision: str | None = Field(default=None, max_length=20)
    notes: str | None = Field(default=None, max_length=4000)
    next_review_due: dt.date | None = None
    created_by: str | None = Field(default=None, max_length=120)
    created_at: dt.datetime = Field(default_factory=utcnow)
    is_illustrative: bool = False


# ---------------------------------------------------------------------------------------------------------
# Projects / agreements
# ---------------------------------------------------------------------------------------------------------


class Project(SQLModel, table=True):
    __tablename__ = "project"
    # One project per code in any case (core.text.code_key; lower() is that key for the ASCII codes stored).
    __table_args__ = (Index("uq_project_code_key", text("lower(code)"), unique=True),)

    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(max_length=60, unique=True)
    title: str = Field(max_length=300)
    description: str | None = Field(default=None, max_length=8000)
    mechanism: str | None = Field(default=None, max_length=40)
    status: str = Field(default=ProjectStatus.implementation, max_length=20, index=True)
    planned_start: dt.date | None = None
    planned_end: dt.date | None = None
    actual_start: dt.date | None = None
    actual_end: dt.date | None = None
    currency: str = Field(default="EUR", max_length=3)
    # The TOTAL printed at the foot of a funding table, checked against the sum of the funders' lines.
    declared_total: float | None = None
    source: str | None = Field(default=None, max_length=200)
    is_illustrative: bool = False
    updated_at: dt.datetime = Field(default_factory=utcnow)
    # IATI: the activity identifier, the French title and description, the reporting organisation.
    iati_identifier: str | None = Field(default=None, max_length=200, unique=True)
    title_fr: str | None = Field(default=None, max_length=300)
    description_fr: str | None = Field(default=None, max_length=8000)
    reporting_org_id: int | None = Field(default=None, foreign_key="organisation.id", ondelete="SET NULL")
    # Which source counts for each kind of money (MoneySource): budget lines, commitments, and disbursements
    # with expenditure. The other source's rows are kept, never added in.
    budget_source: str = Field(default=MoneySource.local, max_length=10)
    commitment_source: str = Field(default=MoneySource.local, max_length=10)
    spending_source: str = Field(default=MoneySource.local, max_length=10)


class ProjectTheme(SQLModel, table=True):
    __tablename__ = "project_theme"

    project_id: int = Field(foreign_key="project.id", primary_key=True, ondelete="CASCADE")
    theme: str = Field(max_length=120, primary_key=True, index=True)


class ProjectSdg(SQLModel, table=True):
    __tablename__ = "project_sdg"

    project_id: int = Field(foreign_key="project.id", primary_key=True, ondelete="CASCADE")
    sdg: int = Field(primary_key=True, ge=1, le=17, index=True)


class ProjectObjective(SQLModel, table=True):
    __tablename__ = "project_objective"

    project_id: int = Field(foreign_key="project.id", primary_key=True, ondelete="CASCADE")
    objective_id: int = Field(foreign_key="strategic_objective.id", primary_key=True, ondelete="CASCADE")


class ProjectCountry(SQLModel, table=True):
    """A recipient country; ``share`` (in %) splits a multi-country project so totals are not double counted."""

    __tablename__ = "project_country"

    project_id: int = Field(foreign_key="project.id", primary_key=True, ondelete="CASCADE")
    country: str = Field(max_length=3, primary_key=True, index=True)
    share: float = Field(default=100.0, ge=0, le=100)


class ProjectLocation(SQLModel, table=True):
    __tablename__ = "project_location"

    id: int | None = Field(default=None, primary_key=True)
    project_id: int = Field(foreign_key="project.id", index=True, ondelete="CASCADE")
    name: str = Field(max_length=200)
    country: str | None = Field(default=None, max_length=3)
    latitude: float | None = None
    longitude: float | None = None
    is_illustrative: bool = False
    description: str | None = Field(default=None, max_length=2000)
    iati_ref: str | None = Field(default=None, max_length=200)
    gazetteer: str | None = Field(default=None, max_length=300)  # "G1 1562822": IATI location-id vocabulary, code
    exactness: str | None = Field(default=None, max_length=4)  # IATI GeographicExactness code


class ProjectSector(SQLModel, table=True):
    """A sector of a project: a code of an IATI SectorVocabulary (1 = OECD DAC 5-digit) and its share in %."""

    __tablename__ = "project_sector"

    project_id: int = Field(foreign_key="project.id", primary_key=True, ondelete="CASCADE")
    vocabulary: str = Field(max_length=10, primary_key=True)
    code: str = Field(max_length=100, primary_key=True)
    percentage: float | None = None
    vocabulary_uri: str | None = Field(default=None, max_length=300)
    name: str | None = Field(default=None, max_length=300)


class ProjectRegion(SQLModel, table=True):
    """A recipient region: a code of an IATI RegionVocabulary (1 = OECD DAC regions) and its share in %."""

    __tablename__ = "project_region"

    project_id: int = Field(foreign_key="project.id", primary_key=True, ondelete="CASCADE")
    vocabulary: str = Field(max_length=10, primary_key=True)
    code: str = Field(max_length=20, primary_key=True)
    percentage: float | None = None
    vocabulary_uri: str | None = Field(default=None, max_length=300)
    name: str | None = Field(default=None, max_length=300)


class ProjectRole(SQLModel, table=True):
    """An organisation's role in a project; one organisation may hold several roles in the same project."""

    __tablename__ = "project_role"
    __table_args__ = (UniqueConstraint("project_id", "organisation_id", "role"),)

    id: int | None = Field(default=None, primary_key=True)
    project_id: int = Field(foreign_key="project.id", index=True, ondelete="CASCADE")
    organisation_id: int = Field(foreign_key="organisation.id", index=True, ondelete="CASCADE")
    role: str = Field(max_length=20, index=True)
    # A funder's pledged contribution, in ``currency`` (the project's currency when empty).
    contribution: float | None = None
    currency: str | None = Field(default=None, max_length=3)


# ---------------------------------------------------------------------------------------------------------
# Money
# ---------------------------------------------------------------------------------------------------------


class BudgetLine(SQLModel, table=True):
    __tablename__ = "budget_line"
    __table_args__ = (
        Index("ix_budget_line_project_period", "project_id", "period_start", "period_end"),
        # The "revised replaces original" rule probes a project's revised lines for every line it sums.
        Index("ix_budget_line_revised_period", "project_id", "period_start", "period_end",
              postgresql_where=text("budget_type = 'revised'"), sqlite_where=text("budget_type = 'revised'")),
        # The budgets upload's natural key (project, funder, period, category, type), once per line an upload or
        # form writes (an IATI file's lines are its own: it may hold an indicative and a committed line for one
        # period). Empty parts are one value (a blank funder is one funder), hence the coalesce (migration 0014).
        Index("uq_budget_line_key", *BUDGET_KEY_EXPRESSIONS, unique=True,
              postgresql_where=text("source = 'local'"), sqlite_where=text("source = 'local'")),
    )

    id: int | None = Field(default=None, primary_key=True)
    project_id: int = Field(foreign_key="project.id", index=True, ondelete="CASCADE")
    funder_id: int | None = Field(default=None, foreign_key="organisation.id", index=True, ondelete="SET NULL")
    period_start: dt.date | None = None
    period_end: dt.date | None = None
    category: str | None = Field(default=None, max_length=120)
    amount: float
    currency: str | None = Field(default=None, max_length=3)
    budget_type: str = Field(default=BudgetType.original, max_length=20)
    status: str = Field(default=BudgetStatus.committed, max_length=20)
    is_illustrative: bool = False
    value_date: dt.date | None = None  # the date of the exchange rate (IATI value/@value-date)
    source: str = Field(default=MoneySource.local, max_length=10)


class PlannedDisbursement(SQLModel, table=True):
    """An IATI planned disbursement: a cash transfer planned for a date or period, from a provider to a
    receiver. Shown for planning; never added into budgets or consumption."""

    __tablename__ = "planned_disbursement"

    id: int | None = Field(default=None, primary_key=True)
    project_id: int = Field(foreign_key="project.id", index=True, ondelete="CASCADE")
    period_start: dt.date
    period_end: dt.date | None = None
    amount: float
    currency: str = Field(max_length=3)
    value_date: dt.date | None = None
    budget_type: str | None = Field(default=None, max_length=20)
    provider_id: int | None = Field(default=None, foreign_key="organisation.id", ondelete="SET NULL")
    receiver_id: int | None = Field(default=None, foreign_key="organisation.id", ondelete="SET NULL")
    source: str = Field(default=MoneySource.iati, max_length=10)


class Spending(SQLModel, table=True):
    """A transaction: commitment, disbursement or expenditure (IATI transaction types 2, 3, 4)."""

    __tablename__ = "spending"
    __table_args__ = (
        # Covers the money pass of every page (queries.portfolio_money): sums read from the index alone.
        Index("ix_spending_project_kind_date", "project_id", "kind", "date", "currency", "amount",
              "is_illustrative", "source"),
        # The spending upload's natural key (project, reference) for the lines uploads and forms write; lines
        # without a reference (IATI files, generated data) are not keyed (migration 0014).
        Index("uq_spending_key", "project_id", text("lower(reference)"), unique=True,
              postgresql_where=text("source = 'local'"), sqlite_where=text("source = 'local'")),
    )

    id: int | None = Field(default=None, primary_key=True)
    project_id: int = Field(foreign_key="project.id", index=True, ondelete="CASCADE")
    funder_id: int | None = Field(default=None, foreign_key="organisation.id", index=True, ondelete="SET NULL")
    date: dt.date
    amount: float
    # None: the project's currency, read when the figures are summed (as a budget line's): both follow it.
    currency: str | None = Field(default=None, max_length=3)
    kind: str = Field(max_length=20)
    category: str | None = Field(default=None, max_length=120)
    # The staff's own reference for the transaction (voucher or invoice number); identifies it on re-upload.
    reference: str | None = Field(default=None, max_length=120)
    description: str | None = Field(default=None, max_length=1000)
    is_illustrative: bool = False
    value_date: dt.date | None = None  # the date of the exchange rate (IATI value/@value-date)
    source: str = Field(default=MoneySource.local, max_length=10)
    receiver_id: int | None = Field(default=None, foreign_key="organisation.id", index=True, ondelete="SET NULL")
    # An IATI transaction's own reference, whole: the standard types it xsd:string, with no length limit.
    iati_ref: str | None = Field(default=None, sa_type=Text)


class ExchangeRate(SQLModel, table=True):
    """Value of one unit of ``currency`` in euros on ``rate_date``, with the rate's source."""

    __tablename__ = "exchange_rate"
    __table_args__ = (UniqueConstraint("currency", "rate_date"),)

    id: int | None = Field(default=None, primary_key=True)
    currency: str = Field(max_length=3, index=True)
    rate_date: dt.date
    eur_per_unit: float = Field(gt=0)
    source: str = Field(max_length=200)


# ---------------------------------------------------------------------------------------------------------
# Results
# ---------------------------------------------------------------------------------------------------------


class Indicator(SQLModel, table=True):
    __tablename__ = "indicator"
    __table_args__ = (UniqueConstraint("project_id", "code"),
                      Index("uq_indicator_code_key", "project_id", text("lower(code)"), unique=True))

    id: int | None = Field(default=None, primary_key=True)
    project_id: int = Field(foreign_key="project.id", index=True, ondelete="CASCADE")
    code: str = Field(max_length=60)
    result_level: str = Field(default=ResultLevel.output, max_length=20)
    name: str = Field(max_length=300)
    unit: str | None = Field(default=None, max_length=60)
    measure: str = Field(default=Measure.number, max_length=20)
    direction: str = Field(default=Direction.higher_is_better, max_length=20)
    # Cumulative indicators report a running total (take the latest value); periodic ones add up.
    cumulative: bool = False
    baseline_value: float | None = None
    baseline_date: dt.date | None = None
    target_value: float | None = None
    target_date: dt.date | None = None
    is_illustrative: bool = False
    # IATI results: French name, descriptions, the result the indicator measures, a baseline given as text.
    name_fr: str | None = Field(default=None, max_length=300)
    description: str | None = Field(default=None, max_length=8000)
    description_fr: str | None = Field(default=None, max_length=8000)
    result_title: str | None = Field(default=None, max_length=300)
    result_title_fr: str | None = Field(default=None, max_length=300)
    result_description: str | None = Field(default=None, max_length=4000)
    result_description_fr: str | None = Field(default=None, max_length=4000)
    baseline_text: str | None = Field(default=None, max_length=300)
    baseline_note: str | None = Field(default=None, max_length=2000)


class IndicatorValue(SQLModel, table=True):
    __tablename__ = "indicator_value"
    __table_args__ = (
        UniqueConstraint("indicator_id", "period_start", "period_end"),
        # Each indicator's last report up to a date, read from the index alone (queries.indicator_assessments).
        Index("ix_indicator_value_indicator_period_end", "indicator_id", "period_end", "period_start", "actual",
              "target", "actual_to_date", "target_to_date"),
        # The portfolio trend: values counted per half-year and per cent straight from the index, no sort.
        Index("ix_indicator_value_trend", "half_year", "progress_percent", "period_end", "indicator_id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    indicator_id: int = Field(foreign_key="indicator.id", index=True, ondelete="CASCADE")
    period_start: dt.date
    period_end: dt.date = Field(index=True)
    target: float | None = None
    actual: float | None = None
    note: str | None = Field(default=None, max_length=2000)
    is_illustrative: bool = False
    # Derived from the rows above and the indicator's rule, kept by dashboard.core.values_to_date on every write:
    # never uploaded, never edited by hand.
    actual_to_date: float | None = None
    target_to_date: float | None = None
    progress_percent: int | None = None  # metrics.progress of actual_to_date, in whole per cent
    half_year: int | None = None  # year * 10 + 1 or 2: the trend chart's bucket
    # Qualitative values ("As at appraisal"), kept as text where a number cannot be read.
    target_text: str | None = Field(default=None, max_length=300)
    actual_text: str | None = Field(default=None, max_length=300)


# ---------------------------------------------------------------------------------------------------------
# Imports, audit, users, cache revision
# ---------------------------------------------------------------------------------------------------------


class ImportBatch(SQLModel, table=True):
    __tablename__ = "import_batch"

    id: int | None = Field(default=None, primary_key=True)
    kind: str = Field(max_length=40)
    file_name: str = Field(max_length=300)
    checksum: str = Field(max_length=64, index=True)
    user: str = Field(max_length=120)
    created_at: dt.datetime = Field(default_factory=utcnow)
    created_count: int = 0
    updated_count: int = 0
    unchanged_count: int = 0
    rejected_count: int = 0
    status: str = Field(default="committed", max_length=20)
    undone_at: dt.datetime | None = None
    undone_by: str | None = Field(default=None, max_length=120)
    # "upload" (a file) or "form" (one record changed or added on a page, dashboard.importing.edits); a form's
    # batch carries the reason its author gave, also written on each of its audit events.
    origin: str = Field(default="upload", max_length=20, sa_column_kwargs={"server_default": "upload"})
    reason: str | None = Field(default=None, max_length=300)


class AuditEvent(SQLModel, table=True):
    """One change or security event. ``before``/``after`` hold the record as JSON text."""

    __tablename__ = "audit_event"
    __table_args__ = (Index("ix_audit_event_record", "table_name", "record_id"),)

    id: int | None = Field(default=None, primary_key=True)
    batch_id: int | None = Field(default=None, foreign_key="import_batch.id", index=True)
    at: dt.datetime = Field(default_factory=utcnow, index=True)
    user: str | None = Field(default=None, max_length=120)
    action: str = Field(max_length=40)
    table_name: str | None = Field(default=None, max_length=60)
    record_id: int | None = None
    before: str | None = None
    after: str | None = None
    detail: str | None = Field(default=None, max_length=2000)


class User(SQLModel, table=True):
    __tablename__ = "app_user"

    id: int | None = Field(default=None, primary_key=True)
    username: str = Field(max_length=120, unique=True)
    display_name: str | None = Field(default=None, max_length=200)
    email: str | None = Field(default=None, max_length=300, index=True)
    password_hash: str | None = Field(default=None, max_length=300)
    is_active: bool = True
    failed_attempts: int = 0
    locked_until: dt.datetime | None = None
    last_login: dt.datetime | None = None
    created_at: dt.datetime = Field(default_factory=utcnow)
    # Interface language the person last picked ("en"/"fr"); applied at sign-in (dashboard/accounts/language.py).
    language: str | None = Field(default=None, max_length=8)


class WebSession(SQLModel, table=True):
    """A browser's sign-in (issue 16). The browser holds a random token in an HttpOnly cookie; the database keeps
    only its SHA-256, so a copy of the table signs nobody in. A row ends (``ended_at``) at sign-out, expiry, or
    when the account is disabled or its roles or password change; several app servers share the rows."""

    __tablename__ = "web_session"

    token_hash: str = Field(primary_key=True, max_length=64)
    username: str = Field(max_length=120, index=True)
    method: str = Field(max_length=40)  # accounts.users.SignInMethod
    email: str | None = Field(default=None, max_length=300)  # identity-provider sign-ins: the e-mail claim
    groups: str = Field(default="[]", sa_type=Text)  # identity-provider sign-ins: the group claims, JSON
    created_at: dt.datetime = Field(default_factory=utcnow)
    last_seen_at: dt.datetime = Field(default_factory=utcnow)
    ended_at: dt.datetime | None = None
    end_reason: str | None = Field(default=None, max_length=200)


class SignInThrottle(SQLModel, table=True):
    """Failed password sign-ins counted per account and client together (issue 16): a client that keeps
    guessing is made to wait; the right password from another client still gets in. ``account`` is an existing
    username, or "(unknown)" for every name that is not one (what was typed is never kept)."""

    __tablename__ = "sign_in_throttle"

    account: str = Field(primary_key=True, max_length=120)
    client: str = Field(primary_key=True, max_length=64)
    failures: int = 0
    locked_until: dt.datetime | None = None
    last_failure_at: dt.datetime = Field(default_factory=utcnow)


class UserRoleLink(SQLModel, table=True):
    __tablename__ = "app_user_role"

    user_id: int = Field(foreign_key="app_user.id", primary_key=True, ondelete="CASCADE")
    role: str = Field(max_length=40, primary_key=True)


class ImportPreference(SQLModel, table=True):
    """What a person chose when importing a publisher's file, remembered for that publisher's next file (the
    rows of an SCDL grant file kept by object words or beneficiary). ``settings`` is JSON."""

    __tablename__ = "import_preference"
    __table_args__ = (UniqueConstraint("kind", "publisher_key"),)

    id: int | None = Field(default=None, primary_key=True)
    kind: str = Field(max_length=40)
    publisher_key: str = Field(max_length=300)
    settings: str = Field(sa_type=Text)
    updated_by: str | None = Field(default=None, max_length=120)
    updated_at: dt.datetime = Field(default_factory=utcnow)


class DataRevision(SQLModel, table=True):
    """A single counter bumped by every write; page caches are keyed on it, so a change made through one
    server process shows on the next rerun in every other."""

    __tablename__ = "data_revision"

    id: int = Field(default=1, primary_key=True)
    revision: int = 0
    updated_at: dt.datetime = Field(default_factory=utcnow)
