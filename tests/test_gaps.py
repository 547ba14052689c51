import datetime as dt

import pytest

from dashboard.core import db
from dashboard.core.models import (
    ExchangeRate,
    Organisation,
    OrganisationPartnershipObjective,
    OrganisationStrategicObjective,
    Project,
    ProjectObjective,
    ProjectRole,
    StrategicObjective,
)
from dashboard.core.text import fold
from dashboard.exporting.spreadsheet import to_csv_bytes
from dashboard.presenting.partners import gaps_display
from dashboard.queries.filters import PortfolioFilter
from dashboard.queries.gaps import gap_analysis, objective_summary


def _portfolio(engine) -> None:
    """Two objectives; partners in Melanesia (FJI, NCL), Polynesia (WSM) and Europe (FRA).

    - OBJ-A: Fiji Fund (financial + technical, pledges 1 000 000 XPF once on two roles) and Noumea Tech
      (technical, no money) in Melanesia; Paris Agency (financial, 500 EUR) in Europe; a dormant Samoan
      partner does not count.
    - OBJ-B: nobody.
    """
    with db.session_scope(engine) as session:
        session.add(ExchangeRate(currency="XPF", rate_date=dt.date(2026, 1, 1), eur_per_unit=0.00838, source="x"))
        objective_a = StrategicObjective(code="OBJ-A", title="Ocean")
        objective_b = StrategicObjective(code="OBJ-B", title="Climate")
        session.add_all([objective_a, objective_b])

        def partner(name: str, country: str, objectives: tuple[str, ...], status: str = "active") -> Organisation:
            organisation = Organisation(name=name, name_key=fold(name), type="ngo", country=country, status=status)
            session.add(organisation)
            session.flush()
            session.add_all(OrganisationPartnershipObjective(organisation_id=organisation.id, objective=objective)
                            for objective in objectives)
            session.add(OrganisationStrategicObjective(organisation_id=organisation.id, objective_id=objective_a.id))
            return organisation

        fiji = partner("Fiji Fund", "FJI", ("financial_support", "technical_support"))
        partner("Noumea Tech", "NCL", ("technical_support",))
        paris = partner("Paris Agency", "FRA", ("financial_support",))
        samoa = partner("Samoa Dormant", "WSM", ("shared_values",), status="dormant")
        project = Project(code="P1", title="Reefs", currency="XPF")
        cancelled = Project(code="P2", title="Never", currency="EUR", status="cancelled")
        session.add_all([project, cancelled])
        session.flush()
        session.add_all([
            ProjectObjective(project_id=project.id, objective_id=objective_a.id),
            ProjectObjective(project_id=cancelled.id, objective_id=objective_a.id),
            ProjectRole(project_id=project.id, organisation_id=fiji.id, role="funding", contribution=1_000_000),
            ProjectRole(project_id=project.id, organisation_id=fiji.id, role="accountable", contribution=1_000_000),
            ProjectRole(project_id=project.id, organisation_id=paris.id, role="funding", contribution=500,
                        currency="EUR"),
            ProjectRole(project_id=project.id, organisation_id=samoa.id, role="funding", contribution=9_999),
            ProjectRole(project_id=cancelled.id, organisation_id=paris.id, role="funding", contribution=7_000),
        ])


