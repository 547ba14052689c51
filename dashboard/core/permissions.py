"""Who may do what. Every page and command asks here, on the server, before it shows or changes anything.

Roles (a person may hold several): leadership reads every view; the reference group reads, filters, runs the
gap analysis and adds review notes; staff also upload files, change or add one record at a time in a form
(issue 17; a partnership review is one such record, a row of the ``reviews`` upload) and undo their own import
batches; admin also manages users and may undo any batch.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from dashboard.core.models import UserRole


class Capability(StrEnum):
    read_portfolio = "read_portfolio"
    read_gap_analysis = "read_gap_analysis"
    add_review_note = "add_review_note"
    upload = "upload"
    edit_records = "edit_records"  # one record at a time, through the upload's rules (dashboard.importing.edits)
    undo_own_batch = "undo_own_batch"
    undo_any_batch = "undo_any_batch"
    manage_users = "manage_users"
    read_data_quality = "read_data_quality"


ROLE_CAPABILITIES: dict[str, frozenset[Capability]] = {
    UserRole.leadership: frozenset({Capability.read_portfolio, Capability.read_gap_analysis,
                                    Capability.read_data_quality}),
    UserRole.reference_group: frozenset(
        {Capability.read_portfolio, Capability.read_gap_analysis, Capability.add_review_note}
    ),
    UserRole.staff: frozenset(
        {
            Capability.read_portfolio,
            Capability.read_gap_analysis,
            Capability.add_review_note,
            Capability.upload,
            Capability.edit_records,
            Capability.undo_own_batch,
            Capability.read_data_quality,
        }
    ),
}
ROLE_CAPABILITIES[UserRole.admin] = frozenset(
    ROLE_CAPABILITIES[UserRole.staff] | {Capability.undo_any_batch, Capability.manage_users}
)


@dataclass(frozen=True)
class Actor:
    """Who is acting: a signed-in person, or a command-line operator (``system``)."""

    username: str
    roles: frozenset[str]

    @classmethod
    def of(cls, username: str, roles: Iterable[str]) -> Actor:
        return cls(username=username, roles=frozenset(roles))


# The command line runs with the rights of whoever can reach the server's shell and database.
SYSTEM_ACTOR = Actor.of("system", [UserRole.admin])


class PermissionDeniedError(PermissionError):
    def __init__(self, actor: Actor, capability: Capability) -> None:
        super().__init__(f"{actor.username} may not {capability.value.replace('_', ' ')}")
        self.actor = actor
        self.capability = capability


def capabilities(actor: Actor | None) -> frozenset[Capability]:
    if actor is None:
        return frozenset()
    return frozenset().union(*(ROLE_CAPABILITIES.get(role, frozenset()) for role in actor.roles))


def can(actor: Actor | None, capability: Capability) -> bool:
    return capability in capabilities(actor)


def require(actor: Actor | None, capability: Capability) -> Actor:
    """Raise ``PermissionDeniedError`` unless ``actor`` holds ``capability``; returns the actor."""
    if actor is None or not can(actor, capability):
        raise PermissionDeniedError(actor or Actor.of("anonymous", []), capability)
    return actor


def can_undo_batch(actor: Actor | None, batch_owner: str) -> bool:
    if can(actor, Capability.undo_any_batch):
        return True
    return actor is not None and can(actor, Capability.undo_own_batch) and actor.username == batch_owner


# Which capability opens which page (by url_path in dashboard.web.navigation).
PAGE_CAPABILITY: dict[str, Capability] = {
    "overview": Capability.read_portfolio,
    "partners": Capability.read_portfolio,
    "map": Capability.read_portfolio,
    "budgets": Capability.read_portfolio,
    "indicators": Capability.read_portfolio,
    "data-quality": Capability.read_data_quality,
    "upload": Capability.upload,
    "users": Capability.manage_users,
}


def can_open_page(actor: Actor | None, url_path: str) -> bool:
    capability = PAGE_CAPABILITY.get(url_path)
    return capability is not None and can(actor, capability)
