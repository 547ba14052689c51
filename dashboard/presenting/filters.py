"""The portfolio filter for people: each dimension's label and how a chosen value reads, in the reader's
language, generated from the declaration (``queries.filters.DIMENSIONS``) for the sidebar's choices and the
briefing's "filters applied" lines alike."""

from __future__ import annotations

from collections.abc import Mapping

from dashboard.core.i18n import t
from dashboard.core.regions import REGION_NAMES, country_name
from dashboard.presenting.formatting import format_date
from dashboard.presenting.labels import enum_label
from dashboard.queries.filters import DIMENSIONS, Dimension, PortfolioFilter, ValueKind, Widget

# The enumerations whose values are named by ``enum_label`` under their own prefix.
_ENUM_PREFIXES = {ValueKind.org_type: "org_type", ValueKind.role: "role", ValueKind.project_status: "project_status"}


def value_label(dimension: Dimension, value: object, lang: str,
                objective_titles: Mapping[str, str] | None = None) -> str:
    """How ``value`` of ``dimension`` reads: "Polynesia", "Fiji", "NGO / association", "SDG 6", "OO4 — title"."""
    kind = dimension.value_kind
    if kind is ValueKind.region:
        return REGION_NAMES.get(str(value), {}).get(lang, str(value))
    if kind is ValueKind.country:
        return country_name(str(value), lang) or str(value)
    if kind in _ENUM_PREFIXES:
        return enum_label(_ENUM_PREFIXES[kind], str(value), lang)
    if kind is ValueKind.sdg:
        return t("shell.filter.sdg_option", lang, number=value)
    if kind is ValueKind.objective:
        title = (objective_titles or {}).get(str(value))
        return f"{value} — {title}" if title else str(value)
    return str(value)


def filter_lines(portfolio_filter: PortfolioFilter, lang: str,
                 objective_titles: Mapping[str, str] | None = None) -> list[tuple[str, str]]:
    """The filters in force as (name, values) pairs in the reader's language, in the sidebar's order; empty when
    none is set. The period's two ends read as one line ("Period: 1 Jan 2026 to 31 Dec 2026")."""
    lines: list[tuple[str, str]] = []
    for dimension in DIMENSIONS:
        if dimension.widget is Widget.date:
            if dimension.field == "period_start":
                period = _period(portfolio_filter, lang)
                if period:
                    lines.append((t("briefing.filter.period", lang), period))
            continue
        value = getattr(portfolio_filter, dimension.field)
        if not value:
            continue
        values = value if isinstance(value, tuple) else (value,)
        lines.append((t(dimension.label_key, lang),
                      ", ".join(value_label(dimension, entry, lang, objective_titles) for entry in values)))
    return lines


def _period(portfolio_filter: PortfolioFilter, lang: str) -> str | None:
    start, end = portfolio_filter.period_start, portfolio_filter.period_end
    if start and end:
        return t("briefing.filter.period_value", lang, start=format_date(start, lang), end=format_date(end, lang))
    if start:
        return t("briefing.filter.period_from", lang, start=format_date(start, lang))
    if end:
        return t("briefing.filter.period_until", lang, end=format_date(end, lang))
    return None
