"""Partner queries: the partner table under the portfolio filter, and one partner's detail.

Aggregations run in SQL (roles, project counts and contributions are grouped per partner in the database);
pandas only converts the few per-currency sums to the reporting currency and shapes the table.

Contributions are never double counted: a partner holding several roles in one project (funder and lead,
say) may carry its pledge on more than one role row, so a project counts the partner's largest pledge once.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import pandas as pd
from sqlalchemy import and_, func, select
from sqlalchemy.engine import Engine
from sqlmodel import Session

from dashboard import metrics, queries
from dashboard.filters import PortfolioFilter, organisation_ids, project_ids
from dashboard.i18n import t
from dashboard.models import (
    Organisation,
    OrganisationPartnershipObjective,
    OrganisationStrategicObjective,
    Project,
    ProjectRole,
    StrategicObjective,
)
from dashboard.regions import REGION_NAMES, country_name, region_of
from dashboard.reviews import review_history, review_notes
from dashboard.text import fold

Connectable = Engine | Session
LIST_SEPARATOR = ","

PARTNER_COLUMNS = [
    "id",
    "name",
    "acronym",
    "type",
    "country",
    "region",
    "status",
    "roles",
    "projects",
    "contributions",
    "partnership_objectives",
    "relationship_owner",
    "last_review_date",
    "next_review_date",
    "is_illustrative",
]


@contextmanager
def reading(source: Connectable) -> Iterator[Session]:
    """A session for reading: the caller's, or a short-lived one on the engine."""
    if isinstance(source, Session):
        yield source
        return
    with Session(source) as session:
        yield session


# ---------------------------------------------------------------------------------------------------------
# Exchange rates
# ---------------------------------------------------------------------------------------------------------


def stored_rates(session: Session, on: dt.date | None = None) -> dict[str, float]:
    """Euros per unit for each currency: the latest stored rate (on or before ``on`` when given), by the
    same query the Budgets page shows its rates with (``queries.latest_rates``)."""
    return queries.latest_rates(session, as_of=on or dt.date.max).eur_per_unit


def to_reporting_currency(
    amounts: pd.DataFrame, currency: str, rates: dict[str, float]
) -> tuple[pd.Series, tuple[str, ...]]:
    """Convert ``amounts`` (columns ``currency`` and ``amount``) with ``metrics.convert``. Amounts in a
    currency with no stored rate become NaN and the currency is reported, never silently dropped or summed
    as if it were the reporting currency."""
    converted = pd.Series(float("nan"), index=amounts.index, dtype="float64")
    missing: list[str] = []
    for source_currency, rows in amounts.groupby("currency", sort=True):
        try:
            converted.loc[rows.index] = metrics.convert(rows["amount"].astype("float64"), str(source_currency),
                                                        currency, rates)
        except metrics.MissingRateError as error:
            missing.append(error.currency)
    return converted, tuple(sorted(set(missing)))


def contribution_rows(portfolio_filter: PortfolioFilter | None = None):
    """One row per (partner, project, currency) with the partner's pledge counted once (the largest of its
    roles' contributions in that project), restricted to the projects the filter keeps."""
    currency = func.coalesce(ProjectRole.currency, Project.currency).label("currency")
    query = (
        select(
            ProjectRole.organisation_id.label("organisation_id"),
            ProjectRole.project_id.label("project_id"),
            currency,
            func.max(ProjectRole.contribution).label("amount"),
        )
        .join(Project, Project.id == ProjectRole.project_id)
        .where(ProjectRole.contribution.is_not(None))
        .group_by(ProjectRole.organisation_id, ProjectRole.project_id, currency)
    )
    if portfolio_filter is not None and not portfolio_filter.is_empty:
        query = query.where(ProjectRole.project_id.in_(project_ids(portfolio_filter)))
    return query.subquery()


# ---------------------------------------------------------------------------------------------------------
# Partner table
# ---------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PartnerTable:
    frame: pd.DataFrame  # columns PARTNER_COLUMNS; contributions in ``currency``
    currency: str
    missing_rates: tuple[str, ...] = ()  # currencies whose contributions could not be converted


def _search_condition(search: str):
    """Accent- and case-insensitive search on the name (through the folded key), acronym and city."""
    folded = fold(search)
    pattern = f"%{search.strip().lower()}%"
    return (
        Organisation.name_key.contains(folded)
        | func.lower(Organisation.acronym).like(pattern)
        | func.lower(Organisation.city).like(pattern)
    )


