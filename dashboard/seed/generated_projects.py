"""Generated projects: the projects, their themes, SDGs, objectives, countries and locations, and the partners'
roles in them."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterator
from typing import Any

from dashboard.core.models import (
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
from dashboard.core.orm import table_of
from dashboard.seed.generated import (
    GENERATED_AT,
    GENERATION_TODAY,
    SOURCE,
    Generation,
    Org,
    PlannedProject,
    in_currency,
    spread,
    weighted,
)
from dashboard.seed.vocabulary import (
    FUNDER_TYPES,
    IMPLEMENTER_TYPES,
    PACIFIC_CURRENCIES,
    PLACE_GROUPS,
    PROJECT_VERBS,
    THEME_SDGS,
    THEMES,
    WEST_AFRICAN_CFA,
)


def projects(state: Generation) -> None:
    """Projects with dates, status, currency, countries (a fifth in several, shares adding to 100) and a budget
    in euros that later steps share out."""
    rng = state.rng("projects")
    orgs_by_group: dict[int, list[Org]] = {}
    for org in state.orgs:
        orgs_by_group.setdefault(org.group, []).append(org)
    funders = [org for org in state.orgs if org.type in FUNDER_TYPES]
    rows = []
    prefixes = ("PAC", "OCE", "FRA", "AFR")
    for project_id in range(1, state.size.projects + 1):
        group = weighted(rng, [(index, weight) for index, (weight, _) in enumerate(PLACE_GROUPS)])
        places = PLACE_GROUPS[group][1]
        home = rng.choice(places)
        countries: list[tuple[str, float]]
        if rng.random() < 0.2:  # multi-country project: shares split its money between countries
            picked = list(dict.fromkeys(place[1] for place in rng.sample(places, min(len(places), 4))))[:3]
            cuts = sorted(rng.sample(range(5, 96, 5), len(picked) - 1)) if len(picked) > 1 else []
            bounds = [0, *cuts, 100]
            countries = [(country, float(bounds[i + 1] - bounds[i])) for i, country in enumerate(picked)]
        else:
            countries = [(home[1], 100.0)]
        if project_id % 97 == 11:
            countries = []  # about 1 % uploaded without a country: the data-quality page must show it
        start = dt.date(2014, 1, 1) + dt.timedelta(days=rng.randrange(0, 365 * 13))
        end = start + dt.timedelta(days=rng.randrange(365, 365 * 6))
        if start > GENERATION_TODAY:
            status = ProjectStatus.pipeline.value
        elif end < GENERATION_TODAY:
            status = weighted(rng, (("closed", 0.8), ("finalisation", 0.15), ("cancelled", 0.05)))
        else:
            status = weighted(rng, (("implementation", 0.92), ("suspended", 0.04), ("finalisation", 0.04)))
        country = countries[0][0] if countries else home[1]
        if country in PACIFIC_CURRENCIES and rng.random() < 0.5:
            currency = PACIFIC_CURRENCIES[country]
        elif country in WEST_AFRICAN_CFA and rng.random() < 0.3:
            currency = "XOF"
        elif group in (0, 1) and rng.random() < 0.25:
            currency = "USD"
        else:
            currency = "EUR"
        themes = rng.sample(THEMES, rng.choice((1, 1, 2, 2, 3)))
        title = f"{rng.choice(PROJECT_VERBS)} {themes[0].lower()} — {home[0]}"
        budget_eur = round(math.exp(rng.gauss(math.log(400_000), 0.9)), -2)
        project_funders = [org.id for org in rng.sample(funders, rng.choice((1, 1, 2, 3)))]
        declared = None
        mechanism = rng.choice(("grant", "financing_agreement", "contract", "mou", "letter_of_agreement"))
        code = f"{prefixes[group]}-{start.year}-{project_id:05d}"
        project = PlannedProject(project_id, code, start, end, status, currency, countries, project_funders,
                           budget_eur, themes)
        if rng.random() < 0.15:  # a funding table printed a total; a few do not add up
            declared = round(in_currency(budget_eur, currency) * rng.choice((1, 1, 1, 1.03, 0.97)), 0)
        rows.append((
            project_id, code, title[:300], f"{title}. Projet généré pour les essais de charge.", mechanism, status,
            start, end, start if status != "pipeline" else None,
            end if status in ("closed", "cancelled") else None, currency, declared, SOURCE, True, GENERATED_AT,
        ))
        state.projects.append(project)
    state.writer.write(
        table_of(Project),
        ("id", "code", "title", "description", "mechanism", "status", "planned_start", "planned_end",
         "actual_start", "actual_end", "currency", "declared_total", "source", "is_illustrative", "updated_at"),
        rows,
    )


def project_links(state: Generation) -> None:
    """Each project's themes, SDGs, strategic objectives, countries and locations (a few swapped or blank)."""
    rng = state.rng("links")
    state.writer.write(table_of(ProjectTheme), ("project_id", "theme"),
                      ((project.id, theme) for project in state.projects for theme in project.themes))
    state.writer.write(
        table_of(ProjectSdg), ("project_id", "sdg"),
        ((project.id, sdg) for project in state.projects
         for sdg in dict.fromkeys(sdg for theme in project.themes for sdg in THEME_SDGS[theme][:2])),
    )
    state.writer.write(
        table_of(ProjectObjective), ("project_id", "objective_id"),
        ((project.id, objective) for project in state.projects
         for objective in sorted(rng.sample(state.objective_ids, min(len(state.objective_ids),
                                                                    rng.choice((0, 1, 1, 2)))))),
    )
    state.writer.write(
        table_of(ProjectCountry), ("project_id", "country", "share"),
        ((project.id, country, share) for project in state.projects for country, share in project.countries),
    )
    places_by_country: dict[str, list[tuple[str, str, float, float]]] = {}
    for _, places in PLACE_GROUPS:
        for place in places:
            places_by_country.setdefault(place[1], []).append(place)

    def locations() -> Iterator[tuple[Any, ...]]:
        location_id = 0
        for project in state.projects:
            for country, _share in project.countries:
                for _ in range(rng.choice((0, 1, 1, 2))):
                    name, _, latitude, longitude = rng.choice(places_by_country[country])
                    point: tuple[float | None, float | None] = (
                        round(latitude + rng.uniform(-0.2, 0.2), 5), round(longitude + rng.uniform(-0.2, 0.2), 5)
                    )
                    roll = rng.random()
                    if roll < 0.004:
                        point = (point[1], point[0])  # latitude and longitude swapped in the sheet
                    elif roll < 0.006:
                        point = (None, None)
                    location_id += 1
                    yield (location_id, project.id, f"{name} (site {location_id})", country, point[0], point[1],
                           True)

    state.writer.write(table_of(ProjectLocation),
                      ("id", "project_id", "name", "country", "latitude", "longitude", "is_illustrative"),
                      locations())


