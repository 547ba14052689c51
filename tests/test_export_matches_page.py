"""Exported figures equal what the page shows: each table's download (raw numbers, under the same translated
headers) formats back to exactly the text the page displays, row by row, in both languages."""

from __future__ import annotations

import datetime as dt
import math

import pandas as pd
import pytest
from sqlalchemy.engine import Engine

from dashboard.presenting import tables
from dashboard.presenting.formatting import MISSING, format_date, format_money, format_number, format_rate
from dashboard.queries.filters import PortfolioFilter
from dashboard.queries.indicators import indicator_assessments
from dashboard.queries.money import GROUPINGS
from tests import page_figures
from tests.conftest import DEMO_TODAY


def _missing(value: object) -> bool:
    return value is None or value is pd.NaT or (isinstance(value, float) and math.isnan(value))


def _renderings(raw: object, lang: str, currencies: set[str]) -> set[str]:
    """Every way the project's formatters may show ``raw`` on a page."""
    if _missing(raw):
        return {MISSING, ""}
    if isinstance(raw, dt.date):
        return {format_date(raw, lang)}
    if isinstance(raw, bool | str):
        return {str(raw)}
    value = float(raw)  # type: ignore[arg-type]
    shown = {format_money(value, currency, lang) for currency in currencies}
    shown |= {format_rate(value, lang, decimals=decimals) for decimals in (0, 1)}
    shown |= {format_rate(value / 100, lang, decimals=decimals) for decimals in (0, 1)}
    shown |= {format_number(value, lang, decimals=decimals) for decimals in (0, 1, 2)}
    shown |= {format_number(value * 100, lang) + " pts"}
    return shown


def _assert_same_figures(shown: pd.DataFrame, exported: pd.DataFrame, lang: str, currencies: set[str]) -> None:
    assert len(shown) == len(exported)
    for shown_header, exported_header in zip(shown.columns, exported.columns, strict=True):
        # the export names its currency in the header ("Budget (EUR)"); otherwise the same header
        assert exported_header.startswith(shown_header), (shown_header, exported_header)
        for row, (text, raw) in enumerate(zip(shown[shown_header], exported[exported_header], strict=True)):
            if isinstance(raw, str) or raw == text:
                assert raw == text, (shown_header, row, text, raw)
                continue
            assert not isinstance(raw, str), (shown_header, row, raw)
            assert text in _renderings(raw, lang, currencies), (shown_header, row, text, raw)


@pytest.mark.parametrize("lang", ["en", "fr"])
@pytest.mark.parametrize("group_by", list(GROUPINGS))
def test_variance_download_equals_the_table(demo_engine: Engine, group_by: str, lang: str) -> None:
    frame = page_figures.variance(demo_engine, portfolio_filter=PortfolioFilter(), group_by=group_by,
                                    as_of=DEMO_TODAY)
    assert len(frame) > 0
    _assert_same_figures(tables.variance_table(frame, group_by, lang, "EUR"),
                         tables.variance_table(frame, group_by, lang, "EUR", export=True), lang, {"EUR"})


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_burn_cofinancing_and_indicator_downloads_equal_their_tables(demo_engine: Engine, lang: str) -> None:
    everything = PortfolioFilter()
    burn = page_figures.burn(demo_engine, portfolio_filter=everything, as_of=DEMO_TODAY)
    _assert_same_figures(tables.burn_table(burn, lang, "EUR"),
                         tables.burn_table(burn, lang, "EUR", export=True), lang, {"EUR"})
    funding = page_figures.funding(demo_engine, portfolio_filter=everything, as_of=DEMO_TODAY)
    currencies = set(funding["currency"].dropna())
    _assert_same_figures(tables.cofinancing_table(funding, lang),
                         tables.cofinancing_table(funding, lang, export=True), lang, currencies)
    assessed = indicator_assessments(demo_engine, portfolio_filter=everything, as_of=DEMO_TODAY)
    _assert_same_figures(tables.assessment_table(assessed, lang),
                         tables.assessment_table(assessed, lang, export=True), lang, {"EUR"})


def test_the_comparison_catches_a_different_figure() -> None:
    shown = pd.DataFrame({"Budget": ["€443,008"]})
    with pytest.raises(AssertionError):
        _assert_same_figures(shown, pd.DataFrame({"Budget (EUR)": [443009.0]}), "en", {"EUR"})
    _assert_same_figures(shown, pd.DataFrame({"Budget (EUR)": [443008.0]}), "en", {"EUR"})
