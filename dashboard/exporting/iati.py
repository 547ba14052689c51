"""The filtered portfolio as an IATI 2.03 activity file (Budgets page button, ``python -m dashboard export
iati``): each project is read back into a ``ProjectImage`` and written by ``dashboard.standards.iati.writer``,
which checks every activity against the shipped 2.03 schema.

What is written is what counts: the budget lines, commitments, disbursements and expenditure of the source the
project counts (``Project.budget_source``...), so the file never adds an IATI file's money to the local
uploads' of the same project. Other transactions (money received, loans, pledges) and planned disbursements
are written as stored. The activity identifier is the project's IATI identifier, else its code; the reporting
organisation is the one the project came with, else its accountable (then extending, funding, implementing)
partner, else the organisation set in ``IATI_REPORTING_ORG_REF`` / ``_NAME`` / ``_TYPE``.

A project the standard cannot describe is left out and named (``ExportResult.skipped``): without any date (the
standard requires one), or whose data the schema refuses. Exported, imported into an empty database and
exported again, a file comes back byte for byte (tests/test_export_iati.py); imported over the database it
came from, it changes nothing.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.engine import Connection, Engine
from sqlmodel import SQLModel

from dashboard.core import metrics
from dashboard.core.models import (
    BudgetLine,
    Indicator,
    IndicatorValue,
    MoneySource,
    Organisation,
    PlannedDisbursement,
    Project,
    ProjectCountry,
    ProjectLocation,
    ProjectRegion,
    ProjectRole,
    ProjectSector,
    RoleKind,
    Spending,
)
from dashboard.core.orm import table_of
from dashboard.core.settings import get_settings
from dashboard.queries.filters import PortfolioFilter, project_ids
from dashboard.standards.iati import mapping
from dashboard.standards.iati import model as m
from dashboard.standards.iati.mapping import (
    BudgetImage,
    IndicatorImage,
    IndicatorValueImage,
    LocationImage,
    PartnerImage,
    PlannedDisbursementImage,
    ProjectImage,
    RoleImage,
    ShareImage,
    SpendingImage,
)
from dashboard.standards.iati.writer import IatiWriteError, write_activities

PROJECTS_PER_CHUNK = 500
# Who reports a project that names no reporting organisation: its partner in the first of these roles.
REPORTING_ROLES = (RoleKind.accountable.value, RoleKind.extending.value, RoleKind.funding.value,
                   RoleKind.implementing.value)
SKIP_NO_DATE = "no_date"
SKIP_INVALID = "invalid"


@dataclass
class ExportResult:
    """The file, and the projects left out with the reason (``SKIP_NO_DATE``, ``SKIP_INVALID``)."""

    data: bytes
    exported: int
    skipped: list[tuple[str, str]] = field(default_factory=list)


def configured_reporter() -> PartnerImage:
    """The organisation that reports projects naming none: the settings' ``IATI_REPORTING_ORG_REF``,
    ``_NAME``, ``_TYPE`` (an OrganisationType code, default 90 "Other"; ``dashboard.core.settings``)."""
    settings = get_settings()
    return PartnerImage(settings.iati_reporting_org_name, settings.iati_reporting_org_ref, mapping.UNKNOWN_TYPE,
                        settings.iati_reporting_org_type)


def _decimal(value: float | None) -> Decimal | None:
    """A stored float as the decimal it was written as (``repr`` gives the shortest exact text)."""
    return None if value is None else Decimal(repr(float(value)))


def _amount(value: float) -> Decimal:
    """A stored amount (never empty) as the decimal it was written as."""
    return Decimal(repr(float(value)))


def _partner(row: Mapping[str, Any] | None) -> PartnerImage | None:
    if row is None:
        return None
    return PartnerImage(str(row["name"]), row["iati_ref"], str(row["type"]), row["iati_type"])


def _rows(connection: Connection, model: type[SQLModel], column: str, ids: list[int]
          ) -> dict[int, list[dict[str, Any]]]:
    table = table_of(model)
    grouped: dict[int, list[dict[str, Any]]] = defaultdict(list)
    query = select(table).where(table.c[column].in_(ids))
    if "id" in table.c:
        query = query.order_by(table.c.id)
    for row in connection.execute(query).mappings():
        grouped[int(row[column])].append(dict(row))
    return grouped


class _Reader:
    """Reads the images of a chunk of projects, one query per table."""

    def __init__(self, connection: Connection) -> None:
        self.connection = connection
        organisations = table_of(Organisation)
        self.partners = {row["id"]: dict(row) for row in connection.execute(select(organisations)).mappings()}

    def partner(self, partner_id: object) -> PartnerImage | None:
        return _partner(self.partners.get(partner_id)) if partner_id is not None else None

    def images(self, projects: list[dict[str, Any]]) -> Iterator[ProjectImage]:
        ids = [int(project["id"]) for project in projects]
        c = self.connection
        roles, budgets = _rows(c, ProjectRole, "project_id", ids), _rows(c, BudgetLine, "project_id", ids)
        planned, spending = _rows(c, PlannedDisbursement, "project_id", ids), _rows(c, Spending, "project_id", ids)
        countries, sectors = _rows(c, ProjectCountry, "project_id", ids), _rows(c, ProjectSector, "project_id", ids)
        regions, locations = _rows(c, ProjectRegion, "project_id", ids), _rows(c, ProjectLocation, "project_id", ids)
        indicators = _rows(c, Indicator, "project_id", ids)
        values = _rows(c, IndicatorValue, "indicator_id",
                       [int(row["id"]) for rows in indicators.values() for row in rows])
        for project in projects:
            project_id = int(project["id"])
            yield self.image(project, roles[project_id], budgets[project_id], planned[project_id],
                             spending[project_id], countries[project_id], sectors[project_id], regions[project_id],
                             locations[project_id], indicators[project_id], values)

    def image(self, project: Mapping[str, Any], roles: list[dict[str, Any]],
              budgets: list[dict[str, Any]], planned: list[dict[str, Any]], spending: list[dict[str, Any]],
              countries: list[dict[str, Any]], sectors: list[dict[str, Any]],
              regions: list[dict[str, Any]], locations: list[dict[str, Any]],
              indicators: list[dict[str, Any]], values: Mapping[int, list[dict[str, Any]]]) -> ProjectImage:
        currency = str(project["currency"])
        role_images = [RoleImage(partner, str(row["role"])) for row in roles
                       if (partner := self.partner(row["organisation_id"])) is not None]
        # The standard's reporting organisation needs an identifier and a type: the project's own, else the
        # partner in the first reporting role that has both, else the configured organisation.
        candidates = [self.partner(project["reporting_org_id"])]
        by_role = {role.role: role.partner for role in reversed(role_images)}
        candidates += [by_role.get(role) for role in REPORTING_ROLES]
        reporting = next((partner for partner in candidates if partner is not None and partner.iati_ref
                          and mapping.partner_type_code(partner)), configured_reporter())
        if not role_images:  # the standard requires a participating organisation: the reporter, accountable
            role_images = [RoleImage(reporting, RoleKind.accountable.value)]
        budget_images = [
            BudgetImage(row["period_start"], row["period_end"], _amount(row["amount"]),
                        str(row["currency"] or currency), row["value_date"] or row["period_start"],
                        str(row["budget_type"]), str(row["status"]), row["category"] or None,
                        self.partner(row["funder_id"]))
            for row in budgets
            if row["source"] == project["budget_source"] and row["period_start"] and row["period_end"]]
        planned_images = [
            PlannedDisbursementImage(row["period_start"], row["period_end"], _amount(row["amount"]),
                                     str(row["currency"]), row["value_date"] or row["period_start"],
                                     row["budget_type"], self.partner(row["provider_id"]),
                                     self.partner(row["receiver_id"]))
            for row in planned]
        spending_images = []
        for row in spending:
            kind = str(row["kind"])
            counted = (project["commitment_source"] if kind in metrics.COMMITMENT_KINDS
                       else project["spending_source"] if kind in metrics.CONSUMED_KINDS else None)
            if counted is not None and row["source"] != counted:
                continue  # the other source's money: kept in the portfolio, never added in, not exported
            spending_images.append(SpendingImage(
                kind, row["date"], _amount(row["amount"]), str(row["currency"] or currency),
                row["value_date"] or row["date"], row["iati_ref"] or row["reference"],
                1, row["description"], self.partner(row["funder_id"]), self.partner(row["receiver_id"])))
        location_images = []
        for row in locations:
            gazetteer = tuple((vocabulary, code) for part in str(row["gazetteer"] or "").split("; ")
                              if " " in part for vocabulary, code in [part.split(" ", 1)])
            named = row["name"] not in (str(row["gazetteer"] or "").split("; ")[0], row["iati_ref"]) \
                and not str(row["name"]).startswith("#")
            location_images.append(LocationImage(
                str(row["name"]), row["description"], _decimal(row["latitude"]), _decimal(row["longitude"]),
                row["iati_ref"], row["exactness"], gazetteer, named))
        indicator_images = [_indicator(row, values.get(int(row["id"]), [])) for row in indicators]
        return ProjectImage(
            code=str(project["iati_identifier"] or project["code"]), title=str(project["title"]),
            title_fr=project["title_fr"], description=project["description"],
            description_fr=project["description_fr"], status=str(project["status"]),
            planned_start=project["planned_start"], planned_end=project["planned_end"],
            actual_start=project["actual_start"], actual_end=project["actual_end"],
            currency=currency, reporting_org=reporting, roles=tuple(role_images), budgets=tuple(budget_images),
            planned_disbursements=tuple(planned_images), spending=tuple(spending_images),
            countries=tuple(ShareImage(str(row["country"]), _decimal(row["share"])) for row in sorted(
                countries, key=lambda item: str(item["country"]))),
            regions=tuple(ShareImage(str(row["code"]), _decimal(row["percentage"]), str(row["vocabulary"]),
                                     row["vocabulary_uri"], row["name"]) for row in regions),
            sectors=tuple(ShareImage(str(row["code"]), _decimal(row["percentage"]), str(row["vocabulary"]),
                                     row["vocabulary_uri"], row["name"]) for row in sectors),
            locations=tuple(location_images), indicators=tuple(indicator_images),
            # Which money the activity carries, when it is not IATI's: imported back, it is compared with the
            # same records (the product's extension attributes, ignored by other readers).
            money_sources=tuple((name.replace("_", "-"), str(project[name]))
                                for name in ("budget_source", "commitment_source", "spending_source")
                                if project[name] != MoneySource.iati.value))


def _indicator(row: Mapping[str, Any], values: list[dict[str, Any]]) -> IndicatorImage:
    """An indicator's image."""
    return IndicatorImage(
        code=str(row["code"]), name=str(row["name"]), name_fr=row["name_fr"],
        result_level=str(row["result_level"]), result_title=row["result_title"],
        result_title_fr=row["result_title_fr"], measure=str(row["measure"]),
        direction=str(row["direction"]), description=row["description"],
        description_fr=row["description_fr"], result_description=row["result_description"],
        result_description_fr=row["result_description_fr"], baseline_value=_decimal(row["baseline_value"]),
        baseline_text=row["baseline_text"], baseline_date=row["baseline_date"],
        baseline_note=row["baseline_note"],
        values=tuple(IndicatorValueImage(
            value["period_start"], value["period_end"], _decimal(value["target"]), _decimal(value["actual"]),
            value["target_text"], value["actual_text"], value["note"])
            for value in sorted(values, key=lambda item: (item["period_start"], item["period_end"]))))


