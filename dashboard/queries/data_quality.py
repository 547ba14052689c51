"""Data-quality rules: what in the stored data would mislead a reader of the dashboard.

Each rule is a function ``(session, today) -> DataFrame`` listing the offending records, one row each, with
the columns ``ISSUE_COLUMNS``: the record's table and id, a label a person recognises (project code, partner
name), a detail saying what is wrong, and two links — ``record_url`` to the record where the app shows it,
``fix_url`` to the upload that fixes it (``upload?kind=<kind>``, the Upload page's template kinds).

The rules run in SQL except the near-duplicate names (rapidfuzz over the folded name keys, in blocks).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

import numpy as np
import pandas as pd
from rapidfuzz import fuzz, process
from sqlalchemy import and_, exists, func, or_, select
from sqlmodel import Session

from dashboard.core import metrics
from dashboard.core.coordinates import point_problem
from dashboard.core.i18n import Phrase
from dashboard.core.models import (
    BudgetLine,
    Indicator,
    IndicatorValue,
    Measure,
    Organisation,
    OrganisationAlias,
    Project,
    ProjectStatus,
    Spending,
)
from dashboard.core.text import fold
from dashboard.queries.base import Connectable, reading
from dashboard.queries.budgets import cofinancing
from dashboard.queries.filters import PortfolioFilter
from dashboard.queries.indicators import silent_indicators
from dashboard.queries.money import DayNumber, effective_budget_condition, portfolio_money

ISSUE_COLUMNS = ["table", "record_id", "label", "detail_key", "detail_values", "record_url", "fix_url"]
# Two names this similar (rapidfuzz token_sort_ratio on the folded keys, 0–100) are probably one partner.
DUPLICATE_NAME_SCORE = 90.0
# Names are compared within blocks sharing the first letters of a rare word (see ``_block_keys``).
DUPLICATE_BLOCK_PREFIX = 3


def upload_url(kind: str) -> str:
    return "upload?" + urlencode({"kind": kind})


def partner_url(organisation_id: int) -> str:
    return "partners?" + urlencode({"partner": organisation_id})


def indicator_url(indicator_id: int) -> str:
    return "indicators?" + urlencode({"indicator": indicator_id})


def project_url(code: str) -> str:
    """Projects are shown on the Budgets page; its search narrows to the project's code."""
    return "budgets?" + urlencode({"project": code})


def _issues(rows: Sequence[Any], build: Callable[..., tuple]) -> pd.DataFrame:  # rows: tuples or Rows
    return pd.DataFrame([build(*row) for row in rows], columns=ISSUE_COLUMNS)


# ---------------------------------------------------------------------------------------------------------
# Rules
# ---------------------------------------------------------------------------------------------------------


def projects_past_end_in_implementation(session: Session, today: dt.date) -> pd.DataFrame:
    """Projects whose planned end has passed but still marked in implementation."""
    rows = session.execute(
        select(Project.id, Project.code, Project.title, Project.planned_end)
        .where(Project.status == ProjectStatus.implementation.value, Project.planned_end < today)
        .order_by(Project.planned_end, Project.code)
    ).all()
    return _issues(rows, lambda key, code, title, end: (
        "project", key, f"{code} — {title}", "dq.detail.planned_end", {"date": end}, project_url(code),
        upload_url("projects")))


def budgets_without_period_or_currency(session: Session, today: dt.date) -> pd.DataFrame:
    """Budget lines missing a period start or end, or a currency."""
    rows = session.execute(
        select(BudgetLine.id, Project.code, BudgetLine.amount, BudgetLine.period_start, BudgetLine.period_end,
               BudgetLine.currency)
        .join(Project, Project.id == BudgetLine.project_id)
        .where(or_(BudgetLine.period_start.is_(None), BudgetLine.period_end.is_(None),
                   BudgetLine.currency.is_(None), BudgetLine.currency == ""))
        .order_by(Project.code, BudgetLine.id)
    ).all()

    def build(key: int, code: str, amount: float, start: dt.date | None, end: dt.date | None,
              currency: str | None) -> tuple:
        missing = [name for name, value in (("period_start", start), ("period_end", end), ("currency", currency))
                   if not value]
        # the amount stays a number until presenting.data_quality writes the label in the reader's language
        return ("budget_line", key, Phrase(f"{code} · ", round(amount)), "dq.detail.missing", {"fields": missing},
                project_url(code), upload_url("budgets"))

    return _issues(rows, build)


