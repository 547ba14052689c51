"""Numbers, money and dates come out as a reader of each language expects (Babel's CLDR data, not by hand).

French typography puts a narrow no-break space (U+202F) between thousands and a no-break space (U+00A0)
before the currency sign or the percent sign; on screen ``1\u202f234,56\u00a0€`` reads ``1 234,56 €``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest

from dashboard.presenting.formatting import (
    MISSING,
    date_input_format,
    format_compact_money,
    format_compact_number,
    format_date,
    format_datetime,
    format_long_date,
    format_money,
    format_month,
    format_number,
    format_rate,
    plotly_separators,
)

NNBSP = "\u202f"  # narrow no-break space: French thousands separator
NBSP = "\u00a0"  # no-break space: before € and %


def visible(text: str) -> str:
    """What a reader sees: both kinds of no-break space look like a space."""
    return text.replace(NNBSP, " ").replace(NBSP, " ")


def test_money_with_cents_reads_as_each_language_writes_it() -> None:
    assert format_money(1234.56, "EUR", "en", cents=True) == "€1,234.56"
    assert format_money(1234.56, "EUR", "fr", cents=True) == f"1{NNBSP}234,56{NBSP}€"
    assert visible(format_money(1234.56, "EUR", "fr", cents=True)) == "1 234,56 €"


def test_whole_money_keeps_the_sign_and_never_wraps_the_currency() -> None:
    # REG-C1.1 of the demo portfolio: budget 443 008, balance −53 399
    assert format_money(443008, "EUR", "en") == "€443,008"
    assert format_money(443008, "EUR", "fr") == f"443{NNBSP}008{NBSP}€"
    assert format_money(-53399, "EUR", "en") == "-€53,399"
    assert format_money(-53399, "EUR", "fr") == f"-53{NNBSP}399{NBSP}€"
    assert format_money(1234.5, "EUR", "en") == "€1,234"  # rounded half to even, as Babel does
    assert " " not in format_money(1_234_567, "EUR", "fr")  # no breakable space anywhere


def test_other_currencies_keep_their_own_symbol_and_digits() -> None:
    assert format_money(1234.56, "USD", "en", cents=True) == "US$1,234.56"
    assert format_money(1234.56, "USD", "fr", cents=True) == f"1{NNBSP}234,56{NBSP}$US"
    # The CFP franc has no minor unit: no decimals even with cents asked for
    assert format_money(119332, "XPF", "fr", cents=True) == f"119{NNBSP}332{NBSP}FCFP"


def test_dates_day_before_month_in_both_languages() -> None:
    day = dt.date(2026, 11, 22)
    assert format_date(day, "en") == "22 Nov 2026"
    assert format_date(day, "fr") == "22/11/2026"
    assert format_long_date(day, "en") == "22 November 2026"
    assert format_long_date(day, "fr") == "22 novembre 2026"
    assert format_month(day, "en") == "Nov 2026"
    assert format_month(day, "fr") == "nov. 2026"


def test_date_and_time_shows_the_clock_of_the_value() -> None:
    moment = dt.datetime(2026, 11, 22, 14, 5, tzinfo=dt.UTC)
    assert format_datetime(moment, "en") == "22 Nov 2026, 14:05"
    assert format_datetime(moment, "fr") == "22/11/2026 14:05"


def test_numbers_and_rates() -> None:
    assert format_number(1234567.891, "en", decimals=2) == "1,234,567.89"
    assert format_number(1234567.891, "fr", decimals=2) == f"1{NNBSP}234{NNBSP}567,89"
    assert format_rate(1.1205, "en") == "112%"
    assert format_rate(1.1205, "fr") == f"112{NBSP}%"
    assert format_rate(0.4567, "fr", decimals=1) == f"45,7{NBSP}%"


def test_compact_figures_for_tiles_and_chart_labels() -> None:
    assert format_compact_money(1_234_567, "EUR", "en") == "€1.2M"
    assert visible(format_compact_money(1_234_567, "EUR", "fr")) == "1,2 M €"
    assert format_compact_money(443_008, "EUR", "en") == "€443K"
    assert visible(format_compact_money(443_008, "EUR", "fr")) == "443 k €"
    assert format_compact_number(2_500_000, "en") == "2.5M"
    assert visible(format_compact_number(2_500_000, "fr")) == "2,5 M"


def test_compact_spelling_is_the_products_own_rule() -> None:
    """Upper-case K/M/B in English, k/M/Md in French, whatever the CLDR data of the installed Babel says; a value
    that rounds up to the next magnitude takes its suffix; the sign stays in front."""
    assert format_compact_money(999_960, "EUR", "en") == "€1M"
    assert format_compact_money(-53_399, "EUR", "en") == "-€53.4K"
    assert visible(format_compact_money(-53_399, "EUR", "fr")) == "-53,4 k €"
    assert format_compact_money(2_500_000_000, "EUR", "en") == "€2.5B"
    assert visible(format_compact_money(2_500_000_000, "EUR", "fr")) == "2,5 Md €"
    assert format_compact_money(500, "EUR", "en") == "€500"
    assert format_compact_number(1_000, "en") == "1K"


def test_date_pickers_read_day_first_like_the_dates_shown() -> None:
    assert date_input_format("en") == "DD/MM/YYYY"
    assert date_input_format("fr") == "DD/MM/YYYY"


def test_chart_separators_follow_the_language() -> None:
    assert plotly_separators("en") == ".,"
    assert plotly_separators("fr") == f",{NBSP}"


@pytest.mark.parametrize(
    "call",
    [
        lambda: format_money(None, "EUR", "fr"),
        lambda: format_money(float("nan"), "EUR", "en"),
        lambda: format_number(None, "en"),
        lambda: format_rate(float("nan"), "fr"),
        lambda: format_date(None, "fr"),
        lambda: format_month(None, "en"),
        lambda: format_compact_money(None, "EUR", "en"),
    ],
)
def test_missing_values_show_a_dash_not_nan(call: Callable[[], str]) -> None:
    assert call() == MISSING


def test_unknown_language_falls_back_to_english() -> None:
    assert format_money(1234.56, "EUR", "de", cents=True) == "€1,234.56"
    assert format_date(dt.date(2026, 11, 22), None) == "22 Nov 2026"
