import datetime as dt

import pytest
from sqlalchemy import func, select
from sqlmodel import Session

from dashboard.core import db
from dashboard.core.models import AuditEvent, Organisation, PartnershipReview
from dashboard.core.permissions import Actor, PermissionDeniedError
from dashboard.importing import edits
from dashboard.importing.edits import EditResult, EditStatus
from dashboard.queries.filters import PortfolioFilter
from dashboard.queries.reviews import (
    add_months,
    add_review_note,
    overdue_reviews,
    review_history,
    review_notes,
)
from tests.conftest import DEMO_TODAY

STAFF = Actor.of("sam.staff", ["staff"])
REFERENCE = Actor.of("rita.reference", ["reference_group"])
LEADER = Actor.of("lee.leader", ["leadership"])
FULL_RATINGS = {
    "rating_strategic_contribution": 4,
    "rating_collaboration": 5,
    "rating_shared_values": 3,
    "rating_added_value": 4,
    "rating_mutual_results": 4,
    "rating_gender_inclusion": 5,
}
REASON = "review meeting of the partnerships team"


def _partner_name(engine, organisation_id: int) -> str:
    with Session(engine) as session:
        return session.get(Organisation, organisation_id).name


def _record(engine, actor: Actor | None, values: dict[str, object]) -> EditResult:
    """A review recorded as the Partners page records it: a row of the reviews upload, a batch of one."""
    with Session(engine) as session:
        return edits.save(session, kind="reviews", values=values, reason=REASON, actor=actor)


def _most_overdue(engine) -> int:
    with Session(engine) as session:
        overdue = overdue_reviews(session, today=DEMO_TODAY)
    return int(overdue.iloc[0]["organisation_id"])


def test_add_months_clamps_to_month_end() -> None:
    assert add_months(dt.date(2026, 11, 22), 6) == dt.date(2027, 5, 22)
    assert add_months(dt.date(2026, 8, 31), 6) == dt.date(2027, 2, 28)
    assert add_months(dt.date(2027, 8, 31), 6) == dt.date(2028, 2, 29)


def test_overdue_reviews_on_demo_are_past_due_and_most_overdue_first(demo_engine) -> None:
    with Session(demo_engine) as session:
        overdue = overdue_reviews(session, today=DEMO_TODAY)
        expected = session.execute(
            select(func.count()).select_from(Organisation).where(Organisation.next_review_date < DEMO_TODAY)
        ).scalar_one()
    assert len(overdue) == expected > 0
    assert (overdue["next_review_date"] < DEMO_TODAY).all()
    assert list(overdue["days_overdue"]) == sorted(overdue["days_overdue"], reverse=True)
    assert overdue.iloc[0]["days_overdue"] == (DEMO_TODAY - overdue.iloc[0]["next_review_date"]).days


def test_overdue_reviews_follow_the_filter_and_the_owner(demo_engine) -> None:
    with Session(demo_engine) as session:
        everything = overdue_reviews(session, today=DEMO_TODAY)
        ngos = overdue_reviews(session, today=DEMO_TODAY, portfolio_filter=PortfolioFilter(org_types=("ngo",)))
        ngo_ids = set(session.execute(select(Organisation.id).where(Organisation.type == "ngo")).scalars())
        owner = everything.iloc[0]["relationship_owner"]
        owned = overdue_reviews(session, today=DEMO_TODAY, owner=f"  {owner.upper()} ")
    assert 0 < len(ngos) < len(everything)
    assert set(ngos["organisation_id"]) <= ngo_ids
    assert 0 < len(owned) < len(everything)
    assert set(owned["relationship_owner"]) == {owner}


def test_staff_review_is_stored_with_history_dates_audit_and_revision(demo_engine) -> None:
    organisation_id = _most_overdue(demo_engine)
    before_revision = db.data_revision(demo_engine)
    with Session(demo_engine) as session:
        reviews_before = len(review_history(session, organisation_id))
    review_day = DEMO_TODAY - dt.timedelta(days=2)
    saved = _record(demo_engine, STAFF, {"partner": _partner_name(demo_engine, organisation_id),
                                         "review_date": review_day, "reviewer": "Partnerships officer",
                                         **FULL_RATINGS, "decision": "renew", "notes": "Good year"})
    assert saved.status == EditStatus.saved, saved.problems
    with Session(demo_engine) as session:
        history = review_history(session, organisation_id)
        organisation = session.get(Organisation, organisation_id)
        audit = session.execute(
            select(AuditEvent).where(AuditEvent.batch_id == saved.batch_id,
                                     AuditEvent.table_name == "partnership_review")
        ).scalars().all()
        overdue = overdue_reviews(session, today=DEMO_TODAY)
    assert len(history) == reviews_before + 1  # added, nothing overwritten
    latest = history.iloc[0]
    assert latest["review_date"] == review_day and latest["decision"] == "renew"
    assert latest["rating"] == 4  # left blank: the mean of the principles, 25 / 6 rounded
    assert latest["next_review_due"] == dt.date(2027, 5, 20)  # left blank: six months later
    assert latest["created_by"] == "sam.staff"
    assert organisation.last_review_date == review_day
    assert organisation.next_review_date == dt.date(2027, 5, 20)  # six months later
    assert [(event.user, event.action) for event in audit] == [("sam.staff", "create")]
    assert db.data_revision(demo_engine) > before_revision
    assert organisation_id not in set(overdue["organisation_id"])