def spending_without_budget(session: Session, today: dt.date) -> pd.DataFrame:
    """Projects with spending but no budget line, or only lines adding up to zero (issue 13: spending against a
    zero budget): their execution rate cannot be computed. Lines count as the figures count them (revised
    replaces original, from the source that counts)."""
    has_budget = (
        exists().where(BudgetLine.project_id == Project.id, BudgetLine.amount != 0,
                       BudgetLine.source == Project.budget_source, effective_budget_condition())
    )
    rows = session.execute(
        select(Project.id, Project.code, Project.title, func.count(Spending.id))
        .join(Spending, Spending.project_id == Project.id)
        .where(~has_budget)
        .group_by(Project.id, Project.code, Project.title)
        .order_by(Project.code)
    ).all()
    return _issues(rows, lambda key, code, title, count: (
        "project", key, f"{code} — {title}", "dq.detail.transactions", {"count": count}, project_url(code),
        upload_url("budgets")))


def implausible_spending_dates(session: Session, today: dt.date) -> pd.DataFrame:
    """Transactions dated implausibly (``metrics.implausible_date``): decades ahead (2062 typed for 2026) or more
    than a year outside their project's planned dates. SQL keeps the candidates, the rule decides."""
    margin = metrics.OUTSIDE_PROJECT_DAYS
    day, date = DayNumber, Spending.date
    rows = session.execute(
        select(Spending.id, Project.code, Spending.reference, Spending.date, Project.planned_start,
               Project.planned_end)
        .join(Project, Project.id == Spending.project_id)
        .where(or_(date > metrics.years_after(today, metrics.IMPLAUSIBLE_YEARS_AHEAD),
                   and_(Project.planned_start.is_not(None), day(date) < day(Project.planned_start) - margin),
                   and_(Project.planned_end.is_not(None), day(date) > day(Project.planned_end) + margin)))
        .order_by(Project.code, Spending.date, Spending.id)
    ).all()
    found = []
    for key, code, reference, date_value, start, end in rows:
        reason = metrics.implausible_date(date_value, start, end, today)
        if reason is None:
            continue
        label = f"{code} · {reference}" if reference else str(code)
        values: dict[str, object] = {"date": date_value, "start": start or "…", "end": end or "…",
                                     "years": metrics.IMPLAUSIBLE_YEARS_AHEAD}
        found.append(("spending", key, label, f"dq.detail.{reason.value}", values, project_url(code),
                      upload_url("spending")))
    return pd.concat([pd.DataFrame(found, columns=ISSUE_COLUMNS), implausible_budget_periods(session, today)],
                     ignore_index=True)


def implausible_budget_periods(session: Session, today: dt.date) -> pd.DataFrame:
    """Budget lines whose period starts or ends implausibly (``metrics.implausible_period``, the transactions'
    rule): 2206 typed for 2026 puts a line outside every period filter. SQL keeps the candidates, the rule
    decides."""
    margin, ahead = metrics.OUTSIDE_PROJECT_DAYS, metrics.years_after(today, metrics.IMPLAUSIBLE_YEARS_AHEAD)
    day, first, last = DayNumber, BudgetLine.period_start, BudgetLine.period_end
    rows = session.execute(
        select(BudgetLine.id, Project.code, BudgetLine.category, first, last, Project.planned_start,
               Project.planned_end)
        .join(Project, Project.id == BudgetLine.project_id)
        .where(or_(first > ahead, last > ahead,
                   and_(Project.planned_start.is_not(None), day(first) < day(Project.planned_start) - margin),
                   and_(Project.planned_end.is_not(None), day(last) > day(Project.planned_end) + margin)))
        .order_by(Project.code, first, BudgetLine.id)
    ).all()
    found = []
    for key, code, category, period_start, period_end, start, end in rows:
        implausible = metrics.implausible_period(period_start, period_end, start, end, today)
        if implausible is None:
            continue
        date_value, reason = implausible
        label = f"{code} · {category}" if category else str(code)
        values = {"date": date_value, "period_start": period_start or "…", "period_end": period_end or "…",
                  "start": start or "…", "end": end or "…", "years": metrics.IMPLAUSIBLE_YEARS_AHEAD}
        found.append(("budget_line", key, label, f"dq.detail.period_{reason.value}", values, project_url(code),
                      upload_url("budgets")))
    return pd.DataFrame(found, columns=ISSUE_COLUMNS)


