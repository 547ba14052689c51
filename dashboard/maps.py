"""The map of partners and project locations: which records go where, what each point weighs, and the
Plotly figure.

Placement: a record's own coordinates when they pass ``geo.check_coordinates``; failing that, the centroid of
its country (a project without locations is placed in its recipient countries, its budget split by their
shares). Records with missing or impossible coordinates are listed by ``unplaced_records`` with the reason,
whether or not they could still be placed by country: nothing is dropped silently, and one bad coordinate
never breaks the map.

The figure is drawn from the shapes shipped in ``data/geo`` on a plain longitude/latitude plane (filled
``go.Scatter`` traces), not with Plotly's geo base map, which fetches its shapes from a CDN in the browser
and leaves the whole chart blank when that fails.
"""

from __future__ import annotations

import datetime as dt
import html
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache
from typing import Any

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from sqlalchemy import func, select
from sqlalchemy.engine import Engine
from sqlmodel import Session

from dashboard import geo, metrics, partners, queries
from dashboard.filters import PortfolioFilter, organisation_ids, project_ids
from dashboard.formatting import format_money
from dashboard.i18n import t
from dashboard.models import (
    Organisation,
    Project,
    ProjectCountry,
    ProjectLocation,
    ProjectRole,
    RoleKind,
)
from dashboard.regions import country_name

Connectable = Engine | Session
NO_FILTER = PortfolioFilter()
REPORTING_CURRENCY = metrics.REPORTING_BASE_CURRENCY

# Above this many points the markers are drawn with WebGL (go.Scattergl): thousands of SVG elements make the
# browser crawl (a 17 000-point portfolio took over half a minute), a canvas does not. The land stays SVG.
WEBGL_ABOVE_POINTS = 3000
MIN_MARKER_SIZE = 7.0
MAX_MARKER_SIZE = 36.0
LAND_COLOUR = "#e3e1da"
ACTIVE_LAND_COLOUR = "#cfd8c4"
COAST_COLOUR = "#a9a79f"
WATER_COLOUR = "#eef4f8"
# Colour-blind-safe qualitative palette (Okabe-Ito, then Tableau): categories keep their colour run to run.
PALETTE = (
    "#0072B2",
    "#E69F00",
    "#009E73",
    "#CC79A7",
    "#56B4E9",
    "#D55E00",
    "#F0E442",
    "#000000",
    "#4E79A7",
    "#B07AA1",
    "#9C755F",
    "#76B7B2",
    "#59A14F",
    "#EDC948",
)


class PointKind(StrEnum):
    partner = "partner"
    project = "project"


class Placement(StrEnum):
    coordinates = "coordinates"
    country = "country"  # the country's centroid, for want of usable coordinates
    none = "none"  # not on the map


class ColourBy(StrEnum):
    type = "type"
    status = "status"


class Show(StrEnum):
    both = "both"
    partners = "partners"
    projects = "projects"


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

POINT_COLUMNS = [
    "point_id",
    "kind",
    "record_id",
    "name",
    "code",
    "place",
    "country",
    "country_name",
    "category_type",
    "category_status",
    "type_label",
    "status_label",
    "role",
    "budget",
    "budget_total",
    "budget_share",
    "currency",
    "latitude",
    "longitude",
    "placement",
    "problem",
    "hint",
    "is_illustrative",
    "map_x",
    "map_y",
]


# ---------------------------------------------------------------------------------------------------------
# Reading the database (aggregations in SQL)
# ---------------------------------------------------------------------------------------------------------


def _frame(source: Connectable, statement: Any) -> pd.DataFrame:
    def read(session: Session) -> pd.DataFrame:
        result = session.execute(statement)
        columns = list(result.keys())
        rows = result.all()
        # Column by column: building a frame from row tuples cost seconds on a large portfolio.
        return pd.DataFrame({name: [row[index] for row in rows] for index, name in enumerate(columns)}, columns=columns)

    if isinstance(source, Session):
        return read(source)
    with Session(source) as session:
        return read(session)


