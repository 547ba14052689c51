"""The leadership briefing: one self-contained HTML file of the current filtered view, for board papers.

It holds the headline figures, the budget variance chart, indicator status and the alerts of the Overview's
view model (``dashboard.views.overview``: the page's own figures, its headline tiles declared once in
``dashboard.views.headline``) drawn by the same figure builders (``dashboard.figures``), so the briefing and the
page cannot disagree. plotly.js is embedded once in the file: it opens with no network, and
its print style sheet (A4, charts never split across pages) prints cleanly to PDF from any browser.

Every text that comes from the data or the person (project titles, partner names, filter values) is
HTML-escaped here; figure texts are serialised by plotly, which escapes ``</`` in its JSON.
"""

from __future__ import annotations

import datetime as dt
import html
import json
from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go
from sqlalchemy.engine import Engine

from dashboard.core import metrics
from dashboard.core.i18n import normalise_language, t
from dashboard.figures import charts
from dashboard.presenting import tables
from dashboard.presenting.filters import filter_lines
from dashboard.presenting.formatting import format_date, format_datetime, format_number, format_rate
from dashboard.presenting.headline import shown_tiles
from dashboard.queries.alerts import ALERT_ORDER
from dashboard.queries.filters import PortfolioFilter
from dashboard.queries.headline import HeadlineComparison
from dashboard.views.portfolio import OverviewView, overview

# A4 portrait less 14 mm margins each side is 182 mm: at the CSS 96 px per inch, 688 px. Charts are drawn at
# a fixed width that fits it, so printing never cuts them.
CHART_WIDTH_PX = 680
MAX_ALERTS_PER_KIND = 10
MAX_VARIANCE_BARS = charts.MAX_BARS


# ---------------------------------------------------------------------------------------------------------
# Pieces of text
# ---------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Tile:
    label: str
    value: str
    note: str = ""


def headline_tiles(view: OverviewView, lang: str) -> list[Tile]:
    """The Overview page's headline tiles (``views.headline.HEADLINE_TILES``), labelled and formatted as the page
    shows them, each with its change and, for the on-track share, how many indicators reported."""
    tiles = []
    for shown in shown_tiles(view.tiles, view.currency, lang):
        change = ""
        if shown.difference is not None and shown.change is not None:
            change = (t("briefing.unchanged", lang) if shown.difference == 0 else
                      t("briefing.change", lang, change=("+" if shown.difference > 0 else "") + shown.change))
        tiles.append(Tile(shown.label, shown.value, " · ".join(part for part in (change, shown.note) if part)))
    return tiles


def status_counts(assessments: pd.DataFrame) -> dict[str, int]:
    counts = assessments["status"].value_counts() if not assessments.empty else pd.Series(dtype=int)
    return {status: int(counts.get(status, 0)) for status in charts.STATUS_ORDER}


# ---------------------------------------------------------------------------------------------------------
# The HTML file
# ---------------------------------------------------------------------------------------------------------

