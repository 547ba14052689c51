"""Build the map's country shapes and centroids from Natural Earth (the npm package ``world-atlas``).

    .venv/bin/pip install shapely      # only this script needs it; the app reads the JSON it writes
    .venv/bin/python scripts/build_geo.py                      # runs `npm pack world-atlas` in a temp dir
    .venv/bin/python scripts/build_geo.py --topojson path/to/countries-10m.json

Writes ``data/geo/countries.json`` (one feature per country: ISO alpha-3, name, exterior rings as flat
[lon, lat, lon, lat, ...] lists, simplified and rounded so the file stays small) and
``data/geo/centroids.csv`` (a representative point inside each country, used to place records that have no
coordinates of their own). The app never fetches shapes at run time: many Pacific offices work offline.

The 10 m set is used because the 50 m set lacks some Pacific island states (Tuvalu, Tokelau...). Tiny
polygons are dropped only outside the Pacific: every Pacific island state and territory keeps all its islands.
"""

from __future__ import annotations

import argparse
import csv
import json
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path
from typing import Any

import pycountry
from shapely.geometry import Polygon
from shapely.ops import polylabel

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from dashboard.core.regions import REGIONS  # noqa: E402  (the script runs from a checkout, not an install)

OUT_SHAPES = ROOT / "data" / "geo" / "countries.json"
OUT_CENTROIDS = ROOT / "data" / "geo" / "centroids.csv"

# Natural Earth features without an ISO 3166 numeric code: drawn as part of the country they sit in (for a
# portfolio map that is where a partner there would be placed), or with their own code where one is in use.
NAME_TO_ALPHA3 = {
    "Kosovo": "XKX",
    "Somaliland": "SOM",
    "N. Cyprus": "CYP",
    "Cyprus U.N. Buffer Zone": "CYP",
    "Dhekelia": "CYP",
    "Akrotiri": "CYP",
    "Baikonur": "KAZ",
    "USNB Guantanamo Bay": "CUB",
    "Siachen Glacier": "IND",
    "Indian Ocean Ter.": "AUS",
    "Coral Sea Is.": "AUS",
}
# Natural Earth draws some territories inside another country's multipolygon (Tokelau in New Zealand, the
# French overseas departments in France...). Their islands are split out by bounding box so that each can be
# found by its own ISO code: (lon_min, lat_min, lon_max, lat_max) boxes per territory, per host country.
SPLIT_OUT: dict[str, dict[str, tuple[tuple[float, float, float, float], ...]]] = {
    "NZL": {"TKL": ((-173.0, -10.0, -170.0, -8.0),)},
    "FRA": {
        "GUF": ((-54.7, 2.0, -51.4, 6.0),),
        "GLP": ((-61.9, 15.8, -60.9, 16.6),),
        "MTQ": ((-61.3, 14.3, -60.7, 14.95),),
        "REU": ((55.1, -21.5, 56.0, -20.8),),
        "MYT": ((44.9, -13.1, 45.4, -12.5),),
    },
    "NLD": {"BES": ((-68.5, 11.9, -68.1, 12.4), (-63.3, 17.4, -62.9, 17.7))},
    "NOR": {"SJM": ((10.0, 74.0, 35.0, 81.0), (-9.2, 70.7, -7.8, 71.2)), "BVT": ((3.2, -54.5, 3.5, -54.3),)},
    "AUS": {"CXR": ((105.5, -10.6, 105.8, -10.3),), "CCK": ((96.8, -12.25, 96.95, -11.8),)},
}
PACIFIC = REGIONS["PACIFIC"]
# About 5 km (1 km for the Pacific islands, which are small): below a pixel at the zooms a portfolio map is
# read at, and it keeps the browser's drawing of every coastline fast.
SIMPLIFY_DEGREES = 0.05
SIMPLIFY_DEGREES_PACIFIC = 0.01
DECIMALS = 3
MIN_AREA = 0.005  # square degrees; smaller islands are dropped outside the Pacific


