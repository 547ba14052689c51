"""The demo portfolio, built from the facts of the source documents (``data/demo/seed_facts.json``).

Real facts (organisations, countries, budgets, funding tables, workshops, key figures) are loaded as they
are. Where the documents lack what the dashboard needs — spending dates, per-period indicator values,
partnership reviews, budgets for projects the documents give no money for, exchange rates other than the
fixed XPF parity — values are generated with a fixed random seed and stored with ``is_illustrative=True``
so the interface can say so.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import func
from sqlmodel import Session, SQLModel, select

from dashboard.core import db
from dashboard.core.models import (
    BudgetLine,
    ExchangeRate,
    Indicator,
    IndicatorValue,
    Organisation,
    OrganisationAlias,
    OrganisationPartnershipObjective,
    OrganisationStrategicObjective,
    PartnershipReview,
    PlannedDisbursement,
    Project,
    ProjectCountry,
    ProjectLocation,
    ProjectObjective,
    ProjectRegion,
    ProjectRole,
    ProjectSdg,
    ProjectSector,
    ProjectTheme,
    Spending,
    StrategicObjective,
)
from dashboard.core.orm import table_of
from dashboard.core.text import fold
from dashboard.seed import demo_partners, demo_projects
from dashboard.seed.demo_state import DemoState

SEED_FACTS_PATH = db.PROJECT_ROOT / "data" / "demo" / "seed_facts.json"
PLACES_PATH = db.PROJECT_ROOT / "data" / "geo" / "places.csv"


class DemoAlreadyLoadedError(RuntimeError):
    pass


@dataclass(frozen=True)
class DemoSummary:
    organisations: int
    projects: int
    roles: int
    budget_lines: int
    spending: int
    indicators: int
    indicator_values: int
    reviews: int


def load_seed_facts(path: Path = SEED_FACTS_PATH) -> dict[str, Any]:
    return json.loads(path.read_text(encoding="utf-8"))


def load_places(path: Path = PLACES_PATH) -> dict[tuple[str, str], tuple[float, float]]:
    """Gazetteer: (folded place name, country) → (latitude, longitude)."""
    with path.open(encoding="utf-8") as handle:
        return {
            (fold(row["name"]), row["country"]): (float(row["latitude"]), float(row["longitude"]))
            for row in csv.DictReader(handle)
        }


def portfolio_size(session: Session) -> int:
    return session.exec(select(func.count()).select_from(Project)).one()


# The portfolio's tables, children before their parents (so deleting or truncating in this order never breaks a
# foreign key). Users, import history and audit are not in it: a rebuild keeps them.
PORTFOLIO_MODELS: tuple[type[SQLModel], ...] = (
    IndicatorValue,
    Indicator,
    Spending,
    BudgetLine,
    PlannedDisbursement,
    ProjectRole,
    ProjectLocation,
    ProjectSector,
    ProjectRegion,
    ProjectCountry,
    ProjectObjective,
    ProjectSdg,
    ProjectTheme,
    Project,
    PartnershipReview,
    OrganisationStrategicObjective,
    OrganisationPartnershipObjective,
    OrganisationAlias,
    Organisation,
    StrategicObjective,
    ExchangeRate,
)


def clear_portfolio(session: Session) -> None:
    """Delete every portfolio row (users, import history and audit are kept)."""
    for model in PORTFOLIO_MODELS:
        session.exec(table_of(model).delete())


def load_demo(session: Session, *, replace: bool = False, today: dt.date | None = None) -> DemoSummary:
    """Load the demo portfolio in the caller's transaction. Refuses to mix with existing data unless
    ``replace`` is set, in which case the existing portfolio is removed first."""
    existing = portfolio_size(session)
    if existing and not replace:
        raise DemoAlreadyLoadedError(
            f"the database already holds {existing} projects; run `python -m dashboard demo --replace` to "
            "wipe them and load the demo portfolio"
        )
    if existing:
        clear_portfolio(session)
    state = DemoState(session, load_seed_facts(), today or dt.date.today(), load_places())
    summary = build(state)
    db.bump_revision(session)
    return summary


def build(state: DemoState) -> DemoSummary:
    """The demo's steps in their order (the random draws follow it: the demo is the same on every load)."""
    demo_partners.objectives(state)
    demo_partners.organisations(state)
    projects = [demo_projects.project(state, record) for record in state.facts["projects"]]
    demo_partners.rates(state)
    demo_partners.reviews(state)
    state.session.flush()
    return DemoSummary(organisations=len(state.organisations), projects=len(projects), **state.counts)