PRINT_CSS = """
:root { --ink: #1F2A30; --muted: #5B6970; --line: #D5DCDF; --teal: #0B6E75; --red: #C0392B; }
* { box-sizing: border-box; }
html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body { font-family: "Segoe UI", Arial, "Helvetica Neue", sans-serif; color: var(--ink); margin: 0 auto;
       max-width: 760px; padding: 24px; font-size: 11pt; line-height: 1.4; background: #fff; }
header { border-bottom: 3px solid var(--teal); padding-bottom: 8px; margin-bottom: 12px; }
h1 { font-size: 20pt; margin: 0 0 4px; color: var(--teal); }
h2 { font-size: 14pt; margin: 18px 0 8px; border-bottom: 1px solid var(--line); padding-bottom: 3px;
     break-after: avoid; page-break-after: avoid; }
h3 { font-size: 11pt; margin: 10px 0 4px; break-after: avoid; page-break-after: avoid; }
.meta { color: var(--muted); font-size: 9.5pt; margin: 2px 0; }
.notice { background: #FFF6E0; border-left: 4px solid #E08E0B; padding: 6px 10px; font-size: 9.5pt;
          margin: 10px 0; break-inside: avoid; page-break-inside: avoid; }
table { border-collapse: collapse; width: 100%; font-size: 9.5pt; }
th, td { text-align: left; padding: 3px 6px; border-bottom: 1px solid var(--line); vertical-align: top; }
td.number, th.number { text-align: right; white-space: nowrap; }
tr { break-inside: avoid; page-break-inside: avoid; }
.filters th { width: 34%; color: var(--muted); font-weight: 600; }
.tiles { display: grid; grid-template-columns: repeat(4, 1fr); gap: 8px; }
.tile { border: 1px solid var(--line); border-radius: 6px; padding: 8px; break-inside: avoid;
        page-break-inside: avoid; }
.tile .label { color: var(--muted); font-size: 9pt; }
.tile .value { font-size: 15pt; font-weight: 700; white-space: nowrap; }
.tile .note { color: var(--muted); font-size: 8.5pt; }
.tile.negative .value { color: var(--red); }
.chart { width: 100%; margin: 6px 0; break-inside: avoid; page-break-inside: avoid; }
.section { break-inside: auto; }
.keep { break-inside: avoid; page-break-inside: avoid; }
.swatch { display: inline-block; width: 10px; height: 10px; border-radius: 2px; margin-right: 6px; }
.alerts li { margin: 2px 0; break-inside: avoid; page-break-inside: avoid; }
.alerts ul { margin: 2px 0 8px; padding-left: 18px; }
.more { color: var(--muted); font-style: italic; }
footer { margin-top: 18px; color: var(--muted); font-size: 8.5pt; border-top: 1px solid var(--line);
         padding-top: 6px; }
.page-break { break-before: page; page-break-before: always; }
@page { size: A4 portrait; margin: 14mm; }
@media print {
  body { padding: 0; max-width: none; font-size: 10pt; }
  .tiles { grid-template-columns: repeat(4, 1fr); }
  a { color: inherit; text-decoration: none; }
  .modebar-container { display: none !important; }
}
"""


def _e(text: object) -> str:
    return html.escape("" if text is None else str(text), quote=True)


def _chart_html(figure: go.Figure, element_id: str) -> str:
    """A figure as a div and a script (plotly.js itself is in the page head), drawn at a fixed print width."""
    figure.update_layout(width=CHART_WIDTH_PX, autosize=False)
    return figure.to_html(
        full_html=False,
        include_plotlyjs=False,
        div_id=element_id,
        config={"displayModeBar": False, "responsive": False, "staticPlot": False},
    )


def _plotly_js() -> str:
    from plotly.offline import get_plotlyjs

    # Same preamble plotly's own to_html(include_plotlyjs=True) writes: keep MathJax local (no network).
    return "window.PlotlyConfig = {MathJaxConfig: 'local'};\n" + get_plotlyjs()


def _tiles_html(tiles: list[Tile], negative_labels: set[str]) -> str:
    parts = []
    for tile in tiles:
        css = "tile negative" if tile.label in negative_labels else "tile"
        parts.append(
            f'<div class="{css}"><div class="label">{_e(tile.label)}</div>'
            f'<div class="value">{_e(tile.value)}</div><div class="note">{_e(tile.note)}</div></div>'
        )
    return '<div class="tiles">' + "".join(parts) + "</div>"


def _status_table(counts: dict[str, int], lang: str) -> str:
    total = sum(counts.values())
    rows = []
    for status, count in counts.items():
        share = format_rate(count / total, lang) if total else format_rate(None, lang)
        rows.append(
            f'<tr><td><span class="swatch" style="background:{charts.STATUS_COLOURS[status]}"></span>'
            f'{_e(t(f"indicator_status.{status}", lang))}</td>'
            f'<td class="number">{_e(format_number(count, lang))}</td><td class="number">{_e(share)}</td></tr>'
        )
    head = (f'<tr><th>{_e(t("col.status", lang))}</th><th class="number">{_e(t("briefing.count", lang))}</th>'
            f'<th class="number">{_e(t("col.share", lang))}</th></tr>')
    return f'<table class="keep">{head}{"".join(rows)}</table>'


