"""What needs attention: one row per item, each with its link target."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

import numpy as np
import pandas as pd
from sqlalchemy import select

from dashboard.core import metrics
from dashboard.core.models import Project
from dashboard.queries.base import Connectable, read_rows, reading
from dashboard.queries.filters import PortfolioFilter, project_ids
from dashboard.queries.periods import ENDING_SOON_DAYS, OPEN_STATUSES, current_filter
from dashboard.queries.reviews import overdue_reviews  # the reviews module owns the overdue rule


class AlertKind(StrEnum):
    overspent = "overspent"
    behind_time = "behind_time"
    indicator_off_track = "indicator_off_track"
    indicator_not_reporting = "indicator_not_reporting"
    review_overdue = "review_overdue"
    ending_soon = "ending_soon"
    declared_total_mismatch = "declared_total_mismatch"


# Order in the list: money first, then results, then relationship upkeep.
ALERT_ORDER = tuple(AlertKind)
ALERT_COLUMNS = ["kind", "item", "detail", "amount", "currency", "rate", "elapsed", "date", "days", "page", "param",
                 "value"]


def upkeep_alerts(source: Connectable, *, portfolio_filter: PortfolioFilter, as_of: dt.date) -> pd.DataFrame:
    """The alerts that need no money or indicator figures: partnership reviews overdue (by the rule of
    ``dashboard.queries.reviews``) and agreements ending within ``ENDING_SOON_DAYS``."""
    records: list[dict[str, object]] = []
    with reading(source) as session:
        overdue = overdue_reviews(session, today=as_of, portfolio_filter=current_filter(portfolio_filter, as_of))
    for row in overdue.itertuples(index=False):
        records.append({"kind": AlertKind.review_overdue, "item": row.name, "detail": row.relationship_owner or "",
                        "date": row.next_review_date, "days": row.days_overdue, "page": "partners",
                        "param": "partner", "value": str(row.organisation_id)})

    horizon = as_of + dt.timedelta(days=ENDING_SOON_DAYS)
    ending = read_rows(
        source,
        select(Project.code, Project.title, Project.planned_end)
        .where(Project.id.in_(project_ids(portfolio_filter)), Project.status.in_(OPEN_STATUSES),
               Project.planned_end >= as_of, Project.planned_end <= horizon)
        .order_by(Project.planned_end),
    )
    for code, title, end in ending:
        records.append({"kind": AlertKind.ending_soon, "item": code, "detail": title, "date": end,
                        "days": (end - as_of).days, "page": "budgets", "param": "project", "value": code})
    return pd.DataFrame.from_records(records, columns=ALERT_COLUMNS)


def alerts_from(*, burn: pd.DataFrame, assessed: pd.DataFrame, funding: pd.DataFrame, upkeep: pd.DataFrame,
                currency: str = metrics.REPORTING_BASE_CURRENCY) -> pd.DataFrame:
    """The alerts list from the frames of ``burn_vs_time`` (in ``currency``), ``indicator_assessments``,
    ``cofinancing`` and ``upkeep_alerts``, in ``ALERT_ORDER``. Each money alert names its currency: balances
    are in the reporting currency, a declared-total difference in the project's own."""
    if burn.empty:
        burn = burn.assign(overspent=pd.Series(dtype=bool), behind_time=pd.Series(dtype=bool))

    def rows(kind: AlertKind, part: pd.DataFrame, **columns: object) -> pd.DataFrame:
        # Column by column: thousands of alerts at the large size, built without a dict per row.
        return pd.DataFrame({"kind": kind.value, **{name: (value if not isinstance(value, pd.Series)
                                                           else value.to_numpy()) for name, value in columns.items()}},
                            index=range(len(part)), columns=ALERT_COLUMNS)

    # Rates equal to a billionth tie, then the code decides: one order whatever order the rows came in.
    over = burn[burn["overspent"]]
    over = over.iloc[np.lexsort((over["code"].to_numpy(dtype=str), -over["execution_rate"].round(9).to_numpy()))]
    behind = burn[burn["behind_time"]]
    behind = behind.iloc[np.lexsort((behind["code"].to_numpy(dtype=str), behind["burn_gap"].round(9).to_numpy()))]
    off_track = assessed[assessed["status"] == metrics.IndicatorStatus.off_track.value]
    # A gap in reporting matters while the project runs; a closed project's silence is not news.
    silent = assessed[(assessed["status"] == metrics.IndicatorStatus.not_reporting.value)
                      & assessed["project_status"].isin(OPEN_STATUSES)]
    mismatched = funding[funding["declared_mismatch"].astype(bool)].drop_duplicates("project_id") if len(
        funding) else funding

    def indicator_item(part: pd.DataFrame) -> pd.Series:
        return part["project_code"].astype(str) + " · " + part["code"].astype(str)

    parts = [
        rows(AlertKind.overspent, over, item=over["code"], detail=over["title"], amount=over["balance"],
             currency=currency, rate=over["execution_rate"], page="budgets", param="project", value=over["code"]),
        rows(AlertKind.behind_time, behind, item=behind["code"], detail=behind["title"],
             rate=behind["execution_rate"], elapsed=behind["time_elapsed"], page="budgets", param="project",
             value=behind["code"]),
        rows(AlertKind.indicator_off_track, off_track, item=indicator_item(off_track), detail=off_track["name"],
             rate=off_track["progress"], page="indicators", param="indicator",
             value=off_track["indicator_id"].astype(str)),
        rows(AlertKind.indicator_not_reporting, silent, item=indicator_item(silent), detail=silent["name"],
             date=silent["last_period_end"], page="indicators", param="indicator",
             value=silent["indicator_id"].astype(str)),
        rows(AlertKind.declared_total_mismatch, mismatched, item=mismatched["code"], detail=mismatched["title"],
             amount=mismatched["declared_difference"], currency=mismatched["currency"], page="budgets",
             param="project", value=mismatched["code"]),
    ]
    frame = pd.concat([part.astype(object) for part in (*parts, upkeep) if len(part)] or [upkeep],
                      ignore_index=True)
    frame["kind"] = frame["kind"].astype(str)
    order = {kind.value: position for position, kind in enumerate(ALERT_ORDER)}
    frame = frame.assign(_order=frame["kind"].map(order)).sort_values("_order", kind="stable")
    return frame.drop(columns="_order").reset_index(drop=True)
