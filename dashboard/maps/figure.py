"""The map figure (pure), drawn from the shapes shipped in ``data/geo`` on a plain longitude/latitude plane
(one SVG layout image under the markers, ``land_image``), not with Plotly's geo base map, which fetches its
shapes from a CDN in the browser and leaves the whole chart blank when that fails.
"""

from __future__ import annotations

import base64
import html
import math
import re
from collections.abc import Mapping
from functools import lru_cache
from typing import Any

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from dashboard.core.i18n import t
from dashboard.maps import geo
from dashboard.maps.labels import COLOUR_KEYS, KIND_KEYS
from dashboard.maps.records import REPORTING_CURRENCY, ColourBy, Placement, PointKind
from dashboard.presenting.formatting import format_money, format_number

# Above this many points the markers are drawn with WebGL (go.Scattergl): thousands of SVG elements make the
# browser crawl (a 17 000-point portfolio took over half a minute), a canvas does not. The land stays SVG.
WEBGL_ABOVE_POINTS = 3000
# Above this many points the world map shows one circle per country (hover: what it holds; a click opens its
# points one by one): 17 000 markers and their hover texts were 6 MB for the browser and unreadable anyway.
AGGREGATE_ABOVE_POINTS = 2000
COUNTRY_MARKER = "country:"  # customdata of a country's circle: the page opens that country's points
COUNTRY_COLOUR = "#0072B2"
MORE_GROUPS_AFTER = 8  # a country's hover names its largest groups, then counts the rest
# Coastlines are simplified to what the frame can show: about a pixel of a map this many pixels wide.
MAP_PIXELS_ACROSS = 1000
LAND_TOLERANCES = (0.01, 0.02, 0.05, 0.1, 0.2)  # degrees; a few levels, each cached once per process
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


def land_tolerance(x_range: list[float]) -> float:
    """The coastline simplification (degrees) for a frame ``x_range`` wide: the largest level below a pixel."""
    per_pixel = (x_range[1] - x_range[0]) / MAP_PIXELS_ACROSS
    fitting = [value for value in LAND_TOLERANCES if value <= per_pixel]
    return fitting[-1] if fitting else 0.0


def land_image(active: tuple[str, ...], tolerance: float) -> dict[str, Any]:
    """The country shapes as one layout image (an SVG document, data URI) laid on the axes under the
    markers: every country in the land tint, ``active`` ones (holding a point) over them in a warmer one, the
    coasts a half-pixel line at any zoom. The browser draws an SVG image natively in a few milliseconds; as
    filled Plotly traces the same shapes cost Chromium half a second of script on every draw (issue 15).
    Shape: a ``layout.images`` entry (Plotly), placed by ``geo.land_bounds`` in map x and latitude."""
    return _land_image(active, tolerance)


@lru_cache(maxsize=64)
def _land_image(active: tuple[str, ...], tolerance: float) -> dict[str, Any]:
    x_min, y_min, x_max, y_max = geo.land_bounds()
    per_degree = geo.svg_units_per_degree(tolerance)
    width, height = round((x_max - x_min) * per_degree), round((y_max - y_min) * per_degree)
    style = f'stroke="{COAST_COLOUR}" stroke-width="0.5" vector-effect="non-scaling-stroke" stroke-linejoin="round"'
    paths = [f'<path fill="{LAND_COLOUR}" {style} d="{geo.land_path(None, tolerance)}"/>']
    if active:
        paths.append(f'<path fill="{ACTIVE_LAND_COLOUR}" {style} d="{geo.land_path(active, tolerance)}"/>')
    document = (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
                f'preserveAspectRatio="none">{"".join(paths)}</svg>')
    return {
        # Base64: a data URI's text must not hold "#" (the colours) or quotes, and the path's digits encode well.
        "source": "data:image/svg+xml;base64," + base64.b64encode(document.encode("ascii")).decode("ascii"),
        "xref": "x", "yref": "y", "x": x_min, "y": y_max, "sizex": x_max - x_min, "sizey": y_max - y_min,
        "sizing": "stretch", "xanchor": "left", "yanchor": "top", "layer": "below",
    }


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
    figure = _land(points)

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

    return _frame(figure, points, legend_title=t(COLOUR_KEYS[ColourBy(colour_by)], lang), lang=lang,
                  height=height)


def _land(points: pd.DataFrame) -> go.Figure:
    """A figure holding the country shapes (``land_image``), simplified for the frame of ``points``; the
    countries holding a point in a warmer tint."""
    figure = go.Figure()
    tolerance = land_tolerance(_view_range(points)[0])
    active = tuple(sorted(set(points["country"].dropna()))) if not points.empty else ()
    figure.add_layout_image(land_image(active, tolerance))
    return figure


