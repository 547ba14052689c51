"""Geography for the map: country shapes and centroids shipped in ``data/geo/`` (never fetched at run time),
coordinate checks, and the Pacific-centred longitude transform.

The map is drawn on a plain longitude/latitude plane whose left edge is an Atlantic meridian
(``CUT_LONGITUDE``): everything west of it moves 360° to the right, so the Pacific sits in the middle and
Fiji (178° E), Samoa (172° W) and French Polynesia (150° W) lie side by side instead of on opposite edges.
Cutting in the Atlantic rather than at 0° keeps France, Spain and West Africa whole as well. Shapes are moved
ring by ring (a ring is never cut), points one by one.

Pure functions: no database, no Streamlit. Shapes and centroids are read once per process.
"""

from __future__ import annotations

import csv
import json
import math
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache
from numbers import Real
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from dashboard.core.coordinates import CoordinateProblem, point_problem

GEO_DIR = Path(__file__).resolve().parents[2] / "data" / "geo"
SHAPES_PATH = GEO_DIR / "countries.json"
CENTROIDS_PATH = GEO_DIR / "centroids.csv"

# West of this meridian longitudes move by +360: the Atlantic between Iceland/Cape Verde and the Azores'
# western islands crosses no land but Greenland and Antarctica (moved whole, ring by ring).
CUT_LONGITUDE = -30.0
MAP_LONGITUDE_RANGE = (CUT_LONGITUDE, CUT_LONGITUDE + 360.0)
# Antarctica is left below the frame; nobody's office is there and it would take a third of the height.
MAP_LATITUDE_RANGE = (-58.0, 84.0)
# How far (degrees) a point may lie outside its country's islands before a swap or sign fix is suggested.
COUNTRY_MARGIN_DEGREES = 1.5


# ---------------------------------------------------------------------------------------------------------
# Longitude transform
# ---------------------------------------------------------------------------------------------------------


def to_map_longitude(longitude: Any) -> Any:
    """A longitude (−180…180) on the Pacific-centred axis (−30…330); works on scalars and arrays alike."""
    if isinstance(longitude, Real):  # a number (numpy's too), not an array
        value = float(longitude)
        return value + 360.0 if value < CUT_LONGITUDE else value
    values = np.asarray(longitude, dtype="float64")
    return np.where(values < CUT_LONGITUDE, values + 360.0, values)


def ring_to_map(longitudes: np.ndarray) -> np.ndarray:
    """Move a whole ring by the side its middle lies on, so no coastline is torn at the map's edge."""
    middle = (float(longitudes.min()) + float(longitudes.max())) / 2
    shift = 360.0 if middle < CUT_LONGITUDE else -360.0 if middle >= CUT_LONGITUDE + 360 else 0.0
    return longitudes + shift


def longitude_label(map_longitude: float, east: str = "E", west: str = "W") -> str:
    """Axis label of a map longitude as people read it: 150°E, 180°, 150°W (``east``/``west`` letters in
    the reader's language: O for ouest in French)."""
    value = ((map_longitude + 180.0) % 360.0) - 180.0
    if math.isclose(abs(value), 180.0) or math.isclose(value, 0.0, abs_tol=1e-9):
        return f"{abs(value):.0f}°"
    return f"{abs(value):.0f}°{east if value > 0 else west}"


def latitude_label(latitude: float, north: str = "N", south: str = "S") -> str:
    if math.isclose(latitude, 0.0, abs_tol=1e-9):
        return "0°"
    return f"{abs(latitude):.0f}°{north if latitude > 0 else south}"


# ---------------------------------------------------------------------------------------------------------
# Shapes and centroids
# ---------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CountryShape:
    iso3: str
    name: str
    rings: tuple[tuple[np.ndarray, np.ndarray], ...]  # (longitudes, latitudes) per island, as stored
    bounds: tuple[tuple[float, float, float, float], ...]  # (lon_min, lat_min, lon_max, lat_max) per ring


@lru_cache(maxsize=1)
def load_shapes(path: Path = SHAPES_PATH) -> dict[str, CountryShape]:
    """Country shapes by ISO alpha-3 (built by ``scripts/build_geo.py`` from Natural Earth)."""
    document = json.loads(path.read_text(encoding="utf-8"))
    shapes: dict[str, CountryShape] = {}
    for feature in document["features"]:
        rings = []
        bounds = []
        for flat in feature["rings"]:
            coordinates = np.asarray(flat, dtype="float64").reshape(-1, 2)
            longitudes, latitudes = coordinates[:, 0], coordinates[:, 1]
            rings.append((longitudes, latitudes))
            bounds.append((longitudes.min(), latitudes.min(), longitudes.max(), latitudes.max()))
        shapes[feature["iso3"]] = CountryShape(feature["iso3"], feature["name"], tuple(rings), tuple(bounds))
    return shapes


