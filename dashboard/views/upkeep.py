"""The view models of the upkeep pages: Data quality (what in the stored data would mislead a reader) and
Upload (the import history, and the page's actions at the engine level: preview, commit and undo of an upload,
each in its own session; the rules and the permission checks are ``dashboard.importing``'s)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from sqlalchemy.engine import Engine
from sqlmodel import Session

from dashboard.accounts import users
from dashboard.accounts.users import AccountSummary
from dashboard.core import db
from dashboard.core.permissions import Actor
from dashboard.importing import pipeline
from dashboard.importing.preview import Preview
from dashboard.importing.undo import BatchSummary, UndoResult, import_history, undo
from dashboard.queries import data_quality as quality
from dashboard.queries.base import Connectable

# ---------------------------------------------------------------------------------------------------------
# Data quality
# ---------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class DataQualityView:
    today: dt.date
    report: quality.QualityReport  # rule key -> offending records, in the order of queries.data_quality.RULES

    @property
    def rules(self) -> tuple[quality.Rule, ...]:
        return quality.RULES


def data_quality(source: Connectable, today: dt.date) -> DataQualityView:
    """Every data-quality rule run on ``today``."""
    return DataQualityView(today=today, report=quality.run_checks(source, today=today))


# ---------------------------------------------------------------------------------------------------------
# Upload
# ---------------------------------------------------------------------------------------------------------


def upload_history(engine: Engine, actor: Actor | None) -> list[BatchSummary]:
    """The latest import batches, newest first, with whether ``actor`` may undo each (needs the upload right)."""
    with Session(engine) as session:
        return import_history(session, actor=actor)


def preview_upload(engine: Engine, *, kind: str, file_name: str, data: bytes, actor: Actor | None,
                   options: Mapping[str, object] | None = None, cancel: pipeline.Cancel | None = None) -> Preview:
    """What uploading ``data`` as ``kind`` would do; writes nothing. ``options``: a standard file's choices
    (see ``importing.pipeline.preview``); ``cancel``: asked between chunks."""
    with Session(engine) as session:
        return pipeline.preview(session, kind=kind, file_name=file_name, data=data, actor=actor, options=options,
                                cancel=cancel)


def commit_upload(engine: Engine, *, kind: str, file_name: str, data: bytes, actor: Actor | None,
                  options: Mapping[str, object] | None = None, cancel: pipeline.Cancel | None = None) -> Preview:
    """Upload ``data`` as ``kind``, all or nothing (see ``importing.pipeline.commit``); ``cancel``: asked between
    chunks, yes leaves nothing written."""
    with Session(engine) as session:
        return pipeline.commit(session, kind=kind, file_name=file_name, data=data, actor=actor, options=options,
                               cancel=cancel)


def undo_upload(engine: Engine, *, batch_id: int, actor: Actor | None) -> UndoResult:
    """Undo an import batch; raises ``importing.undo.UndoRefusedError`` when later changes touched its records."""
    with Session(engine) as session:
        return undo(session, batch_id=batch_id, actor=actor)


def accounts(engine: Engine, *, now: dt.datetime) -> list[AccountSummary]:
    """The Users page's accounts (``accounts.users.list_users``): roles, sign-in state at ``now`` (UTC), live
    sessions. Administrators only: the page checks the capability."""
    with Session(engine) as session:
        return users.list_users(session, now=now)


def unlock_account(engine: Engine, *, username: str, by: str, now: dt.datetime) -> None:
    """Let ``username`` sign in again at once from every client (``accounts.users.unlock_user``), audited as
    ``by``. Raises ``AccountError`` when there is no such account."""
    with db.session_scope(engine) as session:
        users.unlock_user(session, username=username, by=by, now=now)