def test_a_back_dated_review_does_not_move_the_dates_of_a_later_one(demo_engine) -> None:
    organisation_id = _most_overdue(demo_engine)
    with Session(demo_engine) as session:
        last = session.get(Organisation, organisation_id).last_review_date
    saved = _record(demo_engine, STAFF, {"partner": _partner_name(demo_engine, organisation_id),
                                         "review_date": last - dt.timedelta(days=400), "reviewer": "Officer",
                                         "rating_shared_values": 3})
    assert saved.status == EditStatus.saved, saved.problems
    with Session(demo_engine) as session:
        organisation = session.get(Organisation, organisation_id)
    assert organisation.last_review_date == last


def test_a_new_reviews_blanks_are_filled_and_what_is_given_is_kept() -> None:
    from dashboard.queries.reviews import completed_review

    review = {"review_date": dt.date(2026, 8, 31), "rating_collaboration": 3, "rating_shared_values": 4}
    assert completed_review(review) == {**review, "rating": 4, "next_review_due": dt.date(2027, 2, 28)}
    given = {**review, "rating": 2, "next_review_due": dt.date(2026, 10, 1)}
    assert completed_review(given) == given
    assert completed_review({"review_date": dt.date(2026, 1, 1)})["rating"] is None  # nothing rated


def test_reference_group_and_leadership_cannot_record_a_review(demo_engine) -> None:
    organisation_id = _most_overdue(demo_engine)
    values = {"partner": _partner_name(demo_engine, organisation_id), "review_date": DEMO_TODAY, "reviewer": "x",
              **FULL_RATINGS}
    for actor in (REFERENCE, LEADER, None):
        with pytest.raises(PermissionDeniedError):
            _record(demo_engine, actor, values)
    with Session(demo_engine) as session:
        assert session.execute(
            select(func.count()).select_from(PartnershipReview).where(PartnershipReview.created_by != "demo")
        ).scalar_one() == 0


def test_reference_group_note_is_kept_without_moving_review_dates(demo_engine) -> None:
    organisation_id = _most_overdue(demo_engine)
    with Session(demo_engine) as session:
        dates_before = session.get(Organisation, organisation_id).next_review_date
    with db.session_scope(demo_engine) as session:
        add_review_note(session, REFERENCE, organisation_id, "Ask about the 2027 co-financing.")
    with Session(demo_engine) as session:
        notes = review_notes(session, organisation_id)
        assert session.get(Organisation, organisation_id).next_review_date == dates_before
    assert list(notes["note"]) == ["Ask about the 2027 co-financing."]
    assert list(notes["user"]) == ["rita.reference"]
    with pytest.raises(PermissionDeniedError), db.session_scope(demo_engine) as session:
        add_review_note(session, LEADER, organisation_id, "not allowed")


def test_invalid_review_lists_every_problem_and_writes_nothing(demo_engine) -> None:
    """The upload's rules, each named by its field: a blank reviewer, a rating beyond 5, an unknown decision, a
    next review before the review."""
    organisation_id = _most_overdue(demo_engine)
    revision = db.data_revision(demo_engine)
    refused = _record(demo_engine, STAFF, {
        "partner": _partner_name(demo_engine, organisation_id), "review_date": DEMO_TODAY, "reviewer": "  ",
        "rating_shared_values": 7, "decision": "maybe", "next_review_due": DEMO_TODAY - dt.timedelta(days=1)})
    assert refused.status == EditStatus.invalid
    assert {(refused.field_of(item), item.key) for item in refused.problems} >= {
        ("reviewer", "import.error.required"),
        ("rating_shared_values", "import.error.rating_range"),
        ("decision", "import.error.not_allowed"),
    }
    assert db.data_revision(demo_engine) == revision
    dates = _record(demo_engine, STAFF, {
        "partner": _partner_name(demo_engine, organisation_id), "review_date": DEMO_TODAY, "reviewer": "Officer",
        "rating_shared_values": 3, "next_review_due": DEMO_TODAY - dt.timedelta(days=1)})
    assert [(dates.field_of(item), item.key) for item in dates.problems] == [
        ("next_review_due", "import.error.end_before_start")]


