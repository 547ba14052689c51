"""Issue 16 item 2: small files that cost minutes. Cell, row and column limits are checked while a file is
streamed, before anything of that size is held: a 101 KB .xlsx holding one 100 MB cell is refused in well under
a second with the memory of an idle app, by the page's pipeline and by the command line, and no message echoes
an oversized value."""

from __future__ import annotations

import io
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook
from sqlalchemy.engine import Engine
from sqlmodel import Session

from dashboard.bench.integrity import big_cell_xlsx
from dashboard.core.permissions import Actor
from dashboard.importing import pipeline
from dashboard.importing.readers import MAX_CELL_CHARS, MAX_COLUMNS
from tests.import_helpers import dump

STAFF = Actor.of("staff-member", ["staff"])
ROOT = Path(__file__).resolve().parents[1]


def _preview(engine: Engine, data: bytes, file_name: str, kind: str = "partners") -> pipeline.Preview:
    with Session(engine) as session:
        return pipeline.preview(session, kind=kind, file_name=file_name, data=data, actor=STAFF)


def _keys(result: pipeline.Preview) -> list[str]:
    return [item.key for item in result.problems]


def _no_long_run(text: str) -> None:
    assert not re.search(r"(.)\1{200}", text), "a message echoes an oversized value"


def test_a_100_mb_cell_in_a_small_xlsx_is_refused_at_once_with_little_memory(tmp_path: Path) -> None:
    """Through the pipeline in a child process, as the page runs it: seconds and peak memory of that process."""
    path = tmp_path / "big-cell.xlsx"
    assert big_cell_xlsx(path, 100) < 120 * 1024
    done = subprocess.run([sys.executable, "-m", "dashboard.bench.integrity", "--child", str(path), "partners"],
                          capture_output=True, text=True, timeout=300, check=True, cwd=ROOT)
    figures = dict(re.findall(r"(\w+)=(\S+)", done.stdout))
    assert "holds a text longer than a spreadsheet cell can hold" in done.stdout
    assert float(figures["seconds"]) < 10
    assert float(figures["peak_rss_mb"]) < 300  # the app's own memory: the cell is never expanded
    _no_long_run(done.stdout)


def test_the_command_line_refuses_it_without_echoing_it(tmp_path: Path, engine: Engine) -> None:
    path = tmp_path / "big-cell.xlsx"
    big_cell_xlsx(path, 100)
    done = subprocess.run([sys.executable, "-m", "dashboard", "import", str(path), "--kind", "partners"],
                          capture_output=True, text=True, timeout=300, check=False, cwd=ROOT)
    assert done.returncode == 1
    output = done.stdout + done.stderr
    assert "spreadsheet cell" in output and len(output) < 2000
    _no_long_run(output)


def test_csv_limits_are_checked_row_by_row(engine: Engine) -> None:
    before = dump(engine)
    long_cell = b"name;type;notes\r\nFondation;ngo;" + b"x" * (MAX_CELL_CHARS + 1) + b"\r\n"
    result = _preview(engine, long_cell, "partners.csv")
    assert _keys(result) == ["import.error.cell_too_large"]
    assert "Row 2, column 3" in result.problems[0].message("en")
    _no_long_run(result.problems[0].line())
    wide = b"name;type\r\nFondation;ngo" + b";" * (MAX_COLUMNS + 5) + b"\r\n"
    assert _keys(_preview(engine, wide, "partners.csv")) == ["import.error.too_many_columns"]
    beyond_csv_module = b"name;type;notes\r\nFondation;ngo;" + b"y" * 200_000 + b"\r\n"
    assert _keys(_preview(engine, beyond_csv_module, "partners.csv")) == ["import.error.unreadable_csv"]
    huge_header = b"name;type;" + b"z" * 30_000 + b"\r\nFondation;ngo;1\r\n"  # within a cell, but a header
    result = _preview(engine, huge_header, "partners.csv")
    for item in result.problems:
        _no_long_run(item.line())
    assert dump(engine) == before


def _xlsx(rows: list[list[object]]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _rewritten(data: bytes, part: str, old: bytes, new: bytes) -> bytes:
    """``data`` (an .xlsx) with ``old`` replaced by ``new`` in one part: what openpyxl itself would never write."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info)
            target.writestr(info, content.replace(old, new) if info.filename == part else content)
    return out.getvalue()


def test_an_xlsx_cell_longer_than_excel_allows_is_refused_with_its_place(engine: Engine) -> None:
    """Longer than a cell, shorter than the archive scan's bound: refused by the row's check, with its place."""
    data = _xlsx([["name", "type", "notes"], ["Fondation", "ngo", "courte"]])
    data = _rewritten(data, "xl/worksheets/sheet1.xml", b"courte", b"n" * (MAX_CELL_CHARS + 10))
    result = _preview(engine, data, "partners.xlsx")
    assert _keys(result) == ["import.error.cell_too_large"]
    assert "Row 2, column 3" in result.problems[0].message("en")


def test_a_declared_sheet_size_of_a_whole_excel_grid_is_not_padded(engine: Engine) -> None:
    """A sheet declaring "A1:XFD1048576" with two rows: read as the two rows it holds, at once."""
    data = _xlsx([["name", "type"], ["Fondation Grille", "ngo"]])
    data = _rewritten(data, "xl/worksheets/sheet1.xml", b'<dimension ref="A1:B2"', b'<dimension ref="A1:XFD1048576"')
    result = _preview(engine, data, "partners.xlsx")
    assert result.created == 1 and not result.problems


@pytest.mark.parametrize("part", ["shared string", "inline string"])
def test_a_text_run_longer_than_any_cell_is_refused_before_the_workbook_is_opened(engine: Engine, part: str,
                                                                                 tmp_path: Path) -> None:
    if part == "inline string":
        data = _rewritten(_xlsx([["name", "type"], ["Fondation", "ngo"]]), "xl/worksheets/sheet1.xml",
                          b"Fondation", b"F" * 300_000)
    else:
        big_cell_xlsx(tmp_path / "shared.xlsx", 1)  # one shared string of 1 MB
        data = (tmp_path / "shared.xlsx").read_bytes()
    result = _preview(engine, data, "partners.xlsx")
    assert _keys(result) == ["import.error.xlsx_cell_too_large"]
