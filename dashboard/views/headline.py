"""The Overview's eight headline tiles, declared once: the page, the leadership briefing and ``figures --json``
show the same figures with the same labels in the same order.

A tile is data (a message key, the figure now and in the comparison period, how its change reads); the words
and numbers people see are written by ``dashboard.presenting.headline``.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from dashboard.queries.headline import HeadlineComparison


class ChangeKind(StrEnum):
    """How a tile's change is rounded and written (``presenting.tables.headline_change``)."""

    COUNT = "count"  # whole numbers
    MONEY = "money"  # whole units of the reporting currency
    RATE = "rate"  # points of a fraction (0.05 -> "5.0 pts")


@dataclass(frozen=True)
class TileSpec:
    label_key: str  # message key of the tile's label
    figure: str  # the attribute of ``queries.headline.Headline`` it shows
    kind: ChangeKind
    # Whether a rise reads as good news (the page colours the change green/red); a change in money is neither.
    coloured: bool
    # The tile says how many indicators reported (the on-track share is a share OF them).
    notes_reporting: bool = False


HEADLINE_TILES: tuple[TileSpec, ...] = (
    TileSpec("overview.active_partners", "active_partners", ChangeKind.COUNT, coloured=True),
    TileSpec("overview.projects", "projects", ChangeKind.COUNT, coloured=True),
    TileSpec("overview.total_budget", "budget", ChangeKind.MONEY, coloured=False),
    TileSpec("metric.consumed", "consumed", ChangeKind.MONEY, coloured=False),
    TileSpec("metric.balance", "balance", ChangeKind.MONEY, coloured=False),
    TileSpec("metric.execution_rate", "execution_rate", ChangeKind.RATE, coloured=False),
    TileSpec("metric.on_track_share", "on_track_share", ChangeKind.RATE, coloured=True, notes_reporting=True),
    TileSpec("metric.committed", "committed", ChangeKind.MONEY, coloured=False),
)
TILES_PER_ROW = 4


@dataclass(frozen=True)
class Tile:
    spec: TileSpec
    value: float | None  # None: no figure (an execution rate without budget, no indicator reporting)
    previous: float | None  # the same figure in the comparison period
    note_key: str | None = None  # message key of the note, with ``{count}`` = ``note_count``
    note_count: int | None = None


def headline_tiles(headline: HeadlineComparison) -> tuple[Tile, ...]:
    """The tiles of ``HEADLINE_TILES`` filled with ``headline``'s figures, in that order."""
    now, before = headline.current, headline.previous
    tiles = []
    for spec in HEADLINE_TILES:
        note_key, note_count = None, None
        if spec.notes_reporting:
            note_count = now.indicators_reporting
            note_key = "overview.indicators_reporting" if note_count else "overview.no_indicator"
        tiles.append(Tile(spec, getattr(now, spec.figure), getattr(before, spec.figure), note_key, note_count))
    return tuple(tiles)
