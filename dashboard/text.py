"""Text folding for matching names regardless of case, accents and spacing."""

from __future__ import annotations

import re
import unicodedata

_SPACES = re.compile(r"\s+")
_PUNCTUATION = re.compile(r"[^\w\s]")


def fold(text: str) -> str:
    """Lower case, accents removed, punctuation and runs of spaces folded: "  Région  Île-de-France"
    and "region ile de france" give the same key."""
    decomposed = unicodedata.normalize("NFKD", text)
    without_accents = "".join(char for char in decomposed if not unicodedata.combining(char))
    cleaned = _PUNCTUATION.sub(" ", without_accents.casefold())
    return _SPACES.sub(" ", cleaned).strip()