def partner_table(
    source: Connectable,
    portfolio_filter: PortfolioFilter = PortfolioFilter(),  # noqa: B008 - frozen dataclass
    *,
    currency: str = metrics.REPORTING_BASE_CURRENCY,
    search: str = "",
) -> PartnerTable:
    """Partners the filter keeps, with roles held, number of projects and total pledged contributions
    (in ``currency``), partnership objectives, owner and review dates; sorted by name."""
    kept_partners = organisation_ids(portfolio_filter)
    conditions = []
    if not portfolio_filter.is_empty:
        conditions.append(Organisation.id.in_(kept_partners))
    if search.strip():
        conditions.append(_search_condition(search))
    kept_projects = None if portfolio_filter.is_empty else project_ids(portfolio_filter)

    with reading(source) as session:
        base = pd.DataFrame(
            session.execute(
                select(
                    Organisation.id,
                    Organisation.name,
                    Organisation.acronym,
                    Organisation.type,
                    Organisation.country,
                    Organisation.status,
                    Organisation.relationship_owner,
                    Organisation.last_review_date,
                    Organisation.next_review_date,
                    Organisation.is_illustrative,
                )
                .where(and_(True, *conditions))
                .order_by(Organisation.name_key)
            ).all(),
            columns=["id", "name", "acronym", "type", "country", "status", "relationship_owner",
                     "last_review_date", "next_review_date", "is_illustrative"],
        )
        if base.empty:
            return PartnerTable(pd.DataFrame(columns=PARTNER_COLUMNS), currency)
        partner_condition = Organisation.id.in_(select(Organisation.id).where(and_(True, *conditions)))

        distinct_roles = select(ProjectRole.organisation_id, ProjectRole.role).distinct()
        project_counts = select(
            ProjectRole.organisation_id, func.count(func.distinct(ProjectRole.project_id))
        ).group_by(ProjectRole.organisation_id)
        if kept_projects is not None:
            distinct_roles = distinct_roles.where(ProjectRole.project_id.in_(kept_projects))
            project_counts = project_counts.where(ProjectRole.project_id.in_(kept_projects))
        roles_sub = distinct_roles.subquery()
        roles = dict(
            session.execute(
                select(roles_sub.c.organisation_id, func.aggregate_strings(roles_sub.c.role, LIST_SEPARATOR))
                .where(roles_sub.c.organisation_id.in_(select(Organisation.id).where(partner_condition)))
                .group_by(roles_sub.c.organisation_id)
            ).all()
        )
        projects = dict(session.execute(project_counts).all())

        contributions_sub = contribution_rows(portfolio_filter)
        pledges = pd.DataFrame(
            session.execute(
                select(
                    contributions_sub.c.organisation_id,
                    contributions_sub.c.currency,
                    func.sum(contributions_sub.c.amount),
                ).group_by(contributions_sub.c.organisation_id, contributions_sub.c.currency)
            ).all(),
            columns=["organisation_id", "currency", "amount"],
        )
        objectives = dict(
            session.execute(
                select(
                    OrganisationPartnershipObjective.organisation_id,
                    func.aggregate_strings(OrganisationPartnershipObjective.objective, LIST_SEPARATOR),
                ).group_by(OrganisationPartnershipObjective.organisation_id)
            ).all()
        )
        rates = stored_rates(session)

    pledges["converted"], missing = to_reporting_currency(pledges, currency, rates)
    totals = pledges.groupby("organisation_id")["converted"].sum(min_count=1)

    frame = base.copy()
    frame["region"] = frame["country"].map(region_of)
    frame["roles"] = frame["id"].map(lambda key: _sorted_list(roles.get(key)))
    frame["projects"] = frame["id"].map(lambda key: int(projects.get(key, 0)))
    # No pledge recorded: 0; pledges that could not be converted (missing rate): unknown (NaN), not 0.
    pledged = set(pledges["organisation_id"])
    frame["contributions"] = [
        float(totals.get(key, float("nan"))) if key in pledged else 0.0 for key in frame["id"]
    ]
    frame["partnership_objectives"] = frame["id"].map(lambda key: _sorted_list(objectives.get(key)))
    return PartnerTable(frame[PARTNER_COLUMNS].reset_index(drop=True), currency, missing)


