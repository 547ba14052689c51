"""Figure builders: pure functions checked on small frames for what a reader sees."""

from __future__ import annotations

import datetime as dt
import re

import pandas as pd
import pytest

from dashboard.core.i18n import t
from dashboard.figures import charts
from dashboard.presenting.formatting import format_money


def _variance() -> pd.DataFrame:
    return pd.DataFrame({
        "label": ["REG-C1.1", "TERR-02"],
        "budget": [443_008.0, 244_540.0],
        "consumed": [496_407.0, 200_000.0],
        "balance": [-53_399.0, 44_540.0],
        "execution_rate": [496_407 / 443_008, 200_000 / 244_540],
        "overspent": [True, False],
    })


def test_execution_bars_mark_overspend_and_the_budget_line() -> None:
    figure = charts.execution_bars(_variance(), "en", "EUR")
    bars = figure.data[0]
    # Rows are drawn bottom-up: TERR-02 first, REG-C1.1 on top.
    assert list(bars.y) == ["TERR-02", "REG-C1.1"]
    assert list(bars.marker.color) == [charts.TEAL, charts.RED]
    assert list(bars.text) == ["82%", "112%"]
    assert "Balance: -€53,399" in bars.hovertext[1]
    assert any(shape.x0 == 100 and shape.x1 == 100 for shape in figure.layout.shapes)
    assert figure.layout.xaxis.range[1] > 112


def test_french_figures_use_french_text_and_separators() -> None:
    figure = charts.execution_bars(_variance(), "fr", "EUR")
    assert figure.layout.separators == ", "
    assert "Solde: -53\u202f399\xa0€" in figure.data[0].hovertext[1]
    assert figure.data[0].text[1].startswith("112")
    assert figure.layout.title.text == "Budget consommé"


def test_burn_scatter_groups_projects_by_colour() -> None:
    frame = pd.DataFrame({
        "code": ["A", "B", "C", "D"], "title": ["a", "b", "c", "d"],
        "time_elapsed": [0.5, 0.9, 0.5, None], "execution_rate": [1.2, 0.3, 0.45, 0.5],
        "budget": [1.0, 1.0, 1.0, 1.0], "overspent": [True, False, False, False],
        "behind_time": [False, True, False, False],
    })
    figure = charts.burn_scatter(frame, "en", "EUR")
    by_name = {trace.name: trace for trace in figure.data}
    assert [row[0] for row in by_name["Over-spent"].customdata] == ["A"]
    assert [row[0] for row in by_name["Far behind time"].customdata] == ["B"]
    assert [row[0] for row in by_name["Other projects"].customdata] == ["C"]  # D has no dates: left out
    # The hover reads like the tables: Babel's symbols and their side, digits drawn with the locale separators.
    assert by_name["Over-spent"].hovertemplate.endswith("Budget: €%{customdata[2]:,.0f}<extra></extra>")
    assert "Time elapsed: %{x:,.0f}%" in by_name["Over-spent"].hovertemplate
    assert list(by_name["Far behind time"].x) == [90.0] and list(by_name["Far behind time"].y) == [30.0]
    assert list(by_name["Spending at the pace of time"].x) == [0, 100]
    assert figure.layout.xaxis.ticksuffix == "%"  # "20%" in English, "20 %" in French, as Babel writes them
    assert charts.burn_scatter(frame, "fr", "EUR").layout.yaxis.ticksuffix == "\u00a0%"
    french = {trace.name: trace for trace in charts.burn_scatter(frame, "fr", "EUR").data}
    assert "%{customdata[2]:,.0f}\u00a0€" in next(trace for trace in french.values() if trace.hovertemplate
                                                   ).hovertemplate


def test_plotly_templates_follow_babel() -> None:
    from dashboard.presenting.formatting import format_money, plotly_money_template, plotly_rate_template

    assert plotly_money_template("y", "EUR", "en") == "€%{y:,.0f}" and format_money(1234, "EUR", "en") == "€1,234"
    assert plotly_money_template("y", "EUR", "fr") == "%{y:,.0f}\u00a0€"
    assert plotly_rate_template("x", "fr") == "%{x:,.0f}\u00a0%"


