"""The one key codes compare on (core.text.code_key), shared by every kind and by the database's key."""

from __future__ import annotations

import pytest

from dashboard.core.text import code_key


@pytest.mark.parametrize(("written", "stored"), [
    ("hunt-1 ", "HUNT-1"),
    ("  Hunt-1", "HUNT-1"),
    ("reg-c1.1", "REG-C1.1"),
    ("ＨＵＮＴ-1", "HUNT-1"),  # full-width letters, as some Asian keyboards type them
    ("spc", "SPC"),
    ("Proe", "PROE"),
    ("oo4", "OO4"),
    ("FAC  1", "FAC 1"),
    ("hunt-1\u00a0", "HUNT-1"),  # a no-break space left by a copy from a web page
])
def test_codes_written_differently_are_one_key(written: str, stored: str) -> None:
    assert code_key(written) == code_key(stored)


@pytest.mark.parametrize(("one", "other"), [
    ("HUNT-1", "HUNT 1"),
    ("HUNT-1", "HUNT1"),
    ("HUNT-1", "HUNT-2"),
    ("REG-C1.1", "REG-C11"),
])
def test_different_codes_stay_different(one: str, other: str) -> None:
    assert code_key(one) != code_key(other)


def test_the_key_of_an_ascii_code_is_its_lower_case() -> None:
    # What lets SQL build the same key with lower(code) for codes the upload stored trimmed.
    for code in ("HUNT-1", "REG-C1.1", "OO4", "FAC 1"):
        assert code_key(code) == code.lower()
