"""Generated partners: strategic objectives, organisations with their partnership reviews and objectives."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from dashboard.core.models import (
    Organisation,
    OrganisationPartnershipObjective,
    OrganisationStrategicObjective,
    PartnershipObjective,
    PartnershipReview,
    StrategicObjective,
)
from dashboard.core.orm import table_of
from dashboard.core.text import fold
from dashboard.seed.demo import load_seed_facts
from dashboard.seed.generated import (
    GENERATED_AT,
    GENERATION_TODAY,
    SOURCE,
    Generation,
    Org,
    weighted,
)
from dashboard.seed.vocabulary import (
    ORG_NAME_PATTERNS,
    ORG_TOPICS,
    ORG_TYPE_WEIGHTS,
    PLACE_GROUPS,
    REVIEWERS,
)


def objectives(state: Generation) -> None:
    """The strategic objectives of the seed facts (the same as the demo's)."""
    records = load_seed_facts().get("strategic_objectives", [])
    rows = [(index, record["code"], record["title"][:300], record.get("description"))
            for index, record in enumerate(records, start=1)]
    state.writer.write(table_of(StrategicObjective), ("id", "code", "title", "description"), rows)
    state.objective_ids = [row[0] for row in rows]


def organisations(state: Generation) -> None:
    """Partners placed in the gazetteer's groups (about 1 % with a bad point, a few without a country), their
    partnership reviews, partnership objectives and strategic objectives."""
    rng = state.rng("organisations")
    group_weights = [(index, weight) for index, (weight, _) in enumerate(PLACE_GROUPS)]
    names: set[str] = set()
    org_rows: list[tuple[Any, ...]] = []
    reviews: list[tuple[Any, ...]] = []
    review_id = 0
    for org_id in range(1, state.size.partners + 1):
        group = weighted(rng, group_weights)
        city, country, latitude, longitude = rng.choice(PLACE_GROUPS[group][1])
        org_type = weighted(rng, ORG_TYPE_WEIGHTS)
        pattern = rng.choice(ORG_NAME_PATTERNS[org_type])
        topic = rng.choice(ORG_TOPICS)
        topic_cap = topic.split(" ", 1)[-1].capitalize()
        name = pattern.format(city=city, country=country, topic=topic, topic_cap=topic_cap)
        key = fold(name)
        suffix = 2
        while key in names:  # a second partner of the same kind in the same place
            candidate = f"{name} {suffix}"
            key = fold(candidate)
            suffix += 1
        if suffix > 2:
            name = candidate
        names.add(key)
        point: tuple[float | None, float | None] = (
            round(latitude + rng.uniform(-0.04, 0.04), 5), round(longitude + rng.uniform(-0.04, 0.04), 5)
        )
        if org_id % 97 == 13:  # about 1 %: swapped, null-island or out-of-range points, as typed in a sheet
            point = ((point[1], point[0]), (0.0, 0.0), (latitude + 91.0, longitude))[(org_id // 97) % 3]
        elif rng.random() < 0.05:
            point = (None, None)  # no address geocoded yet
        stored_country: str | None = None if org_id % 101 == 50 else country
        org_reviews = _organisation_reviews(rng, org_id, review_id)
        review_id += len(org_reviews)
        reviews.extend(org_reviews)
        last_review = org_reviews[0][2] if org_reviews else None
        next_review = org_reviews[0][12] if org_reviews else None
        status = weighted(rng, (("active", 0.8), ("dormant", 0.1), ("prospective", 0.06), ("closed", 0.04)))
        org_rows.append((
            org_id, name[:300], key[:300], None, org_type, stored_country, city, point[0], point[1], None,
            status, rng.choice(REVIEWERS) if org_reviews else None, last_review, next_review, None, SOURCE,
            True, GENERATED_AT,
        ))
        state.orgs.append(Org(org_id, org_type, stored_country, city, group))
    state.writer.write(
        table_of(Organisation),
        ("id", "name", "name_key", "acronym", "type", "country", "city", "latitude", "longitude", "website",
         "status", "relationship_owner", "last_review_date", "next_review_date", "notes", "source",
         "is_illustrative", "updated_at"),
        org_rows,
    )
    state.writer.write(
        table_of(PartnershipReview),
        ("id", "organisation_id", "review_date", "reviewer", "rating", "rating_strategic_contribution",
         "rating_collaboration", "rating_shared_values", "rating_added_value", "rating_mutual_results",
         "rating_gender_inclusion", "decision", "next_review_due", "notes", "created_by", "created_at",
         "is_illustrative"),
        [(*row[:12], row[12], "Revue générée.", "generate", GENERATED_AT, True) for row in reviews],
    )
    objectives = list(PartnershipObjective)
    state.writer.write(
        table_of(OrganisationPartnershipObjective),
        ("organisation_id", "objective"),
        ((org.id, objective.value) for org in state.orgs
         for objective in rng.sample(objectives, rng.choice((1, 1, 2)))),
    )
    state.writer.write(
        table_of(OrganisationStrategicObjective),
        ("organisation_id", "objective_id"),
        ((org.id, objective) for org in state.orgs
         for objective in sorted(rng.sample(state.objective_ids, min(len(state.objective_ids),
                                                                    rng.choice((0, 1, 1, 2)))))),
    )


def _organisation_reviews(rng: random.Random, org_id: int, last_id: int) -> list[tuple[Any, ...]]:
    """Newest first: twice-yearly reviews for two partners in three; some are overdue."""
    if rng.random() < 0.35:
        return []
    rows = []
    review_date = GENERATION_TODAY - dt.timedelta(days=rng.randrange(10, 420))
    for index in range(rng.choice((1, 2, 2, 3, 4))):
        rating = rng.randrange(1, 6)
        rows.append((
            last_id + index + 1, org_id, review_date, rng.choice(REVIEWERS), rating,
            min(5, max(1, rating + rng.choice((-1, 0, 0, 1)))), rng.randrange(1, 6), rng.randrange(2, 6),
            rng.randrange(1, 6), rng.randrange(1, 6), rng.randrange(1, 6),
            "continue" if rating >= 3 else rng.choice(("change", "close")),
            review_date + dt.timedelta(days=182),
        ))
        review_date -= dt.timedelta(days=182)
    return rows
