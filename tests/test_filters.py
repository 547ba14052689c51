import datetime as dt

from sqlmodel import Session, select

from dashboard.core.models import Organisation, Project
from dashboard.queries.filters import PortfolioFilter, from_query_params, organisation_ids, project_ids, to_query_params


def test_query_string_round_trip() -> None:
    original = PortfolioFilter(
        period_start=dt.date(2015, 1, 1),
        period_end=dt.date(2017, 12, 31),
        countries=("FJI", "WSM"),
        regions=("POLYNESIA",),
        org_types=("local_authority",),
        roles=("funding",),
        themes=("Gestion intégrée des zones côtières",),
        sdgs=(6, 14),
        statuses=("closed",),
        objectives=("OO4",),
        search="Aude",
    )
    assert from_query_params(to_query_params(original)) == original
    assert to_query_params(PortfolioFilter()) == {}


def test_stale_or_hand_edited_bookmarks_still_open() -> None:
    parsed = from_query_params({"from": "2015-13-40", "sdg": ["6", "99", "x"], "country": "fji,wsm"})
    assert parsed.period_start is None
    assert parsed.sdgs == (6,)
    assert parsed.countries == ("FJI", "WSM")


def _codes(session: Session, portfolio_filter: PortfolioFilter) -> set[str]:
    return set(session.exec(select(Project.code).where(Project.id.in_(project_ids(portfolio_filter)))).all())


def test_project_selection_on_demo(demo_engine) -> None:
    with Session(demo_engine) as session:
        everything = _codes(session, PortfolioFilter())
        assert len(everything) == 40
        pacific = _codes(session, PortfolioFilter(regions=("PACIFIC",)))
        assert "REG-C1.1" in pacific
        assert not any(code.startswith("TERR") for code in pacific)
        polynesia = _codes(session, PortfolioFilter(countries=("PYF",)))
        assert "REG-C1.1" in polynesia
        # REG-C1.1 ran 2013-2018: outside a 2020 period, inside 2016.
        assert "REG-C1.1" not in _codes(session, PortfolioFilter(period_start=dt.date(2020, 1, 1)))
        assert "REG-C1.1" in _codes(session, PortfolioFilter(period_start=dt.date(2016, 1, 1),
                                                              period_end=dt.date(2016, 12, 31)))
        funders_local = _codes(session, PortfolioFilter(org_types=("local_authority",), roles=("funding",)))
        assert funders_local and funders_local < everything


def test_organisation_selection_on_demo(demo_engine) -> None:
    with Session(demo_engine) as session:
        def names(portfolio_filter: PortfolioFilter) -> list[str]:
            query = select(Organisation.name).where(Organisation.id.in_(organisation_ids(portfolio_filter)))
            return list(session.exec(query).all())

        everyone = names(PortfolioFilter())
        authorities = names(PortfolioFilter(org_types=("local_authority",)))
        assert 0 < len(authorities) < len(everyone)
        implementing_in_pacific = names(PortfolioFilter(roles=("implementing",), countries=("NCL",)))
        assert any("CPS" in name or "Communauté du Pacifique" in name for name in implementing_in_pacific)
        assert names(PortfolioFilter(search="zzzz-no-such-partner")) == []