def test_gap_grid_counts_partners_and_funding_by_partnership_objective(engine) -> None:
    _portfolio(engine)
    analysis = gap_analysis(engine)
    assert analysis.regions == ("MELANESIA", "POLYNESIA", "EUROPE")
    grid = analysis.frame.set_index(["objective_code", "region"])

    melanesia = grid.loc[("OBJ-A", "MELANESIA")]
    assert melanesia["active_partners"] == 2
    assert melanesia["partners_financial_support"] == 1 and melanesia["partners_technical_support"] == 2
    assert melanesia["funding_total"] == pytest.approx(8_380.0)  # 1 000 000 XPF counted once
    assert melanesia["funding_financial_support"] == pytest.approx(8_380.0)
    assert melanesia["funding_technical_support"] == pytest.approx(8_380.0)  # overlaps, by design
    assert melanesia["gaps"] == "no_shared_values"

    europe = grid.loc[("OBJ-A", "EUROPE")]
    assert europe["active_partners"] == 1
    assert europe["funding_total"] == pytest.approx(500.0)  # the cancelled project's 7 000 is not committed
    assert europe["gaps"] == "no_shared_values,no_technical_support"

    # The only Polynesian partner is dormant: a gap, and its pledge is not counted.
    polynesia = grid.loc[("OBJ-A", "POLYNESIA")]
    assert polynesia["active_partners"] == 0 and polynesia["funding_total"] == 0
    assert polynesia["gaps"] == "no_partner,no_funding"

    assert (grid.loc["OBJ-B"]["gaps"] == "no_partner,no_funding").all()
    assert len(analysis.gap_rows()) == 6  # every row of this portfolio has some gap

    summary = objective_summary(analysis).set_index("objective_code")
    assert summary.loc["OBJ-A", "active_partners"] == 3
    assert summary.loc["OBJ-A", "funding_total"] == pytest.approx(8_880.0)
    assert summary.loc["OBJ-A", "regions_without_partner"] == 1
    assert summary.loc["OBJ-B", "regions_without_partner"] == 3


def test_gap_grid_follows_the_filter_and_the_currency(engine) -> None:
    _portfolio(engine)
    pacific = gap_analysis(engine, PortfolioFilter(regions=("PACIFIC",)))
    assert pacific.regions == ("MELANESIA", "MICRONESIA", "POLYNESIA")
    in_xpf = gap_analysis(engine, currency="XPF").frame.set_index(["objective_code", "region"])
    assert in_xpf.loc[("OBJ-A", "MELANESIA"), "funding_total"] == pytest.approx(1_000_000.0)


def test_gap_export_is_translated(engine) -> None:
    _portfolio(engine)
    analysis = gap_analysis(engine)
    french = gaps_display(analysis.frame, "fr", "EUR")
    row = french[(french["Objectif stratégique"] == "OBJ-A") & (french["Région"] == "Polynésie")].iloc[0]
    assert row["Lacunes"] == "aucun partenaire actif, aucun financement"
    assert "Financements engagés (EUR)" in french.columns
    assert to_csv_bytes(french, "fr").decode("utf-8-sig").startswith("Objectif stratégique;Intitulé;Région")


def test_empty_database_gives_an_empty_grid(engine) -> None:
    analysis = gap_analysis(engine)
    assert analysis.frame.empty and analysis.regions == ()


def test_demo_gap_analysis(demo_engine) -> None:
    analysis = gap_analysis(demo_engine)
    summary = objective_summary(analysis).set_index("objective_code")
    # TERRINCLUS-2: the partners of the twelve TERRINCLUS pilots, with their printed funding tables.
    assert summary.loc["TERRINCLUS-2", "active_partners"] == 73
    assert summary.loc["TERRINCLUS-2", "funding_total"] == pytest.approx(8_862_510.13)
    # The PERMS objectives have no partner linked yet: the gap the reference group should see first.
    assert summary.loc["OO4", "active_partners"] == 0


def test_a_cell_s_partners_are_the_partner_list_under_its_objective_and_region(demo_engine) -> None:
    from dashboard.queries.partners import partner_table

    grid = gap_analysis(demo_engine).frame.set_index(["objective_code", "region"])
    for objective, region in (("TERRINCLUS-2", "EUROPE"), ("INTEGRE-OS1", "MELANESIA"), ("ADF-LOC", "AFRICA")):
        listed = partner_table(demo_engine, PortfolioFilter(regions=(region,), objectives=(objective,))).frame
        assert len(listed[listed["status"] == "active"]) == grid.loc[(objective, region), "active_partners"] > 0