def export_iati(engine: Engine, *, portfolio_filter: PortfolioFilter | None = None) -> ExportResult:
    """The filtered portfolio's projects as an IATI 2.03 file, in project code order (see the module's
    docstring)."""
    portfolio_filter = portfolio_filter or PortfolioFilter()
    table = table_of(Project)
    exported = 0
    skipped: list[tuple[str, str]] = []

    def activities() -> Iterator[m.Activity]:
        nonlocal exported
        with engine.connect() as connection:
            reader = _Reader(connection)
            projects = [dict(row) for row in connection.execute(
                select(table).where(table.c.id.in_(project_ids(portfolio_filter))).order_by(table.c.code)).mappings()]
            for start in range(0, len(projects), PROJECTS_PER_CHUNK):
                for image in reader.images(projects[start : start + PROJECTS_PER_CHUNK]):
                    if not any((image.planned_start, image.planned_end, image.actual_start, image.actual_end)):
                        skipped.append((image.code, SKIP_NO_DATE))
                        continue
                    activity = mapping.project_to_activity(image)
                    exported += 1
                    yield activity

    try:
        data = write_activities(activities())
    except IatiWriteError as error:  # a project the schema refuses: left out, the others written
        skipped.append((error.identifier, SKIP_INVALID))
        return _without(engine, portfolio_filter, skipped)
    return ExportResult(data, exported, skipped)


def _without(engine: Engine, portfolio_filter: PortfolioFilter, skipped: list[tuple[str, str]]) -> ExportResult:
    """Write again, leaving out the projects the schema refused (one at a time: they are rare)."""
    refused = {code for code, reason in skipped if reason == SKIP_INVALID}
    table = table_of(Project)
    while True:
        activities = []
        with engine.connect() as connection:
            reader = _Reader(connection)
            projects = [dict(row) for row in connection.execute(
                select(table).where(table.c.id.in_(project_ids(portfolio_filter))).order_by(table.c.code)).mappings()]
            for image in reader.images(projects):
                if image.code in refused or not any((image.planned_start, image.planned_end, image.actual_start,
                                                     image.actual_end)):
                    continue
                activities.append(mapping.project_to_activity(image))
        try:
            return ExportResult(write_activities(activities), len(activities), skipped)
        except IatiWriteError as error:
            refused.add(error.identifier)
            skipped.append((error.identifier, SKIP_INVALID))
