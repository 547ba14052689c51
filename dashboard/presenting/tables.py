"""Shaping query frames for people: translated column names, numbers formatted by locale, alert sentences.

Pure functions (no Streamlit): the pages show what these return, and the downloads use the ``export``
variants, which keep raw numbers under the same translated headers so a spreadsheet can add them up.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping
from typing import Any

import pandas as pd

from dashboard.core.i18n import Amount, Phrase, t
from dashboard.exporting.spreadsheet import FileNote
from dashboard.presenting.formatting import MISSING, format_date, format_money, format_number, format_rate
from dashboard.presenting.labels import indicator_rule_label

GROUP_COLUMN_KEYS = {"project": "col.project", "funder": "col.funder", "year": "col.year", "category": "col.category"}
GROUP_DETAIL_KEYS = {"project": "col.title", "funder": "col.acronym"}


def _missing(value: object) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA or value is pd.NaT


def _yes_no(value: object, lang: str) -> str:
    return t("yes", lang) if bool(value) else ""


def _group_label(value: object, lang: str) -> str:
    return t("figure.unassigned", lang) if _missing(value) or value == "" else str(value)


def variance_table(frame: pd.DataFrame, group_by: str, lang: str, currency: str, *, export: bool = False
                   ) -> pd.DataFrame:
    """The budget variance table as shown (formatted) or exported (raw numbers), in the reader's language."""
    columns: dict[str, object] = {t(GROUP_COLUMN_KEYS[group_by], lang): [_group_label(v, lang) for v in frame["label"]]}
    if group_by in GROUP_DETAIL_KEYS:
        columns[t(GROUP_DETAIL_KEYS[group_by], lang)] = list(frame["detail"])
    for name in ("budget", "consumed", "committed", "balance"):
        header = f"{t(f'metric.{name}', lang)} ({currency})" if export else t(f"metric.{name}", lang)
        columns[header] = list(frame[name]) if export else [format_money(v, currency, lang) for v in frame[name]]
    rate_header = t("metric.execution_rate", lang)
    columns[rate_header] = list(frame["execution_rate"]) if export else [
        format_rate(v, lang) for v in frame["execution_rate"]]
    columns[t("col.overspent", lang)] = [_yes_no(v, lang) for v in frame["overspent"]]
    columns[t("col.illustrative", lang)] = [_yes_no(v, lang) for v in frame["is_illustrative"]]
    return pd.DataFrame(columns)


def burn_table(frame: pd.DataFrame, lang: str, currency: str, *, export: bool = False) -> pd.DataFrame:
    def fmt_rate(values: pd.Series) -> list:
        return list(values) if export else [format_rate(v, lang) for v in values]

    def fmt_date(values: pd.Series) -> list:
        return list(values) if export else [format_date(None if _missing(v) else v, lang) for v in values]

    return pd.DataFrame({
        t("col.project", lang): list(frame["code"]),
        t("col.title", lang): list(frame["title"]),
        t("col.status", lang): [t(f"project_status.{v}", lang) if not _missing(v) else MISSING
                                for v in frame["status"]],
        t("col.planned_start", lang): fmt_date(frame["planned_start"]),
        t("col.planned_end", lang): fmt_date(frame["planned_end"]),
        t("metric.time_elapsed", lang): fmt_rate(frame["time_elapsed"]),
        t("metric.execution_rate", lang): fmt_rate(frame["execution_rate"]),
        t("col.burn_gap", lang): list(frame["burn_gap"]) if export else [
            MISSING if _missing(v) else format_number(v * 100, lang) + " pts" for v in frame["burn_gap"]],
        t("col.behind_time", lang): [_yes_no(v, lang) for v in frame["behind_time"]],
        t("col.overspent", lang): [_yes_no(v, lang) for v in frame["overspent"]],
    })