def _frame(figure: go.Figure, points: pd.DataFrame, *, legend_title: str, lang: str, height: int) -> go.Figure:
    """The map's axes (graticule, Pacific-centred labels, limits), framed on ``points``, and its legend."""
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
            "title": {"text": legend_title + " "},
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


def country_summary(points: pd.DataFrame, colour_by: str, lang: str) -> pd.DataFrame:
    """One row per country holding a point (``""`` for points without a country): where its circle goes
    (the country's centre, else the middle of its points), its partners and project locations, the money
    they carry (project budgets here and partners' pledges, never added together) and its hover text, which
    names its largest groups of the current colouring."""
    frame = points.assign(country=points["country"].fillna("").astype(str),
                          category=_category(points, colour_by, lang))
    is_project = frame["kind"] == PointKind.project.value
    budgets = pd.to_numeric(frame["budget"], errors="coerce")
    frame = frame.assign(project=is_project, partner=~is_project,
                         project_budget=budgets.where(is_project), contribution=budgets.where(~is_project))
    grouped = frame.groupby("country", sort=True)
    summary = grouped.agg(
        name=("country_name", "first"), partners=("partner", "sum"), projects=("project", "sum"),
        project_budget=("project_budget", "sum"), contribution=("contribution", "sum"),
        mean_x=("map_x", "mean"), mean_y=("map_y", "mean"),
    )
    categories = frame.groupby(["country", "category"]).size()
    xs, ys, hovers = [], [], []
    for code, row in summary.iterrows():
        centre = geo.country_centroid(str(code)) if code else None
        xs.append(float(geo.to_map_longitude(centre[1])) if centre else float(row["mean_x"]))
        ys.append(centre[0] if centre else float(row["mean_y"]))
        name = row["name"] or (str(code) if code else t("map.country.unknown", lang))
        lines = [f"<b>{html.escape(str(name))}</b>",
                 html.escape(t("map.country.points", lang, partners=int(row["partners"]),
                               projects=int(row["projects"])))]
        if row["projects"]:
            lines.append(html.escape(t("map.country.budget", lang, amount=money_text(row["project_budget"], lang))))
        if row["partners"]:
            lines.append(html.escape(t("map.country.contributions", lang,
                                       amount=money_text(row["contribution"], lang))))
        groups = categories.loc[code].sort_values(ascending=False)
        for category, count in groups.head(MORE_GROUPS_AFTER).items():
            lines.append(html.escape(f"{category}: {format_number(int(count), lang)}"))
        if len(groups) > MORE_GROUPS_AFTER:
            lines.append(html.escape(t("map.country.more_groups", lang, count=len(groups) - MORE_GROUPS_AFTER)))
        lines.append("<i>" + html.escape(t("map.country.hint", lang)) + "</i>")
        hovers.append("<br>".join(lines))
    summary = summary.assign(x=xs, y=ys, hover=hovers, points=summary["partners"] + summary["projects"])
    return summary.reset_index()


def country_figure(points: pd.DataFrame, *, colour_by: str = ColourBy.type, lang: str = "en",
                   height: int = 620) -> go.Figure:
    """The world at a glance when there are too many points to draw one by one (``AGGREGATE_ABOVE_POINTS``):
    the country shapes and one circle per country, its area growing with its points, the count written in
    it. A circle's ``customdata`` is ``country:<ISO3>``: choosing circles opens their countries' points."""
    figure = _land(points)
    summary = country_summary(points, colour_by, lang)
    figure.add_trace(go.Scatter(
        x=summary["x"], y=summary["y"], mode="markers+text",
        text=[format_number(int(count), lang) for count in summary["points"]],
        textfont={"size": 10, "color": "white"},
        marker={"size": marker_sizes(summary["points"], smallest=14.0, largest=46.0).to_numpy(),
                "color": COUNTRY_COLOUR, "opacity": 0.75, "line": {"color": "white", "width": 1}},
        customdata=np.array([[COUNTRY_MARKER + code] for code in summary["country"]], dtype=object),
        hovertext=summary["hover"].to_numpy(dtype=object), hovertemplate="%{hovertext}<extra></extra>",
        name=t("map.legend.countries", lang, count=len(summary)), showlegend=True,
    ))
    return _frame(figure, points, legend_title="", lang=lang, height=height)


def selected_countries(selection: list[dict[str, Any]] | None) -> tuple[str, ...]:
    """The countries whose circles a person picked on the world map (``""``: the points without a country)."""
    chosen = {
        str(point["customdata"][0])[len(COUNTRY_MARKER):]
        for point in selection or []
        if isinstance(point, dict) and isinstance(point.get("customdata"), list | tuple) and point["customdata"]
        and str(point["customdata"][0]).startswith(COUNTRY_MARKER)
    }
    return tuple(sorted(chosen))


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
