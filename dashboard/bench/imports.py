"""Benchmark: validate and commit N budget lines through the real pipeline, against a bare executemany
insert of the same rows measured in the same run on the same database.

``python -m dashboard bench-import --rows 100000`` (add ``--database-url postgresql+psycopg://…/test`` for
PostgreSQL: a scratch database is created on that server and dropped afterwards). Not a timed test: the
figures depend on the machine, so they are printed, not asserted.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import resource
import tempfile
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import create_engine, insert, text
from sqlalchemy.engine import Engine, make_url
from sqlmodel import Session

from dashboard.core import db
from dashboard.core.models import BudgetLine, Organisation, Project
from dashboard.core.orm import id_of
from dashboard.core.permissions import SYSTEM_ACTOR
from dashboard.core.text import fold
from dashboard.importing import pipeline
from dashboard.importing.records import table_of
from dashboard.seed.bulk import driver_insert

FUNDERS = ("Agence française de développement", "Union européenne", "Gouvernement de la Nouvelle-Calédonie")


@dataclass(frozen=True)
class BenchReport:
    backend: str
    rows: int
    file_mb: float
    executemany_seconds: float
    pipeline_seconds: float
    created: int
    peak_rss_mb: float
    # Processor time of this process: steadier than wall time when other jobs share the cores.
    executemany_cpu: float = 0.0
    pipeline_cpu: float = 0.0
    # PostgreSQL: a bare COPY of the same rows, the bulk path the pipeline itself takes there (for reference:
    # the target is against executemany).
    copy_seconds: float | None = None

    @property
    def ratio(self) -> float:
        return self.pipeline_seconds / self.executemany_seconds if self.executemany_seconds else float("inf")

    @property
    def cpu_ratio(self) -> float:
        return self.pipeline_cpu / self.executemany_cpu if self.executemany_cpu else float("inf")

    def text(self) -> str:
        return (
            f"backend: {self.backend}\n"
            f"rows: {self.rows} budget lines ({self.file_mb:.1f} MB CSV, French style: semicolons, "
            f"decimal commas, DD/MM/YYYY)\n"
            f"bare executemany insert (SQLAlchemy Core, same rows, rolled back): {self.executemany_seconds:.2f} s "
            f"(CPU {self.executemany_cpu:.2f} s)\n"
            f"validate + commit (batch, audit, revision): {self.pipeline_seconds:.2f} s "
            f"(CPU {self.pipeline_cpu:.2f} s; {self.created} created)\n"
            f"ratio to executemany: {self.ratio:.2f}x wall, {self.cpu_ratio:.2f}x CPU "
            f"(target <= 3x; time target <= 10 s)\n"
            f"peak memory during validate + commit (process RSS, file included): {self.peak_rss_mb:.0f} MB"
            + (f"\nbare COPY of the same rows (the pipeline's bulk path on PostgreSQL, rolled back): "
               f"{self.copy_seconds:.2f} s; validate + commit is {self.pipeline_seconds / self.copy_seconds:.2f}x that"
               if self.copy_seconds else "")
        )


def budget_csv(rows: int) -> bytes:
    """A French Excel-style CSV of ``rows`` distinct budget lines of project BENCH-1."""
    lines = ["code_projet;financeur;debut_periode;fin_periode;categorie;montant;devise;type_budget;statut"]
    for index in range(rows):
        year = 2020 + index % 8
        funder = FUNDERS[index % len(FUNDERS)]
        amount = f"{(index * 37) % 900_000 + 1000} {(index * 7) % 1000:03d},{index % 100:02d}"
        lines.append(f"BENCH-1;{funder};01/01/{year};31/12/{year};Ligne {index};{amount};EUR;original;engagé")
    return ("\r\n".join(lines) + "\r\n").encode("utf-8")


def _baseline_rows(rows: int, project_id: int, funder_ids: list[int]) -> list[dict[str, object]]:
    result = []
    for index in range(rows):
        year = 2020 + index % 8
        result.append({
            "project_id": project_id, "funder_id": funder_ids[index % len(funder_ids)],
            "period_start": dt.date(year, 1, 1), "period_end": dt.date(year, 12, 31), "category": f"Ligne {index}",
            "amount": float((index * 37) % 900_000 + 1000) * 1000 + (index * 7) % 1000 + (index % 100) / 100,
            "currency": "EUR", "budget_type": "original", "status": "committed", "is_illustrative": False,
        })
    return result


def _seed(session: Session) -> tuple[int, list[int]]:
    project = Project(code="BENCH-1", title="Benchmark project")
    session.add(project)
    funders = [Organisation(name=name, name_key=fold(name), type="bilateral_agency") for name in FUNDERS]
    session.add_all(funders)
    session.commit()
    return id_of(project), [id_of(funder) for funder in funders]


def run_benchmark(rows: int = 100_000, database_url: str | None = None) -> BenchReport:
    scratch_pg: str | None = None
    workdir = None
    if database_url and database_url.startswith("postgres"):
        admin_url = database_url
        scratch_pg = f"bench_import_{uuid.uuid4().hex[:8]}"
        admin = create_engine(_psycopg(admin_url), isolation_level="AUTOCOMMIT")
        with admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{scratch_pg}"'))
        url = make_url(_psycopg(admin_url)).set(database=scratch_pg).render_as_string(hide_password=False)
        backend = "postgresql"
    else:
        workdir = tempfile.mkdtemp(prefix="bench_import_")
        url = f"sqlite:///{Path(workdir) / 'bench.db'}"
        backend = "sqlite"
    engine = db.get_engine(url)
    try:
        db.upgrade(engine)
        with Session(engine) as session:
            project_id, funder_ids = _seed(session)
        data = budget_csv(rows)
        baseline = _baseline_rows(rows, project_id, funder_ids)
        table = table_of(BudgetLine)
        with engine.connect() as connection:  # the bare insert, rolled back afterwards
            transaction = connection.begin()
            started, cpu = time.perf_counter(), time.process_time()
            connection.execute(insert(table), baseline)
            executemany_seconds, executemany_cpu = time.perf_counter() - started, time.process_time() - cpu
            transaction.rollback()
        copy_seconds = None
        if backend == "postgresql":
            with engine.connect() as connection:
                transaction = connection.begin()
                started = time.perf_counter()
                driver_insert(connection, table, baseline)
                copy_seconds = time.perf_counter() - started
                transaction.rollback()
        del baseline
        _reset_peak_memory()
        with Session(engine) as session:
            started, cpu = time.perf_counter(), time.process_time()
            result = pipeline.commit(session, kind="budgets", file_name="bench.csv", data=data, actor=SYSTEM_ACTOR)
            pipeline_seconds, pipeline_cpu = time.perf_counter() - started, time.process_time() - cpu
        if result.refused:
            raise RuntimeError("benchmark file refused: " + "; ".join(item.line() for item in result.problems[:5]))
        peak = _peak_memory_mb()
        return BenchReport(backend, rows, len(data) / 1024 / 1024, executemany_seconds, pipeline_seconds,
                           result.created, peak, executemany_cpu, pipeline_cpu, copy_seconds)
    finally:
        engine.dispose()
        db.get_engine.cache_clear()
        if scratch_pg is not None:
            with admin.connect() as connection:
                connection.execute(text(f'DROP DATABASE IF EXISTS "{scratch_pg}" WITH (FORCE)'))
            admin.dispose()
        if workdir is not None:
            for name in os.listdir(workdir):
                os.remove(os.path.join(workdir, name))
            os.rmdir(workdir)


@dataclass(frozen=True)
class IatiBenchReport:
    """The IATI import of a generated file (``dashboard.standards.iati.sample``) into an empty database."""

    backend: str
    activities: int
    file_mb: float
    commit_seconds: float
    commit_cpu: float
    created: int
    peak_rss_mb: float
    again_seconds: float  # the same file previewed again: nothing to change

    def text(self) -> str:
        return (
            f"backend: {self.backend}\n"
            f"IATI file: {self.activities} activities, {self.file_mb:.1f} MB (generated, IATI 2.03)\n"
            f"read + check + match + commit (batch, audit, revision): {self.commit_seconds:.1f} s "
            f"(CPU {self.commit_cpu:.1f} s; {self.created} records created; target <= 60 s)\n"
            f"peak memory during the import (process RSS, file included): {self.peak_rss_mb:.0f} MB "
            f"(target <= 600 MB)\n"
            f"the same file again (preview, nothing to change): {self.again_seconds:.1f} s"
        )


def run_iati_benchmark(activities: int = 5000, database_url: str | None = None) -> IatiBenchReport:
    """Import a generated IATI file of ``activities`` activities (5 000: about 50 MB) into a scratch database
    through the real pipeline, as a person would on the Upload page; then preview it again."""
    from dashboard.standards.iati.sample import generate  # deferred: builds the file only for this command

    scratch_pg, workdir, url, backend, admin = _scratch(database_url)
    engine = db.get_engine(url)
    try:
        db.upgrade(engine)
        data = generate(activities)
        _reset_peak_memory()
        with Session(engine) as session:
            started, cpu = time.perf_counter(), time.process_time()
            result = pipeline.commit(session, kind="iati", file_name="bench.xml", data=data, actor=SYSTEM_ACTOR)
            seconds, cpu_seconds = time.perf_counter() - started, time.process_time() - cpu
        if not result.committed:
            raise RuntimeError("benchmark file refused: " + "; ".join(item.line() for item in result.problems[:5]))
        peak = _peak_memory_mb()
        with Session(engine) as session:
            started = time.perf_counter()
            again = pipeline.preview(session, kind="iati", file_name="bench.xml", data=data, actor=SYSTEM_ACTOR)
            again_seconds = time.perf_counter() - started
        if again.has_changes:
            raise RuntimeError("the same file again would change records")
        return IatiBenchReport(backend, activities, len(data) / 1024 / 1024, seconds, cpu_seconds, result.created,
                               peak, again_seconds)
    finally:
        _drop_scratch(engine, scratch_pg, workdir, admin)


def _scratch(database_url: str | None) -> tuple[str | None, str | None, str, str, Engine | None]:
    """A scratch database: on the PostgreSQL server of ``database_url``, else a temporary SQLite file."""
    if database_url and database_url.startswith("postgres"):
        scratch_pg = f"bench_import_{uuid.uuid4().hex[:8]}"
        admin = create_engine(_psycopg(database_url), isolation_level="AUTOCOMMIT")
        with admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{scratch_pg}"'))
        url = make_url(_psycopg(database_url)).set(database=scratch_pg).render_as_string(hide_password=False)
        return scratch_pg, None, url, "postgresql", admin
    workdir = tempfile.mkdtemp(prefix="bench_import_")
    return None, workdir, f"sqlite:///{Path(workdir) / 'bench.db'}", "sqlite", None


def _drop_scratch(engine: Engine, scratch_pg: str | None, workdir: str | None, admin: Engine | None) -> None:
    engine.dispose()
    db.get_engine.cache_clear()
    if scratch_pg is not None and admin is not None:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{scratch_pg}" WITH (FORCE)'))
        admin.dispose()
    if workdir is not None:
        for name in os.listdir(workdir):
            os.remove(os.path.join(workdir, name))
        os.rmdir(workdir)


def _reset_peak_memory() -> None:
    """Start the peak-memory count afresh (Linux), so the baseline's row list does not count."""
    with contextlib.suppress(OSError):
        Path("/proc/self/clear_refs").write_text("5")


def _peak_memory_mb() -> float:
    """Peak resident memory since the last reset (Linux VmHWM), else since the process started."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _psycopg(url: str) -> str:
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url
