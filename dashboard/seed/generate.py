"""Portfolios by size, for benchmarks and load tests: ``small`` is the demo portfolio, ``large`` a synthetic
portfolio the size a regional organisation reaches after years of work (2 000 partners, 10 000 projects,
200 000 budget lines, 300 000 spending records, 22 000 indicators with 1 000 000 values).

Everything comes from a fixed random seed, one generator per table, so two builds hold the same rows. Rows are
written in bulk: ``COPY`` on PostgreSQL, Core ``executemany`` in batches elsewhere, inside one transaction that
also bumps the data revision. Generated rows carry ``is_illustrative=True``.

The large portfolio is shaped like the real ones: Pacific, French and African partners and places (with the
longitudes around the 180° meridian that break naive maps), yearly budget lines per category with some periods
revised, commitments apart from disbursements and expenditures, spending in several currencies with monthly
exchange rates, cumulative and periodic indicators, some of which stop reporting, and a few records with bad
coordinates or no country, as uploads from the field have.
"""

from __future__ import annotations

import datetime as dt
import math
import random
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Table, func, select, text
from sqlalchemy.engine import Connection, Engine
from sqlmodel import Session

from dashboard.core import db, values_to_date
from dashboard.core.models import (
    BudgetLine,
    BudgetStatus,
    BudgetType,
    Direction,
    ExchangeRate,
    Indicator,
    IndicatorValue,
    Measure,
    Organisation,
    OrganisationPartnershipObjective,
    OrganisationStrategicObjective,
    PartnershipObjective,
    PartnershipReview,
    Project,
    ProjectCountry,
    ProjectLocation,
    ProjectObjective,
    ProjectRole,
    ProjectSdg,
    ProjectStatus,
    ProjectTheme,
    ResultLevel,
    RoleKind,
    Spending,
    SpendingKind,
    StrategicObjective,
)
from dashboard.core.text import fold
from dashboard.seed.bulk import BulkWriter
from dashboard.seed.demo import clear_portfolio as clear_with_session
from dashboard.seed.demo import load_demo, load_seed_facts
from dashboard.seed.vocabulary import (
    BUDGET_CATEGORIES,
    FIXED_PARITIES,
    FUNDER_TYPES,
    IMPLEMENTER_TYPES,
    ORG_NAME_PATTERNS,
    ORG_TOPICS,
    ORG_TYPE_WEIGHTS,
    PACIFIC_CURRENCIES,
    PLACE_GROUPS,
    PROJECT_VERBS,
    RATES,
    REVIEWERS,
    THEME_SDGS,
    THEMES,
    WEST_AFRICAN_CFA,
)

SEED = 20261122
GENERATION_TODAY = dt.date(2026, 11, 22)
# A fixed timestamp for updated_at/created_at, so two builds are identical to the byte.
GENERATED_AT = dt.datetime(2026, 11, 22, 6, 0, tzinfo=dt.UTC)
SOURCE = "generated (python -m dashboard generate)"


@dataclass(frozen=True)
class PortfolioSize:
    """Row counts of a generated portfolio (the totals are met exactly)."""

    partners: int
    projects: int
    budget_lines: int
    spending: int
    indicator_values: int
    indicators_per_project: float = 2.2


SIZES: dict[str, PortfolioSize | None] = {
    "small": None,  # the demo portfolio
    "large": PortfolioSize(partners=2_000, projects=10_000, budget_lines=200_000, spending=300_000,
                           indicator_values=1_000_000),
}


@dataclass
class GenerateSummary:
    size: str
    counts: dict[str, int] = field(default_factory=dict)
    table_seconds: dict[str, float] = field(default_factory=dict)  # generating and writing each table
    analyze_seconds: float = 0.0
    seconds: float = 0.0

    @property
    def rows(self) -> int:
        return sum(self.counts.values())


# ---------------------------------------------------------------------------------------------------------
# Helpers
# ---------------------------------------------------------------------------------------------------------