def _variance_table(variance: pd.DataFrame, lang: str, currency: str) -> str:
    """The charted projects as figures (the Budgets page's own table, formatted the same), so the chart's
    numbers can be read on paper."""
    data = variance.dropna(subset=["execution_rate"]).head(MAX_VARIANCE_BARS)
    table = tables.variance_table(data, "project", lang, currency)
    keep = [t("col.project", lang), t("metric.budget", lang), t("metric.consumed", lang), t("metric.balance", lang),
            t("metric.execution_rate", lang)]
    table = table[keep]
    head = "".join(f'<th class="{"number" if index else ""}">{_e(name)}</th>' for index, name in enumerate(keep))
    rows = "".join(
        "<tr>" + "".join(f'<td class="{"number" if index else ""}">{_e(value)}</td>'
                         for index, value in enumerate(values)) + "</tr>"
        for values in table.itertuples(index=False, name=None)
    )
    return f"<table><tr>{head}</tr>{rows}</table>"


def _alerts_html(alerts: pd.DataFrame, lang: str, currency: str) -> str:
    if alerts.empty:
        return f"<p>{_e(t('overview.no_alerts', lang))}</p>"
    parts = []
    for kind in ALERT_ORDER:
        rows = alerts[alerts["kind"] == kind.value]
        if rows.empty:
            continue
        items = []
        for row in rows.head(MAX_ALERTS_PER_KIND).to_dict("records"):
            detail = f" — {_e(row['detail'])}" if row.get("detail") else ""
            said = _e(tables.alert_detail(pd.Series(row), lang, currency))
            items.append(f"<li><strong>{_e(row['item'])}</strong>{detail}: {said}</li>")
        if len(rows) > MAX_ALERTS_PER_KIND:
            more = t("briefing.more_items", lang, count=len(rows) - MAX_ALERTS_PER_KIND)
            items.append(f'<li class="more">{_e(more)}</li>')
        label = t("overview.alert_count", lang, label=t(f"alert.{kind.value}", lang), count=len(rows))
        parts.append(f'<div class="keep"><h3>{_e(label)}</h3><ul>{"".join(items)}</ul></div>')
    return '<div class="alerts">' + "".join(parts) + "</div>"