def enum_label(prefix: str, value: str | None, lang: str) -> str:
    if value is None:
        return ""
    try:
        return t(f"{prefix}.{value}", lang)
    except KeyError:
        return str(value).replace("_", " ")


def partner_contributions(source: Connectable, portfolio_filter: PortfolioFilter) -> pd.Series:
    """Pledged contributions per partner id in the reporting currency, counted once per project, by the same
    query as the Partners table (``partners.contribution_rows``); a currency without a rate gives NaN."""
    pledges_sub = partners.contribution_rows(portfolio_filter)
    pledges = _frame(
        source,
        select(
            pledges_sub.c.organisation_id,
            pledges_sub.c.currency,
            func.sum(pledges_sub.c.amount).label("amount"),
        ).group_by(pledges_sub.c.organisation_id, pledges_sub.c.currency),
    )
    if pledges.empty:
        return pd.Series(dtype="float64")
    rates = queries.latest_rates(source, as_of=dt.date.max).eur_per_unit
    converted, _missing = partners.to_reporting_currency(pledges, REPORTING_CURRENCY, rates)
    return converted.groupby(pledges["organisation_id"]).sum(min_count=1)


def _partner_records(source: Connectable, portfolio_filter: PortfolioFilter, lang: str) -> pd.DataFrame:
    organisations = _frame(
        source,
        select(
            Organisation.id.label("record_id"),
            Organisation.name,
            Organisation.acronym.label("code"),
            Organisation.type.label("category_type"),
            Organisation.status.label("category_status"),
            Organisation.country,
            Organisation.city.label("place"),
            Organisation.latitude,
            Organisation.longitude,
            Organisation.is_illustrative,
        )
        .where(Organisation.id.in_(organisation_ids(portfolio_filter)))
        .order_by(Organisation.id),
    )
    if organisations.empty:
        return organisations
    kept_projects = project_ids(portfolio_filter)
    roles = _frame(
        source,
        select(
            ProjectRole.organisation_id,
            ProjectRole.role,
            func.count(func.distinct(ProjectRole.project_id)).label("projects"),
        )
        .where(ProjectRole.project_id.in_(kept_projects))
        .group_by(ProjectRole.organisation_id, ProjectRole.role),
    )
    role_text: dict[int, str] = {}
    for organisation_id, group in roles.groupby("organisation_id"):
        role_text[int(organisation_id)] = ", ".join(
            f"{enum_label('role', role, lang)} ({count})"
            for role, count in zip(group["role"], group["projects"], strict=True)
        )
    budget_by_partner = partner_contributions(source, portfolio_filter)
    organisations["kind"] = PointKind.partner.value
    organisations["role"] = organisations["record_id"].map(role_text).fillna("")
    organisations["budget_total"] = organisations["record_id"].map(budget_by_partner)
    organisations["budget_share"] = 1.0
    organisations["type_label"] = [enum_label("org_type", value, lang) for value in organisations["category_type"]]
    organisations["status_label"] = [
        enum_label("org_status", value, lang) for value in organisations["category_status"]
    ]
    organisations["fallback_country"] = None
    return organisations