def spread(total: int, weights: Sequence[float], *, minimum: int = 0) -> list[int]:
    """Integers proportional to ``weights`` that add up to exactly ``total`` (largest remainders), each at
    least ``minimum`` where its weight is positive."""
    positive = [weight if weight > 0 else 0.0 for weight in weights]
    floor_total = minimum * sum(1 for weight in positive if weight)
    rest = max(0, total - floor_total)
    weight_sum = sum(positive) or 1.0
    exact = [rest * weight / weight_sum for weight in positive]
    counts = [int(value) for value in exact]
    shortfall = rest - sum(counts)
    order = sorted(range(len(exact)), key=lambda index: (counts[index] - exact[index], index))
    for index in order[:shortfall]:
        counts[index] += 1
    return [count + (minimum if weight else 0) for count, weight in zip(counts, positive, strict=True)]


def _weighted(rng: random.Random, choices: Sequence[tuple[Any, float]]) -> Any:
    return rng.choices([choice for choice, _ in choices], weights=[weight for _, weight in choices])[0]


def _month_starts(first: dt.date, last: dt.date) -> Iterator[dt.date]:
    day = dt.date(first.year, first.month, 1)
    while day <= last:
        yield day
        day = dt.date(day.year + (day.month == 12), day.month % 12 + 1, 1)


@dataclass
class _Org:
    id: int
    type: str
    country: str | None
    city: str
    group: int


@dataclass
class _Project:
    id: int
    code: str
    start: dt.date
    end: dt.date
    status: str
    currency: str
    countries: list[tuple[str, float]]
    funders: list[int]
    budget_eur: float
    themes: list[str]

    @property
    def elapsed_days(self) -> int:
        return max(0, (min(self.end, GENERATION_TODAY) - self.start).days)


# ---------------------------------------------------------------------------------------------------------
# Bulk writing
# ---------------------------------------------------------------------------------------------------------


def _table(model: Any) -> Table:
    return model.__table__


# ---------------------------------------------------------------------------------------------------------
# The large portfolio
# ---------------------------------------------------------------------------------------------------------


