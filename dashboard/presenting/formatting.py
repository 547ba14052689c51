"""Numbers, money, percentages and dates as people read them, by locale, through Babel."""

from __future__ import annotations

import datetime as dt
import math
import re
from functools import lru_cache

from babel import Locale
from babel.dates import format_date as babel_format_date
from babel.dates import format_datetime as babel_format_datetime
from babel.dates import format_skeleton, get_date_format
from babel.numbers import (
    NumberPattern,
    format_currency,
    format_decimal,
    format_percent,
    get_decimal_symbol,
    get_group_symbol,
    parse_pattern,
)

from dashboard.core.i18n import LOCALES, locale_for, normalise_language

DATE_PATTERNS = {"en": "d MMM yyyy", "fr": "dd/MM/yyyy"}
MISSING = "–"


# Parsed once: Babel otherwise parses the locale and the pattern on every call, which is most of the time a
# table of 10 000 formatted amounts takes.
@lru_cache(maxsize=8)
def _locale(lang: str | None) -> Locale:
    return Locale.parse(locale_for(lang))


@lru_cache(maxsize=64)
def _pattern(pattern: str) -> NumberPattern:
    return parse_pattern(pattern)


def _missing(value: object) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def format_money(amount: float | None, currency: str, lang: str | None = None, *, cents: bool = False) -> str:
    """``€1,234`` / ``1 234 €``; cents only when asked (portfolio figures read better whole)."""
    if amount is None or _missing(amount):
        return MISSING
    pattern = None if cents else "¤#,##0;-¤#,##0"
    if not cents and normalise_language(lang) == "fr":
        # a no-break space, as Babel's own French pattern uses, so "€" never wraps onto the next line
        pattern = "#,##0\u00a0¤;-#,##0\u00a0¤"
    return format_currency(
        amount, currency, format=_pattern(pattern) if pattern else None, locale=_locale(lang), currency_digits=cents
    )


def format_number(value: float | None, lang: str | None = None, *, decimals: int = 0) -> str:
    if value is None or _missing(value):
        return MISSING
    pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
    return format_decimal(value, format=_pattern(pattern), locale=_locale(lang))


def format_rate(fraction: float | None, lang: str | None = None, *, decimals: int = 0) -> str:
    """A fraction as a percentage: 1.1205 → ``112%`` / ``112 %``."""
    if fraction is None or _missing(fraction):
        return MISSING
    locale = _locale(lang)
    pattern = locale.percent_formats[None].pattern  # "#,##0%" in English, "#,##0\u202f%" in French
    if decimals:
        pattern = pattern.replace("#,##0", "#,##0." + "0" * decimals, 1)
    return format_percent(fraction, format=_pattern(pattern), locale=locale)


def format_date(value: dt.date | None, lang: str | None = None) -> str:
    """``22 Nov 2026`` / ``22/11/2026``."""
    if value is None:
        return MISSING
    lang = normalise_language(lang)
    return babel_format_date(value, DATE_PATTERNS[lang], locale=LOCALES[lang])


# The product owns the compact spelling rather than taking CLDR's data of the day: Babel 2.19 turned en_GB's
# "€1.2M" into "€1.2m", and a board paper must not change its spelling with a library upgrade. Upper-case K, M
# and B in English (as the tiles and briefings have always read); k, M and Md in French, as the Banque de
# France and INSEE write them.
COMPACT_SUFFIXES: dict[str, tuple[str, ...]] = {"en": ("", "K", "M", "B", "T"), "fr": ("", "k", "M", "Md", "Bn")}


def _compact_parts(value: float, lang: str) -> tuple[float, str]:
    """``value`` scaled to thousands, millions… with the suffix, rounded to one decimal first so that
    999 960 reads ``1M`` rather than ``1,000K``."""
    suffixes = COMPACT_SUFFIXES[lang]
    magnitude = 0
    scaled = float(value)
    while abs(round(scaled, 1)) >= 1000 and magnitude < len(suffixes) - 1:
        scaled /= 1000
        magnitude += 1
    return round(scaled, 1), suffixes[magnitude]


def _compact_pattern(suffix: str, lang: str, *, currency: bool) -> str:
    number = "#,##0.#"
    if lang == "fr":
        # no-break spaces, as Babel's French patterns use, so "M" and "€" never wrap away from the digits
        tail = (f"\u00a0'{suffix}'" if suffix else "") + ("\u00a0¤" if currency else "")
        return number + tail
    return ("¤" if currency else "") + number + (f"'{suffix}'" if suffix else "")


