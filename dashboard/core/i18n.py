"""Interface strings in English and French.

Each concern keeps its strings in its own module under ``dashboard/core/messages/`` as
``MESSAGES = {"key": {"en": "...", "fr": "..."}}``; this module merges them. Strings use ``str.format``
placeholders (``{count}``). ``tests/test_i18n.py`` fails when a key used in the code has no entry or an
entry lacks a language.

Numbers inside a message follow one rule, here in ``t`` (see ``written``): callers pass numbers as numbers
(``count=1234``, ``amount=Amount(1234.5)``, ``share=Percent(52)``) and ``t`` writes them as the reader's
language does: ``1,234.5`` / ``1 234,5``, ``52%`` / ``52 %``. Positions and names that happen to be digits (a
row or line of a file, an import batch, a record id, a year) are not quantities: placeholders named in
``DIGITS_ONLY`` are written with their digits only (row 1234, batch #1234, 2026), so a person finds them as the
file and the history show them. A value quoted from a file (what the person typed) is passed as text and shown
as typed; ``{value!r}`` also writes a number as Python does (configuration values, as written).
"""

from __future__ import annotations

import importlib
import math
import numbers
import pkgutil
import string
from collections.abc import Mapping, Sequence
from decimal import Decimal
from functools import lru_cache
from typing import Any

from babel import Locale
from babel.numbers import format_decimal

import dashboard.core.messages

LANGUAGES: tuple[str, ...] = ("en", "fr")
DEFAULT_LANGUAGE = "en"
LANGUAGE_NAMES = {"en": "English", "fr": "Français"}
# The Babel locale of each language. English readers here are mostly Pacific and British: day before month,
# "22 Nov 2026".
LOCALES = {"en": "en_GB", "fr": "fr_FR"}


@lru_cache(maxsize=1)
def catalogue() -> dict[str, dict[str, str]]:
    merged: dict[str, dict[str, str]] = {}
    for module_info in pkgutil.iter_modules(dashboard.core.messages.__path__):
        module = importlib.import_module(f"dashboard.core.messages.{module_info.name}")
        for key, entry in getattr(module, "MESSAGES", {}).items():
            if key in merged and merged[key] != entry:
                raise ValueError(f"message key {key!r} is defined twice with different texts")
            merged[key] = entry
    return merged


def normalise_language(lang: str | None) -> str:
    lang = (lang or DEFAULT_LANGUAGE).lower()[:2]
    return lang if lang in LANGUAGES else DEFAULT_LANGUAGE


def locale_for(lang: str | None) -> str:
    """The Babel locale name for ``lang`` (``en_GB``, ``fr_FR``)."""
    return LOCALES[normalise_language(lang)]


# Placeholders whose numbers are positions or names, not quantities: written with their digits only, never
# grouped (a person looks for row 1234 of their file, line 1234 of an XML file, batch #1234 of the history,
# record or partner id 12345, column 1234, the year 2026).
DIGITS_ONLY = frozenset({"row", "first_row", "line", "batch", "id", "record", "position", "year"})


class Amount(float):
    """An amount of money in a message: to the cent, two decimals unless whole (``1,234.50`` / ``1 234,50``,
    ``1,234`` / ``1 234``), never shortened (``1.23457e+06``). The currency is the message's own placeholder."""


class Percent(float):
    """A figure already in percent (52, not 0.52) in a message, with the language's percent sign and spacing:
    ``52.5%`` / ``52,5 %``."""


class Phrase(tuple[object, ...]):
    """Text made of parts, some of them numbers, written by the rule of the message it fills: a value built
    before the reader's language is known (a note's list of budget lines, "Personnel, 2026-01-01 – 2026-12-31,
    12,500 EUR") keeps its numbers as numbers until ``t`` writes it. ``Phrase("Personnel, ", 12500.0, " EUR")``."""

    def __new__(cls, *parts: object) -> Phrase:
        return super().__new__(cls, parts)

    def __getnewargs__(self) -> tuple[object, ...]:  # pickled and copied as its parts
        return tuple(self)

    def __str__(self) -> str:  # logs and English fallbacks
        return written(self, DEFAULT_LANGUAGE)


def is_number(value: object) -> bool:
    """Whether ``value`` is a number ``t`` writes by the rule (ints, floats, numpy scalars, Decimal; not bool)."""
    return isinstance(value, numbers.Real | Decimal) and not isinstance(value, bool)


