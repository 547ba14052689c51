"""Generated money: monthly exchange rates, yearly budget lines per category (some periods revised) and spending
(commitments apart from disbursements and expenditures, some in another currency)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

from dashboard.core.models import (
    BudgetLine,
    BudgetStatus,
    BudgetType,
    ExchangeRate,
    Spending,
    SpendingKind,
)
from dashboard.core.orm import table_of
from dashboard.seed.generated import (
    GENERATION_TODAY,
    SOURCE,
    Generation,
    in_currency,
    month_starts,
    spread,
)
from dashboard.seed.vocabulary import (
    BUDGET_CATEGORIES,
    FIXED_PARITIES,
    RATES,
)


def rates(state: Generation) -> None:
    """Monthly exchange rates of every currency from 2014 (fixed parities stay fixed)."""
    rng = state.rng("rates")

    def rows() -> Iterator[tuple[Any, ...]]:
        rate_id = 0
        for currency, base in RATES.items():
            for month in month_starts(dt.date(2014, 1, 1), GENERATION_TODAY):
                drift = 1.0 if currency in FIXED_PARITIES else rng.uniform(0.93, 1.07)
                rate_id += 1
                source = "fixed parity" if currency in FIXED_PARITIES else SOURCE
                yield (rate_id, currency, month, base * drift, source)

    state.writer.write(table_of(ExchangeRate), ("id", "currency", "rate_date", "eur_per_unit", "source"), rows())


def budget_lines(state: Generation) -> None:
    """Yearly budget lines per category and funder; the earliest periods of larger projects revised."""
    rng = state.rng("budget_lines")
    counts = spread(state.size.budget_lines, [1 + (p.end - p.start).days / 365 for p in state.projects], minimum=1)

    def rows() -> Iterator[tuple[Any, ...]]:
        line_id = 0
        for project, count in zip(state.projects, counts, strict=True):
            years = list(range(project.start.year, project.end.year + 1))
            periods = [(max(project.start, dt.date(year, 1, 1)), min(project.end, dt.date(year, 12, 31)))
                       for year in years]
            revised = int(count * 0.06) if count >= 8 else 0
            originals = count - revised
            per_period = spread(originals, [1.0] * len(periods)) if originals >= len(periods) else \
                [1] * originals + [0] * (len(periods) - originals)
            total = in_currency(project.budget_eur, project.currency)
            lines: list[tuple[int, int | None, dt.date, dt.date, str]] = []
            for (period_start, period_end), in_period in zip(periods, per_period, strict=True):
                for index in range(in_period):
                    funder: int | None = project.funders[(index // len(BUDGET_CATEGORIES))
                                                         % len(project.funders)]
                    # Past one line per category and funder, a further round is its own category ("Personnel
                    # 2"): a project's lines never share the budget line's natural key (migration 0014).
                    round_ = index // (len(BUDGET_CATEGORIES) * len(project.funders))
                    category = BUDGET_CATEGORIES[index % len(BUDGET_CATEGORIES)]
                    lines.append((len(lines), funder, period_start, period_end,
                                  category if round_ == 0 else f"{category} {round_ + 1}"))
            amounts = [total / max(1, originals) * rng.uniform(0.6, 1.4) for _ in lines]
            for (_, funder, period_start, period_end, category), amount in zip(lines, amounts, strict=True):
                line_id += 1
                status = BudgetStatus.indicative.value if period_start > GENERATION_TODAY else \
                    BudgetStatus.committed.value
                yield (line_id, project.id, funder, period_start, period_end, category, round(amount, 2),
                       project.currency, BudgetType.original.value, status, True)
            # A revision replaces a whole period's lines: revise the earliest periods until the count is met.
            for index, (_, funder, period_start, period_end, category) in enumerate(lines[:revised]):
                line_id += 1
                yield (line_id, project.id, funder, period_start, period_end, category,
                       round(amounts[index] * rng.uniform(0.8, 1.25), 2), project.currency,
                       BudgetType.revised.value, BudgetStatus.committed.value, True)

    state.writer.write(
        table_of(BudgetLine),
        ("id", "project_id", "funder_id", "period_start", "period_end", "category", "amount", "currency",
         "budget_type", "status", "is_illustrative"),
        rows(),
    )


def spending(state: Generation) -> None:
    """Commitments, disbursements and expenditures dated within the elapsed part of each project."""
    rng = state.rng("spending")
    counts = spread(state.size.spending, [p.elapsed_days for p in state.projects], minimum=1)

    def rows() -> Iterator[tuple[Any, ...]]:
        spending_id = 0
        for project, count in zip(state.projects, counts, strict=True):
            if not count:
                continue
            elapsed = project.elapsed_days
            share_elapsed = elapsed / max(1, (project.end - project.start).days)
            profile = rng.random()
            # Most projects track the calendar; some run over budget, some far behind.
            if profile < 0.1:
                rate = share_elapsed * rng.uniform(1.1, 1.4)
            elif profile < 0.3:
                rate = share_elapsed * rng.uniform(0.15, 0.5)
            else:
                rate = share_elapsed * rng.uniform(0.8, 1.02)
            commitments = max(1, count // 10)
            consumed_rows = count - commitments
            target_eur = project.budget_eur * rate
            for index in range(count):
                spending_id += 1
                day = project.start + dt.timedelta(days=rng.randrange(0, max(1, elapsed)))
                if index < commitments:
                    kind = SpendingKind.commitment.value
                    amount_eur = project.budget_eur * 0.7 / commitments
                else:
                    kind = SpendingKind.disbursement.value if rng.random() < 0.45 else \
                        SpendingKind.expenditure.value
                    amount_eur = target_eur / max(1, consumed_rows) * rng.uniform(0.5, 1.5)
                currency = project.currency
                if rng.random() < 0.12:  # paid in another currency (local costs, a dollar-funded line)
                    currency = rng.choice(("EUR", "USD", "AUD", "XPF", "FJD", "XOF"))
                amount = round(in_currency(amount_eur, currency), 2)
                funder = project.funders[index % len(project.funders)]
                yield (spending_id, project.id, funder, day, amount, currency, kind,
                       BUDGET_CATEGORIES[index % len(BUDGET_CATEGORIES)], f"{project.code}-T{index + 1:04d}",
                       None, True)

    state.writer.write(
        table_of(Spending),
        ("id", "project_id", "funder_id", "date", "amount", "currency", "kind", "category", "reference",
         "description", "is_illustrative"),
        rows(),
    )