def _project_records(
    source: Connectable, portfolio_filter: PortfolioFilter, budgets: pd.Series, lang: str
) -> pd.DataFrame:
    kept = project_ids(portfolio_filter)
    projects = _frame(
        source,
        select(Project.id.label("project_id"), Project.code, Project.title, Project.status, Project.is_illustrative)
        .where(Project.id.in_(kept))
        .order_by(Project.id),
    )
    if projects.empty:
        return pd.DataFrame()
    locations = _frame(
        source,
        select(
            ProjectLocation.project_id,
            ProjectLocation.name.label("place"),
            ProjectLocation.country,
            ProjectLocation.latitude,
            ProjectLocation.longitude,
            ProjectLocation.is_illustrative.label("location_illustrative"),
        )
        .where(ProjectLocation.project_id.in_(kept))
        .order_by(ProjectLocation.project_id, ProjectLocation.id),
    )
    countries = _frame(
        source,
        select(ProjectCountry.project_id, ProjectCountry.country, ProjectCountry.share)
        .where(ProjectCountry.project_id.in_(kept))
        .order_by(ProjectCountry.project_id, ProjectCountry.country),
    )
    leads = _frame(
        source,
        select(ProjectRole.project_id, Organisation.name)
        .join(Organisation, Organisation.id == ProjectRole.organisation_id)
        .where(ProjectRole.project_id.in_(kept), ProjectRole.role == RoleKind.accountable.value)
        .order_by(ProjectRole.project_id, Organisation.name),
    )
    leads_by_project: dict[int, list[str]] = {}
    for project_id, name in zip(leads["project_id"].tolist(), leads["name"].tolist(), strict=True):
        leads_by_project.setdefault(int(project_id), []).append(name)
    lead_text = {project_id: ", ".join(names) for project_id, names in leads_by_project.items()}
    # Plain dicts and lists: per-group pandas access took most of a minute on 10 000 projects.
    countries_by_project: dict[int, dict[str, float]] = {}
    for project_id, country, share in zip(
        countries["project_id"], countries["country"], countries["share"], strict=True
    ):
        countries_by_project.setdefault(int(project_id), {})[country] = float(share)
    locations_by_project: dict[int, list[dict[str, Any]]] = {}
    for location in locations.to_dict("records"):
        locations_by_project.setdefault(int(location["project_id"]), []).append(location)
    project_label = t("map.kind.project", lang)
    status_labels = {status: enum_label("project_status", status, lang) for status in set(projects["status"])}

    rows: list[dict[str, Any]] = []
    budget_by_project = budgets.to_dict()
    for project in projects.to_dict("records"):
        project_id = int(project["project_id"])
        base = {
            "kind": PointKind.project.value,
            "record_id": project_id,
            "name": project["title"],
            "code": project["code"],
            "category_type": PointKind.project.value,
            "category_status": project["status"],
            "type_label": project_label,
            "status_label": status_labels[project["status"]],
            "role": t("map.hover.lead", lang, lead=lead_text[project_id]) if project_id in lead_text else "",
            "budget_total": budget_by_project.get(project_id, float("nan")),
            "is_illustrative": bool(project["is_illustrative"]),
        }
        recipient = countries_by_project.get(project_id, {})
        only_country = next(iter(recipient)) if len(recipient) == 1 else None
        project_locations = locations_by_project.get(project_id)
        if project_locations:
            share = 1.0 / len(project_locations)  # equal parts, so a project's ink adds up to its budget
            for location in project_locations:
                rows.append(
                    {
                        **base,
                        "place": location["place"],
                        "country": location["country"],
                        "latitude": location["latitude"],
                        "longitude": location["longitude"],
                        "fallback_country": only_country,
                        "budget_share": share,
                        "is_illustrative": base["is_illustrative"] or bool(location["location_illustrative"]),
                    }
                )
        elif recipient:
            # No location: one point per recipient country, the budget split by the countries' shares.
            parts = metrics.split_by_share(1.0, recipient)
            for country, part in parts.items():
                rows.append(
                    {
                        **base,
                        "place": None,
                        "country": country,
                        "latitude": None,
                        "longitude": None,
                        "fallback_country": None,
                        "budget_share": part,
                        "from_country_list": True,
                    }
                )
        else:
            rows.append(
                {
                    **base,
                    "place": None,
                    "country": None,
                    "latitude": None,
                    "longitude": None,
                    "fallback_country": None,
                    "budget_share": 1.0,
                }
            )
    return pd.DataFrame(rows)


# ---------------------------------------------------------------------------------------------------------
# Placement (pure)
# ---------------------------------------------------------------------------------------------------------