def test_money_bars_fold_the_tail_into_others() -> None:
    frame = pd.DataFrame({"name": [f"F{i}" for i in range(20)], "budget": [float(100 - i) for i in range(20)],
                          "consumed": [1.0] * 20})
    figure = charts.money_bars(frame, "name", "en", "EUR", title="By funder", limit=15)
    budget = figure.data[0]
    assert len(budget.y) == 15
    assert budget.y[0] == "6 others"
    assert sum(budget.x) == pytest.approx(frame["budget"].sum())


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_money_bars_name_the_others_instead_of_letting_them_flatten_every_bar(lang: str) -> None:
    """863 funders of about 6 M each: added up, the 848 smaller ones (5 G) would draw the 15 largest as slivers.
    The chart draws the 15 largest alone and its title says what the rest add up to."""
    frame = pd.DataFrame({"name": [f"Funder {i}" for i in range(863)],
                          "budget": [6_000_000.0 + 1_000 * (863 - i) for i in range(863)],
                          "consumed": [5_000_000.0] * 863})
    figure = charts.money_bars(frame, "name", lang, "EUR", title=t("figure.by_funder_title", lang))
    budget = figure.data[0]
    assert len(budget.y) == 15 and "Funder 0" in budget.y and not any("other" in name for name in budget.y)
    shown = " ".join(re.sub("<[^>]+>", " ", figure.layout.title.text).split())  # the title as it reads
    rest = frame.iloc[15:]
    title = t("figure.largest_of", lang, title=t("figure.by_funder_title", lang), shown=15, total=863)
    note = t("figure.others_not_drawn", lang, count=848, budget=format_money(rest["budget"].sum(), "EUR", lang),
             consumed=format_money(rest["consumed"].sum(), "EUR", lang))
    assert shown == " ".join(title.split()) + " " + " ".join(note.split())  # spaces as wrapping leaves them


def test_indicator_trend_draws_baseline_and_target() -> None:
    values = pd.DataFrame({
        "period_end": [dt.date(2024, 12, 31), dt.date(2025, 12, 31)],
        "actual": [10.0, 15.0], "actual_to_date": [10.0, 25.0],
    })
    indicator = pd.Series({"project_code": "P", "code": "I1", "name": "Trained", "unit": "people",
                           "cumulative": False, "baseline_value": 0.0, "target_value": 40.0})
    figure = charts.indicator_trend(values, indicator, "en")
    assert [trace.name for trace in figure.data] == ["Value of the period", "Value to date"]
    assert list(figure.data[1].y) == [10.0, 25.0]
    levels = sorted(shape.y0 for shape in figure.layout.shapes)
    assert levels == [0.0, 40.0]
    assert any("Target: 40" in annotation.text for annotation in figure.layout.annotations)


def test_status_bars_follow_the_legend_colours() -> None:
    assessments = pd.DataFrame({"project_code": ["A", "A", "B"], "status": ["on_track", "off_track", "not_reporting"]})
    figure = charts.status_bars(assessments, "en")
    colours = {trace.name: trace.marker.color for trace in figure.data}
    assert colours["On track"] == charts.STATUS_COLOURS["on_track"]
    assert colours["Off track"] == charts.RED
    on_track = next(trace for trace in figure.data if trace.name == "On track")
    assert dict(zip(on_track.y, on_track.x, strict=True)) == {"B": 0, "A": 1}


