"""The portfolio filter shared by every page: what it holds, how it travels in the URL, and how it selects
projects and organisations in SQL.

Period semantics: a project is in the period when its planned dates overlap it (a missing date does not
exclude it); money inside the period is taken by the queries from the budget lines overlapping it and the
spending dated within it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from enum import StrEnum
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, or_, select

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

    def with_changes(self, **changes: Any) -> PortfolioFilter:
        return replace(self, **changes)

    def all_countries(self) -> tuple[str, ...]:
        """Countries chosen directly or through a region."""
        return tuple(dict.fromkeys((*self.countries, *countries_in_regions(self.regions))))


# -- The dimensions, declared once ------------------------------------------------------------------------
#
# Each dimension of the filter is one ``Dimension`` (in the manner of Datasette's filters): its field, its name in
# the URL, its sidebar widget, where its choices come from, how it selects projects and partners in SQL, and how
# it is named for people. The sidebar (``web.sidebar``), the URL round trip (below) and the briefing's filter
# lines (``presenting.filters``) are generated from ``DIMENSIONS``; adding a dimension is adding one entry.


class Widget(StrEnum):
    """How the sidebar sets a dimension."""

    date = "date"  # a date input: one end of the period
    choices = "choices"  # a multiselect among the values the database holds
    url = "url"  # no widget: set through the URL only (a link from another page)


class ValueKind(StrEnum):
    """How a chosen value is named for people (``presenting.filters.value_label``)."""

    date = "date"
    region = "region"  # REGION_NAMES
    country = "country"  # Babel's country names
    org_type = "org_type"  # the enum_label prefix of each value, for the enumerations
    role = "role"
    project_status = "project_status"
    sdg = "sdg"  # "SDG 6"
    objective = "objective"  # "OO4 — title"
    text = "text"  # as typed


Condition = Callable[[PortfolioFilter], ColumnElement[bool] | None]


@dataclass(frozen=True)
class Dimension:
    field: str  # the PortfolioFilter attribute
    url_name: str  # its query-string name (lists repeat it: ?country=FJI&country=WSM)
    widget: Widget
    label_key: str  # message key of its label (sidebar and briefing)
    value_kind: ValueKind
    options: str | None = None  # the queries.options.FilterOptions attribute offering its values
    help_key: str | None = None  # message key of the widget's help
    # SQL: the condition on Project (``project_ids``) and on Organisation (``organisation_ids``) this dimension
    # adds; each returns None when it adds nothing (its dimension, or its group's, is not set).
    project_condition: Condition | None = None
    partner_condition: Condition | None = None
    # A partner is kept when it holds a role in a project this dimension keeps (period, status, theme, SDG).
    partner_through_projects: bool = False
    # The values read from the URL: "date" (the first ISO date), "upper" (codes, deduplicated), "sdg" (1-17),
    # "joined" (words joined by spaces), "list" (deduplicated as typed).
    parse: str = "list"

    def is_set(self, portfolio_filter: PortfolioFilter) -> bool:
        return bool(getattr(portfolio_filter, self.field))

    def from_url(self, values: list[str]) -> object:
        """The field's value from the URL's values (already split on commas and trimmed); what does not parse is
        left out, never fatal (a hand-edited or stale bookmark must still open the page)."""
        if self.parse == "date":
            for value in values[:1]:
                try:
                    return dt.date.fromisoformat(value)
                except ValueError:
                    return None
            return None
        if self.parse == "sdg":
            return tuple(int(value) for value in values if value.isdigit() and 1 <= int(value) <= 17)
        if self.parse == "joined":
            return " ".join(values)
        if self.parse == "upper":
            values = [value.upper() for value in values]
        return tuple(dict.fromkeys(values))

    def to_url(self, value: object) -> str | list[str]:
        if isinstance(value, dt.date):
            return value.isoformat()
        if isinstance(value, tuple):
            return [str(entry) for entry in value]
        return str(value)


def _when(field: str, build: Callable[[PortfolioFilter], ColumnElement[bool]]) -> Condition:
    """A condition that applies when the dimension ``field`` is set."""
    return lambda portfolio_filter: build(portfolio_filter) if getattr(portfolio_filter, field) else None


def _partner_place(portfolio_filter: PortfolioFilter) -> ColumnElement[bool] | None:
    countries = portfolio_filter.all_countries()
    return Organisation.country.in_(countries) if countries else None


def _project_place(portfolio_filter: PortfolioFilter) -> ColumnElement[bool] | None:
    countries = portfolio_filter.all_countries()
    if not countries:
        return None
    return Project.id.in_(select(ProjectCountry.project_id).where(ProjectCountry.country.in_(countries)))


def _project_roles(portfolio_filter: PortfolioFilter) -> ColumnElement[bool] | None:
    """Partner type and role select together: a project where a partner OF that type holds that role."""
    if not (portfolio_filter.org_types or portfolio_filter.roles):
        return None
    role_query = select(ProjectRole.project_id)
    if portfolio_filter.org_types:
        role_query = role_query.join(Organisation, Organisation.id == ProjectRole.organisation_id).where(
            Organisation.type.in_(portfolio_filter.org_types))
    if portfolio_filter.roles:
        role_query = role_query.where(ProjectRole.role.in_(portfolio_filter.roles))
    return Project.id.in_(role_query)


def _project_objectives(portfolio_filter: PortfolioFilter) -> ColumnElement[bool]:
    return Project.id.in_(
        select(ProjectObjective.project_id)
        .join(StrategicObjective, StrategicObjective.id == ProjectObjective.objective_id)
        .where(StrategicObjective.code.in_(portfolio_filter.objectives)))


def _partner_objectives(portfolio_filter: PortfolioFilter) -> ColumnElement[bool]:
    return Organisation.id.in_(
        select(OrganisationStrategicObjective.organisation_id)
        .join(StrategicObjective, StrategicObjective.id == OrganisationStrategicObjective.objective_id)
        .where(StrategicObjective.code.in_(portfolio_filter.objectives)))


def _partner_search(portfolio_filter: PortfolioFilter) -> ColumnElement[bool]:
    pattern = f"%{portfolio_filter.search.strip()}%"
    return or_(Organisation.name.ilike(pattern), Organisation.acronym.ilike(pattern), Organisation.city.ilike(pattern))


DIMENSIONS: tuple[Dimension, ...] = (
    # A project is in the period when its planned dates overlap it (a missing date does not exclude it).
    Dimension("period_start", "from", Widget.date, "shell.filter.period_from", ValueKind.date,
              help_key="shell.filter.period_help", parse="date", partner_through_projects=True,
              project_condition=_when("period_start", lambda f: or_(Project.planned_end.is_(None),
                                                                     Project.planned_end >= f.period_start))),
    Dimension("period_end", "to", Widget.date, "shell.filter.period_to", ValueKind.date, parse="date",
              partner_through_projects=True,
              project_condition=_when("period_end", lambda f: or_(Project.planned_start.is_(None),
                                                                   Project.planned_start <= f.period_end))),
    # A region is its countries: region and country select together (``PortfolioFilter.all_countries``), on the
    # country dimension's conditions.
    Dimension("regions", "region", Widget.choices, "shell.filter.region", ValueKind.region, options="regions",
              parse="upper"),
    Dimension("countries", "country", Widget.choices, "shell.filter.country", ValueKind.country,
              options="countries", parse="upper", project_condition=_project_place,
              partner_condition=_partner_place),
    # Partner type and role select projects together (``_project_roles``, on the role dimension); a partner is
    # kept by its own type, and by its roles in the projects the other dimensions keep (``organisation_ids``).
    Dimension("org_types", "type", Widget.choices, "shell.filter.org_type", ValueKind.org_type, options="org_types",
              partner_condition=_when("org_types", lambda f: Organisation.type.in_(f.org_types))),
    Dimension("roles", "role", Widget.choices, "shell.filter.role", ValueKind.role, options="roles",
              project_condition=_project_roles),
    Dimension("themes", "theme", Widget.choices, "shell.filter.theme", ValueKind.text, options="themes",
              partner_through_projects=True,
              project_condition=_when("themes", lambda f: Project.id.in_(
                  select(ProjectTheme.project_id).where(ProjectTheme.theme.in_(f.themes))))),
    Dimension("sdgs", "sdg", Widget.choices, "shell.filter.sdg", ValueKind.sdg, options="sdgs", parse="sdg",
              partner_through_projects=True,
              project_condition=_when("sdgs", lambda f: Project.id.in_(
                  select(ProjectSdg.project_id).where(ProjectSdg.sdg.in_(f.sdgs))))),
    Dimension("statuses", "status", Widget.choices, "shell.filter.status", ValueKind.project_status,
              options="statuses", partner_through_projects=True,
              project_condition=_when("statuses", lambda f: Project.status.in_(f.statuses))),
    Dimension("objectives", "objective", Widget.choices, "shell.filter.objective", ValueKind.objective,
              options="objectives", project_condition=_when("objectives", _project_objectives),
              partner_condition=_when("objectives", _partner_objectives)),
    # Words searched in partners' names, acronyms and cities (the Partners page links here with ?q=).
    Dimension("search", "q", Widget.url, "briefing.filter.search", ValueKind.text, parse="joined",
              partner_condition=_when("search", _partner_search)),
)
QUERY_NAMES: tuple[str, ...] = tuple(dimension.url_name for dimension in DIMENSIONS)
WIDGET_DIMENSIONS: tuple[Dimension, ...] = tuple(dimension for dimension in DIMENSIONS
                                                 if dimension.widget is not Widget.url)


# -- URL query string --------------------------------------------------------------------------------------


def to_query_params(portfolio_filter: PortfolioFilter) -> dict[str, str | list[str]]:
    """The filter as query-string parameters (lists repeat the key), leaving out what is not set, so a
    filtered view can be bookmarked and shared."""
    return {dimension.url_name: dimension.to_url(getattr(portfolio_filter, dimension.field))
            for dimension in DIMENSIONS if dimension.is_set(portfolio_filter)}


def from_query_params(params: Mapping[str, str | Sequence[str]]) -> PortfolioFilter:
    """Read a filter back from query-string parameters; values that do not parse are ignored, not fatal
    (a hand-edited or stale bookmark must still open the page)."""

    def values(name: str) -> list[str]:
        raw = params.get(name)
        if raw is None:
            return []
        items = [raw] if isinstance(raw, str) else list(raw)
        return [piece.strip() for item in items for piece in str(item).split(",") if piece.strip()]

    fields: dict[str, Any] = {dimension.field: dimension.from_url(values(dimension.url_name))
                              for dimension in DIMENSIONS}
    return PortfolioFilter(**fields)


# -- SQL ---------------------------------------------------------------------------------------------------


def _conditions(portfolio_filter: PortfolioFilter, side: str) -> list[ColumnElement[bool]]:
    found = []
    for dimension in DIMENSIONS:
        build = dimension.project_condition if side == "project" else dimension.partner_condition
        condition = build(portfolio_filter) if build is not None else None
        if condition is not None:
            found.append(condition)
    return found


def project_ids(portfolio_filter: PortfolioFilter) -> Select:
    """``SELECT project.id`` for the projects the filter keeps; use as ``Project.id.in_(project_ids(f))``."""
    conditions = _conditions(portfolio_filter, "project")
    query = select(Project.id)
    return query.where(and_(*conditions)) if conditions else query


def organisation_ids(portfolio_filter: PortfolioFilter) -> Select:
    """``SELECT organisation.id`` for the partners the filter keeps.

    A partner is kept when its own attributes match (type, country or region, strategic objective, search) and,
    where project criteria are set (the dimensions ``partner_through_projects``: period, status, theme, SDG; and
    role), it holds a role (of the chosen roles) in a project those criteria keep.
    """
    conditions = _conditions(portfolio_filter, "partner")
    through = [dimension for dimension in DIMENSIONS if dimension.partner_through_projects]
    if portfolio_filter.roles or any(dimension.is_set(portfolio_filter) for dimension in through):
        fields: dict[str, Any] = {dimension.field: getattr(portfolio_filter, dimension.field) for dimension in through}
        project_side = PortfolioFilter(**fields)
        role_query = select(ProjectRole.organisation_id).where(ProjectRole.project_id.in_(project_ids(project_side)))
        if portfolio_filter.roles:
            role_query = role_query.where(ProjectRole.role.in_(portfolio_filter.roles))
        conditions.append(Organisation.id.in_(role_query))
    query = select(Organisation.id)
    return query.where(and_(*conditions)) if conditions else query
