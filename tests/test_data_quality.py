import datetime as dt
import random
import time

import pytest
from sqlalchemy import select
from sqlmodel import Session

from dashboard.core import db, metrics
from dashboard.core.models import (
    BudgetLine,
    ExchangeRate,
    Indicator,
    IndicatorValue,
    Organisation,
    Project,
    ProjectRole,
    Spending,
)
from dashboard.core.text import fold
from dashboard.presenting.data_quality import describe
from dashboard.queries import data_quality
from dashboard.queries.data_quality import RULES, near_duplicate_pairs, run_checks
from dashboard.queries.filters import PortfolioFilter
from dashboard.queries.indicators import indicator_assessments, silent_indicators

TODAY = dt.date(2026, 11, 22)  # indicators report in the year to that day: from 22 Nov 2025


def _partner(session: Session, name: str, country: str | None = "FJI", **values) -> Organisation:
    organisation = Organisation(name=name, name_key=fold(name), type="ngo", country=country, **values)
    session.add(organisation)
    session.flush()
    return organisation


def _crafted_portfolio(engine) -> dict[str, int]:
    """A small portfolio with exactly one case of each data-quality problem, next to clean records of the
    same kinds (so a rule that flags too much fails as surely as one that flags nothing)."""
    ids: dict[str, int] = {}
    with db.session_scope(engine) as session:
        session.add(ExchangeRate(currency="XPF", rate_date=dt.date(2026, 1, 1), eur_per_unit=0.00838, source="x"))
        funder = _partner(session, "Fonds Pacifique", "NCL", latitude=-22.27, longitude=166.45)
        ids["nowhere"] = _partner(session, "Association Sans Pays", None).id
        ids["duplicate_a"] = _partner(session, "Solidarité Pacifique Nord").id
        ids["duplicate_b"] = _partner(session, "Pacifique Solidarite Nord").id
        _partner(session, "Commune de Lille", "FRA")
        _partner(session, "Commune de Nice", "FRA")

        running = Project(code="OK", title="Running well", status="implementation", currency="EUR",
                          planned_start=dt.date(2025, 1, 1), planned_end=dt.date(2027, 12, 31), declared_total=1100)
        late = Project(code="LATE", title="Should be closed", status="implementation", currency="EUR",
                       planned_start=dt.date(2022, 1, 1), planned_end=dt.date(2025, 12, 31))
        unbudgeted = Project(code="NOBUDGET", title="Spends without a budget", status="closed", currency="XPF",
                             planned_start=dt.date(2020, 1, 1), planned_end=dt.date(2021, 12, 31),
                             declared_total=500_000)
        session.add_all([running, late, unbudgeted])
        session.flush()
        ids.update(late=late.id, unbudgeted=unbudgeted.id, running=running.id)

        session.add_all([
            BudgetLine(project_id=running.id, period_start=dt.date(2025, 1, 1), period_end=dt.date(2027, 12, 31),
                       amount=1000, currency="EUR"),
            BudgetLine(project_id=late.id, period_start=dt.date(2022, 1, 1), period_end=dt.date(2025, 12, 31),
                       amount=800, currency="EUR"),
        ])
        # Another line of the same period (a category of its own: a budget line's key is unique since issue 16).
        no_currency = BudgetLine(project_id=late.id, period_start=dt.date(2022, 1, 1),
                                 period_end=dt.date(2025, 12, 31), amount=50, currency=None, category="Frais")
        session.add(no_currency)
        session.add(Spending(project_id=running.id, date=dt.date(2026, 3, 1), amount=300, kind="expenditure"))
        # 2062 typed for 2026 (issue 13): flagged as implausible; a commitment, so no other figure moves.
        far_ahead = Spending(project_id=running.id, date=dt.date(2062, 3, 1), amount=10, kind="commitment",
                             reference="TYPO-2062")
        session.add(far_ahead)
        session.add(Spending(project_id=unbudgeted.id, date=dt.date(2021, 3, 1), amount=300, currency="XPF",
                             kind="expenditure"))
        # OK declares 1 100 against budget lines of 1 000: a mismatch. NOBUDGET declares 500 000 XPF but has no
        # budget line at all: "spending with no budget" reports it, not this rule.
        session.add_all([
            ProjectRole(project_id=running.id, organisation_id=funder.id, role="funding", contribution=900),
            ProjectRole(project_id=unbudgeted.id, organisation_id=funder.id, role="funding", contribution=500_000),
            ProjectRole(project_id=unbudgeted.id, organisation_id=funder.id, role="accountable",
                        contribution=500_000),
        ])
        reporting = Indicator(project_id=running.id, code="R", name="Reports", baseline_value=0, target_value=10)
        silent = Indicator(project_id=running.id, code="S", name="Stopped reporting", baseline_value=0,
                           target_value=10)
        no_target = Indicator(project_id=unbudgeted.id, code="T", name="No target", baseline_value=0)
        qualitative = Indicator(project_id=unbudgeted.id, code="Q", name="Qualitative", measure="qualitative")
        session.add_all([reporting, silent, no_target, qualitative])
        session.flush()
        session.add_all([
            IndicatorValue(indicator_id=reporting.id, period_start=dt.date(2026, 1, 1),
                           period_end=dt.date(2026, 6, 30), actual=4),
            IndicatorValue(indicator_id=silent.id, period_start=dt.date(2025, 1, 1),
                           period_end=dt.date(2025, 6, 30), actual=2),
        ])
        # A value for 2062 typed for 2026: its period is implausible, by the rule of a budget line's period.
        value_2062 = IndicatorValue(indicator_id=reporting.id, period_start=dt.date(2062, 7, 1),
                                    period_end=dt.date(2062, 12, 31), actual=5)
        session.add(value_2062)
        session.flush()
        ids.update(no_currency=no_currency.id, silent=silent.id, no_target=no_target.id, far_ahead=far_ahead.id,
                   value_2062=value_2062.id)
    return ids


