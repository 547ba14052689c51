import datetime as dt

import pytest
from sqlalchemy import func, select
from sqlmodel import Session

from dashboard.core import db
from dashboard.core.models import ExchangeRate, Organisation, Project, ProjectRole
from dashboard.queries.filters import PortfolioFilter
from dashboard.queries.partners import partner_choices, partner_detail, partner_table


def _add_partner(session: Session, name: str, **values) -> Organisation:
    from dashboard.core.text import fold

    organisation = Organisation(name=name, name_key=fold(name), type=values.pop("type", "ngo"), **values)
    session.add(organisation)
    session.flush()
    return organisation


def test_partner_table_lists_every_partner_on_demo(demo_engine) -> None:
    table = partner_table(demo_engine)
    with Session(demo_engine) as session:
        total = session.execute(select(func.count()).select_from(Organisation)).scalar_one()
    assert len(table.frame) == total == 264
    assert table.missing_rates == ()
    afd = table.frame.set_index("acronym").loc["AFD"]
    assert afd["roles"] == "funding" and afd["projects"] == 6
    # TERR-10 (845 000) + TERR-12 (2 594 653) are the AFD pledges printed in the funding tables.
    assert afd["contributions"] == pytest.approx(3_439_653.0)


def test_choosing_a_partner_type_shrinks_the_table_to_that_type(demo_engine) -> None:
    ngos = partner_table(demo_engine, PortfolioFilter(org_types=("ngo",))).frame
    assert len(ngos) == 98
    assert set(ngos["type"]) == {"ngo"}
    both = partner_table(demo_engine, PortfolioFilter(org_types=("ngo", "foundation"))).frame
    assert len(both) == 99


def test_search_ignores_case_and_accents(demo_engine) -> None:
    plain = partner_table(demo_engine, search="region").frame
    accented = partner_table(demo_engine, search="RÉGION").frame
    assert len(plain) == len(accented) > 0
    assert list(partner_table(demo_engine, search="afd").frame["acronym"]) == ["AFD"]


def test_contributions_are_converted_and_counted_once_per_project(engine) -> None:
    with db.session_scope(engine) as session:
        session.add(ExchangeRate(currency="XPF", rate_date=dt.date(2026, 1, 1), eur_per_unit=0.00838, source="parity"))
        funder = _add_partner(session, "Pacific Fund", country="NCL")
        other = _add_partner(session, "Other Partner", country="FJI")
        project_a = Project(code="A", title="A", currency="XPF")
        project_b = Project(code="B", title="B", currency="EUR")
        session.add_all([project_a, project_b])
        session.flush()
        # The same 1 000 000 XPF pledge recorded on both the funder and the lead role: counted once.
        session.add_all([
            ProjectRole(project_id=project_a.id, organisation_id=funder.id, role="funding", contribution=1_000_000),
            ProjectRole(project_id=project_a.id, organisation_id=funder.id, role="accountable",
                        contribution=1_000_000),
            ProjectRole(project_id=project_b.id, organisation_id=funder.id, role="funding", contribution=500.0),
            ProjectRole(project_id=project_b.id, organisation_id=other.id, role="implementing"),
        ])
        funder_id = funder.id
    table = partner_table(engine).frame.set_index("name")
    assert table.loc["Pacific Fund", "contributions"] == pytest.approx(8_380.0 + 500.0)
    assert table.loc["Pacific Fund", "roles"] == "accountable,funding"
    assert table.loc["Pacific Fund", "projects"] == 2
    assert table.loc["Pacific Fund", "region"] == "MELANESIA"
    assert table.loc["Other Partner", "projects"] == 1
    assert table.loc["Other Partner", "contributions"] == 0.0  # no pledge recorded
    in_xpf = partner_table(engine, currency="XPF").frame.set_index("name")
    assert in_xpf.loc["Pacific Fund", "contributions"] == pytest.approx(1_000_000 + 500 / 0.00838)
    detail = partner_detail(engine, funder_id)
    assert detail is not None
    assert list(detail.projects["code"]) == ["A", "B"]
    assert detail.projects.loc[0, "roles"] == "accountable,funding"
    assert detail.total_contribution == pytest.approx(8_880.0)


def test_a_currency_without_rate_is_reported_not_summed(engine) -> None:
    with db.session_scope(engine) as session:
        funder = _add_partner(session, "Dollar Funder")
        project = Project(code="USD-1", title="x", currency="USD")
        session.add(project)
        session.flush()
        session.add(ProjectRole(project_id=project.id, organisation_id=funder.id, role="funding", contribution=100))
    table = partner_table(engine)
    assert table.missing_rates == ("USD",)
    assert pd_isna(table.frame.loc[0, "contributions"])


def test_empty_database_gives_an_empty_table(engine) -> None:
    table = partner_table(engine)
    assert table.frame.empty and list(table.frame.columns)
    assert partner_detail(engine, 12345) is None


def pd_isna(value: object) -> bool:
    import pandas as pd

    return bool(pd.isna(value))


def test_search_finds_a_partner_by_its_aliases_acronym_and_a_typo(demo_engine) -> None:
    """The Partners page's search (its table and its partner selector) finds a partner by any name an upload
    names it by: its aliases ("SPC", "Pacific Community" for the Communauté du Pacifique), its acronym, folded as
    uploads fold names, and a small typo by the upload's near-name rule."""
    cps = "Communauté du Pacifique (CPS)"
    for search in ("SPC", "spc", "pacific comm", "Pacific Community", "Pacifc Community", "communaute du pacif"):
        assert list(partner_table(demo_engine, search=search).frame["name"]) == [cps], search
    choices = partner_choices(demo_engine, search="SPC")
    assert [label for _id, label in choices] == [f"{cps} · SPC"]  # which name found it
    assert [label for _id, label in partner_choices(demo_engine, search="Pacifc Community")] == [
        f"{cps} · Pacific Community"]
    assert [label for _id, label in partner_choices(demo_engine, search="cps")] == [cps]  # acronym shown once
    assert [label for _id, label in partner_choices(demo_engine, search="afd")] == [
        "Agence Française de Développement (AFD)"]
    assert partner_choices(demo_engine, search="no such partner at all") == []
    assert len(partner_choices(demo_engine)) == len(partner_table(demo_engine).frame)  # blank: every partner


def test_search_respects_the_filter(demo_engine) -> None:
    """A partner the filter leaves out is not found by its alias either."""
    assert partner_table(demo_engine, PortfolioFilter(org_types=("ngo",)), search="SPC").frame.empty
    assert partner_choices(demo_engine, PortfolioFilter(org_types=("ngo",)), search="SPC") == []
