"""The shared state of a portfolio generation (``seed.generate``): what one table's step leaves for the next
(partners, projects, objectives, the indicator plan), the bulk writer, one random generator per table, and the
small helpers the steps share. Each step is a function of this state, one module per family of tables:
``generated_partners``, ``generated_projects``, ``generated_money``, ``generated_results``.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from dashboard.seed.bulk import BulkWriter
from dashboard.seed.vocabulary import RATES

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


@dataclass
class Org:
    id: int
    type: str
    country: str | None
    city: str
    group: int


@dataclass
class PlannedProject:
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


@dataclass
class Generation:
    """What the steps share: each adds its rows through ``writer`` and leaves what later steps need here."""

    writer: BulkWriter
    size: PortfolioSize
    seed: int
    orgs: list[Org] = field(default_factory=list)
    projects: list[PlannedProject] = field(default_factory=list)
    objective_ids: list[int] = field(default_factory=list)
    indicator_rows: dict[int, tuple[Any, ...]] = field(default_factory=dict)
    # (indicator id, project, cumulative, values to generate)
    indicator_plan: list[tuple[int, PlannedProject, bool, int]] = field(default_factory=list)

    def rng(self, salt: str) -> random.Random:
        """One generator per table: what one table holds does not depend on the order tables are written."""
        return random.Random(f"{self.seed}:{salt}")


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


def weighted(rng: random.Random, choices: Sequence[tuple[Any, float]]) -> Any:
    return rng.choices([choice for choice, _ in choices], weights=[weight for _, weight in choices])[0]


def month_starts(first: dt.date, last: dt.date) -> Iterator[dt.date]:
    day = dt.date(first.year, first.month, 1)
    while day <= last:
        yield day
        day = dt.date(day.year + (day.month == 12), day.month % 12 + 1, 1)


def in_currency(amount_eur: float, currency: str) -> float:
    return amount_eur if currency == "EUR" else amount_eur / RATES[currency]
