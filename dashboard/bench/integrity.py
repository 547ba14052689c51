"""Issue 16 item 2, measured: the cost of small hostile files and of the partner near-duplicate check.

``python -m dashboard.bench.integrity [--sizes 10000,40000] [--names 1000000] [--cell-mb 100]`` prints one line
per measure (seconds, peak memory of a child process) so runs can be compared:

- ``cell``: a 100 MB text cell in a ~100 KB .xlsx, previewed through the upload pipeline in a child process (its
  peak resident memory is the upload's own);
- ``partners``: the preview of a partners file of N new names (the near-duplicate check against the file's
  earlier rows and the stored partners), through the pipeline, in a scratch SQLite database;
- ``near``: the near-duplicate search alone over N names (``importing.references.near_in_file``).

Timings depend on the machine; they are printed, never asserted.
"""

from __future__ import annotations

import argparse
import random
import resource
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

from sqlmodel import Session

from dashboard.core import db
from dashboard.core.permissions import Actor
from dashboard.core.text import fold
from dashboard.importing import pipeline
from dashboard.importing.references import near_in_file

LETTERS = "abcdefghijklmnoprstuvy"
COMMON = ("commune de", "association", "mairie de", "ong", "fondation", "region", "universite de")


def partner_names(count: int, seed: int = 3) -> list[str]:
    """Distinct names built like real ones: a common first part, then one or two rare words."""
    rng = random.Random(seed)

    def word() -> str:
        return "".join(rng.choice(LETTERS) for _ in range(rng.randint(4, 9)))

    names: dict[str, str] = {}
    while len(names) < count:
        name = f"{rng.choice(COMMON)} {word()}" + (f" {word()}" if rng.random() < 0.5 else "")
        names.setdefault(fold(name), name.title())
    return list(names.values())


def big_cell_xlsx(path: Path, cell_mb: int) -> int:
    """An .xlsx whose one data cell is ``cell_mb`` MB of text (a shared string), written in pieces; its size."""
    sheet = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
             '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
             '<row r="1"><c r="A1" t="inlineStr"><is><t>name</t></is></c><c r="B1" t="inlineStr"><is><t>type</t>'
             '</is></c></row><row r="2"><c r="A2" t="s"><v>0</v></c><c r="B2" t="inlineStr"><is><t>ngo</t></is>'
             '</c></row></sheetData></worksheet>')
    parts = {
        "[Content_Types].xml": '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/'
        'package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
        'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/'
        'workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.'
        'spreadsheetml.worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.'
        'openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>',
        "_rels/.rels": '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/'
        'package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/'
        '2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        "xl/workbook.xml": '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/'
        'spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
        '<sheets><sheet name="partners" sheetId="1" r:id="rId1"/></sheets></workbook>',
        "xl/_rels/workbook.xml.rels": '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
        'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.'
        'org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" '
        'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" '
        'Target="sharedStrings.xml"/></Relationships>',
        "xl/worksheets/sheet1.xml": sheet,
    }
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for name, text in parts.items():
            archive.writestr(name, text)
        with archive.open("xl/sharedStrings.xml", "w", force_zip64=True) as stream:
            stream.write(b'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/'
                         b'spreadsheetml/2006/main" count="1" uniqueCount="1"><si><t>')
            piece = b"A" * (1 << 20)
            for _ in range(cell_mb):
                stream.write(piece)
            stream.write(b"</t></si></sst>")
    return path.stat().st_size


def _child_preview(path: str, kind: str) -> None:
    """In a child process: preview the file through the pipeline on a scratch database; print the outcome."""
    with tempfile.TemporaryDirectory() as folder:
        engine = db.get_engine(f"sqlite:///{folder}/bench.db")
        db.upgrade(engine)
        data = Path(path).read_bytes()
        started = time.perf_counter()
        with Session(engine) as session:
            result = pipeline.preview(session, kind=kind, file_name=Path(path).name, data=data,
                                      actor=Actor.of("bench", ["staff"]))
        seconds = time.perf_counter() - started
        peak = _peak_mb()
        problems = "; ".join(item.line()[:160] for item in result.problems[:2])
        print(f"seconds={seconds:.2f} peak_rss_mb={peak:.0f} created={result.created} "
              f"rejected={result.rejected} problems={result.problem_count} first={problems!r}")


def _peak_mb() -> float:
    """This process's peak resident memory since it started its program: VmHWM on Linux (ru_maxrss may keep
    the peak of the parent it was forked from), else ru_maxrss."""
    try:
        status = Path("/proc/self/status").read_text()
        return int(next(line for line in status.splitlines() if line.startswith("VmHWM:")).split()[1]) / 1024
    except (OSError, StopIteration, ValueError):
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _in_child(path: Path, kind: str) -> str:
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "dashboard.bench.integrity", "--child", str(path), kind],
                          capture_output=True, text=True, timeout=3600, check=False)
    wall = time.perf_counter() - started
    return (done.stdout.strip() or done.stderr.strip()[-300:]) + f" wall_s={wall:.1f}"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m dashboard.bench.integrity")
    parser.add_argument("--sizes", default="10000,40000", help="partners files previewed (rows), comma separated")
    parser.add_argument("--names", type=int, default=1_000_000, help="names for the near-duplicate search alone")
    parser.add_argument("--cell-mb", type=int, default=100)
    parser.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        _child_preview(*args.child)
        return
    with tempfile.TemporaryDirectory() as folder:
        if args.cell_mb:
            path = Path(folder) / "big-cell.xlsx"
            size = big_cell_xlsx(path, args.cell_mb)
            print(f"cell cell_mb={args.cell_mb} file_kb={size / 1024:.0f} {_in_child(path, 'partners')}", flush=True)
        for size_text in filter(None, args.sizes.split(",")):
            rows = int(size_text)
            path = Path(folder) / f"partners-{rows}.csv"
            path.write_text("name;type\n" + "".join(f"{name};ngo\n" for name in partner_names(rows)), "utf-8")
            print(f"partners rows={rows} {_in_child(path, 'partners')}", flush=True)
        if args.names:
            names = [fold(name) for name in partner_names(args.names)]
            started = time.perf_counter()
            found = near_in_file(names, {})
            print(f"near names={args.names} seconds={time.perf_counter() - started:.1f} rows_with_near={len(found)}",
                  flush=True)


if __name__ == "__main__":
    main()
