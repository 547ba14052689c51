"""The map's geography: shipped shapes and centroids, the Pacific-centred transform, coordinate checks."""

from __future__ import annotations

import math
import re

import numpy as np
import pytest

from dashboard.core.regions import REGIONS
from dashboard.maps import geo

PACIFIC_STATES = (
    "FJI",
    "KIR",
    "WSM",
    "TON",
    "PYF",
    "NCL",
    "WLF",
    "PCN",
    "VUT",
    "SLB",
    "PNG",
    "TUV",
    "NRU",
    "MHL",
    "FSM",
    "PLW",
    "COK",
    "NIU",
    "TKL",
    "ASM",
    "GUM",
    "MNP",
)


def test_every_pacific_island_state_and_territory_has_a_shape_and_a_centroid() -> None:
    shapes = geo.load_shapes()
    centroids = geo.load_centroids()
    for code in PACIFIC_STATES:
        assert code in shapes and shapes[code].rings, code
        assert code in centroids, code
    assert set(PACIFIC_STATES) <= REGIONS["PACIFIC"]


def test_every_iso_country_and_territory_can_be_placed() -> None:
    """Territories Natural Earth draws inside another country (Réunion in France, Tokelau in New Zealand)
    are split out, so a partner in Mayotte is placed in Mayotte, not listed as unplaceable."""
    import pycountry

    centroids = geo.load_centroids()
    assert sorted(country.alpha_3 for country in pycountry.countries if country.alpha_3 not in centroids) == []
    for code in ("REU", "MYT", "GUF", "GLP", "MTQ", "TKL"):
        latitude, longitude = centroids[code]
        assert geo.is_near_country(latitude, longitude, code, margin=0.0), code
    latitude, longitude = centroids["FRA"]
    assert 42 < latitude < 51 and -5 < longitude < 8  # metropolitan France, not French Guiana


def test_the_shipped_shapes_are_compact() -> None:
    assert geo.SHAPES_PATH.stat().st_size < 3_000_000
    assert len(geo.load_shapes()) > 230  # every country, not only a region


def test_fiji_and_samoa_sit_side_by_side_on_the_map_axis() -> None:
    fiji = geo.to_map_longitude(178.0)
    samoa = geo.to_map_longitude(-171.0)
    assert abs(fiji - samoa) < 20  # 11° apart, not 349° (one on each edge of the map)
    french_polynesia = geo.to_map_longitude(-149.6)
    new_caledonia = geo.to_map_longitude(166.4)
    assert new_caledonia < fiji < samoa < french_polynesia
    assert french_polynesia - new_caledonia < 50
    # Europe and West Africa stay whole and on the same side: the cut runs through the Atlantic.
    assert geo.to_map_longitude(-17.4) < geo.to_map_longitude(2.35) < geo.to_map_longitude(8.0)


def test_the_transform_works_on_arrays() -> None:
    moved = geo.to_map_longitude(np.array([178.0, -171.0, 2.0, -77.0]))
    assert moved.tolist() == [178.0, 189.0, 2.0, 283.0]


def test_centroids_of_islands_across_180_degrees_lie_on_land() -> None:
    """A plain average of Fiji's or Kiribati's vertices would land near longitude 0, in the open sea."""
    for code in ("FJI", "KIR", "TUV", "WLF", "RUS"):
        latitude, longitude = geo.country_centroid(code)  # type: ignore[misc]
        assert geo.is_near_country(latitude, longitude, code, margin=0.0), code
    latitude, longitude = geo.country_centroid("FJI")  # type: ignore[misc]
    assert 176 < longitude < 180 and -19.5 < latitude < -15.5


def test_a_polygon_crossing_180_degrees_is_drawn_whole() -> None:
    # Fiji's eastern islands and Russia's Chukotka cross the antimeridian: no ring may span the map.
    for code, xs, _ys in geo.map_rings(["FJI", "RUS", "KIR", "USA"]):
        assert float(xs.max() - xs.min()) < 180, code


def _path_starts(path: str) -> list[tuple[float, float]]:
    """Where each island's sub-path starts, back in map x and latitude."""
    x_min, _y_min, _x_max, y_max = geo.land_bounds()
    per_degree = geo.svg_units_per_degree(0.0)
    return [(x_min + int(x) / per_degree, y_max - int(y) / per_degree)
            for x, y in re.findall(r"M(-?\d+) (-?\d+)", path)]


