"""The shared state of the demo portfolio's build (``seed.demo``): the session, the source documents' facts,
the day it is built for, the one random generator (its draws follow the build's order, so the demo is the same
on every load), the gazetteer, and what earlier steps made (partners by key, objectives by code, counts).
Each step is a function of this state: ``demo_partners``, ``demo_projects``, ``demo_money``, ``demo_results``.
"""

from __future__ import annotations

import datetime as dt
import random
import re
from dataclasses import dataclass, field
from typing import Any

from sqlmodel import Session

from dashboard.core.models import Organisation, Project, StrategicObjective
from dashboard.core.text import fold

DEMO_SEED = 20261122
REVIEWERS = ("Partnerships officer", "Programme manager", "Resource mobilisation adviser", "PRRG secretariat")
COUNTED = ("roles", "budget_lines", "spending", "indicators", "indicator_values", "reviews")


@dataclass
class DemoState:
    session: Session
    facts: dict[str, Any]
    today: dt.date
    places: dict[tuple[str, str], tuple[float, float]]  # (folded place name, country) -> (latitude, longitude)
    random: random.Random = field(default_factory=lambda: random.Random(DEMO_SEED))
    organisations: dict[str, Organisation] = field(default_factory=dict)  # by the facts' key
    objectives: dict[str, StrategicObjective] = field(default_factory=dict)  # by code
    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(COUNTED, 0))


def locate(state: DemoState, name: str | None, country: str | None) -> tuple[float, float] | None:
    """A place's coordinates from the gazetteer, or None."""
    if not name or not country:
        return None
    return state.places.get((fold(name), country))


def project_period(project: Project) -> tuple[dt.date, dt.date]:
    """The project's planned dates, with a start and at least a month where the documents give less."""
    start = project.planned_start or dt.date(2015, 1, 1)
    end = project.planned_end or start.replace(year=start.year + 3)
    return start, max(end, start + dt.timedelta(days=30))


def parse_date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def first_number(text: str) -> float | None:
    """The first number in a printed key figure ("1 200 participants" → 1200)."""
    match = re.search(r"\d[\d\s\u202f\u00a0.,]*", text or "")
    if not match:
        return None
    digits = re.sub(r"[\s\u202f\u00a0]", "", match.group(0)).rstrip(".,")
    if re.fullmatch(r"\d{1,3}([.,]\d{3})+", digits):
        digits = re.sub(r"[.,]", "", digits)
    try:
        return float(digits.replace(",", "."))
    except ValueError:
        return None


def half_year_end(day: dt.date) -> dt.date:
    return dt.date(day.year, 6, 30) if day.month <= 6 else dt.date(day.year, 12, 31)