EXPECTED = {
    "past_end_in_implementation": ("project", "late"),
    "budget_without_period_or_currency": ("budget_line", "no_currency"),
    "spending_without_budget": ("project", "unbudgeted"),
    "implausible_spending_date": ("spending", "far_ahead"),
    "implausible_indicator_date": ("indicator_value", "value_2062"),
    "indicator_without_baseline_or_target": ("indicator", "no_target"),
    "indicator_not_reporting": ("indicator", "silent"),
    "partner_without_place": ("organisation", "nowhere"),
    "declared_total_mismatch": ("project", "running"),
    "near_duplicate_partner": ("organisation", "duplicate_a"),
}


def test_every_rule_is_covered_by_the_crafted_portfolio() -> None:
    assert set(EXPECTED) == {rule.key for rule in RULES}


def test_each_rule_finds_exactly_its_one_case(engine) -> None:
    ids = _crafted_portfolio(engine)
    report = run_checks(engine, today=TODAY)
    for key, (table, name) in EXPECTED.items():
        found = report.issues[key]
        assert len(found) == 1, (key, found)
        assert found.iloc[0]["table"] == table
        assert found.iloc[0]["record_id"] == ids[name], key
    assert report.total == len(EXPECTED)


def test_implausible_dates_and_spending_against_a_zero_budget(engine) -> None:
    """Issue 13: a transaction far outside its project's dates is listed with why; a project whose budget lines
    add up to zero (a revised line of 0 replacing its original) is listed with the projects without budget."""
    ids = _crafted_portfolio(engine)
    with db.session_scope(engine) as session:
        zero = Project(code="ZERO", title="Budget revised to nothing", status="implementation", currency="EUR",
                       planned_start=dt.date(2026, 1, 1), planned_end=dt.date(2026, 12, 31))
        session.add(zero)
        session.flush()
        session.add_all([
            BudgetLine(project_id=zero.id, period_start=dt.date(2026, 1, 1), period_end=dt.date(2026, 12, 31),
                       amount=5000, category="Staff"),
            BudgetLine(project_id=zero.id, period_start=dt.date(2026, 1, 1), period_end=dt.date(2026, 12, 31),
                       amount=0, category="staff ", budget_type="revised"),
            Spending(project_id=zero.id, date=dt.date(2026, 2, 1), amount=100, kind="expenditure"),
            Spending(project_id=zero.id, date=dt.date(2029, 6, 1), amount=100, kind="expenditure",
                     reference="LATE-PAY"),  # 2 years and 5 months after the planned end
            Spending(project_id=zero.id, date=dt.date(2027, 6, 1), amount=100, kind="expenditure"),  # plausible
        ])
        session.flush()
        zero_id = zero.id
    report = run_checks(engine, today=TODAY)
    assert set(report.issues["spending_without_budget"]["record_id"]) == {ids["unbudgeted"], zero_id}
    dates = describe(report.issues["implausible_spending_date"], "en")
    assert list(dates["label"]) == ["OK · TYPO-2062", "ZERO · LATE-PAY"]
    assert list(dates["detail"]) == ["dated 1 Mar 2062, more than 5 years ahead",
                                     "dated 1 Jun 2029, more than a year outside the project's dates "
                                     "(1 Jan 2026 – 31 Dec 2026)"]
    assert describe(report.issues["implausible_spending_date"], "fr")["detail"].iloc[0].startswith(
        "datée du 01/03/2062")


