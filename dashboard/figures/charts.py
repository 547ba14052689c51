"""Plotly figure builders: pure functions from query frames to figures, no Streamlit and no database.

Titles, axes and hover texts go through ``dashboard.core.i18n``; numbers in hovers are formatted by
``dashboard.presenting.formatting`` and axes use the reader's separators, so a figure reads as a table would.
"""

from __future__ import annotations

import datetime as dt
import html
import math
import textwrap
from typing import Any

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio

from dashboard.core import metrics
from dashboard.core.i18n import normalise_language, t
from dashboard.presenting.formatting import (
    format_date,
    format_money,
    format_number,
    format_rate,
    percent_suffix,
    plotly_money_template,
    plotly_rate_template,
)

TEAL = "#0B6E75"
SAND = "#C9B79C"
RED = "#C0392B"
ORANGE = "#E08E0B"
GREEN = "#2E8B57"
GREY = "#8A969C"

STATUS_COLOURS: dict[str, str] = {
    metrics.IndicatorStatus.on_track.value: GREEN,
    metrics.IndicatorStatus.at_risk.value: ORANGE,
    metrics.IndicatorStatus.off_track.value: RED,
    metrics.IndicatorStatus.not_reporting.value: GREY,
}
# Colours Streamlit's markdown badges know, matching STATUS_COLOURS, for legends beside the charts.
STATUS_BADGES: dict[str, str] = {
    metrics.IndicatorStatus.on_track.value: "green",
    metrics.IndicatorStatus.at_risk.value: "orange",
    metrics.IndicatorStatus.off_track.value: "red",
    metrics.IndicatorStatus.not_reporting.value: "gray",
}
STATUS_ORDER = tuple(STATUS_COLOURS)
MAX_BARS = 25


DEFAULT_TEMPLATE = "plotly_white"


def set_default_template() -> None:
    """Make ``DEFAULT_TEMPLATE`` every chart's template, once at start-up (``dashboard.web.startup`` for the
    app, ``dashboard.cli.main`` for the command line): naming it on each figure deep-copies the whole template
    (~25 ms a chart)."""
    pio.templates.default = DEFAULT_TEMPLATE


# A chart's title is wrapped at this many characters: what a half-width chart (two side by side) holds at a
# 1000 px window with the sidebar open (about 250 px), in the title's 16 px font (Plotly clips a title, it never
# wraps one).
TITLE_LINE_CHARS = 30
TITLE_LINE_PX = 22
# The legend sits under the plot, below the x axis's tick labels and title (about this many pixels). Above the
# plot, as before, a legend that wraps at a narrow width grew upwards over the title (issue 17: "Indicators by
# status and project" in English and French).
LEGEND_GAP_PX = 64
MARGIN_BOTTOM_PX = 20


def wrap_title(title: str, width: int = TITLE_LINE_CHARS) -> list[str]:
    """``title`` cut into lines of at most ``width`` characters at spaces (a longer word stays whole)."""
    return textwrap.wrap(title, width, break_long_words=False, break_on_hyphens=False) or [""]


def _layout(figure: go.Figure, lang: str, title: str, *, height: int = 420, note: str | None = None) -> go.Figure:
    """The layout every chart shares: the title wrapped above the plot (with ``note`` under it in a smaller
    type), the legend below it (they cannot overlap at any width), the reader's number separators."""
    lines = wrap_title(title)
    if note:
        lines += [f"<span style='font-size:12px'>{html.escape(line)}</span>"
                  for line in wrap_title(note, int(TITLE_LINE_CHARS * 1.25))]
    top = 24 + TITLE_LINE_PX * len(lines)
    plot_height = max(height - top - MARGIN_BOTTOM_PX, 1)
    figure.update_layout(
        title={"text": "<br>".join(lines), "x": 0, "xanchor": "left", "y": 1, "yref": "container", "yanchor": "top",
               "pad": {"t": 12}, "font": {"size": 16}},
        separators=", " if normalise_language(lang) == "fr" else ".,",
        height=height,
        margin={"l": 10, "r": 20, "t": top, "b": MARGIN_BOTTOM_PX},
        # Below the plot at a fixed distance in pixels (y is a fraction of the plot's height); Plotly widens the
        # bottom margin to hold it, whatever number of rows it wraps into.
        legend={"orientation": "h", "yanchor": "top", "y": -LEGEND_GAP_PX / plot_height, "xanchor": "left", "x": 0},
        hoverlabel={"align": "left"},
        font={"family": "sans-serif", "size": 12},
    )
    return figure


