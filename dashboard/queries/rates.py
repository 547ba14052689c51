"""Stored exchange rates as of a date (the conversion rule itself is ``dashboard.core.currency``)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd
from sqlalchemy import and_, func, select
from sqlmodel import Session

from dashboard.core.currency import MissingRateError, MissingRatePolicy, convert_frame, unconverted_amounts
from dashboard.core.metrics import REPORTING_BASE_CURRENCY
from dashboard.core.models import ExchangeRate
from dashboard.queries.base import Connectable, read_rows


@dataclass(frozen=True)
class RatesUsed:
    """Exchange rates (euros per unit) as of a date, with their dates and sources, shown beside converted
    figures."""

    eur_per_unit: dict[str, float]
    table: pd.DataFrame  # currency, rate_date, eur_per_unit, source

    def in_currency(self, frame: pd.DataFrame, target: str) -> pd.Series:
        """``frame``'s ``amount`` column (in its ``currency`` column's currencies) in ``target``. An amount in a
        currency without a stored rate is unknown (NaN): sums leave it out, never add it as if it were
        ``target``, and the figures name it apart (``not_converted``) and say their totals are partial. A
        reporting currency without a stored rate, asked for money in other currencies, is refused
        (``MissingRateError``): nothing else could be shown in it.
        """
        self.check_target(frame, target)
        return convert_frame(frame, target, self.eur_per_unit, on_missing_rate=MissingRatePolicy.UNKNOWN).amounts

    def check_target(self, frame: pd.DataFrame, target: str) -> None:
        """Raise ``MissingRateError`` when ``target`` (a reporting currency) has no stored rate and ``frame`` holds
        money in another currency."""
        if target == REPORTING_BASE_CURRENCY or target in self.eur_per_unit or frame.empty:
            return
        if frame["currency"].dropna().ne(target).any():
            raise MissingRateError(target)

    def not_converted(self, *frames: pd.DataFrame, target: str) -> dict[str, float]:
        """What ``in_currency`` leaves out of ``frames`` (amount and currency columns), by currency, sorted:
        ``{"SBD": 2500.0}`` when 2 500 Solomon dollars have no rate. Empty when everything converts."""
        total: dict[str, float] = {}
        for frame in frames:
            for code, amount in unconverted_amounts(frame, target, self.eur_per_unit).items():
                total[code] = total.get(code, 0.0) + amount
        return dict(sorted(total.items()))


def latest_rates(source: Connectable, *, as_of: dt.date) -> RatesUsed:
    """The latest stored rate of each currency on or before ``as_of``."""
    latest = (
        select(ExchangeRate.currency, func.max(ExchangeRate.rate_date).label("rate_date"))
        .where(ExchangeRate.rate_date <= as_of)
        .group_by(ExchangeRate.currency)
        .subquery()
    )
    rows = read_rows(
        source,
        select(ExchangeRate.currency, ExchangeRate.rate_date, ExchangeRate.eur_per_unit, ExchangeRate.source)
        .join(latest, and_(latest.c.currency == ExchangeRate.currency, latest.c.rate_date == ExchangeRate.rate_date))
        .order_by(ExchangeRate.currency),
    )
    table = pd.DataFrame(rows, columns=["currency", "rate_date", "eur_per_unit", "source"])
    return RatesUsed(eur_per_unit=dict(zip(table["currency"], table["eur_per_unit"], strict=True)), table=table)


def stored_rates(session: Session, on: dt.date | None = None) -> dict[str, float]:
    """Euros per unit for each currency: the latest stored rate (on or before ``on`` when given), by the
    same query the Budgets page shows its rates with (``latest_rates``)."""
    return latest_rates(session, as_of=on or dt.date.max).eur_per_unit
