"""The portfolio filter shared by every page: what it holds, how it travels in the URL, and how it selects
projects and organisations in SQL.

Period semantics: a project is in the period when its planned dates overlap it (a missing date does not
exclude it); money inside the period is taken by the queries from the budget lines overlapping it and the
spending dated within it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, fields, replace

from sqlalchemy import Select, and_, or_, select

from dashboard.core.models import (
    Organisation,
    OrganisationStrategicObjective,
    Project,
    ProjectCountry,
    ProjectObjective,
    ProjectRole,
    ProjectSdg,
    ProjectTheme,
    StrategicObjective,
)
from dashboard.core.regions import countries_in_regions


@dataclass(frozen=True)
class PortfolioFilter:
    period_start: dt.date | None = None
    period_end: dt.date | None = None
    countries: tuple[str, ...] = ()  # ISO 3166-1 alpha-3
    regions: tuple[str, ...] = ()  # region codes from dashboard.core.regions
    org_types: tuple[str, ...] = ()
    roles: tuple[str, ...] = ()
    themes: tuple[str, ...] = ()
    sdgs: tuple[int, ...] = ()
    statuses: tuple[str, ...] = ()  # project status
    objectives: tuple[str, ...] = ()  # strategic objective codes
    search: str = ""

    @property
    def is_empty(self) -> bool:
        return self == PortfolioFilter()

    def with_changes(self, **changes: object) -> PortfolioFilter:
        return replace(self, **changes)  # type: ignore[arg-type]

    def all_countries(self) -> tuple[str, ...]:
        """Countries chosen directly or through a region."""
        return tuple(dict.fromkeys((*self.countries, *countries_in_regions(self.regions))))


# -- URL query string --------------------------------------------------------------------------------------

_LIST_FIELDS = ("countries", "regions", "org_types", "roles", "themes", "statuses", "objectives")
_QUERY_NAMES = {
    "period_start": "from",
    "period_end": "to",
    "countries": "country",
    "regions": "region",
    "org_types": "type",
    "roles": "role",
    "themes": "theme",
    "sdgs": "sdg",
    "statuses": "status",
    "objectives": "objective",
    "search": "q",
}


def to_query_params(portfolio_filter: PortfolioFilter) -> dict[str, str | list[str]]:
    """The filter as query-string parameters (lists repeat the key), leaving out what is not set, so a
    filtered view can be bookmarked and shared."""
    params: dict[str, str | list[str]] = {}
    for item in fields(PortfolioFilter):
        name = _QUERY_NAMES.get(item.name)
        if name is None:
            continue
        value = getattr(portfolio_filter, item.name)
        if not value:
            continue
        if isinstance(value, dt.date):
            params[name] = value.isoformat()
        elif isinstance(value, tuple):
            params[name] = [str(entry) for entry in value]
        else:
            params[name] = str(value)
    return params


def from_query_params(params: Mapping[str, str | Sequence[str]]) -> PortfolioFilter:
    """Read a filter back from query-string parameters; values that do not parse are ignored, not fatal
    (a hand-edited or stale bookmark must still open the page)."""

    def values(name: str) -> list[str]:
        raw = params.get(name)
        if raw is None:
            return []
        items = [raw] if isinstance(raw, str) else list(raw)
        return [piece.strip() for item in items for piece in str(item).split(",") if piece.strip()]

    def date_value(name: str) -> dt.date | None:
        for value in values(name):
            try:
                return dt.date.fromisoformat(value)
            except ValueError:
                return None
        return None

    changes: dict[str, object] = {
        "period_start": date_value(_QUERY_NAMES["period_start"]),
        "period_end": date_value(_QUERY_NAMES["period_end"]),
        "sdgs": tuple(int(value) for value in values("sdg") if value.isdigit() and 1 <= int(value) <= 17),
        "search": " ".join(values("q")),
    }
    for name in _LIST_FIELDS:
        entries = values(_QUERY_NAMES[name])
        if name in ("countries", "regions"):
            entries = [entry.upper() for entry in entries]
        changes[name] = tuple(dict.fromkeys(entries))
    return PortfolioFilter(**changes)  # type: ignore[arg-type]


# -- SQL ---------------------------------------------------------------------------------------------------


def project_ids(portfolio_filter: PortfolioFilter) -> Select:
    """``SELECT project.id`` for the projects the filter keeps; use as ``Project.id.in_(project_ids(f))``."""
    query = select(Project.id)
    conditions = []
    if portfolio_filter.period_end is not None:
        conditions.append(or_(Project.planned_start.is_(None), Project.planned_start <= portfolio_filter.period_end))
    if portfolio_filter.period_start is not None:
        conditions.append(or_(Project.planned_end.is_(None), Project.planned_end >= portfolio_filter.period_start))
    if portfolio_filter.statuses:
        conditions.append(Project.status.in_(portfolio_filter.statuses))
    countries = portfolio_filter.all_countries()
    if countries:
        conditions.append(
            Project.id.in_(select(ProjectCountry.project_id).where(ProjectCountry.country.in_(countries)))
        )
    if portfolio_filter.themes:
        conditions.append(
            Project.id.in_(select(ProjectTheme.project_id).where(ProjectTheme.theme.in_(portfolio_filter.themes)))
        )
    if portfolio_filter.sdgs:
        conditions.append(Project.id.in_(select(ProjectSdg.project_id).where(ProjectSdg.sdg.in_(portfolio_filter.sdgs))))
    if portfolio_filter.objectives:
        conditions.append(
            Project.id.in_(
                select(ProjectObjective.project_id)
                .join(StrategicObjective, StrategicObjective.id == ProjectObjective.objective_id)
                .where(StrategicObjective.code.in_(portfolio_filter.objectives))
            )
        )
    if portfolio_filter.org_types or portfolio_filter.roles:
        role_query = select(ProjectRole.project_id)
        if portfolio_filter.org_types:
            role_query = role_query.join(Organisation, Organisation.id == ProjectRole.organisation_id).where(
                Organisation.type.in_(portfolio_filter.org_types)
            )
        if portfolio_filter.roles:
            role_query = role_query.where(ProjectRole.role.in_(portfolio_filter.roles))
        conditions.append(Project.id.in_(role_query))
    if conditions:
        query = query.where(and_(*conditions))
    return query


def _project_filter_is_set(portfolio_filter: PortfolioFilter) -> bool:
    return bool(
        portfolio_filter.period_start
        or portfolio_filter.period_end
        or portfolio_filter.statuses
        or portfolio_filter.themes
        or portfolio_filter.sdgs
    )


def organisation_ids(portfolio_filter: PortfolioFilter) -> Select:
    """``SELECT organisation.id`` for the partners the filter keeps.

    A partner is kept when its own attributes match (type, country or region, strategic objective) and,
    where project criteria are set (period, status, theme, SDG, role), it holds a role in a kept project.
    """
    query = select(Organisation.id)
    conditions = []
    if portfolio_filter.org_types:
        conditions.append(Organisation.type.in_(portfolio_filter.org_types))
    countries = portfolio_filter.all_countries()
    if countries:
        conditions.append(Organisation.country.in_(countries))
    if portfolio_filter.objectives:
        conditions.append(
            Organisation.id.in_(
                select(OrganisationStrategicObjective.organisation_id)
                .join(StrategicObjective, StrategicObjective.id == OrganisationStrategicObjective.objective_id)
                .where(StrategicObjective.code.in_(portfolio_filter.objectives))
            )
        )
    if _project_filter_is_set(portfolio_filter) or portfolio_filter.roles:
        project_side = PortfolioFilter(
            period_start=portfolio_filter.period_start,
            period_end=portfolio_filter.period_end,
            statuses=portfolio_filter.statuses,
            themes=portfolio_filter.themes,
            sdgs=portfolio_filter.sdgs,
        )
        role_query = select(ProjectRole.organisation_id).where(ProjectRole.project_id.in_(project_ids(project_side)))
        if portfolio_filter.roles:
            role_query = role_query.where(ProjectRole.role.in_(portfolio_filter.roles))
        conditions.append(Organisation.id.in_(role_query))
    if portfolio_filter.search:
        pattern = f"%{portfolio_filter.search.strip()}%"
        conditions.append(
            or_(Organisation.name.ilike(pattern), Organisation.acronym.ilike(pattern), Organisation.city.ilike(pattern))
        )
    if conditions:
        query = query.where(and_(*conditions))
    return query