def place_records(records: pd.DataFrame, lang: str = "en") -> pd.DataFrame:
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
    for index, hint in zip(far_rows, far_hints, strict=True):
        if hint is not None:
            problems[index] = geo.CoordinateProblem.outside_country.value
            hints[index] = hint.value
            latitudes[index] = longitudes[index] = np.nan
    placements = np.where(np.isnan(latitudes), Placement.none.value, Placement.coordinates.value).astype(object)
    for index in np.flatnonzero(np.isnan(latitudes)):
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
    names = {code: country_name(code, lang) for code in set(countries) if code}
    frame["country_name"] = [names.get(code, "") for code in countries]
    frame["point_id"] = [
        f"{kind}:{record_id}:{number}"
        for number, (kind, record_id) in enumerate(zip(frame["kind"], frame["record_id"], strict=True))
    ]
    frame["is_illustrative"] = frame["is_illustrative"].fillna(False).astype(bool)
    for column in POINT_COLUMNS:
        if column not in frame.columns:
            frame[column] = None
    return frame[[*POINT_COLUMNS, "raw_latitude", "raw_longitude"]].reset_index(drop=True)


@dataclass(frozen=True)
class _Records:
    records: pd.DataFrame
    missing_rate: str | None = None  # a currency without a stored rate: project budgets are then not shown


def _all_records(
    source: Connectable, portfolio_filter: PortfolioFilter, lang: str, show: str, as_of: dt.date | None
) -> _Records:
    parts = []
    missing_rate = None
    if show in (Show.both, Show.partners):
        parts.append(_partner_records(source, portfolio_filter, lang))
    if show in (Show.both, Show.projects):
        try:
            budgets = queries.budget_by_project(source, portfolio_filter=portfolio_filter,
                                                currency=REPORTING_CURRENCY, as_of=as_of or dt.date.today())
        except metrics.MissingRateError as error:
            # The map still draws every project (at the smallest size); the page says which rate is missing.
            budgets, missing_rate = pd.Series(dtype="float64"), error.currency
        parts.append(_project_records(source, portfolio_filter, budgets, lang))
    parts = [part for part in parts if not part.empty]
    if not parts:
        return _Records(place_records(pd.DataFrame(), lang), missing_rate)
    return _Records(place_records(pd.concat(parts, ignore_index=True), lang), missing_rate)


def map_points(
    source: Connectable,
    *,
    portfolio_filter: PortfolioFilter = NO_FILTER,
    lang: str = "en",
    show: str = Show.both,
    as_of: dt.date | None = None,
) -> pd.DataFrame:
    """Partners and project locations kept by the filter, one row per point on the map, with where it is
    drawn (``latitude``/``longitude``, ``map_x`` on the Pacific-centred axis), how it was placed
    (``placement``: coordinates or country), what it weighs (``budget`` in the reporting currency: a
    partner's funding contributions; a project's effective budget shared among its points) and what the
    hover says. Records that cannot be placed at all are not here: see ``unplaced_records``."""
    records = _all_records(source, portfolio_filter, lang, show, as_of).records
    return records.loc[records["placement"] != Placement.none.value].reset_index(drop=True)


def unplaced_records(
    source: Connectable,
    *,
    portfolio_filter: PortfolioFilter = NO_FILTER,
    lang: str = "en",
    show: str = Show.both,
    as_of: dt.date | None = None,
) -> pd.DataFrame:
    """Records whose coordinates are missing or impossible, with the reason and what the map did instead
    (placed at the country's centre, or not drawn). A record that simply has no coordinates but a country
    is not listed: being placed by its country is the documented rule, not a fault."""
    return problem_table(_all_records(source, portfolio_filter, lang, show, as_of).records, lang)


def problem_table(records: pd.DataFrame, lang: str = "en") -> pd.DataFrame:
    """The list shown beside the map, from placed records (pure; see ``unplaced_records``)."""
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
            t("map.column.country", lang): faulty["country_name"],
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
    """The points as a download: readable column names, raw numbers (the spreadsheet formats them)."""
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


# ---------------------------------------------------------------------------------------------------------
# The figure (pure)
# ---------------------------------------------------------------------------------------------------------


