"""Cell values as people type them in spreadsheets, read into Python values.

Each parser takes the raw cell (text from a CSV, or the native value openpyxl gives for an .xlsx cell) and
returns the value, or raises ``CellError`` with a message key and the values the message needs. Fast paths
come first (plain ``float``/ISO dates), so a 100 000-row file is read quickly; the forgiving paths only run
for cells that need them.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache

import pycountry
from babel.numbers import NumberFormatError, parse_decimal

from dashboard.core.errors import TranslatableError
from dashboard.core.i18n import Percent
from dashboard.core.text import fold


class CellError(TranslatableError, ValueError):
    """A cell that cannot be read; ``import.<key>`` names the message in dashboard/core/messages/importing.py."""

    KEY_PREFIX = "import."


@dataclass(frozen=True)
class NumberStyle:
    """Which mark a file (or column) writes decimals with, when a cell alone does not say: a comma (True: French
    Excel, with semicolons between cells), a dot (False), or undecided (None: such cells are refused by name).
    ``dashboard.importing.numbers.FileNumbers`` decides it for each column from the whole file."""

    decimal_comma: bool | None = False


# Spaces used as thousands separators: plain, no-break, narrow no-break, thin, figure space, apostrophe (Swiss).
_GROUPING = str.maketrans("", "", " \u00a0\u202f\u2009\u2007'’_")
_CURRENCY_SIGNS = re.compile(r"[€$£¥₣]|\b(?:EUR|USD|AUD|NZD|XPF|FJD|WST|TOP|VUV|F\s?CFP|CFP)\b", re.IGNORECASE)
_MINUS_SIGNS = str.maketrans({"−": "-", "–": "-", "‒": "-"})
_PLAIN_NUMBER = re.compile(r"^\d+(\.\d+)?$|^\.\d+$")
# One mark followed by exactly three digits after one to three digits (not starting with 0): "443.008" is
# 443 008 where the dot groups thousands and 443.008 where it is the decimal mark. Every other way of writing
# a number says by itself which mark is the decimal one.
_AMBIGUOUS = re.compile(r"^[1-9]\d{0,2}[.,]\d{3}$")


def is_blank(raw: object) -> bool:
    if raw is None:
        return True
    if isinstance(raw, str):
        return not raw.strip()
    return isinstance(raw, float) and math.isnan(raw)


def _core(text: str) -> tuple[bool, bool, str]:
    """(negative, percent, digits with their marks) of a number as written: currency signs, spaces that group
    thousands, signs, accounting parentheses and trailing minus removed. Raises CellError("error.not_a_number")."""
    percent = "%" in text
    cleaned = _CURRENCY_SIGNS.sub("", text.replace("%", "")).translate(_MINUS_SIGNS).translate(_GROUPING)
    negative = False
    if cleaned.startswith("(") and cleaned.endswith(")"):
        negative, cleaned = True, cleaned[1:-1]
    if cleaned.startswith("-"):
        negative, cleaned = not negative, cleaned[1:]
    elif cleaned.startswith("+"):
        cleaned = cleaned[1:]
    if cleaned.endswith("-"):  # accounting exports write "1234-"
        negative, cleaned = not negative, cleaned[:-1]
    if not cleaned or not re.fullmatch(r"[\d.,]+", cleaned) or not any(char.isdigit() for char in cleaned):
        raise CellError("error.not_a_number")
    return negative, percent, cleaned


def _mark_of(core: str) -> str | None:
    """The decimal mark a number's digits show by themselves: "," or "." ("" when it has neither mark), None
    when it could be either (``_AMBIGUOUS``)."""
    dot, comma = "." in core, "," in core
    if dot and comma:  # the mark written last is the decimal one: 1.234,56 or 1,234.56
        return "," if core.rfind(",") > core.rfind(".") else "."
    if not dot and not comma:
        return ""
    mark, other = (".", ",") if dot else (",", ".")
    if core.count(mark) > 1:  # 1.250.000: the mark groups thousands
        return other
    return None if _AMBIGUOUS.match(core) else mark


def number_mark(raw: object) -> str | None:
    """The decimal mark a cell shows by itself ("," "." or "" for none), None when it is ambiguous; raises
    CellError("error.not_a_number") for what is not a number. Native numbers (.xlsx) show none."""
    if raw.__class__ is not str:
        return ""
    return _mark_of(_core(str(raw).strip())[2])


def parse_number(raw: object, style: NumberStyle = NumberStyle()) -> tuple[float, bool]:
    """A number and whether it was written as a percentage: ``443 008 €``, ``-1 234``, ``(1 234)``,
    ``1.234,56``, ``12 %``. A cell that does not say which mark is its decimal one (``443.008``) is read with
    ``style``'s, and refused as ambiguous when the style is undecided. The digits are read by Babel's
    locale-aware parser once the marks are known, which also checks the grouping (``1.23.456`` is refused).
    Raises CellError("error.not_a_number" or "error.ambiguous_number")."""
    if raw.__class__ is str:  # the usual cell (every CSV cell): none of the checks below
        text = raw.strip()
    else:
        if isinstance(raw, bool):
            raise CellError("error.not_a_number")
        if isinstance(raw, int | float):
            if isinstance(raw, float) and not math.isfinite(raw):
                raise CellError("error.not_a_number")
            return float(raw), False
        text = str(raw).strip()
    if "," not in text and " " not in text and (style.decimal_comma is False
                                                 or not _AMBIGUOUS.match(text.lstrip("+-"))):
        try:  # the common case: a plain number (float() reads neither commas nor spaces: spare French cells)
            value = float(text)
            if math.isfinite(value) and "_" not in text:
                return value, False
        except ValueError:
            pass
    if style.decimal_comma and "." not in text:  # French Excel: "443 008,50" without currency or sign games
        candidate = text.replace(" ", "").replace(",", ".", 1)  # plain spaces: cheaper than translate()
        if _PLAIN_NUMBER.match(candidate):
            return float(candidate), False
        candidate = text.translate(_GROUPING).replace(",", ".", 1)
        if _PLAIN_NUMBER.match(candidate):
            return float(candidate), False
    negative, percent, core = _core(text)
    mark = _mark_of(core)
    if mark is None:
        if style.decimal_comma is None:
            head, _mark, tail = core.partition("." if "." in core else ",")
            # text on purpose, not numbers for core.i18n.t: the message shows both readings side by side in
            # spellings that cannot be taken for each other ("443 008" or "443.008 / 443,008"), whatever the language
            raise CellError("error.ambiguous_number", value=text, thousands=f"{head} {tail}",
                            decimal=f"{head}.{tail} / {head},{tail}", thousands_plain=head + tail)
        mark = "," if style.decimal_comma else "."
    if mark == "":
        value = float(core)
    else:
        try:
            value = float(parse_decimal(core, locale="de_DE" if mark == "," else "en_US", strict=True))
        except NumberFormatError:
            raise CellError("error.not_a_number") from None
    if not math.isfinite(value):
        raise CellError("error.not_a_number")
    return (-value if negative else value), percent


_DAY_FIRST = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{2,4})$")
_ISO_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]00:00(?::00)?)?$")
_ISO_SLASH = re.compile(r"^(\d{4})/(\d{1,2})/(\d{1,2})$")


def parse_date(raw: object) -> dt.date:
    """ISO (2024-12-31) or day first (31/12/2024, 31.12.2024, 31-12-2024); never month first."""
    if isinstance(raw, dt.datetime):
        return raw.date()
    if isinstance(raw, dt.date):
        return raw
    if isinstance(raw, int | float):
        raise CellError("error.date_serial")
    text = str(raw).strip()
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        pass
    match = _ISO_DATE.match(text) or _ISO_SLASH.match(text)
    if match:
        year, month, day = (int(part) for part in match.groups())
    else:
        match = _DAY_FIRST.match(text)
        if not match:
            raise CellError("error.not_a_date")
        day, month, year = (int(part) for part in match.groups())
        if year < 100:
            raise CellError("error.two_digit_year")
        if month > 12 and day <= 12:
            # 12/25/2024: written month first; we never guess, we say how to write it.
            raise CellError("error.month_first", day=f"{month:02d}/{day:02d}/{year}")
        if month > 12:
            raise CellError("error.no_such_month", month=month)
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise CellError("error.impossible_date") from None


_TRUE = {"yes", "y", "oui", "o", "true", "vrai", "1", "x"}
_FALSE = {"no", "n", "non", "false", "faux", "0"}


def parse_bool(raw: object) -> bool:
    if isinstance(raw, bool):
        return raw
    if isinstance(raw, int | float) and raw in (0, 1):
        return bool(raw)
    folded = fold(str(raw))
    if folded in _TRUE:
        return True
    if folded in _FALSE:
        return False
    raise CellError("error.not_a_bool")


def choice_key(text: str) -> str:
    """How a choice is compared: folded, underscores as spaces ("Financial_support" = "financial support")."""
    return fold(text.replace("_", " "))


@dataclass(frozen=True)
class Choices:
    """Allowed values of an enumerated column, accepted as the stored value or its English or French label."""

    values: tuple[str, ...]
    aliases: dict[str, str] = field(default_factory=dict)
    label_prefix: str | None = None  # the catalogue's names of the values: "<prefix>.<value>" (forms show them)

    def parse(self, raw: object) -> str:
        key = choice_key(str(raw))
        for value in self.values:
            if choice_key(value) == key:
                return value
        if key in self.aliases:
            return self.aliases[key]
        raise CellError("error.not_allowed", allowed=", ".join(self.values))


@lru_cache(maxsize=1)
def _country_index() -> dict[str, str]:
    from babel import Locale

    french = Locale.parse("fr_FR").territories
    english = Locale.parse("en_GB").territories
    index: dict[str, str] = {}
    for country in pycountry.countries:
        names = [country.name, getattr(country, "common_name", None), getattr(country, "official_name", None),
                 french.get(country.alpha_2), english.get(country.alpha_2)]
        for name in names:
            if name:
                index.setdefault(fold(name), country.alpha_3)
    for country in pycountry.countries:  # codes win over names
        index[fold(country.alpha_3)] = country.alpha_3
        index[fold(country.alpha_2)] = country.alpha_3
    return index


def parse_country(raw: object) -> str:
    """ISO alpha-3 from an alpha-3 or alpha-2 code, or an English or French name ("Fidji" → FJI)."""
    code = _country_index().get(fold(str(raw)))
    if code is None:
        raise CellError("error.unknown_country")
    return code


@lru_cache(maxsize=1)
def _currency_codes() -> frozenset[str]:
    return frozenset(currency.alpha_3 for currency in pycountry.currencies)


def parse_currency(raw: object) -> str:
    text = str(raw).strip().upper()
    if text == "€":
        return "EUR"
    if text in ("CFP", "F CFP", "FCFP"):
        return "XPF"
    if text not in _currency_codes():
        raise CellError("error.unknown_currency")
    return text


LIST_SEPARATORS = re.compile(r"[;|\n]")


def split_list(raw: object) -> list[str]:
    """Several values in one cell, separated by semicolons (``FJI:50; WSM:50``); | and new lines also work."""
    if isinstance(raw, int | float) and not isinstance(raw, bool):
        raw = format(raw, "g")
    return [part.strip() for part in LIST_SEPARATORS.split(str(raw)) if part.strip()]


def list_cell(items: Iterable[object]) -> str:
    """A list field as a cell writes it, read back the same by ``split_list`` / ``parse_shares``: items joined
    by "; ", (country, share in %) pairs as ``FJI:50``. The upload templates' exports and the forms both write
    lists this way."""
    parts = []
    for item in items:
        if isinstance(item, tuple | list):
            country, share = item
            parts.append(f"{country}:{float(share):.15g}")  # every digit stored (.15g: no float noise)
        else:
            parts.append(str(item))
    return "; ".join(parts)


# Shares given in a cell must add up to 100 %, to within this (a third written 33.33 three times is 99.99).
SHARES_TOLERANCE = 0.05


def parse_shares(raw: object, style: NumberStyle = NumberStyle()) -> dict[str, float]:
    """``FJI:50; WSM:50`` → {"FJI": 50, "WSM": 50}; countries without a share split 100 % equally. Shares given
    must add up to 100 (a project's money is split by them on every figure): ``FJI:0.5; WSM:0.5`` is refused as
    fractions ("write 50"), shares totalling 60 are refused; neither is rescaled in silence."""
    parts = split_list(raw)
    shares: dict[str, float | None] = {}
    for part in parts:
        name, _, share_text = part.partition(":")
        country = parse_country(name)
        if country in shares:
            raise CellError("error.duplicate_in_list", item=country)
        if share_text.strip():
            share, _percent = parse_number(share_text, style)
            if not 0 <= share <= 100:
                raise CellError("error.share_range", item=country, share=share_text.strip())
            shares[country] = share
        else:
            shares[country] = None
    given = [share for share in shares.values() if share is not None]
    if given and len(given) != len(shares):
        raise CellError("error.shares_partial")
    if not given:
        equal = round(100 / len(shares), 4) if shares else 0
        return {country: equal for country in shares}
    total = sum(given)
    if all(share <= 1 for share in given) and abs(total - 1) <= SHARES_TOLERANCE / 100 and total < 100:
        # 0.5 + 0.5 (or a lone 1): fractions written where percentages are expected; never rescaled in silence.
        country, share = next((country, share) for country, share in shares.items() if share is not None)
        # numbers, written in the reader's language by core.i18n.t; rounded off float noise (0.07 * 100)
        raise CellError("error.share_fraction", item=country, share=share, percent=round(share * 100, 6))
    if abs(total - 100) > SHARES_TOLERANCE:
        raise CellError("error.shares_not_100", total=Percent(round(total, 6)))
    return {country: float(share) for country, share in shares.items() if share is not None}
