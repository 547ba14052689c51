"""The ``scdl`` upload kind on a real database (SQLite and PostgreSQL): the person keeps the grants of the
portfolio, the choice is remembered for the publisher, the grants become projects with a committed budget and
a commitment, partners carry their SIRET; re-upload changes nothing and undo restores exactly.

Expected figures are computed with the ``csv`` module from the files, independently of the reader.
"""

from __future__ import annotations

import csv
import io
import re
from decimal import Decimal
from pathlib import Path

from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from dashboard.core import db
from dashboard.core.models import BudgetLine, ImportPreference, Organisation, Project, ProjectRole, Spending
from dashboard.core.permissions import Actor
from dashboard.importing import pipeline
from dashboard.importing.undo import undo
from tests.import_helpers import dump

STAFF = Actor.of("officer", ["staff"])
CORPUS = Path(__file__).parent / "corpus" / "scdl"


def read(name: str) -> bytes:
    return (CORPUS / name).read_bytes()


def rows(name: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(read(name).decode("utf-8-sig")), delimiter=";"))


def run(engine: Engine, name: str, *, commit: bool = True, **options: object):
    with Session(engine) as session:
        call = pipeline.commit if commit else pipeline.preview
        return call(session, kind="scdl", file_name=name, data=read(name), actor=STAFF, options=options)


def test_rows_kept_by_words_become_projects_with_the_amounts_of_the_file(engine: Engine) -> None:
    words = ["Sénégal", "Maroc", "solidarité internationale"]
    pattern = re.compile(r"\b(sénégal|maroc|solidarité internationale)\b")
    expected = [row for row in rows("poitiers-2017-subventions.csv") if pattern.search(row["SUB_OBJ"].lower())]
    preview = run(engine, "poitiers-2017-subventions.csv", commit=False, words=words)
    assert preview.options["rows"] == 562 and preview.options["kept_rows"] == len(expected) == 3
    assert not preview.refused
    done = run(engine, "poitiers-2017-subventions.csv", words=words)
    assert done.committed
    with Session(engine) as session:
        budgets = session.exec(select(BudgetLine)).all()
        commitments = session.exec(select(Spending)).all()
        projects = session.exec(select(Project)).all()
    assert sorted(line.amount for line in budgets) == sorted(float(Decimal(row["SUB_MONTANT"])) for row in expected)
    assert sorted(item.amount for item in commitments) == sorted(line.amount for line in budgets)
    assert all(line.status == "committed" and line.source == "local" and line.currency == "EUR" for line in budgets)
    assert all(item.kind == "commitment" for item in commitments)
    assert {item.reference for item in commitments} == {row["ACTE_REF"] for row in expected}
    assert all(project.code.startswith("SCDL-") and project.mechanism == "grant" for project in projects)
    assert {project.title[:40] for project in projects} == {row["SUB_OBJ"][:40] for row in expected}


def test_the_choice_is_remembered_for_the_publisher(engine: Engine) -> None:
    run(engine, "poitiers-2017-subventions.csv", words=["Sénégal"])
    with Session(engine) as session:
        (preference,) = session.exec(select(ImportPreference)).all()
    assert preference.kind == "scdl" and "Sénégal" in preference.settings
    # The next file of the same publisher: the choice comes back, and nothing new is kept.
    again = run(engine, "poitiers-2017-subventions.csv", commit=False)
    assert again.options["remembered"] is True and again.options["words"] == ["Sénégal"]
    assert again.options["kept_rows"] == 2
    assert (again.created, again.updated, again.deleted) == (0, 0, 0)


def test_partners_are_identified_by_siret(engine: Engine) -> None:
    with db.session_scope(engine) as session:
        session.add(Organisation(name="Occitanie Coopération", name_key="occitanie cooperation", type="ngo"))
    preview = run(engine, "haute-garonne-subventions.csv", commit=False, beneficiaries=["OCCITANIE COOPERATION"])
    assert {(item.key, item.how) for item in preview.matches if item.record == "partners"} == {
        ("24310063300011", "new"), ("78874435700013", "name")}
    run(engine, "haute-garonne-subventions.csv", beneficiaries=["OCCITANIE COOPERATION"])
    with Session(engine) as session:
        ngo = session.exec(select(Organisation).where(Organisation.name_key == "occitanie cooperation")).one()
        sicoval = session.exec(select(Organisation).where(Organisation.siret == "24310063300011")).one()
        roles = {(role.organisation_id, role.role) for role in session.exec(select(ProjectRole))}
    assert ngo.siret == "78874435700013"
    assert (sicoval.type, sicoval.country) == ("local_authority", "FRA")
    assert roles == {(sicoval.id, "funding"), (ngo.id, "implementing")}


def test_errors_count_only_in_the_rows_kept(engine: Engine) -> None:
    everything = run(engine, "haute-garonne-subventions.csv", commit=False)
    assert everything.refused  # one grant has no beneficiary at all
    blank = next(number for number, row in enumerate(rows("haute-garonne-subventions.csv"), start=2)
                 if not row["nomBeneficiaire"])
    assert [(item.row, item.key) for item in everything.problems] == [
        (blank, "standards.scdl.error.no_beneficiary")]
    kept = run(engine, "haute-garonne-subventions.csv", commit=False, words=["SUBVENTION"])
    expected = [row for row in rows("haute-garonne-subventions.csv") if re.search(r"\bsubvention\b",
                                                                                   row["objet"].lower())]
    assert not kept.refused and kept.options["kept_rows"] == len(expected) == 41


def test_reupload_changes_nothing_and_undo_restores_exactly(engine: Engine) -> None:
    before = dump(engine, data_only=True)
    done = run(engine, "exemple_valide.csv", words=[], beneficiaries=[])
    assert done.committed and done.created > 0
    after = dump(engine, data_only=True)
    again = run(engine, "exemple_valide.csv", commit=False, words=[], beneficiaries=[])
    assert (again.created, again.updated, again.deleted) == (0, 0, 0)
    assert dump(engine, data_only=True) == after
    with Session(engine) as session:
        undo(session, batch_id=done.batch_id, actor=STAFF)
    restored = dump(engine, data_only=True)
    restored.pop("import_preference")
    expected = dict(before)
    expected.pop("import_preference")
    assert restored == expected


def test_a_file_that_is_not_a_grant_file_is_refused(engine: Engine) -> None:
    before = dump(engine)
    with Session(engine) as session:
        done = pipeline.commit(session, kind="scdl", file_name="budgets.csv", data=b"project_code;amount\nX;1\n",
                               actor=STAFF)
    assert done.refused and done.problems[0].key == "standards.scdl.error.missing_columns"
    assert dump(engine) == before
