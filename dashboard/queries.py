"""Read queries behind the pages. Every aggregation runs in SQL (GROUP BY); pandas only shapes the few rows
that come back and applies the rules of ``dashboard.metrics``.

Functions take an engine (or a session) first, then keyword-only arguments, and return pandas DataFrames or
small dataclasses; none touches Streamlit, so they are tested on SQLite and PostgreSQL directly.
"""

from __future__ import annotations

import datetime as dt
import operator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from enum import StrEnum

import numpy as np
import pandas as pd
from sqlalchemy import Integer, and_, case, cast, exists, extract, func, or_, select, union
from sqlalchemy.engine import Engine
from sqlalchemy.orm import aliased
from sqlmodel import Session

from dashboard import metrics
from dashboard.filters import PortfolioFilter, organisation_ids, project_ids
from dashboard.models import (
    BudgetLine,
    BudgetType,
    ExchangeRate,
    Indicator,
    IndicatorValue,
    Organisation,
    OrganisationStatus,
    Project,
    ProjectCountry,
    ProjectRole,
    ProjectSdg,
    ProjectStatus,
    ProjectTheme,
    Spending,
    StrategicObjective,
)
from dashboard.regions import REGIONS, region_of

Connectable = Engine | Session


def _session(source: Connectable) -> Session:
    return source if isinstance(source, Session) else Session(source)


def _rows(source: Connectable, statement) -> list[tuple]:
    """Plain tuples: pandas builds a frame from them several times faster than from SQLAlchemy rows."""
    if isinstance(source, Session):
        return [tuple(row) for row in source.connection().execute(statement).fetchall()]
    with source.connect() as connection:
        return [tuple(row) for row in connection.execute(statement).fetchall()]


def _rows_side_by_side(source: Connectable, *statements) -> list[list[tuple]]:
    """The rows of independent statements, run on separate connections at once when ``source`` is an engine
    (a session is one connection, so it runs them in turn): the two big passes over the money tables then
    take the time of the longer one on a machine with two cores."""
    if isinstance(source, Session) or len(statements) < 2:
        return [_rows(source, statement) for statement in statements]
    with ThreadPoolExecutor(max_workers=len(statements), thread_name_prefix="query") as pool:
        return list(pool.map(lambda statement: _rows(source, statement), statements))


def _frame(rows: list[tuple], columns: list[str]) -> pd.DataFrame:
    if not rows:
        return pd.DataFrame(columns=columns)
    frame = pd.DataFrame.from_records(rows, columns=columns)
    # Text as Python strings, not pandas' Arrow strings: labels, alerts and tables walk these columns value by
    # value, and reading an Arrow string one at a time costs a few microseconds (half a second per cold page).
    text = frame.select_dtypes(include="string").columns
    return frame.astype(dict.fromkeys(text, object)) if len(text) else frame


# ---------------------------------------------------------------------------------------------------------
# Filter options
# ---------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class FilterOptions:
    """The values the sidebar offers: only what the database holds, so no choice leads to an empty page."""

    countries: tuple[str, ...]
    regions: tuple[str, ...]
    org_types: tuple[str, ...]
    roles: tuple[str, ...]
    themes: tuple[str, ...]
    sdgs: tuple[int, ...]
    statuses: tuple[str, ...]
    objectives: tuple[tuple[str, str], ...]  # (code, title)

    @property
    def is_empty(self) -> bool:
        return not (self.countries or self.org_types or self.statuses or self.themes)


def filter_options(source: Connectable) -> FilterOptions:
    def distinct_values(column) -> tuple:
        rows = _rows(source, select(column).distinct().where(column.is_not(None)).order_by(column))
        return tuple(row[0] for row in rows)

    country_rows = _rows(
        source,
        union(
            select(ProjectCountry.country.label("country")),
            select(Organisation.country.label("country")).where(Organisation.country.is_not(None)),
        ),
    )
    countries = tuple(sorted({row[0] for row in country_rows if row[0]}))
    present_regions = {region_of(country) for country in countries} - {None}
    if present_regions & {"MELANESIA", "MICRONESIA", "POLYNESIA"}:
        present_regions.add("PACIFIC")
    regions = tuple(code for code in REGIONS if code in present_regions)
    objectives = tuple(
        (row[0], row[1])
        for row in _rows(
            source, select(StrategicObjective.code, StrategicObjective.title).order_by(StrategicObjective.code)
        )
    )
    return FilterOptions(
        countries=countries,
        regions=regions,
        org_types=distinct_values(Organisation.type),
        roles=distinct_values(ProjectRole.role),
        themes=distinct_values(ProjectTheme.theme),
        sdgs=tuple(int(value) for value in distinct_values(ProjectSdg.sdg)),
        statuses=distinct_values(Project.status),
        objectives=objectives,
    )


# ---------------------------------------------------------------------------------------------------------
# Periods
# ---------------------------------------------------------------------------------------------------------

# Without a chosen period, figures are "to date" and compared with the same figures one year earlier.
DEFAULT_COMPARISON_DAYS = 365
ENDING_SOON_DAYS = 90
_OPEN_STATUSES = (ProjectStatus.pipeline.value, ProjectStatus.implementation.value,
                  ProjectStatus.finalisation.value, ProjectStatus.suspended.value)


def current_filter(portfolio_filter: PortfolioFilter, as_of: dt.date) -> PortfolioFilter:
    """The filter with its period closed at ``as_of`` when it has no end: nothing dated later counts."""
    if portfolio_filter.period_end is not None:
        return portfolio_filter
    return portfolio_filter.with_changes(period_end=as_of)


