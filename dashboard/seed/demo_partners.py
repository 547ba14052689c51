"""Demo partners: strategic objectives, organisations (placed from the gazetteer) with their partnership
objectives and other names, the exchange rates, and illustrative partnership reviews."""

from __future__ import annotations

import datetime as dt

from dashboard.core.models import (
    ExchangeRate,
    Organisation,
    OrganisationAlias,
    OrganisationPartnershipObjective,
    PartnershipReview,
    StrategicObjective,
)
from dashboard.core.orm import id_of
from dashboard.core.text import fold
from dashboard.seed.demo_state import (
    REVIEWERS,
    DemoState,
    locate,
)

ILLUSTRATIVE_SOURCE = "illustrative (generated for the demo)"

# 1 000 XPF = 8.38 EUR is the fixed parity of the CFP franc; the other rates are illustrative.
DEMO_RATES: dict[str, tuple[float, str]] = {
    "XPF": (1 / 119.33174, "fixed parity 1 000 XPF = 8.38 EUR"),
    "USD": (0.92, ILLUSTRATIVE_SOURCE),
    "AUD": (0.60, ILLUSTRATIVE_SOURCE),
    "NZD": (0.55, ILLUSTRATIVE_SOURCE),
    "FJD": (0.41, ILLUSTRATIVE_SOURCE),
    "WST": (0.33, ILLUSTRATIVE_SOURCE),
    "TOP": (0.39, ILLUSTRATIVE_SOURCE),
    "VUV": (0.0077, ILLUSTRATIVE_SOURCE),
}
DEMO_RATE_DATE = dt.date(2026, 10, 30)


def objectives(state: DemoState) -> None:
    """The strategic objectives of the PERMS strategy."""
    for record in state.facts.get("strategic_objectives", []):
        objective = StrategicObjective(
            code=record["code"], title=record["title"], description=record.get("description")
        )
        state.session.add(objective)
        state.objectives[record["code"]] = objective
    state.session.flush()


def organisations(state: DemoState) -> None:
    """The documents' partners, placed from the gazetteer, with their partnership objectives."""
    for record in state.facts["organisations"]:
        point = locate(state, record.get("city"), record.get("country"))
        organisation = Organisation(
            name=record["name"],
            name_key=fold(record["name"]),
            acronym=record.get("acronym"),
            type=record["type"],
            country=record.get("country"),
            city=record.get("city"),
            latitude=point[0] if point else None,
            longitude=point[1] if point else None,
            website=record.get("website"),
            status="active",
            source=record.get("source"),
        )
        state.session.add(organisation)
        state.organisations[record["key"]] = organisation
    state.session.flush()
    for record in state.facts["organisations"]:
        organisation = state.organisations[record["key"]]
        for objective in dict.fromkeys(record.get("partnership_objectives") or []):
            state.session.add(
                OrganisationPartnershipObjective(organisation_id=id_of(organisation), objective=objective)
            )
        for alias in record.get("aliases") or []:  # the English names of the regional organisations
            state.session.add(OrganisationAlias(organisation_id=id_of(organisation), alias=alias,
                                                alias_key=fold(alias)))


def rates(state: DemoState) -> None:
    """The fixed XPF parity and illustrative rates of the other currencies."""
    for currency, (eur_per_unit, source) in DEMO_RATES.items():
        state.session.add(
            ExchangeRate(currency=currency, rate_date=DEMO_RATE_DATE, eur_per_unit=eur_per_unit, source=source)
        )


def reviews(state: DemoState) -> None:
    """Twice-yearly reviews for part of the partner list; some partners are overdue."""
    for organisation in sorted(state.organisations.values(), key=lambda item: item.name_key):
        if state.random.random() < 0.45:
            continue
        organisation.relationship_owner = state.random.choice(REVIEWERS)
        review_date = state.today - dt.timedelta(days=state.random.randrange(20, 320))
        for _ in range(state.random.choice((1, 1, 2))):
            rating = state.random.randrange(2, 6)
            review = PartnershipReview(
                organisation_id=id_of(organisation),
                review_date=review_date,
                reviewer=state.random.choice(REVIEWERS),
                rating=rating,
                rating_strategic_contribution=min(5, rating + state.random.choice((-1, 0, 0, 1))),
                rating_collaboration=state.random.randrange(2, 6),
                rating_shared_values=state.random.randrange(3, 6),
                rating_added_value=state.random.randrange(2, 6),
                rating_mutual_results=state.random.randrange(1, 6),
                rating_gender_inclusion=state.random.randrange(1, 5),
                decision="continue" if rating >= 3 else "change",
                notes="Revue illustrative générée pour la démonstration.",
                next_review_due=review_date + dt.timedelta(days=182),
                created_by="demo",
                is_illustrative=True,
            )
            state.session.add(review)
            state.counts["reviews"] += 1
            if organisation.last_review_date is None:  # the first review written is the latest
                organisation.last_review_date = review_date
                organisation.next_review_date = review.next_review_due
            review_date = review_date - dt.timedelta(days=182)
