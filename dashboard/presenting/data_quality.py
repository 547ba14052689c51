"""The data-quality issues as a reader sees them."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd

from dashboard.core.i18n import Percent, t, written
from dashboard.presenting.formatting import format_date, format_money


def describe(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The issues as a reader sees them: label, what is wrong (in ``lang``, numbers and dates formatted)
    and the two links."""

    def text(key: str, values: dict[str, Any]) -> str:  # the values, as queries.data_quality stored them
        shown: dict[str, object] = {}
        for name, value in values.items():
            if name == "fields":
                shown[name] = ", ".join(t(f"dq.field.{field}", lang) for field in value)
            elif isinstance(value, dt.date):
                shown[name] = format_date(value, lang)
            elif name in ("declared", "lines", "difference"):
                shown[name] = format_money(value, str(values.get("currency") or "EUR"), lang)
            elif name == "score":  # a similarity in percent, whole: "92%" / "92 %"
                shown[name] = Percent(round(value))
            else:
                shown[name] = value
        return t(key, lang, **shown)

    return pd.DataFrame(
        {
            "label": [written(label, lang) for label in frame["label"]],  # a budget line's amount (Phrase)
            "detail": [text(key, values) for key, values in zip(frame["detail_key"], frame["detail_values"],
                                                                 strict=True)],
            "record_url": frame["record_url"],
            "fix_url": frame["fix_url"],
        }
    )


def split_url(url: str) -> tuple[str, dict[str, str]]:
    """``"partners?partner=58"`` → ``("partners", {"partner": "58"})``, for in-app navigation."""
    from urllib.parse import parse_qsl

    path, _, query = url.partition("?")
    return path, dict(parse_qsl(query))
