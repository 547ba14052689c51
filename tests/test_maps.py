"""The map: placement of partners and project locations, the list of coordinates to fix, the figure, and
the page (AppTest)."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import pytest
from sqlalchemy import func, select
from sqlalchemy.engine import Engine
from sqlmodel import Session
from streamlit.testing.v1 import AppTest

from dashboard.core import db
from dashboard.core.i18n import t
from dashboard.core.models import BudgetLine, Organisation, Project, ProjectCountry, ProjectLocation
from dashboard.maps import geo
from dashboard.maps import view as maps
from dashboard.maps.figure import (
    MAX_MARKER_SIZE,
    MIN_MARKER_SIZE,
    WEBGL_ABOVE_POINTS,
    hover_text,
    map_figure,
    marker_sizes,
    point_count,
    selected_points,
)
from dashboard.maps.labels import problem_table
from dashboard.maps.placement import place_records
from dashboard.maps.records import ColourBy, Show
from dashboard.queries import partners
from dashboard.queries.filters import PortfolioFilter
from tests import page_figures
from tests.apptest_helpers import sign_in
from tests.conftest import DEMO_TODAY

ROOT = Path(__file__).resolve().parents[1]


def _records(**columns: list[object]) -> pd.DataFrame:
    size = len(next(iter(columns.values())))
    base: dict[str, list[object]] = {
        "kind": ["partner"] * size,
        "record_id": list(range(1, size + 1)),
        "name": [f"Record {index}" for index in range(size)],
        "type_label": ["NGO"] * size,
        "status_label": ["Active"] * size,
        "role": [""] * size,
        "budget_total": [1000.0] * size,
    }
    base.update(columns)
    return pd.DataFrame(base)


def _expected_point_count(engine: Engine) -> int:
    """Independently of dashboard.maps: partners with a country or coordinates, project locations with a
    country or coordinates, and one point per recipient country for projects without locations."""
    with Session(engine) as session:
        partners = session.execute(
            select(func.count()).where((Organisation.country.is_not(None)) | (Organisation.latitude.is_not(None)))
        ).scalar_one()
        locations = session.execute(
            select(func.count()).where((ProjectLocation.country.is_not(None)) | (ProjectLocation.latitude.is_not(None)))
        ).scalar_one()
        located_projects = select(ProjectLocation.project_id)
        by_country = session.execute(
            select(func.count()).select_from(ProjectCountry).where(ProjectCountry.project_id.not_in(located_projects))
        ).scalar_one()
    return partners + locations + by_country


# -- placement (pure) -------------------------------------------------------------------------------------


def test_bad_coordinates_are_listed_and_placed_by_country_when_possible() -> None:
    records = _records(
        country=["FJI", "FRA", None, "WSM", None, "PYF"],
        latitude=[-18.14, 95.0, "abc", None, 0.0, -17.55],
        longitude=[178.44, 2.35, 10.0, None, 0.0, 149.56],
        place=["Suva", "Paris", "Somewhere", None, "Null island", "Papeete"],
    )
    placed = place_records(records)
    assert placed["placement"].tolist() == ["coordinates", "country", "none", "country", "none", "country"]
    assert placed["problem"].fillna("").tolist() == [
        "",
        "latitude_out_of_range",
        "not_a_number",
        "missing",
        "null_island",
        "outside_country",
    ]
    # Paris with latitude 95 is drawn at France's representative point, not dropped.
    assert (placed.loc[1, "latitude"], placed.loc[1, "longitude"]) == geo.country_centroid("FRA")
    problems = problem_table(placed)
    # Listed: the four with wrong coordinates; a record with no coordinates but a country is not a fault.
    assert problems[t("map.column.name", "en")].tolist() == ["Record 1", "Record 2", "Record 4", "Record 5"]
    reasons = problems[t("map.column.problem", "en")].tolist()
    assert reasons[0] == t("map.problem.latitude_out_of_range", "en") + " " + t("map.hint.swapped", "en")
    assert reasons[3].endswith(t("map.hint.longitude_sign", "en"))
    assert problems[t("map.column.placement", "en")].tolist()[1] == t("map.placement.none", "en")
    # The raw value is shown as typed, so the person sees what to fix.
    assert problems[t("map.column.latitude", "en")].tolist() == ["95.0", "abc", "0.0", "-17.55"]


def test_the_figure_still_builds_with_bad_coordinates_and_draws_one_marker_per_placed_record() -> None:
    records = _records(
        country=["FJI", "FRA", None, "WSM"],
        latitude=[-18.14, 95.0, "abc", None],
        longitude=[178.44, 2.35, "xyz", None],
    )
    placed = place_records(records)
    points = placed.loc[placed["placement"] != "none"]
    figure = map_figure(points)
    assert point_count(figure) == 3
    json.loads(figure.to_json())  # serialisable: nothing NaN-poisoned in the markers


def test_fiji_and_samoa_points_are_drawn_next_to_each_other() -> None:
    placed = place_records(
        _records(country=["FJI", "WSM"], latitude=[-18.14, -13.83], longitude=[178.44, -171.77])
    )
    assert abs(placed.loc[0, "map_x"] - placed.loc[1, "map_x"]) < 20


def test_marker_area_grows_with_the_budget_and_never_vanishes() -> None:
    sizes = marker_sizes(pd.Series([0.0, 100.0, 400.0, np.nan]))
    assert sizes[0] == sizes[3] == MIN_MARKER_SIZE
    assert sizes[2] == MAX_MARKER_SIZE
    # Square-root scaling: four times the money, twice the extra diameter.
    assert (sizes[2] - MIN_MARKER_SIZE) == pytest.approx(2 * (sizes[1] - MIN_MARKER_SIZE))


def test_hover_text_names_the_record_and_escapes_it() -> None:
    placed = place_records(
        _records(
            name=["<script>x</script> & Co"], country=["FRA"], latitude=[None], longitude=[None], role=["Funder (2)"]
        )
    )
    text = hover_text(placed.iloc[0].to_dict(), "en")
    assert "&lt;script&gt;" in text and "<script>" not in text
    assert "Funder (2)" in text and "€1,000" in text
    assert t("map.hover.placed_by_country", "en").replace("'", "&#x27;") in text


def test_a_selection_leads_back_to_its_records() -> None:
    placed = place_records(_records(country=["FJI", "WSM"], latitude=[None, None], longitude=[None, None]))
    chosen = selected_points(
        placed, [{"customdata": [placed.loc[1, "point_id"]]}, {"curve_number": 0, "point_index": 3}]
    )
    assert chosen["record_id"].tolist() == [2]
    assert selected_points(placed, None).empty


# -- on the database ----------------------------------------------------------------------------------------


def test_the_demo_map_holds_one_point_per_located_record(demo_engine: Engine) -> None:
    view = maps.map_view(demo_engine, as_of=DEMO_TODAY)
    expected = _expected_point_count(demo_engine)
    assert len(view.points) == expected
    assert point_count(view.figure) == expected
    with Session(demo_engine) as session:
        partners = session.execute(select(func.count()).select_from(Organisation)).scalar_one()
    assert int((view.points["kind"] == "partner").sum()) == partners
    assert view.problems.empty  # the demo's coordinates are all sound
    # REG-C1.1 (budget 443 008) is spread over its places: their shares add back to the project's budget.
    reg = view.points.loc[view.points["code"] == "REG-C1.1"]
    assert len(reg) > 1
    assert reg["budget"].sum() == pytest.approx(reg["budget_total"].iloc[0])
    assert reg["budget_total"].iloc[0] == pytest.approx(443_008, abs=1)
    # The Pacific places and the European ones are both in the frame.
    x_range = view.figure.layout.xaxis.range
    assert x_range[0] < geo.to_map_longitude(2.35) and geo.to_map_longitude(-149.56) < x_range[1]


def test_a_bad_coordinate_in_the_database_is_listed_and_does_not_break_the_map(demo_engine: Engine) -> None:
    before = maps.map_view(demo_engine)
    with db.session_scope(demo_engine) as session:
        session.add(
            Organisation(
                name="Latitude typo", name_key="latitude typo", type="ngo", country="FRA", latitude=95.0, longitude=2.35
            )
        )
        session.add(
            Organisation(
                name="Nowhere at all", name_key="nowhere at all", type="ngo", country=None, latitude=0.0, longitude=0.0
            )
        )
        db.bump_revision(session)
    view = maps.map_view(demo_engine)
    assert len(view.points) == len(before.points) + 1  # the typo is placed in France; null island is not drawn
    assert point_count(view.figure) == len(view.points)
    names = view.problems[t("map.column.name", "en")].tolist()
    assert names == ["Latitude typo", "Nowhere at all"]
    assert maps.unplaced_records(demo_engine)[t("map.column.name", "en")].tolist() == names


def test_budgets_and_contributions_match_the_budgets_and_partners_pages(demo_engine: Engine) -> None:
    points = maps.map_points(demo_engine, as_of=DEMO_TODAY)
    variance = page_figures.variance(
        demo_engine, portfolio_filter=PortfolioFilter(), group_by="project", as_of=DEMO_TODAY
    )
    budget_by_code = dict(zip(variance["label"], variance["budget"], strict=True))
    projects = points.loc[points["kind"] == "project"].drop_duplicates("code")
    for code, total in zip(projects["code"], projects["budget_total"], strict=True):
        assert total == pytest.approx(budget_by_code[code]), code
    table = partners.partner_table(demo_engine).frame
    # Partners who pledged something (the table reads 0 for the others; the map then shows no amount).
    pledged = table.loc[table["contributions"].fillna(0) > 0].set_index("id")["contributions"]
    on_map = points.loc[points["kind"] == "partner"].set_index("record_id")["budget_total"]
    assert len(pledged) > 10
    for partner_id, amount in pledged.items():
        assert on_map[partner_id] == pytest.approx(amount), partner_id


def test_a_currency_without_a_rate_does_not_break_the_map(demo_engine: Engine) -> None:
    with db.session_scope(demo_engine) as session:
        project_id = session.execute(select(Project.id).where(Project.code == "REG-C1.1")).scalar_one()
        session.add(BudgetLine(project_id=project_id, amount=1000.0, currency="JPY"))
        db.bump_revision(session)
    view = maps.map_view(demo_engine, as_of=DEMO_TODAY)
    assert view.missing_rate == "JPY"
    assert len(view.points) == _expected_point_count(demo_engine)
    # Only the money without a rate is left out (issue 13): every project keeps its converted budget, REG-C1.1
    # its euros (443 008), and the page names JPY as not converted.
    projects = view.points.loc[view.points["kind"] == "project"]
    assert projects["budget"].notna().all()
    assert projects.loc[projects["code"] == "REG-C1.1", "budget_total"].iloc[0] == pytest.approx(443_008)
    assert point_count(view.figure) == len(view.points)


def test_the_filter_applies_to_the_map(demo_engine: Engine) -> None:
    pacific = maps.map_points(demo_engine, portfolio_filter=PortfolioFilter(regions=("PACIFIC",)))
    assert not pacific.empty
    assert set(pacific.loc[pacific["kind"] == "partner", "country"]) <= geo.load_centroids().keys()
    partners_only = maps.map_points(demo_engine, show=Show.partners)
    assert set(partners_only["kind"]) == {"partner"}
    with Session(demo_engine) as session:
        projects = session.execute(select(func.count()).select_from(Project)).scalar_one()
    projects_only = maps.map_points(demo_engine, show=Show.projects)
    assert projects_only["record_id"].nunique() == projects


def test_an_empty_database_gives_an_empty_map_that_still_draws(engine: Engine) -> None:
    view = maps.map_view(engine)
    assert view.points.empty and view.problems.empty
    assert point_count(view.figure) == 0
    assert len(view.figure.data) == 0 and len(view.figure.layout.images) == 1  # no point, and the land


# -- the page -----------------------------------------------------------------------------------------------


def _chart_figure(at: AppTest) -> dict:
    charts = at.get("plotly_chart")
    assert len(charts) == 1
    return json.loads(charts[0].proto.spec)


def _marker_count(figure: dict) -> int:
    return sum(len(trace["customdata"]) for trace in figure["data"] if trace.get("mode") == "markers")


def test_the_map_page_draws_every_located_record(demo_engine: Engine) -> None:
    at = sign_in(AppTest.from_file(str(ROOT / "pages" / "map.py"), default_timeout=120), "leadership")
    at.run()
    assert not at.exception, at.exception
    figure = _chart_figure(at)
    expected = _expected_point_count(demo_engine)
    assert _marker_count(figure) == expected
    # The shipped country shapes (an SVG image under the markers), not a CDN base map.
    assert figure["layout"]["images"][0]["source"].startswith("data:image/svg+xml;base64,")
    assert "geo" not in figure["layout"]
    summary = [caption.value for caption in at.caption if caption.value.startswith(f"{expected} points")]
    assert summary, [caption.value for caption in at.caption]
    assert [element.value for element in at.success] == [t("map.unplaced.none", "en")]

    at.segmented_control(key="map_show").set_value(Show.partners).run()
    with Session(demo_engine) as session:
        partners = session.execute(select(func.count()).select_from(Organisation)).scalar_one()
    assert _marker_count(_chart_figure(at)) == partners


def test_the_map_page_lists_bad_coordinates_beside_the_map(demo_engine: Engine) -> None:
    with db.session_scope(demo_engine) as session:
        session.add(
            Organisation(
                name="Swapped office",
                name_key="swapped office",
                type="ngo",
                country="FJI",
                latitude=178.44,
                longitude=-18.14,
            )
        )
        db.bump_revision(session)
    at = sign_in(AppTest.from_file(str(ROOT / "pages" / "map.py"), default_timeout=120), "reference_group")
    at.run()
    assert not at.exception, at.exception
    assert [element.value for element in at.warning] == [t("map.unplaced.count", "en", count="1")]
    table = at.dataframe[0].value
    assert table[t("map.column.name", "en")].tolist() == ["Swapped office"]
    assert "swapped" in table[t("map.column.problem", "en")].iloc[0]
    assert _marker_count(_chart_figure(at)) == _expected_point_count(demo_engine)  # still drawn, in Fiji


def test_the_map_page_on_an_empty_database_says_so(engine: Engine) -> None:
    at = sign_in(AppTest.from_file(str(ROOT / "pages" / "map.py"), default_timeout=120), "leadership")
    at.run()
    assert not at.exception, at.exception
    assert len(at.get("plotly_chart")) == 0
    assert any(t("map.no_points", "en") in element.value for element in at.info)


def test_the_map_page_speaks_french(demo_engine: Engine) -> None:
    at = sign_in(AppTest.from_file(str(ROOT / "pages" / "map.py"), default_timeout=120), "leadership")
    at.session_state["lang"] = "fr"
    at.run()
    assert not at.exception, at.exception
    assert at.title[0].value == t("map.title", "fr")
    legend_names = [trace.get("name", "") for trace in _chart_figure(at)["data"] if trace.get("mode") == "markers"]
    assert any(name.startswith(t("org_type.ngo", "fr")) for name in legend_names), legend_names
    assert "150°O" in _chart_figure(at)["layout"]["xaxis"]["ticktext"]


def test_figure_type_is_plain_cartesian() -> None:
    figure = map_figure(place_records(pd.DataFrame()))
    assert all(isinstance(trace, go.Scatter) for trace in figure.data)


def test_a_large_map_draws_its_markers_with_webgl_and_keeps_every_point() -> None:
    size = WEBGL_ABOVE_POINTS + 1
    records = _records(
        country=(["FJI", "FRA", "SEN"] * size)[:size],
        latitude=[None] * size,
        longitude=[None] * size,
    )
    placed = place_records(records)
    points = placed.loc[placed["placement"] != "none"]
    figure = map_figure(points)
    markers = [trace for trace in figure.data if trace.mode == "markers"]
    assert markers and all(isinstance(trace, go.Scattergl) for trace in markers)
    assert point_count(figure) == len(points)
    assert figure.layout.images[0].source.startswith("data:image/svg+xml")  # the land stays SVG


def test_colour_by_status_groups_partners_and_projects_apart_in_the_legend() -> None:
    records = pd.concat(
        [
            _records(country=["FJI"], latitude=[None], longitude=[None], status_label=["Actif"]),
            _records(kind=["project"], country=["WSM"], latitude=[None], longitude=[None], status_label=["En cours"]),
        ],
        ignore_index=True,
    )
    figure = map_figure(place_records(records), colour_by=ColourBy.status, lang="fr")
    names = sorted(trace.name for trace in figure.data if trace.mode == "markers")
    assert names == ["Partenaire : Actif (1)", "Projet : En cours (1)"]  # French puts a space before the colon
    symbols = {trace.name: trace.marker.symbol for trace in figure.data if trace.mode == "markers"}
    assert symbols == {"Partenaire : Actif (1)": "circle", "Projet : En cours (1)": "diamond"}


def test_text_stored_in_a_coordinate_column_is_listed_not_fatal(demo_engine: Engine) -> None:
    """SQLite keeps whatever an old import wrote into a REAL column; "abc" must not break the map."""
    if demo_engine.dialect.name != "sqlite":
        pytest.skip("PostgreSQL refuses text in a double precision column")
    from sqlalchemy import text

    with demo_engine.begin() as connection:
        connection.execute(text("UPDATE organisation SET latitude = 'abc', longitude = '12,5' WHERE id = 3"))
    view = maps.map_view(demo_engine, as_of=DEMO_TODAY)
    assert len(view.points) == _expected_point_count(demo_engine)
    listed = view.problems.loc[view.problems["record_id"] == 3]
    assert listed[t("map.column.latitude", "en")].tolist() == ["abc"]
    assert listed[t("map.column.problem", "en")].tolist() == [t("map.problem.not_a_number", "en")]