def cofinancing_table(frame: pd.DataFrame, lang: str, *, export: bool = False) -> pd.DataFrame:
    def check(difference: object, mismatch: object) -> str:
        if _missing(difference):
            return t("check.none", lang)
        return t("check.mismatch" if mismatch else "check.ok", lang)

    def money(values: pd.Series, currencies: pd.Series) -> list:
        if export:
            return list(values)
        return [format_money(None if _missing(v) else v, c, lang) for v, c in zip(values, currencies, strict=True)]

    return pd.DataFrame({
        t("col.project", lang): list(frame["code"]),
        t("col.funder", lang): [_group_label(v, lang) for v in frame["funder"]],
        t("col.amount", lang): money(frame["amount"], frame["currency"]),
        t("col.currency", lang): list(frame["currency"]),
        t("col.share", lang): list(frame["share"]) if export else [
            format_rate(v / 100, lang, decimals=1) for v in frame["share"]],
        t("col.lines_total", lang): money(frame["lines_total"], frame["currency"]),
        t("col.declared_total", lang): money(frame["declared_total"], frame["currency"]),
        t("col.declared_difference", lang): money(frame["declared_difference"], frame["currency"]),
        t("col.declared_check", lang): [check(difference, mismatch) for difference, mismatch in zip(
            frame["declared_difference"], frame["declared_mismatch"], strict=True)],
    })


def assessment_table(frame: pd.DataFrame, lang: str, *, export: bool = False) -> pd.DataFrame:
    def number(values: pd.Series) -> list:
        return list(values) if export else [format_number(None if _missing(v) else v, lang, decimals=_decimals(v))
                                            for v in values]

    return pd.DataFrame({
        t("col.project", lang): list(frame["project_code"]),
        t("col.code", lang): list(frame["code"]),
        t("col.indicator", lang): list(frame["name"]),
        t("col.unit", lang): [("" if _missing(v) else v) for v in frame["unit"]],
        t("col.rule", lang): [indicator_rule_label(bool(adds), bool(cumulative), lang)
                              for adds, cumulative in zip(frame["adds_up"], frame["cumulative"], strict=True)],
        t("col.baseline", lang): number(frame["baseline_value"]),
        t("col.target", lang): number(frame["target_value"]),
        t("col.actual_to_date", lang): number(frame["actual_to_date"]),
        t("col.progress", lang): list(frame["progress"]) if export else [
            format_rate(None if _missing(v) else v, lang) for v in frame["progress"]],
        t("col.expected_progress", lang): list(frame["expected_progress"]) if export else [
            format_rate(None if _missing(v) else v, lang) for v in frame["expected_progress"]],
        t("col.status", lang): [t(f"indicator_status.{v}", lang) for v in frame["status"]],
        t("col.last_period_end", lang): list(frame["last_period_end"]) if export else [
            format_date(None if _missing(v) else v, lang) for v in frame["last_period_end"]],
        t("col.illustrative", lang): [_yes_no(v, lang) for v in frame["is_illustrative"]],
    })


def rates_table(rates: pd.DataFrame, lang: str) -> pd.DataFrame:
    return pd.DataFrame({
        t("col.currency", lang): list(rates["currency"]),
        t("col.eur_per_unit", lang): [format_number(v, lang, decimals=6) for v in rates["eur_per_unit"]],
        t("col.rate_date", lang): [format_date(v, lang) for v in rates["rate_date"]],
        t("col.source", lang): list(rates["source"]),
    })


def _decimals(value: Any) -> int:  # a cell of a frame: a number, or missing
    if _missing(value):
        return 0
    number = float(value)
    return 0 if number == int(number) else 2


def alert_detail(row: pd.Series, lang: str, currency: str) -> str:
    """The short sentence after an alert's item: '112% of budget, balance -€53,399'."""
    kind = row["kind"]
    values: dict[str, str] = {}
    if not _missing(row.get("rate")):
        values["rate"] = format_rate(row["rate"], lang)
    if not _missing(row.get("elapsed")):
        values["elapsed"] = format_rate(row["elapsed"], lang)
    if not _missing(row.get("amount")):
        amount_currency = currency if _missing(row.get("currency")) else str(row["currency"])
        values["amount"] = format_money(row["amount"], amount_currency, lang)
    if not _missing(row.get("days")):
        values["days"] = format_number(row["days"], lang)
    date_value = row.get("date")
    if not _missing(date_value):
        values["date"] = format_date(date_value if isinstance(date_value, dt.date) else None, lang)
    if kind == "indicator_not_reporting" and "date" not in values:
        return t("alert_detail.indicator_never_reported", lang)
    return t(f"alert_detail.{kind}", lang, **values)