@lru_cache(maxsize=1)
def load_centroids(path: Path = CENTROIDS_PATH) -> dict[str, tuple[float, float]]:
    """A representative point inside each country, (latitude, longitude), by ISO alpha-3."""
    with path.open(encoding="utf-8") as handle:
        return {row["iso3"]: (float(row["latitude"]), float(row["longitude"])) for row in csv.DictReader(handle)}


def country_centroid(country: str | None) -> tuple[float, float] | None:
    """Where to place a record that has a country but no usable coordinates; None for an unknown code."""
    if not country:
        return None
    return load_centroids().get(country.strip().upper())


def map_rings(countries: Iterable[str] | None = None) -> list[tuple[str, np.ndarray, np.ndarray]]:
    """(iso3, map x, latitude) for every island of ``countries`` (all when None), on the Pacific-centred
    axis. A ring circling the pole (Antarctica) is drawn twice, one map-width apart, to fill the width."""
    shapes = load_shapes()
    codes = shapes.keys() if countries is None else [code for code in countries if code in shapes]
    result = []
    for code in codes:
        for longitudes, latitudes in shapes[code].rings:
            moved = ring_to_map(longitudes)
            result.append((code, moved, latitudes))
            if float(longitudes.max() - longitudes.min()) >= 359.0:
                result.append((code, moved + 360.0, latitudes))
    return result


GOLDEN_ANGLE = math.pi * (3 - math.sqrt(5))


def spread_coincident(xs: np.ndarray, ys: np.ndarray, step: float = 0.35) -> tuple[np.ndarray, np.ndarray]:
    """Fan out points drawn at exactly the same place (many records at one country centre or one city) on
    a small sunflower spiral, so each can be seen, hovered and clicked; a lone point does not move. Only the
    drawing moves: tables and downloads keep the true coordinates."""
    xs = np.asarray(xs, dtype="float64").copy()
    ys = np.asarray(ys, dtype="float64").copy()
    if xs.size == 0:
        return xs, ys
    places = pd.DataFrame({"x": np.round(xs, 4), "y": np.round(ys, 4)})
    rank = places.groupby(["x", "y"], dropna=True).cumcount().reindex(places.index).fillna(0).to_numpy()
    radius = step * np.sqrt(rank)
    angle = rank * GOLDEN_ANGLE
    return xs + radius * np.cos(angle), ys + radius * np.sin(angle)


def simplify_ring(xs: np.ndarray, ys: np.ndarray, tolerance: float) -> np.ndarray:
    """Indices of the ring's points that Douglas-Peucker keeps at ``tolerance`` degrees: no kept outline
    strays further than that from the stored one. A ring never vanishes (an island keeps at least four
    points, its first and last among them), so every island of the Pacific is still drawn."""
    count = len(xs)
    if count <= 4 or tolerance <= 0:
        return np.arange(count)
    keep = np.zeros(count, dtype=bool)
    keep[0] = keep[-1] = True
    stack = [(0, count - 1)]
    while stack:
        first, last = stack.pop()
        if last <= first + 1:
            continue
        dx, dy = xs[last] - xs[first], ys[last] - ys[first]
        px, py = xs[first + 1:last] - xs[first], ys[first + 1:last] - ys[first]
        length = math.hypot(dx, dy)
        distance = np.hypot(px, py) if length == 0 else np.abs(dx * py - dy * px) / length
        farthest = int(np.argmax(distance))
        if distance[farthest] > tolerance:
            middle = first + 1 + farthest
            keep[middle] = True
            stack.extend(((first, middle), (middle, last)))
    kept = np.flatnonzero(keep)
    if len(kept) < 4:
        kept = np.unique(np.concatenate([kept, np.linspace(0, count - 1, 4).astype(int)]))
    return kept


# The land's SVG path is written in integers, each move relative to the last, the most compact form a browser
# reads. Its unit is a tenth of the simplification tolerance (a thousandth of a degree, about 100 m, unsimplified):
# finer than the frame's pixel, and the moves stay two or three digits long.
SVG_UNITS_PER_DEGREE = 1000


def svg_units_per_degree(tolerance: float) -> int:
    """Path units per degree of ``land_path`` at ``tolerance`` degrees."""
    return SVG_UNITS_PER_DEGREE if tolerance <= 0 else min(SVG_UNITS_PER_DEGREE, math.ceil(10 / tolerance))


