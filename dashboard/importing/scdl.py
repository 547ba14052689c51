"""The ``scdl`` upload kind: a French grant file (SCDL "subventions", CSV or .xlsx) into the portfolio, through
the same preview, all-or-nothing commit, audit and undo as every upload.

A local authority's file lists every grant it made; the person keeps the rows that belong to the portfolio,
by words of the grant's object and by beneficiary (``options["words"]``, ``options["beneficiaries"]``). The
choice is remembered for the publisher (its awarding authorities' SIRETs, else names) and offered again with
its next file (``ImportPreference``). Errors of rows left out do not count.

Each kept grant becomes (``dashboard.standards.scdl.mapping``): a project (found again by its ``SCDL-…`` code),
the authority as funder and the beneficiary as implementer (partners found by SIRET, then name, then acronym;
a SIRET that passes its check is stored on the partner), a committed budget line and a commitment. They are
local money (``source = "local"``): a grant file is one of the organisation's own uploads. Re-uploading the
same file changes nothing.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from typing import Any

from sqlalchemy import select, update
from sqlmodel import Session, SQLModel

from dashboard.core.models import (
    BudgetLine,
    BudgetStatus,
    BudgetType,
    ImportPreference,
    Mechanism,
    MoneySource,
    OrganisationStatus,
    OrganisationType,
    Project,
    ProjectRole,
    ProjectStatus,
    RoleKind,
    Spending,
    SpendingKind,
    utcnow,
)
from dashboard.core.permissions import Actor
from dashboard.core.text import fold
from dashboard.importing.iati import CODE_LIMIT, NAME_LIMIT, Partners, StoredProject, cut, load_stored
from dashboard.importing.preview import Match, Preview
from dashboard.importing.problems import standard_problem
from dashboard.importing.records import table_of
from dashboard.importing.sync import Labelled, RecordSync, model_defaults, pair
from dashboard.standards.problems import FileRefusedError
from dashboard.standards.scdl.mapping import GrantImage, grants_to_projects, party_key
from dashboard.standards.scdl.reader import Grant, GrantFile, Party, read_grants, schema, select_rows

KIND = "scdl"
ORDER = ("organisation", "project", "project_role", "budget_line", "spending")
PREFERENCE_KEY_LIMIT = 300


def publisher_key(grants: GrantFile) -> str:
    """The file's publisher: its awarding authorities (SIRET, else folded name), sorted."""
    keys = sorted({party_key(party) for party in grants.publishers})
    return "|".join(keys)[:PREFERENCE_KEY_LIMIT]


def remembered(session: Session, key: str) -> dict[str, list[str]] | None:
    table = table_of(ImportPreference)
    row = session.connection().execute(
        select(table.c.settings).where(table.c.kind == KIND, table.c.publisher_key == key)).first()
    return json.loads(row[0]) if row else None


def remember(session: Session, key: str, choice: Mapping[str, list[str]], actor: Actor | None) -> None:
    """Keep ``choice`` for the publisher ``key`` (replacing the previous one)."""
    table = table_of(ImportPreference)
    connection = session.connection()
    settings = json.dumps({name: list(choice.get(name, [])) for name in ("words", "beneficiaries")},
                          ensure_ascii=False)
    user = actor.username if actor else None
    if remembered(session, key) is None:
        connection.execute(table.insert().values(kind=KIND, publisher_key=key, settings=settings, updated_by=user,
                                                 updated_at=utcnow()))
    else:
        connection.execute(update(table).where(table.c.kind == KIND, table.c.publisher_key == key).values(
            settings=settings, updated_by=user, updated_at=utcnow()))