def implausible_indicator_periods(session: Session, today: dt.date) -> pd.DataFrame:
    """Indicator values whose period starts or ends implausibly, by the budget lines' rule and the upload
    preview's (``metrics.implausible_period``): a value for 2062 typed for 2026 sits beyond every trend and
    period filter. SQL keeps the candidates, the rule decides."""
    margin, ahead = metrics.OUTSIDE_PROJECT_DAYS, metrics.years_after(today, metrics.IMPLAUSIBLE_YEARS_AHEAD)
    day, first, last = DayNumber, IndicatorValue.period_start, IndicatorValue.period_end
    rows = session.execute(
        select(IndicatorValue.id, Indicator.id, Project.code, Indicator.code, Indicator.name, first, last,
               Project.planned_start, Project.planned_end)
        .join(Indicator, Indicator.id == IndicatorValue.indicator_id)
        .join(Project, Project.id == Indicator.project_id)
        .where(or_(first > ahead, last > ahead,
                   and_(Project.planned_start.is_not(None), day(first) < day(Project.planned_start) - margin),
                   and_(Project.planned_end.is_not(None), day(last) > day(Project.planned_end) + margin)))
        .order_by(Project.code, Indicator.code, first, IndicatorValue.id)
    ).all()
    found = []
    for key, indicator_id, project, code, name, period_start, period_end, start, end in rows:
        implausible = metrics.implausible_period(period_start, period_end, start, end, today)
        if implausible is None:
            continue
        date_value, reason = implausible
        values = {"date": date_value, "period_start": period_start, "period_end": period_end,
                  "start": start or "…", "end": end or "…", "years": metrics.IMPLAUSIBLE_YEARS_AHEAD}
        found.append(("indicator_value", key, f"{project} · {code} — {name}", f"dq.detail.period_{reason.value}",
                      values, indicator_url(indicator_id), upload_url("indicator-values")))
    return pd.DataFrame(found, columns=ISSUE_COLUMNS)


def indicators_without_baseline_or_target(session: Session, today: dt.date) -> pd.DataFrame:
    """Quantitative indicators with no baseline or no target value (progress cannot be measured)."""
    rows = session.execute(
        select(Indicator.id, Project.code, Indicator.code, Indicator.name, Indicator.baseline_value,
               Indicator.target_value)
        .join(Project, Project.id == Indicator.project_id)
        .where(Indicator.measure != Measure.qualitative.value,
               or_(Indicator.baseline_value.is_(None), Indicator.target_value.is_(None)))
        .order_by(Project.code, Indicator.code)
    ).all()

    def build(key: int, project: str, code: str, name: str, baseline: float | None, target: float | None) -> tuple:
        missing = [label for label, value in (("baseline", baseline), ("target", target)) if value is None]
        return ("indicator", key, f"{project} · {code} — {name}", "dq.detail.missing", {"fields": missing},
                indicator_url(key), upload_url("indicators"))

    return _issues(rows, build)


def indicators_not_reporting(session: Session, today: dt.date) -> pd.DataFrame:
    """Indicators of projects in implementation that the Indicators page calls "not reporting" as of ``today``
    (no filter): the one rule, ``metrics.is_reporting`` (``queries.indicators.silent_indicators``). An
    indicator with a value in its window (the year to ``today``, or its final year when its target date passed
    before) is never listed, and one listed here is "not reporting" on every page, export, the briefing and
    ``figures``.
    """
    silent = silent_indicators(session, portfolio_filter=PortfolioFilter(), as_of=today,
                               project_status=ProjectStatus.implementation.value)
    rows = zip(silent["indicator_id"], silent["project_code"], silent["code"], silent["name"],
               silent["window_start"], strict=True)
    return _issues(list(rows), lambda key, project, code, name, start: (
        "indicator", int(key), f"{project} · {code} — {name}", "dq.detail.no_value_in_period",
        {"start": start, "end": today}, indicator_url(int(key)), upload_url("indicator-values")))


def partners_without_place(session: Session, today: dt.date) -> pd.DataFrame:
    """Partners that cannot be placed in a country or region: no country, or coordinates that are half
    given or impossible (a partner with a country and no coordinates is placed by its country: fine)."""
    lat, lon = Organisation.latitude, Organisation.longitude
    half_given = or_(and_(lat.is_(None), lon.is_not(None)), and_(lat.is_not(None), lon.is_(None)))
    impossible = and_(lat.is_not(None), lon.is_not(None),
                      or_(lat < -90, lat > 90, lon < -180, lon > 180, and_(lat == 0, lon == 0)))
    rows = session.execute(
        select(Organisation.id, Organisation.name, Organisation.country, lat, lon)
        .where(or_(Organisation.country.is_(None), Organisation.country == "", half_given, impossible))
        .order_by(Organisation.name_key)
    ).all()

    def build(key: int, name: str, country: str | None, latitude: float | None, longitude: float | None) -> tuple:
        problems = []
        if not country:
            problems.append("country")
        # Half given, out of range or (0, 0): the map's and the upload's rule (core.coordinates).
        half_given = (latitude is None) != (longitude is None)
        if half_given or (latitude is not None and longitude is not None
                          and point_problem(latitude, longitude) is not None):
            problems.append("coordinates")
        return ("organisation", key, name, "dq.detail.missing", {"fields": problems}, partner_url(key),
                upload_url("partners"))

    return _issues(rows, build)


