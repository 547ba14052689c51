"""The map at scale (issue 15): above ``AGGREGATE_ABOVE_POINTS`` the world map shows one circle per country
that counts every point and opens that country's points one by one; coastlines are simplified to the frame
without losing an island."""

from __future__ import annotations

import base64
import json
import re
from pathlib import Path

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import pytest
from sqlalchemy.engine import Engine
from streamlit.testing.v1 import AppTest

from dashboard import views
from dashboard.maps import geo
from dashboard.maps import view as maps
from dashboard.maps.figure import (
    ACTIVE_LAND_COLOUR,
    COUNTRY_MARKER,
    LAND_COLOUR,
    country_figure,
    land_tolerance,
    point_count,
    selected_countries,
    selected_points,
)
from dashboard.maps.placement import place_records
from dashboard.queries.filters import PortfolioFilter
from tests.apptest_helpers import sign_in
from tests.conftest import DEMO_TODAY

ROOT = Path(__file__).resolve().parents[1]


def _points(countries: list[str | None]) -> pd.DataFrame:
    size = len(countries)
    records = pd.DataFrame({
        "kind": ["partner" if index % 3 else "project" for index in range(size)],
        "record_id": list(range(1, size + 1)),
        "name": [f"Record {index}" for index in range(size)],
        "code": [f"P-{index}" for index in range(size)],
        "type_label": ["NGO" if index % 2 else "Local authority" for index in range(size)],
        "status_label": ["Active"] * size,
        "role": [""] * size,
        "budget_total": [1000.0] * size,
        "country": countries,
        # The records without a country have coordinates (near Nouméa), the others are placed by country.
        "latitude": [None if country else -22.27 for country in countries],
        "longitude": [None if country else 166.45 for country in countries],
    })
    placed = place_records(records)
    placed["country_name"] = placed["country"].fillna("")
    return placed.loc[placed["placement"] != "none"].reset_index(drop=True)


def _circles(figure) -> list:
    return [trace for trace in figure.data if trace.mode == "markers+text"]


def test_the_world_map_counts_every_point_in_one_circle_per_country() -> None:
    countries: list[str | None] = (["FJI"] * 1200 + ["FRA"] * 700 + ["WSM"] * 300 + [None] * 5)
    points = _points(countries)
    figure = country_figure(points, lang="en")
    (circles,) = _circles(figure)
    codes = [row[0] for row in circles.customdata]
    assert codes == [COUNTRY_MARKER + code for code in ("", "FJI", "FRA", "WSM")]
    counts = {code: int(text.replace(",", "")) for code, text in zip(codes, circles.text, strict=True)}
    assert counts[COUNTRY_MARKER + "FJI"] == 1200 and sum(counts.values()) == len(points)  # nobody is lost
    fiji = circles.hovertext[codes.index(COUNTRY_MARKER + "FJI")]
    assert "400 partners" not in fiji and "800 partners · 400 project locations" in fiji, fiji
    assert "NGO: 600" in fiji and "Local authority: 600" in fiji  # the colouring's groups, counted
    assert point_count(figure) == 0  # no point drawn one by one: the circles hold them
    assert _is_land(figure)  # the land, still the shipped shapes


def test_choosing_circles_names_their_countries_and_ignores_points() -> None:
    selection = [{"customdata": [COUNTRY_MARKER + "FJI"]}, {"customdata": [COUNTRY_MARKER + "WSM"]},
                 {"customdata": ["partner-3"]}, {"curve_number": 0}]
    assert selected_countries(selection) == ("FJI", "WSM")
    assert selected_countries(None) == ()
    points = _points(["FJI", "WSM"])
    assert selected_points(points, selection).empty  # a circle is no record