def test_sync_review_dates_follows_the_latest_review(engine) -> None:
    from dashboard.core.text import fold
    from dashboard.queries.reviews import sync_review_dates

    with db.session_scope(engine) as session:
        partner = Organisation(name="Uploaded", name_key=fold("Uploaded"), type="ngo",
                               last_review_date=dt.date(2020, 1, 1), next_review_date=dt.date(2020, 7, 1))
        untouched = Organisation(name="No Review", name_key=fold("No Review"), type="ngo",
                                 next_review_date=dt.date(2021, 1, 1))
        session.add_all([partner, untouched])
        session.flush()
        # Reviews written straight into the table: the partner's dates are stale until synced.
        session.add_all([
            PartnershipReview(organisation_id=partner.id, review_date=dt.date(2026, 3, 1), reviewer="x"),
            PartnershipReview(organisation_id=partner.id, review_date=dt.date(2025, 9, 1), reviewer="y",
                              next_review_due=dt.date(2026, 3, 1)),
        ])
        session.flush()
        assert sync_review_dates(session, [partner.id, untouched.id]) == 1
        assert sync_review_dates(session) == 0  # already in step
        partner_id, untouched_id = partner.id, untouched.id
    with Session(engine) as session:
        synced = session.get(Organisation, partner_id)
        assert (synced.last_review_date, synced.next_review_date) == (dt.date(2026, 3, 1), dt.date(2026, 9, 1))
        assert session.get(Organisation, untouched_id).next_review_date == dt.date(2021, 1, 1)


def test_untracked_partnerships_have_no_owner_or_no_review_date(engine) -> None:
    from dashboard.core.text import fold
    from dashboard.queries.reviews import untracked_partnerships

    with db.session_scope(engine) as session:
        for name, values in {
            "Tracked": {"relationship_owner": "Ana", "next_review_date": dt.date(2027, 1, 1)},
            "No Owner": {"next_review_date": dt.date(2027, 1, 1)},
            "Blank Owner": {"relationship_owner": "  ", "last_review_date": dt.date(2026, 1, 1)},
            "Never Reviewed": {"relationship_owner": "Ana"},
            "Closed Without Owner": {"status": "closed"},
        }.items():
            session.add(Organisation(name=name, name_key=fold(name), type="ngo", **values))
    found = untracked_partnerships(engine)
    assert list(found["name"]) == ["Blank Owner", "Never Reviewed", "No Owner"]
    only_ngos_in_fiji = untracked_partnerships(engine, portfolio_filter=PortfolioFilter(countries=("FJI",)))
    assert only_ngos_in_fiji.empty


def test_a_second_review_by_the_same_reviewer_on_the_same_day_is_refused_in_words(demo_engine) -> None:
    """Issue 16 item 1: a review's key (partner, date, reviewer) is unique in the database; the form says so
    instead of failing on the constraint."""
    organisation_id = _most_overdue(demo_engine)
    review = {"partner": _partner_name(demo_engine, organisation_id), "review_date": DEMO_TODAY - dt.timedelta(days=1),
              "reviewer": "Officer", "rating_shared_values": 3}
    assert _record(demo_engine, STAFF, review).status == EditStatus.saved
    again = _record(demo_engine, STAFF, review)
    assert [item.key for item in again.problems] == ["import.error.key_taken"]


def test_a_review_in_the_future_unrated_or_due_again_the_same_day_is_refused(demo_engine) -> None:
    """The checks the Partners page's old form made, now the upload's rules for every way in: a review took
    place (not after today), rated something, and sets its next review after its own date."""
    partner = _partner_name(demo_engine, _most_overdue(demo_engine))
    today = dt.date.today()
    revision = db.data_revision(demo_engine)
    future = _record(demo_engine, STAFF, {"partner": partner, "review_date": today + dt.timedelta(days=3),
                                          "reviewer": "Officer", "rating_collaboration": 4})
    assert [(future.field_of(item), item.key) for item in future.problems] == [
        ("review_date", "import.error.review_in_future")]
    unrated = _record(demo_engine, STAFF, {"partner": partner, "review_date": DEMO_TODAY, "reviewer": "Officer",
                                           "decision": "continue"})
    assert [(unrated.field_of(item), item.key) for item in unrated.problems] == [
        ("rating", "import.error.review_not_rated")]
    same_day = _record(demo_engine, STAFF, {"partner": partner, "review_date": DEMO_TODAY, "reviewer": "Officer",
                                            "rating": 3, "next_review_due": DEMO_TODAY})
    assert [(same_day.field_of(item), item.key) for item in same_day.problems] == [
        ("next_review_due", "import.error.next_review_same_day")]
    assert db.data_revision(demo_engine) == revision  # nothing written
    # The words a person reads, in French too.
    from dashboard.core.i18n import t
    assert t("import.error.review_in_future", "fr") == "La date de revue est dans le futur."
    assert "au moins un principe" in t("import.fix.review_not_rated", "fr")
