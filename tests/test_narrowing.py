"""A filter without a period is read by cutting the whole portfolio's reads down (``dashboard.views.reads``,
issue 15): every figure must be the one the direct read gives, for every kind of filter, on both databases, and a
write must show at once."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest
from sqlalchemy import func, select
from sqlalchemy.engine import Engine
from sqlmodel import Session

from dashboard import views
from dashboard.core import db
from dashboard.core.models import BudgetLine, BudgetType, Project, ProjectCountry
from dashboard.queries.filters import PortfolioFilter
from dashboard.queries.money import PortfolioMoney
from dashboard.queries.options import filter_options
from dashboard.views import reads
from tests.conftest import DEMO_TODAY


def _filters(engine: Engine) -> list[PortfolioFilter]:
    """One filter per dimension, drawn from the demo's own choices, and a few combined."""
    options = filter_options(engine)
    busiest = _busiest_countries(engine)
    chosen = [
        PortfolioFilter(countries=(options.countries[0],)),
        PortfolioFilter(countries=busiest[:1]),
        PortfolioFilter(countries=busiest[1:4]),  # projects in several of them count each chosen share once
        *[PortfolioFilter(regions=(region,)) for region in options.regions],
        PortfolioFilter(themes=(options.themes[0],)),
        PortfolioFilter(statuses=(options.statuses[0],)),
        PortfolioFilter(org_types=(options.org_types[0],)),
        PortfolioFilter(roles=(options.roles[-1],)),
        PortfolioFilter(sdgs=(options.sdgs[0],)),
        PortfolioFilter(objectives=(options.objectives[0][0],)),
        PortfolioFilter(search="eau"),
        PortfolioFilter(regions=(options.regions[0],), themes=(options.themes[-1],)),
        PortfolioFilter(countries=("ZZZ",)),  # keeps nothing
    ]
    return chosen


def _busiest_countries(engine: Engine) -> tuple[str, ...]:
    """The countries holding the most projects first (multi-country projects among them)."""
    with Session(engine) as session:
        rows = session.execute(select(ProjectCountry.country).group_by(ProjectCountry.country)
                               .order_by(func.count().desc(), ProjectCountry.country)).all()
    return tuple(row[0] for row in rows)


def _sorted(frame: pd.DataFrame) -> pd.DataFrame:
    keys = [column for column in ("project_id", "funder_id", "currency", "measure") if column in frame.columns]
    return frame.sort_values(keys, na_position="first").reset_index(drop=True) if keys else frame


def _missing_as_none(frame: pd.DataFrame) -> pd.DataFrame:
    """A missing value as None whatever the column's type: a column read for a few rows that are all missing
    holds None, the same column cut from the whole portfolio's (where some are set) NaN; both read as missing."""
    return frame.astype(object).where(frame.notna(), None)


def _assert_same_money(narrowed: PortfolioMoney, direct: PortfolioMoney) -> None:
    for name in ("budget", "spending", "previous_budget", "previous_spending"):
        got, expected = _sorted(getattr(narrowed, name)), _sorted(getattr(direct, name))
        assert len(got) == len(expected), name
        if expected.empty:
            continue
        pd.testing.assert_frame_equal(_missing_as_none(got.drop(columns="amount")),
                                      _missing_as_none(expected.drop(columns="amount")), check_dtype=False, obj=name)
        # The share multiplies a project's sum instead of each line: equal to the last digits of a float.
        assert got["amount"].to_numpy() == pytest.approx(expected["amount"].to_numpy(), rel=1e-9, abs=1e-6), name
    for name in ("projects", "funders", "themes"):
        got, expected = (_missing_as_none(getattr(money, name)) for money in (narrowed, direct))
        order = list(expected.columns[:2])
        pd.testing.assert_frame_equal(got.sort_values(order).reset_index(drop=True),
                                      expected.sort_values(order).reset_index(drop=True), check_dtype=False, obj=name)
    assert narrowed.place_shares == pytest.approx(direct.place_shares)


def test_every_filter_without_a_period_reads_the_same_as_the_database(demo_engine: Engine) -> None:
    for portfolio_filter in _filters(demo_engine):
        narrowed = reads.portfolio_reads(demo_engine, portfolio_filter, DEMO_TODAY)
        with Session(demo_engine) as session:  # a session is always read directly
            direct = reads.portfolio_reads(session, portfolio_filter, DEMO_TODAY)
        _assert_same_money(narrowed.money, direct.money)
        pd.testing.assert_frame_equal(narrowed.assessed, direct.assessed, check_dtype=False)
        pd.testing.assert_frame_equal(narrowed.previous_assessed, direct.previous_assessed, check_dtype=False)


