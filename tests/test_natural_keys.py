"""Issue 16 item 1: nothing duplicated. Every natural key an upload writes is unique in the database
(migration 0014, which refuses to run over duplicates already stored and says which), and two uploads whose
keys overlap, committed at the same moment on separate connections, leave each key once with the right
totals (the write lock taken before the stored keys are read; a clash with another writer retried). Also two
Confirm presses at once, through the page's own entry point. On SQLite, and on PostgreSQL with
TEST_DATABASE=postgresql."""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from dashboard.core import db
from dashboard.core.models import BudgetLine, Indicator, Organisation, PartnershipReview, Project, Spending
from dashboard.core.orm import table_of
from dashboard.core.permissions import Actor
from dashboard.core.text import fold
from dashboard.importing import pipeline
from dashboard.importing.preview import Preview
from dashboard.views import upkeep

STAFF = Actor.of("staff-member", ["staff"])
FUNDER = "Agence française de développement"
ROUNDS = 8
ROWS = 400  # per file; the two files share half their keys


def _seed(engine: Engine) -> int:
    with db.session_scope(engine) as session:
        session.add(Organisation(name=FUNDER, name_key=fold(FUNDER), type="bilateral_agency"))
        project = Project(code="DUP-A", title="Projet DUP-A")
        session.add(project)
        session.flush()
        db.bump_revision(session)
        assert project.id is not None
        return project.id


def _amount(key: int) -> str:
    return f"{1000 + key},25"


def _budget_csv(first: int, last: int, round_: int) -> bytes:
    """Budget lines keyed by their category ("R<round> L<key>"): the same key has the same amount in every file."""
    lines = ["code_projet;financeur;debut_periode;fin_periode;categorie;montant;devise;type_budget;statut"]
    lines += [f"DUP-A;{FUNDER};01/01/2026;31/12/2026;R{round_} L{key};{_amount(key)};EUR;original;engagé"
              for key in range(first, last)]
    return ("\r\n".join(lines) + "\r\n").encode("utf-8")