@lru_cache(maxsize=1)
def land_bounds() -> tuple[float, float, float, float]:
    """(x_min, y_min, x_max, y_max) of every ring on the map's plane (map x, latitude, degrees): the frame of
    ``land_path``'s coordinates."""
    rings = map_rings(None)
    if not rings:
        return (MAP_LONGITUDE_RANGE[0], MAP_LATITUDE_RANGE[0], MAP_LONGITUDE_RANGE[1], MAP_LATITUDE_RANGE[1])
    return (min(float(x.min()) for _code, x, _y in rings), min(float(y.min()) for _code, _x, y in rings),
            max(float(x.max()) for _code, x, _y in rings), max(float(y.max()) for _code, _x, y in rings))


@lru_cache(maxsize=64)
def land_path(countries: tuple[str, ...] | None = None, tolerance: float = 0.0) -> str:
    """SVG path data (the ``d`` attribute) of every ring of ``countries`` (all when None): one closed sub-path
    per island, in ``svg_units_per_degree(tolerance)`` units from the top-left corner of ``land_bounds`` (x to the
    east, y to the south). ``tolerance`` (degrees) simplifies each ring first (``simplify_ring``) for a frame in
    which a finer coastline would be less than a pixel; a ring never vanishes. Cached per process, and each
    country's part on its own, so a map of a few countries reuses what the world map computed."""
    shapes = load_shapes()
    codes = shapes.keys() if countries is None else [code for code in countries if code in shapes]
    return "".join(_country_path(code, tolerance) for code in codes)


@lru_cache(maxsize=2048)
def _country_path(code: str, tolerance: float) -> str:
    x_min, _y_min, _x_max, y_max = land_bounds()
    per_degree = svg_units_per_degree(tolerance)
    parts = []
    for _code, xs, ys in map_rings([code]):
        if tolerance > 0:
            kept = simplify_ring(xs, ys, tolerance)
            xs, ys = xs[kept], ys[kept]
        units = np.column_stack([np.round((xs - x_min) * per_degree),
                                 np.round((y_max - ys) * per_degree)]).astype(np.int64)
        moves = np.diff(units, axis=0)
        moves = moves[(moves != 0).any(axis=1)]  # points that fall on the same unit draw nothing
        start = f"M{units[0, 0]} {units[0, 1]}"
        steps = " ".join(map(str, moves.ravel().tolist())).replace(" -", "-")  # a minus sign separates
        parts.append(f"{start}l{steps}z" if steps else f"{start}z")
    return "".join(parts)


# ---------------------------------------------------------------------------------------------------------
# Coordinate checks
# ---------------------------------------------------------------------------------------------------------


class CoordinateHint(StrEnum):
    swapped = "swapped"  # latitude and longitude look exchanged
    longitude_sign = "longitude_sign"  # east/west mixed up (a minus sign lost or added)
    latitude_sign = "latitude_sign"  # north/south mixed up


@dataclass(frozen=True)
class CoordinateCheck:
    latitude: float | None
    longitude: float | None
    problem: CoordinateProblem | None = None
    hint: CoordinateHint | None = None

    @property
    def usable(self) -> bool:
        return self.problem is None


def _as_number(value: Any) -> tuple[float | None, bool]:  # a cell as stored: a number, text, None
    """(number, parsed): None/NaN/blank is (None, True); text that is no number is (None, False)."""
    if value is None:
        return None, True
    if isinstance(value, str):
        text = value.strip().replace(",", ".")
        if not text:
            return None, True
        try:
            value = float(text)
        except ValueError:
            return None, False
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None, False
    if math.isnan(number):
        return None, True
    if math.isinf(number):
        return None, False
    return number, True


def is_near_country(
    latitude: float, longitude: float, country: str, margin: float = COUNTRY_MARGIN_DEGREES
) -> bool | None:
    """Whether the point lies within ``margin`` degrees of one of the country's islands (bounding boxes);
    None when the shapes do not know the country."""
    shape = load_shapes().get(country)
    if shape is None:
        return None
    for lon_min, lat_min, lon_max, lat_max in shape.bounds:
        if lat_min - margin <= latitude <= lat_max + margin:
            # A ring may run past 180° (Vanua Levu); compare on both sides of the antimeridian.
            for candidate in (longitude, longitude + 360.0, longitude - 360.0):
                if lon_min - margin <= candidate <= lon_max + margin:
                    return True
    return False


@lru_cache(maxsize=1)
def _bounds_by_country() -> dict[str, np.ndarray]:
    return {code: np.asarray(shape.bounds, dtype="float64") for code, shape in load_shapes().items()}


