"""Texts the pages and the briefing show, built in dashboard/presenting/."""

from __future__ import annotations

from dashboard.presenting import tables


def test_a_change_is_rounded_as_shown_so_float_dust_is_no_change() -> None:
    # The same budget added up in another order differs in the last bits; the reader must see 0, not "-€0".
    total_one_way, total_other_way = 21_767_771.000000004, 21_767_771.0
    assert tables.headline_change(total_other_way, total_one_way, "money", "EUR", "en") == (0, "€0")
    assert tables.headline_change(0.78, 0.78 + 1e-12, "rate", "EUR", "en") == (0.0, "0.0 pts")
    assert tables.headline_change(225_291.4, 0.0, "money", "EUR", "fr") == (225_291, "225\u202f291\u00a0€")
    assert tables.headline_change(263, 260, "count", "EUR", "en") == (3, "3")
    assert tables.headline_change(None, 1.0, "money", "EUR", "en") is None
