"""Demo projects: each project of the facts with its themes, SDGs, objectives, countries, locations and
partners' roles, then its money (``demo_money``) and results (``demo_results``)."""

from __future__ import annotations

from typing import Any

from dashboard.core.models import (
    Organisation,
    OrganisationStrategicObjective,
    Project,
    ProjectCountry,
    ProjectLocation,
    ProjectObjective,
    ProjectRole,
    ProjectSdg,
    ProjectStatus,
    ProjectTheme,
    RoleKind,
)
from dashboard.core.orm import id_of
from dashboard.core.text import fold
from dashboard.seed import demo_money, demo_results
from dashboard.seed.demo_state import (
    DemoState,
    locate,
    parse_date,
)


def project(state: DemoState, record: dict[str, Any]) -> Project:
    """One project of the facts with everything hanging from it (links, roles, money, results)."""
    start = parse_date(record.get("planned_start"))
    end = parse_date(record.get("planned_end"))
    project = Project(
        code=record["code"],
        title=record["title"][:300],
        description=record.get("description"),
        mechanism=record.get("mechanism"),
        status=record.get("status") or ProjectStatus.implementation,
        planned_start=start,
        planned_end=end,
        actual_start=start if record.get("status") != "pipeline" else None,
        actual_end=end if record.get("status") == "closed" else None,
        currency=record.get("currency") or "EUR",
        declared_total=record.get("declared_total"),
        source=record.get("source"),
    )
    state.session.add(project)
    state.session.flush()
    project_id = id_of(project)
    for theme in dict.fromkeys(record.get("themes") or []):
        state.session.add(ProjectTheme(project_id=project_id, theme=theme[:120]))
    for sdg in dict.fromkeys(record.get("sdgs") or []):
        state.session.add(ProjectSdg(project_id=project_id, sdg=int(sdg)))
    for code in dict.fromkeys(record.get("strategic_objectives") or []):
        if code in state.objectives:
            state.session.add(ProjectObjective(project_id=project_id, objective_id=id_of(state.objectives[code])))
    for entry in record.get("countries") or []:
        state.session.add(ProjectCountry(project_id=project_id, country=entry["country"], share=entry["share"]))
    _locations(state, project, record)
    funders = _roles(state, project, record)
    _link_partners_to_objectives(state, project, record)
    demo_money.budget_and_spending(state, project, record, funders)
    demo_results.indicators(state, project, record)
    return project


def _locations(state: DemoState, project: Project, record: dict[str, Any]) -> None:
    seen: set[tuple[str, str | None]] = set()
    places = list(record.get("locations") or [])
    places += [{"name": activity.get("place"), "country": activity.get("country")} for activity in
               record.get("activities") or [] if activity.get("place")]
    for place in places:
        key = (fold(place["name"]), place.get("country"))
        if key in seen:
            continue
        seen.add(key)
        point = locate(state, place["name"], place.get("country"))
        state.session.add(
            ProjectLocation(
                project_id=id_of(project),
                name=place["name"][:200],
                country=place.get("country"),
                latitude=point[0] if point else None,
                longitude=point[1] if point else None,
            )
        )


def _roles(state: DemoState, project: Project, record: dict[str, Any]) -> list[tuple[Organisation, float | None]]:
    funders: list[tuple[Organisation, float | None]] = []
    seen: set[tuple[str, str]] = set()
    for role in record.get("roles") or []:
        if (role["org"], role["role"]) in seen:
            continue
        seen.add((role["org"], role["role"]))
        organisation = state.organisations[role["org"]]
        contribution = role.get("contribution")
        state.session.add(
            ProjectRole(
                project_id=id_of(project),
                organisation_id=id_of(organisation),
                role=role["role"],
                contribution=contribution,
                currency=project.currency if contribution is not None else None,
            )
        )
        state.counts["roles"] += 1
        if role["role"] == RoleKind.funding:
            funders.append((organisation, contribution))
    return funders


def _link_partners_to_objectives(state: DemoState, project: Project, record: dict[str, Any]) -> None:
    for code in record.get("strategic_objectives") or []:
        objective = state.objectives.get(code)
        if objective is None:
            continue
        for role in record.get("roles") or []:
            organisation = state.organisations[role["org"]]
            link = (organisation.id, objective.id)
            if state.session.get(OrganisationStrategicObjective, link) is None:
                state.session.add(
                    OrganisationStrategicObjective(organisation_id=id_of(organisation),
                                                   objective_id=id_of(objective))
                )
                state.session.flush()
