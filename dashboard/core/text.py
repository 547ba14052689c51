"""Text rules used across the layers: folding names for matching, the one escaper for user text shown
through Markdown (or a Markdown tooltip), and the spreadsheet formula prefixes that exports neutralise and
imports read back."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping

_SPACES = re.compile(r"\s+")
_PUNCTUATION = re.compile(r"[^\w\s]")


def fold(text: str) -> str:
    """Lower case, accents removed, punctuation and runs of spaces folded: "  Région  Île-de-France"
    and "region ile de france" give the same key."""
    decomposed = unicodedata.normalize("NFKD", text)
    without_accents = "".join(char for char in decomposed if not unicodedata.combining(char))
    cleaned = _PUNCTUATION.sub(" ", without_accents.casefold())
    return _SPACES.sub(" ", cleaned).strip()


# Every character Markdown (CommonMark, GitHub extensions, Streamlit's :material/…: and :colour[…] directives,
# $ for LaTeX) may read as syntax. The strictest of the three sets the app once had (":" included, so a name
# cannot open a directive); escaping a character that needed none only costs a backslash nobody sees.
MARKDOWN_SPECIAL = frozenset("\\`*_{}[]()#+-.!|<>~$:")


def escape_markdown(text: object) -> str:
    """User-supplied text (names, places, owners, usernames) for Markdown or a tooltip (Streamlit renders
    ``help=`` as Markdown), with every Markdown character escaped so that it shows as typed and never becomes a
    link, an image or formatting. Use it wherever user text reaches Markdown."""
    return "".join("\\" + char if char in MARKDOWN_SPECIAL else char for char in str(text))


def escape_values(values: Mapping[str, object]) -> dict[str, object]:
    """A message's values with every text escaped (``escape_markdown``), for a message drawn as Markdown."""
    return {name: escape_markdown(value) if isinstance(value, str) else value for name, value in values.items()}


# Cells starting with these are run as formulas by Excel, LibreOffice and Google Sheets (OWASP CSV injection).
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r", "\n")


def neutralise_formula(value: object) -> object:
    """Prefix text that a spreadsheet would run as a formula with an apostrophe, so it shows as text."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def unneutralise_formula(text: str) -> str:
    """Undo the apostrophe our exports put before formula-like text (``'=SUM(…)``), so a downloaded table
    re-uploads unchanged; the text is stored as text and neutralised again in every export."""
    if text.startswith("'") and text[1:].startswith(FORMULA_PREFIXES):
        return text[1:]
    return text
