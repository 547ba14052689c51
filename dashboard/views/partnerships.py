"""The view models of the Partners page: the partner list, one partner's detail, the reviews due and the gap
analysis. Each is data (no language, no Streamlit), read through ``dashboard.queries``; the page caches each on
the data revision and its arguments and draws it through ``dashboard.presenting.partners``."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd
from sqlalchemy.engine import Engine

from dashboard.queries import data_quality, gaps, partners, reviews
from dashboard.queries.base import Connectable
from dashboard.queries.filters import PortfolioFilter
from dashboard.queries.partners import PartnerDetail, PartnerTable

# ---------------------------------------------------------------------------------------------------------
# The partner list
# ---------------------------------------------------------------------------------------------------------


def partner_currencies(source: Connectable) -> tuple[str, ...]:
    """The reporting currencies the page offers: euros, and every currency with a stored rate."""
    return tuple(partners.currency_choices(source))


@dataclass(frozen=True)
class PartnerListView:
    table: PartnerTable  # queries.partners.partner_table: the frame, its currency, the rates missing
    search: str

    @property
    def is_empty(self) -> bool:
        return self.table.frame.empty

    @property
    def ids(self) -> list[int]:
        """Partner ids in the table's order (a selected row leads to its partner)."""
        return [int(value) for value in self.table.frame["id"]]


def partner_list(source: Connectable, portfolio_filter: PortfolioFilter, *, currency: str,
                 search: str = "") -> PartnerListView:
    """The partners the filter keeps (and ``search`` finds), with their pledged contributions in ``currency``."""
    return PartnerListView(partners.partner_table(source, portfolio_filter, currency=currency, search=search),
                           search)


# ---------------------------------------------------------------------------------------------------------
# One partner
# ---------------------------------------------------------------------------------------------------------


def partner_choices(source: Connectable, portfolio_filter: PortfolioFilter, search: str = "") -> dict[int, str]:
    """Partner id -> label ("Name (ACRONYM)") of the partners the filter keeps, for the detail's choice; with
    ``search``, only those it finds by name, alias, acronym or city, each labelled with the other name it was
    found by (``queries.partners.search_partners``: the upload's folding and near-name rule)."""
    return dict(partners.partner_choices(source, portfolio_filter, search))


@dataclass(frozen=True)
class PartnerDetailView:
    organisation_id: int
    today: dt.date
    detail: PartnerDetail | None  # None: no such partner
    twins: tuple[tuple[int, str], ...]  # near-duplicate partners (id, name), as the Data quality page pairs them

    @property
    def next_review(self) -> dt.date | None:
        value = self.detail.organisation.get("next_review_date") if self.detail else None
        return value if isinstance(value, dt.date) else None

    @property
    def days_overdue(self) -> int | None:
        """Days since the review fell due; None when it is not overdue (or has no date)."""
        due = self.next_review
        return (self.today - due).days if due is not None and due < self.today else None

    @property
    def has_place(self) -> bool:
        return bool(self.detail and self.detail.organisation.get("country"))

    @property
    def has_coordinates(self) -> bool:
        record = self.detail.organisation if self.detail else {}
        return record.get("latitude") is not None and record.get("longitude") is not None


def partner_detail(source: Connectable, organisation_id: int, *, currency: str, today: dt.date
                   ) -> PartnerDetailView:
    """Everything the page shows about one partner: its record, roles, pledges in ``currency``, objectives,
    reviews and notes, and the partners it may duplicate."""
    pairs = data_quality.duplicate_pairs(source)
    twins = [(second, second_name) for first, _name, second, second_name in pairs if first == organisation_id]
    twins += [(first, first_name) for first, first_name, second, _name in pairs if second == organisation_id]
    return PartnerDetailView(organisation_id=organisation_id, today=today,
                             detail=partners.partner_detail(source, organisation_id, currency=currency),
                             twins=tuple(twins))


# ---------------------------------------------------------------------------------------------------------
# Reviews due
# ---------------------------------------------------------------------------------------------------------


def review_owners(engine: Engine) -> tuple[str, ...]:
    """The named relationship owners, for the "my partnerships" choice."""
    return tuple(reviews.relationship_owners(engine))


def default_owner(owners: tuple[str, ...], username: str | None) -> str:
    """The owner the choice starts on: the signed-in person when they own partnerships (names compared without
    case), else everyone ("")."""
    if not username:
        return ""
    return next((owner for owner in owners if owner.casefold() == username.casefold()), "")


@dataclass(frozen=True)
class ReviewsDueView:
    today: dt.date
    overdue: pd.DataFrame  # queries.reviews.OVERDUE_COLUMNS, most overdue first
    untracked: pd.DataFrame  # partnerships with no review date at all

    @property
    def overdue_ids(self) -> list[int]:
        return [int(value) for value in self.overdue["organisation_id"]]

    @property
    def untracked_ids(self) -> list[int]:
        return [int(value) for value in self.untracked["organisation_id"]]


def reviews_due(source: Engine, portfolio_filter: PortfolioFilter, *, today: dt.date,
                owner: str | None = None) -> ReviewsDueView:
    """The partnership reviews overdue on ``today`` (of ``owner``'s partnerships when given) and the
    partnerships no review tracks."""
    return ReviewsDueView(
        today=today,
        overdue=reviews.overdue_reviews(source, today=today, portfolio_filter=portfolio_filter, owner=owner or None),
        untracked=reviews.untracked_partnerships(source, portfolio_filter=portfolio_filter),
    )


# ---------------------------------------------------------------------------------------------------------
# Gap analysis
# ---------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class GapsView:
    analysis: gaps.GapAnalysis
    summary: pd.DataFrame  # queries.gaps.objective_summary

    @property
    def objectives(self) -> int:
        return int(self.analysis.frame["objective_code"].nunique()) if not self.analysis.frame.empty else 0

    @property
    def empty_cells(self) -> int:
        """(Objective, region) cells where no partner is active: the gaps."""
        frame = self.analysis.frame
        return int((frame["active_partners"] == 0).sum()) if not frame.empty else 0


def gap_view(source: Connectable, portfolio_filter: PortfolioFilter, *, currency: str) -> GapsView:
    """Partners and funding per strategic objective and region, with the gaps (reference group)."""
    analysis = gaps.gap_analysis(source, portfolio_filter, currency=currency)
    summary = gaps.objective_summary(analysis) if not analysis.frame.empty else pd.DataFrame()
    return GapsView(analysis=analysis, summary=summary)