def test_issues_say_what_is_wrong_and_link_to_the_record_and_the_upload(engine) -> None:
    ids = _crafted_portfolio(engine)
    report = run_checks(engine, today=TODAY)
    mismatch = describe(report.issues["declared_total_mismatch"], "en").iloc[0]
    assert mismatch["detail"] == "declared €1,100, lines add up to €1,000 (difference €100)"
    assert mismatch["fix_url"] == "upload?kind=budgets"
    french = describe(report.issues["declared_total_mismatch"], "fr").iloc[0]
    assert french["detail"].startswith("déclaré 1\u202f100\xa0€")
    duplicate = report.issues["near_duplicate_partner"].iloc[0]
    assert duplicate["record_url"] == f"partners?partner={ids['duplicate_a']}"
    assert duplicate["detail_values"]["other_id"] == ids["duplicate_b"]
    silent = describe(report.issues["indicator_not_reporting"], "en").iloc[0]
    assert silent["detail"] == "no value between 22 Nov 2025 and 22 Nov 2026"
    assert silent["fix_url"] == "upload?kind=indicator-values"
    missing = describe(report.issues["budget_without_period_or_currency"], "en").iloc[0]
    assert missing["detail"] == "missing or wrong: currency"
    assert missing["label"].endswith(" · 50")  # its amount, written by the reader's language
    assert report.issues["partner_without_place"].iloc[0]["fix_url"] == "upload?kind=partners"


def test_impossible_or_half_given_coordinates_are_flagged(engine) -> None:
    with db.session_scope(engine) as session:
        _partner(session, "Placed By Country", "FJI")  # no coordinates, but a country: fine
        _partner(session, "Null Island", "FJI", latitude=0.0, longitude=0.0)
        _partner(session, "Half Given", "FJI", latitude=-18.1)
        _partner(session, "Off The Globe", "FJI", latitude=-18.1, longitude=200.0)
    found = data_quality.partners_without_place(Session(engine), TODAY)
    assert sorted(found["label"]) == ["Half Given", "Null Island", "Off The Globe"]
    assert {tuple(values["fields"]) for values in found["detail_values"]} == {("coordinates",)}


def test_not_reporting_agrees_with_the_metric_rule_on_demo(demo_engine) -> None:
    """One rule: the Data quality list is, among projects in implementation, what every page calls not
    reporting, and each of them is not reporting by ``metrics.assess_indicator`` on its own values."""
    flagged = data_quality.indicators_not_reporting(Session(demo_engine), TODAY)
    window_start, window_end = TODAY - dt.timedelta(days=365), TODAY
    with Session(demo_engine) as session:
        rows = session.execute(
            select(Indicator, Project).join(Project, Project.id == Indicator.project_id)
            .where(Project.status == "implementation")
        ).all()
        expected = set()
        for indicator, _project in rows:
            values = [
                metrics.PeriodValue(value.period_start, value.period_end, value.actual, value.target)
                for value in session.execute(
                    select(IndicatorValue).where(IndicatorValue.indicator_id == indicator.id)
                ).scalars()
            ]
            assessment = metrics.assess_indicator(
                values=values, cumulative=indicator.cumulative, measure=indicator.measure,
                baseline_value=indicator.baseline_value, baseline_date=indicator.baseline_date,
                target_value=indicator.target_value, target_date=indicator.target_date,
                direction=indicator.direction, period_start=window_start, period_end=window_end,
            )
            if assessment.status == metrics.IndicatorStatus.not_reporting:
                expected.add(indicator.id)
    assert set(flagged["record_id"]) == expected
    assert len(expected) > 0
    # The Indicators page as of the same day says the same of each of them, with the same window.
    assessed = indicator_assessments(demo_engine, portfolio_filter=PortfolioFilter(), as_of=TODAY)
    silent = assessed[(assessed["status"] == "not_reporting") & (assessed["project_status"] == "implementation")]
    assert set(silent["indicator_id"]) == expected
    starts = dict(zip(silent["indicator_id"], silent["window_start"], strict=True))
    assert all(values["start"] == starts[key] and values["end"] == TODAY
               for key, values in zip(flagged["record_id"], flagged["detail_values"], strict=True))