def _short(text: object, limit: int = 48) -> str:
    text = "" if text is None else str(text)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def execution_bars(frame: pd.DataFrame, lang: str, currency: str, *, title: str | None = None) -> go.Figure:
    """Consumed as a share of budget per row (``label``, ``budget``, ``consumed``, ``balance``,
    ``execution_rate``, ``overspent``): a vertical 100 % line marks the budget; over-spent rows are red."""
    rated = frame.dropna(subset=["execution_rate"])
    data = rated.head(MAX_BARS).iloc[::-1]
    if len(rated) > MAX_BARS:
        title = t("figure.first_of", lang, title=title or t("figure.execution_title", lang), shown=MAX_BARS,
                  total=len(rated))
    colours = [RED if over else TEAL for over in data["overspent"]]
    hover = [
        "<br>".join([
            f"<b>{_short(label, 80)}</b>",
            f"{t('metric.budget', lang)}: {format_money(budget, currency, lang)}",
            f"{t('metric.consumed', lang)}: {format_money(consumed, currency, lang)}",
            f"{t('metric.balance', lang)}: {format_money(balance, currency, lang)}",
            f"{t('metric.execution_rate', lang)}: {format_rate(rate, lang)}",
        ])
        for label, budget, consumed, balance, rate in zip(
            data["label"], data["budget"], data["consumed"], data["balance"], data["execution_rate"], strict=True
        )
    ]
    figure = go.Figure(
        go.Bar(
            x=data["execution_rate"] * 100,
            y=[_short(label) for label in data["label"]],
            orientation="h",
            marker_color=colours,
            text=[format_rate(rate, lang) for rate in data["execution_rate"]],
            # Inside the bar's end where it fits, so a label never sits on the 100 % line.
            textposition="auto",
            insidetextanchor="end",
            textfont={"color": "white"},
            outsidetextfont={"color": "#1F2A30"},
            cliponaxis=False,
            hovertext=hover,
            hoverinfo="text",
            showlegend=False,
        )
    )
    figure.add_vline(x=100, line_dash="dash", line_color="#1F2A30")
    # Legend entries explain the colours and the dashed line (no annotation to collide with the bars).
    for colour, key in ((TEAL, "figure.within_budget"), (RED, "figure.overspent")):
        figure.add_trace(go.Bar(x=[None], y=[None], marker_color=colour, name=t(key, lang), showlegend=True))
    figure.add_trace(go.Scatter(x=[None], y=[None], mode="lines", line={"color": "#1F2A30", "dash": "dash"},
                                name=t("figure.budget_line", lang), showlegend=True))
    top = max(110.0, float((data["execution_rate"] * 100).max() or 0) * 1.12) if not data.empty else 110.0
    figure.update_xaxes(title=t("figure.execution_axis", lang), ticksuffix=percent_suffix(lang), range=[0, top])
    figure.update_yaxes(automargin=True)
    height = max(320, 28 * len(data) + 140)
    return _layout(figure, lang, title or t("figure.execution_title", lang), height=height)


# Above this many projects the burn chart counts them in cells (``burn_density``): 10 000 SVG markers took
# seconds to draw and a megabyte to send, and nobody reads 10 000 overlapping points.
BURN_BIN_ABOVE = 1500
BURN_CELL = 5.0  # percentage points, both axes
BURN_NAMED = 10  # the most over-spent projects numbered on the binned chart


