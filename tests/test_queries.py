"""Page queries on a real database (SQLite or PostgreSQL, see conftest): the SQL aggregations must agree with
the metric rules of dashboard.core.metrics, on the demo portfolio and on a small crafted one."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from dashboard.core import db, metrics, values_to_date
from dashboard.core.currency import MissingRateError
from dashboard.core.models import (
    BudgetLine,
    ExchangeRate,
    Indicator,
    IndicatorValue,
    Organisation,
    Project,
    ProjectRole,
    ProjectTheme,
    Spending,
)
from dashboard.queries.budgets import NO_THEME
from dashboard.queries.filters import PortfolioFilter
from dashboard.queries.indicators import indicator_assessments, portfolio_progress_trend
from dashboard.queries.money import GROUPINGS
from dashboard.queries.options import filter_options
from dashboard.queries.periods import reporting_window
from dashboard.queries.rates import latest_rates
from tests import page_figures
from tests.conftest import DEMO_TODAY

EVERYTHING = PortfolioFilter()


def _project_row(frame: pd.DataFrame, code: str) -> pd.Series:
    rows = frame[frame["label"] == code]
    assert len(rows) == 1, f"{code} expected once in the variance table"
    return rows.iloc[0]


# ---------------------------------------------------------------------------------------------------------
# Demo portfolio
# ---------------------------------------------------------------------------------------------------------


def test_reg_c11_variance_matches_the_source_figures(demo_engine: Engine) -> None:
    frame = page_figures.variance(demo_engine, portfolio_filter=EVERYTHING, group_by="project", as_of=DEMO_TODAY)
    row = _project_row(frame, "REG-C1.1")
    assert row["budget"] == pytest.approx(443_008)
    assert row["consumed"] == pytest.approx(496_407)
    assert row["balance"] == pytest.approx(-53_399)
    assert round(row["execution_rate"] * 100) == 112
    assert bool(row["overspent"]) is True


def test_effective_budget_in_sql_matches_the_pandas_rule_on_the_demo(demo_engine: Engine) -> None:
    with Session(demo_engine) as session:
        lines = pd.DataFrame(
            [line.model_dump() for line in session.exec(select(BudgetLine)).all()]
        )
    expected = {project_id: metrics.effective_budget(part) for project_id, part in lines.groupby("project_id")}
    frame = page_figures.variance(demo_engine, portfolio_filter=EVERYTHING, group_by="project", as_of=DEMO_TODAY)
    got = frame.set_index("key")["budget"]
    for project_id, amount in expected.items():
        assert got[project_id] == pytest.approx(amount)


@pytest.mark.parametrize("group_by", GROUPINGS)
def test_every_grouping_adds_up_to_the_same_totals(demo_engine: Engine, group_by: str) -> None:
    by_project = page_figures.variance(demo_engine, portfolio_filter=EVERYTHING, group_by="project",
                                         as_of=DEMO_TODAY)
    frame = page_figures.variance(demo_engine, portfolio_filter=EVERYTHING, group_by=group_by, as_of=DEMO_TODAY)
    for column in ("budget", "consumed", "committed"):
        assert frame[column].sum() == pytest.approx(by_project[column].sum(), rel=1e-9)


def test_themes_split_money_without_double_counting(demo_engine: Engine) -> None:
    by_theme = page_figures.by_theme(demo_engine, portfolio_filter=EVERYTHING, as_of=DEMO_TODAY)
    headline = page_figures.headline(demo_engine, portfolio_filter=EVERYTHING, as_of=DEMO_TODAY)
    assert by_theme["budget"].sum() == pytest.approx(headline.current.budget)
    assert by_theme["consumed"].sum() == pytest.approx(headline.current.consumed)


def test_headline_figures_on_the_demo(demo_engine: Engine) -> None:
    headline = page_figures.headline(demo_engine, portfolio_filter=EVERYTHING, as_of=DEMO_TODAY)
    by_project = page_figures.variance(demo_engine, portfolio_filter=EVERYTHING, group_by="project",
                                         as_of=DEMO_TODAY)
    assert headline.current.projects == 40
    assert headline.current.budget == pytest.approx(by_project["budget"].sum())
    assert headline.current.consumed == pytest.approx(by_project["consumed"].sum())
    assert headline.current.balance == pytest.approx(headline.current.budget - headline.current.consumed)
    assert headline.previous_end == DEMO_TODAY - dt.timedelta(days=365)
    # A year earlier less had been spent: the change is the spending of the last twelve months.
    assert headline.previous.consumed <= headline.current.consumed
    assessed = indicator_assessments(demo_engine, portfolio_filter=EVERYTHING, as_of=DEMO_TODAY)
    assert headline.current.on_track_share == pytest.approx(metrics.share_on_track(assessed["status"]))


def test_partner_type_filter_changes_the_headline(demo_engine: Engine) -> None:
    everything = page_figures.headline(demo_engine, portfolio_filter=EVERYTHING, as_of=DEMO_TODAY).current
    academic = page_figures.headline(
        demo_engine, portfolio_filter=PortfolioFilter(org_types=("academic",)), as_of=DEMO_TODAY
    ).current
    assert 0 < academic.projects < everything.projects
    assert academic.active_partners < everything.active_partners
    assert academic.budget < everything.budget


def test_indicator_assessments_agree_with_assess_indicator(demo_engine: Engine) -> None:
    frame = indicator_assessments(demo_engine, portfolio_filter=EVERYTHING, as_of=DEMO_TODAY)
    _start, window_end = reporting_window(EVERYTHING, DEMO_TODAY)
    assert len(frame) > 0
    with Session(demo_engine) as session:
        for row in frame.itertuples(index=False):
            indicator = session.get(Indicator, row.indicator_id)
            values = session.exec(select(IndicatorValue).where(IndicatorValue.indicator_id == indicator.id)).all()
            expected = metrics.assess_indicator(
                values=[metrics.PeriodValue(v.period_start, v.period_end, v.actual, v.target) for v in values],
                cumulative=indicator.cumulative,
                baseline_value=indicator.baseline_value,
                baseline_date=indicator.baseline_date,
                target_value=indicator.target_value,
                target_date=indicator.target_date,
                direction=indicator.direction,
                period_start=row.window_start,
                period_end=window_end,
            )
            assert row.status == expected.status.value, indicator.code
            if expected.actual_to_date is None:
                assert pd.isna(row.actual_to_date)
            else:
                assert row.actual_to_date == pytest.approx(expected.actual_to_date)
            assert row.window_start <= window_end
    assert set(frame["status"]) <= {status.value for status in metrics.IndicatorStatus}


def test_alerts_link_to_their_items(demo_engine: Engine) -> None:
    frame = page_figures.alerts(demo_engine, portfolio_filter=EVERYTHING, as_of=DEMO_TODAY)
    overspent = frame[frame["kind"] == "overspent"]
    assert "REG-C1.1" in set(overspent["item"])
    reg = overspent[overspent["item"] == "REG-C1.1"].iloc[0]
    assert (reg["page"], reg["param"], reg["value"]) == ("budgets", "project", "REG-C1.1")
    assert reg["amount"] == pytest.approx(-53_399)
    assert set(frame["page"]) <= {"budgets", "indicators", "partners"}
    assert frame["value"].notna().all()
    mismatched = frame[frame["kind"] == "declared_total_mismatch"]
    funding = page_figures.funding(demo_engine, portfolio_filter=EVERYTHING, as_of=DEMO_TODAY)
    assert set(mismatched["item"]) == set(funding.loc[funding["declared_mismatch"], "code"])


def test_cofinancing_shares_add_up_to_100(demo_engine: Engine) -> None:
    funding = page_figures.funding(demo_engine, portfolio_filter=EVERYTHING, as_of=DEMO_TODAY)
    for _project, part in funding.groupby("project_id"):
        assert part["share"].sum() == pytest.approx(100.0)


def test_no_match_gives_empty_frames(demo_engine: Engine) -> None:
    nothing = PortfolioFilter(countries=("ATA",))
    assert page_figures.variance(demo_engine, portfolio_filter=nothing, as_of=DEMO_TODAY).empty
    assert indicator_assessments(demo_engine, portfolio_filter=nothing, as_of=DEMO_TODAY).empty
    assert page_figures.alerts(demo_engine, portfolio_filter=nothing, as_of=DEMO_TODAY).empty
    headline = page_figures.headline(demo_engine, portfolio_filter=nothing, as_of=DEMO_TODAY)
    assert headline.current.projects == 0 and headline.current.budget == 0
    assert headline.current.execution_rate is None


def test_empty_database(engine: Engine) -> None:
    assert filter_options(engine).is_empty
    for grouping in GROUPINGS:
        assert page_figures.variance(engine, portfolio_filter=EVERYTHING, group_by=grouping, as_of=DEMO_TODAY).empty
    assert page_figures.burn(engine, portfolio_filter=EVERYTHING, as_of=DEMO_TODAY).empty
    assert page_figures.by_theme(engine, portfolio_filter=EVERYTHING, as_of=DEMO_TODAY).empty
    assert portfolio_progress_trend(engine, portfolio_filter=EVERYTHING, as_of=DEMO_TODAY).empty
    assert page_figures.headline(engine, portfolio_filter=EVERYTHING, as_of=DEMO_TODAY).current.projects == 0


# ---------------------------------------------------------------------------------------------------------
# A crafted portfolio: revised replaces original, commitments apart, currencies converted
# ---------------------------------------------------------------------------------------------------------

AS_OF = dt.date(2026, 6, 30)


@pytest.fixture
def crafted(engine: Engine) -> Engine:
    with db.session_scope(engine) as session:
        funder = Organisation(name="Fonds Pacifique", name_key="fonds pacifique", type="bilateral_agency")
        other = Organisation(name="Région Sud", name_key="region sud", type="local_authority")
        session.add_all([funder, other])
        session.flush()
        alpha = Project(code="ALPHA", title="Alpha", status="implementation", planned_start=dt.date(2025, 1, 1),
                        planned_end=dt.date(2026, 12, 31), currency="EUR", declared_total=1_400.0)
        beta = Project(code="BETA", title="Beta", status="implementation", planned_start=dt.date(2025, 1, 1),
                       planned_end=dt.date(2026, 12, 31), currency="XPF")
        session.add_all([alpha, beta])
        session.flush()
        session.add_all([
            ProjectRole(project_id=alpha.id, organisation_id=funder.id, role="funding"),
            ProjectRole(project_id=beta.id, organisation_id=other.id, role="funding"),
            ProjectTheme(project_id=alpha.id, theme="Water"),
            ProjectTheme(project_id=alpha.id, theme="Climate"),
            # 2025: the original Staff line (600) replaced by its revised line (700); the Travel line of another
            # funder still counts (issue 13: a revision replaces the line it revises, not the whole period).
            BudgetLine(project_id=alpha.id, funder_id=funder.id, period_start=dt.date(2025, 1, 1),
                       period_end=dt.date(2025, 12, 31), amount=600, budget_type="original", category="Staff"),
            BudgetLine(project_id=alpha.id, funder_id=other.id, period_start=dt.date(2025, 1, 1),
                       period_end=dt.date(2025, 12, 31), amount=400, budget_type="original", category="Travel"),
            BudgetLine(project_id=alpha.id, funder_id=funder.id, period_start=dt.date(2025, 1, 1),
                       period_end=dt.date(2025, 12, 31), amount=700, budget_type="revised", category="Staff"),
            # 2026: original only, counts.
            BudgetLine(project_id=alpha.id, funder_id=funder.id, period_start=dt.date(2026, 1, 1),
                       period_end=dt.date(2026, 12, 31), amount=300, budget_type="original", category="Staff"),
            BudgetLine(project_id=beta.id, funder_id=other.id, period_start=dt.date(2025, 1, 1),
                       period_end=dt.date(2026, 12, 31), amount=119_332, budget_type="original"),
            Spending(project_id=alpha.id, date=dt.date(2025, 3, 1), amount=500, currency="EUR", kind="expenditure"),
            Spending(project_id=alpha.id, date=dt.date(2026, 2, 1), amount=250, currency="EUR", kind="disbursement"),
            Spending(project_id=alpha.id, date=dt.date(2025, 1, 15), amount=9_999, currency="EUR", kind="commitment"),
            Spending(project_id=beta.id, date=dt.date(2026, 1, 10), amount=59_666, currency="XPF",
                     kind="expenditure"),
            ExchangeRate(currency="XPF", rate_date=dt.date(2026, 1, 1), eur_per_unit=0.00838, source="parity"),
            ExchangeRate(currency="XPF", rate_date=dt.date(2020, 1, 1), eur_per_unit=0.5, source="stale"),
        ])
        db.bump_revision(session)
    return engine


def test_revised_replaces_original_and_commitments_are_apart(crafted: Engine) -> None:
    frame = page_figures.variance(crafted, portfolio_filter=EVERYTHING, group_by="project", as_of=AS_OF)
    alpha = _project_row(frame, "ALPHA")
    assert alpha["budget"] == pytest.approx(700 + 400 + 300)  # not 600 + 400 + 700 + 300, nor 700 + 300
    assert alpha["consumed"] == pytest.approx(750)  # the 9 999 commitment is not consumed
    assert alpha["committed"] == pytest.approx(9_999)
    assert alpha["balance"] == pytest.approx(1_400 - 750)
    assert alpha["execution_rate"] == pytest.approx(750 / 1_400)
    with Session(crafted) as session:
        lines = pd.DataFrame([line.model_dump() for line in session.exec(
            select(BudgetLine).where(BudgetLine.project_id == int(alpha["key"]))).all()])
    assert alpha["budget"] == pytest.approx(metrics.effective_budget(lines))


def test_amounts_are_converted_with_the_latest_rate(crafted: Engine) -> None:
    rates = latest_rates(crafted, as_of=AS_OF)
    assert rates.eur_per_unit == {"XPF": pytest.approx(0.00838)}
    assert list(rates.table["source"]) == ["parity"]
    frame = page_figures.variance(crafted, portfolio_filter=EVERYTHING, group_by="project", as_of=AS_OF)
    beta = _project_row(frame, "BETA")
    assert beta["budget"] == pytest.approx(119_332 * 0.00838)
    assert beta["execution_rate"] == pytest.approx(0.5, rel=1e-4)
    in_xpf = page_figures.variance(crafted, portfolio_filter=EVERYTHING, group_by="project", currency="XPF",
                                     as_of=AS_OF)
    assert _project_row(in_xpf, "BETA")["budget"] == pytest.approx(119_332)
    assert _project_row(in_xpf, "ALPHA")["budget"] == pytest.approx(1_400 / 0.00838)
    with pytest.raises(MissingRateError):
        page_figures.variance(crafted, portfolio_filter=EVERYTHING, group_by="project", currency="USD",
                                as_of=AS_OF)


def test_crafted_groupings(crafted: Engine) -> None:
    by_year = page_figures.variance(crafted, portfolio_filter=EVERYTHING, group_by="year", as_of=AS_OF)
    year_2025 = by_year[by_year["label"] == "2025"].iloc[0]
    # Alpha 700 + 400 in 2025, Beta's two-year line split by days (365 of 730 days).
    assert year_2025["budget"] == pytest.approx(1_100 + 119_332 * 0.00838 * 365 / 730)
    assert year_2025["consumed"] == pytest.approx(500)
    by_category = page_figures.variance(crafted, portfolio_filter=EVERYTHING, group_by="category", as_of=AS_OF)
    assert by_category.set_index("label").loc["Staff", "budget"] == pytest.approx(1_000)
    by_funder = page_figures.variance(crafted, portfolio_filter=EVERYTHING, group_by="funder", as_of=AS_OF)
    assert by_funder["budget"].sum() == pytest.approx(1_400 + 119_332 * 0.00838)
    assert by_funder["consumed"].sum() == pytest.approx(750 + 59_666 * 0.00838)
    by_theme = page_figures.by_theme(crafted, portfolio_filter=EVERYTHING, as_of=AS_OF).set_index("theme")
    assert by_theme.loc["Water", "budget"] == pytest.approx(700)  # Alpha split between its two themes
    assert by_theme.loc[NO_THEME, "budget"] == pytest.approx(119_332 * 0.00838)


def test_period_filter_and_comparison(crafted: Engine) -> None:
    year_2026 = PortfolioFilter(period_start=dt.date(2026, 1, 1), period_end=dt.date(2026, 6, 30))
    frame = page_figures.variance(crafted, portfolio_filter=year_2026, group_by="project", as_of=AS_OF)
    alpha = _project_row(frame, "ALPHA")
    assert alpha["budget"] == pytest.approx(300 * 181 / 365)  # the 2026 line's days inside the period
    assert alpha["consumed"] == pytest.approx(250)  # only the spending dated in the period
    headline = page_figures.headline(crafted, portfolio_filter=year_2026, as_of=AS_OF)
    assert (headline.previous_start, headline.previous_end) == (dt.date(2025, 7, 4), dt.date(2025, 12, 31))


def test_declared_total_check(crafted: Engine) -> None:
    funding = page_figures.funding(crafted, portfolio_filter=EVERYTHING, as_of=AS_OF)
    alpha = funding[funding["code"] == "ALPHA"]
    assert alpha["lines_total"].iloc[0] == pytest.approx(1_400)
    assert not alpha["declared_mismatch"].any()
    with db.session_scope(crafted) as session:
        project = session.exec(select(Project).where(Project.code == "ALPHA")).one()
        project.declared_total = 1_600.0
        session.add(project)
        db.bump_revision(session)
    alerts = page_figures.alerts(crafted, portfolio_filter=EVERYTHING, as_of=AS_OF)
    mismatch = alerts[alerts["kind"] == "declared_total_mismatch"]
    assert list(mismatch["item"]) == ["ALPHA"]
    assert mismatch["amount"].iloc[0] == pytest.approx(200)
    assert mismatch["currency"].iloc[0] == "EUR"
    in_xpf = page_figures.alerts(crafted, portfolio_filter=EVERYTHING, currency="XPF", as_of=AS_OF)
    # The difference stays in the project's currency; balances follow the reporting currency.
    assert in_xpf.loc[in_xpf["kind"] == "declared_total_mismatch", "currency"].tolist() == ["EUR"]


def test_ending_soon_and_behind_time(crafted: Engine) -> None:
    as_of = dt.date(2026, 11, 1)  # both end on 31 Dec 2026, within 90 days
    alerts = page_figures.alerts(crafted, portfolio_filter=EVERYTHING, as_of=as_of)
    ending = alerts[alerts["kind"] == "ending_soon"]
    assert sorted(ending["item"]) == ["ALPHA", "BETA"]
    assert set(ending["days"]) == {60}
    # Beta has spent 50 % and Alpha 54 % (750 of 1 400) after 83 % of their time: far behind (tolerance 25 points).
    assert sorted(alerts.loc[alerts["kind"] == "behind_time", "item"]) == ["ALPHA", "BETA"]


def test_progress_in_sql_matches_the_metric_rule(engine: Engine) -> None:
    from sqlalchemy import Float, String, cast, literal
    from sqlalchemy import select as sql_select

    cases = [
        (value, baseline, target, direction)
        for value in (None, 0.0, 5.0, 10.0, 15.0)
        for baseline in (None, 0.0, 10.0)
        for target in (None, 10.0, 20.0, 0.0)
        for direction in ("higher_is_better", "lower_is_better")
    ]
    with Session(engine) as session:
        for value, baseline, target, direction in cases:
            def number(item: float | None) -> object:
                return cast(literal(item, Float), Float)  # typed, so PostgreSQL knows a NULL's type

            expression = values_to_date.progress_sql(number(value), number(baseline), number(target),
                                              cast(literal(direction, String), String))
            got = session.execute(sql_select(expression)).scalar()
            expected = metrics.progress(value, baseline, target, direction)
            if expected is None:
                assert got is None, (value, baseline, target, direction)
            else:
                assert got == pytest.approx(expected), (value, baseline, target, direction)


def test_portfolio_trend_quartiles(crafted: Engine) -> None:
    with db.session_scope(crafted) as session:
        alpha = session.exec(select(Project).where(Project.code == "ALPHA")).one()
        periodic = Indicator(project_id=alpha.id, code="P", name="Trained", cumulative=False, baseline_value=0,
                             target_value=100)
        running = Indicator(project_id=alpha.id, code="C", name="Sites", cumulative=True, baseline_value=0,
                            target_value=10)
        session.add_all([periodic, running])
        session.flush()
        session.add_all([
            IndicatorValue(indicator_id=periodic.id, period_start=dt.date(2025, 1, 1),
                           period_end=dt.date(2025, 3, 31), actual=20),
            IndicatorValue(indicator_id=periodic.id, period_start=dt.date(2025, 7, 1),
                           period_end=dt.date(2025, 9, 30), actual=30),  # 50 to date: 50 %
            IndicatorValue(indicator_id=running.id, period_start=dt.date(2025, 1, 1),
                           period_end=dt.date(2025, 6, 30), actual=4),
            IndicatorValue(indicator_id=running.id, period_start=dt.date(2025, 7, 1),
                           period_end=dt.date(2025, 12, 31), actual=9),  # the latest, not 13: 90 %
        ])
        db.bump_revision(session)
    trend = portfolio_progress_trend(crafted, portfolio_filter=EVERYTHING, as_of=AS_OF)
    assert list(trend["period_end"]) == [dt.date(2025, 6, 30), dt.date(2025, 12, 31)]
    first, second = trend.iloc[0], trend.iloc[1]
    assert (first["indicators"], second["indicators"]) == (2, 2)
    assert sorted([first["q1"], first["q3"]]) == [pytest.approx(0.2), pytest.approx(0.4)]
    assert second["q1"] == pytest.approx(0.5) and second["q3"] == pytest.approx(0.9)
