"""Budget figures built on ``portfolio_money``: money by theme, burn against time and co-financing. Each takes the
filter's ``money`` as read once by its caller (a view model in ``dashboard.views``), never reads it again."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from dashboard.core import metrics
from dashboard.core.currency import MissingRateError, conversion_factor
from dashboard.queries.base import Connectable
from dashboard.queries.filters import PortfolioFilter
from dashboard.queries.money import UNASSIGNED, PortfolioMoney, budget_variance
from dashboard.queries.periods import OPEN_STATUSES

# Budget and consumed by theme
# ---------------------------------------------------------------------------------------------------------

NO_THEME = ""


def money_by_theme(
    source: Connectable,
    *,
    portfolio_filter: PortfolioFilter,
    currency: str = metrics.REPORTING_BASE_CURRENCY,
    as_of: dt.date,
    money: PortfolioMoney,
) -> pd.DataFrame:
    """Budget and consumed per theme. A project with several themes has its money split equally between them
    (the data holds no shares per theme), so the themes add up to the portfolio total and no project is
    counted once per theme. Columns: theme, budget, consumed."""
    budget = money.budget.assign(amount=money.rates.in_currency(money.budget, currency))
    consumed = money.spending[money.spending["measure"] == "consumed"]
    consumed = consumed.assign(amount=money.rates.in_currency(consumed, currency))
    per_project = pd.concat(
        [budget.groupby("project_id")["amount"].sum().rename("budget"),
         consumed.groupby("project_id")["amount"].sum().rename("consumed")],
        axis=1,
    ).fillna(0.0)
    if per_project.empty:
        return pd.DataFrame(columns=["theme", "budget", "consumed"])
    per_project.index.name = "project_id"
    themes = money.themes.assign(share=lambda frame: 1.0 / frame.groupby("project_id")["theme"].transform("count"))
    split = per_project.reset_index().merge(themes, on="project_id", how="left")
    split["theme"] = split["theme"].fillna(NO_THEME)
    split["share"] = split["share"].fillna(1.0)
    split["budget"] *= split["share"]
    split["consumed"] *= split["share"]
    frame = split.groupby("theme", as_index=False)[["budget", "consumed"]].sum()
    # Budgets equal to the cent tie, then the theme decides: one order whatever order the rows came in.
    return (frame.assign(_budget=frame["budget"].round(2)).sort_values(["_budget", "theme"], ascending=[False, True])
            .drop(columns="_budget").reset_index(drop=True))


# ---------------------------------------------------------------------------------------------------------
# Burn against time, co-financing
# ---------------------------------------------------------------------------------------------------------

BURN_COLUMNS = ["project_id", "code", "title", "status", "planned_start", "planned_end", "budget", "consumed",
                "balance", "execution_rate", "time_elapsed", "burn_gap", "behind_time", "overspent",
                "is_illustrative"]


def burn_vs_time(
    source: Connectable,
    *,
    portfolio_filter: PortfolioFilter,
    currency: str = metrics.REPORTING_BASE_CURRENCY,
    as_of: dt.date,
    money: PortfolioMoney,
) -> pd.DataFrame:
    """Per project: execution rate against the share of its planned duration elapsed on ``as_of``. "Behind
    time" (``metrics.is_behind_time``) is only flagged for projects still open: a closed project that spent
    less than planned has under-spent, not fallen behind."""
    variance = budget_variance(source, portfolio_filter=portfolio_filter, group_by="project", currency=currency,
                               as_of=as_of, money=money)
    if variance.empty:
        return pd.DataFrame(columns=BURN_COLUMNS)
    dates = money.projects[["project_id", "status", "planned_start", "planned_end"]]
    frame = variance.rename(columns={"key": "project_id", "label": "code", "detail": "title"}).merge(
        dates, on="project_id", how="left"
    )
    frame["time_elapsed"] = [
        metrics.time_elapsed_share(_date(start), _date(end), as_of)
        for start, end in zip(frame["planned_start"].tolist(), frame["planned_end"].tolist(), strict=True)
    ]
    frame["time_elapsed"] = pd.to_numeric(frame["time_elapsed"], errors="coerce")
    frame["burn_gap"] = metrics.burn_gap(frame["execution_rate"], frame["time_elapsed"])
    behind = metrics.is_behind_time(frame["execution_rate"], frame["time_elapsed"])
    frame["behind_time"] = (behind.fillna(False) & frame["status"].isin(OPEN_STATUSES)).astype(bool)
    return frame[BURN_COLUMNS]


def _date(value: object) -> dt.date | None:
    if value is None or (not isinstance(value, dt.date) and pd.isna(value)):
        return None
    if isinstance(value, pd.Timestamp):
        return value.date()
    return value if isinstance(value, dt.date) else None


def _factor(from_currency: str, to_currency: str, eur_per_unit: dict[str, float]) -> float:
    try:
        return conversion_factor(from_currency, to_currency, eur_per_unit)
    except MissingRateError:
        return float("nan")


COFINANCING_COLUMNS = ["project_id", "code", "title", "currency", "funder_id", "funder", "amount", "share",
                       "lines_total", "declared_total", "declared_difference", "declared_mismatch"]


def cofinancing(source: Connectable, *, portfolio_filter: PortfolioFilter, as_of: dt.date,
                money: PortfolioMoney) -> pd.DataFrame:
    """Each funder's part of each project's effective budget (in the project's currency) with its share in %,
    and the check of the project's declared total against the sum of its lines."""
    rates = money.rates
    projects = money.projects[["project_id", "code", "title", "currency", "declared_total"]].rename(
        columns={"currency": "project_currency"})
    if money.place_shares:  # the lines are the chosen countries' share: so is the total they are checked against
        projects = projects.assign(declared_total=projects["declared_total"] * [
            money.place_share(project_id) for project_id in projects["project_id"]])
    frame = (
        money.budget.groupby(["project_id", "funder_id", "currency"], dropna=False, as_index=False)["amount"].sum()
        .rename(columns={"currency": "line_currency"})
        .merge(projects, on="project_id", how="inner")
        .merge(money.funders[["funder_id", "name"]].rename(columns={"name": "funder"}), on="funder_id", how="left")
    )
    if frame.empty:
        return pd.DataFrame(columns=COFINANCING_COLUMNS)
    # Lines in another currency than the project's are converted to it before adding up (one factor per
    # pair of currencies, not one call per row); a line whose currency has no stored rate is unknown (NaN),
    # left out of the sums as every money figure leaves it out.
    factors = {
        (line_currency, project_currency): _factor(line_currency, project_currency, rates.eur_per_unit)
        for line_currency, project_currency in set(zip(frame["line_currency"], frame["project_currency"],
                                                       strict=True))
    }
    frame["amount"] = frame["amount"].astype("float64") * [
        factors[pair] for pair in zip(frame["line_currency"], frame["project_currency"], strict=True)
    ]
    frame = frame.groupby(["project_id", "code", "title", "project_currency", "declared_total", "funder_id",
                           "funder"], dropna=False, as_index=False, sort=False)["amount"].sum()
    frame["funder"] = [UNASSIGNED if name is None or pd.isna(name) else str(name) for name in frame["funder"]]
    frame = frame.sort_values("project_id", kind="stable").reset_index(drop=True)
    frame["lines_total"] = frame.groupby("project_id")["amount"].transform("sum")
    frame["share"] = metrics.share_percent(frame["amount"], frame["lines_total"])
    # The declared-total check once per project (its lines' total is the same on each of its rows).
    per_project = frame.drop_duplicates("project_id")[["project_id", "declared_total", "lines_total"]]
    checks = {
        project: (metrics.declared_total_difference(None if pd.isna(declared) else float(declared), float(total)),
                  metrics.declared_total_mismatch(None if pd.isna(declared) else float(declared), float(total)))
        for project, declared, total in zip(per_project["project_id"].tolist(), per_project["declared_total"].tolist(),
                                            per_project["lines_total"].tolist(), strict=True)
    }
    project_checks = [checks[project] for project in frame["project_id"].tolist()]
    frame["declared_difference"] = [difference for difference, _mismatch in project_checks]
    frame["declared_mismatch"] = [mismatch for _difference, mismatch in project_checks]
    frame = frame.rename(columns={"project_currency": "currency"})
    # Projects whose declared total does not match come first: they are the ones to look at.
    frame = frame.sort_values(["declared_mismatch", "code", "amount"], ascending=[False, True, False])
    return frame[COFINANCING_COLUMNS].reset_index(drop=True)
