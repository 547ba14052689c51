"""The ``iati`` upload kind: an IATI activity file (2.01-2.03) into the portfolio, through the same preview,
all-or-nothing commit, audit and undo as every upload.

Each activity becomes a project (``dashboard.standards.iati.mapping`` says how), matched:

- projects by their IATI identifier, else by a project code equal to it;
- partners by their IATI organisation identifier (dashes and case ignored), else by name, else by acronym;
  a partner found by name or acronym gains the identifier; a new one is created with its IATI type ("unknown"
  when the file gives none).

The file is the authority for the IATI money of its projects: budget lines, planned disbursements and
transactions marked ``source = "iati"`` become exactly the file's (matched by period and type, or by kind,
date, reference and rank; what the file no longer holds is deleted, with its audit). Roles are added, never
removed (they may come from local uploads too); places, sectors, regions, countries and result indicators
follow the file when it gives any. Whether the IATI money or the local uploads' money counts is per project and
per kind of money (``Project.budget_source``, ``commitment_source``, ``spending_source``): a project the file
creates counts its IATI money; a project already in the portfolio keeps its choice unless the person picks
the file (``options["money_sources"]`` per identifier, or ``options["matched_money_source"] = "iati"``).
"""

from __future__ import annotations

import gc
import hashlib
import itertools
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.engine import Connection
from sqlmodel import Session, SQLModel

from dashboard.core import metrics
from dashboard.core.models import (
    BudgetLine,
    Indicator,
    IndicatorValue,
    Measure,
    MoneySource,
    Organisation,
    OrganisationAlias,
    OrganisationStatus,
    PlannedDisbursement,
    Project,
    ProjectCountry,
    ProjectLocation,
    ProjectRegion,
    ProjectRole,
    ProjectSector,
    ProjectStatus,
    Spending,
)
from dashboard.core.permissions import Actor
from dashboard.core.text import fold
from dashboard.importing.preview import Match, Preview
from dashboard.importing.problems import standard_problem
from dashboard.importing.records import table_of
from dashboard.importing.sync import Labelled, LinkSet, RecordSync, model_defaults, pair
from dashboard.standards.iati import mapping
from dashboard.standards.iati.mapping import IndicatorImage, PartnerImage, ProjectImage
from dashboard.standards.iati.reader import ActivityReader
from dashboard.standards.problems import FileRefusedError

KIND = "iati"
ACTIVITIES_PER_CHUNK = 250
MONEY_FIELDS = ("budget_source", "commitment_source", "spending_source")
# Tables in the order they are written (parents first); deletes go the other way.
ORDER = ("organisation", "project", "project_role", "budget_line", "planned_disbursement", "spending",
         "project_location", "indicator", "indicator_value")
IATI_INDICATOR_CODE = re.compile(r"^R\d+\.\d+$")
CODE_LIMIT, TITLE_LIMIT, DESCRIPTION_LIMIT, NAME_LIMIT, NOTE_LIMIT = 60, 300, 8000, 300, 2000

COUNTRIES = LinkSet(table_of(ProjectCountry), "project_id", ("country", "share"))
SECTORS = LinkSet(table_of(ProjectSector), "project_id", ("vocabulary", "code", "percentage", "vocabulary_uri", "name"))
REGIONS = LinkSet(table_of(ProjectRegion), "project_id", ("vocabulary", "code", "percentage", "vocabulary_uri", "name"))
LINKS = {"countries": COUNTRIES, "sectors": SECTORS, "regions": REGIONS}
# A record the file wants: (the key it is paired on, its columns, the parts of its label in the preview).
Wanted = tuple[tuple[object, ...], dict[str, Any], tuple[object, ...]]


def cut(text: str | None, limit: int) -> str | None:
    """``text`` within a column's length (the end replaced by an ellipsis)."""
    if text is None or len(text) <= limit:
        return text
    return text[: limit - 1].rstrip() + "…"


def _float(value: Any) -> float | None:
    return None if value is None else float(value)


# ---------------------------------------------------------------------------------------------------------
# Partners and projects already stored
# ---------------------------------------------------------------------------------------------------------