def marker_sizes(
    budgets: pd.Series, *, smallest: float = MIN_MARKER_SIZE, largest: float = MAX_MARKER_SIZE
) -> pd.Series:
    """Marker diameter by budget with square-root scaling, so the AREA grows with the amount; records with
    no budget get the smallest size, never vanish."""
    values = pd.to_numeric(budgets, errors="coerce").clip(lower=0).fillna(0.0)
    top = float(values.max()) if len(values) else 0.0
    if top <= 0:
        return pd.Series(smallest, index=budgets.index, dtype="float64")
    return smallest + (largest - smallest) * np.sqrt(values / top)


@lru_cache(maxsize=8)
def _money_parts(lang: str) -> tuple[str, str, str] | None:
    """The reporting currency's pattern in ``lang`` as Babel writes it (``formatting.format_money``), split
    into prefix, thousands separator and suffix, so thousands of hover amounts are written without one Babel
    call each (which took seconds on a large portfolio)."""
    sample = format_money(1234567, REPORTING_CURRENCY, lang)
    match = re.fullmatch(r"(?P<prefix>\D*)1(?P<group>\D?)234(?P=group)567(?P<suffix>\D*)", sample)
    return (match["prefix"], match["group"], match["suffix"]) if match else None


def money_text(amount: float | None, lang: str) -> str:
    """``format_money(amount, reporting currency, lang)``, fast for the common case (a whole, positive amount)."""
    parts = _money_parts(lang)
    if parts is None or amount is None or math.isnan(amount) or amount < 0:
        return format_money(amount, REPORTING_CURRENCY, lang)
    prefix, group, suffix = parts
    return prefix + f"{round(amount):,}".replace(",", group) + suffix


def hover_texts(points: pd.DataFrame, lang: str) -> list[str]:
    """Name, kind and status, place, role, budget, and how the point was placed, one text per point. User
    text is escaped (Plotly reads a subset of HTML)."""
    contribution = t("map.hover.contribution", lang, amount="{amount}")
    budget_line = t("map.hover.budget", lang, amount="{amount}")
    share_line = t("map.hover.share", lang, amount="{amount}")
    by_country = "<i>" + html.escape(t("map.hover.placed_by_country", lang)) + "</i>"
    columns = (
        "kind",
        "name",
        "code",
        "place",
        "country_name",
        "type_label",
        "status_label",
        "role",
        "budget",
        "budget_total",
        "budget_share",
        "placement",
    )
    texts = []
    for kind, name, code, place, country, type_label, status_label, role, budget, total, share, placement in zip(
        *(points[column].tolist() for column in columns), strict=True
    ):
        is_project = kind == PointKind.project.value
        title = html.escape(str(name))
        if is_project and isinstance(code, str) and code:
            title = f"{html.escape(code)} — {title}"
        lines = [f"<b>{title}</b>", html.escape(f"{type_label} · {status_label}")]
        where = ", ".join(part for part in (place, country) if isinstance(part, str) and part)
        if where:
            lines.append(html.escape(where))
        if isinstance(role, str) and role:
            lines.append(html.escape(role))
        if budget is not None and not (isinstance(budget, float) and math.isnan(budget)):
            text = (budget_line if is_project else contribution).format(amount=money_text(total, lang))
            if is_project and share is not None and share < 0.999:
                text += " " + share_line.format(amount=money_text(budget, lang))
            lines.append(html.escape(text))
        if placement == Placement.country.value:
            lines.append(by_country)
        texts.append("<br>".join(lines))
    return texts


def hover_text(point: Mapping[str, Any], lang: str) -> str:
    """The hover text of one point (see ``hover_texts``)."""
    return hover_texts(pd.DataFrame([dict(point)]), lang)[0]


def _category(points: pd.DataFrame, colour_by: str, lang: str) -> pd.Series:
    """The legend group of each point: partners by their type or status, projects by their status (by
    type, projects form one group of their own)."""
    if colour_by == ColourBy.status:
        kinds = [t(KIND_KEYS[PointKind(kind)], lang) for kind in points["kind"]]
        return pd.Series(
            [
                t("map.legend.kind_status", lang, kind=kind, status=label)
                for kind, label in zip(kinds, points["status_label"], strict=True)
            ],
            index=points.index,
        )
    return points["type_label"].astype(str)


