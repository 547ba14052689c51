"""Translated names of stored values: enumerations, lists of them and regions."""

from __future__ import annotations

import pandas as pd

from dashboard.core.i18n import t
from dashboard.core.regions import REGION_NAMES
from dashboard.queries.partners import LIST_SEPARATOR


def enum_label(prefix: str, value: object, lang: str) -> str:
    """The translated name of an enumerated value, or the value itself when the catalogue has none (a value
    added by an upload before its translation)."""
    if value is None or (isinstance(value, float) and pd.isna(value)) or value == "":
        return ""
    try:
        return t(f"{prefix}.{value}", lang)
    except KeyError:
        return str(value).replace("_", " ")


def label_list(prefix: str, joined: str, lang: str) -> str:
    return ", ".join(enum_label(prefix, value, lang) for value in joined.split(LIST_SEPARATOR) if value)


def region_label(region: str | None, lang: str) -> str:
    if not region:
        return ""
    return REGION_NAMES.get(region, {}).get(lang) or enum_label("gaps.region", region, lang)


def indicator_rule_label(adds_up: bool, cumulative: bool, lang: str) -> str:
    """How an indicator's value to date is made (``metrics.adds_up``): the sum of its periods (a count), its
    latest running total (a cumulative count), or its latest level (a percentage, ratio or index)."""
    key = "rule.periodic" if adds_up else "rule.cumulative" if cumulative else "rule.level"
    return t(key, lang)