def burn_plotted(frame: pd.DataFrame) -> pd.DataFrame:
    """The projects the burn chart places: those with planned dates and an execution rate."""
    return frame.dropna(subset=["time_elapsed", "execution_rate"])


def most_overspent(frame: pd.DataFrame, count: int = BURN_NAMED) -> pd.DataFrame:
    """The ``count`` plotted projects furthest over budget, in money (consumed − budget), largest first."""
    data = burn_plotted(frame)
    over = data.loc[data["overspent"]]
    return over.assign(over_by=over["consumed"] - over["budget"]).nlargest(count, "over_by")


def burn_scatter(frame: pd.DataFrame, lang: str, currency: str) -> go.Figure:
    """Execution rate against the share of time elapsed, per project with planned dates; the diagonal is
    spending at the pace of the calendar. Above ``BURN_BIN_ABOVE`` projects: ``burn_density``."""
    data = burn_plotted(frame)
    if len(data) > BURN_BIN_ABOVE:
        return burn_density(frame, lang, currency)
    groups = (
        ("overspent", RED, data["overspent"]),
        ("behind_time", ORANGE, data["behind_time"] & ~data["overspent"]),
        ("on_pace", TEAL, ~data["behind_time"] & ~data["overspent"]),
    )
    figure = go.Figure()
    figure.add_trace(go.Scatter(x=[0, 100], y=[0, 100], mode="lines", line={"color": GREY, "dash": "dot"},
                                name=t("figure.burn_pace", lang), hoverinfo="skip"))
    # One template per chart, the numbers formatted by the browser (Babel gives the symbols and their side):
    # formatting 10 000 projects' hovers on the server took most of the page's time.
    hover = "<br>".join([
        "<b>%{customdata[0]}</b> %{customdata[1]}",
        f"{t('metric.time_elapsed', lang)}: {plotly_rate_template('x', lang)}",
        f"{t('metric.execution_rate', lang)}: {plotly_rate_template('y', lang)}",
        f"{t('metric.budget', lang)}: {plotly_money_template('customdata[2]', currency, lang)}",
    ]) + "<extra></extra>"
    for key, colour, mask in groups:
        part = data[mask]
        if part.empty:
            continue
        figure.add_trace(go.Scatter(
            # No text labels: projects of the same age pile up on one vertical and their codes would
            # overlap; the hover and the table beside the chart name them.
            x=part["time_elapsed"] * 100, y=part["execution_rate"] * 100, mode="markers",
            marker={"color": colour, "size": 11, "opacity": 0.85, "line": {"color": "white", "width": 1}},
            # One object array, not a list of tuples: Plotly validates a list element by element.
            customdata=np.column_stack([part["code"].to_numpy(dtype=object),
                                        np.array([_short(title, 60) for title in part["title"]], dtype=object),
                                        part["budget"].to_numpy(dtype=object)]),
            hovertemplate=hover, name=t(f"figure.burn_{key}", lang),
        ))
    top = max(110.0, float((data["execution_rate"] * 100).max() or 0) * 1.08) if not data.empty else 110.0
    figure.update_xaxes(title=t("metric.time_elapsed", lang), ticksuffix=percent_suffix(lang), range=[-3, 105])
    figure.update_yaxes(title=t("metric.execution_rate", lang), ticksuffix=percent_suffix(lang), range=[-3, top])
    return _layout(figure, lang, t("figure.burn_title", lang), height=480)


