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

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, select, text
from sqlalchemy.engine import Connection, Engine
from sqlmodel import Session

from dashboard.core import db, values_to_date
from dashboard.core.models import (
    BudgetLine,
    ExchangeRate,
    Indicator,
    IndicatorValue,
    Organisation,
    PartnershipReview,
    Project,
    ProjectLocation,
    ProjectRole,
    Spending,
    StrategicObjective,
)
from dashboard.core.orm import table_of
from dashboard.seed import generated_money, generated_partners, generated_projects, generated_results
from dashboard.seed.bulk import BulkWriter
from dashboard.seed.demo import PORTFOLIO_MODELS, load_demo
from dashboard.seed.demo import clear_portfolio as clear_with_session
from dashboard.seed.generated import (
    GENERATED_AT,
    GENERATION_TODAY,
    SEED,
    SOURCE,
    Generation,
    PortfolioSize,
    spread,
)
from dashboard.seed.vocabulary import PLACE_GROUPS

__all__ = ["GENERATED_AT", "GENERATION_TODAY", "PLACE_GROUPS", "SEED", "SIZES", "SOURCE", "GenerateSummary",
           "PortfolioSize", "clear_portfolio", "fingerprint", "generate", "spread"]

SIZES: dict[str, PortfolioSize | None] = {
    "small": None,  # the demo portfolio
    "large": PortfolioSize(partners=2_000, projects=10_000, budget_lines=200_000, spending=300_000,
                           indicator_values=1_000_000),
}

# The large portfolio, table by table: each step writes its rows and leaves on the shared ``Generation`` what
# the later steps need (parents before children, so ids are known and foreign keys hold).
STEPS: tuple[Callable[[Generation], None], ...] = (
    generated_partners.objectives,
    generated_partners.organisations,
    generated_projects.projects,
    generated_projects.project_links,
    generated_projects.roles,
    generated_money.rates,
    generated_money.budget_lines,
    generated_money.spending,
    generated_results.indicators,
    generated_results.indicator_values,
)
# Tables whose ids the steps chose: their sequences move past them, so later inserts do not collide.
NUMBERED = (StrategicObjective, Organisation, PartnershipReview, Project, ProjectLocation, ProjectRole, BudgetLine,
            Spending, ExchangeRate, Indicator, IndicatorValue)


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


def build_large(writer: BulkWriter, size: PortfolioSize, seed: int = SEED) -> Generation:
    """Write a generated portfolio of ``size`` through ``writer``, step by step (``STEPS``)."""
    state = Generation(writer, size, seed)
    for step in STEPS:
        step(state)
    writer.reset_sequences(table_of(model) for model in NUMBERED)
    return state


# ---------------------------------------------------------------------------------------------------------
# Entry points
# ---------------------------------------------------------------------------------------------------------


def clear_portfolio(connection: Connection) -> None:
    """Remove the portfolio (users, import history and audit are kept) before a build."""

    if connection.dialect.name == "postgresql":
        names = ", ".join(f'"{table_of(model).name}"' for model in PORTFOLIO_MODELS)
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
            build_large(writer, spec, seed)
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
    tables = {table_of(model).name: table_of(model) for model in (
        Organisation, Project, ProjectRole, BudgetLine, Spending, Indicator, IndicatorValue, PartnershipReview,
        ExchangeRate, ProjectLocation)}
    result = {}
    with engine.connect() as connection:
        for name, checksum in checks.items():
            count, total = connection.execute(select(func.count(), checksum).select_from(tables[name])).one()
            result[name] = (int(count), round(float(total or 0), 2))
    return result


