"""The values the sidebar filters offer: only what the database holds."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select, union

from dashboard.core.models import (
    Organisation,
    Project,
    ProjectCountry,
    ProjectRole,
    ProjectSdg,
    ProjectTheme,
    StrategicObjective,
)
from dashboard.core.regions import REGIONS, region_of
from dashboard.queries.base import Connectable, read_rows


@dataclass(frozen=True)
class FilterOptions:
    """The values the sidebar offers: only what the database holds, so no choice leads to an empty page."""

    countries: tuple[str, ...]
    regions: tuple[str, ...]
    org_types: tuple[str, ...]
    roles: tuple[str, ...]
    themes: tuple[str, ...]
    sdgs: tuple[int, ...]
    statuses: tuple[str, ...]
    objectives: tuple[tuple[str, str], ...]  # (code, title)

    @property
    def is_empty(self) -> bool:
        return not (self.countries or self.org_types or self.statuses or self.themes)


def filter_options(source: Connectable) -> FilterOptions:
    def distinct_values(column) -> tuple:
        rows = read_rows(source, select(column).distinct().where(column.is_not(None)).order_by(column))
        return tuple(row[0] for row in rows)

    country_rows = read_rows(
        source,
        union(
            select(ProjectCountry.country.label("country")),
            select(Organisation.country.label("country")).where(Organisation.country.is_not(None)),
        ),
    )
    countries = tuple(sorted({row[0] for row in country_rows if row[0]}))
    present_regions = {region_of(country) for country in countries} - {None}
    if present_regions & {"MELANESIA", "MICRONESIA", "POLYNESIA"}:
        present_regions.add("PACIFIC")
    regions = tuple(code for code in REGIONS if code in present_regions)
    objectives = tuple(
        (row[0], row[1])
        for row in read_rows(
            source, select(StrategicObjective.code, StrategicObjective.title).order_by(StrategicObjective.code)
        )
    )
    return FilterOptions(
        countries=countries,
        regions=regions,
        org_types=distinct_values(Organisation.type),
        roles=distinct_values(ProjectRole.role),
        themes=distinct_values(ProjectTheme.theme),
        sdgs=tuple(int(value) for value in distinct_values(ProjectSdg.sdg)),
        statuses=distinct_values(Project.status),
        objectives=objectives,
    )


def objective_titles(source: Connectable) -> dict[str, str]:
    """Strategic objective code -> title, for naming a chosen objective (the briefing's filter lines)."""
    return {code: title for code, title in read_rows(
        source, select(StrategicObjective.code, StrategicObjective.title).order_by(StrategicObjective.code))}
