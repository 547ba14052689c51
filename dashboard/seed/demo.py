"""The demo portfolio, built from the facts of the source documents (``data/demo/seed_facts.json``).

Real facts (organisations, countries, budgets, funding tables, workshops, key figures) are loaded as they
are. Where the documents lack what the dashboard needs — spending dates, per-period indicator values,
partnership reviews, budgets for projects the documents give no money for, exchange rates other than the
fixed XPF parity — values are generated with a fixed random seed and stored with ``is_illustrative=True``
so the interface can say so.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import random
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import func
from sqlmodel import Session, select

from dashboard.core import db
from dashboard.core.models import (
    BudgetLine,
    BudgetStatus,
    BudgetType,
    Direction,
    ExchangeRate,
    Indicator,
    IndicatorValue,
    Measure,
    Organisation,
    OrganisationPartnershipObjective,
    OrganisationStrategicObjective,
    PartnershipReview,
    Project,
    ProjectCountry,
    ProjectLocation,
    ProjectObjective,
    ProjectRole,
    ProjectSdg,
    ProjectStatus,
    ProjectTheme,
    ResultLevel,
    RoleKind,
    Spending,
    SpendingKind,
    StrategicObjective,
)
from dashboard.core.orm import id_of, table_of
from dashboard.core.text import fold

SEED_FACTS_PATH = db.PROJECT_ROOT / "data" / "demo" / "seed_facts.json"
PLACES_PATH = db.PROJECT_ROOT / "data" / "geo" / "places.csv"
DEMO_SEED = 20261122
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

RESULT_FIGURE_PREFIXES = ("Nombre", "Superficie")
REVIEWERS = ("Partnerships officer", "Programme manager", "Resource mobilisation adviser", "PRRG secretariat")


class DemoAlreadyLoadedError(RuntimeError):
    pass


@dataclass(frozen=True)
class DemoSummary:
    organisations: int
    projects: int
    roles: int
    budget_lines: int
    spending: int
    indicators: int
    indicator_values: int
    reviews: int


def load_seed_facts(path: Path = SEED_FACTS_PATH) -> dict[str, Any]:
    return json.loads(path.read_text(encoding="utf-8"))


def load_places(path: Path = PLACES_PATH) -> dict[tuple[str, str], tuple[float, float]]:
    """Gazetteer: (folded place name, country) → (latitude, longitude)."""
    with path.open(encoding="utf-8") as handle:
        return {
            (fold(row["name"]), row["country"]): (float(row["latitude"]), float(row["longitude"]))
            for row in csv.DictReader(handle)
        }


def _date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def _first_number(text: str) -> float | None:
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


def portfolio_size(session: Session) -> int:
    return session.exec(select(func.count()).select_from(Project)).one()


def clear_portfolio(session: Session) -> None:
    """Delete every portfolio row (users, import history and audit are kept)."""
    for model in (
        IndicatorValue,
        Indicator,
        Spending,
        BudgetLine,
        ProjectRole,
        ProjectLocation,
        ProjectCountry,
        ProjectObjective,
        ProjectSdg,
        ProjectTheme,
        Project,
        PartnershipReview,
        OrganisationStrategicObjective,
        OrganisationPartnershipObjective,
        Organisation,
        StrategicObjective,
        ExchangeRate,
    ):
        session.exec(table_of(model).delete())


def load_demo(session: Session, *, replace: bool = False, today: dt.date | None = None) -> DemoSummary:
    """Load the demo portfolio in the caller's transaction. Refuses to mix with existing data unless
    ``replace`` is set, in which case the existing portfolio is removed first."""
    existing = portfolio_size(session)
    if existing and not replace:
        raise DemoAlreadyLoadedError(
            f"the database already holds {existing} projects; run `python -m dashboard demo --replace` to "
            "wipe them and load the demo portfolio"
        )
    if existing:
        clear_portfolio(session)
    facts = load_seed_facts()
    builder = _DemoBuilder(session, facts, today or dt.date.today())
    summary = builder.build()
    db.bump_revision(session)
    return summary


class _DemoBuilder:
    def __init__(self, session: Session, facts: dict[str, Any], today: dt.date) -> None:
        self.session = session
        self.facts = facts
        self.today = today
        self.random = random.Random(DEMO_SEED)
        self.places = load_places()
        self.organisations: dict[str, Organisation] = {}
        self.objectives: dict[str, StrategicObjective] = {}
        self.counts = dict.fromkeys(
            ("roles", "budget_lines", "spending", "indicators", "indicator_values", "reviews"), 0
        )

    def build(self) -> DemoSummary:
        self._objectives()
        self._organisations()
        projects = [self._project(record) for record in self.facts["projects"]]
        self._rates()
        self._reviews()
        self.session.flush()
        return DemoSummary(
            organisations=len(self.organisations),
            projects=len(projects),
            **self.counts,
        )

    # -- reference data ---------------------------------------------------------------------------------

    def _objectives(self) -> None:
        for record in self.facts.get("strategic_objectives", []):
            objective = StrategicObjective(
                code=record["code"], title=record["title"], description=record.get("description")
            )
            self.session.add(objective)
            self.objectives[record["code"]] = objective
        self.session.flush()

    def _place(self, name: str | None, country: str | None) -> tuple[float, float] | None:
        if not name or not country:
            return None
        return self.places.get((fold(name), country))

    def _organisations(self) -> None:
        for record in self.facts["organisations"]:
            point = self._place(record.get("city"), record.get("country"))
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
            self.session.add(organisation)
            self.organisations[record["key"]] = organisation
        self.session.flush()
        for record in self.facts["organisations"]:
            organisation = self.organisations[record["key"]]
            for objective in dict.fromkeys(record.get("partnership_objectives") or []):
                self.session.add(
                    OrganisationPartnershipObjective(organisation_id=id_of(organisation), objective=objective)
                )

    def _rates(self) -> None:
        for currency, (eur_per_unit, source) in DEMO_RATES.items():
            self.session.add(
                ExchangeRate(currency=currency, rate_date=DEMO_RATE_DATE, eur_per_unit=eur_per_unit, source=source)
            )

    # -- projects ---------------------------------------------------------------------------------------

    def _project(self, record: dict[str, Any]) -> Project:
        start = _date(record.get("planned_start"))
        end = _date(record.get("planned_end"))
        project = Project(
            code=record["code"],
            title=record["title"][:300],
            description=record.get("description"),
            mechanism=record.get("mechanism"),
            status=record.get("status") or ProjectStatus.implementation,
            planned_start=start,
            planned_end=end,
            actual_start=start if record.get("status") != "pipeline" else None,
            actual_end=end if record.get("status") == "closed" else None,
            currency=record.get("currency") or "EUR",
            declared_total=record.get("declared_total"),
            source=record.get("source"),
        )
        self.session.add(project)
        self.session.flush()
        assert project.id is not None
        for theme in dict.fromkeys(record.get("themes") or []):
            self.session.add(ProjectTheme(project_id=project.id, theme=theme[:120]))
        for sdg in dict.fromkeys(record.get("sdgs") or []):
            self.session.add(ProjectSdg(project_id=project.id, sdg=int(sdg)))
        for code in dict.fromkeys(record.get("strategic_objectives") or []):
            if code in self.objectives:
                self.session.add(ProjectObjective(project_id=id_of(project), objective_id=id_of(self.objectives[code])))
        for entry in record.get("countries") or []:
            self.session.add(ProjectCountry(project_id=project.id, country=entry["country"], share=entry["share"]))
        self._locations(project, record)
        funders = self._roles(project, record)
        self._link_partners_to_objectives(project, record)
        self._budget_and_spending(project, record, funders)
        self._indicators(project, record)
        return project

    def _locations(self, project: Project, record: dict[str, Any]) -> None:
        seen: set[tuple[str, str | None]] = set()
        places = list(record.get("locations") or [])
        places += [{"name": activity.get("place"), "country": activity.get("country")} for activity in
                   record.get("activities") or [] if activity.get("place")]
        for place in places:
            key = (fold(place["name"]), place.get("country"))
            if key in seen:
                continue
            seen.add(key)
            point = self._place(place["name"], place.get("country"))
            self.session.add(
                ProjectLocation(
                    project_id=id_of(project),
                    name=place["name"][:200],
                    country=place.get("country"),
                    latitude=point[0] if point else None,
                    longitude=point[1] if point else None,
                )
            )

    def _roles(self, project: Project, record: dict[str, Any]) -> list[tuple[Organisation, float | None]]:
        funders: list[tuple[Organisation, float | None]] = []
        seen: set[tuple[str, str]] = set()
        for role in record.get("roles") or []:
            if (role["org"], role["role"]) in seen:
                continue
            seen.add((role["org"], role["role"]))
            organisation = self.organisations[role["org"]]
            contribution = role.get("contribution")
            self.session.add(
                ProjectRole(
                    project_id=id_of(project),
                    organisation_id=id_of(organisation),
                    role=role["role"],
                    contribution=contribution,
                    currency=project.currency if contribution is not None else None,
                )
            )
            self.counts["roles"] += 1
            if role["role"] == RoleKind.funding:
                funders.append((organisation, contribution))
        return funders

    def _link_partners_to_objectives(self, project: Project, record: dict[str, Any]) -> None:
        for code in record.get("strategic_objectives") or []:
            objective = self.objectives.get(code)
            if objective is None:
                continue
            for role in record.get("roles") or []:
                organisation = self.organisations[role["org"]]
                link = (organisation.id, objective.id)
                if self.session.get(OrganisationStrategicObjective, link) is None:
                    self.session.add(
                        OrganisationStrategicObjective(organisation_id=id_of(organisation),
                                                       objective_id=id_of(objective))
                    )
                    self.session.flush()

    # -- money ------------------------------------------------------------------------------------------

    def _project_period(self, project: Project) -> tuple[dt.date, dt.date]:
        start = project.planned_start or dt.date(2015, 1, 1)
        end = project.planned_end or start.replace(year=start.year + 3)
        return start, max(end, start + dt.timedelta(days=30))

    def _budget_and_spending(
        self, project: Project, record: dict[str, Any], funders: list[tuple[Organisation, float | None]]
    ) -> None:
        start, end = self._project_period(project)
        funded = [(organisation, amount) for organisation, amount in funders if amount]
        if record.get("budget"):
            self._budget_line(project, None, start, end, float(record["budget"]), illustrative=False)
        elif funded:
            # A funding table is the project's budget: one committed line per funder, as printed.
            for organisation, amount in funded:
                self._budget_line(project, organisation, start, end, float(amount), illustrative=False)
        else:
            amount = float(self.random.randrange(40, 900) * 1000)
            funder = funders[0][0] if funders else None
            self._budget_line(project, funder, start, end, amount, illustrative=True)

        activities = [activity for activity in record.get("activities") or [] if activity.get("budget")]
        if record.get("consumed") is not None:
            self._real_consumption(project, record, activities, start, end)
        else:
            spenders: list[tuple[Organisation, float | None]] = [*funded] or [(f, None) for f, _ in funders]
            self._illustrative_spending(project, spenders, start, end)

    def _budget_line(
        self,
        project: Project,
        funder: Organisation | None,
        start: dt.date,
        end: dt.date,
        amount: float,
        *,
        illustrative: bool,
    ) -> None:
        self.session.add(
            BudgetLine(
                project_id=id_of(project),
                funder_id=funder.id if funder else None,
                period_start=start,
                period_end=end,
                category="Total",
                amount=amount,
                currency=project.currency,
                budget_type=BudgetType.original,
                status=BudgetStatus.committed,
                is_illustrative=illustrative,
            )
        )
        self.counts["budget_lines"] += 1

    def _real_consumption(
        self,
        project: Project,
        record: dict[str, Any],
        activities: list[dict[str, Any]],
        start: dt.date,
        end: dt.date,
    ) -> None:
        """Spending from a sheet that states what was consumed (INTEGRE REG-C1.1).

        The workshops' own budgets are booked as expenditures in their year; whatever the sheet's consumed
        figure holds beyond them (coordination, travel) is booked as one expenditure at the end, so the total
        equals the sheet exactly.
        """
        total = float(record["consumed"])
        booked = 0.0
        for activity in activities:
            amount = float(activity["budget"])
            if booked + amount > total:
                break
            year = int(activity.get("year") or start.year)
            self._spend(project, None, dt.date(year, 6, 30), amount, SpendingKind.expenditure,
                        f"{activity.get('code', '')} {activity.get('title', '')}".strip(), illustrative=False,
                        category="Atelier")
            booked += amount
        rest = round(total - booked, 2)
        if rest:
            self._spend(project, None, min(end, self.today), rest, SpendingKind.expenditure,
                        "Coordination et autres dépenses (solde du consommé déclaré)", illustrative=False)

    def _illustrative_spending(
        self,
        project: Project,
        funders: list[tuple[Organisation, float | None]],
        start: dt.date,
        end: dt.date,
    ) -> None:
        budget_total = sum(
            line.amount for line in self.session.exec(select(BudgetLine).where(BudgetLine.project_id == project.id))
        )
        elapsed = min(1.0, max(0.0, (self.today - start).days / max(1, (end - start).days)))
        if elapsed <= 0:
            return
        # Most projects track their calendar; a few run ahead (over-spent) or far behind.
        profile = self.random.random()
        if profile < 0.12:
            target_rate = elapsed * self.random.uniform(1.05, 1.2)
        elif profile < 0.3:
            target_rate = elapsed * self.random.uniform(0.2, 0.5)
        else:
            target_rate = elapsed * self.random.uniform(0.8, 1.0)
        target = budget_total * target_rate
        months = max(1, int(elapsed * (end - start).days / 30.4))
        slices = min(months, 12)
        funder = funders[0][0] if funders else None
        commitment_date = start + dt.timedelta(days=15)
        self._spend(project, funder, commitment_date, round(budget_total * 0.6, 2), SpendingKind.commitment,
                    "Engagement (illustratif)", illustrative=True)
        for index in range(slices):
            share = (index + 1) / slices
            day = start + dt.timedelta(days=int(share * elapsed * (end - start).days))
            amount = round(target / slices, 2)
            kind = SpendingKind.disbursement if index % 3 == 0 else SpendingKind.expenditure
            self._spend(project, funder, min(day, self.today), amount, kind, "Dépense (illustratif)",
                        illustrative=True)

    def _spend(
        self,
        project: Project,
        funder: Organisation | None,
        day: dt.date,
        amount: float,
        kind: str,
        description: str,
        *,
        illustrative: bool,
        category: str | None = None,
    ) -> None:
        self.counts["spending"] += 1
        self.session.add(
            Spending(
                project_id=id_of(project),
                funder_id=funder.id if funder else None,
                date=day,
                amount=amount,
                currency=project.currency,
                kind=kind,
                category=category,
                reference=f"{project.code}-{self.counts['spending']:05d}",
                description=description[:1000],
                is_illustrative=illustrative,
            )
        )

    # -- results ----------------------------------------------------------------------------------------

    def _indicators(self, project: Project, record: dict[str, Any]) -> None:
        start, end = self._project_period(project)
        activities = [activity for activity in record.get("activities") or [] if activity.get("year")]
        if activities:
            self._workshop_indicators(project, activities, start, end)
        if activities:
            return
        # Only counted results make indicator targets; dates, durations and costs among the key figures do not.
        countable = [figure for figure in record.get("key_figures") or []
                     if str(figure.get("label", "")).startswith(RESULT_FIGURE_PREFIXES)]
        for index, figure in enumerate(countable, start=1):
            target = _first_number(str(figure.get("value", "")))
            if not target or target <= 0:
                continue
            label = f"{figure.get('label', '')} ({figure.get('value')})".strip()
            indicator = self._indicator(
                project, f"KF{index}", label[:300], None, target, start, end, cumulative=True,
                level=ResultLevel.output if index < 3 else ResultLevel.outcome, illustrative=True,
            )
            self._illustrative_values(indicator, start, end)

    def _indicator(
        self,
        project: Project,
        code: str,
        name: str,
        unit: str | None,
        target: float,
        start: dt.date,
        end: dt.date,
        *,
        cumulative: bool,
        level: str,
        illustrative: bool,
    ) -> Indicator:
        indicator = Indicator(
            project_id=id_of(project),
            code=code,
            result_level=level,
            name=name,
            unit=unit,
            measure=Measure.number,
            direction=Direction.higher_is_better,
            cumulative=cumulative,
            baseline_value=0.0,
            baseline_date=start,
            target_value=target,
            target_date=end,
            is_illustrative=illustrative,
        )
        self.session.add(indicator)
        self.session.flush()
        self.counts["indicators"] += 1
        return indicator

    def _workshop_indicators(
        self, project: Project, activities: list[dict[str, Any]], start: dt.date, end: dt.date
    ) -> None:
        """REG-C1.1's own results: workshops held (cumulative) and participants per year (periodic)."""
        held = self._indicator(project, "ATL", "Ateliers régionaux organisés", "ateliers", float(len(activities)),
                               start, end, cumulative=True, level=ResultLevel.output, illustrative=False)
        participants = [activity for activity in activities if activity.get("participants")]
        attendance = None
        if participants:
            attendance = self._indicator(
                project, "PART", "Participants aux ateliers régionaux", "personnes",
                float(sum(activity["participants"] for activity in participants)), start, end,
                cumulative=False, level=ResultLevel.output, illustrative=False,
            )
        years = sorted({int(activity["year"]) for activity in activities})
        running = 0
        for year in years:
            in_year = [activity for activity in activities if int(activity["year"]) == year]
            running += len(in_year)
            self._value(held, dt.date(year, 1, 1), dt.date(year, 12, 31), float(running), illustrative=False)
            if attendance is not None:
                people = sum(activity.get("participants") or 0 for activity in in_year)
                self._value(attendance, dt.date(year, 1, 1), dt.date(year, 12, 31), float(people),
                            illustrative=False)

    def _illustrative_values(self, indicator: Indicator, start: dt.date, end: dt.date) -> None:
        """Half-yearly running totals heading for the target; some fall behind, some stop reporting."""
        target = indicator.target_value or 0.0
        pace = self.random.choice((1.0, 1.0, 0.95, 0.75, 0.5))
        stops_reporting = self.random.random() < 0.15
        period_start = start
        last_value = 0.0
        total_days = max(1, (end - start).days)
        while period_start < min(end, self.today):
            period_end = min(end, _half_year_end(period_start))
            if stops_reporting and period_end > start + dt.timedelta(days=total_days // 2):
                break
            elapsed = (period_end - start).days / total_days
            value = max(last_value, round(target * elapsed * pace * self.random.uniform(0.9, 1.05)))
            self._value(indicator, period_start, period_end, float(value), illustrative=True)
            last_value = value
            period_start = period_end + dt.timedelta(days=1)

    def _value(
        self, indicator: Indicator, start: dt.date, end: dt.date, actual: float, *, illustrative: bool
    ) -> None:
        self.session.add(
            IndicatorValue(
                indicator_id=id_of(indicator),
                period_start=start,
                period_end=end,
                actual=actual,
                is_illustrative=illustrative,
            )
        )
        self.counts["indicator_values"] += 1

    # -- partnership reviews ----------------------------------------------------------------------------

    def _reviews(self) -> None:
        """Twice-yearly reviews for part of the partner list; some partners are overdue."""
        for organisation in sorted(self.organisations.values(), key=lambda item: item.name_key):
            if self.random.random() < 0.45:
                continue
            organisation.relationship_owner = self.random.choice(REVIEWERS)
            review_date = self.today - dt.timedelta(days=self.random.randrange(20, 320))
            for _ in range(self.random.choice((1, 1, 2))):
                rating = self.random.randrange(2, 6)
                review = PartnershipReview(
                    organisation_id=id_of(organisation),
                    review_date=review_date,
                    reviewer=self.random.choice(REVIEWERS),
                    rating=rating,
                    rating_strategic_contribution=min(5, rating + self.random.choice((-1, 0, 0, 1))),
                    rating_collaboration=self.random.randrange(2, 6),
                    rating_shared_values=self.random.randrange(3, 6),
                    rating_added_value=self.random.randrange(2, 6),
                    rating_mutual_results=self.random.randrange(1, 6),
                    rating_gender_inclusion=self.random.randrange(1, 5),
                    decision="continue" if rating >= 3 else "change",
                    notes="Revue illustrative générée pour la démonstration.",
                    next_review_due=review_date + dt.timedelta(days=182),
                    created_by="demo",
                    is_illustrative=True,
                )
                self.session.add(review)
                self.counts["reviews"] += 1
                if organisation.last_review_date is None:  # the first review written is the latest
                    organisation.last_review_date = review_date
                    organisation.next_review_date = review.next_review_due
                review_date = review_date - dt.timedelta(days=182)


def _half_year_end(day: dt.date) -> dt.date:
    return dt.date(day.year, 6, 30) if day.month <= 6 else dt.date(day.year, 12, 31)
