"""Gap analysis for the reference group's twice-yearly review of the partner list (strategy, seed 002):
for each strategic objective and region, the active partners, the funding committed by partnership
objective, and the gaps — where the portfolio has no partner, no funding, or no partner offering one of
the three partnership objectives.

Definitions (stated on the page too):

- A partner works on a strategic objective when it is linked to it (``organisation_strategic_objective``);
  its region is the region of its own country (``dashboard.core.regions.region_of``). Only ``active`` partners
  count as partners.
- Funding committed to an objective is what those partners pledged (``ProjectRole.contribution``, counted
  once per partner and project, see ``dashboard.queries.partners.contribution_rows``) to the projects linked to the
  objective, converted to the reporting currency. A cancelled project commits nothing.
- Funding "by partnership objective" counts a pledge under each objective its partner offers (financial,
  technical, shared values), so those columns overlap and do not add up to the total, which counts each
  pledge once.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pandas as pd
from sqlalchemy import and_, func, select

from dashboard.core import metrics
from dashboard.core.currency import MissingRatePolicy, convert_frame
from dashboard.core.models import (
    Organisation,
    OrganisationPartnershipObjective,
    OrganisationStatus,
    OrganisationStrategicObjective,
    PartnershipObjective,
    Project,
    ProjectObjective,
    ProjectStatus,
    StrategicObjective,
)
from dashboard.core.regions import PACIFIC_SUBREGIONS, REGIONS, region_of
from dashboard.queries.base import Connectable, reading
from dashboard.queries.filters import PortfolioFilter, organisation_ids
from dashboard.queries.partners import contribution_rows
from dashboard.queries.rates import stored_rates

NO_REGION = "NONE"  # partners with no country: shown as their own column, never dropped
PARTNERSHIP_OBJECTIVES: tuple[str, ...] = tuple(objective.value for objective in PartnershipObjective)
# Region order in the grid: the Pacific subregions first (the programme's own region), then the rest.
REGION_ORDER: tuple[str, ...] = (*PACIFIC_SUBREGIONS, *(code for code in REGIONS if code not in PACIFIC_SUBREGIONS
                                                        and code != "PACIFIC"), NO_REGION)

GAP_NO_PARTNER = "no_partner"
GAP_NO_FUNDING = "no_funding"

GAP_COLUMNS = [
    "objective_code",
    "objective_title",
    "region",
    "active_partners",
    *[f"partners_{objective}" for objective in PARTNERSHIP_OBJECTIVES],
    "funding_total",
    *[f"funding_{objective}" for objective in PARTNERSHIP_OBJECTIVES],
    "gaps",
]


@dataclass(frozen=True)
class GapAnalysis:
    frame: pd.DataFrame  # one row per (strategic objective, region): GAP_COLUMNS
    currency: str
    regions: tuple[str, ...]
    missing_rates: tuple[str, ...] = ()

    def gap_rows(self) -> pd.DataFrame:
        """Only the rows with at least one gap."""
        return self.frame[self.frame["gaps"].str.len() > 0].reset_index(drop=True)


def _region_column(frame: pd.DataFrame) -> pd.Series:
    return frame["country"].map(lambda country: region_of(country) or NO_REGION)


def gap_analysis(
    source: Connectable,
    portfolio_filter: PortfolioFilter = PortfolioFilter(),  # noqa: B008 - frozen dataclass
    *,
    currency: str = metrics.REPORTING_BASE_CURRENCY,
) -> GapAnalysis:
    """The objective × region grid. Regions shown: those of the partners the filter keeps (any status, so a
    region whose partners all went dormant shows as a gap) plus any region chosen in the filter."""
    kept = [] if portfolio_filter.is_empty else [Organisation.id.in_(organisation_ids(portfolio_filter))]
    active = [*kept, Organisation.status == OrganisationStatus.active.value]
    objective_filter = (
        [StrategicObjective.code.in_(portfolio_filter.objectives)] if portfolio_filter.objectives else []
    )

    with reading(source) as session:
        objectives = session.execute(
            select(StrategicObjective.id, StrategicObjective.code, StrategicObjective.title)
            .where(and_(True, *objective_filter))
            .order_by(StrategicObjective.code)
        ).all()
        countries = session.execute(
            select(Organisation.country).where(and_(True, *kept)).distinct()
        ).scalars().all()
        # Active partners per objective and country; per partnership objective separately (a partner
        # offering two partnership objectives counts once in the total).
        partner_counts = pd.DataFrame(
            session.execute(
                select(
                    OrganisationStrategicObjective.objective_id,
                    Organisation.country,
                    func.count(func.distinct(Organisation.id)),
                )
                .join(Organisation, Organisation.id == OrganisationStrategicObjective.organisation_id)
                .where(and_(*active))
                .group_by(OrganisationStrategicObjective.objective_id, Organisation.country)
            ).all(),
            columns=["objective_id", "country", "partners"],
        )
        partner_counts_by = pd.DataFrame(
            session.execute(
                select(
                    OrganisationStrategicObjective.objective_id,
                    Organisation.country,
                    OrganisationPartnershipObjective.objective,
                    func.count(func.distinct(Organisation.id)),
                )
                .join(Organisation, Organisation.id == OrganisationStrategicObjective.organisation_id)
                .join(
                    OrganisationPartnershipObjective,
                    OrganisationPartnershipObjective.organisation_id == Organisation.id,
                )
                .where(and_(*active))
                .group_by(
                    OrganisationStrategicObjective.objective_id,
                    Organisation.country,
                    OrganisationPartnershipObjective.objective,
                )
            ).all(),
            columns=["objective_id", "country", "partnership_objective", "partners"],
        )
        pledges = contribution_rows(portfolio_filter)
        funded = (
            select(
                ProjectObjective.objective_id,
                Organisation.country,
                pledges.c.currency,
                func.sum(pledges.c.amount),
            )
            .join(pledges, pledges.c.project_id == ProjectObjective.project_id)
            .join(Project, Project.id == ProjectObjective.project_id)
            .join(Organisation, Organisation.id == pledges.c.organisation_id)
            .where(and_(*active), Project.status != ProjectStatus.cancelled.value)
        )
        funding = pd.DataFrame(
            session.execute(
                funded.group_by(ProjectObjective.objective_id, Organisation.country, pledges.c.currency)
            ).all(),
            columns=["objective_id", "country", "currency", "amount"],
        )
        funding_by = pd.DataFrame(
            session.execute(
                funded.add_columns(OrganisationPartnershipObjective.objective)
                .join(
                    OrganisationPartnershipObjective,
                    OrganisationPartnershipObjective.organisation_id == Organisation.id,
                )
                .group_by(
                    ProjectObjective.objective_id,
                    Organisation.country,
                    pledges.c.currency,
                    OrganisationPartnershipObjective.objective,
                )
            ).all(),
            columns=["objective_id", "country", "currency", "amount", "partnership_objective"],
        )
        rates = stored_rates(session)

    present = {region_of(country) or NO_REGION for country in countries}
    present |= {region for region in portfolio_filter.regions if region != "PACIFIC"}
    if "PACIFIC" in portfolio_filter.regions:
        present |= set(PACIFIC_SUBREGIONS)
    regions = tuple(region for region in REGION_ORDER if region in present)

    grid = pd.DataFrame(
        [(key, code, title, region) for key, code, title in objectives for region in regions],
        columns=["objective_id", "objective_code", "objective_title", "region"],
    )
    keys = ["objective_id", "region"]

    def by_region(frame: pd.DataFrame, value: str, extra: list[str] | None = None) -> pd.DataFrame:
        frame = frame.assign(region=_region_column(frame))
        return frame.groupby(keys + (extra or []), as_index=False)[value].sum()

    grid = grid.merge(by_region(partner_counts, "partners"), on=keys, how="left")
    grid = grid.rename(columns={"partners": "active_partners"})
    counts_wide = by_region(partner_counts_by, "partners", ["partnership_objective"]).pivot_table(
        index=keys, columns="partnership_objective", values="partners", aggfunc="sum"
    )
    # Funding in a currency without a stored rate is unknown (NaN) and named, never summed as if converted.
    converted = convert_frame(funding, currency, rates, on_missing_rate=MissingRatePolicy.UNKNOWN)
    converted_by = convert_frame(funding_by, currency, rates, on_missing_rate=MissingRatePolicy.UNKNOWN)
    funding["converted"], missing = converted.amounts, converted.missing_rates
    funding_by["converted"], missing_by = converted_by.amounts, converted_by.missing_rates
    grid = grid.merge(by_region(funding, "converted"), on=keys, how="left").rename(
        columns={"converted": "funding_total"}
    )
    funding_wide = by_region(funding_by, "converted", ["partnership_objective"]).pivot_table(
        index=keys, columns="partnership_objective", values="converted", aggfunc="sum"
    )
    for objective in PARTNERSHIP_OBJECTIVES:
        grid = grid.merge(
            _column(counts_wide, objective, f"partners_{objective}"), on=keys, how="left"
        ).merge(_column(funding_wide, objective, f"funding_{objective}"), on=keys, how="left")

    count_columns = ["active_partners", *[f"partners_{objective}" for objective in PARTNERSHIP_OBJECTIVES]]
    money_columns = ["funding_total", *[f"funding_{objective}" for objective in PARTNERSHIP_OBJECTIVES]]
    grid[count_columns] = grid[count_columns].fillna(0).astype("int64")
    grid[money_columns] = grid[money_columns].fillna(0.0).astype("float64")
    grid["gaps"] = [_gaps(row) for row in grid.itertuples(index=False)]
    return GapAnalysis(
        frame=grid[GAP_COLUMNS].reset_index(drop=True),
        currency=currency,
        regions=regions,
        missing_rates=tuple(sorted(set(missing) | set(missing_by))),
    )


def _column(wide: pd.DataFrame, objective: str, name: str) -> pd.DataFrame:
    if objective in wide.columns:
        return wide[objective].rename(name).reset_index()
    return pd.DataFrame(columns=["objective_id", "region", name])


def _gaps(row: Any) -> str:  # a namedtuple from itertuples
    """Gap codes, comma-separated: no partner; no funding; no partner offering a partnership objective."""
    found = []
    if row.active_partners == 0:
        found.append(GAP_NO_PARTNER)
    if row.funding_total == 0:
        found.append(GAP_NO_FUNDING)
    if row.active_partners > 0:
        found += [f"no_{objective}" for objective in PARTNERSHIP_OBJECTIVES
                  if getattr(row, f"partners_{objective}") == 0]
    return ",".join(found)


def objective_summary(analysis: GapAnalysis) -> pd.DataFrame:
    """One row per strategic objective, all regions together (partner sets of regions do not overlap, so
    the counts and sums add up)."""
    frame = analysis.frame
    numeric = [column for column in GAP_COLUMNS if column.startswith(("active_", "partners_", "funding_"))]
    summary = frame.groupby(["objective_code", "objective_title"], as_index=False, sort=True)[numeric].sum()
    summary["regions_without_partner"] = (
        frame.assign(empty=frame["active_partners"].eq(0)).groupby("objective_code")["empty"].sum().values
    )
    return summary


# ---------------------------------------------------------------------------------------------------------
# For people
# ---------------------------------------------------------------------------------------------------------


