"""Partnership reviews: their history, review notes, the partner's review dates, and which reviews are overdue.

The partner engagement strategy (seed 002) asks for every partnership to have a named owner and for the
partner list to be reviewed twice a year against the strategy's principles.

- A **review** is a ``PartnershipReview`` row: a 1–5 rating per principle, a decision and the next review
  date. Reviews are written as rows of the ``reviews`` upload only — a file, or staff's form on the Partners
  page, a batch of one (``dashboard.importing.edits``) — so they take the upload's rules and audit trail; the
  writer then calls ``sync_review_dates``: the partner's ``last_review_date`` and ``next_review_date`` follow
  the most recent review (six months later when it names no next date).
- A **review note** (reference group and staff, ``Capability.add_review_note``) is an observation for the
  next review, not a judgement: it rates nothing and decides nothing, so it must not move the review dates.
  It is stored as an ``AuditEvent`` with ``action = "review_note"``, ``table_name = "organisation"`` and
  ``record_id`` = the partner, the note text in ``detail``; the partner's history lists notes beside reviews.
"""

from __future__ import annotations

import calendar
import datetime as dt
from typing import Any

import pandas as pd
from sqlalchemy import and_, func, or_, select
from sqlalchemy.engine import Engine
from sqlmodel import Session

from dashboard.core import db, metrics
from dashboard.core.models import (
    AuditEvent,
    Organisation,
    OrganisationStatus,
    PartnershipReview,
    utcnow,
)
from dashboard.core.permissions import Actor, Capability, require
from dashboard.core.text import hidden_character
from dashboard.queries.base import Connectable
from dashboard.queries.filters import PortfolioFilter, organisation_ids

REVIEW_INTERVAL_MONTHS = 6
NOTE_ACTION = "review_note"
NOTE_MAX_LENGTH = 2000

# The principles of the strategy, in its order, with the review column that rates each.
PRINCIPLES: tuple[tuple[str, str], ...] = (
    ("strategic_contribution", "rating_strategic_contribution"),
    ("collaboration", "rating_collaboration"),
    ("shared_values", "rating_shared_values"),
    ("added_value", "rating_added_value"),
    ("mutual_results", "rating_mutual_results"),
    ("gender_inclusion", "rating_gender_inclusion"),
)
PRINCIPLE_KEYS: tuple[str, ...] = tuple(key for key, _ in PRINCIPLES)

# Partners whose review no longer matters: a closed partnership is not due for review.
_NOT_REVIEWED_STATUSES = (OrganisationStatus.closed.value,)

OVERDUE_COLUMNS = [
    "organisation_id",
    "name",
    "acronym",
    "relationship_owner",
    "last_review_date",
    "next_review_date",
    "days_overdue",
]