def _list(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [part.strip() for part in value.split(";") if part.strip()]
    return [str(part).strip() for part in value if str(part).strip()]


class GrantPartners:
    """Partners of grant files: found by SIRET, then name, then acronym; a valid SIRET is stored."""

    def __init__(self, partners: Partners) -> None:
        self.partners = partners
        self.resolved: dict[str, int] = {}

    def resolve(self, party: Party, default_type: str, line: int) -> int:
        key = party_key(party)
        if key in self.resolved:
            return self.resolved[key]
        partners = self.partners
        found, how = partners.find(ref=None, siret=party.siret, name=party.name)
        name = party.name or party.siret or party.rna or ""
        if found is None:
            row = {**partners.defaults, "name": cut(" ".join(name.split()), NAME_LIMIT), "name_key": fold(name),
                   "type": default_type, "status": OrganisationStatus.active.value, "source": partners.source,
                   "country": "FRA", "siret": party.siret}
            found = partners.sync.create(partners.table, row, Labelled("partners", name, line),
                                         shown=("name", "type", "siret"))
            partners.rows[found] = {"id": found, **row}
            partners.by_name[str(row["name_key"])] = found
        else:
            stored = partners.rows[found]
            if party.siret and not stored["siret"] and party.siret not in partners.by_siret:
                partners.sync.compare(partners.table, stored, {"siret": party.siret},
                                      Labelled("partners", str(stored["name"]), line))
                partners.rows[found] = {**stored, "siret": party.siret}
        if party.siret:
            partners.by_siret.setdefault(party.siret, found)
        self.resolved[key] = found
        partners.result.matches.append(Match("partners", party.siret or name, how,
                                             str(partners.rows[found]["name"]) if how != "new" else None))
        return found


def beneficiary_type(party: Party) -> str:
    """An association (it has an RNA number) is an NGO; a SIREN starting with 2 is a public body of a local
    authority (INSEE numbering); other beneficiaries' type is unknown."""
    if party.rna:
        return OrganisationType.ngo.value
    if party.siret and party.siret.startswith("2"):
        return OrganisationType.local_authority.value
    return OrganisationType.unknown.value


def process(session: Session, result: Preview, data: bytes, actor: Actor | None, *, write: bool,
            options: Mapping[str, Any]) -> None:
    """Preview (``write=False``) or write a grant file into ``result`` (see the module's docstring)."""
    try:
        grants = read_grants(data, result.file_name)
    except FileRefusedError as error:
        result.add_problems([standard_problem(error)])
        return
    key = publisher_key(grants)
    choice = remembered(session, key) if "words" not in options and "beneficiaries" not in options else None
    from_memory = choice is not None
    words = _list(choice["words"] if choice else options.get("words"))
    beneficiaries = _list(choice["beneficiaries"] if choice else options.get("beneficiaries"))
    kept = select_rows(grants.grants, words=words, beneficiaries=beneficiaries)
    kept_rows = {grant.row for grant in kept}
    result.detail = f"SCDL {schema().version} · {grants.detail}"
    result.header = grants.header
    result.options.update({
        "publisher_key": key, "publishers": [party.name or party.siret or "" for party in grants.publishers],
        "words": words, "beneficiaries": beneficiaries, "remembered": from_memory,
        "rows": len(grants.grants), "kept_rows": len(kept),
        "beneficiary_names": sorted({grant.beneficiary.name for grant in grants.grants if grant.beneficiary.name}),
    })
    errors = grants.errors_in(kept_rows)
    result.add_problems(standard_problem(problem) for problem in errors)
    result.rejected = len({problem.line for problem in errors})
    result.add_notes(problem for problem in grants.problems
                     if not problem.is_error and (problem.line in kept_rows or problem.line is None
                                                  or problem.line == 1))
    result.unmapped = {name: count for name, count in grants.unmapped.items() if count}
    if not kept:
        return
    usable = [grant for grant in kept if grant.amount is not None and grant.beneficiary.name]
    _write_grants(session, result, actor, usable, write=write)
    if write and not result.refused and result.has_changes:
        remember(session, key, {"words": words, "beneficiaries": beneficiaries}, actor)


def _write_grants(session: Session, result: Preview, actor: Actor | None, grants: list[Grant], *,
                  write: bool) -> None:
    connection = session.connection()
    sync = RecordSync(session, result, actor, write=write)
    partners = GrantPartners(Partners(connection, sync, result, f"SCDL: {result.file_name}"))
    images = grants_to_projects(grants)
    project_table = table_of(Project)
    by_code = {row.code: row.id for row in connection.execute(select(project_table.c.id, project_table.c.code))}
    stored = load_stored(connection, [by_code[image.code] for image in images if image.code in by_code])
    for image in images:
        authority = partners.resolve(image.authority, OrganisationType.local_authority.value, image.row)
        beneficiary = partners.resolve(image.beneficiary, beneficiary_type(image.beneficiary), image.row)
        project_id = by_code.get(image.code)
        item = stored.get(project_id) if project_id is not None else None
        project_id = _project(sync, image, item, result)
        by_code[image.code] = project_id
        _children(sync, image, item, project_id, authority, beneficiary)
    sync.flush(ORDER)
    if write and not result.refused and result.has_changes:
        sync.finish()


def _project(sync: RecordSync, image: GrantImage, item: StoredProject | None, result: Preview) -> int:
    table = table_of(Project)
    values = {"title": image.title, "description": image.description, "planned_start": image.planned_start,
              "planned_end": image.planned_end, "mechanism": Mechanism.grant.value}
    label = Labelled("projects", image.code, image.row)
    if item is None:
        row = {**model_defaults(Project, sync.now), **values, "code": image.code[:CODE_LIMIT], "currency": "EUR",
               "status": ProjectStatus.implementation.value, "source": cut(f"SCDL: {result.file_name}", 200)}
        result.matches.append(Match("projects", image.code, "new"))
        return sync.create(table, row, label, shown=("code", "title"))
    stored = item.row
    sync.compare(table, stored, {name: value for name, value in values.items() if value is not None}, label)
    result.matches.append(Match("projects", image.code, "code", str(stored["title"])))
    return int(stored["id"])


def _children(sync: RecordSync, image: GrantImage, item: StoredProject | None, project_id: int, authority: int,
              beneficiary: int) -> None:
    children = item.children if item is not None else {}
    roles = {(row["organisation_id"], row["role"]) for row in children.get("project_role", [])}
    role_defaults = {**model_defaults(ProjectRole, sync.now), "project_id": project_id}
    for partner_id, role in ((authority, RoleKind.funding.value), (beneficiary, RoleKind.implementing.value)):
        if (partner_id, role) in roles:
            sync.result.unchanged += 1
            continue
        sync.create(table_of(ProjectRole), {**role_defaults, "organisation_id": partner_id, "role": role},
                    Labelled("roles", f"{image.code} · {role}", image.row), shown=("role",))
    amount = float(image.amount)
    budget: dict[str, Any] = {"funder_id": authority, "period_start": image.period_start,
                                 "period_end": image.period_end,
              "category": image.category, "amount": amount, "currency": "EUR",
              "budget_type": BudgetType.original.value, "status": BudgetStatus.committed.value,
              "source": MoneySource.local.value}
    # The budgets kind's natural key: project, funder, period, category, type.
    _one(sync, BudgetLine, children.get("budget_line", []), budget, project_id,
         lambda row: (row["funder_id"], row["period_start"], row["period_end"], row["category"], row["budget_type"]),
         Labelled("budgets", f"{image.code} · {image.period_start}–{image.period_end}", image.row),
         ("amount", "category"))
    reference = image.reference or image.code
    commitment: dict[str, Any] = {"kind": SpendingKind.commitment.value, "date": image.commitment_date,
                                     "amount": amount,
                  "currency": "EUR", "funder_id": authority, "receiver_id": beneficiary, "reference": reference,
                  "description": cut(image.title, 1000), "source": MoneySource.local.value}
    if image.commitment_date is not None:
        # The spending kind's natural key: project and reference.
        _one(sync, Spending, children.get("spending", []), commitment, project_id, lambda row: (row["reference"],),
             Labelled("spending", f"{image.code} · {reference}", image.row), ("kind", "amount", "date"))


def _one(sync: RecordSync, model: type[SQLModel], stored: list[dict[str, Any]], values: dict[str, Any],
         project_id: int, key: Callable[[Mapping[str, Any]], tuple[object, ...]], label: Labelled,
         shown: tuple[str, ...]) -> None:
    """Create or update the one record of a grant a natural key finds (never delete: other uploads may hold
    the project's other records)."""
    table = table_of(model)
    wanted_key = key({**values})
    matched, _new, _left = pair(stored, [(wanted_key, values)], key)
    if matched:
        sync.compare(table, matched[0][0], values, label)
    else:
        sync.create(table, {**model_defaults(model, sync.now), "project_id": project_id, **values}, label,
                    shown=shown)