def burn_density(frame: pd.DataFrame, lang: str, currency: str) -> go.Figure:
    """The burn chart of a large portfolio: projects counted in cells of ``BURN_CELL`` points of time elapsed
    by ``BURN_CELL`` (twice that above 200 %) of execution (a heat map: darker holds more; each cell's hover
    counts its over-spent and far-behind projects), the pace diagonal and the budget line, and the
    ``BURN_NAMED`` most over-spent projects drawn one by one, numbered (the page lists them). The y axis stops
    above the 99th percentile: the few projects beyond are drawn one by one on the top edge, their real rate
    in the hover. Nothing is left out: every plotted project is in a cell or drawn."""
    data = burn_plotted(frame)
    x = (data["time_elapsed"] * 100).clip(0, 100).to_numpy()
    y = (data["execution_rate"] * 100).clip(lower=0).to_numpy()
    top = max(110.0, math.ceil(float(np.percentile(y, 99)) / 10) * 10 + 10) if len(y) else 110.0
    inside = y <= top
    y_cell = BURN_CELL if top <= 200 else 2 * BURN_CELL  # rows a few pixels high would read as stripes
    x_edges = np.arange(0, 100 + BURN_CELL, BURN_CELL)
    y_edges = np.arange(0, top + y_cell, y_cell)

    def count(mask: np.ndarray) -> np.ndarray:
        # Rows are y cells, columns x cells; x = 100 % falls in the last cell.
        counts, _, _ = np.histogram2d(y[inside & mask], x[inside & mask], bins=[y_edges, x_edges])
        return counts.astype(int)

    every = count(np.ones(len(y), dtype=bool))
    overspent = count(data["overspent"].to_numpy(dtype=bool))
    behind = count(data["behind_time"].to_numpy(dtype=bool))
    rate = {value: format_rate(value / 100, lang) for value in np.union1d(x_edges, y_edges)}
    texts = [[t("figure.burn_cell", lang, x0=rate[x_edges[col]], x1=rate[x_edges[col + 1]], y0=rate[y_edges[row]],
                y1=rate[y_edges[row + 1]], count=int(every[row, col]),
                overspent=int(overspent[row, col]),
                behind=int(behind[row, col])) if every[row, col] else ""
              for col in range(len(x_edges) - 1)] for row in range(len(y_edges) - 1)]
    most = int(every.max()) if every.size else 1
    ticks = [value for value in (1, 10, 50, 100, 250, 500, 1000, 2500, 5000, 10000) if value <= most] or [1]
    figure = go.Figure()
    figure.add_trace(go.Heatmap(
        x=(x_edges[:-1] + BURN_CELL / 2), y=(y_edges[:-1] + y_cell / 2),
        # The shade follows the square root of the count: one crowded column (projects that have ended) would
        # otherwise leave every other cell the same pale colour. The colour bar is labelled in projects.
        z=np.where(every > 0, np.sqrt(every), np.nan), text=texts, hoverinfo="text",
        colorscale=[[0.0, "#d7ecee"], [1.0, "#063f43"]], name=t("figure.burn_density", lang),
        colorbar={"title": {"text": t("figure.burn_density", lang), "side": "right"}, "thickness": 12,
                  "len": 0.8, "outlinewidth": 0, "tickvals": np.sqrt(ticks).tolist(),
                  "ticktext": [format_number(value, lang) for value in ticks]},
    ))
    figure.add_trace(go.Scatter(x=[0, 100], y=[0, 100], mode="lines", line={"color": GREY, "dash": "dot"},
                                name=t("figure.burn_pace", lang), hoverinfo="skip"))
    figure.add_trace(go.Scatter(x=[0, 100], y=[100, 100], mode="lines", line={"color": RED, "dash": "dash",
                                                                                 "width": 1},
                                name=t("figure.budget_line", lang), hoverinfo="skip"))
    hover = "<br>".join([
        "<b>%{customdata[0]}</b> %{customdata[1]}",
        f"{t('metric.time_elapsed', lang)}: {plotly_rate_template('customdata[3]', lang)}",
        f"{t('metric.execution_rate', lang)}: {plotly_rate_template('customdata[4]', lang)}",
        f"{t('metric.budget', lang)}: {plotly_money_template('customdata[2]', currency, lang)}",
    ]) + "<extra></extra>"

    def details(part: pd.DataFrame) -> np.ndarray:
        return np.column_stack([part["code"].to_numpy(dtype=object),
                                np.array([_short(title, 60) for title in part["title"]], dtype=object),
                                part["budget"].to_numpy(dtype=object),
                                (part["time_elapsed"] * 100).to_numpy(dtype=object),
                                (part["execution_rate"] * 100).to_numpy(dtype=object)])

    above = data.loc[~inside]
    if not above.empty:
        figure.add_trace(go.Scatter(
            x=(above["time_elapsed"] * 100).clip(0, 100), y=np.full(len(above), top), mode="markers",
            marker={"symbol": "triangle-up", "color": RED, "size": 9, "line": {"color": "white", "width": 1}},
            customdata=details(above), hovertemplate=hover, cliponaxis=False,
            name=t("figure.burn_above", lang, top=format_rate(top / 100, lang)),
        ))
    named = most_overspent(frame)
    if not named.empty:
        named_x, named_y = _apart((named["time_elapsed"] * 100).clip(0, 100).to_numpy(),
                                  (named["execution_rate"] * 100).clip(upper=top).to_numpy(), top)
        figure.add_trace(go.Scatter(
            x=named_x, y=named_y,
            mode="markers+text", text=[str(rank) for rank in range(1, len(named) + 1)],
            textfont={"color": "white", "size": 10}, cliponaxis=False,
            marker={"color": RED, "size": 17, "line": {"color": "white", "width": 1}},
            customdata=details(named), hovertemplate=hover,
            name=t("figure.burn_named", lang, count=len(named)),
        ))
    figure.update_xaxes(title=t("metric.time_elapsed", lang), ticksuffix=percent_suffix(lang), range=[-3, 105])
    figure.update_yaxes(title=t("metric.execution_rate", lang), ticksuffix=percent_suffix(lang),
                        range=[-3, top + 6])
    return _layout(figure, lang, t("figure.burn_title", lang), height=520)