def format_compact_money(amount: float | None, currency: str, lang: str | None = None) -> str:
    """Short amounts for chart labels and tiles: ``€1.2M`` / ``1,2 M €``; ``€443K`` / ``443 k €``.

    One decimal at most; suffixes from :data:`COMPACT_SUFFIXES` (the product's rule, not CLDR's)."""
    if amount is None or _missing(amount):
        return MISSING
    lang = normalise_language(lang)
    scaled, suffix = _compact_parts(float(amount), lang)
    pattern = _pattern(_compact_pattern(suffix, lang, currency=True))
    return format_currency(scaled, currency, format=pattern, locale=_locale(lang), currency_digits=False)


def format_compact_number(value: float | None, lang: str | None = None) -> str:
    """``1.2M`` / ``1,2 M`` (suffixes from :data:`COMPACT_SUFFIXES`)."""
    if value is None or _missing(value):
        return MISSING
    lang = normalise_language(lang)
    scaled, suffix = _compact_parts(float(value), lang)
    pattern = _pattern(_compact_pattern(suffix, lang, currency=False))
    return format_decimal(scaled, format=pattern, locale=_locale(lang))


def format_month(value: dt.date | None, lang: str | None = None) -> str:
    """Month and year for chart axes and periods: ``Nov 2026`` / ``nov. 2026``."""
    if value is None:
        return MISSING
    return format_skeleton("yMMM", value, locale=locale_for(lang))


def format_long_date(value: dt.date | None, lang: str | None = None) -> str:
    """For headings and the briefing: ``22 November 2026`` / ``22 novembre 2026``."""
    if value is None:
        return MISSING
    return babel_format_date(value, "long", locale=locale_for(lang))


def format_datetime(value: dt.datetime | None, lang: str | None = None) -> str:
    """``22 Nov 2026, 14:05`` / ``22/11/2026 14:05`` in the time zone the value carries."""
    if value is None:
        return MISSING
    lang = normalise_language(lang)
    pattern = DATE_PATTERNS[lang] + (", HH:mm" if lang == "en" else " HH:mm")
    return babel_format_datetime(value, pattern, tzinfo=value.tzinfo, locale=LOCALES[lang])


def decimal_symbol(lang: str | None = None) -> str:
    """``.`` / ``,``: for widgets and exports that must match the reader's locale."""
    return get_decimal_symbol(locale_for(lang))


def group_symbol(lang: str | None = None) -> str:
    return get_group_symbol(locale_for(lang))


def plotly_separators(lang: str | None = None) -> str:
    """Plotly's ``layout.separators`` (decimal mark then thousands mark), so chart ticks and hovers read
    ``1 234,5`` in French and ``1,234.5`` in English."""
    group = group_symbol(lang)
    # Plotly draws the group mark as given; a narrow no-break space renders badly in some fonts, use a
    # plain no-break space instead.
    return decimal_symbol(lang) + ("\u00a0" if group.isspace() else group)


_FORMATTED_NUMBER = re.compile(r"\d(?:[\d\s,.\u00a0\u202f]*\d)?")


def _plotly_template(sample: str, field: str, d3_format: str) -> str:
    """Babel's rendering of a sample with its number replaced by a Plotly hover field: the symbol, its side
    and its spacing stay Babel's, the digits are drawn by the browser with ``layout.separators``."""
    return _FORMATTED_NUMBER.sub(lambda _match: f"%{{{field}:{d3_format}}}", sample, count=1)


def plotly_money_template(field: str, currency: str, lang: str | None = None) -> str:
    """A hover template piece showing ``field`` as ``format_money`` would (``€1,234`` / ``1 234 €``), so a
    chart of 10 000 points need not format 10 000 amounts on the server."""
    return _plotly_template(format_money(1234567, currency, lang), field, ",.0f")


def plotly_rate_template(field: str, lang: str | None = None) -> str:
    """A hover template piece showing ``field`` (already in per cent) as ``format_rate`` would (``50%`` /
    ``50 %``)."""
    return _plotly_template(format_rate(0.5, lang), field, ",.0f")


def percent_suffix(lang: str | None = None) -> str:
    """What follows the digits of a percentage in the reader's language (``%`` / ``\u00a0%``), for axis ticks."""
    return format_rate(0.5, lang).split("50", 1)[1]


def date_input_format(lang: str | None = None) -> str:
    """The ``format`` for ``st.date_input`` in the reader's locale (Babel's short date, day first in en_GB and
    fr_FR): ``DD/MM/YYYY``. Streamlit accepts only YYYY, MM and DD with one separator."""
    pattern = get_date_format("short", locale=locale_for(lang)).pattern  # "dd/MM/y"
    separator = next((char for char in pattern if char in "/.-"), "/")
    order = [part for part in re.split(r"[/.\-]", pattern) if part]
    names = {"d": "DD", "M": "MM", "y": "YYYY"}
    parts = [names[part[0]] for part in order if part[:1] in names]
    return separator.join(parts) if sorted(parts) == ["DD", "MM", "YYYY"] else "YYYY/MM/DD"
