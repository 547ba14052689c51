"""The portfolio generator: exact sizes, same rows on every build, realistic flaws, revision bumped."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlmodel import Session

from dashboard.core import db
from dashboard.core.models import BudgetLine, Organisation, Project, ProjectCountry, Spending
from dashboard.seed.generate import PLACE_GROUPS, PortfolioSize, fingerprint, generate, spread

TINY = PortfolioSize(partners=60, projects=150, budget_lines=2_000, spending=3_000, indicator_values=6_000)


def test_spread_meets_the_total_exactly_and_keeps_the_minimum() -> None:
    assert spread(10, [1, 1, 1]) == [4, 3, 3]
    assert sum(spread(1_000, [0.3, 2.5, 0, 7])) == 1_000
    assert spread(5, [0, 1, 1], minimum=1)[0] == 0
    assert min(spread(20, [0.01, 10, 10], minimum=1)) == 1


def test_generated_portfolio_has_the_requested_size_and_is_the_same_on_every_build(engine) -> None:
    before = db.data_revision(engine)
    summary = generate(engine, TINY)
    assert summary.counts["organisation"] == 60
    assert summary.counts["project"] == 150
    assert summary.counts["budget_line"] == 2_000
    assert summary.counts["spending"] == 3_000
    assert summary.counts["indicator_value"] == 6_000
    assert db.data_revision(engine) == before + 1
    first = fingerprint(engine)
    generate(engine, TINY)
    assert fingerprint(engine) == first
    assert db.data_revision(engine) == before + 2


def test_generated_portfolio_has_revisions_currencies_and_field_flaws(engine) -> None:
    generate(engine, TINY)
    with Session(engine) as session:
        revised = session.execute(
            select(func.count()).select_from(BudgetLine).where(BudgetLine.budget_type == "revised")
        ).scalar_one()
        currencies = session.execute(select(func.count(func.distinct(Spending.currency)))).scalar_one()
        kinds = set(session.execute(select(Spending.kind).distinct()).scalars())
        flawed = session.get(Organisation, 13)  # every 97th partner from the 13th has a bad point
        sound = session.get(Organisation, 12)
        partners_without_country = session.execute(
            select(func.count()).select_from(Organisation).where(Organisation.country.is_(None))
        ).scalar_one()
        projects_without_country = session.execute(
            select(func.count()).select_from(Project).where(~Project.id.in_(select(ProjectCountry.project_id)))
        ).scalar_one()
        across_meridian = session.execute(
            select(func.count()).select_from(Organisation).where(Organisation.longitude < -150)
        ).scalar_one()
    assert revised > 0
    assert currencies >= 3
    assert kinds == {"commitment", "disbursement", "expenditure"}
    assert across_meridian > 0
    gazetteer = {city: (latitude, longitude) for _, places in PLACE_GROUPS for city, _, latitude, longitude in places}
    assert flawed is not None and sound is not None and sound.latitude is not None
    assert abs(sound.latitude - gazetteer[sound.city][0]) < 0.1
    assert flawed.latitude is None or abs(flawed.latitude - gazetteer[flawed.city][0]) > 1
    assert partners_without_country == 1  # partner 50
    assert projects_without_country == 2  # projects 11 and 108 of 150


def test_small_size_is_the_demo_portfolio(engine) -> None:
    summary = generate(engine, "small")
    assert summary.counts["project"] == 40
    with Session(engine) as session:
        assert session.execute(select(func.count()).select_from(Project)).scalar_one() == 40