@lru_cache(maxsize=8)
def _locale(lang: str) -> Locale:
    return Locale.parse(locale_for(lang))


def _exact(value: numbers.Real | Decimal) -> Decimal | int:
    """The number as Babel should write it: a whole number as an int, a float as its shortest repr (what
    ``str`` shows: 0.1, not 0.1000000000000000055511151231257827)."""
    if isinstance(value, Decimal):
        return value
    number = float(value)
    return int(number) if number.is_integer() else Decimal(repr(number))


def written(value: object, lang: str | None = None) -> str:
    """A value as a message shows it in ``lang``: the one rule for numbers people read in messages.

    - a number (int, float, numpy scalar, Decimal): grouped thousands and the language's decimal mark, with the
      decimals it carries and no more (``1234.5`` → ``1,234.5`` / ``1 234,5``; ``2.0`` → ``2``); round a
      computed figure where it is computed;
    - an ``Amount``: two decimals unless whole (``1,234.50`` / ``1 234,50``);
    - a ``Percent``: the language's percent sign (``52%`` / ``52 %``);
    - a ``Phrase``: its parts written by this rule, joined;
    - anything else: ``str(value)`` (texts, dates already written, codes).
    Infinite and NaN are written as Python writes them. French groups with Babel's narrow no-break space
    (U+202F), as ``presenting.formatting`` does."""
    lang = normalise_language(lang)
    if isinstance(value, Phrase):
        return "".join(written(part, lang) for part in value)
    if not isinstance(value, numbers.Real | Decimal) or isinstance(value, bool) or not math.isfinite(value):
        return str(value)
    locale = _locale(lang)
    if isinstance(value, Amount):
        cents = round(float(value), 2)
        return format_decimal(cents, format="#,##0" if cents.is_integer() else "#,##0.00", locale=locale)
    # decimal_quantization=False: every decimal the value carries, none added
    text = format_decimal(_exact(value), format="#,##0.###", locale=locale, decimal_quantization=False)
    if isinstance(value, Percent):
        sign, digits = ("-", text[1:]) if text.startswith("-") else ("", text)
        return sign + locale.percent_formats[None].pattern.replace("#,##0", digits, 1)  # "#,##0%" / "#,##0\u00a0%"
    return text


class _MessageFormatter(string.Formatter):
    """``str.format`` with numbers written by ``written`` in one language (``DIGITS_ONLY`` names digits only).
    A conversion (``{value!r}``) is applied first and so writes the number as Python does; a format spec on a
    number (none in the catalogue: ``tests/test_message_numbers.py``) keeps Python's meaning."""

    def __init__(self, lang: str) -> None:
        self.lang = lang

    def get_value(self, key: int | str, args: Sequence[Any], kwargs: Mapping[str, Any]) -> Any:
        value = super().get_value(key, args, kwargs)
        if key in DIGITS_ONLY and is_number(value):
            return str(_exact(value))  # row 1234, batch #1234, 2026: digits only
        return value

    def format_field(self, value: object, format_spec: str) -> str:
        if not format_spec and (is_number(value) or isinstance(value, Phrase)):
            return written(value, self.lang)
        return super().format_field(value, format_spec)


def t(key: str, lang: str | None = None, /, **values: object) -> str:
    """The text for ``key`` in ``lang``, with ``values`` filled in; numbers among them are written by the
    language (``written``, ``DIGITS_ONLY``; see the module's docstring).

    A missing key raises: an untranslated string must fail the tests, not reach a user as a raw key.
    """
    lang = normalise_language(lang)
    text = catalogue()[key][lang]
    if not values:
        return text
    if not any(is_number(value) or isinstance(value, Phrase) for value in values.values()):
        return text.format(**values)  # the common case, at str.format's speed
    return _MessageFormatter(lang).vformat(text, (), values)


def t_count(key: str, lang: str | None, number: float, /, **values: object) -> str:
    """The text for ``key`` agreeing with ``number``: ``key + ".one"`` where the language's plural rule (CLDR,
    through Babel) calls ``number`` singular and that entry exists, else ``key``. French counts 0 and 1 as
    singular, English only 1, so "1 problème" and "0 problème" but "0 problems"."""
    singular = f"{key}.one"
    if singular in catalogue() and Locale.parse(locale_for(lang)).plural_form(number) == "one":
        key = singular
    return t(key, lang, **values)
