"""Issue 16 item 2: a running upload can be stopped. Ctrl-C on the command line stops it at the next chunk and
nothing is written (exit 130); the pipeline's ``cancel`` does the same for the page (whose Cancel button and
closed tab ask it: tests/browser/test_upload_cancel_browser.py). SQLite and PostgreSQL."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from sqlalchemy.engine import Engine
from sqlmodel import Session

from dashboard.core import db
from dashboard.core.models import Organisation, Project
from dashboard.core.permissions import Actor
from dashboard.core.text import fold
from dashboard.importing import pipeline
from tests.import_helpers import dump

ROOT = Path(__file__).resolve().parents[1]
FUNDER = "Agence française de développement"
STAFF = Actor.of("staff-member", ["staff"])


def _seed(engine: Engine) -> None:
    with db.session_scope(engine) as session:
        session.add(Organisation(name=FUNDER, name_key=fold(FUNDER), type="bilateral_agency"))
        session.add(Project(code="STOP-A", title="Projet STOP-A"))
        db.bump_revision(session)


def _budgets(rows: int) -> bytes:
    lines = ["code_projet;financeur;debut_periode;fin_periode;categorie;montant;devise;type_budget;statut"]
    lines += [f"STOP-A;{FUNDER};01/01/2026;31/12/2026;Ligne {index};{100 + index};EUR;original;engagé"
              for index in range(rows)]
    return ("\r\n".join(lines) + "\r\n").encode()


def test_cancel_between_chunks_writes_nothing(engine: Engine) -> None:
    _seed(engine)
    before = dump(engine)
    asked: list[int] = []

    def cancel() -> bool:
        asked.append(1)
        return len(asked) > 3  # three chunks checked, then the person cancels

    with Session(engine) as session:
        result = pipeline.commit(session, kind="budgets", file_name="budgets.csv", data=_budgets(20_000),
                                 actor=STAFF, cancel=cancel)
    assert not result.committed and [item.key for item in result.problems] == ["import.error.cancelled"]
    assert dump(engine) == before
    with Session(engine) as session:
        preview = pipeline.preview(session, kind="budgets", file_name="budgets.csv", data=_budgets(20_000),
                                   actor=STAFF, cancel=lambda: True)
    assert [item.key for item in preview.problems] == ["import.error.cancelled"]


def test_ctrl_c_on_the_command_line_stops_the_import_and_writes_nothing(engine: Engine, tmp_path: Path) -> None:
    _seed(engine)
    before = dump(engine)
    path = tmp_path / "budgets.csv"
    path.write_bytes(_budgets(200_000))
    env = {**os.environ, "DATABASE_URL": engine.url.render_as_string(hide_password=False)}
    process = subprocess.Popen([sys.executable, "-m", "dashboard", "import", str(path), "--kind", "budgets"],
                               cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert process.stderr is not None
    started = process.stderr.readline()  # the command says it is at work (and how to stop it)
    assert "Ctrl-C stops it" in started
    time.sleep(1)  # reading and checking the 200 000 rows
    assert process.poll() is None, "the import ended before Ctrl-C"
    process.send_signal(signal.SIGINT)
    out, err = process.communicate(timeout=120)
    assert process.returncode == 130, (out, err)
    assert "interrupted (Ctrl-C); nothing was written" in err
    assert "Traceback" not in err
    engine.dispose()
    assert dump(engine) == before