def render_html(data: OverviewView, lang: str | None, *, generated_at: dt.datetime) -> str:
    """The whole briefing of the Overview's view model as one HTML document (plotly.js inline, no external
    reference)."""
    lang = normalise_language(lang)
    headline = data.headline
    currency = data.currency
    tiles = headline_tiles(data, lang)
    negative = {t("metric.balance", lang)} if headline.current.balance < 0 else set()
    filters = filter_lines(data.portfolio_filter, lang, data.objective_titles)
    if filters:
        filter_rows = "".join(f"<tr><th>{_e(name)}</th><td>{_e(values)}</td></tr>" for name, values in filters)
        filters_html = f'<table class="filters keep">{filter_rows}</table>'
    else:
        filters_html = f"<p>{_e(t('briefing.no_filter', lang))}</p>"
    period = tables.period_caption(headline.period_start, headline.period_end, headline.previous_start,
                                       headline.previous_end, lang)
    notice = (f'<div class="notice">{_e(t("notice.illustrative", lang))}</div>'
              if headline.has_illustrative else "")
    partial = tables.not_converted_note(data.not_converted, currency, lang)
    if partial:
        notice += f'<div class="notice partial">{_e(partial)}</div>'

    variance = data.variance
    if variance.dropna(subset=["execution_rate"]).empty:
        variance_html = f"<p>{_e(t('budgets.no_money', lang))}</p>"
    else:
        chart = charts.execution_bars(variance, lang, currency, title=t("briefing.variance_chart", lang))
        variance_html = (f'<div class="chart">{_chart_html(chart, "briefing-variance")}</div>'
                         + _variance_table(variance, lang, currency))
        hidden = len(variance.dropna(subset=["execution_rate"])) - MAX_VARIANCE_BARS
        if hidden > 0:
            variance_html += f'<p class="more">{_e(t("briefing.more_items", lang, count=hidden))}</p>'

    counts = status_counts(data.assessments)
    if sum(counts.values()):
        share = headline.current.on_track_share  # the Overview tile's own figure
        indicator_html = (
            f"<p>{_e(t('indicators.on_track_share', lang, share=format_rate(share, lang)))}</p>"
            + _status_table(counts, lang)
        )
        if data.assessments["project_code"].nunique() > 1:
            status_chart = charts.status_bars(data.assessments, lang)
            indicator_html += f'<div class="chart">{_chart_html(status_chart, "briefing-status")}</div>'
    else:
        indicator_html = f"<p>{_e(t('indicators.none', lang))}</p>"

    title = t("briefing.title", lang)
    generated = t("briefing.generated", lang, moment=format_datetime(generated_at, lang))
    document = f"""<!DOCTYPE html>
<html lang="{lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="partnership-dashboard briefing">
<title>{_e(title)} — {_e(format_date(data.as_of, lang))}</title>
<style>{PRINT_CSS}</style>
<script type="text/javascript">{_plotly_js()}</script>
</head>
<body>
<header>
<h1>{_e(title)}</h1>
<p class="meta">{_e(t("app.title", lang))} · {_e(generated)}</p>
<p class="meta">{_e(period)} {_e(t("briefing.currency", lang, currency=currency))}</p>
</header>
{notice}
<section class="keep"><h2>{_e(t("briefing.filters", lang))}</h2>{filters_html}</section>
<section class="keep"><h2>{_e(t("briefing.headline", lang))}</h2>{_tiles_html(tiles, negative)}</section>
<section class="section"><h2>{_e(t("budgets.variance", lang))}</h2>
<p class="meta">{_e(t("budgets.rules", lang))}</p>{variance_html}</section>
<section class="section"><h2>{_e(t("briefing.indicators", lang))}</h2>{indicator_html}</section>
<section class="section"><h2>{_e(t("overview.alerts", lang))}</h2>
{_alerts_html(data.alerts, lang, currency)}</section>
<footer>{_e(t("briefing.footer", lang))}</footer>
<script type="application/json" id="briefing-figures">{_figures_json(headline, data)}</script>
</body>
</html>
"""
    return document


def _figures_json(headline: HeadlineComparison, data: OverviewView) -> str:
    """The raw headline figures in the file, machine-readable (for checks and for anyone re-using them)."""
    now = headline.current
    payload = {
        "as_of": data.as_of.isoformat(),
        "currency": headline.currency,
        "budget": now.budget,
        "consumed": now.consumed,
        "committed": now.committed,
        "balance": now.balance,
        "execution_rate": now.execution_rate,
        "on_track_share": now.on_track_share,
        "active_partners": now.active_partners,
        "projects": now.projects,
        "alerts": len(data.alerts),
        "not_converted": dict(data.not_converted),
    }
    # "</" cannot close the script element once escaped as "<\/".
    return json.dumps(payload).replace("</", "<\\/")


def file_name(as_of: dt.date, lang: str | None) -> str:
    return f"{t('briefing.file_stem', lang)}-{as_of.isoformat()}.html"


def briefing_html(
    engine: Engine,
    *,
    portfolio_filter: PortfolioFilter,
    lang: str | None,
    as_of: dt.date,
    currency: str = metrics.REPORTING_BASE_CURRENCY,
    generated_at: dt.datetime,
) -> str:
    """The briefing of a filtered view in one call (the command line's): the Overview's view model, rendered."""
    return render_html(overview(engine, portfolio_filter, as_of, currency=currency), lang, generated_at=generated_at)
