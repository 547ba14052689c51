"""Currency conversion: the one rule for turning amounts into another currency, for a number, a column or a
frame. Rates are euros per unit (``ExchangeRate.eur_per_unit``); the euro itself needs no stored rate.

A currency without a stored rate is never summed as if it were the target currency. What happens instead is
the caller's explicit choice (``MissingRatePolicy``): the budget figures refuse (``RAISE``: the page says which
rate to upload), the partner and gap tables show the amount as unknown and name the currency (``UNKNOWN``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum

import pandas as pd

from dashboard.core.metrics import REPORTING_BASE_CURRENCY, ArrayLike


class MissingRateError(KeyError):
    """No exchange rate is stored for a currency that appears in the data."""

    def __init__(self, currency: str) -> None:
        super().__init__(currency)
        self.currency = currency

    def __str__(self) -> str:
        return f"no exchange rate stored for {self.currency}; upload one with the 'rates' template"


class MissingRatePolicy(StrEnum):
    """What ``convert_frame`` does with amounts in a currency that has no stored rate."""

    RAISE = "raise"  # raise MissingRateError naming the currency
    UNKNOWN = "unknown"  # the converted amount is NaN (unknown, not 0) and the currency is reported


def conversion_factor(from_currency: str, to_currency: str, eur_per_unit: Mapping[str, float]) -> float:
    """Multiply an amount in ``from_currency`` by this to get ``to_currency``; rates are euros per unit."""
    if from_currency == to_currency:
        return 1.0
    rates = {REPORTING_BASE_CURRENCY: 1.0, **eur_per_unit}
    for currency in (from_currency, to_currency):
        if currency not in rates:
            raise MissingRateError(currency)
    return rates[from_currency] / rates[to_currency]


def convert(amount: ArrayLike, from_currency: str, to_currency: str, eur_per_unit: Mapping[str, float]) -> ArrayLike:
    return amount * conversion_factor(from_currency, to_currency, eur_per_unit)


@dataclass(frozen=True)
class Converted:
    amounts: pd.Series  # float64, aligned on the frame's index, in the target currency
    missing_rates: tuple[str, ...] = field(default=())  # sorted; only filled under MissingRatePolicy.UNKNOWN


def convert_frame(
    frame: pd.DataFrame,
    target: str,
    eur_per_unit: Mapping[str, float],
    *,
    on_missing_rate: MissingRatePolicy,
    amount: str = "amount",
    currency: str = "currency",
) -> Converted:
    """The ``amount`` column of ``frame``, whose currency is in its ``currency`` column, converted to
    ``target`` (one factor per currency, not one call per row). A row without a currency is in ``target``
    (a budget line without one is in its project's currency, which the query already put there)."""
    if frame.empty:
        return Converted(pd.Series(dtype="float64", index=frame.index))
    codes = frame[currency].astype(object).where(frame[currency].notna(), target)
    factors: dict[object, float] = {}
    missing: set[str] = set()
    for code in codes.unique():
        try:
            factors[code] = conversion_factor(str(code), target, eur_per_unit)
        except MissingRateError as error:
            if on_missing_rate is MissingRatePolicy.RAISE:
                raise
            missing.add(error.currency)
            factors[code] = float("nan")
    amounts = frame[amount].astype("float64") * codes.map(factors).astype("float64")
    return Converted(amounts, tuple(sorted(missing)))


def unconverted_amounts(
    frame: pd.DataFrame,
    target: str,
    eur_per_unit: Mapping[str, float],
    *,
    amount: str = "amount",
    currency: str = "currency",
) -> dict[str, float]:
    """What a conversion of ``frame`` to ``target`` cannot convert, by currency: the sum of the amounts whose
    currency has no stored rate (the rows ``MissingRatePolicy.UNKNOWN`` turns into NaN). Empty when every rate
    is there. ``{"SBD": 2500.0}``: 2 500 Solomon dollars are left out of any total in ``target``."""
    if frame.empty:
        return {}
    missing = convert_frame(frame, target, eur_per_unit, on_missing_rate=MissingRatePolicy.UNKNOWN,
                            amount=amount, currency=currency).missing_rates
    if not missing:
        return {}
    kept = frame[frame[currency].isin(missing)]
    return {str(code): float(total) for code, total in kept.groupby(currency)[amount].sum().items()}