def previous_filter(portfolio_filter: PortfolioFilter, as_of: dt.date) -> PortfolioFilter:
    """The comparison period: with a chosen period [start, end], the period of the same length just before it;
    without a start, the figures to the same date one year earlier."""
    current = current_filter(portfolio_filter, as_of)
    end = current.period_end
    assert end is not None
    if current.period_start is None:
        return current.with_changes(period_end=end - dt.timedelta(days=DEFAULT_COMPARISON_DAYS))
    length = end - current.period_start + dt.timedelta(days=1)
    return current.with_changes(period_start=current.period_start - length, period_end=end - length)


def reporting_window(portfolio_filter: PortfolioFilter, as_of: dt.date) -> tuple[dt.date, dt.date]:
    """The period in which an indicator must report to count as reporting: the chosen period, or the year
    to ``as_of``."""
    current = current_filter(portfolio_filter, as_of)
    end = current.period_end
    assert end is not None
    start = current.period_start or end - dt.timedelta(days=DEFAULT_COMPARISON_DAYS)
    return start, end


# ---------------------------------------------------------------------------------------------------------
# Money: the SQL building blocks
# ---------------------------------------------------------------------------------------------------------


def effective_budget_condition():
    """SQL twin of ``metrics.effective_budget_mask``: a line counts when it is revised, or when no revised line
    exists for the same project and period (NULL periods compare equal, as in the pandas rule)."""
    revised = aliased(BudgetLine)
    has_revision = exists(
        select(revised.id).where(
            revised.project_id == BudgetLine.project_id,
            revised.budget_type == BudgetType.revised.value,
            revised.period_start.is_not_distinct_from(BudgetLine.period_start),
            revised.period_end.is_not_distinct_from(BudgetLine.period_end),
        )
    )
    return or_(BudgetLine.budget_type == BudgetType.revised.value, ~has_revision)


def _budget_conditions(portfolio_filter: PortfolioFilter) -> list:
    """Effective lines of the kept projects that overlap the period (an undated line always counts)."""
    start, end = portfolio_filter.period_start, portfolio_filter.period_end
    conditions = [effective_budget_condition(), BudgetLine.project_id.in_(project_ids(portfolio_filter))]
    if end is not None:
        conditions.append(or_(BudgetLine.period_start.is_(None), BudgetLine.period_start <= end))
    if start is not None:
        conditions.append(or_(BudgetLine.period_end.is_(None), BudgetLine.period_end >= start))
    return conditions


def _spending_conditions(portfolio_filter: PortfolioFilter, kinds: tuple[str, ...]) -> list:
    conditions = [Spending.kind.in_(kinds), Spending.project_id.in_(project_ids(portfolio_filter))]
    if portfolio_filter.period_end is not None:
        conditions.append(Spending.date <= portfolio_filter.period_end)
    if portfolio_filter.period_start is not None:
        conditions.append(Spending.date >= portfolio_filter.period_start)
    return conditions


def _any_illustrative(flag):  # a SQL column in, a SQL expression out
    """1 when any summed row was generated for the demo, so the figure is marked illustrative."""
    return func.max(case((flag, 1), else_=0)).label("illustrative")


_LINE_CURRENCY = func.coalesce(BudgetLine.currency, Project.currency)


@dataclass(frozen=True)
class RatesUsed:
    """Exchange rates (euros per unit) as of a date, with their dates and sources, shown beside converted
    figures."""

    eur_per_unit: dict[str, float]
    table: pd.DataFrame  # currency, rate_date, eur_per_unit, source


def latest_rates(source: Connectable, *, as_of: dt.date) -> RatesUsed:
    """The latest stored rate of each currency on or before ``as_of``."""
    latest = (
        select(ExchangeRate.currency, func.max(ExchangeRate.rate_date).label("rate_date"))
        .where(ExchangeRate.rate_date <= as_of)
        .group_by(ExchangeRate.currency)
        .subquery()
    )
    rows = _rows(
        source,
        select(ExchangeRate.currency, ExchangeRate.rate_date, ExchangeRate.eur_per_unit, ExchangeRate.source)
        .join(latest, and_(latest.c.currency == ExchangeRate.currency, latest.c.rate_date == ExchangeRate.rate_date))
        .order_by(ExchangeRate.currency),
    )
    table = pd.DataFrame(rows, columns=["currency", "rate_date", "eur_per_unit", "source"])
    return RatesUsed(eur_per_unit=dict(zip(table["currency"], table["eur_per_unit"], strict=True)), table=table)


def _convert_column(frame: pd.DataFrame, amount: str, currency: str, target: str, rates: RatesUsed) -> pd.Series:
    """Amounts in several currencies converted to ``target`` with ``metrics.convert`` (one factor per
    currency); raises ``metrics.MissingRateError`` naming a currency that has no stored rate."""
    if frame.empty:
        return pd.Series(dtype="float64", index=frame.index)
    # A missing currency means the target's own (a line without one is in its project's currency).
    codes = frame[currency].astype(object).where(frame[currency].notna(), target)
    factors = {code: metrics.convert(1.0, str(code), target, rates.eur_per_unit) for code in codes.unique()}
    return frame[amount].astype("float64") * codes.map(factors).astype("float64")


def _currencies_used(frames: list[pd.DataFrame]) -> list[str]:
    codes: set[str] = set()
    for frame in frames:
        if not frame.empty:
            codes.update(str(code) for code in frame["currency"].dropna().unique())
    return sorted(codes)


# ---------------------------------------------------------------------------------------------------------
# Budget variance
# ---------------------------------------------------------------------------------------------------------

GROUPINGS = ("project", "funder", "year", "category")
UNASSIGNED = ""  # a funder or category left empty in the source
VARIANCE_COLUMNS = ["key", "label", "detail", "budget", "consumed", "committed", "balance", "execution_rate",
                    "overspent", "is_illustrative"]