def test_the_land_path_draws_every_island_closed_and_in_place() -> None:
    path = geo.land_path(("FJI", "WSM"))
    rings = len(geo.load_shapes()["FJI"].rings) + len(geo.load_shapes()["WSM"].rings)
    assert path.count("M") == rings == path.count("z")  # one closed sub-path per island
    starts = _path_starts(path)
    # Fiji and Samoa together on the Pacific-centred axis, not split across the frame, at their latitudes.
    assert all(170 < x < 195 and -22 < y < -12 for x, y in starts), starts
    # Each island starts where its stored ring starts (to the unit: a thousandth of a degree).
    first_fiji = geo.load_shapes()["FJI"].rings[0]
    assert starts[0] == pytest.approx((float(geo.ring_to_map(first_fiji[0])[0]), float(first_fiji[1][0])), abs=1e-3)


@pytest.mark.parametrize(
    ("latitude", "longitude", "country", "problem", "hint"),
    [
        (None, None, None, geo.CoordinateProblem.missing, None),
        ("", "  ", "FJI", geo.CoordinateProblem.missing, None),
        (float("nan"), 12.0, None, geo.CoordinateProblem.missing, None),
        ("abc", 12.0, None, geo.CoordinateProblem.not_a_number, None),
        (95.0, 12.0, None, geo.CoordinateProblem.latitude_out_of_range, geo.CoordinateHint.swapped),
        (-95.0, 200.0, None, geo.CoordinateProblem.latitude_out_of_range, None),
        (10.0, 181.0, None, geo.CoordinateProblem.longitude_out_of_range, None),
        (0, 0, None, geo.CoordinateProblem.null_island, None),
        (0.0, 0.0, "FRA", geo.CoordinateProblem.null_island, None),
        # Suva typed the wrong way round: still in range, but far from Fiji; swapping puts it there.
        (178.44, -18.14, "FJI", geo.CoordinateProblem.latitude_out_of_range, geo.CoordinateHint.swapped),
        (14.69, -17.44, "FRA", None, None),  # Dakar for a French partner: allowed, nothing suggests a slip
        (-17.55, 149.56, "PYF", geo.CoordinateProblem.outside_country, geo.CoordinateHint.longitude_sign),
        (18.14, 178.44, "FJI", geo.CoordinateProblem.outside_country, geo.CoordinateHint.latitude_sign),
        (-0.52, 166.93, "NRU", None, None),
        (-18.14, -179.9, "FJI", None, None),  # Fiji's Lau islands lie east of 180°
        ("-18,14", "178,44", "FJI", None, None),  # a decimal comma is read
    ],
)
def test_coordinate_checks(
    latitude: object, longitude: object, country: str | None, problem: object, hint: object
) -> None:
    check = geo.check_coordinates(latitude, longitude, country)
    assert check.problem == problem
    assert check.hint == hint
    assert check.usable == (problem is None)


def test_axis_labels_in_french_say_ouest() -> None:
    assert geo.longitude_label(210, "E", "O") == "150°O"
    assert [geo.latitude_label(value) for value in (-20, 0, 40)] == ["20°S", "0°", "40°N"]


def test_a_longitude_label_reads_as_people_read_it() -> None:
    assert [geo.longitude_label(value) for value in (-30, 0, 150, 180, 210, 300)] == [
        "30°W",
        "0°",
        "150°E",
        "180°",
        "150°W",
        "60°W",
    ]


def test_coincident_points_are_fanned_out_and_lone_points_stay() -> None:
    xs = np.array([10.0, 10.0, 10.0, 50.0, math.nan])
    ys = np.array([5.0, 5.0, 5.0, 7.0, math.nan])
    moved_x, moved_y = geo.spread_coincident(xs, ys)
    positions = {(round(x, 6), round(y, 6)) for x, y in zip(moved_x[:3], moved_y[:3], strict=True)}
    assert len(positions) == 3  # three distinct places now
    assert (moved_x[0], moved_y[0]) == (10.0, 5.0) and (moved_x[3], moved_y[3]) == (50.0, 7.0)
    assert max(abs(moved_x[:3] - 10).max(), abs(moved_y[:3] - 5).max()) < 1.0  # still next to the true place