def _run_together(tasks: list[Callable[[], Preview]]) -> list[Preview]:
    """Each task in its own thread (its own session, so its own connection), all released at one moment."""
    barrier = threading.Barrier(len(tasks))
    results: list[Preview | None] = [None] * len(tasks)
    errors: list[BaseException] = []

    def runner(index: int, task: Callable[[], Preview]) -> None:
        try:
            barrier.wait()
            results[index] = task()
        except BaseException as error:  # reported by the test
            errors.append(error)

    threads = [threading.Thread(target=runner, args=(index, task)) for index, task in enumerate(tasks)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    assert errors == []
    assert all(isinstance(result, Preview) for result in results)
    return [result for result in results if result is not None]


def _commit(engine: Engine, data: bytes, name: str) -> Callable[[], Preview]:
    def task() -> Preview:
        with Session(engine) as session:
            return pipeline.commit(session, kind="budgets", file_name=name, data=data, actor=STAFF)
    return task


def _stored(engine: Engine, round_: int) -> tuple[int, int, float]:
    """Lines of a round, distinct keys among them, and their total."""
    with Session(engine) as session:
        lines = table_of(BudgetLine)
        rows = session.execute(select(lines.c.category, lines.c.amount)
                               .where(lines.c.category.like(f"R{round_} L%"))).all()
    return len(rows), len({row.category for row in rows}), sum(row.amount for row in rows)


def test_two_overlapping_uploads_at_once_store_each_key_once(engine: Engine) -> None:
    _seed(engine)
    half = ROWS // 2
    for round_ in range(ROUNDS):
        first = _budget_csv(0, ROWS, round_)  # keys 0 .. ROWS-1
        second = _budget_csv(half, half + ROWS, round_)  # keys ROWS/2 .. 3 ROWS/2 - 1: half of them shared
        results = _run_together([_commit(engine, first, "first.csv"), _commit(engine, second, "second.csv")])
        for result in results:
            assert [item.line() for item in result.problems] == []
            assert result.committed
            assert result.created + result.unchanged == ROWS
        keys = half + ROWS
        assert sum(result.created for result in results) == keys  # each key created once, by one of them
        lines, distinct, total = _stored(engine, round_)
        assert (lines, distinct) == (keys, keys), f"round {round_}: {lines} lines for {distinct} keys"
        assert total == pytest.approx(sum(1000.25 + key for key in range(keys)))


def test_two_confirm_presses_at_once_write_the_file_once(engine: Engine) -> None:
    """The Upload page's Confirm calls views.upkeep.commit_upload; two presses in the same second."""
    _seed(engine)
    for round_ in range(ROUNDS // 2):
        data = _budget_csv(0, ROWS, round_)

        def press(data: bytes = data) -> Preview:
            return upkeep.commit_upload(engine, kind="budgets", file_name="budgets.csv", data=data, actor=STAFF)

        results = _run_together([press, press])
        assert [item.line() for result in results for item in result.problems] == []
        assert sorted(result.created for result in results) == [0, ROWS]
        assert sorted(result.unchanged for result in results) == [0, ROWS]
        assert [result.committed for result in results].count(True) == 1  # the second had nothing left to do
        lines, distinct, total = _stored(engine, round_)
        assert (lines, distinct) == (ROWS, ROWS)
        assert total == pytest.approx(sum(1000.25 + key for key in range(ROWS)))


def _rows(engine: Engine, project_id: int, organisation_id: int, copy: int = 0, codes: bool = True) -> None:
    """One copy of a budget line (blank funder and category: still one key), a spending line, a review and, with
    ``codes``, a project code and an indicator code (``copy`` 1: the codes in lower case, as another spelling of
    the same key)."""
    with db.session_scope(engine) as session:
        if codes:
            session.add(Project(code="case-b" if copy else "CASE-B", title="Projet CASE-B"))
            session.add(Indicator(project_id=project_id, code="out-1" if copy else "OUT-1", name="Indicateur"))
        session.add(BudgetLine(project_id=project_id, amount=10.0, period_start=dt.date(2026, 1, 1)))
        session.add(Spending(project_id=project_id, date=dt.date(2026, 2, 1), amount=5.0, kind="expenditure",
                             reference="FAC-1"))
        session.add(PartnershipReview(organisation_id=organisation_id, review_date=dt.date(2026, 3, 1),
                                      reviewer="A. Reviewer", rating=4))



def _ids(engine: Engine) -> tuple[int, int]:
    with Session(engine) as session:
        project = session.execute(select(Project.id)).scalar_one()
        organisation = session.execute(select(Organisation.id)).scalar_one()
    return project, organisation


def test_the_database_refuses_a_second_copy_of_each_key(engine: Engine) -> None:
    _seed(engine)
    project_id, organisation_id = _ids(engine)
    _rows(engine, project_id, organisation_id)
    for model, values in (
        (BudgetLine, {"project_id": project_id, "amount": 99.0, "period_start": dt.date(2026, 1, 1)}),
        (Spending, {"project_id": project_id, "date": dt.date(2026, 5, 1), "amount": 1.0, "kind": "expenditure",
                    "reference": "fac-1"}),  # the same reference in another case: one key, as uploads compare it
        (Project, {"code": "case-b", "title": "Another spelling of CASE-B"}),
        (Indicator, {"project_id": project_id, "code": "out-1", "name": "Another spelling of OUT-1"}),
        (PartnershipReview, {"organisation_id": organisation_id, "review_date": dt.date(2026, 3, 1),
                             "reviewer": "A. Reviewer", "rating": 2}),
    ):
        with pytest.raises(IntegrityError), db.session_scope(engine) as session:
            session.add(model(**values))
        assert db.write_failure(_integrity_error(engine, model, values)) is db.WriteFailure.clash
    # An IATI file's own lines are not an upload's key; lines without a reference are not keyed.
    with db.session_scope(engine) as session:
        session.add(BudgetLine(project_id=project_id, amount=10.0, period_start=dt.date(2026, 1, 1), source="iati"))
        session.add(Spending(project_id=project_id, date=dt.date(2026, 2, 1), amount=5.0, kind="expenditure"))
        session.add(Spending(project_id=project_id, date=dt.date(2026, 2, 1), amount=5.0, kind="expenditure"))


def _integrity_error(engine: Engine, model: type, values: dict[str, object]) -> IntegrityError:
    try:
        with db.session_scope(engine) as session:
            session.add(model(**values))
    except IntegrityError as error:
        return error
    raise AssertionError("no error")


def test_the_migration_names_duplicates_already_stored_and_changes_nothing(engine: Engine) -> None:
    _seed(engine)
    project_id, organisation_id = _ids(engine)
    db.downgrade(engine, "0014-1")  # the schema before the unique keys (codes are unique since 0013)
    _rows(engine, project_id, organisation_id, codes=False)
    _rows(engine, project_id, organisation_id, copy=1, codes=False)
    with pytest.raises(Exception, match="stored more than once") as refused:
        db.upgrade(engine)
    message = str(refused.value)
    assert "budget_line: 1 key(s)" in message and "spending: 1 key(s)" in message
    assert "partnership_review: 1 key(s)" in message and "db upgrade again" in message
    with engine.connect() as connection:
        ids = connection.execute(select(BudgetLine.id).order_by(BudgetLine.id)).scalars().all()
        indexes = connection.execute(text("SELECT count(*) FROM budget_line")).scalar_one()
    assert f"ids {ids[0]}, {ids[1]}" in message  # the rows to look at, by id
    assert indexes == 2  # nothing merged or deleted
    with db.session_scope(engine) as session:  # a person decides: the later copies go
        for model in (BudgetLine, Spending, PartnershipReview):
            table = table_of(model)
            newest = session.execute(select(func.max(table.c.id))).scalar_one()
            session.execute(table.delete().where(table.c.id == newest))
    db.upgrade(engine)
    with pytest.raises(IntegrityError):
        _rows(engine, project_id, organisation_id, codes=False)


def test_each_key_is_a_unique_index_of_the_database(engine: Engine) -> None:
    """The expression indexes the models declare exist (alembic's comparison cannot see them)."""
    query = ("SELECT name FROM sqlite_master WHERE type = 'index'" if engine.dialect.name == "sqlite"
             else "SELECT indexname FROM pg_indexes WHERE schemaname = 'public'")
    with engine.connect() as connection:
        names = set(connection.execute(text(query)).scalars())
    assert {"uq_project_code_key", "uq_indicator_code_key", "uq_budget_line_key", "uq_spending_key",
            "uq_partnership_review_key"} <= names
