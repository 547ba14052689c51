"""Concurrent writers and readers on one database (SQLite in WAL mode, or PostgreSQL with TEST_DATABASE):
two uploads committed at the same time both land whole, readers during an upload see the data before or
after it and never half of it, and no writer fails with "database is locked"."""

from __future__ import annotations

import threading
from collections.abc import Callable

from sqlalchemy import func, select
from sqlalchemy.engine import Engine
from sqlmodel import Session

from dashboard.core import db
from dashboard.core.models import BudgetLine, DataRevision, Organisation, Project
from dashboard.core.permissions import Actor
from dashboard.core.text import fold
from dashboard.importing import pipeline
from dashboard.importing.preview import Preview

ROWS = 3_000
STAFF = Actor.of("staff-member", ["staff"])
FUNDER = "Agence française de développement"


def _seed(engine: Engine) -> dict[str, int]:
    with db.session_scope(engine) as session:
        session.add(Organisation(name=FUNDER, name_key=fold(FUNDER), type="bilateral_agency"))
        projects = [Project(code=code, title=f"Projet {code}") for code in ("CONC-A", "CONC-B")]
        session.add_all(projects)
        session.flush()
        db.bump_revision(session)
        return {project.code: project.id for project in projects}  # type: ignore[misc]


def _budget_csv(project_code: str, rows: int) -> bytes:
    lines = ["code_projet;financeur;debut_periode;fin_periode;categorie;montant;devise;type_budget;statut"]
    for index in range(rows):
        year = 2020 + index % 6
        lines.append(f"{project_code};{FUNDER};01/01/{year};31/12/{year};Ligne {index};{1000 + index},50;EUR;"
                     "original;engagé")
    return ("\r\n".join(lines) + "\r\n").encode("utf-8")


def _lines_of(engine: Engine, project_id: int) -> int:
    with Session(engine) as session:
        return session.execute(
            select(func.count()).select_from(BudgetLine).where(BudgetLine.project_id == project_id)
        ).scalar_one()


def _run_together(tasks: list[Callable[[], object]]) -> tuple[list[object], list[BaseException]]:
    """Start every task at the same moment, each in its own thread; their results and errors."""
    barrier = threading.Barrier(len(tasks))
    results: list[object] = [None] * len(tasks)
    errors: list[BaseException] = []

    def runner(index: int, task: Callable[[], object]) -> None:
        try:
            barrier.wait()
            results[index] = task()
        except BaseException as error:  # reported by the test, not swallowed
            errors.append(error)

    threads = [threading.Thread(target=runner, args=(index, task)) for index, task in enumerate(tasks)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    return results, errors


def _upload(engine: Engine, project_code: str) -> Callable[[], Preview]:
    data = _budget_csv(project_code, ROWS)

    def task() -> Preview:
        with Session(engine) as session:
            return pipeline.commit(session, kind="budgets", file_name=f"{project_code}.csv", data=data, actor=STAFF)

    return task


def test_two_uploads_at_once_both_land_whole(engine: Engine) -> None:
    ids = _seed(engine)
    revision = db.data_revision(engine)
    results, errors = _run_together([_upload(engine, "CONC-A"), _upload(engine, "CONC-B")])
    assert errors == []
    for result in results:
        assert isinstance(result, Preview)
        assert [item.line() for item in result.problems] == []  # no "database is locked", no concurrent refusal
        assert result.committed and result.created == ROWS
    assert _lines_of(engine, ids["CONC-A"]) == ROWS
    assert _lines_of(engine, ids["CONC-B"]) == ROWS
    assert db.data_revision(engine) == revision + 2  # each commit bumped it; neither bump was lost


def test_readers_during_an_upload_see_all_or_nothing(engine: Engine) -> None:
    ids = _seed(engine)
    revision = db.data_revision(engine)
    upload_done = threading.Event()
    seen: list[tuple[int, int]] = []

    def reader() -> None:
        # Each read is one statement: the row count and the revision of one snapshot.
        while not upload_done.is_set():
            with Session(engine) as session:
                row = session.execute(
                    select(
                        select(func.count()).select_from(BudgetLine)
                        .where(BudgetLine.project_id == ids["CONC-A"]).scalar_subquery(),
                        select(func.max(DataRevision.revision)).scalar_subquery(),
                    )
                ).one()
            seen.append((int(row[0]), int(row[1])))

    upload = _upload(engine, "CONC-A")

    def writer() -> Preview:
        try:
            return upload()
        finally:
            upload_done.set()

    results, errors = _run_together([writer, reader, reader])
    assert errors == []
    result = results[0]
    assert isinstance(result, Preview) and result.committed, [p.line() for p in result.problems]
    assert seen, "the readers never ran"
    assert {count for count, _revision in seen} <= {0, ROWS}
    # The revision a reader sees matches the data it sees: old data with the old revision, new with the new.
    assert set(seen) <= {(0, revision), (ROWS, revision + 1)}
    assert (0, revision) in seen  # the readers did read while the upload was under way
    assert _lines_of(engine, ids["CONC-A"]) == ROWS


def test_concurrent_direct_writes_lose_no_revision(engine: Engine) -> None:
    """Writes outside the upload pipeline (reviews, notes) use session_scope + bump_revision: many at once
    all land, and every one moves the revision on."""
    _seed(engine)
    revision = db.data_revision(engine)
    writers = 6

    def write(index: int) -> Callable[[], None]:
        def task() -> None:
            with db.session_scope(engine) as session:
                name = f"Partenaire concurrent {index}"
                session.add(Organisation(name=name, name_key=fold(name), type="ngo"))
                session.flush()
                db.bump_revision(session)

        return task

    _results, errors = _run_together([write(index) for index in range(writers)])
    assert errors == []
    with Session(engine) as session:
        created = session.execute(
            select(func.count()).select_from(Organisation).where(Organisation.name.like("Partenaire concurrent %"))
        ).scalar_one()
    assert created == writers
    assert db.data_revision(engine) == revision + writers


def test_a_refused_upload_leaves_nothing_behind_while_another_lands(engine: Engine) -> None:
    ids = _seed(engine)
    bad = _budget_csv("CONC-B", ROWS).replace(b"CONC-B;", b"NO-SUCH;", 1)  # one unknown project: all refused

    def refused() -> Preview:
        with Session(engine) as session:
            return pipeline.commit(session, kind="budgets", file_name="bad.csv", data=bad, actor=STAFF)

    results, errors = _run_together([_upload(engine, "CONC-A"), refused])
    assert errors == []
    good, rejected = results
    assert isinstance(good, Preview) and good.committed
    assert isinstance(rejected, Preview) and rejected.refused and not rejected.committed
    assert _lines_of(engine, ids["CONC-A"]) == ROWS
    assert _lines_of(engine, ids["CONC-B"]) == 0
