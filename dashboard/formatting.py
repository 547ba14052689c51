"""Numbers, money, percentages and dates as people read them, by locale, through Babel."""

from __future__ import annotations

import datetime as dt
import math

from babel import Locale
from babel.dates import format_date as babel_format_date
from babel.numbers import format_currency, format_decimal, format_percent

from dashboard.i18n import normalise_language

# English readers here are mostly Pacific and British: day before month, "22 Nov 2026".
LOCALES = {"en": "en_GB", "fr": "fr_FR"}
DATE_PATTERNS = {"en": "d MMM yyyy", "fr": "dd/MM/yyyy"}
MISSING = "–"


def locale_for(lang: str | None) -> str:
    return LOCALES[normalise_language(lang)]


def _missing(value: object) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def format_money(amount: float | None, currency: str, lang: str | None = None, *, cents: bool = False) -> str:
    """``€1,234`` / ``1 234 €``; cents only when asked (portfolio figures read better whole)."""
    if _missing(amount):
        return MISSING
    pattern = None if cents else "¤#,##0;-¤#,##0"
    if not cents and normalise_language(lang) == "fr":
        pattern = "#,##0 ¤;-#,##0 ¤"
    return format_currency(
        amount, currency, format=pattern, locale=locale_for(lang), currency_digits=cents
    )


def format_number(value: float | None, lang: str | None = None, *, decimals: int = 0) -> str:
    if _missing(value):
        return MISSING
    pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
    return format_decimal(value, format=pattern, locale=locale_for(lang))


def format_rate(fraction: float | None, lang: str | None = None, *, decimals: int = 0) -> str:
    """A fraction as a percentage: 1.1205 → ``112%`` / ``112 %``."""
    if _missing(fraction):
        return MISSING
    locale = Locale.parse(locale_for(lang))
    pattern = locale.percent_formats[None].pattern  # "#,##0%" in English, "#,##0\u202f%" in French
    if decimals:
        pattern = pattern.replace("#,##0", "#,##0." + "0" * decimals, 1)
    return format_percent(fraction, format=pattern, locale=locale)


def format_date(value: dt.date | None, lang: str | None = None) -> str:
    """``22 Nov 2026`` / ``22/11/2026``."""
    if value is None:
        return MISSING
    lang = normalise_language(lang)
    return babel_format_date(value, DATE_PATTERNS[lang], locale=LOCALES[lang])