class Partners:
    """The stored partners, found by IATI identifier, SIRET, name, alias or acronym; new ones planned through the
    sync. Each partner of the file is resolved once."""

    def __init__(self, connection: Connection, sync: RecordSync, result: Preview, source: str) -> None:
        table = table_of(Organisation)
        self.table = table
        self.sync = sync
        self.result = result
        self.source = source
        self.rows: dict[int, dict[str, Any]] = {
            row["id"]: dict(row) for row in connection.execute(select(table)).mappings()}
        self.by_ref = {str(row["iati_ref_key"]): id_ for id_, row in self.rows.items() if row["iati_ref_key"]}
        self.by_siret = {str(row["siret"]): id_ for id_, row in self.rows.items() if row["siret"]}
        self.by_name = {str(row["name_key"]): id_ for id_, row in self.rows.items()}
        self.by_acronym: dict[str, int | None] = {}
        for id_, row in self.rows.items():
            if row["acronym"]:
                key = fold(str(row["acronym"]))
                self.by_acronym[key] = None if key in self.by_acronym else id_
        alias = table_of(OrganisationAlias)  # the other names partners go by (issue 13)
        self.by_alias = {str(key): int(owner) for key, owner in connection.execute(
            select(alias.c.alias_key, alias.c.organisation_id)).all()}
        self.resolved: dict[str, int] = {}
        self.defaults = model_defaults(Organisation, sync.now)

    def find(self, *, ref: str | None, siret: str | None, name: str | None) -> tuple[int | None, str]:
        if ref and (found := self.by_ref.get(mapping.ref_key(ref))) is not None:
            return found, "identifier"
        if siret and (found := self.by_siret.get(siret)) is not None:
            return found, "siret"
        key = fold(name or "")
        if key and (found := self.by_name.get(key)) is not None:
            return found, "name"
        if key and (found := self.by_alias.get(key)) is not None:
            return found, "alias"
        if key and (found := self.by_acronym.get(key)) is not None:
            return found, "acronym"
        return None, "new"

    def resolve(self, partner: PartnerImage | None, line: int) -> int | None:
        """The id of the stored (or planned) partner ``partner`` names."""
        if partner is None:
            return None
        if partner.key in self.resolved:
            return self.resolved[partner.key]
        found, how = self.find(ref=partner.iati_ref, siret=None, name=partner.name)
        name = partner.name or partner.iati_ref or ""
        if found is None:
            row = {**self.defaults, "name": cut(" ".join(name.split()), NAME_LIMIT), "name_key": fold(name),
                   "type": partner.type, "status": OrganisationStatus.active.value, "source": self.source,
                   "iati_ref": partner.iati_ref, "iati_ref_key": mapping.ref_key(partner.iati_ref)
                   if partner.iati_ref else None, "iati_type": partner.iati_type}
            found = self.sync.create(self.table, row, Labelled("partners", name, line),
                                     shown=("name", "type", "iati_ref"))
            self.rows[found] = {"id": found, **row}
            self.by_name[str(row["name_key"])] = found
        else:
            stored = self.rows[found]
            wanted: dict[str, Any] = {}
            if partner.iati_ref and not stored["iati_ref_key"]:
                key = mapping.ref_key(partner.iati_ref)
                if key not in self.by_ref:
                    wanted.update(iati_ref=partner.iati_ref, iati_ref_key=key)
            # The IATI type is kept when it says more than the product's type (the code that type is written as).
            if partner.iati_type and not stored["iati_type"] \
                    and partner.iati_type != mapping.ORGANISATION_TYPE_CODES.get(str(stored["type"])):
                wanted["iati_type"] = partner.iati_type
            if stored["type"] == mapping.UNKNOWN_TYPE and partner.type != mapping.UNKNOWN_TYPE:
                wanted["type"] = partner.type
            if wanted:
                self.sync.compare(self.table, stored, wanted, Labelled("partners", str(stored["name"]), line))
                self.rows[found] = {**stored, **wanted}
        if partner.iati_ref:
            self.by_ref.setdefault(mapping.ref_key(partner.iati_ref), found)
        self.resolved[partner.key] = found
        self.result.matches.append(Match("partners", partner.iati_ref or name, how,
                                         str(self.rows[found]["name"]) if how != "new" else None))
        return found


