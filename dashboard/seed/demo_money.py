"""Demo money: budget lines as the documents give them (a budget, or a funding table) and spending, real
where a sheet states what was consumed (INTEGRE REG-C1.1), illustrative elsewhere."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlmodel import select

from dashboard.core.models import (
    BudgetLine,
    BudgetStatus,
    BudgetType,
    Organisation,
    Project,
    Spending,
    SpendingKind,
)
from dashboard.core.orm import id_of
from dashboard.seed.demo_state import (
    DemoState,
    project_period,
)


def budget_and_spending(state: DemoState, project: Project, record: dict[str, Any],
                        funders: list[tuple[Organisation, float | None]]) -> None:
    """The project's budget lines (its budget, else its funding table, else an illustrative amount) and its
    spending (what its sheet says was consumed, else illustrative)."""
    start, end = project_period(project)
    funded = [(organisation, amount) for organisation, amount in funders if amount]
    if record.get("budget"):
        _budget_line(state, project, None, start, end, float(record["budget"]), illustrative=False)
    elif funded:
        # A funding table is the project's budget: one committed line per funder, as printed.
        for organisation, amount in funded:
            _budget_line(state, project, organisation, start, end, float(amount), illustrative=False)
    else:
        amount = float(state.random.randrange(40, 900) * 1000)
        funder = funders[0][0] if funders else None
        _budget_line(state, project, funder, start, end, amount, illustrative=True)

    activities = [activity for activity in record.get("activities") or [] if activity.get("budget")]
    if record.get("consumed") is not None:
        _real_consumption(state, project, record, activities, start, end)
    else:
        spenders: list[tuple[Organisation, float | None]] = [*funded] or [(f, None) for f, _ in funders]
        _illustrative_spending(state, project, spenders, start, end)


def _budget_line(state: DemoState, project: Project,
    funder: Organisation | None,
    start: dt.date,
    end: dt.date,
    amount: float,
    *,
    illustrative: bool,
) -> None:
    state.session.add(
        BudgetLine(
            project_id=id_of(project),
            funder_id=funder.id if funder else None,
            period_start=start,
            period_end=end,
            category="Total",
            amount=amount,
            currency=project.currency,
            budget_type=BudgetType.original,
            status=BudgetStatus.committed,
            is_illustrative=illustrative,
        )
    )
    state.counts["budget_lines"] += 1


def _real_consumption(state: DemoState, project: Project,
    record: dict[str, Any],
    activities: list[dict[str, Any]],
    start: dt.date,
    end: dt.date,
) -> None:
    """Spending from a sheet that states what was consumed (INTEGRE REG-C1.1).

    The workshops' own budgets are booked as expenditures in their year; whatever the sheet's consumed
    figure holds beyond them (coordination, travel) is booked as one expenditure at the end, so the total
    equals the sheet exactly.
    """
    total = float(record["consumed"])
    booked = 0.0
    for activity in activities:
        amount = float(activity["budget"])
        if booked + amount > total:
            break
        year = int(activity.get("year") or start.year)
        _spend(state, project, None, dt.date(year, 6, 30), amount, SpendingKind.expenditure,
                    f"{activity.get('code', '')} {activity.get('title', '')}".strip(), illustrative=False,
                    category="Atelier")
        booked += amount
    rest = round(total - booked, 2)
    if rest:
        _spend(state, project, None, min(end, state.today), rest, SpendingKind.expenditure,
                    "Coordination et autres dépenses (solde du consommé déclaré)", illustrative=False)


def _illustrative_spending(state: DemoState, project: Project,
    funders: list[tuple[Organisation, float | None]],
    start: dt.date,
    end: dt.date,
) -> None:
    budget_total = sum(
        line.amount for line in state.session.exec(select(BudgetLine).where(BudgetLine.project_id == project.id))
    )
    elapsed = min(1.0, max(0.0, (state.today - start).days / max(1, (end - start).days)))
    if elapsed <= 0:
        return
    # Most projects track their calendar; a few run ahead (over-spent) or far behind.
    profile = state.random.random()
    if profile < 0.12:
        target_rate = elapsed * state.random.uniform(1.05, 1.2)
    elif profile < 0.3:
        target_rate = elapsed * state.random.uniform(0.2, 0.5)
    else:
        target_rate = elapsed * state.random.uniform(0.8, 1.0)
    target = budget_total * target_rate
    months = max(1, int(elapsed * (end - start).days / 30.4))
    slices = min(months, 12)
    funder = funders[0][0] if funders else None
    commitment_date = start + dt.timedelta(days=15)
    _spend(state, project, funder, commitment_date, round(budget_total * 0.6, 2), SpendingKind.commitment,
                "Engagement (illustratif)", illustrative=True)
    for index in range(slices):
        share = (index + 1) / slices
        day = start + dt.timedelta(days=int(share * elapsed * (end - start).days))
        amount = round(target / slices, 2)
        kind = SpendingKind.disbursement if index % 3 == 0 else SpendingKind.expenditure
        _spend(state, project, funder, min(day, state.today), amount, kind, "Dépense (illustratif)",
                    illustrative=True)


def _spend(state: DemoState, project: Project,
    funder: Organisation | None,
    day: dt.date,
    amount: float,
    kind: str,
    description: str,
    *,
    illustrative: bool,
    category: str | None = None,
) -> None:
    state.counts["spending"] += 1
    state.session.add(
        Spending(
            project_id=id_of(project),
            funder_id=funder.id if funder else None,
            date=day,
            amount=amount,
            currency=project.currency,
            kind=kind,
            category=category,
            reference=f"{project.code}-{state.counts['spending']:05d}",
            description=description[:1000],
            is_illustrative=illustrative,
        )
    )