def declared_total_mismatches(session: Session, today: dt.date) -> pd.DataFrame:
    """Projects whose declared total (the TOTAL printed under a funding table) differs from the sum of its
    lines. The check is the Budgets page's co-financing check (``queries.cofinancing``: effective budget lines
    in the project's currency, ``metrics.declared_total_mismatch``), so this page, the Budgets page and the
    Overview alert always name the same projects."""
    everything = PortfolioFilter()
    funding = cofinancing(session, portfolio_filter=everything, as_of=today,
                          money=portfolio_money(session, portfolio_filter=everything, as_of=today))
    mismatched = funding[funding["declared_mismatch"].astype(bool)].drop_duplicates("project_id").sort_values("code")
    rows = [
        (row.project_id, row.code, row.title, float(row.declared_total), float(row.lines_total),
         float(row.declared_difference), row.currency)
        for row in mismatched.itertuples(index=False)
    ]
    return _issues(rows, lambda key, code, title, declared, lines, difference, currency: (
        "project", key, f"{code} — {title}", "dq.detail.declared_total",
        {"declared": declared, "lines": lines, "difference": difference, "currency": currency},
        project_url(code), upload_url("budgets")))


def near_duplicate_partners(session: Session, today: dt.date) -> pd.DataFrame:
    """Pairs of partners that may be one (one row per pair, listed under the first): names nearly the same, or
    one's name or alias nearly another's name or alias (a partner stored twice, once under its English name and
    once under its French one with that English name as alias), or one's acronym exactly another's name or
    alias. Aliases are the ones uploads name a partner by (``OrganisationAlias``, folded as names are)."""
    rows = session.execute(select(Organisation.id, Organisation.name, Organisation.name_key,
                                  Organisation.acronym)).all()
    aliases = session.execute(select(OrganisationAlias.organisation_id, OrganisationAlias.alias,
                                     OrganisationAlias.alias_key)).all()
    names = {key: name for key, name, _name_key, _acronym in rows}
    # Every name a partner goes by: (partner, folded, as written, is it the partner's name).
    entries = [(key, name_key, name, True) for key, name, name_key, _acronym in rows]
    entries += [(key, alias_key, alias, False) for key, alias, alias_key in aliases if key in names]
    found: dict[tuple[int, int], tuple[float, str, str]] = {}  # (first, second) -> score, first's, second's name

    def note(one: int, other: int, score: float, one_name: str, other_name: str) -> None:
        first, second = (one, other) if one < other else (other, one)
        shown = (one_name, other_name) if one < other else (other_name, one_name)
        if found.get((first, second), (-1.0,))[0] < score:
            found[(first, second)] = (score, *shown)

    for a, b, score in near_duplicate_pairs([(position, entry[1]) for position, entry in enumerate(entries)]):
        if entries[a][0] != entries[b][0]:
            note(entries[a][0], entries[b][0], score, entries[a][2], entries[b][2])
    holders: dict[str, list[tuple[int, str]]] = {}
    for key, folded, written, _is_name in entries:
        holders.setdefault(folded, []).append((key, written))
    for key, _name, _name_key, acronym in rows:
        for other, written in holders.get(fold(acronym or ""), []) if acronym else []:
            if other != key:
                note(key, other, 100.0, acronym, written)
    issues = []
    for (first, second), (score, first_name, second_name) in sorted(
            found.items(), key=lambda item: (-item[1][0], item[0][0], item[0][1])):
        values: dict[str, object] = {"other": names[second], "other_id": second, "score": score}
        # Found through an alias or an acronym: the detail names it ("goes by “SPC”, which looks like …").
        mine_is_name, theirs_is_name = first_name == names[first], second_name == names[second]
        detail = {(True, True): "dq.detail.similar_name", (True, False): "dq.detail.similar_to_other_name",
                  (False, True): "dq.detail.other_name_similar", (False, False): "dq.detail.other_names_similar",
                  }[(mine_is_name, theirs_is_name)]
        if detail != "dq.detail.similar_name":
            values.update(mine=first_name, theirs=second_name)
        issues.append(("organisation", first, names[first], detail, values, partner_url(first),
                       upload_url("partners")))
    return pd.DataFrame(issues, columns=ISSUE_COLUMNS)