@dataclass
class StoredProject:
    row: dict[str, Any]
    children: dict[str, list[dict[str, Any]]]
    links: dict[str, list[list[object]]]


class Projects:
    """Stored projects by IATI identifier and by code."""

    def __init__(self, connection: Connection) -> None:
        table = table_of(Project)
        self.table = table
        rows = connection.execute(select(table.c.id, table.c.code, table.c.iati_identifier)).all()
        self.by_identifier = {row.iati_identifier: row.id for row in rows if row.iati_identifier}
        self.by_code = {row.code: row.id for row in rows}
        self.codes = set(self.by_code)

    def find(self, identifier: str) -> tuple[int | None, str]:
        if identifier in self.by_identifier:
            return self.by_identifier[identifier], "identifier"
        if identifier in self.by_code:
            return self.by_code[identifier], "code"
        return None, "new"

    def new_code(self, identifier: str) -> str:
        """The identifier itself when it fits the code column and is free; else its start and a digest."""
        code = identifier
        if len(code) > CODE_LIMIT or code in self.codes:
            digest = hashlib.sha256(identifier.encode()).hexdigest()[:8]
            code = f"{identifier[: CODE_LIMIT - 9]}-{digest}"
        self.codes.add(code)
        return code


CHILD_TABLES: dict[str, type[SQLModel]] = {
    "project_role": ProjectRole, "budget_line": BudgetLine, "planned_disbursement": PlannedDisbursement,
    "spending": Spending, "project_location": ProjectLocation, "indicator": Indicator,
}


def load_stored(connection: Connection, project_ids: list[int]) -> dict[int, StoredProject]:
    """The stored rows of ``project_ids`` and of their children and links, in one query per table."""
    project = table_of(Project)
    stored = {row["id"]: StoredProject(dict(row), {name: [] for name in (*CHILD_TABLES, "indicator_value")},
                                       {name: [] for name in LINKS})
              for row in connection.execute(select(project).where(project.c.id.in_(project_ids))).mappings()}
    if not stored:
        return stored
    for name, model in CHILD_TABLES.items():
        table = table_of(model)
        for row in connection.execute(select(table).where(table.c.project_id.in_(project_ids))).mappings():
            stored[row["project_id"]].children[name].append(dict(row))
    indicator_project = {int(row["id"]): project_id for project_id, item in stored.items()
                         for row in item.children["indicator"]}
    if indicator_project:
        values = table_of(IndicatorValue)
        for part in _parts(list(indicator_project)):
            for row in connection.execute(select(values).where(values.c.indicator_id.in_(part))).mappings():
                stored[indicator_project[row["indicator_id"]]].children["indicator_value"].append(dict(row))
    for name, link in LINKS.items():
        for row in connection.execute(select(link.table).where(link.table.c[link.owner].in_(project_ids))).mappings():
            stored[row[link.owner]].links[name].append([row[column] for column in link.columns])
    for item in stored.values():
        for name in LINKS:
            item.links[name].sort(key=_sort_key)
    return stored