def near_country_mask(
    latitudes: np.ndarray,
    longitudes: np.ndarray,
    countries: np.ndarray,
    margin: float = COUNTRY_MARGIN_DEGREES,
    *,
    known_only: bool = False,
) -> np.ndarray:
    """``is_near_country`` for many points at once: True/False per point. Where the country is unknown there
    is nothing to check against: True, or False with ``known_only``. One array operation per country, not one
    loop per point and island."""
    latitudes = np.asarray(latitudes, dtype="float64")
    longitudes = np.asarray(longitudes, dtype="float64")
    countries = np.asarray(countries, dtype=object)
    result = np.full(latitudes.shape, not known_only, dtype=bool)
    bounds_by_country = _bounds_by_country()
    rows_by_country = pd.Series(countries, dtype=object).groupby(countries, dropna=True).indices
    for code, rows in rows_by_country.items():
        bounds = bounds_by_country.get(code) if isinstance(code, str) else None
        if bounds is None:
            continue
        lat = latitudes[rows][:, None]
        lat_ok = (bounds[None, :, 1] - margin <= lat) & (lat <= bounds[None, :, 3] + margin)
        near = np.zeros(rows.size, dtype=bool)
        for shift in (0.0, 360.0, -360.0):  # a ring may run past 180° (Vanua Levu)
            lon = longitudes[rows][:, None] + shift
            lon_ok = (bounds[None, :, 0] - margin <= lon) & (lon <= bounds[None, :, 2] + margin)
            near |= (lat_ok & lon_ok).any(axis=1)
        result[rows] = near
    return result


def fixes_for(latitudes: np.ndarray, longitudes: np.ndarray, countries: np.ndarray) -> list[CoordinateHint | None]:
    """``fix_for`` for many points at once (each candidate fix tested with one ``near_country_mask``)."""
    latitudes = np.asarray(latitudes, dtype="float64")
    longitudes = np.asarray(longitudes, dtype="float64")
    hints: list[CoordinateHint | None] = [None] * latitudes.size
    candidates = (
        (CoordinateHint.swapped, longitudes, latitudes),
        (CoordinateHint.longitude_sign, latitudes, -longitudes),
        (CoordinateHint.latitude_sign, -latitudes, longitudes),
    )
    for hint, lat, lon in candidates:
        in_range = (np.abs(lat) <= 90) & (np.abs(lon) <= 180)
        near = in_range & near_country_mask(lat, lon, countries, known_only=True)
        for index in np.flatnonzero(near):
            if hints[index] is None:
                hints[index] = hint
    return hints


def fix_for(latitude: float, longitude: float, country: str) -> CoordinateHint | None:
    """A swap or sign change that would put a point inside its country, if one does."""
    candidates = (
        (CoordinateHint.swapped, longitude, latitude),
        (CoordinateHint.longitude_sign, latitude, -longitude),
        (CoordinateHint.latitude_sign, -latitude, longitude),
    )
    for hint, lat, lon in candidates:
        if -90 <= lat <= 90 and -180 <= lon <= 180 and is_near_country(lat, lon, country):
            return hint
    return None


def check_coordinates(latitude: object, longitude: object, country: str | None = None) -> CoordinateCheck:
    """Check a record's coordinates: missing, not a number, out of range, (0, 0), or — when its country is
    known — lying away from that country where a swap or sign fix would put it right (a likely typing
    slip, so the record is not drawn at the wrong place). A point away from its country with no such
    explanation is kept: a partner registered in one country may well work from another."""
    lat, lat_ok = _as_number(latitude)
    lon, lon_ok = _as_number(longitude)
    if not (lat_ok and lon_ok):
        return CoordinateCheck(lat, lon, CoordinateProblem.not_a_number)
    if lat is None or lon is None:
        return CoordinateCheck(lat, lon, CoordinateProblem.missing)
    problem = point_problem(lat, lon)  # ranges and (0, 0): the upload's rule too (core.coordinates)
    if problem is CoordinateProblem.latitude_out_of_range:
        hint = CoordinateHint.swapped if -90 <= lon <= 90 and -180 <= lat <= 180 else None
        return CoordinateCheck(lat, lon, problem, hint)
    if problem is not None:
        return CoordinateCheck(lat, lon, problem)
    if country and is_near_country(lat, lon, country) is False:
        hint = fix_for(lat, lon, country)
        if hint is not None:
            return CoordinateCheck(lat, lon, CoordinateProblem.outside_country, hint)
    return CoordinateCheck(lat, lon)