def _budget_sums(portfolio_filter: PortfolioFilter, *keys):
    """SELECT keys…, currency, amount, illustrative: the effective budget summed per ``keys`` and currency."""
    return (
        select(*keys, _LINE_CURRENCY.label("currency"), func.sum(BudgetLine.amount).label("amount"),
               _any_illustrative(BudgetLine.is_illustrative))
        .join(Project, Project.id == BudgetLine.project_id)
        .where(*_budget_conditions(portfolio_filter))
        .group_by(*keys, _LINE_CURRENCY)
    )


_MEASURE = case((Spending.kind.in_(metrics.CONSUMED_KINDS), "consumed"), else_="committed")


def _spending_sums(portfolio_filter: PortfolioFilter, *keys):
    """SELECT keys…, currency, measure, amount, illustrative: consumed and committed summed per ``keys``,
    currency and measure."""
    return (
        select(*keys, Spending.currency.label("currency"), _MEASURE.label("measure"),
               func.sum(Spending.amount).label("amount"), _any_illustrative(Spending.is_illustrative))
        .where(*_spending_conditions(portfolio_filter, metrics.CONSUMED_KINDS + metrics.COMMITMENT_KINDS))
        .group_by(*keys, Spending.currency, _MEASURE)
    )


def _budget_by(source: Connectable, portfolio_filter: PortfolioFilter, key) -> pd.DataFrame:
    """Effective budget summed in SQL per ``key`` (a SQL expression) and currency."""
    return _frame(_rows(source, _budget_sums(portfolio_filter, key.label("key"))),
                  ["key", "currency", "amount", "illustrative"])


def _spending_by(source: Connectable, portfolio_filter: PortfolioFilter, key) -> pd.DataFrame:
    """Consumed and committed amounts summed in SQL per ``key``, currency and measure."""
    return _frame(_rows(source, _spending_sums(portfolio_filter, key.label("key"))),
                  ["key", "currency", "measure", "amount", "illustrative"])


@dataclass(frozen=True)
class PortfolioMoney:
    """The money of the kept projects up to a date, read once and shared by every money figure of a page
    (headline, variance by project and by funder, burn, themes, co-financing): one pass over the budget lines
    and one over the spending, grouped by project, instead of one pass per figure; with the comparison
    period's totals (``previous_filter``) for the headline's changes when asked.

    Pages get it through ``dashboard.ui.cached`` and hand it on to those functions (as ``money=``); each
    function reads it for itself when called without it.
    """

    budget: pd.DataFrame  # project_id, funder_id, currency (the line's, else the project's), amount, illustrative
    spending: pd.DataFrame  # project_id, currency, measure (consumed | committed), amount, illustrative
    projects: pd.DataFrame  # PROJECT_COLUMNS, every kept project
    funders: pd.DataFrame  # funder_id, name, acronym: the funders named by the budget lines
    themes: pd.DataFrame  # project_id, theme
    rates: RatesUsed
    # Totals per currency (and measure) of the comparison period; None unless asked for (``with_previous``).
    previous_budget: pd.DataFrame | None = None
    previous_spending: pd.DataFrame | None = None


PROJECT_COLUMNS = ["project_id", "code", "title", "status", "planned_start", "planned_end", "currency",
                   "declared_total"]


def portfolio_money(source: Connectable, *, portfolio_filter: PortfolioFilter, as_of: dt.date,
                    with_previous: bool = False) -> PortfolioMoney:
    """Effective budget per project, funder and currency, and consumed and committed per project and currency,
    of the filter closed at ``as_of`` (``current_filter``), with what the figures need to be labelled; with
    ``with_previous``, the comparison period's totals per currency too, read alongside."""
    current = current_filter(portfolio_filter, as_of)
    previous = previous_filter(portfolio_filter, as_of)
    kept = project_ids(current)
    budget_passes = [_budget_sums(current, BudgetLine.project_id, BudgetLine.funder_id), _budget_sums(previous)]
    spending_passes = [_spending_sums(current, Spending.project_id), _spending_sums(previous)]
    # The comparison period needs totals only (the headline's changes): two passes that return a few rows,
    # run beside the two big ones, so the database scans all four at once.
    wanted = [budget_passes[0], spending_passes[0], *([budget_passes[1], spending_passes[1]] if with_previous else [])]
    results = _rows_side_by_side(source, *wanted)
    budget = _frame(results[0], ["project_id", "funder_id", "currency", "amount", "illustrative"])
    spending = _frame(results[1], ["project_id", "currency", "measure", "amount", "illustrative"])
    previous_budget = _frame(results[2], ["currency", "amount", "illustrative"]) if with_previous else None
    previous_spending = (_frame(results[3], ["currency", "measure", "amount", "illustrative"]) if with_previous
                         else None)
    projects = _frame(_rows(
        source,
        select(Project.id, Project.code, Project.title, Project.status, Project.planned_start, Project.planned_end,
               Project.currency, Project.declared_total).where(Project.id.in_(kept)),
    ), PROJECT_COLUMNS)
    funder_ids = sorted({int(value) for value in budget["funder_id"].dropna()}) if not budget.empty else []
    funders = _frame(_rows(
        source, select(Organisation.id, Organisation.name, Organisation.acronym).where(Organisation.id.in_(funder_ids))
    ), ["funder_id", "name", "acronym"])
    themes = _frame(_rows(
        source, select(ProjectTheme.project_id, ProjectTheme.theme).where(ProjectTheme.project_id.in_(kept))
    ), ["project_id", "theme"])
    return PortfolioMoney(budget=budget, spending=spending, projects=projects, funders=funders, themes=themes,
                          rates=latest_rates(source, as_of=as_of), previous_budget=previous_budget,
                          previous_spending=previous_spending)


