"""What an upload of money says that a person must see before it counts (issue 13), as notes of the preview:

- an amount whose currency (its own, or its project's when left blank) has no stored exchange rate: it would be
  left out of every total, so the upload needs the person's confirmation (``Preview.missing_rates``; the page's
  check box, ``--accept-missing-rates`` on the command line), or the rate uploaded first;
- a transaction dated implausibly (``metrics.implausible_date``: decades ahead, or far outside its project's
  dates), a budget line or an indicator value whose period starts or ends so (``metrics.implausible_period``:
  a value for 2062 typed for 2026), or spending against a project whose budget is zero;
- which original budget lines each revised line replaces (``metrics.revision_replaces``), or that it replaces
  none and adds to the budget.

The notes are warnings: listed, the upload is not refused for them (except an unconfirmed missing rate at
commit). Rules live in ``dashboard.core.metrics``; this module only gathers what they need, with a few reads.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.engine import Connection

from dashboard.core import metrics
from dashboard.core.i18n import Amount, Phrase
from dashboard.core.models import BudgetLine, BudgetType, ExchangeRate, MoneySource, Project, Spending
from dashboard.importing.preview import Preview
from dashboard.importing.records import Lookups
from dashboard.queries.money import effective_budget_condition
from dashboard.standards.problems import Problem, Severity

# Kinds whose rows are noted here; an indicator value only for its period's dates (the budget lines' rule).
CHECKED_KINDS = ("projects", "budgets", "spending", "rates", "indicator-values")
# The option a commit needs when amounts have no stored rate (the person confirmed the warning).
CONFIRM_MISSING_RATES = "accept_missing_rates"


def _note(row: int, column: str, key: str, record: str, **values: object) -> Problem:
    return Problem(line=row, where=column, key=key, values=dict(values), severity=Severity.warning,
                   activity=record)


@dataclass
class MoneyChecks:
    """The checks of one upload, across the sections of a workbook; ``finish`` adds what waits for the whole
    file (a workbook's rates sheet comes after its money sheets)."""

    connection: Connection
    today: dt.date
    rated: set[str] = field(default_factory=set)  # currencies with a stored rate, the euro, and the file's rates
    project_currency: dict[str, str] = field(default_factory=dict)  # code -> currency (stored, then the file's)
    project_dates: dict[str, tuple[dt.date | None, dt.date | None]] = field(default_factory=dict)
    budget_total: dict[str, float] | None = None  # code -> effective budget (any currency); read when needed
    budget_in_file: set[str] = field(default_factory=set)  # projects the file gives a non-zero budget line
    # Original lines, as ``metrics.revision_replaces`` reads them with how to show them: the file's (kept as it
    # is read, a revised line may follow its original) and, once a revision asks, the stored ones of its project.
    file_originals: dict[str, list[tuple[Any, ...]]] = field(default_factory=dict)  # compact: see ``_from_file``
    stored_originals: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    # Rows whose currency had no rate when read (a workbook's rates sheet may still give it): row, record...
    pending_rates: list[tuple[int, str, str, float]] = field(default_factory=list)

    @classmethod
    def start(cls, connection: Connection, today: dt.date | None = None) -> MoneyChecks:
        rated = {str(code) for (code,) in connection.execute(select(ExchangeRate.currency).distinct())}
        projects = connection.execute(select(Project.code, Project.currency, Project.planned_start,
                                             Project.planned_end)).all()
        return cls(connection=connection, today=today or dt.date.today(),
                   rated=rated | {metrics.REPORTING_BASE_CURRENCY},
                   project_currency={row.code: row.currency for row in projects},
                   project_dates={row.code: (row.planned_start, row.planned_end) for row in projects})

    def check(self, kind: str, row: int, record: str, values: Mapping[str, Any], lookups: Lookups,
              result: Preview) -> None:
        """Note what a checked row of ``kind`` says (``values``: the row in upload terms)."""
        if kind == "rates":
            self.rated.add(str(values["currency"]))
            return
        if kind == "projects":
            code = str(values["code"])
            if values.get("currency"):
                before = self.project_currency.get(code)
                self.project_currency[code] = currency = str(values["currency"])
                if before is not None and before != currency:
                    self._currency_change(row, record, code, before, currency, lookups, result)
                if currency not in self.rated:  # its money left without a currency would not convert
                    self.pending_rates.append((row, record, currency, 0.0))
            self.project_currency.setdefault(code, metrics.REPORTING_BASE_CURRENCY)
            start, end = self.project_dates.get(code, (None, None))
            self.project_dates[code] = (values.get("planned_start", start), values.get("planned_end", end))
            return
        code = str(values["project_code"])
        if kind == "indicator-values":  # the period of a value, by the rule of a budget line's period
            self._period(row, record, code, values, result)
            return
        amount = values.get("amount")
        currency = str(values.get("currency") or self.project_currency.get(code, metrics.REPORTING_BASE_CURRENCY))
        if amount and currency not in self.rated:
            self.pending_rates.append((row, record, currency, float(amount)))
        if kind == "budgets":
            self._period(row, record, code, values, result)
            if amount:
                self.budget_in_file.add(code)
            if values.get("budget_type") == BudgetType.revised.value:
                self._revision(row, record, code, values, lookups, result)
            else:
                self.file_originals.setdefault(code, []).append((
                    values.get("funder"), values.get("category"), values.get("period_start"),
                    values.get("period_end"), values.get("amount"), currency))
            return
        if kind == "spending":
            self._spending(row, record, code, values, result)

    def finish(self, result: Preview) -> None:
        """The amounts whose currency has no rate, once the whole file (its rates too) is read."""
        missing: dict[str, float] = {}
        for row, record, currency, amount in self.pending_rates:
            if currency in self.rated:
                continue
            missing[currency] = missing.get(currency, 0.0) + amount
            if amount:
                result.add_notes([_note(row, "currency", "money.note.no_rate", record, currency=currency,
                                        amount=Amount(amount))])
            else:  # a project's currency: what it holds without a currency of its own would not convert
                result.add_notes([_note(row, "currency", "money.note.project_no_rate", record, currency=currency)])
        result.missing_rates = dict(sorted(missing.items()))

    def _currency_change(self, row: int, record: str, code: str, before: str, after: str, lookups: Lookups,
                         result: Preview) -> None:
        """A project's currency changes: say how many of its budget lines and transactions, left without a
        currency, are read in the new one from now on (both together: they inherit it the same way)."""
        project_id = lookups.project_id.get(code)
        if project_id is None:
            return
        lines = self.connection.execute(select(func.count()).select_from(BudgetLine).where(
            BudgetLine.project_id == project_id, BudgetLine.currency.is_(None))).scalar_one()
        transactions = self.connection.execute(select(func.count()).select_from(Spending).where(
            Spending.project_id == project_id, Spending.currency.is_(None))).scalar_one()
        if lines or transactions:
            result.add_notes([_note(row, "currency", "money.note.currency_change", record, before=before,
                                    after=after, lines=lines, transactions=transactions)])

    # -- dates ----------------------------------------------------------------------------------------------

    def _date_note(self, row: int, column: str, record: str, date: dt.date, reason: metrics.ImplausibleDate,
                   code: str) -> Problem:
        if reason is metrics.ImplausibleDate.far_ahead:
            return _note(row, column, "money.note.far_ahead", record, date=date.isoformat(),
                         years=metrics.IMPLAUSIBLE_YEARS_AHEAD, today=self.today.isoformat())
        start, end = self.project_dates.get(code, (None, None))
        return _note(row, column, "money.note.outside_project", record, date=date.isoformat(), start=_iso(start),
                     end=_iso(end))

    def _period(self, row: int, record: str, code: str, values: Mapping[str, Any], result: Preview) -> None:
        """A budget line or an indicator value whose period starts or ends implausibly
        (``metrics.implausible_period``, the Data quality page's rule too): a note naming the row and the column."""
        period_start, period_end = values.get("period_start"), values.get("period_end")
        start, end = self.project_dates.get(code, (None, None))
        found = metrics.implausible_period(period_start if isinstance(period_start, dt.date) else None,
                                           period_end if isinstance(period_end, dt.date) else None,
                                           start, end, self.today)
        if found is not None:
            column = "period_start" if found[0] == period_start else "period_end"
            result.add_notes([self._date_note(row, column, record, found[0], found[1], code)])

    # -- spending --------------------------------------------------------------------------------------------

    def _spending(self, row: int, record: str, code: str, values: Mapping[str, Any], result: Preview) -> None:
        date = values.get("date")
        if isinstance(date, dt.date):
            start, end = self.project_dates.get(code, (None, None))
            reason = metrics.implausible_date(date, start, end, self.today)
            if reason is not None:
                result.add_notes([self._date_note(row, "date", record, date, reason, code)])
        if values.get("kind") in metrics.CONSUMED_KINDS and values.get("amount"):
            if self.budget_total is None:
                self.budget_total = self._budget_totals()
            if code not in self.budget_in_file and not self.budget_total.get(code):
                result.add_notes([_note(row, "amount", "money.note.zero_budget", record, project=code)])

    def _budget_totals(self) -> dict[str, float]:
        """Each project's effective budget, whatever its currencies (only zero matters here)."""
        rows = self.connection.execute(
            select(Project.code, func.sum(func.abs(BudgetLine.amount)))
            .join(BudgetLine, BudgetLine.project_id == Project.id)
            .where(effective_budget_condition(), BudgetLine.source == Project.budget_source)
            .group_by(Project.code)).all()
        return {str(code): float(total or 0.0) for code, total in rows}

    # -- revised budget lines --------------------------------------------------------------------------------

    def _line(self, code: str, values: Mapping[str, Any], lookups: Lookups) -> dict[str, Any]:
        funder = values.get("funder")
        return {"project_id": code, "funder_id": lookups.partner_id.get(funder) if funder else None,
                "category": values.get("category"), "period_start": values.get("period_start"),
                "period_end": values.get("period_end"), "budget_type": values.get("budget_type", "original"),
                "source": MoneySource.local.value}

    def _stored(self, code: str, lookups: Lookups) -> list[dict[str, Any]]:
        """The project's stored original lines (local ones: an upload's revision revises those)."""
        if code in self.stored_originals:
            return self.stored_originals[code]
        project_id = lookups.project_id.get(code)
        rows = [] if project_id is None else self.connection.execute(
            select(BudgetLine.id, BudgetLine.funder_id, BudgetLine.category, BudgetLine.period_start,
                   BudgetLine.period_end, BudgetLine.amount, BudgetLine.currency)
            .where(BudgetLine.project_id == project_id, BudgetLine.budget_type != BudgetType.revised.value,
                   BudgetLine.source == MoneySource.local.value)
            .order_by(BudgetLine.period_start, BudgetLine.id)).all()
        names = {value: name for name, value in lookups.partner_id.items()}
        currency = self.project_currency.get(code, metrics.REPORTING_BASE_CURRENCY)
        lines = [{"project_id": code, "funder_id": row.funder_id, "category": row.category,
                  "period_start": row.period_start, "period_end": row.period_end,
                  "budget_type": BudgetType.original.value, "source": MoneySource.local.value,
                  "currency": row.currency or currency,
                  "values": {"category": row.category, "period_start": row.period_start, "period_end": row.period_end,
                             "amount": row.amount, "funder": names.get(row.funder_id) if row.funder_id else None}}
                 for row in rows]
        self.stored_originals[code] = lines
        return lines

    def _from_file(self, code: str, line: tuple[Any, ...], lookups: Lookups) -> dict[str, Any]:
        funder, category, start, end, amount, currency = line
        values = {"funder": funder, "category": category, "period_start": start, "period_end": end,
                  "amount": amount}
        return {**self._line(code, values, lookups), "values": values, "currency": currency}

    def _revision(self, row: int, record: str, code: str, values: Mapping[str, Any], lookups: Lookups,
                  result: Preview) -> None:
        revised = self._line(code, values, lookups)
        candidates = [*self._stored(code, lookups),
                      *(self._from_file(code, line, lookups) for line in self.file_originals.get(code, []))]
        replaced = [_shown_line(line["values"], line["currency"], lookups) for line in candidates
                    if metrics.revision_replaces(revised, line)]
        if replaced:
            joined = Phrase(*(part for index, line in enumerate(replaced) for part in (("; ",) if index else ())
                              + tuple(line)))
            result.add_notes([_note(row, "budget_type", "money.note.replaces", record, lines=joined)])
        else:
            result.add_notes([_note(row, "budget_type", "money.note.replaces_nothing", record)])


def _iso(day: dt.date | None) -> str:
    return day.isoformat() if day is not None else "…"


def _shown_line(values: Mapping[str, Any], currency: str, lookups: Lookups) -> Phrase:
    """A budget line as people recognise it: category, funder, period and amount (the amount a number, written
    in the note's language when the note is read)."""
    parts = [str(values.get("category") or "—")]
    if values.get("funder"):
        parts.append(str(lookups.display("funder", values["funder"])))
    parts.append(f"{_iso(values.get('period_start'))} – {_iso(values.get('period_end'))}")
    return Phrase(", ".join(parts) + ", ", round(float(values.get("amount") or 0)), f" {currency}")