def _block_keys(words: list[str], frequency: Counter[str], common: int) -> list[str]:
    """Blocks a name joins: the first letters of its rarest word and, unless it is a common word, of its
    second rarest. Two names this alike share a word or nearly (a typo changes one word, rarely its first
    letters); rare words make small blocks, and common words ("association", "de") never make a block."""
    ranked = sorted(set(words), key=lambda word: (frequency[word], word))
    keys = [ranked[0][:DUPLICATE_BLOCK_PREFIX]]
    if len(ranked) > 1 and frequency[ranked[1]] <= common:
        keys.append(ranked[1][:DUPLICATE_BLOCK_PREFIX])
    return list(dict.fromkeys(keys))


def near_duplicate_pairs(
    keyed_names: list[tuple[int, str]], *, cutoff: float = DUPLICATE_NAME_SCORE
) -> list[tuple[int, int, float]]:
    """(id, id, score) for names scoring at least ``cutoff`` with rapidfuzz's token_sort_ratio (word order
    ignored), compared with ``process.cdist`` only inside blocks (``_block_keys``), so the work grows with
    the block sizes, not with the square of the list."""
    tokenised = [(key, name_key.split()) for key, name_key in keyed_names if name_key.strip()]
    frequency: Counter[str] = Counter(word for _key, words in tokenised for word in set(words))
    common = max(50, len(tokenised) // 500)
    blocks: dict[str, list[tuple[int, str]]] = {}
    for key, words in tokenised:
        sorted_text = " ".join(sorted(words))
        for block in _block_keys(words, frequency, common):
            blocks.setdefault(block, []).append((key, sorted_text))
    found: dict[tuple[int, int], float] = {}
    for members in blocks.values():
        if len(members) < 2:
            continue
        texts = [text for _key, text in members]
        # The words are already sorted, so plain ratio on them is token_sort_ratio, without re-sorting.
        scores = process.cdist(texts, texts, scorer=fuzz.ratio, score_cutoff=cutoff, dtype=np.uint8, workers=1)
        first, second = np.nonzero(np.triu(scores, k=1))
        for i, j in zip(first, second, strict=True):
            pair = (min(members[i][0], members[j][0]), max(members[i][0], members[j][0]))
            found[pair] = float(scores[i, j])
    return sorted(((a, b, score) for (a, b), score in found.items()), key=lambda item: (-item[2], item[0], item[1]))


# ---------------------------------------------------------------------------------------------------------
# All rules
# ---------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Rule:
    key: str  # message keys: dq.rule.<key>.title / .help
    check: Callable[[Session, dt.date], pd.DataFrame]
    fix_kind: str


RULES: tuple[Rule, ...] = (
    Rule("past_end_in_implementation", projects_past_end_in_implementation, "projects"),
    Rule("budget_without_period_or_currency", budgets_without_period_or_currency, "budgets"),
    Rule("spending_without_budget", spending_without_budget, "budgets"),
    Rule("implausible_spending_date", implausible_spending_dates, "spending"),
    Rule("implausible_indicator_date", implausible_indicator_periods, "indicator-values"),
    Rule("indicator_without_baseline_or_target", indicators_without_baseline_or_target, "indicators"),
    Rule("indicator_not_reporting", indicators_not_reporting, "indicator-values"),
    Rule("partner_without_place", partners_without_place, "partners"),
    Rule("declared_total_mismatch", declared_total_mismatches, "budgets"),
    Rule("near_duplicate_partner", near_duplicate_partners, "partners"),
)


@dataclass(frozen=True)
class QualityReport:
    issues: dict[str, pd.DataFrame]  # rule key → offending records

    @property
    def counts(self) -> dict[str, int]:
        return {key: len(frame) for key, frame in self.issues.items()}

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def run_checks(source: Connectable, *, today: dt.date) -> QualityReport:
    """Every rule, in the order of ``RULES``."""
    with reading(source) as session:
        return QualityReport({rule.key: rule.check(session, today) for rule in RULES})


def quality_counts(source: Connectable, *, today: dt.date) -> dict[str, int]:
    """Rule key → number of offending records (for an Overview summary)."""
    return run_checks(source, today=today).counts


# ---------------------------------------------------------------------------------------------------------
# For people
# ---------------------------------------------------------------------------------------------------------


def duplicate_pairs(source: Connectable) -> list[tuple[int, str, int, str]]:
    """Every near-duplicate pair as (id, name, id, name), for pointing at them from a partner's page."""
    with reading(source) as session:
        frame = near_duplicate_partners(session, dt.date.today())
    return [(int(first), str(name), int(values["other_id"]), str(values["other"]))
            for first, name, values in zip(frame["record_id"], frame["label"], frame["detail_values"], strict=True)]
