"""The reads the portfolio pages start from: the filter's money (``queries.money.portfolio_money``) and the
indicator assessments of the period and of the comparison period, read once for the whole portfolio and cut
down for a narrower filter (issue 15: a filter chosen on a warm server).

A filter that chooses projects and places but no period (a country, a region, a theme, a status, a search...)
changes which projects count, and under a place their share, nothing else: every project's money and every
indicator's status stay what they are for the whole portfolio. So its reads are cut from the whole portfolio's
(``queries.money.narrow_money``, ``queries.indicators.narrow_assessments``) after one short query for the kept
projects, instead of passing over every budget line, transaction and indicator again: at the large size a
region's Overview costs ~0.1 s of reads instead of ~1.5 s. A chosen period changes what each line and value
counts for: such a filter is read directly.

The whole portfolio's reads are kept per database, data revision (read on each call, as the page caches do) and
date, for the last few, in this process: a write committed by any process moves the revision and they are read
anew. ``tests/test_narrowing.py`` checks every narrowed read against the direct one on both databases.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections import OrderedDict
from dataclasses import dataclass

import pandas as pd
from sqlalchemy.engine import Engine

from dashboard.core import db
from dashboard.queries.base import Connectable, read_rows
from dashboard.queries.filters import PortfolioFilter, project_ids
from dashboard.queries.headline import previous_assessments
from dashboard.queries.indicators import indicator_assessments, narrow_assessments
from dashboard.queries.money import PortfolioMoney, narrow_money, place_shares_of, portfolio_money
from dashboard.queries.periods import current_filter, previous_filter
from dashboard.views.base import side_by_side

WHOLE_KEPT = 2  # whole-portfolio reads kept: the current revision, and the one before while pages move on
EVERYTHING = PortfolioFilter()


@dataclass(frozen=True)
class PortfolioReads:
    """A filter's money (read ``with_previous``) and its indicator assessments, for the period and for the
    comparison period (``queries.headline.previous_assessments``)."""

    money: PortfolioMoney
    assessed: pd.DataFrame  # queries.indicators.ASSESSMENT_COLUMNS
    previous_assessed: pd.DataFrame


def narrows(portfolio_filter: PortfolioFilter) -> bool:
    """True when the filter's reads can be cut from the whole portfolio's: it chooses no period."""
    return portfolio_filter.period_start is None and portfolio_filter.period_end is None


def read_directly(source: Connectable, portfolio_filter: PortfolioFilter, as_of: dt.date) -> PortfolioReads:
    """The filter's reads from the database, side by side (``views.base.side_by_side``)."""
    money, assessed, previous_assessed = side_by_side(
        lambda: portfolio_money(source, portfolio_filter=portfolio_filter, as_of=as_of, with_previous=True),
        lambda: indicator_assessments(source, portfolio_filter=portfolio_filter, as_of=as_of),
        lambda: previous_assessments(source, portfolio_filter=portfolio_filter, as_of=as_of),
        source=source,
    )
    return PortfolioReads(money=money, assessed=assessed, previous_assessed=previous_assessed)


_whole: OrderedDict[tuple[str, int, dt.date], PortfolioReads] = OrderedDict()
_whole_lock = threading.Lock()
_reading_lock = threading.Lock()  # one whole read at a time: a second page asking waits for the first's


def forget() -> None:
    """Drop the kept whole-portfolio reads (the benchmarks' cold runs)."""
    with _whole_lock:
        _whole.clear()


def _key(engine: Engine, as_of: dt.date) -> tuple[str, int, dt.date]:
    return engine.url.render_as_string(hide_password=True), db.data_revision(engine), as_of


def whole_portfolio(engine: Engine, as_of: dt.date) -> PortfolioReads:
    """The whole portfolio's reads as of ``as_of``, kept per (database, data revision, date)."""
    key = _key(engine, as_of)
    with _whole_lock:
        if key in _whole:
            _whole.move_to_end(key)
            return _whole[key]
    with _reading_lock:
        with _whole_lock:
            if key in _whole:
                return _whole[key]
        reads = read_directly(engine, EVERYTHING, as_of)
        with _whole_lock:
            _whole[key] = reads
            while len(_whole) > WHOLE_KEPT:
                _whole.popitem(last=False)
    return reads


