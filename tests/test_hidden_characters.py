"""Issue 16 item 6: control characters. Names and codes take no control, zero-width or bidirectional character
(a name with a zero-width joiner passed as a new partner identical to an existing one; U+202E reversed a file
name); notes keep tabs and line breaks but no other control character, and a NUL past the first 64 KB of a
file is never stored. Exports never fail on such a character nor carry a raw NUL."""

from __future__ import annotations

import hashlib
import io

import pandas as pd
import pytest
from openpyxl import load_workbook
from sqlalchemy import select
from sqlalchemy.engine import Engine
from sqlmodel import Session

from dashboard.core import db
from dashboard.core.models import ImportBatch, Organisation
from dashboard.core.permissions import Actor
from dashboard.core.text import fold, hidden_character
from dashboard.exporting import spreadsheet
from dashboard.importing import pipeline
from dashboard.importing.preview import Preview
from tests.import_helpers import dump

STAFF = Actor.of("staff-member", ["staff"])
STORED = "Agence française de développement"


def _seed(engine: Engine) -> None:
    with db.session_scope(engine) as session:
        session.add(Organisation(name=STORED, name_key=fold(STORED), type="bilateral_agency"))
        db.bump_revision(session)


def _partners(*rows: tuple[str, str]) -> bytes:
    lines = ["name;type;notes"] + [f"{name};ngo;{notes}" for name, notes in rows]
    return ("\r\n".join(lines) + "\r\n").encode("utf-8")


def _commit(engine: Engine, data: bytes, kind: str = "partners", file_name: str = "partners.csv") -> Preview:
    with Session(engine) as session:
        return pipeline.commit(session, kind=kind, file_name=file_name, data=data, actor=STAFF)


@pytest.mark.parametrize("name", [
    "Agence française de\u200d développement",  # zero-width joiner: looked like the stored partner
    "Agence\u200b française",  # zero-width space
    "Fondation \u202eenilerom",  # right-to-left override
    "Fondation \x1b[31m Rouge",  # an escape sequence
    "Fondation \x07 Bell",
    "Fondation \ufeff BOM",
])
def test_a_name_with_a_hidden_character_is_refused_and_nothing_stored(engine: Engine, name: str) -> None:
    _seed(engine)
    before = dump(engine)
    padding = [(f"Partenaire {hashlib.sha1(bytes([index])).hexdigest()[:12]}", "")  # a file of text, not binary
               for index in range(20)]
    result = _commit(engine, _partners((name, ""), *padding))
    assert not result.committed
    assert [item.key for item in result.problems] == ["import.error.hidden_character"]
    assert "U+" in result.problems[0].message("en")
    assert dump(engine) == before


def test_a_project_code_with_a_bidirectional_override_is_refused(engine: Engine) -> None:
    data = "code;title\r\nREG-\u202e1.1C;Projet\r\n".encode()
    result = _commit(engine, data, kind="projects")
    assert [item.key for item in result.problems] == ["import.error.hidden_character"]
    assert "RIGHT-TO-LEFT OVERRIDE" in result.problems[0].message("en")


def test_a_nul_past_the_first_64_kb_is_never_stored(engine: Engine) -> None:
    """The file's first 64 KB are clean (so it is not taken for a binary file); row 300's note holds a NUL."""
    rows = [(f"Partenaire {hashlib.sha1(str(index).encode()).hexdigest()[:12]}", "x" * 250) for index in range(400)]
    rows[300] = (rows[300][0], "avant\x00après")
    data = _partners(*rows)
    assert data.index(b"\x00") > 65536
    before = dump(engine)
    result = _commit(engine, data)
    assert not result.committed
    assert [(item.row, item.key) for item in result.problems] == [(302, "import.error.hidden_character")]
    assert dump(engine) == before


def test_notes_keep_tabs_and_line_breaks(engine: Engine) -> None:
    data = b'name;type;notes\r\nFondation Tab;ngo;"une\tnote\r\nsur deux lignes"\r\n'
    result = _commit(engine, data)
    assert result.committed, [item.line() for item in result.problems]
    with Session(engine) as session:
        notes = session.execute(select(Organisation.notes).where(Organisation.name == "Fondation Tab")).scalar_one()
    assert notes == "une\tnote\r\nsur deux lignes"


def test_a_file_name_is_kept_without_its_direction_override(engine: Engine) -> None:
    result = _commit(engine, _partners(("Fondation Nom", "")), file_name="partenaires\u202evsc.exe")
    assert result.committed and result.file_name == "partenairesvsc.exe"
    with Session(engine) as session:
        assert session.execute(select(ImportBatch.file_name)).scalar_one() == "partenairesvsc.exe"


def test_exports_never_fail_on_a_control_character_nor_carry_a_raw_nul() -> None:
    frame = pd.DataFrame({"name\x01": ["avant\x00après", "bell\x07", "tab\tand\nline"], "amount": [1.0, 2.0, 3.0]})
    workbook = load_workbook(io.BytesIO(spreadsheet.to_xlsx_bytes(frame)))
    cells = [[cell.value for cell in row] for row in workbook.active.iter_rows()]
    assert cells[0] == ["name\ufffd", "amount"]
    assert [row[0] for row in cells[1:]] == ["avant\ufffdaprès", "bell\ufffd", "tab\tand\nline"]
    for lang in ("en", "fr"):
        data = spreadsheet.to_csv_bytes(frame, lang)
        assert b"\x00" not in data and b"\x07" not in data and b"\x01" not in data
        assert "avant\ufffdaprès" in data.decode("utf-8-sig")


def test_the_rule_names_the_character() -> None:
    assert hidden_character("AF\u200dD") == "U+200D ZERO WIDTH JOINER"
    assert hidden_character("a\tb") is not None  # a tab in a name
    assert hidden_character("a\tb\nc", free_text=True) is None  # kept in notes
    assert hidden_character("a\u202eb", free_text=True) is not None
    assert hidden_character("Île-de-France · Nouméa") is None