def test_demo_portfolio_counts(demo_engine) -> None:
    counts = run_checks(demo_engine, today=TODAY).counts
    # TERR-01, TERR-02 and TERR-12 print a TOTAL that differs from their funders' lines.
    assert counts["declared_total_mismatch"] == 3
    # "Association Solidarité Cergy-Thiès" and "... Thiès-Cergy" are one partner entered twice.
    assert counts["near_duplicate_partner"] == 1
    assert counts["partner_without_place"] == 0


def test_near_duplicates_on_a_large_list_are_found_quickly() -> None:
    """50 000 names built like real ones (a common first part, then rare words): blocking keeps it fast."""
    rng = random.Random(3)
    letters = "abcdefghijklmnoprstuvy"
    common = ["commune de", "association", "mairie de", "ong", "fondation", "region", "universite de"]

    def word() -> str:
        return "".join(rng.choice(letters) for _ in range(rng.randint(4, 9)))

    names: set[str] = set()
    while len(names) < 50_000:
        names.add(fold(f"{rng.choice(common)} {word()}" + (f" {word()}" if rng.random() < 0.5 else "")))
    keyed = list(enumerate(sorted(names)))
    size = len(keyed)
    typo = keyed[500][1][:-1] + ("z" if not keyed[500][1].endswith("z") else "y")
    keyed += [(size, typo), (size + 1, " ".join(reversed(keyed[900][1].split())))]
    started = time.perf_counter()
    pairs = {(first, second) for first, second, _score in near_duplicate_pairs(keyed)}
    elapsed = time.perf_counter() - started
    assert (500, size) in pairs  # one letter changed
    assert (900, size + 1) in pairs  # words in another order
    assert elapsed < 10, elapsed


@pytest.mark.parametrize("period", [(None, None), (dt.date(2018, 1, 1), dt.date(2018, 12, 31)),
                                    (dt.date(2026, 1, 1), dt.date(2026, 6, 30))])
def test_the_silent_indicators_are_the_pages_not_reporting_in_any_period(demo_engine, period) -> None:
    chosen = PortfolioFilter(period_start=period[0], period_end=period[1])
    assessed = indicator_assessments(demo_engine, portfolio_filter=chosen, as_of=TODAY)
    silent = silent_indicators(demo_engine, portfolio_filter=chosen, as_of=TODAY)
    assert set(silent["indicator_id"]) == set(assessed.loc[assessed["status"] == "not_reporting", "indicator_id"])


def test_duplicate_partners_are_found_through_their_aliases_and_acronyms(engine) -> None:
    """A partner stored twice, once under its French name with its English name as alias and once under the
    English name (typed slightly differently), is listed as a possible duplicate, saying which names met; so is
    one whose acronym is another partner's alias. Partners whose names alone differ are not listed without."""
    from dashboard.core.models import OrganisationAlias

    def alias(session: Session, partner: Organisation, text: str) -> None:
        session.add(OrganisationAlias(organisation_id=partner.id, alias=text, alias_key=fold(text)))

    with db.session_scope(engine) as session:
        french = _partner(session, "Communauté du Pacifique", acronym="CPS")
        alias(session, french, "Pacific Community")
        english = _partner(session, "Pacific Comunity")
        environment = _partner(session, "Programme régional océanien de l'environnement", acronym="PROE")
        alias(session, environment, "SPREP")
        secretariat = _partner(session, "Secretariat of the Pacific Regional Environment Programme", acronym="SPREP")
        _partner(session, "Fonds Pacifique", "NCL")
        ids = (french.id, english.id, environment.id, secretariat.id)
    report = run_checks(engine, today=TODAY)
    found = report.issues["near_duplicate_partner"]
    pairs = {(record, values["other_id"]) for record, values in zip(found["record_id"], found["detail_values"],
                                                                    strict=True)}
    assert pairs == {(ids[0], ids[1]), (ids[2], ids[3])}
    shown = describe(found, "en").set_index("label")["detail"]
    assert shown["Communauté du Pacifique"] == (
        "goes by “Pacific Community”, which looks like “Pacific Comunity” (similarity 97%)")
    assert shown["Programme régional océanien de l'environnement"] == (
        "goes by “SPREP”, which looks like “SPREP”, another name of “Secretariat of the Pacific Regional Environment "
        "Programme” (similarity 100%)")  # its acronym
    french_shown = describe(found, "fr").set_index("label")["detail"]
    assert french_shown["Communauté du Pacifique"].startswith("connu aussi sous le nom « Pacific Community »")
    # The partner's page points at its twin, from the same pairs.
    assert (ids[0], "Communauté du Pacifique", ids[1], "Pacific Comunity") in data_quality.duplicate_pairs(engine)