def test_a_region_s_overview_budgets_and_indicators_show_the_figures_of_a_direct_read(demo_engine: Engine) -> None:
    """What a person sees: the Overview's headline, by funder, by theme and alerts, the Budgets page's variance
    and burn, the Indicators page's statuses, the map's points and their budgets, for a region and for
    countries."""
    options = filter_options(demo_engine)
    busiest = _busiest_countries(demo_engine)
    for portfolio_filter in (PortfolioFilter(regions=(options.regions[0],)), PortfolioFilter(countries=busiest[:2])):
        with Session(demo_engine) as session:
            direct = views.overview(session, portfolio_filter, DEMO_TODAY)
            direct_budgets = views.budgets(session, portfolio_filter, DEMO_TODAY)
            direct_indicators = views.indicators(session, portfolio_filter, DEMO_TODAY)
            direct_map = views.map_view(session, portfolio_filter, DEMO_TODAY)
        narrowed = views.overview(demo_engine, portfolio_filter, DEMO_TODAY)
        for period in ("current", "previous"):
            got, expected = getattr(narrowed.headline, period), getattr(direct.headline, period)
            assert got.projects == expected.projects and got.active_partners == expected.active_partners
            assert (got.budget, got.consumed, got.committed, got.balance) == pytest.approx(
                (expected.budget, expected.consumed, expected.committed, expected.balance), rel=1e-9)
            assert got.on_track_share == expected.on_track_share
            assert got.indicators_reporting == expected.indicators_reporting
        assert [tile.value for tile in narrowed.tiles] == pytest.approx([tile.value for tile in direct.tiles])
        for name in ("by_funder", "by_theme", "variance"):
            got, expected = getattr(narrowed, name), getattr(direct, name)
            pd.testing.assert_frame_equal(got.reset_index(drop=True), expected.reset_index(drop=True),
                                          check_dtype=False, rtol=1e-9, obj=name)
        pd.testing.assert_frame_equal(narrowed.alerts.reset_index(drop=True), direct.alerts.reset_index(drop=True),
                                      check_dtype=False, rtol=1e-9)
        budgets = views.budgets(demo_engine, portfolio_filter, DEMO_TODAY)
        pd.testing.assert_frame_equal(budgets.variance, direct_budgets.variance, check_dtype=False, rtol=1e-9)
        pd.testing.assert_frame_equal(budgets.burn, direct_budgets.burn, check_dtype=False, rtol=1e-9)
        indicators = views.indicators(demo_engine, portfolio_filter, DEMO_TODAY)
        pd.testing.assert_frame_equal(indicators.assessments, direct_indicators.assessments, check_dtype=False)
        # The map weighs each project by its budget, cut from the kept whole-portfolio money as well.
        assert reads.kept_filter_money(demo_engine, portfolio_filter, DEMO_TODAY) is not None
        pd.testing.assert_frame_equal(views.map_view(demo_engine, portfolio_filter, DEMO_TODAY).records,
                                      direct_map.records, check_dtype=False, rtol=1e-9)


def test_a_chosen_period_is_read_directly(demo_engine: Engine, monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args, **kwargs):
        raise AssertionError("a filter with a period must not be cut from the whole portfolio's reads")

    monkeypatch.setattr(reads, "whole_portfolio", refuse)
    chosen = PortfolioFilter(period_start=dt.date(2025, 1, 1), period_end=dt.date(2025, 12, 31), countries=("FJI",))
    assert not reads.narrows(chosen)
    assert reads.portfolio_reads(demo_engine, chosen, DEMO_TODAY).money.budget is not None


def test_a_write_shows_at_once_in_a_narrowed_filter(demo_engine: Engine) -> None:
    """The whole portfolio's reads are kept per data revision: a budget line added by anyone moves it, and the
    next filtered read counts the line."""
    country = PortfolioFilter(countries=_busiest_countries(demo_engine)[:1])
    before = views.overview(demo_engine, country, DEMO_TODAY).headline.current.budget
    money = reads.filter_money(demo_engine, country, DEMO_TODAY)
    with db.session_scope(demo_engine) as session:
        # A project there counting its local budget lines: the added line counts for the country's share of it.
        project_id = next(row[0] for row in session.execute(
            select(Project.id).where(Project.id.in_([int(value) for value in money.projects["project_id"]]),
                                     Project.budget_source == "local").order_by(Project.id)))
        session.add(BudgetLine(project_id=project_id, amount=1_000_000.0, currency="EUR", category="Added",
                               budget_type=BudgetType.original.value, period_start=dt.date(2024, 1, 1),
                               period_end=dt.date(2024, 12, 31)))
        db.bump_revision(session)
    after = views.overview(demo_engine, country, DEMO_TODAY).headline.current.budget
    assert after - before == pytest.approx(1_000_000.0 * money.place_share(project_id))