def period_caption(start: dt.date | None, end: dt.date, previous_start: dt.date | None, previous_end: dt.date,
                   lang: str) -> str:
    if start is None:
        return t("overview.period_to_date", lang, end=format_date(end, lang),
                 previous_end=format_date(previous_end, lang))
    return t("overview.period_range", lang, start=format_date(start, lang), end=format_date(end, lang),
             previous_start=format_date(previous_start, lang), previous_end=format_date(previous_end, lang))


def _left_out(not_converted: Mapping[str, float]) -> Phrase:
    """``2,500 SBD, 1,234.50 XPF``: each amount to the cent in its own currency (written by ``core.i18n.t``)."""
    parts: list[object] = []
    for code, amount in not_converted.items():
        parts += [", "] if parts else []
        parts += [Amount(amount), f" {code}"]
    return Phrase(*parts)


def not_converted_note(not_converted: Mapping[str, float], target: str, lang: str) -> str | None:
    """What no stored rate converts to ``target``, named with its amount in its own currency, saying that the
    totals are partial; None when everything converted."""
    if not not_converted:
        return None
    return t("pages.not_converted", lang, amounts=_left_out(not_converted), target=target,
             currencies=", ".join(not_converted))


def not_converted_file_note(not_converted: Mapping[str, float], target: str, lang: str) -> FileNote | None:
    """What a download of money in ``target`` says inside the file when no stored rate converts some of it
    (``exporting.spreadsheet.with_note``): the sentence, and for Excel a note sheet listing the amounts left out
    by currency (raw numbers); None when everything converted. The file name says it too (the page's suffix)."""
    if not not_converted:
        return None
    details = pd.DataFrame({t("export.note.currency", lang): list(not_converted),
                            t("export.note.left_out", lang): [float(amount) for amount in not_converted.values()]})
    return FileNote(t("export.partial_note", lang, amounts=_left_out(not_converted), target=target),
                    t("export.note_sheet", lang), details, stem_suffix=f"-{t('export.partial_suffix', lang)}")


def missing_rates_file_note(warning: str | None, lang: str) -> FileNote | None:
    """For a table whose view names the currencies without a rate but not the amounts left out (partners'
    contributions, the gap analysis' funding, the map's budgets): the page's own warning, inside the file and
    in its name (``exporting.spreadsheet.with_note``); None when nothing was left out."""
    if not warning:
        return None
    return FileNote(warning, t("export.note_sheet", lang), stem_suffix=f"-{t('export.partial_suffix', lang)}")


def split_rule_caption(rates: pd.DataFrame, currency: str, lang: str) -> str:
    """How the charts share money out (so nothing is counted twice) and which rates converted it."""
    text = t("overview.split_rule", lang)
    if rates.empty:
        return text + " " + t("pages.rates_none", lang, currency=currency)
    latest = max(rates["rate_date"])
    return text + " " + t("overview.rates_used", lang, currency=currency, count=len(rates),
                          date=format_date(latest, lang))


def headline_change(current: float | None, previous: float | None, kind: str, currency: str, lang: str
                    ) -> tuple[float, str] | None:
    """A headline figure's change rounded as it is shown (whole units of money, tenths of a point for a rate,
    whole counts) and its text; None when there is nothing to compare. Rounding first keeps sums added in
    another order from showing a float's dust as "-€0"."""
    if current is None or previous is None:
        return None
    if kind == "rate":
        points = round((current - previous) * 100, 1) + 0.0  # + 0.0 turns -0.0 into 0.0
        return points, format_number(points, lang, decimals=1) + " pts"
    difference = round(current - previous)
    return difference, (format_money(difference, currency, lang) if kind == "money"
                        else format_number(difference, lang))