def _parts(items: list[int], size: int = 1000) -> Iterable[list[int]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _sort_key(row: list[object]) -> tuple[str, ...]:
    return tuple("" if item is None else str(item) for item in row)


# ---------------------------------------------------------------------------------------------------------
# One activity
# ---------------------------------------------------------------------------------------------------------


class ActivityImport:
    """Plans the records of one activity against what is stored."""

    def __init__(self, sync: RecordSync, partners: Partners, image: ProjectImage, line: int,
                 stored: StoredProject | None, project_id: int | None, how: str, options: Mapping[str, Any],
                 source: str, projects: Projects) -> None:
        self.sync = sync
        self.partners = partners
        self.image = image
        self.line = line
        self.stored = stored
        self.project_id = project_id
        self.how = how
        self.options = options
        self.source = source
        self.projects = projects
        self.code = str(stored.row["code"]) if stored is not None else ""

    def label(self, record: str, *parts: object) -> Labelled:
        text = " · ".join(str(part) for part in (self.code, *parts) if part not in (None, ""))
        return Labelled(record, text, self.line)

    # -- the project ----------------------------------------------------------------------------------------

    def links(self) -> dict[str, list[list[object]]]:
        image = self.image
        links: dict[str, list[list[object]]] = {}
        if image.countries:
            # Countries without a percentage share what the others leave (all of it when none is given), as
            # an upload's countries without shares split 100 % equally.
            given = [float(item.share) for item in image.countries if item.share is not None]
            missing = len(image.countries) - len(given)
            rest = round(max(0.0, 100 - sum(given)) / missing, 4) if missing else 0.0
            links["countries"] = sorted(([item.code, float(item.share) if item.share is not None else rest]
                                         for item in image.countries), key=_sort_key)
        for name, items in (("sectors", image.sectors), ("regions", image.regions)):
            if items:
                links[name] = sorted(([item.vocabulary or "1", item.code, _float(item.share), item.vocabulary_uri,
                                       cut(item.name, NAME_LIMIT)] for item in items), key=_sort_key)
        for name, rows in list(links.items()):  # one row per key of the link table (its primary key)
            seen: set[tuple[object, ...]] = set()
            width = 1 if name == "countries" else 2
            unique = []
            for row in rows:
                if tuple(row[:width]) not in seen:
                    seen.add(tuple(row[:width]))
                    unique.append(row)
            links[name] = unique
        return links

    def carried(self, field_name: str) -> str:
        """The source of the money of one kind the file carries: "iati", or the source the product's own
        export declares (its extension attribute ``pd:budget-source``...)."""
        value = dict(self.image.money_sources).get(field_name.replace("_", "-"), MoneySource.iati.value)
        return value if value in (MoneySource.iati.value, MoneySource.local.value) else MoneySource.iati.value

    @property
    def local_project(self) -> bool:
        """A project of the portfolio's own (not from an IATI file): the file adds and updates, never deletes."""
        return self.stored is not None and not self.stored.row.get("iati_identifier")

    def money_sources(self) -> dict[str, str]:
        identifier = self.image.code
        chosen = dict(self.options.get("money_sources", {}).get(identifier, {}))
        if self.stored is None:
            return {name: chosen.get(name, self.carried(name)) for name in MONEY_FIELDS}
        if self.options.get("matched_money_source") == MoneySource.iati.value:
            chosen = {name: chosen.get(name, MoneySource.iati.value) for name in MONEY_FIELDS}
        return {name: value for name, value in chosen.items() if name in MONEY_FIELDS}

    def project(self) -> int:
        image, table = self.image, table_of(Project)
        # A project of the portfolio's own keeps no reporting organisation: its export names one for it.
        reporting = None if self.local_project else self.partners.resolve(image.reporting_org, self.line)
        values: dict[str, Any] = {
            "iati_identifier": image.code, "title": cut(image.title, TITLE_LIMIT),
            "title_fr": cut(image.title_fr, TITLE_LIMIT), "description": cut(image.description, DESCRIPTION_LIMIT),
            "description_fr": cut(image.description_fr, DESCRIPTION_LIMIT),
            "status": image.status, "planned_start": image.planned_start, "planned_end": image.planned_end,
            "actual_start": image.actual_start, "actual_end": image.actual_end, "reporting_org_id": reporting,
        }
        links = self.links()
        if self.stored is None:
            self.code = self.projects.new_code(image.code)
            row = {**model_defaults(Project, self.sync.now), **{name: value for name, value in values.items()
                                                                  if value is not None},
                   "code": self.code, "currency": image.currency or "EUR", "source": cut(self.source, 200),
                   "status": image.status or ProjectStatus.implementation.value, **self.money_sources()}
            full_links = {name: links.get(name, []) for name in LINKS}
            project_id = self.sync.create(table, row, self.label("projects"), shown=("code", "title", "currency"),
                                          links=full_links)
            self.sync.result.matches.append(Match("projects", image.code, "new"))
            for name, rows in links.items():
                self.sync.replace_links(LINKS[name], project_id, [tuple(item) for item in rows])
            return project_id
        stored = self.stored
        # A value the file does not give leaves the stored one as it is, as an empty cell does in an upload.
        wanted = {name: value for name, value in values.items() if value is not None}
        if self.how == "code" and image.code == stored.row["code"]:
            wanted.pop("iati_identifier")  # the code already says it
        wanted.update(self.money_sources())
        before_links = {name: stored.links[name] for name in links}
        after_links = {name: links[name] for name in links}
        self.sync.compare(table, stored.row, wanted, self.label("projects"), links_before=before_links,
                          links_after=after_links)
        for name, rows in links.items():
            if stored.links[name] != rows:
                self.sync.replace_links(LINKS[name], int(stored.row["id"]),
                                        [tuple(item) for item in rows])
        self.sync.result.matches.append(Match("projects", image.code, self.how, str(stored.row["title"])))
        return int(stored.row["id"])

    # -- children -------------------------------------------------------------------------------------------

    def children(self, project_id: int) -> None:
        self.roles(project_id)
        self.budgets(project_id)
        self.planned(project_id)
        self.spending(project_id)
        self.locations(project_id)
        self.indicators(project_id)

    def _stored(self, name: str) -> list[dict[str, Any]]:
        return self.stored.children[name] if self.stored is not None else []

    def _sync_rows(self, table_name: str, model: type, project_id: int, stored: list[dict[str, Any]],
                   wanted: list[Wanted],
                   key: Callable[[Mapping[str, Any]], tuple[object, ...]], record: str,
                   shown: tuple[str, ...], *, deletes: bool = True) -> None:
        """Make ``stored`` (the project's rows of one source) exactly ``wanted`` ((key, values, label parts)
        in the file's order): the n-th stored row of a key is updated to the n-th wanted of that key, the
        wanted without a stored row are created, the stored without a wanted one deleted."""
        table = table_of(model)
        matched, new, left = pair(stored, [(item[0], item) for item in wanted], key)
        defaults = {**model_defaults(model, self.sync.now), "project_id": project_id}
        for row, (_key, values, parts) in matched:
            self.sync.compare(table, row, values, self.label(record, *parts))
        for _key, values, parts in new:
            self.sync.create(table, {**defaults, **values}, self.label(record, *parts), shown=shown)
        if not deletes:
            return  # the portfolio's own records are never taken away by a file
        for row in left:
            self.sync.delete(table, row, self.label(record, *self._parts_of(table_name, row)), shown=shown)

    @staticmethod
    def _parts_of(table_name: str, row: Mapping[str, Any]) -> tuple[object, ...]:
        if table_name in ("budget_line", "planned_disbursement"):
            return (f"{row['period_start']}–{row['period_end'] or ''}", row.get("amount"))
        if table_name == "spending":
            return (row["date"], row["kind"], row.get("amount"))
        if table_name == "indicator_value":
            return (row["period_start"], row["period_end"])
        return (row.get("name") or row.get("code") or row.get("id"),)

    def roles(self, project_id: int) -> None:
        table = table_of(ProjectRole)
        stored = {(row["organisation_id"], row["role"]) for row in self._stored("project_role")}
        defaults = {**model_defaults(ProjectRole, self.sync.now), "project_id": project_id}
        for role in self.image.roles:
            partner_id = self.partners.resolve(role.partner, self.line)
            if (partner_id, role.role) in stored:
                self.sync.result.unchanged += 1
                continue
            stored.add((partner_id, role.role))
            self.sync.create(table, {**defaults, "organisation_id": partner_id, "role": role.role},
                             self.label("roles", role.partner.name or role.partner.iati_ref, role.role),
                             shown=("role",))

    def project_currency(self) -> str | None:
        return str(self.stored.row["currency"]) if self.stored is not None else self.image.currency

    def budgets(self, project_id: int) -> None:
        source = self.carried("budget_source")
        stored = [row for row in self._stored("budget_line") if row["source"] == source]
        by_key: dict[tuple[object, ...], list[dict[str, Any]]] = {}
        for row in stored:
            by_key.setdefault((row["period_start"], row["period_end"]), []).append(row)
        wanted: list[Wanted] = []
        for item in self.image.budgets:
            currency: str | None = item.currency
            # A line without a currency is in its project's: the same money as the file's explicit one.
            if currency == self.project_currency() and any(
                    row["currency"] is None for row in by_key.get((item.period_start, item.period_end), [])):
                currency = None
            values = {"period_start": item.period_start, "period_end": item.period_end, "amount": float(item.amount),
                      "currency": currency, "value_date": _unless(item.value_date, item.period_start),
                      "budget_type": item.budget_type, "status": item.status, "source": source}
            if item.category is not None or item.funder is not None:  # the product's own export says them
                values.update(category=item.category, funder_id=self.partners.resolve(item.funder, self.line))
            wanted.append(((item.period_start, item.period_end, item.budget_type, item.status), values,
                           (f"{item.period_start}–{item.period_end}", item.budget_type)))
        self._sync_rows("budget_line", BudgetLine, project_id, stored, wanted,
                        lambda row: (row["period_start"], row["period_end"], row["budget_type"], row["status"]),
                        "budgets", ("amount", "currency", "budget_type", "status"),
                        deletes=source == MoneySource.iati.value)

    def planned(self, project_id: int) -> None:
        wanted: list[Wanted] = []
        for item in self.image.planned_disbursements:
            values = {"period_start": item.period_start, "period_end": item.period_end, "amount": float(item.amount),
                      "currency": item.currency, "value_date": _unless(item.value_date, item.period_start),
                      "budget_type": item.budget_type,
                      "provider_id": self.partners.resolve(item.provider, self.line),
                      "receiver_id": self.partners.resolve(item.receiver, self.line),
                      "source": MoneySource.iati.value}
            wanted.append(((item.period_start, item.period_end), values,
                           (f"{item.period_start}–{item.period_end or ''}",)))
        stored = [row for row in self._stored("planned_disbursement") if row["source"] == MoneySource.iati.value]
        self._sync_rows("planned_disbursement", PlannedDisbursement, project_id, stored, wanted,
                        lambda row: (row["period_start"], row["period_end"]), "planned-disbursements",
                        ("amount", "currency"))

    def source_of(self, kind: str) -> str:
        """The source the file's transactions of ``kind`` carry (money that counts nowhere is IATI's)."""
        if kind in metrics.COMMITMENT_KINDS:
            return self.carried("commitment_source")
        if kind in metrics.CONSUMED_KINDS:
            return self.carried("spending_source")
        return MoneySource.iati.value

    def spending(self, project_id: int) -> None:
        groups: dict[str, list[Wanted]] = {
            MoneySource.iati.value: [], MoneySource.local.value: []}
        for item in self.image.spending:
            source = self.source_of(item.kind)
            # An upload's own reference is its voucher number (120 characters); an IATI one is kept whole.
            reference = {"reference": cut(item.reference, 120)} if source == MoneySource.local.value \
                else {"iati_ref": item.reference}
            values = {"kind": item.kind, "date": item.date, "amount": float(item.amount), "currency": item.currency,
                      "value_date": _unless(item.value_date, item.date), **reference,
                      "description": cut(item.description, 1000),
                      "funder_id": self.partners.resolve(item.provider, self.line),
                      "receiver_id": self.partners.resolve(item.receiver, self.line), "source": source}
            groups[source].append(((item.kind, item.date, item.reference), values,
                                   (item.date, item.kind, item.reference)))
        for source, wanted in groups.items():
            stored = [row for row in self._stored("spending") if row["source"] == source
                      and (source == MoneySource.iati.value or self.source_of(str(row["kind"])) == source)]
            if not stored and not wanted:
                continue
            self._sync_rows("spending", Spending, project_id, stored, wanted,
                            lambda row: (row["kind"], row["date"], row["iati_ref"] or row["reference"]), "spending",
                            ("kind", "amount", "currency"), deletes=source == MoneySource.iati.value)

    def locations(self, project_id: int) -> None:
        if not self.image.locations:
            return
        wanted: list[Wanted] = []
        for item in self.image.locations:
            values: dict[str, Any] = {"name": cut(item.name, 200), "description": cut(item.description, 2000),
                      "latitude": _float(item.latitude), "longitude": _float(item.longitude),
                      "iati_ref": item.iati_ref, "exactness": item.exactness,
                      "gazetteer": cut("; ".join(" ".join(pair_) for pair_ in item.gazetteer), 300) or None}
            wanted.append(((values["name"], item.iati_ref), values, (values["name"],)))
        self._sync_rows("project_location", ProjectLocation, project_id, self._stored("project_location"), wanted,
                        lambda row: (row["name"], row["iati_ref"]), "locations", ("name", "latitude", "longitude"),
                        deletes=not self.local_project)

    def indicators(self, project_id: int) -> None:
        table = table_of(Indicator)
        stored = {str(row["code"]): row for row in self._stored("indicator")}
        values_by_indicator: dict[int, list[dict[str, Any]]] = {}
        for row in self._stored("indicator_value"):
            values_by_indicator.setdefault(int(row["indicator_id"]), []).append(row)
        defaults = {**model_defaults(Indicator, self.sync.now), "project_id": project_id}
        seen = set()
        for item in self.image.indicators:
            seen.add(item.code)
            values = indicator_values(item)
            found = stored.get(item.code)
            if found is None:
                indicator_id = self.sync.create(table, {**defaults, **values}, self.label("indicators", item.code),
                                                shown=("code", "name", "measure"))
                existing: list[dict[str, Any]] = []
            else:
                self.sync.compare(table, found, values, self.label("indicators", item.code))
                indicator_id = int(found["id"])
                existing = values_by_indicator.get(indicator_id, [])
            self.indicator_periods(indicator_id, item, existing)
        if self.stored is not None and self.stored.row.get("iati_identifier"):
            for code, row in stored.items():
                if code not in seen and IATI_INDICATOR_CODE.match(code):
                    for value in values_by_indicator.get(int(row["id"]), []):
                        self.sync.delete(table_of(IndicatorValue), value,
                                         self.label("indicator-values", code, value["period_start"]),
                                         shown=("target", "actual"))
                    self.sync.delete(table, row, self.label("indicators", code), shown=("name",))

    def indicator_periods(self, indicator_id: int, item: IndicatorImage, existing: list[dict[str, Any]]) -> None:
        wanted: list[Wanted] = []
        seen = set()
        for value in item.values:
            key = (value.period_start, value.period_end)
            if key in seen:  # one value per period and indicator (a unique key of the table)
                self.sync.result.unmapped["result/indicator/period (same dates twice)"] = \
                    self.sync.result.unmapped.get("result/indicator/period (same dates twice)", 0) + 1
                continue
            seen.add(key)
            values = {"indicator_id": indicator_id, "period_start": value.period_start, "period_end": value.period_end,
                      "target": _float(value.target), "actual": _float(value.actual),
                      "target_text": cut(value.target_text, 300), "actual_text": cut(value.actual_text, 300),
                      "note": cut(value.note, NOTE_LIMIT)}
            wanted.append((key, values, (item.code, value.period_start)))
        table = table_of(IndicatorValue)
        matched, new, left = pair(existing, [(item_[0], item_) for item_ in wanted],
                                  lambda row: (row["period_start"], row["period_end"]))
        defaults = model_defaults(IndicatorValue, self.sync.now)
        for row, (_key, values, parts) in matched:
            self.sync.compare(table, row, values, self.label("indicator-values", *parts))
        for _key, values, parts in new:
            self.sync.create(table, {**defaults, **values}, self.label("indicator-values", *parts),
                             shown=("target", "actual", "actual_text"))
        if self.local_project:
            return
        for row in left:
            self.sync.delete(table, row, self.label("indicator-values", item.code, row["period_start"]),
                             shown=("target", "actual", "actual_text"))


def _unless(value_date: object, default: object) -> object:
    """A value date, or None when it is the date the money is already dated by (the rate of that day)."""
    return None if value_date == default else value_date


def indicator_values(item: IndicatorImage) -> dict[str, Any]:
    """An indicator's columns from its image. A measure the file does not give is a number when the values
    are numbers, else qualitative."""
    measure = item.measure
    if not measure:
        texts = any(value.actual_text or value.target_text for value in item.values) or item.baseline_text
        measure = Measure.qualitative.value if texts else Measure.number.value
    return {
        "code": item.code, "name": cut(item.name, NAME_LIMIT), "name_fr": cut(item.name_fr, NAME_LIMIT),
        "result_level": item.result_level, "measure": measure, "direction": item.direction,
        "description": cut(item.description, DESCRIPTION_LIMIT),
        "description_fr": cut(item.description_fr, DESCRIPTION_LIMIT),
        "result_title": cut(item.result_title, TITLE_LIMIT), "result_title_fr": cut(item.result_title_fr, TITLE_LIMIT),
        "result_description": cut(item.result_description, 4000),
        "result_description_fr": cut(item.result_description_fr, 4000),
        "baseline_value": _float(item.baseline_value), "baseline_text": cut(item.baseline_text, 300),
        "baseline_date": item.baseline_date, "baseline_note": cut(item.baseline_note, NOTE_LIMIT),
    }


# ---------------------------------------------------------------------------------------------------------
# The file
# ---------------------------------------------------------------------------------------------------------


def process(session: Session, result: Preview, data: bytes, actor: Actor | None, *, write: bool,
            options: Mapping[str, Any]) -> None:
    """Preview (``write=False``) or write an IATI file into ``result`` (see the module's docstring)."""
    try:
        reader = ActivityReader(data)
    except FileRefusedError as error:
        result.add_problems([standard_problem(error)])
        return
    result.detail = f"IATI {reader.header.version}"
    connection = session.connection()
    sync = RecordSync(session, result, actor, write=write)
    source = f"IATI: {result.file_name}"
    partners = Partners(connection, sync, result, source)
    projects = Projects(connection)
    unmapped: dict[str, int] = {}
    matched_projects: list[dict[str, Any]] = []
    activities = iter(reader)
    try:
        while True:
            chunk = list(itertools.islice(activities, ACTIVITIES_PER_CHUNK))
            if not chunk:
                break
            images = [(activity.line or 0, mapping.activity_to_project(activity)) for activity in chunk]
            found = [projects.find(image.code) for _line, image in images]
            stored = load_stored(connection, [project_id for project_id, _how in found if project_id is not None])
            for (line, image), (project_id, how) in zip(images, found, strict=True):
                for path, count in image.unmapped:
                    unmapped[path] = unmapped.get(path, 0) + count
                item = stored.get(project_id) if project_id is not None else None
                importer = ActivityImport(sync, partners, image, line, item, project_id, how, options, source,
                                          projects)
                new_id = importer.project()
                if item is not None:
                    matched_projects.append({"identifier": image.code, "code": item.row["code"],
                                             **{name: item.row[name] for name in MONEY_FIELDS}})
                elif project_id is None:
                    projects.by_identifier[image.code] = new_id
                importer.children(new_id)
            sync.flush(ORDER)
            del images, stored, chunk
            gc.collect(1)  # the young generations only: the caller holds the collector's automatic runs
    except FileRefusedError as error:  # the XML breaks further down: nothing of the file is kept
        result.add_problems([standard_problem(error)])
        return
    for path, count in reader.unmapped.items():  # the file's own (an activity's are in its image's)
        if path.startswith("iati-activities/"):
            unmapped[path] = unmapped.get(path, 0) + count
    for path, count in result.unmapped.items():  # counted while planning (periods given twice)
        unmapped[path] = unmapped.get(path, 0) + count
    result.unmapped = dict(sorted(unmapped.items(), key=lambda item: (-item[1], item[0])))
    errors = [problem for problem in reader.problems if problem.is_error]
    result.add_problems(standard_problem(problem) for problem in errors)
    result.rejected = len({problem.activity or problem.where for problem in errors})
    result.add_notes(problem for problem in reader.problems if not problem.is_error)
    result.note_count += reader.problem_count - len(reader.problems)
    result.options["matched_projects"] = matched_projects
    if reader.activity_count == 0:
        return
    if write and not result.refused and result.has_changes:
        sync.finish()