def fetch_topojson(workdir: Path) -> Path:
    subprocess.run(["npm", "pack", "world-atlas", "--silent"], cwd=workdir, check=True, capture_output=True)
    archive = next(workdir.glob("world-atlas-*.tgz"))
    with tarfile.open(archive) as tar:
        tar.extract("package/countries-10m.json", workdir, filter="data")
    return workdir / "package" / "countries-10m.json"


def decode_arcs(topology: dict[str, Any]) -> list[list[tuple[float, float]]]:
    """TopoJSON arcs are quantised and delta-encoded: undo both."""
    scale_x, scale_y = topology["transform"]["scale"]
    shift_x, shift_y = topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x += dx
            y += dy
            points.append((x * scale_x + shift_x, y * scale_y + shift_y))
        arcs.append(points)
    return arcs


def ring_points(ring: list[int], arcs: list[list[tuple[float, float]]]) -> list[tuple[float, float]]:
    points: list[tuple[float, float]] = []
    for index in ring:
        arc = arcs[index] if index >= 0 else list(reversed(arcs[~index]))
        points.extend(arc[1:] if points else arc)  # consecutive arcs share their end point
    return points


def unwrap(ring: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """world-atlas rings are spherical: one crossing 180° jumps from 179.9 to -179.9. Make each ring
    continuous in longitude (it may then run past 180, e.g. Vanua Levu to 180.1) so it is a proper planar
    polygon; a ring around the pole (Antarctica) is closed along the pole."""
    result = [ring[0]]
    for lon, lat in ring[1:]:
        previous = result[-1][0]
        while lon - previous > 180:
            lon -= 360
        while lon - previous < -180:
            lon += 360
        result.append((lon, lat))
    lons = [lon for lon, _ in result]
    if max(lons) - min(lons) >= 359:
        pole = -90.0 if sum(lat for _, lat in result) < 0 else 90.0
        result = [*result, (result[-1][0], pole), (result[0][0], pole), result[0]]
    else:
        middle = (max(lons) + min(lons)) / 2
        shift = -360 if middle > 180 else 360 if middle < -180 else 0
        result = [(lon + shift, lat) for lon, lat in result]
    return result


def exterior_rings(geometry: dict[str, Any], arcs: list[list[tuple[float, float]]]) -> list[list[tuple[float, float]]]:
    polygons = geometry["arcs"] if geometry["type"] == "MultiPolygon" else [geometry["arcs"]]
    return [unwrap(ring_points(polygon[0], arcs)) for polygon in polygons if polygon]


def alpha3(geometry: dict[str, Any]) -> str | None:
    code = geometry.get("id")
    if code is not None:
        record = pycountry.countries.get(numeric=str(code).zfill(3))
        if record is not None:
            return record.alpha_3
    return NAME_TO_ALPHA3.get(geometry.get("properties", {}).get("name", ""))


def in_box(ring: list[tuple[float, float]], box: tuple[float, float, float, float]) -> bool:
    return all(box[0] <= lon <= box[2] and box[1] <= lat <= box[3] for lon, lat in ring)


def compact(polygon: Polygon) -> list[float]:
    flat: list[float] = []
    for lon, lat in polygon.exterior.coords:
        flat.extend((round(lon, DECIMALS), round(lat, DECIMALS)))
    return flat


def build(topojson_path: Path) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    topology = json.loads(topojson_path.read_text(encoding="utf-8"))
    arcs = decode_arcs(topology)
    rings_by_country: dict[str, list[list[tuple[float, float]]]] = {}
    names: dict[str, str] = {}
    for geometry in topology["objects"]["countries"]["geometries"]:
        code = alpha3(geometry)
        if code is None or geometry.get("type") not in ("Polygon", "MultiPolygon"):
            print(f"skipped: {geometry.get('properties', {}).get('name')} (no ISO code)", file=sys.stderr)
            continue
        rings_by_country.setdefault(code, []).extend(exterior_rings(geometry, arcs))
        if code not in names:
            names[code] = geometry.get("properties", {}).get("name", code)
    for host, territories in SPLIT_OUT.items():
        for territory, boxes in territories.items():
            inside = [ring for ring in rings_by_country.get(host, []) if any(in_box(ring, box) for box in boxes)]
            if inside:
                rings_by_country[host] = [ring for ring in rings_by_country[host] if ring not in inside]
                rings_by_country.setdefault(territory, []).extend(inside)
            else:
                print(f"no island of {territory} found in {host}", file=sys.stderr)

    features: list[dict[str, Any]] = []
    centroids: list[dict[str, Any]] = []
    for code in sorted(rings_by_country):
        polygons = [Polygon(ring) for ring in rings_by_country[code] if len(ring) >= 4]
        polygons = [polygon if polygon.is_valid else polygon.buffer(0) for polygon in polygons]
        polygons = [part for polygon in polygons for part in getattr(polygon, "geoms", [polygon]) if not part.is_empty]
        if not polygons:
            # Too small to draw at this scale (the Vatican): keep its place for the centroid lookup only.
            lons, lats = zip(*rings_by_country[code][0], strict=True)
            record = pycountry.countries.get(alpha_3=code)
            centroids.append(
                {
                    "iso3": code,
                    "name": record.name if record else names.get(code, code),
                    "latitude": round(sum(lats) / len(lats), 4),
                    "longitude": round(sum(lons) / len(lons), 4),
                }
            )
            continue
        largest = max(polygons, key=lambda polygon: polygon.area)
        # A point inside the largest island: a plain average of all vertices would put Fiji or Kiribati,
        # whose islands lie on both sides of 180°, in the open sea near longitude 0.
        inside = polylabel(largest, tolerance=0.01)
        record = pycountry.countries.get(alpha_3=code)
        centroids.append(
            {
                "iso3": code,
                "name": record.name if record else names.get(code, code),
                "latitude": round(inside.y, 4),
                "longitude": round(inside.x, 4),
            }
        )
        kept = [
            polygon.simplify(SIMPLIFY_DEGREES_PACIFIC if code in PACIFIC else SIMPLIFY_DEGREES, preserve_topology=True)
            for polygon in polygons
            if code in PACIFIC or polygon is largest or polygon.area >= MIN_AREA
        ]
        features.append(
            {
                "iso3": code,
                "name": record.name if record else names.get(code, code),
                "rings": [compact(polygon) for polygon in kept if not polygon.is_empty],
            }
        )
    return features, centroids


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--topojson", type=Path, help="countries-10m.json from world-atlas (default: npm pack)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as workdir:
        source = args.topojson or fetch_topojson(Path(workdir))
        features, centroids = build(source)
    missing = sorted(PACIFIC - {feature["iso3"] for feature in features} - {"UMI"})
    if missing:
        raise SystemExit(f"Pacific states missing from the shapes: {', '.join(missing)}")
    OUT_SHAPES.write_text(
        json.dumps(
            {
                "source": "Natural Earth 1:10m admin-0 countries, via the npm package world-atlas (public domain)",
                "simplified_degrees": {"pacific": SIMPLIFY_DEGREES_PACIFIC, "elsewhere": SIMPLIFY_DEGREES},
                "features": features,
            },
            separators=(",", ":"),
        ),
        encoding="utf-8",
    )
    with OUT_CENTROIDS.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=["iso3", "name", "latitude", "longitude"], lineterminator="\n")
        writer.writeheader()
        writer.writerows(centroids)
    size = OUT_SHAPES.stat().st_size
    print(f"{len(features)} countries, {size / 1e6:.2f} MB -> {OUT_SHAPES.relative_to(ROOT)}")
    print(f"{len(centroids)} centroids -> {OUT_CENTROIDS.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