def test_coastlines_are_simplified_to_the_frame_and_keep_every_island() -> None:
    full = geo.land_path(None)
    simple = geo.land_path(None, land_tolerance([-30.0, 330.0]))
    assert simple.count("M") == full.count("M") == len(geo.map_rings(None))  # as many islands: none dropped
    assert len(simple) < 0.5 * len(full)
    assert land_tolerance([150.0, 220.0]) < land_tolerance([-30.0, 330.0])  # the Pacific alone: finer
    # Douglas-Peucker: no stored vertex lies further than the tolerance from the simplified outline.
    angle = np.linspace(0, 2 * np.pi, 400)
    xs, ys = 10 * np.cos(angle) + 0.05 * np.sin(40 * angle), 10 * np.sin(angle)
    kept = geo.simplify_ring(xs, ys, 0.2)
    assert 4 <= len(kept) < 100 and kept[0] == 0 and kept[-1] == len(xs) - 1
    for index in range(len(xs)):
        later = int(np.searchsorted(kept, index))
        if later == 0 or kept[later - 1] == index or later == len(kept):
            continue
        a, b = kept[later - 1], kept[later]
        dx, dy = xs[b] - xs[a], ys[b] - ys[a]
        distance = abs(dx * (ys[index] - ys[a]) - dy * (xs[index] - xs[a])) / np.hypot(dx, dy)
        assert distance <= 0.2 + 1e-9
    assert len(geo.simplify_ring(xs[:3], ys[:3], 5.0)) == 3


def test_the_display_opens_the_chosen_countries_point_by_point(demo_engine: Engine,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(maps, "AGGREGATE_ABOVE_POINTS", 10)  # the demo's few hundred points count as many
    view = views.map_view(demo_engine, PortfolioFilter(), DEMO_TODAY, show="both")
    world = maps.map_display(view, lang="en")
    assert world.aggregated and not world.countries and point_count(world.figure) == 0
    country = str(world.points["country"].value_counts().index[0])
    many = int((world.points["country"] == country).sum())
    detail = maps.map_display(view, lang="en", countries=(country, "XXX"))
    assert not detail.aggregated and detail.countries == (country,)  # a country with no point is dropped
    assert point_count(detail.figure) == many
    assert len(detail.points) == len(world.points)  # the tables and downloads keep every point
    assert maps.map_display(view, lang="en", countries=("XXX",)).aggregated  # nothing left: the world again


def _chart(at: AppTest) -> dict:
    (chart,) = at.get("plotly_chart")
    return json.loads(chart.proto.spec)


def test_the_map_page_goes_from_the_world_to_a_country_and_back(demo_engine: Engine,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(maps, "AGGREGATE_ABOVE_POINTS", 10)
    at = sign_in(AppTest.from_file(str(ROOT / "pages" / "map.py"), default_timeout=120), "leadership")
    at.run()
    assert not at.exception
    assert any("each circle is a country" in info.value for info in at.info), at.info
    circles = [trace for trace in _chart(at)["data"] if trace.get("mode") == "markers+text"]
    assert len(circles) == 1 and any(row[0] == COUNTRY_MARKER + "FRA" for row in circles[0]["customdata"])
    at.session_state["map_countries"] = ("FRA",)  # what choosing France's circle leaves
    at.run()
    assert not at.exception
    markers = [trace for trace in _chart(at)["data"] if trace.get("mode") == "markers"]
    assert markers and all(row[0].startswith(("partner", "project")) for trace in markers
                           for row in trace["customdata"])
    assert any(caption.value.startswith("Each point of: France") for caption in at.caption), at.caption
    at.button(key="map_back").click().run()
    assert not at.exception
    assert [trace for trace in _chart(at)["data"] if trace.get("mode") == "markers+text"]


def _is_land(figure: go.Figure) -> bool:
    """The figure lays the shipped country shapes under its markers: one SVG image on the axes."""
    (image,) = figure.layout.images
    return image.source.startswith("data:image/svg+xml;base64,") and image.layer == "below" and image.xref == "x"


def test_the_land_is_one_svg_image_with_every_island_and_the_portfolio_countries_tinted() -> None:
    points = _points(["FJI"] * 3 + ["WSM"] * 2)
    image = country_figure(points).layout.images[0]
    document = base64.b64decode(image.source.split(",", 1)[1]).decode("ascii")
    land, active = re.findall(r'<path fill="(#[0-9a-f]{6})"[^>]* d="([^"]*)"', document)
    assert land[0] == LAND_COLOUR and active[0] == ACTIVE_LAND_COLOUR
    assert land[1].count("M") == len(geo.map_rings(None))  # every island of the world
    rings = len(geo.load_shapes()["FJI"].rings) + len(geo.load_shapes()["WSM"].rings)
    assert active[1].count("M") == rings  # the countries holding a point, tinted over the rest
    x_min, y_min, x_max, y_max = geo.land_bounds()
    assert (image.x, image.y, image.sizex, image.sizey) == (x_min, y_max, x_max - x_min, y_max - y_min)