class _LargeBuilder:
    def __init__(self, writer: BulkWriter, size: PortfolioSize, seed: int) -> None:
        self.writer = writer
        self.size = size
        self.seed = seed
        self.orgs: list[_Org] = []
        self.projects: list[_Project] = []
        self.objective_ids: list[int] = []
        self.indicator_plan: list[tuple[int, _Project, bool, int]] = []  # (id, project, cumulative, values)

    def rng(self, salt: str) -> random.Random:
        """One generator per table: what one table holds does not depend on the order tables are written."""
        return random.Random(f"{self.seed}:{salt}")

    def build(self) -> None:
        self._objectives()
        self._organisations()
        self._projects()
        self._project_links()
        self._roles()
        self._rates()
        self._budget_lines()
        self._spending()
        self._indicators()
        self._indicator_values()
        self.writer.reset_sequences(
            _table(model) for model in (StrategicObjective, Organisation, PartnershipReview, Project,
                                        ProjectLocation, ProjectRole, BudgetLine, Spending, ExchangeRate, Indicator,
                                        IndicatorValue)
        )

    # -- partners -----------------------------------------------------------------------------------------

    def _objectives(self) -> None:

        records = load_seed_facts().get("strategic_objectives", [])
        rows = [(index, record["code"], record["title"][:300], record.get("description"))
                for index, record in enumerate(records, start=1)]
        self.writer.write(_table(StrategicObjective), ("id", "code", "title", "description"), rows)
        self.objective_ids = [row[0] for row in rows]

    def _organisations(self) -> None:
        rng = self.rng("organisations")
        group_weights = [(index, weight) for index, (weight, _) in enumerate(PLACE_GROUPS)]
        names: set[str] = set()
        org_rows: list[tuple[Any, ...]] = []
        reviews: list[tuple[Any, ...]] = []
        review_id = 0
        for org_id in range(1, self.size.partners + 1):
            group = _weighted(rng, group_weights)
            city, country, latitude, longitude = rng.choice(PLACE_GROUPS[group][1])
            org_type = _weighted(rng, ORG_TYPE_WEIGHTS)
            pattern = rng.choice(ORG_NAME_PATTERNS[org_type])
            topic = rng.choice(ORG_TOPICS)
            topic_cap = topic.split(" ", 1)[-1].capitalize()
            name = pattern.format(city=city, country=country, topic=topic, topic_cap=topic_cap)
            key = fold(name)
            suffix = 2
            while key in names:  # a second partner of the same kind in the same place
                candidate = f"{name} {suffix}"
                key = fold(candidate)
                suffix += 1
            if suffix > 2:
                name = candidate
            names.add(key)
            point: tuple[float | None, float | None] = (
                round(latitude + rng.uniform(-0.04, 0.04), 5), round(longitude + rng.uniform(-0.04, 0.04), 5)
            )
            if org_id % 97 == 13:  # about 1 %: swapped, null-island or out-of-range points, as typed in a sheet
                point = ((point[1], point[0]), (0.0, 0.0), (latitude + 91.0, longitude))[(org_id // 97) % 3]
            elif rng.random() < 0.05:
                point = (None, None)  # no address geocoded yet
            stored_country: str | None = None if org_id % 101 == 50 else country
            org_reviews = self._organisation_reviews(rng, org_id, review_id)
            review_id += len(org_reviews)
            reviews.extend(org_reviews)
            last_review = org_reviews[0][2] if org_reviews else None
            next_review = org_reviews[0][12] if org_reviews else None
            status = _weighted(rng, (("active", 0.8), ("dormant", 0.1), ("prospective", 0.06), ("closed", 0.04)))
            org_rows.append((
                org_id, name[:300], key[:300], None, org_type, stored_country, city, point[0], point[1], None,
                status, rng.choice(REVIEWERS) if org_reviews else None, last_review, next_review, None, SOURCE,
                True, GENERATED_AT,
            ))
            self.orgs.append(_Org(org_id, org_type, stored_country, city, group))
        self.writer.write(
            _table(Organisation),
            ("id", "name", "name_key", "acronym", "type", "country", "city", "latitude", "longitude", "website",
             "status", "relationship_owner", "last_review_date", "next_review_date", "notes", "source",
             "is_illustrative", "updated_at"),
            org_rows,
        )
        self.writer.write(
            _table(PartnershipReview),
            ("id", "organisation_id", "review_date", "reviewer", "rating", "rating_strategic_contribution",
             "rating_collaboration", "rating_shared_values", "rating_added_value", "rating_mutual_results",
             "rating_gender_inclusion", "decision", "next_review_due", "notes", "created_by", "created_at",
             "is_illustrative"),
            [(*row[:12], row[12], "Revue générée.", "generate", GENERATED_AT, True) for row in reviews],
        )
        objectives = list(PartnershipObjective)
        self.writer.write(
            _table(OrganisationPartnershipObjective),
            ("organisation_id", "objective"),
            ((org.id, objective.value) for org in self.orgs
             for objective in rng.sample(objectives, rng.choice((1, 1, 2)))),
        )
        self.writer.write(
            _table(OrganisationStrategicObjective),
            ("organisation_id", "objective_id"),
            ((org.id, objective) for org in self.orgs
             for objective in sorted(rng.sample(self.objective_ids, min(len(self.objective_ids),
                                                                        rng.choice((0, 1, 1, 2)))))),
        )

    def _organisation_reviews(self, rng: random.Random, org_id: int, last_id: int) -> list[tuple[Any, ...]]:
        """Newest first: twice-yearly reviews for two partners in three; some are overdue."""
        if rng.random() < 0.35:
            return []
        rows = []
        review_date = GENERATION_TODAY - dt.timedelta(days=rng.randrange(10, 420))
        for index in range(rng.choice((1, 2, 2, 3, 4))):
            rating = rng.randrange(1, 6)
            rows.append((
                last_id + index + 1, org_id, review_date, rng.choice(REVIEWERS), rating,
                min(5, max(1, rating + rng.choice((-1, 0, 0, 1)))), rng.randrange(1, 6), rng.randrange(2, 6),
                rng.randrange(1, 6), rng.randrange(1, 6), rng.randrange(1, 6),
                "continue" if rating >= 3 else rng.choice(("change", "close")),
                review_date + dt.timedelta(days=182),
            ))
            review_date -= dt.timedelta(days=182)
        return rows

    # -- projects -----------------------------------------------------------------------------------------

    def _projects(self) -> None:
        rng = self.rng("projects")
        orgs_by_group: dict[int, list[_Org]] = {}
        for org in self.orgs:
            orgs_by_group.setdefault(org.group, []).append(org)
        funders = [org for org in self.orgs if org.type in FUNDER_TYPES]
        rows = []
        prefixes = ("PAC", "OCE", "FRA", "AFR")
        for project_id in range(1, self.size.projects + 1):
            group = _weighted(rng, [(index, weight) for index, (weight, _) in enumerate(PLACE_GROUPS)])
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
                status = _weighted(rng, (("closed", 0.8), ("finalisation", 0.15), ("cancelled", 0.05)))
            else:
                status = _weighted(rng, (("implementation", 0.92), ("suspended", 0.04), ("finalisation", 0.04)))
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
            project = _Project(project_id, code, start, end, status, currency, countries, project_funders,
                               budget_eur, themes)
            if rng.random() < 0.15:  # a funding table printed a total; a few do not add up
                declared = round(self._in_currency(budget_eur, currency) * rng.choice((1, 1, 1, 1.03, 0.97)), 0)
            rows.append((
                project_id, code, title[:300], f"{title}. Projet généré pour les essais de charge.", mechanism, status,
                start, end, start if status != "pipeline" else None,
                end if status in ("closed", "cancelled") else None, currency, declared, SOURCE, True, GENERATED_AT,
            ))
            self.projects.append(project)
        self.writer.write(
            _table(Project),
            ("id", "code", "title", "description", "mechanism", "status", "planned_start", "planned_end",
             "actual_start", "actual_end", "currency", "declared_total", "source", "is_illustrative", "updated_at"),
            rows,
        )

    @staticmethod
    def _in_currency(amount_eur: float, currency: str) -> float:
        return amount_eur if currency == "EUR" else amount_eur / RATES[currency]

    def _project_links(self) -> None:
        rng = self.rng("links")
        self.writer.write(_table(ProjectTheme), ("project_id", "theme"),
                          ((project.id, theme) for project in self.projects for theme in project.themes))
        self.writer.write(
            _table(ProjectSdg), ("project_id", "sdg"),
            ((project.id, sdg) for project in self.projects
             for sdg in dict.fromkeys(sdg for theme in project.themes for sdg in THEME_SDGS[theme][:2])),
        )
        self.writer.write(
            _table(ProjectObjective), ("project_id", "objective_id"),
            ((project.id, objective) for project in self.projects
             for objective in sorted(rng.sample(self.objective_ids, min(len(self.objective_ids),
                                                                        rng.choice((0, 1, 1, 2)))))),
        )
        self.writer.write(
            _table(ProjectCountry), ("project_id", "country", "share"),
            ((project.id, country, share) for project in self.projects for country, share in project.countries),
        )
        places_by_country: dict[str, list[tuple[str, str, float, float]]] = {}
        for _, places in PLACE_GROUPS:
            for place in places:
                places_by_country.setdefault(place[1], []).append(place)

        def locations() -> Iterator[tuple[Any, ...]]:
            location_id = 0
            for project in self.projects:
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

        self.writer.write(_table(ProjectLocation),
                          ("id", "project_id", "name", "country", "latitude", "longitude", "is_illustrative"),
                          locations())

    def _roles(self) -> None:
        rng = self.rng("roles")
        implementers_by_group: dict[int, list[_Org]] = {}
        for org in self.orgs:
            if org.type in IMPLEMENTER_TYPES:
                implementers_by_group.setdefault(org.group, []).append(org)
        group_of_prefix = {"PAC": 0, "OCE": 1, "FRA": 2, "AFR": 3}

        def rows() -> Iterator[tuple[Any, ...]]:
            role_id = 0
            for project in self.projects:
                budget = self._in_currency(project.budget_eur, project.currency)
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

        self.writer.write(_table(ProjectRole),
                          ("id", "project_id", "organisation_id", "role", "contribution", "currency"), rows())

    def _rates(self) -> None:
        rng = self.rng("rates")

        def rows() -> Iterator[tuple[Any, ...]]:
            rate_id = 0
            for currency, base in RATES.items():
                for month in _month_starts(dt.date(2014, 1, 1), GENERATION_TODAY):
                    drift = 1.0 if currency in FIXED_PARITIES else rng.uniform(0.93, 1.07)
                    rate_id += 1
                    source = "fixed parity" if currency in FIXED_PARITIES else SOURCE
                    yield (rate_id, currency, month, base * drift, source)

        self.writer.write(_table(ExchangeRate), ("id", "currency", "rate_date", "eur_per_unit", "source"), rows())

    # -- money --------------------------------------------------------------------------------------------

    def _budget_lines(self) -> None:
        rng = self.rng("budget_lines")
        counts = spread(self.size.budget_lines, [1 + (p.end - p.start).days / 365 for p in self.projects], minimum=1)

        def rows() -> Iterator[tuple[Any, ...]]:
            line_id = 0
            for project, count in zip(self.projects, counts, strict=True):
                years = list(range(project.start.year, project.end.year + 1))
                periods = [(max(project.start, dt.date(year, 1, 1)), min(project.end, dt.date(year, 12, 31)))
                           for year in years]
                revised = int(count * 0.06) if count >= 8 else 0
                originals = count - revised
                per_period = spread(originals, [1.0] * len(periods)) if originals >= len(periods) else \
                    [1] * originals + [0] * (len(periods) - originals)
                total = self._in_currency(project.budget_eur, project.currency)
                lines: list[tuple[int, int | None, dt.date, dt.date, str]] = []
                for (period_start, period_end), in_period in zip(periods, per_period, strict=True):
                    for index in range(in_period):
                        funder: int | None = project.funders[(index // len(BUDGET_CATEGORIES))
                                                             % len(project.funders)]
                        lines.append((len(lines), funder, period_start, period_end,
                                      BUDGET_CATEGORIES[index % len(BUDGET_CATEGORIES)]))
                amounts = [total / max(1, originals) * rng.uniform(0.6, 1.4) for _ in lines]
                for (_, funder, period_start, period_end, category), amount in zip(lines, amounts, strict=True):
                    line_id += 1
                    status = BudgetStatus.indicative.value if period_start > GENERATION_TODAY else \
                        BudgetStatus.committed.value
                    yield (line_id, project.id, funder, period_start, period_end, category, round(amount, 2),
                           project.currency, BudgetType.original.value, status, True)
                # A revision replaces a whole period's lines: revise the earliest periods until the count is met.
                for index, (_, funder, period_start, period_end, category) in enumerate(lines[:revised]):
                    line_id += 1
                    yield (line_id, project.id, funder, period_start, period_end, category,
                           round(amounts[index] * rng.uniform(0.8, 1.25), 2), project.currency,
                           BudgetType.revised.value, BudgetStatus.committed.value, True)

        self.writer.write(
            _table(BudgetLine),
            ("id", "project_id", "funder_id", "period_start", "period_end", "category", "amount", "currency",
             "budget_type", "status", "is_illustrative"),
            rows(),
        )

    def _spending(self) -> None:
        rng = self.rng("spending")
        counts = spread(self.size.spending, [p.elapsed_days for p in self.projects], minimum=1)

        def rows() -> Iterator[tuple[Any, ...]]:
            spending_id = 0
            for project, count in zip(self.projects, counts, strict=True):
                if not count:
                    continue
                elapsed = project.elapsed_days
                share_elapsed = elapsed / max(1, (project.end - project.start).days)
                profile = rng.random()
                # Most projects track the calendar; some run over budget, some far behind.
                if profile < 0.1:
                    rate = share_elapsed * rng.uniform(1.1, 1.4)
                elif profile < 0.3:
                    rate = share_elapsed * rng.uniform(0.15, 0.5)
                else:
                    rate = share_elapsed * rng.uniform(0.8, 1.02)
                commitments = max(1, count // 10)
                consumed_rows = count - commitments
                target_eur = project.budget_eur * rate
                for index in range(count):
                    spending_id += 1
                    day = project.start + dt.timedelta(days=rng.randrange(0, max(1, elapsed)))
                    if index < commitments:
                        kind = SpendingKind.commitment.value
                        amount_eur = project.budget_eur * 0.7 / commitments
                    else:
                        kind = SpendingKind.disbursement.value if rng.random() < 0.45 else \
                            SpendingKind.expenditure.value
                        amount_eur = target_eur / max(1, consumed_rows) * rng.uniform(0.5, 1.5)
                    currency = project.currency
                    if rng.random() < 0.12:  # paid in another currency (local costs, a dollar-funded line)
                        currency = rng.choice(("EUR", "USD", "AUD", "XPF", "FJD", "XOF"))
                    amount = round(self._in_currency(amount_eur, currency), 2)
                    funder = project.funders[index % len(project.funders)]
                    yield (spending_id, project.id, funder, day, amount, currency, kind,
                           BUDGET_CATEGORIES[index % len(BUDGET_CATEGORIES)], f"{project.code}-T{index + 1:04d}",
                           None, True)

        self.writer.write(
            _table(Spending),
            ("id", "project_id", "funder_id", "date", "amount", "currency", "kind", "category", "reference",
             "description", "is_illustrative"),
            rows(),
        )

    # -- results ------------------------------------------------------------------------------------------

    def _indicators(self) -> None:
        rng = self.rng("indicators")
        per_project = spread(round(self.size.projects * self.size.indicators_per_project),
                             [1.0] * len(self.projects), minimum=1)
        weights = []
        plan: list[tuple[int, _Project, bool]] = []
        rows = []
        indicator_id = 0
        for project, count in zip(self.projects, per_project, strict=True):
            for index in range(count):
                indicator_id += 1
                theme = project.themes[index % len(project.themes)]
                cumulative = rng.random() < 0.6
                measure = Measure.percentage.value if rng.random() < 0.15 else Measure.number.value
                direction = Direction.lower_is_better.value if rng.random() < 0.1 else \
                    Direction.higher_is_better.value
                if measure == Measure.percentage.value:
                    baseline, target, unit = 20.0, float(rng.randrange(50, 96)), "%"
                    if direction == Direction.lower_is_better.value:
                        baseline, target = 60.0, float(rng.randrange(5, 40))
                else:
                    baseline, unit = 0.0, rng.choice(("personnes", "ateliers", "hectares", "tonnes", "ménages"))
                    target = float(rng.randrange(10, 5000))
                    if direction == Direction.lower_is_better.value:
                        baseline, target = target, round(target * 0.4)
                name = f"{theme} — {'résultat' if index else 'produit'} {index + 1} ({unit})"
                level = (ResultLevel.output, ResultLevel.outcome, ResultLevel.impact)[min(index, 2)].value
                rows.append((indicator_id, project.id, f"IND-{index + 1}", level, name[:300], unit, measure,
                             direction, cumulative, baseline, project.start, target, project.end, True))
                plan.append((indicator_id, project, cumulative))
                weights.append(float(min(project.elapsed_days, 2000)))
        self.writer.write(
            _table(Indicator),
            ("id", "project_id", "code", "result_level", "name", "unit", "measure", "direction", "cumulative",
             "baseline_value", "baseline_date", "target_value", "target_date", "is_illustrative"),
            rows,
        )
        values = spread(self.size.indicator_values, weights)
        self.indicator_rows = {row[0]: row for row in rows}
        self.indicator_plan = [(iid, project, cumulative, count)
                               for (iid, project, cumulative), count in zip(plan, values, strict=True)]

    def _indicator_values(self) -> None:
        rng = self.rng("indicator_values")

        def rows() -> Iterator[tuple[Any, ...]]:
            value_id = 0
            for indicator_id, project, cumulative, count in self.indicator_plan:
                if not count:
                    continue
                row = self.indicator_rows[indicator_id]
                baseline, target = row[9], row[11]
                span = max(project.elapsed_days, count)  # at least a day per period
                # Some indicators stop reporting halfway: their periods end well before today.
                if rng.random() < 0.12 and span // 2 >= count:
                    span //= 2
                pace = rng.choice((1.0, 1.0, 0.95, 0.8, 0.5))
                total_days = max(1, (project.end - project.start).days)
                running = baseline
                for index in range(count):
                    period_start = project.start + dt.timedelta(days=index * span // count)
                    period_end = project.start + dt.timedelta(days=(index + 1) * span // count - 1)
                    share = ((period_end - project.start).days + 1) / total_days
                    if cumulative:
                        planned = baseline + (target - baseline) * share
                        running = baseline + (target - baseline) * share * pace * rng.uniform(0.95, 1.05)
                        actual = round(running, 1)
                    else:
                        planned = (target - baseline) / max(1, count) if target > baseline else target
                        actual = round(planned * pace * rng.uniform(0.7, 1.2), 1)
                    value_id += 1
                    yield (value_id, indicator_id, period_start, period_end, round(planned, 1), actual, None, True)

        self.writer.write(
            _table(IndicatorValue),
            ("id", "indicator_id", "period_start", "period_end", "target", "actual", "note", "is_illustrative"),
            rows(),
        )


# ---------------------------------------------------------------------------------------------------------
# Entry points
# ---------------------------------------------------------------------------------------------------------


def clear_portfolio(connection: Connection) -> None:
    """Remove the portfolio (users, import history and audit are kept) before a build."""

    if connection.dialect.name == "postgresql":
        names = ", ".join(
            f'"{_table(model).name}"'
            for model in (IndicatorValue, Indicator, Spending, BudgetLine, ProjectRole, ProjectLocation,
                          ProjectCountry, ProjectObjective, ProjectSdg, ProjectTheme, Project, PartnershipReview,
                          OrganisationStrategicObjective, OrganisationPartnershipObjective, Organisation,
                          StrategicObjective, ExchangeRate)
        )
        connection.execute(text(f"TRUNCATE {names}"))
        return
    with Session(bind=connection) as session:
        clear_with_session(session)
        session.flush()


def generate(
    engine: Engine,
    size: str | PortfolioSize = "large",
    *,
    seed: int = SEED,
    progress: Callable[[str], None] | None = None,
) -> GenerateSummary:
    """Replace the portfolio in ``engine``'s database by a generated one of ``size``, in one transaction."""
    started = time.perf_counter()
    db.upgrade(engine)
    name = size if isinstance(size, str) else "custom"
    spec = SIZES[size] if isinstance(size, str) else size
    summary = GenerateSummary(size=name)
    if spec is None:

        with db.session_scope(engine) as session:
            demo = load_demo(session, replace=True, today=GENERATION_TODAY)
        summary.counts = {"organisation": demo.organisations, "project": demo.projects, "project_role": demo.roles,
                          "budget_line": demo.budget_lines, "spending": demo.spending, "indicator": demo.indicators,
                          "indicator_value": demo.indicator_values, "partnership_review": demo.reviews}
    else:
        with engine.begin() as connection:
            if engine.dialect.name == "postgresql" and connection.execute(text("SHOW is_superuser")).scalar() == "on":
                # Skip the per-row foreign-key triggers for this transaction only: the generator writes parents
                # before children with known ids, and the bulk load runs several times faster.
                connection.execute(text("SET LOCAL session_replication_role = replica"))
            clear_portfolio(connection)
            writer = BulkWriter(connection)
            builder = _LargeBuilder(writer, spec, seed)
            builder.build()
            values_to_date.refresh_values_to_date(connection)
            with Session(bind=connection) as session:
                db.bump_revision(session)
                session.flush()
            summary.counts = dict(writer.counts)
            summary.table_seconds = dict(writer.seconds)
        analyzed = time.perf_counter()
        if engine.dialect.name == "postgresql":
            # Fresh statistics, so the planner picks the indexes from the first page view on; VACUUM sets the
            # visibility map, without which index-only scans still read every heap page after a bulk load.
            with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
                connection.execute(text("VACUUM ANALYZE"))
        else:
            with engine.begin() as connection:
                connection.execute(text("ANALYZE"))
        summary.analyze_seconds = time.perf_counter() - analyzed
    summary.seconds = time.perf_counter() - started
    if progress:
        progress(f"generated {name} portfolio: {summary.rows} rows in {summary.seconds:.1f} s")
    return summary


def fingerprint(engine: Engine) -> dict[str, tuple[int, float]]:
    """Row count and a checksum per table, to check that two builds are the same."""
    checks: dict[str, Any] = {
        "organisation": func.sum(func.length(Organisation.name) + func.coalesce(Organisation.latitude, 0)),
        "project": func.sum(func.length(Project.code) + func.coalesce(Project.declared_total, 0)),
        "project_role": func.sum(ProjectRole.organisation_id * ProjectRole.project_id),
        "budget_line": func.sum(BudgetLine.amount),
        "spending": func.sum(Spending.amount),
        "indicator": func.sum(Indicator.target_value),
        "indicator_value": func.sum(IndicatorValue.actual),
        "partnership_review": func.sum(PartnershipReview.rating),
        "exchange_rate": func.sum(ExchangeRate.eur_per_unit),
        "project_location": func.sum(func.coalesce(ProjectLocation.longitude, 0)),
    }
    tables = {_table(model).name: _table(model) for model in (
        Organisation, Project, ProjectRole, BudgetLine, Spending, Indicator, IndicatorValue, PartnershipReview,
        ExchangeRate, ProjectLocation)}
    result = {}
    with engine.connect() as connection:
        for name, checksum in checks.items():
            count, total = connection.execute(select(func.count(), checksum).select_from(tables[name])).one()
            result[name] = (int(count), round(float(total or 0), 2))
    return result


