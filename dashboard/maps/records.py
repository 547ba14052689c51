"""What the map draws, read from the database: partners and project locations kept by the filter, with what
each weighs (aggregations in SQL), and the map's kinds, placements and choices. Data only, no language: the
labels people read are written by ``dashboard.maps.labels``.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Any

import pandas as pd
from sqlalchemy import func, select

from dashboard.core import metrics
from dashboard.core.currency import MissingRatePolicy, convert_frame
from dashboard.core.models import Organisation, Project, ProjectCountry, ProjectLocation, ProjectRole, RoleKind
from dashboard.queries import partners
from dashboard.queries.base import Connectable, read_frame
from dashboard.queries.filters import PortfolioFilter, organisation_ids, project_ids
from dashboard.queries.rates import latest_rates

NO_FILTER = PortfolioFilter()
REPORTING_CURRENCY = metrics.REPORTING_BASE_CURRENCY


class PointKind(StrEnum):
    partner = "partner"
    project = "project"


class Placement(StrEnum):
    coordinates = "coordinates"
    country = "country"  # the country's centroid, for want of usable coordinates
    none = "none"  # not on the map


class ColourBy(StrEnum):
    type = "type"
    status = "status"


class Show(StrEnum):
    both = "both"
    partners = "partners"
    projects = "projects"


POINT_COLUMNS = [
    "point_id",
    "kind",
    "record_id",
    "name",
    "code",
    "place",
    "country",
    "country_name",
    "category_type",
    "category_status",
    "type_label",
    "status_label",
    "role",
    "budget",
    "budget_total",
    "budget_share",
    "currency",
    "latitude",
    "longitude",
    "placement",
    "problem",
    "hint",
    "is_illustrative",
    "map_x",
    "map_y",
    "role_counts",  # a partner's roles in kept projects: ((role, projects), ...)
    "leads",  # a project's accountable partners, names joined
]




def partner_contributions(source: Connectable, portfolio_filter: PortfolioFilter) -> pd.Series:
    """Pledged contributions per partner id in the reporting currency, counted once per project, by the same
    query as the Partners table (``partners.contribution_rows``); a currency without a rate gives NaN."""
    pledges_sub = partners.contribution_rows(portfolio_filter)
    pledges = read_frame(
        source,
        select(
            pledges_sub.c.organisation_id,
            pledges_sub.c.currency,
            func.sum(pledges_sub.c.amount).label("amount"),
        ).group_by(pledges_sub.c.organisation_id, pledges_sub.c.currency),
    )
    if pledges.empty:
        return pd.Series(dtype="float64")
    rates = latest_rates(source, as_of=dt.date.max).eur_per_unit
    # A pledge in a currency without a rate is unknown (NaN): the partner keeps the smallest marker size.
    converted = convert_frame(pledges, REPORTING_CURRENCY, rates, on_missing_rate=MissingRatePolicy.UNKNOWN).amounts
    return converted.groupby(pledges["organisation_id"]).sum(min_count=1)


def partner_records(source: Connectable, portfolio_filter: PortfolioFilter) -> pd.DataFrame:
    """The partners the filter keeps, with their roles in kept projects (``role_counts``: (role, projects) pairs)
    and their pledged contributions (``budget_total``, in the reporting currency)."""
    organisations = read_frame(
        source,
        select(
            Organisation.id.label("record_id"),
            Organisation.name,
            Organisation.acronym.label("code"),
            Organisation.type.label("category_type"),
            Organisation.status.label("category_status"),
            Organisation.country,
            Organisation.city.label("place"),
            Organisation.latitude,
            Organisation.longitude,
            Organisation.is_illustrative,
        )
        .where(Organisation.id.in_(organisation_ids(portfolio_filter)))
        .order_by(Organisation.id),
    )
    if organisations.empty:
        return organisations
    kept_projects = project_ids(portfolio_filter)
    roles = read_frame(
        source,
        select(
            ProjectRole.organisation_id,
            ProjectRole.role,
            func.count(func.distinct(ProjectRole.project_id)).label("projects"),
        )
        .where(ProjectRole.project_id.in_(kept_projects))
        .group_by(ProjectRole.organisation_id, ProjectRole.role),
    )
    role_counts: dict[int, tuple[tuple[str, int], ...]] = {}
    for organisation_id, group in roles.groupby("organisation_id"):
        role_counts[int(organisation_id)] = tuple(
            (str(role), int(count)) for role, count in zip(group["role"], group["projects"], strict=True))
    budget_by_partner = partner_contributions(source, portfolio_filter)
    organisations["kind"] = PointKind.partner.value
    organisations["role_counts"] = [role_counts.get(int(key), ()) for key in organisations["record_id"]]
    organisations["leads"] = ""
    organisations["budget_total"] = organisations["record_id"].map(budget_by_partner)
    organisations["budget_share"] = 1.0
    organisations["fallback_country"] = None
    return organisations


def project_records(source: Connectable, portfolio_filter: PortfolioFilter, budgets: pd.Series) -> pd.DataFrame:
    """One record per place of each kept project (its locations; else its recipient countries, the budget split
    by their shares; else one record with no place), with its accountable partners (``leads``, names joined)
    and its effective budget (``budget_total``, from ``budgets``: project id -> amount in the reporting
    currency)."""
    kept = project_ids(portfolio_filter)
    projects = read_frame(
        source,
        select(Project.id.label("project_id"), Project.code, Project.title, Project.status, Project.is_illustrative)
        .where(Project.id.in_(kept))
        .order_by(Project.id),
    )
    if projects.empty:
        return pd.DataFrame()
    # Under a country or region filter a project's budget is already the chosen countries' part
    # (``queries.money``): only the chosen countries' places are drawn, sharing that part.
    chosen = portfolio_filter.all_countries()
    locations = read_frame(
        source,
        select(
            ProjectLocation.project_id,
            ProjectLocation.name.label("place"),
            ProjectLocation.country,
            ProjectLocation.latitude,
            ProjectLocation.longitude,
            ProjectLocation.is_illustrative.label("location_illustrative"),
        )
        .where(ProjectLocation.project_id.in_(kept), *([ProjectLocation.country.in_(chosen)] if chosen else []))
        .order_by(ProjectLocation.project_id, ProjectLocation.id),
    )
    countries = read_frame(
        source,
        select(ProjectCountry.project_id, ProjectCountry.country, ProjectCountry.share)
        .where(ProjectCountry.project_id.in_(kept), *([ProjectCountry.country.in_(chosen)] if chosen else []))
        .order_by(ProjectCountry.project_id, ProjectCountry.country),
    )
    leads = read_frame(
        source,
        select(ProjectRole.project_id, Organisation.name)
        .join(Organisation, Organisation.id == ProjectRole.organisation_id)
        .where(ProjectRole.project_id.in_(kept), ProjectRole.role == RoleKind.accountable.value)
        .order_by(ProjectRole.project_id, Organisation.name),
    )
    leads_by_project: dict[int, list[str]] = {}
    for project_id, name in zip(leads["project_id"].tolist(), leads["name"].tolist(), strict=True):
        leads_by_project.setdefault(int(project_id), []).append(name)
    lead_text = {project_id: ", ".join(names) for project_id, names in leads_by_project.items()}
    # Plain dicts and lists: per-group pandas access took most of a minute on 10 000 projects.
    countries_by_project: dict[int, dict[str, float]] = {}
    for project_id, country, share in zip(
        countries["project_id"], countries["country"], countries["share"], strict=True
    ):
        countries_by_project.setdefault(int(project_id), {})[country] = float(share)
    locations_by_project: dict[int, list[dict[str, Any]]] = {}
    for location in locations.to_dict("records"):
        locations_by_project.setdefault(int(location["project_id"]), []).append(location)

    rows: list[dict[str, Any]] = []
    budget_by_project = budgets.to_dict()
    for project in projects.to_dict("records"):
        project_id = int(project["project_id"])
        base = {
            "kind": PointKind.project.value,
            "record_id": project_id,
            "name": project["title"],
            "code": project["code"],
            "category_type": PointKind.project.value,
            "category_status": project["status"],
            "role_counts": (),
            "leads": lead_text.get(project_id, ""),
            "budget_total": budget_by_project.get(project_id, float("nan")),
            "is_illustrative": bool(project["is_illustrative"]),
        }
        recipient = countries_by_project.get(project_id, {})
        only_country = next(iter(recipient)) if len(recipient) == 1 else None
        project_locations = locations_by_project.get(project_id)
        if project_locations:
            share = 1.0 / len(project_locations)  # equal parts, so a project's ink adds up to its budget
            for location in project_locations:
                rows.append(
                    {
                        **base,
                        "place": location["place"],
                        "country": location["country"],
                        "latitude": location["latitude"],
                        "longitude": location["longitude"],
                        "fallback_country": only_country,
                        "budget_share": share,
                        "is_illustrative": base["is_illustrative"] or bool(location["location_illustrative"]),
                    }
                )
        elif recipient:
            # No location: one point per recipient country, the budget split by the countries' shares.
            parts = metrics.split_by_share(1.0, recipient)
            for country, part in parts.items():
                rows.append(
                    {
                        **base,
                        "place": None,
                        "country": country,
                        "latitude": None,
                        "longitude": None,
                        "fallback_country": None,
                        "budget_share": part,
                        "from_country_list": True,
                    }
                )
        else:
            rows.append(
                {
                    **base,
                    "place": None,
                    "country": None,
                    "latitude": None,
                    "longitude": None,
                    "fallback_country": None,
                    "budget_share": 1.0,
                }
            )
    return pd.DataFrame(rows)