def _apart(xs: np.ndarray, ys: np.ndarray, top: float) -> tuple[np.ndarray, np.ndarray]:
    """Numbered markers moved left, one marker's width at a time, off those already placed that they would
    cover (projects that have ended share x = 100 %). Only the drawing moves: hovers give the true figures."""
    width_x, width_y = 3.5, top * 0.045  # about one marker, in axis units, for a chart ~800 × 400 px
    placed: list[tuple[float, float]] = []
    moved = xs.astype(float).copy()
    for index, (x, y) in enumerate(zip(xs, ys, strict=True)):
        while any(abs(moved_x - x) < width_x and abs(placed_y - y) < width_y for moved_x, placed_y in placed):
            x -= width_x
        moved[index] = x
        placed.append((x, float(y)))
    return moved, ys


# An "others" bar larger than this many times the largest named bar is written under the title, not drawn:
# beyond it the named bars shrink below a tenth of the axis; 849 small funders added up (5 G) flattened the 14
# named ones (10 M each) to nothing at the large size.
OTHERS_DRAWN_UP_TO = 10.0


def money_bars(frame: pd.DataFrame, name_column: str, lang: str, currency: str, *, title: str,
               limit: int = 15) -> go.Figure:
    """Budget and consumed side by side (in ``currency``) for the largest ``limit`` rows (by budget); the rest
    are added up in one "others" row so the chart still sums to the whole. When that row would dwarf the named
    ones (``OTHERS_DRAWN_UP_TO``), the chart draws the largest ``limit`` alone and its title says how many of
    how many they are, and what the others add up to."""
    data = frame.sort_values("budget", ascending=False)
    note = None
    if len(data) > limit:
        rest = data.iloc[limit - 1:]
        if rest["budget"].sum() > OTHERS_DRAWN_UP_TO * data["budget"].iloc[0]:
            rest = data.iloc[limit:]
            title = t("figure.largest_of", lang, title=title, shown=limit, total=len(data))
            note = t("figure.others_not_drawn", lang, count=len(rest),
                     budget=format_money(rest["budget"].sum(), currency, lang),
                     consumed=format_money(rest["consumed"].sum(), currency, lang))
            data = data.iloc[:limit]
        else:
            others = pd.DataFrame({name_column: [t("figure.others", lang, count=len(rest))],
                                   "budget": [rest["budget"].sum()], "consumed": [rest["consumed"].sum()]})
            data = pd.concat([data.iloc[: limit - 1], others], ignore_index=True)
    data = data.iloc[::-1]
    names = [_short(name) or t("figure.unassigned", lang) for name in data[name_column]]
    figure = go.Figure()
    for column, colour in (("budget", SAND), ("consumed", TEAL)):
        figure.add_trace(go.Bar(
            x=data[column], y=names, orientation="h", marker_color=colour, name=t(f"metric.{column}", lang),
            hovertext=[f"{name}: {format_money(value, currency, lang)}" for name, value in
                       zip(names, data[column], strict=True)],
            hoverinfo="text",
        ))
    figure.update_layout(barmode="group")
    figure.update_xaxes(title=f"{t('metric.budget', lang)} / {t('metric.consumed', lang)} ({currency})",
                        # Short ticks (2M, 500k) fit a half-width chart in both languages; hovers give exact sums.
                        tickformat="~s", nticks=5)
    figure.update_yaxes(automargin=True)
    return _layout(figure, lang, title, height=max(320, 34 * len(data) + 140), note=note)


