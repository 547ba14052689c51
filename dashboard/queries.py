"""Read queries behind the pages. Every aggregation runs in SQL (GROUP BY); pandas only shapes the few rows
that come back and applies the rules of ``dashboard.metrics``.

Functions take an engine (or a session) first, then keyword-only arguments, and return pandas DataFrames or
small dataclasses; none touches Streamlit, so they are tested on SQLite and PostgreSQL directly.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select, union
from sqlalchemy.engine import Engine
from sqlmodel import Session

from dashboard.models import (
    Organisation,
    Project,
    ProjectCountry,
    ProjectRole,
    ProjectSdg,
    ProjectTheme,
    StrategicObjective,
)
from dashboard.regions import REGIONS, region_of

Connectable = Engine | Session


def _session(source: Connectable) -> Session:
    return source if isinstance(source, Session) else Session(source)


def _rows(source: Connectable, statement) -> list:
    if isinstance(source, Session):
        return list(source.execute(statement).all())
    with Session(source) as session:
        return list(session.execute(statement).all())


# ---------------------------------------------------------------------------------------------------------
# Filter options
# ---------------------------------------------------------------------------------------------------------


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
        rows = _rows(source, select(column).distinct().where(column.is_not(None)).order_by(column))
        return tuple(row[0] for row in rows)

    country_rows = _rows(
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
        for row in _rows(
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