def _land_trace(countries: tuple[str, ...] | None, *, name: str, fill: str) -> go.Scatter:
    xs, ys = geo.land_outline(countries)
    # fill="toself" closes and fills each gap-separated ring on its own.
    return go.Scatter(
        x=xs,
        y=ys,
        mode="lines",
        fill="toself",
        fillcolor=fill,
        line={"color": COAST_COLOUR, "width": 0.5},
        hoverinfo="skip",
        showlegend=False,
        name=name,
    )


def _view_range(points: pd.DataFrame) -> tuple[list[float], list[float]]:
    """The frame: the points with a margin (at least a region's width), within the map's limits."""
    if points.empty:
        return list(geo.MAP_LONGITUDE_RANGE), list(geo.MAP_LATITUDE_RANGE)
    x_min, x_max = float(points["map_x"].min()), float(points["map_x"].max())
    y_min, y_max = float(points["map_y"].min()), float(points["map_y"].max())
    x_pad = max(8.0, (x_max - x_min) * 0.06, (50.0 - (x_max - x_min)) / 2)
    y_pad = max(6.0, (y_max - y_min) * 0.08, (30.0 - (y_max - y_min)) / 2)
    x_range = [max(geo.MAP_LONGITUDE_RANGE[0], x_min - x_pad), min(geo.MAP_LONGITUDE_RANGE[1], x_max + x_pad)]
    y_range = [max(geo.MAP_LATITUDE_RANGE[0], y_min - y_pad), min(geo.MAP_LATITUDE_RANGE[1], y_max + y_pad)]
    return x_range, y_range


def map_figure(
    points: pd.DataFrame, *, colour_by: str = ColourBy.type, lang: str = "en", height: int = 620
) -> go.Figure:
    """Country shapes (countries with a point slightly darker) and one marker per point, sized by budget
    (square root), coloured by type or status, diamonds for project locations. ``customdata`` holds the
    point id, so a selection on the page leads back to its record."""
    figure = go.Figure()
    active = tuple(sorted(set(points["country"].dropna()))) if not points.empty else ()
    figure.add_trace(_land_trace(None, name="land", fill=LAND_COLOUR))
    if active:
        # Countries holding a point, drawn again over the rest in a warmer tint.
        figure.add_trace(_land_trace(active, name="portfolio countries", fill=ACTIVE_LAND_COLOUR))

    if not points.empty:
        frame = points.copy()
        frame["size"] = marker_sizes(frame["budget"])
        frame["category"] = _category(frame, colour_by, lang)
        frame = frame.sort_values("size", ascending=False)  # big markers first, small ones drawn on top
        categories = sorted(
            frame["category"].unique(), key=lambda name: (-int((frame["category"] == name).sum()), name)
        )
        marker_trace = go.Scattergl if len(frame) > WEBGL_ABOVE_POINTS else go.Scatter
        for index, category in enumerate(categories):
            group = frame.loc[frame["category"] == category]
            # Each legend group holds one kind (partners or projects), so one symbol per trace.
            is_project = (group["kind"] == PointKind.project.value).all()
            figure.add_trace(
                marker_trace(
                    x=group["map_x"].to_numpy(),
                    y=group["map_y"].to_numpy(),
                    mode="markers",
                    name=f"{category} ({len(group)})",
                    marker={
                        "size": group["size"].to_numpy(),
                        "color": PALETTE[index % len(PALETTE)],
                        "symbol": "diamond" if is_project else "circle",
                        "opacity": 0.8,
                        "line": {"color": "white", "width": 1},
                    },
                    # Numpy arrays skip Plotly's per-element validation (seconds for thousands of points).
                    customdata=group[["point_id"]].to_numpy(dtype=object),
                    hovertext=np.array(hover_texts(group, lang), dtype=object),
                    hovertemplate="%{hovertext}<extra></extra>",
                )
            )

    x_range, y_range = _view_range(points)
    # Finer graticule for a regional frame (the Pacific alone spans ~70°), coarser for the world.
    step = 10.0 if x_range[1] - x_range[0] <= 120 else 30.0
    ticks = np.arange(geo.MAP_LONGITUDE_RANGE[0], geo.MAP_LONGITUDE_RANGE[1] + 1, step)
    latitude_ticks = list(range(-80, 90, 10 if step == 10.0 else 20))
    figure.update_layout(
        height=height,
        margin={"l": 10, "r": 10, "t": 10, "b": 10, "autoexpand": True},
        plot_bgcolor=WATER_COLOUR,
        paper_bgcolor="rgba(0,0,0,0)",
        legend={
            "orientation": "h",
            "yanchor": "top",
            "y": -0.06,
            "xanchor": "left",
            "x": 0,
            "title": {"text": t(COLOUR_KEYS[ColourBy(colour_by)], lang) + " "},
        },
        hoverlabel={"align": "left"},
        dragmode="pan",
        xaxis={
            "range": x_range,
            "tickvals": ticks.tolist(),
            "ticktext": [
                geo.longitude_label(value, t("map.axis.east", lang), t("map.axis.west", lang)) for value in ticks
            ],
            "showgrid": True,
            "gridcolor": "rgba(120,140,160,0.15)",
            "zeroline": False,
            "constrain": "range",
            "automargin": True,  # room for the tick labels ("40°N"), which a fixed margin clipped
            "minallowed": geo.MAP_LONGITUDE_RANGE[0] - 10,
            "maxallowed": geo.MAP_LONGITUDE_RANGE[1] + 10,
        },
        yaxis={
            "range": y_range,
            "scaleanchor": "x",
            "scaleratio": 1,
            "tickvals": latitude_ticks,
            "ticktext": [
                geo.latitude_label(value, t("map.axis.north", lang), t("map.axis.south", lang))
                for value in latitude_ticks
            ],
            "showgrid": True,
            "gridcolor": "rgba(120,140,160,0.15)",
            "zeroline": False,
            "constrain": "range",
            "automargin": True,  # room for the tick labels ("40°N"), which a fixed margin clipped
            "minallowed": -90,
            "maxallowed": 90,
        },
    )
    return figure