@dataclass(frozen=True)
class _Narrowing:
    """What cuts the whole portfolio's reads down to a filter: the kept projects of the period and of the
    comparison period, and their shares in the chosen places (None: no place chosen)."""

    whole: PortfolioReads
    kept: set[int]
    kept_previous: set[int]
    shares: dict[int, float] | None


def _narrowing(source: Connectable, portfolio_filter: PortfolioFilter, as_of: dt.date) -> _Narrowing | None:
    """None when the filter must be read directly: it chooses a period, or ``source`` is a session (which may
    hold writes of its own that the kept reads do not)."""
    if not isinstance(source, Engine) or not narrows(portfolio_filter):
        return None
    whole = whole_portfolio(source, as_of)
    current, previous = current_filter(portfolio_filter, as_of), previous_filter(portfolio_filter, as_of)
    kept_rows, previous_rows = side_by_side(lambda: read_rows(source, project_ids(current)),
                                            lambda: read_rows(source, project_ids(previous)))
    kept = {int(row[0]) for row in kept_rows}
    kept_previous = {int(row[0]) for row in previous_rows}
    return _Narrowing(whole, kept, kept_previous, place_shares_of(source, portfolio_filter, kept | kept_previous))


def _money(narrowing: _Narrowing) -> PortfolioMoney:
    return narrow_money(narrowing.whole.money, kept=narrowing.kept, kept_previous=narrowing.kept_previous,
                        place_shares=narrowing.shares)


def portfolio_reads(source: Connectable, portfolio_filter: PortfolioFilter, as_of: dt.date) -> PortfolioReads:
    """The filter's money and assessments of both periods as of ``as_of``: cut from the whole portfolio's
    when ``narrows(portfolio_filter)`` and ``source`` is an engine, else read directly; the same figures either
    way (see the module's docstring)."""
    if isinstance(source, Engine) and portfolio_filter == EVERYTHING:
        return whole_portfolio(source, as_of)
    narrowing = _narrowing(source, portfolio_filter, as_of)
    if narrowing is None:
        return read_directly(source, portfolio_filter, as_of)
    return PortfolioReads(
        money=_money(narrowing),
        assessed=narrow_assessments(narrowing.whole.assessed, narrowing.kept),
        previous_assessed=narrow_assessments(narrowing.whole.previous_assessed, narrowing.kept_previous),
    )


def filter_money(source: Connectable, portfolio_filter: PortfolioFilter, as_of: dt.date) -> PortfolioMoney:
    """The filter's money as of ``as_of`` (``portfolio_money``, with the comparison period when it is cut
    from the whole portfolio's), by the same rule as ``portfolio_reads``."""
    if isinstance(source, Engine) and portfolio_filter == EVERYTHING:
        return whole_portfolio(source, as_of).money
    narrowing = _narrowing(source, portfolio_filter, as_of)
    if narrowing is None:
        return portfolio_money(source, portfolio_filter=portfolio_filter, as_of=as_of)
    return _money(narrowing)


def filter_assessments(source: Connectable, portfolio_filter: PortfolioFilter, as_of: dt.date) -> pd.DataFrame:
    """The filter's indicator assessments as of ``as_of`` (``indicator_assessments``), by the same rule as
    ``portfolio_reads``."""
    if isinstance(source, Engine) and portfolio_filter == EVERYTHING:
        return whole_portfolio(source, as_of).assessed
    narrowing = _narrowing(source, portfolio_filter, as_of)
    if narrowing is None:
        return indicator_assessments(source, portfolio_filter=portfolio_filter, as_of=as_of)
    return narrow_assessments(narrowing.whole.assessed, narrowing.kept)


def kept_filter_money(source: Connectable, portfolio_filter: PortfolioFilter, as_of: dt.date) -> PortfolioMoney | None:
    """The filter's money cut from the whole portfolio's when those are kept already (for the current data
    revision) and the filter can be cut; None otherwise, for a view that needs less than the whole money (the
    map's budgets alone) and reads that itself rather than starting the whole read."""
    if not isinstance(source, Engine) or not narrows(portfolio_filter):
        return None
    with _whole_lock:
        kept = _key(source, as_of) in _whole
    return filter_money(source, portfolio_filter, as_of) if kept else None