def _sorted_list(joined: str | None) -> str:
    if not joined:
        return ""
    return LIST_SEPARATOR.join(sorted(set(joined.split(LIST_SEPARATOR))))


def partner_choices(
    source: Connectable,
    portfolio_filter: PortfolioFilter = PortfolioFilter(),  # noqa: B008 - frozen dataclass
) -> list[tuple[int, str]]:
    """(id, label) of the partners the filter keeps, for a selectbox."""
    query = select(Organisation.id, Organisation.name, Organisation.acronym).order_by(Organisation.name_key)
    if not portfolio_filter.is_empty:
        query = query.where(Organisation.id.in_(organisation_ids(portfolio_filter)))
    with reading(source) as session:
        rows = session.execute(query).all()
    return [(key, f"{name} ({acronym})" if acronym else name) for key, name, acronym in rows]


# ---------------------------------------------------------------------------------------------------------
# Partner detail
# ---------------------------------------------------------------------------------------------------------

PROJECT_COLUMNS = ["project_id", "code", "title", "status", "roles", "contribution", "currency",
                   "contribution_reporting"]


@dataclass(frozen=True)
class PartnerDetail:
    organisation: dict[str, object]
    region: str | None
    projects: pd.DataFrame  # one row per project: roles held and the pledge counted once (PROJECT_COLUMNS)
    total_contribution: float | None  # in ``currency``
    currency: str
    missing_rates: tuple[str, ...]
    partnership_objectives: tuple[str, ...]
    strategic_objectives: tuple[tuple[str, str], ...]  # (code, title)
    reviews: pd.DataFrame
    notes: pd.DataFrame


def partner_detail(
    source: Connectable, organisation_id: int, *, currency: str = metrics.REPORTING_BASE_CURRENCY
) -> PartnerDetail | None:
    """Everything the partner page shows about one partner; None when it does not exist."""
    with reading(source) as session:
        organisation = session.get(Organisation, organisation_id)
        if organisation is None:
            return None
        record = organisation.model_dump()
        role_rows = session.execute(
            select(Project.id, Project.code, Project.title, Project.status, ProjectRole.role)
            .join(ProjectRole, ProjectRole.project_id == Project.id)
            .where(ProjectRole.organisation_id == organisation_id)
            .order_by(Project.code, ProjectRole.role)
        ).all()
        contributions_sub = contribution_rows()
        pledge_rows = session.execute(
            select(contributions_sub.c.project_id, contributions_sub.c.currency, contributions_sub.c.amount).where(
                contributions_sub.c.organisation_id == organisation_id
            )
        ).all()
        partnership_objectives = tuple(
            session.execute(
                select(OrganisationPartnershipObjective.objective)
                .where(OrganisationPartnershipObjective.organisation_id == organisation_id)
                .order_by(OrganisationPartnershipObjective.objective)
            ).scalars()
        )
        strategic = tuple(
            (code, title)
            for code, title in session.execute(
                select(StrategicObjective.code, StrategicObjective.title)
                .join(
                    OrganisationStrategicObjective,
                    OrganisationStrategicObjective.objective_id == StrategicObjective.id,
                )
                .where(OrganisationStrategicObjective.organisation_id == organisation_id)
                .order_by(StrategicObjective.code)
            ).all()
        )
        reviews = review_history(session, organisation_id)
        notes = review_notes(session, organisation_id)
        rates = stored_rates(session)

    roles = pd.DataFrame(role_rows, columns=["project_id", "code", "title", "status", "role"])
    projects = (
        roles.groupby(["project_id", "code", "title", "status"], as_index=False, sort=False)["role"]
        .agg(lambda values: LIST_SEPARATOR.join(sorted(set(values))))
        .rename(columns={"role": "roles"})
    )
    pledges = pd.DataFrame(pledge_rows, columns=["project_id", "currency", "amount"])
    pledges["converted"], missing = to_reporting_currency(pledges, currency, rates)
    pledges = pledges.rename(columns={"amount": "contribution", "converted": "contribution_reporting"})
    projects = projects.merge(pledges, on="project_id", how="left")
    if projects.empty:
        projects = pd.DataFrame(columns=PROJECT_COLUMNS)
    total = projects["contribution_reporting"].sum(min_count=1) if not projects.empty else None
    return PartnerDetail(
        organisation=record,
        region=region_of(organisation.country),
        projects=projects[PROJECT_COLUMNS].reset_index(drop=True),
        total_contribution=None if total is None or pd.isna(total) else float(total),
        currency=currency,
        missing_rates=missing,
        partnership_objectives=partnership_objectives,
        strategic_objectives=strategic,
        reviews=reviews,
        notes=notes,
    )


