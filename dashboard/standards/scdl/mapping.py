"""How an SCDL grant maps onto the portfolio: pure functions.

A grant (one row of a grant file) becomes a project of the portfolio, funded by the awarding authority and
carried out by the beneficiary, both partners identified by their SIRET when it passes its check:

- the project: code ``SCDL-…`` (stable: the same row gives the same code in every upload), title and
  description from the grant's object, dates from the project's or the payment period, mechanism "grant",
  money in euros (the format's amounts are in euros);
- the roles: the authority is the funder, the beneficiary the implementer;
- a committed budget line of the beneficiary's amount (``montant`` × ``pourcentageSubvention``), funded by the
  authority, over the payment period (else the budget year, else the grant's year), its category the
  grant's nature ("aide en numéraire");
- a commitment of the same amount on the grant's date (agreement, else decision), referenced by the decision
  (``referenceDecision``, else ``idSubvention``), described by the object.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass
from decimal import Decimal

from dashboard.core.text import fold
from dashboard.standards.scdl.reader import Grant, Party

CODE_PREFIX = "SCDL-"
TITLE_LIMIT = 300  # dashboard.models.Project.title
REFERENCE_LIMIT = 120


def party_key(party: Party) -> str:
    """How a partner of a grant file is told apart: SIRET, else RNA, else folded name."""
    if party.siret:
        return f"siret:{party.siret}"
    if party.rna:
        return f"rna:{party.rna}"
    return f"name:{fold(party.name or '')}"


def publisher_key(party: Party) -> str:
    """The key under which a publisher's row choice is remembered (its SIRET, else its folded name)."""
    return party_key(party)


def grant_code(grant: Grant) -> str:
    """The project code of a grant: ``SCDL-`` + ``idSubvention`` when the file gives one (and it fits), else
    a digest of who gave what to whom, when and for what (the amount left out, so a corrected amount updates
    the same project)."""
    if grant.grant_id and len(grant.grant_id) <= 50 and re.fullmatch(r"[\w.\-/]+", grant.grant_id):
        return CODE_PREFIX + grant.grant_id
    parts = [party_key(grant.authority), party_key(grant.beneficiary), fold(grant.decision_reference or ""),
             grant.date.isoformat() if grant.date else "", fold(grant.object or "")]
    digest = hashlib.sha256("|".join(parts).encode()).hexdigest()[:12].upper()
    return f"{CODE_PREFIX}{digest}"


@dataclass(frozen=True)
class GrantImage:
    """What the product stores for one grant (see the module's docstring). Amounts in euros."""

    code: str
    title: str
    description: str | None
    planned_start: dt.date | None
    planned_end: dt.date | None
    authority: Party
    beneficiary: Party
    amount: Decimal
    period_start: dt.date | None
    period_end: dt.date | None
    category: str | None
    commitment_date: dt.date | None
    reference: str | None
    row: int


def grant_to_project(grant: Grant) -> GrantImage:
    """The product's image of a grant. The grant must be usable (amount and beneficiary present: the reader
    reports an error otherwise); raises ValueError when it is not."""
    amount = grant.beneficiary_amount
    if amount is None or grant.beneficiary.name is None:
        raise ValueError(f"row {grant.row}: a grant without amount or beneficiary cannot be imported")
    text = grant.object or grant.beneficiary.name
    title = text if len(text) <= TITLE_LIMIT else text[: TITLE_LIMIT - 1].rstrip() + "…"
    start, end = grant.payment_start, grant.payment_end
    if start is None and grant.fiscal_year is not None:
        start, end = dt.date(grant.fiscal_year, 1, 1), dt.date(grant.fiscal_year, 12, 31)
    if start is None and grant.date is not None:
        start, end = dt.date(grant.date.year, 1, 1), dt.date(grant.date.year, 12, 31)
    reference = grant.decision_reference or grant.grant_id
    return GrantImage(
        code=grant_code(grant),
        title=title,
        description=text if len(text) > TITLE_LIMIT else None,
        planned_start=grant.project_start or start,
        planned_end=grant.project_end or end,
        authority=grant.authority,
        beneficiary=grant.beneficiary,
        amount=amount,
        period_start=start,
        period_end=end,
        category=";".join(grant.nature) or None,
        commitment_date=grant.date or start,
        reference=reference[:REFERENCE_LIMIT] if reference else None,
        row=grant.row,
    )


def grants_to_projects(grants: list[Grant]) -> list[GrantImage]:
    """The images of ``grants`` (usable ones), two identical rows of one file kept as two projects: the
    second and later copies get ``-2``, ``-3``... after their code, in the order of the file."""
    seen: dict[str, int] = {}
    images = []
    for grant in grants:
        image = grant_to_project(grant)
        seen[image.code] = seen.get(image.code, 0) + 1
        if seen[image.code] > 1:
            image = GrantImage(**{**image.__dict__, "code": f"{image.code}-{seen[image.code]}"})
        images.append(image)
    return images
