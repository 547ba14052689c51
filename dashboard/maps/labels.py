"""What people read on the map, in their language: the points' labels (kind, type, status, role, country),
the list of coordinates to fix, and the points as a download. The map's data (``dashboard.views.map_view``:
records, placement, budgets) carries no language; everything here is pure.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import pandas as pd

from dashboard.core.i18n import t
from dashboard.core.regions import country_name
from dashboard.core.text import escape_markdown
from dashboard.maps import geo
from dashboard.maps.records import REPORTING_CURRENCY, ColourBy, Placement, PointKind, Show
from dashboard.presenting.formatting import format_money
from dashboard.presenting.labels import enum_label

# Message keys spelled out (not built at run time) so the i18n test can check every one exists.
KIND_KEYS = {PointKind.partner: "map.kind.partner", PointKind.project: "map.kind.project"}
PLACEMENT_KEYS = {
    Placement.coordinates: "map.placement.coordinates",
    Placement.country: "map.placement.country",
    Placement.none: "map.placement.none",
}
COLOUR_KEYS = {ColourBy.type: "map.colour.type", ColourBy.status: "map.colour.status"}
SHOW_KEYS = {Show.both: "map.show.both", Show.partners: "map.show.partners", Show.projects: "map.show.projects"}
PROBLEM_KEYS = {
    geo.CoordinateProblem.missing: "map.problem.missing",
    geo.CoordinateProblem.not_a_number: "map.problem.not_a_number",
    geo.CoordinateProblem.latitude_out_of_range: "map.problem.latitude_out_of_range",
    geo.CoordinateProblem.longitude_out_of_range: "map.problem.longitude_out_of_range",
    geo.CoordinateProblem.null_island: "map.problem.null_island",
    geo.CoordinateProblem.outside_country: "map.problem.outside_country",
}
HINT_KEYS = {
    geo.CoordinateHint.swapped: "map.hint.swapped",
    geo.CoordinateHint.longitude_sign: "map.hint.longitude_sign",
    geo.CoordinateHint.latitude_sign: "map.hint.latitude_sign",
}


def label_points(points: pd.DataFrame, lang: str) -> pd.DataFrame:
    """``points`` (placed records, see ``maps.placement.place_records``) with what people read: ``country_name``,
    ``type_label`` and ``status_label`` (a partner's type and status, "Project" and a project's status) and
    ``role`` (a partner's roles with their project counts, a project's accountable partners). Each distinct
    value is written once and looked up for the others: a large portfolio has 17 000 points and a few hundred
    distinct labels."""
    frame = points.copy()
    if frame.empty:
        return frame.drop(columns=["role_counts", "leads"], errors="ignore")
    # Plain lists: reading a pandas (Arrow) string one at a time costs microseconds, 17 000 times.
    is_project = (frame["kind"] == PointKind.project.value).tolist()
    countries = frame["country"].tolist()
    types, statuses_of = frame["category_type"].tolist(), frame["category_status"].tolist()
    names = {code: country_name(code, lang) for code in set(countries) if isinstance(code, str) and code}
    frame["country_name"] = [names.get(code, "") if isinstance(code, str) else "" for code in countries]
    project_label = t(KIND_KEYS[PointKind.project], lang)
    org_types = {value: enum_label("org_type", value, lang) for value in set(types)}
    statuses = {(project, value): enum_label("project_status" if project else "org_status", value, lang)
                for project, value in set(zip(is_project, statuses_of, strict=True))}
    frame["type_label"] = [project_label if project else org_types[value]
                           for project, value in zip(is_project, types, strict=True)]
    frame["status_label"] = [statuses[pair] for pair in zip(is_project, statuses_of, strict=True)]
    role_names: dict[str, str] = {}
    texts: dict[object, str] = {}

    def role_text(project: bool, counts: Any, leads: Any) -> str:  # (role, count) pairs; names joined
        key = (project, leads) if project else (project, counts)
        if key not in texts:
            if project:
                texts[key] = t("map.hover.lead", lang, lead=leads) if isinstance(leads, str) and leads else ""
            else:
                parts = []
                for role, count in counts or ():
                    if role not in role_names:
                        role_names[role] = enum_label("role", role, lang)
                    parts.append(f"{role_names[role]} ({count})")
                texts[key] = ", ".join(parts)
        return texts[key]

    frame["role"] = [role_text(project, counts, leads) for project, counts, leads in zip(
        is_project, frame["role_counts"].tolist(), frame["leads"].tolist(), strict=True)]
    # The role's parts are in ``role`` now: the page keeps (and caches) the labelled frame without them.
    return frame.drop(columns=["role_counts", "leads"])


def problem_table(records: pd.DataFrame, lang: str = "en") -> pd.DataFrame:
    """The list shown beside the map, from placed (and labelled) records: every record whose coordinates are
    missing and could not be placed, or wrong, with the raw values as typed and what the map did instead."""
    faulty = records.loc[
        records["problem"].notna()
        & ((records["problem"] != geo.CoordinateProblem.missing.value) | (records["placement"] == Placement.none.value))
    ]
    return pd.DataFrame(
        {
            "point_id": faulty["point_id"],
            "kind": faulty["kind"],
            "record_id": faulty["record_id"],
            t("map.column.kind", lang): [t(KIND_KEYS[PointKind(kind)], lang) for kind in faulty["kind"]],
            t("map.column.name", lang): faulty["name"],
            t("map.column.place", lang): faulty["place"],
            t("map.column.country", lang): [country_name(code, lang) for code in faulty["country"]],
            t("map.column.latitude", lang): faulty["raw_latitude"].map(_raw_text),
            t("map.column.longitude", lang): faulty["raw_longitude"].map(_raw_text),
            t("map.column.problem", lang): [
                problem_text(problem, hint, lang)
                for problem, hint in zip(faulty["problem"], faulty["hint"], strict=True)
            ],
            t("map.column.placement", lang): [
                t(PLACEMENT_KEYS[Placement(value)], lang) for value in faulty["placement"]
            ],
        }
    ).reset_index(drop=True)


def _raw_text(value: object) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return str(value)


def problem_text(problem: str, hint: object, lang: str) -> str:
    text = t(PROBLEM_KEYS[geo.CoordinateProblem(problem)], lang)
    if isinstance(hint, str) and hint:  # a missing hint reads back from pandas as NaN
        text += " " + t(HINT_KEYS[geo.CoordinateHint(hint)], lang)
    return text


def points_table(points: pd.DataFrame, lang: str = "en") -> pd.DataFrame:
    """The labelled points (``label_points``) as a download: readable column names, raw numbers (the
    spreadsheet formats them)."""
    return pd.DataFrame(
        {
            t("map.column.kind", lang): [t(KIND_KEYS[PointKind(kind)], lang) for kind in points["kind"]],
            t("map.column.name", lang): points["name"],
            t("map.column.code", lang): points["code"],
            t("map.column.place", lang): points["place"],
            t("map.column.country", lang): points["country_name"],
            t("map.column.type", lang): points["type_label"],
            t("map.column.status", lang): points["status_label"],
            t("map.column.role", lang): points["role"],
            t("map.column.budget", lang, currency=REPORTING_CURRENCY): points["budget"].round(2),
            t("map.column.latitude", lang): points["latitude"].round(5),
            t("map.column.longitude", lang): points["longitude"].round(5),
            t("map.column.placement", lang): [
                t(PLACEMENT_KEYS[Placement(value)], lang) for value in points["placement"]
            ],
            t("map.column.illustrative", lang): points["is_illustrative"],
        }
    )


@dataclass(frozen=True)
class PointCard:
    """What the page says about one chosen point: a heading (Markdown, user text escaped), plain lines, how it
    was placed, and where it leads (the partner's page, or the project's budget)."""

    heading: str
    lines: tuple[str, ...]
    placement: str
    link_page: str  # a url_path of web.navigation.PAGES
    link_label: str
    link_params: dict[str, str]
    link_icon: str


def point_card(point: Mapping[str, Any], lang: str) -> PointCard:
    """The card of a labelled point (``label_points``)."""
    is_project = point["kind"] == PointKind.project
    heading = f"{point['code']} — {point['name']}" if is_project and point["code"] else str(point["name"])
    place = ", ".join(part for part in (point["place"], point["country_name"]) if isinstance(part, str) and part)
    lines = [" · ".join(part for part in (t(KIND_KEYS[PointKind(point["kind"])], lang), point["type_label"],
                                          point["status_label"], place) if part)]
    if point["role"]:
        lines.append(str(point["role"]))
    if not pd.isna(point["budget_total"]):
        key = "map.hover.budget" if is_project else "map.hover.contribution"
        lines.append(t(key, lang, amount=format_money(point["budget_total"], REPORTING_CURRENCY, lang)))
    if is_project:  # the Budgets page selects a project by its code
        link = ("budgets", t("map.selected.open_budget", lang), {"project": str(point["code"])},
                ":material/account_balance:")
    else:
        link = ("partners", t("map.selected.open_partner", lang), {"partner": str(point["record_id"])},
                ":material/handshake:")
    return PointCard(heading=escape_markdown(heading), lines=tuple(lines),
                     placement=t(PLACEMENT_KEYS[Placement(point["placement"])], lang),
                     link_page=link[0], link_label=link[1], link_params=link[2], link_icon=link[3])
