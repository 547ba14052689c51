"""Stored exchange rates as of a date (the conversion rule itself is ``dashboard.core.currency``)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd
from sqlalchemy import and_, func, select
from sqlmodel import Session

from dashboard.core.currency import MissingRatePolicy, convert_frame
from dashboard.core.models import ExchangeRate
from dashboard.queries.base import Connectable, read_rows


@dataclass(frozen=True)
class RatesUsed:
    """Exchange rates (euros per unit) as of a date, with their dates and sources, shown beside converted
    figures."""

    eur_per_unit: dict[str, float]
    table: pd.DataFrame  # currency, rate_date, eur_per_unit, source

    def in_currency(self, frame: pd.DataFrame, target: str) -> pd.Series:
        """``frame``'s ``amount`` column (in its ``currency`` column's currencies) in ``target``. The budget
        figures refuse to add up money they cannot convert: a currency without a rate raises
        ``MissingRateError`` and the page names the rate to upload."""
        return convert_frame(frame, target, self.eur_per_unit, on_missing_rate=MissingRatePolicy.RAISE).amounts


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