def roles(state: Generation) -> None:
    """Funders with their contributions, one accountable partner and implementers per project."""
    rng = state.rng("roles")
    implementers_by_group: dict[int, list[Org]] = {}
    for org in state.orgs:
        if org.type in IMPLEMENTER_TYPES:
            implementers_by_group.setdefault(org.group, []).append(org)
    group_of_prefix = {"PAC": 0, "OCE": 1, "FRA": 2, "AFR": 3}

    def rows() -> Iterator[tuple[Any, ...]]:
        role_id = 0
        for project in state.projects:
            budget = in_currency(project.budget_eur, project.currency)
            shares = spread(100, [rng.uniform(0.5, 1.5) for _ in project.funders])
            for funder, share in zip(project.funders, shares, strict=True):
                role_id += 1
                yield (role_id, project.id, funder, RoleKind.funding.value, round(budget * share / 100, 2),
                       project.currency)
            local = implementers_by_group[group_of_prefix[project.code[:3]]]
            picked = rng.sample(local, rng.choice((1, 2, 2, 3)))
            role_id += 1
            yield (role_id, project.id, picked[0].id, RoleKind.accountable.value, None, None)
            for org in picked[1:] or picked:
                role_id += 1
                yield (role_id, project.id, org.id, RoleKind.implementing.value, None, None)

    state.writer.write(table_of(ProjectRole),
                      ("id", "project_id", "organisation_id", "role", "contribution", "currency"), rows())
