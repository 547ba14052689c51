"""Where each record goes on the map (pure): its own coordinates when they pass ``geo.check_coordinates``;
failing that, the centroid of its country (a project without locations is placed in its recipient countries,
its budget split by their shares). Records with missing or impossible coordinates are listed with the reason,
whether or not they could still be placed by country: nothing is dropped silently, and one bad coordinate never
breaks the map. No language: ``dashboard.maps.labels`` names what people read.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from dashboard.maps import geo
from dashboard.maps.records import POINT_COLUMNS, REPORTING_CURRENCY, Placement


def place_records(records: pd.DataFrame) -> pd.DataFrame:
    """Give every record a point: its coordinates when usable, else its country's centroid (its own country,
    then ``fallback_country``), else none. Adds ``latitude``/``longitude`` (where drawn), ``raw_latitude``/
    ``raw_longitude`` (as stored), ``placement``, ``problem`` and ``hint``. Never raises on a bad value."""
    if records.empty:
        return pd.DataFrame(columns=[*POINT_COLUMNS, "raw_latitude", "raw_longitude"])
    frame = records.copy()
    defaults = (
        ("fallback_country", None),
        ("from_country_list", False),
        ("place", None),
        ("country", None),
        ("budget_total", float("nan")),
        ("budget_share", 1.0),
        ("is_illustrative", False),
    )
    for column, default in defaults:
        if column not in frame.columns:
            frame[column] = default
    size = len(frame)
    countries = np.array([code if isinstance(code, str) and code else None for code in frame["country"]], dtype=object)
    fallbacks = np.array(
        [code if isinstance(code, str) and code else None for code in frame["fallback_country"]], dtype=object
    )
    from_country_list = frame["from_country_list"].fillna(False).astype(bool).to_numpy()
    latitudes = np.full(size, np.nan)
    longitudes = np.full(size, np.nan)
    problems: list[str | None] = [None] * size
    hints: list[str | None] = [None] * size
    for index, (latitude, longitude) in enumerate(zip(frame["latitude"], frame["longitude"], strict=True)):
        if from_country_list[index]:
            continue  # a recipient country, not a place: nothing was typed in, so nothing is wrong with it
        # The country test runs below for all points at once; a per-point check here would be slow.
        check = geo.check_coordinates(latitude, longitude)
        if check.problem is None:
            latitudes[index], longitudes[index] = check.latitude, check.longitude
        else:
            problems[index] = check.problem.value
            hints[index] = check.hint.value if check.hint is not None else None
    # A point away from its country where a swap or sign fix would put it right: a typing slip.
    usable = ~np.isnan(latitudes)
    far = usable & ~geo.near_country_mask(latitudes, longitudes, countries)
    far_rows = np.flatnonzero(far)
    far_hints = geo.fixes_for(latitudes[far_rows], longitudes[far_rows], countries[far_rows])
    for far_row, hint in zip(far_rows.tolist(), far_hints, strict=True):
        if hint is not None:
            problems[far_row] = geo.CoordinateProblem.outside_country.value
            hints[far_row] = hint.value
            latitudes[far_row] = longitudes[far_row] = np.nan
    placements = np.where(np.isnan(latitudes), Placement.none.value, Placement.coordinates.value).astype(object)
    for index in np.flatnonzero(np.isnan(latitudes)).tolist():
        centroid = geo.country_centroid(countries[index]) or geo.country_centroid(fallbacks[index])
        if centroid is not None:
            latitudes[index], longitudes[index] = centroid
            placements[index] = Placement.country.value
        elif problems[index] is None:
            problems[index] = geo.CoordinateProblem.missing.value
    frame["raw_latitude"] = frame["latitude"]
    frame["raw_longitude"] = frame["longitude"]
    frame["latitude"] = latitudes
    frame["longitude"] = longitudes
    frame["placement"] = placements
    frame["problem"] = problems
    frame["hint"] = hints
    frame["map_x"], frame["map_y"] = geo.spread_coincident(
        geo.to_map_longitude(frame["longitude"].to_numpy()), frame["latitude"].to_numpy()
    )
    frame["budget_total"] = pd.to_numeric(frame["budget_total"], errors="coerce")
    frame["budget_share"] = pd.to_numeric(frame["budget_share"], errors="coerce").fillna(1.0)
    frame["budget"] = frame["budget_total"] * frame["budget_share"]
    frame["currency"] = REPORTING_CURRENCY
    frame["point_id"] = [
        f"{kind}:{record_id}:{number}"
        for number, (kind, record_id) in enumerate(zip(frame["kind"], frame["record_id"], strict=True))
    ]
    frame["is_illustrative"] = frame["is_illustrative"].fillna(False).astype(bool)
    for column in POINT_COLUMNS:
        if column not in frame.columns:
            frame[column] = None
    return frame[[*POINT_COLUMNS, "raw_latitude", "raw_longitude"]].reset_index(drop=True)
