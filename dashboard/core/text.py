"""Text rules used across the layers: folding names for matching, how close two partner names must be to name
one partner (``near_names``), the one key for codes, the one escaper for
user text shown through Markdown (or a Markdown tooltip), and the spreadsheet formula prefixes that exports
neutralise and imports read back."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from functools import lru_cache

from rapidfuzz import fuzz, process

_SPACES = re.compile(r"\s+")
_PUNCTUATION = re.compile(r"[^\w\s]")


def fold(text: str) -> str:
    """Lower case, accents removed, punctuation and runs of spaces folded: "  Région  Île-de-France"
    and "region ile de france" give the same key."""
    decomposed = unicodedata.normalize("NFKD", text)
    without_accents = "".join(char for char in decomposed if not unicodedata.combining(char))
    cleaned = _PUNCTUATION.sub(" ", without_accents.casefold())
    return _SPACES.sub(" ", cleaned).strip()


# Two folded names this close (rapidfuzz token_sort_ratio, 0–100) name one partner: word order and small typos
# ("Agence Francaise du Developement"), not another partner. The upload's rule for a partner a file names, and
# the Partners page's search.
NEAR_NAME_SCORE = 88


def near_names(key: str, keys: Iterable[str], *, limit: int | None = 3,
               cutoff: float = NEAR_NAME_SCORE) -> list[tuple[str, float]]:
    """The folded ``keys`` close to the folded ``key`` by the upload's rule (token_sort_ratio at least
    ``cutoff``), best first, with their score (0–100); at most ``limit`` (None: all)."""
    return [(match, float(score)) for match, score, _index in
            process.extract(key, list(keys), scorer=fuzz.token_sort_ratio, limit=limit, score_cutoff=cutoff)]


def with_acronym(name: str, acronym: str | None) -> str:
    """How a partner is named in a choice or a title: "Name (ACRONYM)", or the name alone when it has no acronym
    or already shows it ("Communauté du Pacifique (CPS)", not "… (CPS) (CPS)"; folded words compared)."""
    if not acronym or fold(acronym) in fold(name).split():
        return name
    return f"{name} ({acronym})"


# Characters that must never be stored unseen (issue 16 item 6). Control characters: C0 but tab, line feed and
# carriage return, DEL, C1. Invisible ones: zero-width spaces and joiners, word joiner, byte-order mark,
# Mongolian vowel separator, invisible operators. Bidirectional controls: the marks, embeddings, overrides and
# isolates (U+202E shows "fdp.exe" as "exe.pdf").
_CONTROL = "\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f"
_INVISIBLE = "\u200b-\u200d\u2060-\u2064\ufeff\u180e"
_BIDI_MARKS = "\u200e\u200f\u061c"
_BIDI_OVERRIDES = "\u202a-\u202e\u2066-\u2069"
_NOT_IN_NAMES = re.compile(f"[\t\n\r{_CONTROL}{_INVISIBLE}{_BIDI_MARKS}{_BIDI_OVERRIDES}]")
_NOT_IN_FREE_TEXT = re.compile(f"[{_CONTROL}{_BIDI_OVERRIDES}]")
# What a spreadsheet file cannot hold (XML 1.0 forbids C0 controls but tab, line feed, carriage return).
_NOT_IN_FILES = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")
REPLACEMENT = "\ufffd"


def hidden_character(text: str, *, free_text: bool = False) -> str | None:
    """The first character of ``text`` that would be stored unseen, named for people ("U+200D ZERO WIDTH
    JOINER"), or None. Names and codes take none of them (nor tab or line break); free text (notes,
    descriptions) keeps tabs and line breaks, zero-width joiners (emoji) and the bidirectional marks (right-to-
    left scripts), but no control character and no bidirectional embedding, override or isolate."""
    found = (_NOT_IN_FREE_TEXT if free_text else _NOT_IN_NAMES).search(text)
    if found is None:
        return None
    char = found.group()
    return f"U+{ord(char):04X} {unicodedata.name(char, 'CONTROL CHARACTER')}"


def without_hidden_characters(text: str) -> str:
    """``text`` with every character ``hidden_character`` refuses in a name removed (a file name as shown)."""
    return _NOT_IN_NAMES.sub("", text)


def for_files(text: str) -> str:
    """``text`` as a CSV or .xlsx file can hold it: each control character (NUL included) replaced by U+FFFD,
    visibly, instead of a file that breaks or an export that fails."""
    return _NOT_IN_FILES.sub(REPLACEMENT, text)


@lru_cache(maxsize=1 << 16)  # codes repeat down a file (a project's code on every budget line)
def code_key(code: str) -> str:
    """How codes compare, in every kind and every layer (project and indicator codes, partners' acronyms and
    aliases, strategic objective codes, spending references): Unicode compatibility forms unified (NFKC, so a
    full-width "ＨＵＮＴ-1" is "HUNT-1"), invisible format characters dropped (a zero-width space pasted from a
    web page), spaces trimmed and inner runs of spaces made one, case folded.
    "hunt-1 " and "HUNT-1" are one code; "HUNT-1" and "HUNT 1" or "HUNT1" are not (punctuation and spaces
    inside a code are part of it, unlike ``fold`` for names).

    A database key built on it: codes are stored trimmed with single spaces (the upload tidies them), so for
    ASCII codes ``lower(code)`` is the same key in SQL; for any code, store ``code_key(code)`` in a key column
    with a unique constraint, as ``organisation.name_key`` stores ``fold(name)``."""
    normal = unicodedata.normalize("NFKC", code)
    if not normal.isascii():  # invisible format characters (zero-width space, joiners, direction marks) dropped
        normal = "".join(char for char in normal if unicodedata.category(char) != "Cf")
    return " ".join(normal.split()).casefold()


# A UTF-8 lead byte read as Windows-1252 or Latin-1 ("Ã", "Â", "â"...) followed by a continuation byte read the
# same way ("©", "¨", "€", "™"...): what a UTF-8 text looks like once decoded in a legacy encoding.
_CP1252_HIGH = "€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ"
_MOJIBAKE = re.compile(f"[\u00c2-\u00f4][\u0080-\u00bf{_CP1252_HIGH}]")


def repaired_mojibake(text: str) -> str | None:
    """The text a garbled one stood for ("FÃ©dÃ©ration" → "Fédération", "lâ€™antenne" → "l’antenne"), or None
    when ``text`` is not garbled. Only a text whose every character maps back to bytes that are valid UTF-8
    counts, so genuine accents ("Fédération", "Ça va") are never taken for garbling."""
    if text.isascii() or not _MOJIBAKE.search(text):  # isascii: the usual cell, at C speed
        return None
    try:
        raw = bytes(ord(char) if ord(char) < 256 else char.encode("cp1252")[0] for char in text)
        repaired = raw.decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return None
    return repaired if repaired != text else None


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
