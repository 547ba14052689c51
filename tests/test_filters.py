import datetime as dt
from dataclasses import fields

from sqlmodel import Session, select

from dashboard.core.i18n import catalogue
from dashboard.core.models import Organisation, Project
from dashboard.presenting.filters import filter_lines
from dashboard.queries.filters import (
    DIMENSIONS,
    QUERY_NAMES,
    PortfolioFilter,
    from_query_params,
    organisation_ids,
    project_ids,
    to_query_params,
)


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


def test_every_field_of_the_filter_is_declared_once_with_a_url_name_and_a_label() -> None:
    assert sorted(dimension.field for dimension in DIMENSIONS) == sorted(item.name for item in fields(PortfolioFilter))
    assert len(set(QUERY_NAMES)) == len(QUERY_NAMES)
    for dimension in DIMENSIONS:
        assert dimension.label_key in catalogue(), dimension
        assert dimension.help_key is None or dimension.help_key in catalogue(), dimension


def test_the_briefing_names_every_dimension_that_is_set() -> None:
    chosen = PortfolioFilter(
        period_start=dt.date(2026, 1, 1), countries=("FJI",), regions=("POLYNESIA",), org_types=("ngo",),
        roles=("funding",), themes=("Eau",), sdgs=(6,), statuses=("closed",), objectives=("OO4",), search="Aude",
    )
    lines = dict(filter_lines(chosen, "en", {"OO4": "Biodiversity"}))
    assert lines == {
        "Period": "from 1 Jan 2026", "Region": "Polynesia", "Country": "Fiji", "Partner type": lines["Partner type"],
        "Role": lines["Role"], "Theme": "Eau", "SDG": "SDG 6", "Project status": lines["Project status"],
        "Strategic objective": "OO4 — Biodiversity", "Search": "Aude",
    }
    assert filter_lines(PortfolioFilter(), "fr") == []
