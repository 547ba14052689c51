"""Partner queries: the partner table under the portfolio filter, and one partner's detail.

Aggregations run in SQL (roles, project counts and contributions are grouped per partner in the database);
pandas only converts the few per-currency sums to the reporting currency and shapes the table.

Contributions are never double counted: a partner holding several roles in one project (funder and lead,
say) may carry its pledge on more than one role row, so a project counts the partner's largest pledge once.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
from sqlalchemy import and_, func, select
from sqlmodel import Session

from dashboard.core import metrics
from dashboard.core.currency import MissingRatePolicy, convert_frame
from dashboard.core.models import (
    Organisation,
    OrganisationAlias,
    OrganisationPartnershipObjective,
    OrganisationStrategicObjective,
    Project,
    ProjectRole,
    StrategicObjective,
)
from dashboard.core.regions import region_of
from dashboard.core.text import fold, near_names, with_acronym
from dashboard.queries.base import Connectable, reading
from dashboard.queries.filters import PortfolioFilter, organisation_ids, project_ids
from dashboard.queries.rates import stored_rates
from dashboard.queries.reviews import review_history, review_notes

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


@dataclass(frozen=True)
class PartnerMatch:
    """A partner a search finds, and by which of its names when that is not its name: the alias or acronym
    ("SPC" for the Communauté du Pacifique), or None."""

    organisation_id: int
    via: str | None = None


def search_partners(session: Session, search: str) -> dict[int, PartnerMatch]:
    """The partners ``search`` finds, by id: by their name, an alias (``OrganisationAlias``), their acronym or
    their city, folded as uploads fold names (``core.text.fold``: case, accents and punctuation ignored) and
    holding the search's text, or close to it by the upload's rule for a partner a file names
    (``core.text.near_names``: "Pacific Comunity" finds "Pacific Community"). Empty search: empty result."""
    key = fold(search)
    if not key:
        return {}
    partners = session.execute(select(Organisation.id, Organisation.name_key, Organisation.acronym,
                                      Organisation.city)).all()
    aliases = session.execute(select(OrganisationAlias.organisation_id, OrganisationAlias.alias,
                                     OrganisationAlias.alias_key)).all()
    found: dict[int, PartnerMatch] = {}
    named: dict[str, list[tuple[int, str | None]]] = {}  # folded name or alias -> (partner, alias or None)
    for organisation_id, name_key, acronym, city in partners:
        named.setdefault(name_key, []).append((organisation_id, None))
        if key in name_key or (city and key in fold(city)):
            found[organisation_id] = PartnerMatch(organisation_id)
        elif acronym and key in fold(acronym):
            found[organisation_id] = PartnerMatch(organisation_id, acronym)
    for organisation_id, alias, alias_key in aliases:
        named.setdefault(alias_key, []).append((organisation_id, alias))
        if organisation_id not in found and key in alias_key:
            found[organisation_id] = PartnerMatch(organisation_id, alias)
    for match, _score in near_names(key, named, limit=None):
        for organisation_id, alias in named[match]:
            found.setdefault(organisation_id, PartnerMatch(organisation_id, alias))
    return found


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
    kept_projects = None if portfolio_filter.is_empty else project_ids(portfolio_filter)

    with reading(source) as session:
        if search.strip():  # by name, alias, acronym or city (``search_partners``)
            conditions.append(Organisation.id.in_(sorted(search_partners(session, search))))
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

    converted = convert_frame(pledges, currency, rates, on_missing_rate=MissingRatePolicy.UNKNOWN)
    pledges["converted"], missing = converted.amounts, converted.missing_rates
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
    search: str = "",
) -> list[tuple[int, str]]:
    """(id, label) of the partners the filter keeps and ``search`` finds (``search_partners``; blank: all), for
    a selectbox: "Name (ACRONYM)", followed by the other name the search found it by ("… · SPC")."""
    query = select(Organisation.id, Organisation.name, Organisation.acronym).order_by(Organisation.name_key)
    if not portfolio_filter.is_empty:
        query = query.where(Organisation.id.in_(organisation_ids(portfolio_filter)))
    with reading(source) as session:
        matches = search_partners(session, search) if search.strip() else None
        if matches is not None:
            query = query.where(Organisation.id.in_(sorted(matches)))
        rows = session.execute(query).all()
    choices = []
    for key, name, acronym in rows:
        label = with_acronym(name, acronym)
        via = matches[key].via if matches is not None else None
        choices.append((key, f"{label} · {via}" if via and via != acronym else label))
    return choices


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
    aliases: tuple[str, ...] = ()  # the other names files may give the partner (OrganisationAlias)


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
        aliases = tuple(session.execute(
            select(OrganisationAlias.alias).where(OrganisationAlias.organisation_id == organisation_id)
            .order_by(OrganisationAlias.alias_key)).scalars())
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
    converted = convert_frame(pledges, currency, rates, on_missing_rate=MissingRatePolicy.UNKNOWN)
    pledges["converted"], missing = converted.amounts, converted.missing_rates
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
        aliases=aliases,
    )


# ---------------------------------------------------------------------------------------------------------
# For people: localised tables (the page shows them and the downloads carry the same columns)
# ---------------------------------------------------------------------------------------------------------


def currency_choices(source: Connectable) -> list[str]:
    """The reporting currencies offered: euros, and every currency with a stored rate."""
    with reading(source) as session:
        rates = stored_rates(session)
    return [metrics.REPORTING_BASE_CURRENCY, *sorted(set(rates) - {metrics.REPORTING_BASE_CURRENCY})]