def _money_by_project(money: PortfolioMoney) -> tuple[pd.DataFrame, pd.DataFrame]:
    budget = money.budget.groupby(["project_id", "currency"], as_index=False, dropna=False).agg(
        amount=("amount", "sum"), illustrative=("illustrative", "max"))
    return (budget.rename(columns={"project_id": "key"}), money.spending.rename(columns={"project_id": "key"}))


def _money_by_funder(money: PortfolioMoney) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Budget per funder from the funders' budget lines; consumed and committed per funder apportioned to each
    funder's share of the project's effective budget (co-financed money is pooled: a payment is not earmarked
    to one funder), so the funders' parts add up to the project's total and nothing is counted twice. Money
    of a project with no funder lines stays under "unassigned"."""
    budget, spending = money.budget, money.spending
    per_funder = budget.groupby(["project_id", "funder_id"], dropna=False)["amount"].sum().rename("funder_amount")
    per_project = budget.groupby("project_id")["amount"].sum().rename("project_amount")
    shares_frame = per_funder.reset_index().merge(per_project.reset_index(), on="project_id")
    shares_frame["share"] = (shares_frame["funder_amount"] / shares_frame["project_amount"]).where(
        shares_frame["project_amount"] != 0, 0.0
    )
    apportioned = spending.merge(shares_frame[["project_id", "funder_id", "share"]], on="project_id", how="left")
    apportioned["share"] = apportioned["share"].fillna(1.0)  # no budget lines: all of it unassigned
    apportioned["amount"] = apportioned["amount"] * apportioned["share"]
    apportioned["key"] = apportioned["funder_id"]
    budget = budget.assign(key=budget["funder_id"])
    return (budget[["key", "currency", "amount", "illustrative"]],
            apportioned[["key", "currency", "measure", "amount", "illustrative"]])


def _variance_frame(budget: pd.DataFrame, spending: pd.DataFrame, currency: str, rates: RatesUsed) -> pd.DataFrame:
    budget = budget.assign(amount=_convert_column(budget, "amount", "currency", currency, rates))
    spending = spending.assign(amount=_convert_column(spending, "amount", "currency", currency, rates))
    budget_by_key = budget.groupby("key", dropna=False)["amount"].sum().rename("budget")
    consumed_by_key = (
        spending[spending["measure"] == "consumed"].groupby("key", dropna=False)["amount"].sum().rename("consumed")
    )
    committed_by_key = (
        spending[spending["measure"] == "committed"].groupby("key", dropna=False)["amount"].sum().rename("committed")
    )
    illustrative = pd.concat([budget[["key", "illustrative"]], spending[["key", "illustrative"]]])
    illustrative_by_key = illustrative.groupby("key", dropna=False)["illustrative"].max().astype(bool)
    frame = pd.concat([budget_by_key, consumed_by_key, committed_by_key], axis=1).fillna(0.0)
    frame["is_illustrative"] = illustrative_by_key.reindex(frame.index).fillna(False).astype(bool)
    frame.index.name = "key"
    frame = frame.reset_index()
    frame["balance"] = metrics.balance(frame["budget"], frame["consumed"])
    frame["execution_rate"] = metrics.execution_rate(frame["consumed"], frame["budget"])
    frame["overspent"] = metrics.is_overspent(frame["execution_rate"]).fillna(False).astype(bool)
    return frame


def _split_years(budget_periods: pd.DataFrame) -> pd.DataFrame:
    """Spread each (period, currency) budget total over calendar years by days, so a three-year line is not
    put wholly in its first year; undated lines go to the key None ("undated")."""
    records: list[tuple[object, str, float, int]] = []
    for row in budget_periods.itertuples(index=False):
        start, end = row.period_start, row.period_end
        if start is None or end is None or pd.isna(start) or pd.isna(end) or end < start:
            year_key = start.year if start is not None and not pd.isna(start) else None
            records.append((year_key, row.currency, float(row.amount), int(row.illustrative)))
            continue
        total_days = (end - start).days + 1
        for year in range(start.year, end.year + 1):
            first = max(start, dt.date(year, 1, 1))
            last = min(end, dt.date(year, 12, 31))
            records.append((year, row.currency, float(row.amount) * ((last - first).days + 1) / total_days,
                            int(row.illustrative)))
    frame = pd.DataFrame(records, columns=["key", "currency", "amount", "illustrative"])
    return frame.groupby(["key", "currency"], dropna=False, as_index=False).agg(
        amount=("amount", "sum"), illustrative=("illustrative", "max")
    )


def budget_by_project(
    source: Connectable, *, portfolio_filter: PortfolioFilter, currency: str = metrics.REPORTING_BASE_CURRENCY,
    as_of: dt.date, money: PortfolioMoney | None = None,
) -> pd.Series:
    """Effective budget per project id in ``currency``, counted as ``budget_variance`` counts it, without its
    spending side (for views that show budgets only, such as the map). Raises ``metrics.MissingRateError``."""
    if money is not None:
        budget, _spending = _money_by_project(money)
        rates = money.rates
    else:  # the budget pass alone: the map needs no spending
        budget = _budget_by(source, current_filter(portfolio_filter, as_of), BudgetLine.project_id)
        rates = latest_rates(source, as_of=as_of)
    if budget.empty:
        return pd.Series(dtype="float64")
    converted = _convert_column(budget, "amount", "currency", currency, rates)
    return converted.groupby(budget["key"].astype(int)).sum()


def budget_variance(
    source: Connectable,
    *,
    portfolio_filter: PortfolioFilter,
    group_by: str = "project",
    currency: str = metrics.REPORTING_BASE_CURRENCY,
    as_of: dt.date,
    money: PortfolioMoney | None = None,
) -> pd.DataFrame:
    """Budget, consumed, committed (apart), balance and execution rate per project, funder, year or category,
    in ``currency``. Columns: ``VARIANCE_COLUMNS``; ``key`` is the project code, funder id, year or category.

    Budget = effective lines (revised replaces original); consumed = disbursements + expenditures;
    commitments are shown apart and never added to consumed. A year holds the spending dated in it and its
    share (by days) of each budget line's period. ``money``: the filter's ``portfolio_money``, when the caller
    holds it already (used for the project and funder groupings).
    """
    if group_by not in GROUPINGS:
        raise ValueError(f"group_by must be one of {', '.join(GROUPINGS)}")
    current = current_filter(portfolio_filter, as_of)
    if group_by in ("project", "funder"):
        money = money or portfolio_money(source, portfolio_filter=portfolio_filter, as_of=as_of)
        budget, spending = _money_by_project(money) if group_by == "project" else _money_by_funder(money)
        rates = money.rates
    elif group_by == "year":
        rates = latest_rates(source, as_of=as_of)
        spending = _spending_by(source, current, cast(extract("year", Spending.date), Integer))
        budget_rows = _rows(
            source,
            select(
                BudgetLine.period_start,
                BudgetLine.period_end,
                _LINE_CURRENCY.label("currency"),
                func.sum(BudgetLine.amount).label("amount"),
                _any_illustrative(BudgetLine.is_illustrative),
            )
            .join(Project, Project.id == BudgetLine.project_id)
            .where(*_budget_conditions(current))
            .group_by(BudgetLine.period_start, BudgetLine.period_end, _LINE_CURRENCY),
        )
        budget = _split_years(
            pd.DataFrame(budget_rows, columns=["period_start", "period_end", "currency", "amount", "illustrative"])
        )
    else:
        rates = latest_rates(source, as_of=as_of)
        budget = _budget_by(source, current, func.coalesce(BudgetLine.category, UNASSIGNED))
        spending = _spending_by(source, current, func.coalesce(Spending.category, UNASSIGNED))
    frame = _variance_frame(budget, spending, currency, rates)
    if money is not None and group_by in ("project", "funder"):
        frame["label"], frame["detail"] = _money_labels(money, group_by, frame["key"])
    else:
        frame["label"] = ["" if key is None or pd.isna(key) else str(key) for key in frame["key"]]
        frame["detail"] = ""
    if group_by == "year":
        frame = frame.sort_values("key", na_position="last")
    else:
        frame = frame.sort_values(["execution_rate", "budget"], ascending=[False, False], na_position="last")
    return frame[VARIANCE_COLUMNS].reset_index(drop=True)


def _money_labels(money: PortfolioMoney, group_by: str, keys: pd.Series) -> tuple[list[str], list[str]]:
    """What to show for each key: project code and title, or funder name and acronym."""
    if group_by == "project":
        found = {int(key): (code, title) for key, code, title in zip(
            money.projects["project_id"], money.projects["code"], money.projects["title"], strict=True)}
    else:
        found = {int(key): (name, acronym if isinstance(acronym, str) else "") for key, name, acronym in zip(
            money.funders["funder_id"], money.funders["name"], money.funders["acronym"], strict=True)}
    labels: list[str] = []
    details: list[str] = []
    for key in keys:
        label, detail = (UNASSIGNED, "") if key is None or pd.isna(key) else found.get(int(key), (str(key), ""))
        labels.append(label)
        details.append(detail)
    return labels, details


# ---------------------------------------------------------------------------------------------------------
# Budget and consumed by theme
# ---------------------------------------------------------------------------------------------------------

NO_THEME = ""


def money_by_theme(
    source: Connectable,
    *,
    portfolio_filter: PortfolioFilter,
    currency: str = metrics.REPORTING_BASE_CURRENCY,
    as_of: dt.date,
    money: PortfolioMoney | None = None,
) -> pd.DataFrame:
    """Budget and consumed per theme. A project with several themes has its money split equally between them
    (the data holds no shares per theme), so the themes add up to the portfolio total and no project is
    counted once per theme. Columns: theme, budget, consumed."""
    money = money or portfolio_money(source, portfolio_filter=portfolio_filter, as_of=as_of)
    budget = money.budget.assign(amount=_convert_column(money.budget, "amount", "currency", currency, money.rates))
    consumed = money.spending[money.spending["measure"] == "consumed"]
    consumed = consumed.assign(amount=_convert_column(consumed, "amount", "currency", currency, money.rates))
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
    return frame.sort_values("budget", ascending=False).reset_index(drop=True)


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
    money: PortfolioMoney | None = None,
) -> pd.DataFrame:
    """Per project: execution rate against the share of its planned duration elapsed on ``as_of``. "Behind
    time" (``metrics.is_behind_time``) is only flagged for projects still open: a closed project that spent
    less than planned has under-spent, not fallen behind."""
    money = money or portfolio_money(source, portfolio_filter=portfolio_filter, as_of=as_of)
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
    frame["behind_time"] = (behind.fillna(False) & frame["status"].isin(_OPEN_STATUSES)).astype(bool)
    return frame[BURN_COLUMNS]


def _date(value: object) -> dt.date | None:
    if value is None or (not isinstance(value, dt.date) and pd.isna(value)):
        return None
    if isinstance(value, pd.Timestamp):
        return value.date()
    return value  # type: ignore[return-value]


COFINANCING_COLUMNS = ["project_id", "code", "title", "currency", "funder_id", "funder", "amount", "share",
                       "lines_total", "declared_total", "declared_difference", "declared_mismatch"]


def cofinancing(source: Connectable, *, portfolio_filter: PortfolioFilter, as_of: dt.date,
                money: PortfolioMoney | None = None) -> pd.DataFrame:
    """Each funder's part of each project's effective budget (in the project's currency) with its share in %,
    and the check of the project's declared total against the sum of its lines."""
    money = money or portfolio_money(source, portfolio_filter=portfolio_filter, as_of=as_of)
    rates = money.rates
    projects = money.projects[["project_id", "code", "title", "currency", "declared_total"]].rename(
        columns={"currency": "project_currency"})
    frame = (
        money.budget.groupby(["project_id", "funder_id", "currency"], dropna=False, as_index=False)["amount"].sum()
        .rename(columns={"currency": "line_currency"})
        .merge(projects, on="project_id", how="inner")
        .merge(money.funders[["funder_id", "name"]].rename(columns={"name": "funder"}), on="funder_id", how="left")
    )
    if frame.empty:
        return pd.DataFrame(columns=COFINANCING_COLUMNS)
    # Lines in another currency than the project's are converted to it before adding up (one factor per
    # pair of currencies, not one call per row).
    factors = {
        (line_currency, project_currency): metrics.conversion_factor(line_currency, project_currency,
                                                                     rates.eur_per_unit)
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


# ---------------------------------------------------------------------------------------------------------
# Indicators
# ---------------------------------------------------------------------------------------------------------

ASSESSMENT_COLUMNS = ["indicator_id", "project_id", "project_code", "project_status", "code", "name", "unit",
                      "cumulative", "direction", "baseline_value", "target_value", "target_date", "actual_to_date",
                      "progress", "expected_progress", "status", "last_period_end", "window_start", "is_illustrative"]


def _indicator_window_start(window_start: dt.date, window_end: dt.date, target_date: dt.date | None) -> dt.date:
    """An indicator whose target date passed before the reporting window is judged on its final year, so a
    finished indicator is not listed as "not reporting" forever."""
    if target_date is not None and target_date < window_start:
        return target_date - dt.timedelta(days=DEFAULT_COMPARISON_DAYS)
    return window_start


def _last_report(reported, wanted, window_end: dt.date):
    """``wanted`` of an indicator's last value (by period end, then start) up to ``window_end`` with
    ``reported`` not NULL: one index probe per indicator, read backwards from ``window_end``. A scalar
    subquery per column rather than a join on the row's id, which PostgreSQL answers by hashing every value."""
    value = aliased(IndicatorValue)
    return (
        select(getattr(value, wanted.key))
        .where(value.indicator_id == Indicator.id, value.period_end <= window_end,
               getattr(value, reported.key).is_not(None))
        .order_by(value.period_end.desc(), value.period_start.desc())
        .limit(1)
        .scalar_subquery()
    )


def indicator_assessments(source: Connectable, *, portfolio_filter: PortfolioFilter, as_of: dt.date) -> pd.DataFrame:
    """Status of every indicator of the kept projects, by the rules of ``metrics.assess_indicator``: the value
    and plan to date come from the indicator's last report up to the period's end (stored by
    ``dashboard.values_to_date``: latest for cumulative indicators, sum for periodic ones), then progress,
    expected progress and status come from the metric functions."""
    current = current_filter(portfolio_filter, as_of)
    window_start, window_end = reporting_window(portfolio_filter, as_of)
    actual, target = IndicatorValue.actual, IndicatorValue.target
    columns = ["indicator_id", "project_id", "project_code", "project_status", "code", "name", "unit", "cumulative",
               "direction", "baseline_value", "baseline_date", "target_value", "target_date", "is_illustrative",
               "actual_to_date", "last_period_end", "planned_to_date"]
    rows = _rows(
        source,
        select(Indicator.id, Indicator.project_id, Project.code, Project.status, Indicator.code, Indicator.name,
               Indicator.unit, Indicator.cumulative, Indicator.direction, Indicator.baseline_value,
               Indicator.baseline_date, Indicator.target_value, Indicator.target_date, Indicator.is_illustrative,
               _last_report(actual, IndicatorValue.actual_to_date, window_end),
               _last_report(actual, IndicatorValue.period_end, window_end),
               _last_report(target, IndicatorValue.target_to_date, window_end))
        .join(Project, Project.id == Indicator.project_id)
        .where(Indicator.project_id.in_(project_ids(current)))
        .order_by(Project.code, Indicator.code),
    )
    if not rows:
        return pd.DataFrame(columns=ASSESSMENT_COLUMNS)
    # Straight from the database rows (numbers are floats or None, dates dates or None): this runs for every
    # indicator of the portfolio on a cold page, so no per-value conversion through pandas.
    judged = operator.itemgetter(*(columns.index(name) for name in (
        "actual_to_date", "last_period_end", "planned_to_date", "baseline_value", "baseline_date", "target_value",
        "target_date", "direction")))
    assessed = []
    for row in rows:
        actual, last_end, planned, baseline, baseline_date, target, target_date, direction = judged(row)
        progress_value = metrics.progress(actual, baseline, target, direction)
        if planned is not None:
            expected = metrics.progress(planned, baseline, target, direction)
        else:
            expected = metrics.expected_progress(baseline_date, target_date, last_end or window_end)
        start = _indicator_window_start(window_start, window_end, target_date)
        reporting = last_end is not None and last_end >= start
        assessed.append((*row[:-3], actual, progress_value, expected,
                         metrics.status(progress_value, expected, reporting).value, last_end, start))
    frame = _frame(assessed, [*columns[:-3], "actual_to_date", "progress", "expected_progress", "status",
                              "last_period_end", "window_start"])
    return frame[ASSESSMENT_COLUMNS]


def indicator_values(source: Connectable, *, indicator_ids: list[int], as_of: dt.date) -> pd.DataFrame:
    """The reported values of a few indicators (a project's), with the value to date after each period by the
    indicator's rule (latest for cumulative, running sum for periodic; stored by ``dashboard.values_to_date``),
    for trend charts."""
    columns = ["indicator_id", "period_start", "period_end", "actual", "target", "actual_to_date", "is_illustrative"]
    if not indicator_ids:
        return pd.DataFrame(columns=columns)
    rows = _rows(
        source,
        select(IndicatorValue.indicator_id, IndicatorValue.period_start, IndicatorValue.period_end,
               IndicatorValue.actual, IndicatorValue.target, IndicatorValue.actual_to_date,
               IndicatorValue.is_illustrative)
        .where(IndicatorValue.indicator_id.in_(indicator_ids), IndicatorValue.period_end <= as_of)
        .order_by(IndicatorValue.indicator_id, IndicatorValue.period_end, IndicatorValue.period_start),
    )
    frame = _frame(rows, columns)
    frame["actual_to_date"] = pd.to_numeric(frame["actual_to_date"], errors="coerce")
    return frame


TREND_COLUMNS = ["period_end", "median", "q1", "q3", "indicators"]
_PROGRESS_FLOOR, _PROGRESS_CEILING = -100, 300  # in %: values beyond are counted at the edge


def portfolio_progress_trend(source: Connectable, *, portfolio_filter: PortfolioFilter, as_of: dt.date
                             ) -> pd.DataFrame:
    """Across the kept projects, per half-year: the median and quartiles of the progress towards target
    (0 = baseline, 1 = target) of the values reported in it, so indicators in different units share one chart.

    The progress of each value to date is stored (``dashboard.values_to_date``); SQL counts it per half-year
    at 1 % resolution and pandas only reads the quartiles off the few histogram rows.
    """
    current = current_filter(portfolio_filter, as_of)
    rows = _rows(
        source,
        # Grouped in the order of ix_indicator_value_trend, so the database counts without sorting. "+ 0"
        # keeps SQLite's planner off the indicator_id index, which it prefers and then sorts a million rows.
        select(IndicatorValue.half_year, IndicatorValue.progress_percent, func.count())
        .where(IndicatorValue.progress_percent.is_not(None), IndicatorValue.period_end <= current.period_end,
               (IndicatorValue.indicator_id + 0).in_(select(Indicator.id)
                                               .where(Indicator.project_id.in_(project_ids(current)))))
        .group_by(IndicatorValue.half_year, IndicatorValue.progress_percent),
    )
    histogram = _frame(rows, ["half_year", "percent", "count"])
    if histogram.empty:
        return pd.DataFrame(columns=TREND_COLUMNS)
    histogram["percent"] = histogram["percent"].clip(_PROGRESS_FLOOR, _PROGRESS_CEILING)
    histogram = histogram.groupby(["half_year", "percent"], as_index=False)["count"].sum()
    records = []
    for half_year, part in histogram.groupby("half_year", sort=True):
        cumulative = part["count"].cumsum().to_numpy()
        total = int(cumulative[-1])
        percents = part["percent"].astype(float).to_numpy()

        def quantile(share: float, cumulative: np.ndarray = cumulative, percents: np.ndarray = percents,
                     total: int = total) -> float:
            return float(percents[int(np.searchsorted(cumulative, share * total, side="left"))]) / 100

        year, half = divmod(int(half_year), 10)
        period_end = dt.date(year, 6, 30) if half == 1 else dt.date(year, 12, 31)
        records.append((period_end, quantile(0.5), quantile(0.25), quantile(0.75), total))
    return pd.DataFrame(records, columns=TREND_COLUMNS)


# ---------------------------------------------------------------------------------------------------------
# Headline figures
# ---------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Headline:
    active_partners: int
    projects: int
    budget: float
    consumed: float
    committed: float
    balance: float
    execution_rate: float | None
    on_track_share: float | None
    indicators_reporting: int


@dataclass(frozen=True)
class HeadlineComparison:
    current: Headline
    previous: Headline
    currency: str
    period_start: dt.date | None
    period_end: dt.date
    previous_start: dt.date | None
    previous_end: dt.date
    has_illustrative: bool


def _headline(source: Connectable, portfolio_filter: PortfolioFilter, budget: pd.DataFrame, spending: pd.DataFrame,
              assessments: pd.DataFrame, currency: str, rates: RatesUsed) -> tuple[Headline, bool]:
    budget_total = float(_convert_column(budget, "amount", "currency", currency, rates).sum())
    converted = _convert_column(spending, "amount", "currency", currency, rates)
    consumed = float(converted[spending["measure"] == "consumed"].sum()) if not spending.empty else 0.0
    committed = float(converted[spending["measure"] == "committed"].sum()) if not spending.empty else 0.0
    projects = _rows(source, select(func.count()).select_from(project_ids(portfolio_filter).subquery()))[0][0]
    partners = _rows(
        source,
        select(func.count(Organisation.id)).where(
            Organisation.id.in_(organisation_ids(portfolio_filter)),
            Organisation.status == OrganisationStatus.active.value,
        ),
    )[0][0]
    statuses = list(assessments["status"])
    rate = metrics.execution_rate(consumed, budget_total)
    illustrative = bool(budget["illustrative"].any()) or bool(spending["illustrative"].any())
    return Headline(
        active_partners=int(partners),
        projects=int(projects),
        budget=budget_total,
        consumed=consumed,
        committed=committed,
        balance=float(metrics.balance(budget_total, consumed)),
        execution_rate=None if np.isnan(rate) else float(rate),
        on_track_share=metrics.share_on_track(statuses),
        indicators_reporting=sum(1 for value in statuses if value != metrics.IndicatorStatus.not_reporting),
    ), illustrative


def headline_figures(
    source: Connectable,
    *,
    portfolio_filter: PortfolioFilter,
    currency: str = metrics.REPORTING_BASE_CURRENCY,
    as_of: dt.date,
    money: PortfolioMoney | None = None,
    assessed: pd.DataFrame | None = None,
    previous_assessed: pd.DataFrame | None = None,
) -> HeadlineComparison:
    """The leadership figures for the filter, and the same figures for the previous period (see
    ``previous_filter``) so each can show its change. Both periods are converted at the rates of ``as_of``,
    so a change is a change in money, not in exchange rates. ``money`` (read ``with_previous``),
    ``assessed`` and ``previous_assessed``: the filter's ``portfolio_money`` and the ``indicator_assessments``
    of both periods (see ``previous_assessments``), when the caller holds them already."""
    current = current_filter(portfolio_filter, as_of)
    previous = previous_filter(portfolio_filter, as_of)
    assert current.period_end is not None and previous.period_end is not None
    if money is None or money.previous_budget is None or money.previous_spending is None:
        money = portfolio_money(source, portfolio_filter=portfolio_filter, as_of=as_of, with_previous=True)
    assert money.previous_budget is not None and money.previous_spending is not None
    if assessed is None:
        assessed = indicator_assessments(source, portfolio_filter=portfolio_filter, as_of=as_of)
    now, illustrative = _headline(source, current, money.budget, money.spending, assessed, currency, money.rates)
    if previous_assessed is None:
        previous_assessed = previous_assessments(source, portfolio_filter=portfolio_filter, as_of=as_of)
    before, _unused = _headline(source, previous, money.previous_budget, money.previous_spending, previous_assessed,
                                currency, money.rates)
    return HeadlineComparison(
        current=now,
        previous=before,
        currency=currency,
        period_start=current.period_start,
        period_end=current.period_end,
        previous_start=previous.period_start,
        previous_end=previous.period_end,
        has_illustrative=illustrative,
    )


def previous_assessments(source: Connectable, *, portfolio_filter: PortfolioFilter, as_of: dt.date) -> pd.DataFrame:
    """The indicator assessments of the comparison period (``previous_filter``), as of its end."""
    previous = previous_filter(portfolio_filter, as_of)
    assert previous.period_end is not None
    return indicator_assessments(source, portfolio_filter=previous, as_of=previous.period_end)


# ---------------------------------------------------------------------------------------------------------
# Alerts
# ---------------------------------------------------------------------------------------------------------


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


def alerts(
    source: Connectable,
    *,
    portfolio_filter: PortfolioFilter,
    currency: str = metrics.REPORTING_BASE_CURRENCY,
    as_of: dt.date,
) -> pd.DataFrame:
    """What needs attention, one row per item, each with its link target: ``page`` (a url_path of
    ``dashboard.navigation.PAGES``) and a query parameter ``param=value`` that selects the item there.

    A page that already holds (cached) the burn, assessment and co-financing frames calls ``alerts_from``
    with them instead, so the work is shared with the Budgets and Indicators pages."""
    money = portfolio_money(source, portfolio_filter=portfolio_filter, as_of=as_of)
    return alerts_from(
        currency=currency,
        burn=burn_vs_time(source, portfolio_filter=portfolio_filter, currency=currency, as_of=as_of, money=money),
        assessed=indicator_assessments(source, portfolio_filter=portfolio_filter, as_of=as_of),
        funding=cofinancing(source, portfolio_filter=portfolio_filter, as_of=as_of, money=money),
        upkeep=upkeep_alerts(source, portfolio_filter=portfolio_filter, as_of=as_of),
    )


def upkeep_alerts(source: Connectable, *, portfolio_filter: PortfolioFilter, as_of: dt.date) -> pd.DataFrame:
    """The alerts that need no money or indicator figures: partnership reviews overdue (by the rule of
    ``dashboard.reviews``) and agreements ending within ``ENDING_SOON_DAYS``."""
    from dashboard.reviews import overdue_reviews  # the reviews module owns the overdue rule

    records: list[dict[str, object]] = []
    with _session(source) as session:
        overdue = overdue_reviews(session, today=as_of, portfolio_filter=current_filter(portfolio_filter, as_of))
    for row in overdue.itertuples(index=False):
        records.append({"kind": AlertKind.review_overdue, "item": row.name, "detail": row.relationship_owner or "",
                        "date": row.next_review_date, "days": row.days_overdue, "page": "partners",
                        "param": "partner", "value": str(row.organisation_id)})

    horizon = as_of + dt.timedelta(days=ENDING_SOON_DAYS)
    ending = _rows(
        source,
        select(Project.code, Project.title, Project.planned_end)
        .where(Project.id.in_(project_ids(portfolio_filter)), Project.status.in_(_OPEN_STATUSES),
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

    over = burn[burn["overspent"]].sort_values("execution_rate", ascending=False)
    behind = burn[burn["behind_time"]].sort_values("burn_gap")
    off_track = assessed[assessed["status"] == metrics.IndicatorStatus.off_track.value]
    # A gap in reporting matters while the project runs; a closed project's silence is not news.
    silent = assessed[(assessed["status"] == metrics.IndicatorStatus.not_reporting.value)
                      & assessed["project_status"].isin(_OPEN_STATUSES)]
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
