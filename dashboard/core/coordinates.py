"""The one rule of a point's coordinates in decimal degrees, shared by the upload (``importing.validation``), the
one-record form (the same validator), IATI files (``standards.iati.reader``), the Data quality page and the map
(``maps.geo.check_coordinates``, which adds what needs the country shapes). Pure: no database, no language."""

from __future__ import annotations

from enum import StrEnum


class CoordinateProblem(StrEnum):
    """What is wrong with a point. The map's list to fix uses every member; ``point_problem`` decides the four
    that need nothing but the two numbers."""

    missing = "missing"
    not_a_number = "not_a_number"
    latitude_out_of_range = "latitude_out_of_range"
    longitude_out_of_range = "longitude_out_of_range"
    null_island = "null_island"  # (0, 0): a blank read as zero, in the Gulf of Guinea
    outside_country = "outside_country"  # lies away from its country, and a swap or sign fix would put it there


def point_problem(latitude: float, longitude: float) -> CoordinateProblem | None:
    """What is wrong with a point given by both numbers (degrees), or None: a latitude outside −90…90, a
    longitude outside −180…180, or (0, 0) — a point in the Gulf of Guinea where no partner sits, almost always
    two blank cells read as zero (``null_island``). Never raises."""
    if not -90 <= latitude <= 90:
        return CoordinateProblem.latitude_out_of_range
    if not -180 <= longitude <= 180:
        return CoordinateProblem.longitude_out_of_range
    if latitude == 0 and longitude == 0:
        return CoordinateProblem.null_island
    return None


def is_null_island(latitude: object, longitude: object) -> bool:
    """Whether both values are numbers equal to zero (a point at 0, 0: ``point_problem``'s ``null_island``);
    False for anything else, blanks and text included."""
    if not isinstance(latitude, int | float) or not isinstance(longitude, int | float):
        return False
    return point_problem(float(latitude), float(longitude)) is CoordinateProblem.null_island