# At most this many dates are written under a trend chart (every k-th period end beyond).
MAX_DATE_TICKS = 8


def _day(value: object) -> dt.date:
    """A period end as a date (pandas hands Timestamps or dates)."""
    if isinstance(value, dt.datetime):  # a pandas Timestamp is one
        return value.date()
    if isinstance(value, dt.date):
        return value
    return pd.Timestamp(str(value)).date()


def indicator_trend(values: pd.DataFrame, indicator: pd.Series, lang: str) -> go.Figure:
    """Value to date after each reporting period (by the indicator's cumulative or periodic rule), with the
    baseline and target as horizontal lines; periodic indicators also show each period's value as bars."""
    unit = indicator.get("unit") or ""
    figure = go.Figure()
    data = values.dropna(subset=["actual"])
    if not bool(indicator.get("cumulative")):
        figure.add_trace(go.Bar(
            x=data["period_end"], y=data["actual"], name=t("figure.period_value", lang), marker_color=SAND,
            hovertext=[f"{format_date(_day(end), lang)}: {format_number(value, lang, decimals=_decimals(value))} {unit}"
                       for end, value in zip(data["period_end"], data["actual"], strict=True)],
            hoverinfo="text",
        ))
    figure.add_trace(go.Scatter(
        x=data["period_end"], y=data["actual_to_date"], mode="lines+markers", line={"color": TEAL, "width": 3},
        name=t("figure.value_to_date", lang),
        hovertext=[f"{format_date(_day(end), lang)}: {format_number(value, lang, decimals=_decimals(value))} {unit}"
                   for end, value in zip(data["period_end"], data["actual_to_date"], strict=True)],
        hoverinfo="text",
    ))
    for key, value, colour in (("figure.baseline", indicator.get("baseline_value"), GREY),
                               ("figure.target", indicator.get("target_value"), GREEN)):
        if value is None or (isinstance(value, float) and math.isnan(value)):
            continue
        figure.add_hline(y=float(value), line_dash="dash", line_color=colour,
                         annotation_text=f"{t(key, lang)}: {format_number(value, lang, decimals=_decimals(value))}",
                         annotation_position="top left")
    figure.update_yaxes(title=unit or t("figure.value", lang), tickformat=",~f", rangemode="tozero")
    # The period ends written by the product in the reader's language: Plotly's own date ticks are English only
    # ("Jan 2026" on a French page) without a Plotly locale bundle, which Streamlit does not load.
    ends = sorted({_day(end) for end in data["period_end"]})
    shown = ends[::max(1, math.ceil(len(ends) / MAX_DATE_TICKS))]
    figure.update_xaxes(title=t("figure.period_end", lang), tickvals=shown,
                        ticktext=[format_date(end, lang) for end in shown])
    title = f"{indicator.get('project_code', '')} · {indicator.get('code', '')} — {_short(indicator.get('name'), 70)}"
    return _layout(figure, lang, title, height=380)