def point_count(figure: go.Figure) -> int:
    """How many record markers the figure draws (land traces excluded)."""
    return sum(len(trace.x) for trace in figure.data if trace.mode == "markers")


def selected_points(points: pd.DataFrame, selection: list[dict[str, Any]] | None) -> pd.DataFrame:
    """The records behind the points a person picked on the chart (Streamlit's ``event.selection.points``);
    land outlines and anything without a point id are ignored."""
    wanted = [
        point["customdata"][0]
        for point in selection or []
        if isinstance(point, dict) and isinstance(point.get("customdata"), list | tuple) and point["customdata"]
    ]
    return points.loc[points["point_id"].isin(wanted)]


# ---------------------------------------------------------------------------------------------------------
# Everything the page shows, in one cacheable call
# ---------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class MapView:
    points: pd.DataFrame  # one row per drawn point (see map_points)
    problems: pd.DataFrame  # records with missing or impossible coordinates (see unplaced_records)
    figure: go.Figure
    missing_rate: str | None = None  # see _Records

    @property
    def point_count(self) -> int:
        return len(self.points)


def map_view(
    source: Connectable,
    *,
    portfolio_filter: PortfolioFilter = NO_FILTER,
    lang: str = "en",
    show: str = Show.both,
    colour_by: str = ColourBy.type,
    as_of: dt.date | None = None,
) -> MapView:
    """Points, the list of coordinates to fix and the figure, from one read of the database (the page caches
    this call on the data revision)."""
    read = _all_records(source, portfolio_filter, lang, show, as_of)
    records = read.records
    points = records.loc[records["placement"] != Placement.none.value].reset_index(drop=True)
    return MapView(
        missing_rate=read.missing_rate,
        points=points,
        problems=problem_table(records, lang),
        figure=map_figure(points, colour_by=colour_by, lang=lang),
    )