# ---------------------------------------------------------------------------------------------------------
# For people: localised tables (the page shows them and the downloads carry the same columns)
# ---------------------------------------------------------------------------------------------------------


def enum_label(prefix: str, value: object, lang: str) -> str:
    """The translated name of an enumerated value, or the value itself when the catalogue has none (a value
    added by an upload before its translation)."""
    if value is None or (isinstance(value, float) and pd.isna(value)) or value == "":
        return ""
    try:
        return t(f"{prefix}.{value}", lang)
    except KeyError:
        return str(value).replace("_", " ")


def label_list(prefix: str, joined: str, lang: str) -> str:
    return ", ".join(enum_label(prefix, value, lang) for value in joined.split(LIST_SEPARATOR) if value)


def region_label(region: str | None, lang: str) -> str:
    if not region:
        return ""
    return REGION_NAMES.get(region, {}).get(lang) or enum_label("gaps.region", region, lang)


def partner_display(table: PartnerTable, lang: str) -> pd.DataFrame:
    """The partner table with translated headers and values; numbers and dates stay typed so the table
    sorts correctly and the downloads stay numeric."""
    frame = table.frame

    def header(key: str) -> str:
        return t(f"partners.column.{key}", lang, currency=table.currency) if key == "contributions" else t(
            f"partners.column.{key}", lang
        )

    return pd.DataFrame(
        {
            header("name"): frame["name"],
            header("acronym"): frame["acronym"].fillna(""),
            header("type"): [enum_label("org_type", value, lang) for value in frame["type"]],
            header("country"): [country_name(code, lang) for code in frame["country"]],
            header("region"): [region_label(region, lang) for region in frame["region"]],
            header("status"): [enum_label("org_status", value, lang) for value in frame["status"]],
            header("roles"): [label_list("role", value, lang) for value in frame["roles"]],
            header("projects"): frame["projects"].astype("int64"),
            header("contributions"): frame["contributions"].astype("float64").round(0),
            header("objectives"): [label_list("partnership_objective", value, lang)
                                   for value in frame["partnership_objectives"]],
            header("owner"): frame["relationship_owner"].fillna(""),
            header("last_review"): frame["last_review_date"],
            header("next_review"): frame["next_review_date"],
        }
    )


def projects_display(detail: PartnerDetail, lang: str) -> pd.DataFrame:
    """Roles per project; pledges formatted in their own currency and in the reporting currency (a project
    with no pledge shows a dash, not an empty number)."""
    from dashboard.formatting import format_money

    frame = detail.projects
    return pd.DataFrame(
        {
            t("partners.column.project_code", lang): frame["code"],
            t("partners.column.project_title", lang): frame["title"],
            t("partners.column.project_status", lang): [enum_label("project_status", v, lang) for v in frame["status"]],
            t("partners.column.roles", lang): [label_list("role", value, lang) for value in frame["roles"]],
            t("partners.column.contribution", lang): [
                format_money(amount, currency if isinstance(currency, str) else detail.currency, lang)
                for amount, currency in zip(frame["contribution"], frame["currency"], strict=True)
            ],
            t("partners.column.contribution_reporting", lang, currency=detail.currency): [
                format_money(amount, detail.currency, lang) for amount in frame["contribution_reporting"]
            ],
        }
    )


def currency_choices(source: Connectable) -> list[str]:
    """The reporting currencies offered: euros, and every currency with a stored rate."""
    with reading(source) as session:
        rates = stored_rates(session)
    return [metrics.REPORTING_BASE_CURRENCY, *sorted(set(rates) - {metrics.REPORTING_BASE_CURRENCY})]


def escape_markdown(text: object) -> str:
    """User-supplied text (names, places, owners) shown through Markdown, with every Markdown character
    escaped so that it shows as typed and never becomes a link, an image or formatting."""
    return "".join("\\" + char if char in "\\`*_{}[]()#+-.!|<>~$:" else char for char in str(text))
