"""What the map draws, read from the database: partners and project locations kept by the filter, with what
each weighs (aggregations in SQL), and the names of the map's kinds, placements and choices.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Any

import pandas as pd
from sqlalchemy import func, select

from dashboard.core import metrics
from dashboard.core.currency import MissingRatePolicy, convert_frame
from dashboard.core.i18n import t
from dashboard.core.models import Organisation, Project, ProjectCountry, ProjectLocation, ProjectRole, RoleKind
from dashboard.maps import geo
from dashboard.presenting.labels import enum_label
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


# Message keys spelled out (not built at run time) so the i18n test can check every one exists.
KIND_KEYS = {PointKind.partner: "map.kind.partner", PointKind.project: "map.kind.project"}
PLACEMENT_KEYS = {
    Placement.coordinates: "map.placement.coordinates",
    Placement.country: "map.placement.country",
    Placement.none: "map.placement.none",
}
COLOUR_KEYS = {ColourBy.type: "map.colour.type", ColourBy.status: "map.colour.status"}
SHOW_KEYS = {Show.both: "map.show.both", Show.partners: "map.show.partners", Show.projects: "map.show.projects"}
PROBLEM_KEYS = {
    geo.CoordinateProblem.missing: "map.problem.missing",
    geo.CoordinateProblem.not_a_number: "map.problem.not_a_number",
    geo.CoordinateProblem.latitude_out_of_range: "map.problem.latitude_out_of_range",
    geo.CoordinateProblem.longitude_out_of_range: "map.problem.longitude_out_of_range",
    geo.CoordinateProblem.null_island: "map.problem.null_island",
    geo.CoordinateProblem.outside_country: "map.problem.outside_country",
}
HINT_KEYS = {
    geo.CoordinateHint.swapped: "map.hint.swapped",
    geo.CoordinateHint.longitude_sign: "map.hint.longitude_sign",
    geo.CoordinateHint.latitude_sign: "map.hint.latitude_sign",
}

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


def partner_records(source: Connectable, portfolio_filter: PortfolioFilter, lang: str) -> pd.DataFrame:
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
    role_text: dict[int, str] = {}
    for organisation_id, group in roles.groupby("organisation_id"):
        role_text[int(organisation_id)] = ", ".join(
            f"{enum_label('role', role, lang)} ({count})"
            for role, count in zip(group["role"], group["projects"], strict=True)
        )
    budget_by_partner = partner_contributions(source, portfolio_filter)
    organisations["kind"] = PointKind.partner.value
    organisations["role"] = organisations["record_id"].map(role_text).fillna("")
    organisations["budget_total"] = organisations["record_id"].map(budget_by_partner)
    organisations["budget_share"] = 1.0
    organisations["type_label"] = [enum_label("org_type", value, lang) for value in organisations["category_type"]]
    organisations["status_label"] = [
        enum_label("org_status", value, lang) for value in organisations["category_status"]
    ]
    organisations["fallback_country"] = None
    return organisations


def project_records(
    source: Connectable, portfolio_filter: PortfolioFilter, budgets: pd.Series, lang: str
) -> pd.DataFrame:
    kept = project_ids(portfolio_filter)
    projects = read_frame(
        source,
        select(Project.id.label("project_id"), Project.code, Project.title, Project.status, Project.is_illustrative)
        .where(Project.id.in_(kept))
        .order_by(Project.id),
    )
    if projects.empty:
        return pd.DataFrame()
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
        .where(ProjectLocation.project_id.in_(kept))
        .order_by(ProjectLocation.project_id, ProjectLocation.id),
    )
    countries = read_frame(
        source,
        select(ProjectCountry.project_id, ProjectCountry.country, ProjectCountry.share)
        .where(ProjectCountry.project_id.in_(kept))
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
    project_label = t("map.kind.project", lang)
    status_labels = {status: enum_label("project_status", status, lang) for status in set(projects["status"])}

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
            "type_label": project_label,
            "status_label": status_labels[project["status"]],
            "role": t("map.hover.lead", lang, lead=lead_text[project_id]) if project_id in lead_text else "",
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