def _decimals(value: Any) -> int:  # a cell of a frame
    try:
        number = float(value)
    except (TypeError, ValueError):
        return 0
    return 0 if math.isnan(number) or number == int(number) else 1


def portfolio_progress(trend: pd.DataFrame, lang: str) -> go.Figure:
    """Median progress towards target across the portfolio's indicators at each reporting date, with the
    middle half of indicators as a band and the target (100 %) as a line."""
    figure = go.Figure()
    figure.add_trace(go.Scatter(x=trend["period_end"], y=trend["q3"] * 100, mode="lines", line={"width": 0},
                                showlegend=False, hoverinfo="skip"))
    figure.add_trace(go.Scatter(x=trend["period_end"], y=trend["q1"] * 100, mode="lines", line={"width": 0},
                                fill="tonexty", fillcolor="rgba(11,110,117,0.15)", name=t("figure.middle_half", lang),
                                hoverinfo="skip"))
    figure.add_trace(go.Scatter(
        x=trend["period_end"], y=trend["median"] * 100, mode="lines+markers", line={"color": TEAL, "width": 3},
        name=t("figure.median_progress", lang),
        hovertext=[t("figure.progress_hover", lang, progress=format_rate(median, lang),
                     count=count)
                   for median, count in zip(trend["median"], trend["indicators"], strict=True)],
        hoverinfo="text+x",
    ))
    figure.add_hline(y=100, line_dash="dash", line_color=GREEN, annotation_text=t("figure.target", lang),
                     annotation_position="top left")
    figure.update_yaxes(title=t("figure.progress_axis", lang), ticksuffix=percent_suffix(lang), rangemode="tozero")
    figure.update_xaxes(title=t("figure.period_end", lang))
    return _layout(figure, lang, t("figure.portfolio_progress_title", lang), height=400)


def status_bars(assessments: pd.DataFrame, lang: str) -> go.Figure:
    """Indicators by status per project, stacked, in the legend's colours."""
    counts = (
        assessments.groupby(["project_code", "status"]).size().unstack(fill_value=0)
        .reindex(columns=list(STATUS_ORDER), fill_value=0)
    )
    title = t("figure.status_title", lang)
    if len(counts) > MAX_BARS:
        # The projects with the most indicators needing attention; the table lists every indicator.
        needing = counts[[metrics.IndicatorStatus.off_track.value, metrics.IndicatorStatus.at_risk.value,
                          metrics.IndicatorStatus.not_reporting.value]].sum(axis=1)
        kept = needing.sort_values(ascending=False, kind="stable").head(MAX_BARS).index
        title = t("figure.first_of", lang, title=title, shown=MAX_BARS, total=len(counts))
        counts = counts.loc[kept]
    counts = counts.loc[counts.sum(axis=1).sort_values(kind="stable").index]
    figure = go.Figure()
    for status in STATUS_ORDER:
        figure.add_trace(go.Bar(
            x=counts[status], y=list(counts.index), orientation="h", marker_color=STATUS_COLOURS[status],
            name=t(f"indicator_status.{status}", lang),
            hovertemplate="%{y}: %{x} " + t(f"indicator_status.{status}", lang) + "<extra></extra>",
        ))
    figure.update_layout(barmode="stack", legend_traceorder="normal")
    figure.update_xaxes(title=t("figure.indicator_count", lang), tickformat=",d")
    figure.update_yaxes(automargin=True)
    return _layout(figure, lang, title, height=max(300, 30 * len(counts) + 150))
