"""French company identifiers as grant files write them: SIRET (an establishment, 14 digits), SIREN (the
company, its first 9 digits) and RNA (an association, "W" and 9 digits).

The check is the one of the SCDL schema's ``french-siret-value`` custom check: the Luhn checksum over the 14
digits (INSEE, "Le numéro SIRET"), except for the establishments of La Poste (SIREN 356 000 000), numbered
past what Luhn allows, whose digits must add up to a multiple of 5.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

LA_POSTE_SIREN = "356000000"
_RNA = re.compile(r"^W\d{9}$")
_SPACES = re.compile(r"[\s\u00a0\u202f.\-]")


def luhn_ok(digits: str) -> bool:
    """Whether a string of digits passes the Luhn checksum (every second digit from the right doubled)."""
    total = 0
    for index, char in enumerate(reversed(digits)):
        value = ord(char) - 48
        if index % 2 == 1:
            value *= 2
            if value > 9:
                value -= 9
        total += value
    return total % 10 == 0


def is_valid_siret(siret: str) -> bool:
    """14 digits passing the checksum (La Poste's establishments: digit sum a multiple of 5)."""
    if len(siret) != 14 or not siret.isdigit():
        return False
    if siret.startswith(LA_POSTE_SIREN):
        return sum(ord(char) - 48 for char in siret) % 5 == 0
    return luhn_ok(siret)


def siret_digits(raw: object) -> tuple[str | None, bool]:
    """The digits a cell holds and whether the cell was written as a number (``21860194600013.0``,
    ``2.1860194600013E+13``: a spreadsheet turned the identifier into a number, which may have rounded its
    last digits). Spaces, dots and dashes between digit groups are removed. None for an empty cell."""
    if raw is None:
        return None, False
    if isinstance(raw, int | float) and not isinstance(raw, bool):
        return (str(int(raw)) if raw == raw else None), True
    text = str(raw).strip()
    if not text:
        return None, False
    as_number = re.fullmatch(r"\d+\.0+|\d+(\.\d+)?[eE]\+?\d+", text)
    if as_number:
        try:
            return str(int(Decimal(text))), True
        except InvalidOperation:  # pragma: no cover - the pattern admits only numbers
            return text, True
    return _SPACES.sub("", text), False


def is_valid_rna(rna: str) -> bool:
    return bool(_RNA.match(rna))
