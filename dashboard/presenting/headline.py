"""The headline tiles (``dashboard.views.headline``) as people read them: label, figure and change in the
reader's language. The Overview page and the leadership briefing both write their tiles through here."""

from __future__ import annotations

from dataclasses import dataclass

from dashboard.core.i18n import t
from dashboard.presenting.formatting import format_money, format_number, format_rate
from dashboard.presenting.tables import headline_change
from dashboard.views.headline import ChangeKind, Tile


@dataclass(frozen=True)
class ShownTile:
    label: str
    value: str  # the figure, formatted
    change: str | None  # the change as Streamlit's metric delta shows it (its sign is the figure's), or None
    difference: float | None  # the change rounded as shown (None: nothing to compare)
    coloured: bool  # whether the page colours the change (a rise is good news)
    note: str | None  # what the figure is a share of ("12 indicators reporting"), or None


def _value(tile: Tile, currency: str, lang: str) -> str:
    if tile.spec.kind is ChangeKind.MONEY:
        return format_money(tile.value, currency, lang)
    if tile.spec.kind is ChangeKind.RATE:
        return format_rate(tile.value, lang)
    return format_number(tile.value, lang)


def shown_tile(tile: Tile, currency: str, lang: str) -> ShownTile:
    change = headline_change(tile.value, tile.previous, tile.spec.kind.value, currency, lang)
    note = None
    if tile.note_key:
        note = t(tile.note_key, lang, count=tile.note_count)
    return ShownTile(
        label=t(tile.spec.label_key, lang),
        value=_value(tile, currency, lang),
        change=change[1] if change else None,
        difference=change[0] if change else None,
        coloured=tile.spec.coloured,
        note=note,
    )


def shown_tiles(tiles: tuple[Tile, ...], currency: str, lang: str) -> list[ShownTile]:
    return [shown_tile(tile, currency, lang) for tile in tiles]