class ReviewValidationError(ValueError):
    """The note cannot be stored; ``problems`` holds message keys (``dashboard.core.messages.partners``) with
    their values, so the page can say in the reader's language what to fix."""

    def __init__(self, problems: list[tuple[str, dict[str, object]]]) -> None:
        super().__init__("; ".join(key for key, _ in problems))
        self.problems = problems


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` later, clamped to the month's end (31 Aug + 6 months = 28/29 Feb)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def default_next_review(review_date: dt.date) -> dt.date:
    """Twice a year, as the strategy asks."""
    return add_months(review_date, REVIEW_INTERVAL_MONTHS)


def completed_review(values: dict[str, Any]) -> dict[str, Any]:
    """A new review's values (the ``reviews`` upload's column names) with the blanks the strategy fills: the
    overall ``rating`` as the rounded mean of the principle ratings given (``core.metrics.review_overall_rating``)
    and ``next_review_due`` six months after ``review_date``. Given values are kept; a review with no principle
    rated keeps a blank overall rating. For the writer, on records it creates only: on an update a blank cell
    leaves the stored value, as everywhere in an upload."""
    completed = dict(values)
    if completed.get("rating") is None:
        completed["rating"] = metrics.review_overall_rating(completed.get(column) for _, column in PRINCIPLES)
    if completed.get("next_review_due") is None and isinstance(completed.get("review_date"), dt.date):
        completed["next_review_due"] = default_next_review(completed["review_date"])
    return completed


def add_review_note(session: Session, actor: Actor, organisation_id: int, note: str) -> AuditEvent:
    """Store a review note (see the module docstring) in the caller's transaction."""
    require(actor, Capability.add_review_note)
    text = (note or "").strip()
    problems: list[tuple[str, dict[str, object]]] = []
    if session.get(Organisation, organisation_id) is None:
        problems.append(("review.error.unknown_partner", {"id": organisation_id}))
    if not text:
        problems.append(("review.error.note_empty", {}))
    elif len(text) > NOTE_MAX_LENGTH:
        problems.append(("review.error.too_long", {"max": NOTE_MAX_LENGTH}))
    elif (hidden := hidden_character(text, free_text=True)) is not None:
        problems.append(("review.error.hidden_character", {"character": hidden}))
    if problems:
        raise ReviewValidationError(problems)
    event = AuditEvent(
        user=actor.username, action=NOTE_ACTION, table_name="organisation", record_id=organisation_id, detail=text
    )
    session.add(event)
    db.bump_revision(session)
    session.flush()
    return event


# -- reading ------------------------------------------------------------------------------------------------


def review_history(session: Session, organisation_id: int) -> pd.DataFrame:
    """Every review of one partner, most recent first."""
    columns = [
        PartnershipReview.id,
        PartnershipReview.review_date,
        PartnershipReview.reviewer,
        PartnershipReview.rating,
        *[getattr(PartnershipReview, column) for _, column in PRINCIPLES],
        PartnershipReview.decision,
        PartnershipReview.notes,
        PartnershipReview.next_review_due,
        PartnershipReview.created_by,
        PartnershipReview.is_illustrative,
    ]
    rows = session.execute(
        select(*columns)
        .where(PartnershipReview.organisation_id == organisation_id)
        .order_by(PartnershipReview.review_date.desc(), PartnershipReview.id.desc())
    ).all()
    return pd.DataFrame(rows, columns=[column.key for column in columns])


def review_notes(session: Session, organisation_id: int) -> pd.DataFrame:
    """Review notes on one partner, most recent first."""
    rows = session.execute(
        select(AuditEvent.id, AuditEvent.at, AuditEvent.user, AuditEvent.detail)
        .where(
            AuditEvent.action == NOTE_ACTION,
            AuditEvent.table_name == "organisation",
            AuditEvent.record_id == organisation_id,
        )
        .order_by(AuditEvent.at.desc(), AuditEvent.id.desc())
    ).all()
    return pd.DataFrame(rows, columns=["id", "at", "user", "note"])


def overdue_reviews(
    session: Connectable,
    *,
    today: dt.date,
    portfolio_filter: PortfolioFilter | None = None,
    owner: str | None = None,
) -> pd.DataFrame:
    """Partners whose next review date has passed (closed partnerships excluded), most overdue first.

    Columns: ``OVERDUE_COLUMNS``. ``owner`` keeps only the partnerships that person owns
    (``Organisation.relationship_owner``, compared without regard to case or surrounding spaces).
    Partners never reviewed and with no review date set are not "overdue" here: they have no date to miss.
    Takes a session, or an engine (for ``dashboard.web.caching.cached``).
    """
    if isinstance(session, Engine):
        with Session(session) as own_session:
            return overdue_reviews(own_session, today=today, portfolio_filter=portfolio_filter, owner=owner)
    conditions = [
        Organisation.next_review_date.is_not(None),
        Organisation.next_review_date < today,
        or_(Organisation.status.is_(None), Organisation.status.not_in(_NOT_REVIEWED_STATUSES)),
    ]
    if portfolio_filter is not None and not portfolio_filter.is_empty:
        conditions.append(Organisation.id.in_(organisation_ids(portfolio_filter)))
    if owner is not None:
        conditions.append(func.lower(func.trim(Organisation.relationship_owner)) == owner.strip().lower())
    rows = session.execute(
        select(
            Organisation.id,
            Organisation.name,
            Organisation.acronym,
            Organisation.relationship_owner,
            Organisation.last_review_date,
            Organisation.next_review_date,
        )
        .where(and_(*conditions))
        .order_by(Organisation.next_review_date, Organisation.name)
    ).all()
    frame = pd.DataFrame(rows, columns=OVERDUE_COLUMNS[:-1])
    frame["days_overdue"] = [(today - due).days for due in frame["next_review_date"]]
    return frame[OVERDUE_COLUMNS]


def relationship_owners(engine: Engine) -> list[str]:
    """The distinct named owners, for the "my partnerships" choice."""
    with Session(engine) as session:
        rows = session.execute(
            select(Organisation.relationship_owner)
            .where(Organisation.relationship_owner.is_not(None))
            .distinct()
            .order_by(Organisation.relationship_owner)
        ).scalars().all()
    return [owner for owner in rows if owner and owner.strip()]


# -- for people -----------------------------------------------------------------------------------------------


# -- reviews that arrive another way ----------------------------------------------------------------------------


def sync_review_dates(session: Session, organisation_ids: list[int] | None = None) -> int:
    """Set each partner's ``last_review_date`` / ``next_review_date`` from its latest review (the latest
    review date, and that review's next-review date, six months later when it has none).

    Call this, in the same transaction, after reviews were written — a ``reviews`` upload or form (the
    writer does), or the undo of one — for the partners concerned (all when
    ``organisation_ids`` is None). Partners with no review keep their dates. Returns how many partners changed.
    """
    query = select(
        PartnershipReview.organisation_id, PartnershipReview.review_date, PartnershipReview.next_review_due,
        PartnershipReview.id,
    )
    if organisation_ids is not None:
        if not organisation_ids:
            return 0
        query = query.where(PartnershipReview.organisation_id.in_(organisation_ids))
    latest: dict[int, tuple[dt.date, dt.date]] = {}
    for organisation_id, review_date, next_due, _id in session.execute(
        query.order_by(PartnershipReview.organisation_id, PartnershipReview.review_date, PartnershipReview.id)
    ).all():
        latest[organisation_id] = (review_date, next_due or default_next_review(review_date))
    changed = 0
    for organisation_id, (last, upcoming) in latest.items():
        organisation = session.get(Organisation, organisation_id)
        if organisation is None or (organisation.last_review_date, organisation.next_review_date) == (last, upcoming):
            continue
        organisation.last_review_date, organisation.next_review_date = last, upcoming
        organisation.updated_at = utcnow()
        session.add(organisation)
        changed += 1
    session.flush()
    return changed


UNTRACKED_COLUMNS = ["organisation_id", "name", "acronym", "relationship_owner", "last_review_date", "next_review_date"]


def untracked_partnerships(
    source: Connectable, *, portfolio_filter: PortfolioFilter | None = None
) -> pd.DataFrame:
    """Active partners the strategy's follow-up misses: no named owner, or no review date at all (never
    reviewed and none planned), so they can never show as overdue. Columns: ``UNTRACKED_COLUMNS``."""
    if isinstance(source, Engine):
        with Session(source) as session:
            return untracked_partnerships(session, portfolio_filter=portfolio_filter)
    conditions = [
        Organisation.status == OrganisationStatus.active.value,
        or_(
            Organisation.relationship_owner.is_(None),
            func.trim(Organisation.relationship_owner) == "",
            and_(Organisation.last_review_date.is_(None), Organisation.next_review_date.is_(None)),
        ),
    ]
    if portfolio_filter is not None and not portfolio_filter.is_empty:
        conditions.append(Organisation.id.in_(organisation_ids(portfolio_filter)))
    rows = source.execute(
        select(Organisation.id, Organisation.name, Organisation.acronym, Organisation.relationship_owner,
               Organisation.last_review_date, Organisation.next_review_date)
        .where(and_(*conditions))
        .order_by(Organisation.name_key)
    ).all()
    return pd.DataFrame(rows, columns=UNTRACKED_COLUMNS)
