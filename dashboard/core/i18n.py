"""Interface strings in English and French.

Each concern keeps its strings in its own module under ``dashboard/core/messages/`` as
``MESSAGES = {"key": {"en": "...", "fr": "..."}}``; this module merges them. Strings use ``str.format``
placeholders (``{count}``). ``tests/test_i18n.py`` fails when a key used in the code has no entry or an
entry lacks a language.
"""

from __future__ import annotations

import importlib
import pkgutil
from functools import lru_cache

from babel import Locale

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


def t(key: str, lang: str | None = None, /, **values: object) -> str:
    """The text for ``key`` in ``lang``, with ``values`` filled in.

    A missing key raises: an untranslated string must fail the tests, not reach a user as a raw key.
    """
    entry = catalogue()[key]
    text = entry[normalise_language(lang)]
    return text.format(**values) if values else text


def t_count(key: str, lang: str | None, number: float, /, **values: object) -> str:
    """The text for ``key`` agreeing with ``number``: ``key + ".one"`` where the language's plural rule (CLDR,
    through Babel) calls ``number`` singular and that entry exists, else ``key``. French counts 0 and 1 as
    singular, English only 1, so "1 problème" and "0 problème" but "0 problems"."""
    singular = f"{key}.one"
    if singular in catalogue() and Locale.parse(locale_for(lang)).plural_form(number) == "one":
        key = singular
    return t(key, lang, **values)