def test_long_lists_are_cut_and_say_so() -> None:
    many = pd.DataFrame({
        "label": [f"P{i:03d}" for i in range(60)], "budget": [100.0] * 60, "consumed": [float(i) for i in range(60)],
        "balance": [100.0 - i for i in range(60)], "execution_rate": [i / 100 for i in range(60)],
        "overspent": [False] * 60,
    })
    figure = charts.execution_bars(many, "en", "EUR")
    assert len(figure.data[0].y) == charts.MAX_BARS
    assert figure.layout.title.text.replace("<br>", " ") == "Budget consumed — first 25 of 60"
    statuses = pd.DataFrame({"project_code": [f"P{i:03d}" for i in range(40)] + ["P039"],
                             "status": ["on_track"] * 40 + ["off_track"]})
    status_figure = charts.status_bars(statuses, "en")
    shown = set(status_figure.data[0].y)
    assert len(shown) == charts.MAX_BARS and "P039" in shown  # the project with an issue is kept
    assert status_figure.layout.title.text.replace("<br>", " ").endswith("first 25 of 40")


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_titles_wrap_and_legends_sit_under_the_plot_so_they_never_meet(lang: str) -> None:
    """Issue 17: the legend drawn above the plot grew over the title when it wrapped at a narrow width, and a
    long title was clipped (Plotly never wraps one). Every builder: the title in lines a half-width chart
    holds, the legend under the plot at a fixed distance in pixels, the top margin made for the title's lines."""
    statuses = pd.DataFrame({"project_code": [f"P{i:03d}" for i in range(40)],
                             "status": ["on_track", "at_risk", "off_track", "not_reporting"] * 10})
    trend = pd.DataFrame({"period_end": [dt.date(2025, 6, 30), dt.date(2025, 12, 31)], "median": [40.0, 55.0],
                          "q1": [20.0, 30.0], "q3": [60.0, 70.0], "indicators": [5, 6]})
    values = pd.DataFrame({"period_end": [dt.date(2024, 12, 31)], "actual": [10.0], "actual_to_date": [10.0]})
    indicator = pd.Series({"project_code": "REG-C1.1", "code": "PART", "name": "Participants aux ateliers régionaux "
                           "organisés dans les pays du Pacifique", "unit": "personnes", "cumulative": False,
                           "baseline_value": 0.0, "target_value": 330.0})
    figures = [charts.status_bars(statuses, lang), charts.portfolio_progress(trend, lang),
               charts.indicator_trend(values, indicator, lang), charts.execution_bars(_variance(), lang, "EUR"),
               charts.money_bars(pd.DataFrame({"name": ["A"], "budget": [1.0], "consumed": [1.0]}), "name", lang,
                                 "EUR", title="Budget et consommé par financeur et par année de signature")]
    for figure in figures:
        lines = figure.layout.title.text.split("<br>")
        assert all(len(line) <= charts.TITLE_LINE_CHARS or " " not in line for line in lines), lines
        assert figure.layout.margin.t >= charts.TITLE_LINE_PX * len(lines)
        legend = figure.layout.legend
        assert (legend.yanchor, legend.x, legend.xanchor) == ("top", 0, "left")
        plot_height = figure.layout.height - figure.layout.margin.t - figure.layout.margin.b
        assert legend.y * plot_height == pytest.approx(-charts.LEGEND_GAP_PX)
    assert figures[0].layout.title.text.replace("<br>", " ") == t("figure.status_title", lang) + (
        " — first 25 of 40" if lang == "en" else " — 25 premiers sur 40")


def test_the_trend_chart_writes_its_dates_in_the_reader_s_language() -> None:
    """Plotly's own date ticks are English only ("Jan 2026" on a French page): the product writes them."""
    values = pd.DataFrame({"period_end": pd.to_datetime(["2026-01-31", "2026-06-30"]), "actual": [52.0, 61.0],
                           "actual_to_date": [52.0, 61.0]})
    indicator = pd.Series({"unit": "%", "cumulative": True, "baseline_value": 40.0, "target_value": 80.0,
                           "project_code": "HUNT-1", "code": "RATE-1", "name": "Share of households"})
    french = charts.indicator_trend(values, indicator, "fr")
    english = charts.indicator_trend(values, indicator, "en")
    assert list(french.layout.xaxis.ticktext) == ["31/01/2026", "30/06/2026"]
    assert list(english.layout.xaxis.ticktext) == ["31 Jan 2026", "30 Jun 2026"]
    assert list(french.data[0].hovertext) == ["31/01/2026: 52 %", "30/06/2026: 61 %"]
