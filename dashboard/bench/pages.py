"""Page benchmark: ``python -m dashboard bench [--size large|small] [--database-url URL]``.

Builds the portfolio of ``--size`` into the database (a temporary SQLite file by default) in a child process,
so this process's peak memory is the app's own, then prints one figure per line:

- ``page=<url_path> cold_s=… warm_s=… sql_s=… ratio=…`` for every page of ``dashboard.web.navigation.PAGES``:
  the server-side run time of the page through ``app.py`` (Streamlit AppTest, signed in as an admin) with
  empty caches (cold) and again (warm), the time of the page's view models as its first run computes them
  (``views.pages.PAGE_VIEWS``), computed directly without Streamlit (sql), and warm / sql;
- ``import …``: an upload of budget lines committed through the import pipeline into the built portfolio,
  then undone (so the portfolio is left as built);
- ``peak_rss_mb=…``: the peak resident memory of this process (``resource.getrusage``).

A benchmark, not a test: figures depend on the machine and on what else runs on it, so they are printed for
comparison from run to run, never asserted. Targets at the large size: warm ≤ 1 s, cold ≤ 3 s,
warm ≤ 3 × sql, peak ≤ 1 GB.
"""

from __future__ import annotations

import datetime as dt
import resource
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import func, select
from sqlalchemy.engine import Engine
from sqlmodel import Session

from dashboard.accounts import sessions, users
from dashboard.accounts.sign_in import start_sign_in
from dashboard.core import db, settings
from dashboard.core.models import Organisation, Project, ProjectRole, UserRole, utcnow
from dashboard.core.permissions import Actor
from dashboard.importing import pipeline
from dashboard.importing.undo import undo
from dashboard.maps.records import ColourBy
from dashboard.maps.view import map_display
from dashboard.queries.options import filter_options
from dashboard.seed.generate import SIZES, SOURCE
from dashboard.views import reads
from dashboard.views.pages import PAGE_VIEWS, page_view
from dashboard.views.places import MapView
from dashboard.web.navigation import PAGES

if TYPE_CHECKING:  # streamlit is imported only when the benchmark runs, not by every CLI command
    from streamlit.testing.v1 import AppTest

BENCH_USER = "bench-admin"
PAGE_TIMEOUT_S = 300
DEFAULT_IMPORT_ROWS = 20_000


class BenchRefusedError(RuntimeError):
    pass


@dataclass(frozen=True)
class PageTiming:
    page: str
    cold_s: float
    warm_s: float
    sql_s: float
    cold_cpu_s: float = 0.0  # this process's CPU time: steadier than wall time on a shared machine
    warm_cpu_s: float = 0.0
    peak_rss_mb: float = 0.0  # the process's peak so far, after this page
    error: str | None = None

    @property
    def ratio(self) -> float:
        return self.warm_s / self.sql_s if self.sql_s else float("nan")

    def line(self) -> str:
        if self.error:
            return f"page={self.page} error={self.error}"
        return (f"page={self.page} cold_s={self.cold_s:.3f} warm_s={self.warm_s:.3f} sql_s={self.sql_s:.3f} "
                f"ratio={self.ratio:.2f} cold_cpu_s={self.cold_cpu_s:.3f} warm_cpu_s={self.warm_cpu_s:.3f} "
                f"peak_rss_mb={self.peak_rss_mb:.0f}")


# ---------------------------------------------------------------------------------------------------------
# The bare reads of each page: its view model, with the arguments of the page's first run
# ---------------------------------------------------------------------------------------------------------


def _shell(engine: Engine) -> None:

    db.data_revision(engine)
    filter_options(engine)


def _bench_actor() -> Actor:
    return Actor.of(BENCH_USER, [UserRole.admin])


def _page_reads(url_path: str) -> Callable[[Engine, dt.date], None]:
    def read(engine: Engine, today: dt.date) -> None:
        view = page_view(url_path, engine, as_of=today, actor=_bench_actor())
        if isinstance(view, MapView):
            # The page caches the map's display (labels, figure) on top of its view model: both are timed.
            map_display(view, colour_by=str(ColourBy.type), lang="en")
    return read


PAGE_QUERIES: dict[str, Callable[[Engine, dt.date], None]] = {url_path: _page_reads(url_path)
                                                              for url_path in PAGE_VIEWS}


def time_queries(engine: Engine, url_path: str, today: dt.date) -> float:
    """Seconds the page's view models take, computed directly (second of two runs: database pages warm)."""
    run = PAGE_QUERIES[url_path]
    best = float("inf")
    for _ in range(2):
        reads.forget()  # the database warm, not the whole-portfolio reads kept by the first run
        started = time.perf_counter()
        _shell(engine)
        run(engine, today)
        best = min(best, time.perf_counter() - started)
    return best


# ---------------------------------------------------------------------------------------------------------
# Pages through Streamlit
# ---------------------------------------------------------------------------------------------------------


def _signed_in_app(app_path: Path) -> AppTest:
    """An AppTest of app.py with an admin signed in: a session row, its token where a run without a browser
    looks for the cookie (``web.sign_in.NO_BROWSER_TOKEN_KEY``)."""
    from streamlit.testing.v1 import AppTest

    actor = Actor.of(BENCH_USER, [UserRole.admin])
    now = utcnow()
    with db.session_scope(db.get_engine()) as session:
        if users.find_user(session, BENCH_USER) is None:
            users.create_user(session, username=BENCH_USER, roles=[UserRole.admin], password=None, by="bench",
                             now=now)
        token = sessions.open_session(session, start_sign_in(actor, method=users.SignInMethod.password, now=now))
    from dashboard.web.sign_in import NO_BROWSER_TOKEN_KEY  # deferred: Streamlit, only when pages are timed

    at = AppTest.from_file(str(app_path), default_timeout=PAGE_TIMEOUT_S)
    at.session_state[NO_BROWSER_TOKEN_KEY] = token
    at.session_state["lang"] = "en"
    return at


def time_page(script: str) -> tuple[float, float, float, float]:
    """(cold, warm) server-side seconds of one page run through app.py, then the same in CPU seconds."""
    import streamlit as st

    at = _signed_in_app(db.PROJECT_ROOT / "app.py")
    at.run()  # the shell and the default page; then every cache is emptied so the page starts cold
    st.cache_data.clear()
    st.cache_resource.clear()
    reads.forget()
    started, cpu = time.perf_counter(), time.process_time()
    at.switch_page(str(db.PROJECT_ROOT / script)).run()
    cold, cold_cpu = time.perf_counter() - started, time.process_time() - cpu
    _raise_for(at)
    started, cpu = time.perf_counter(), time.process_time()
    at.run()
    warm, warm_cpu = time.perf_counter() - started, time.process_time() - cpu
    _raise_for(at)
    return cold, warm, cold_cpu, warm_cpu


def _raise_for(at: AppTest) -> None:
    if at.exception:
        # The page shows a redacted message; the proto keeps the exception's own type and message.
        proto = at.exception[0].proto
        raise RuntimeError(f"{proto.type}: {proto.message}"[:300])


# ---------------------------------------------------------------------------------------------------------
# Import throughput
# ---------------------------------------------------------------------------------------------------------


def import_csv(engine: Engine, rows: int) -> tuple[str, bytes]:
    """A French-style budget-lines CSV of ``rows`` new lines for the first project and its first funder."""
    with Session(engine) as session:
        code, funder = session.execute(
            select(Project.code, Organisation.name)
            .join(ProjectRole, ProjectRole.project_id == Project.id)
            .join(Organisation, Organisation.id == ProjectRole.organisation_id)
            .where(ProjectRole.role == "funding")
            .order_by(Project.id, ProjectRole.id)
            .limit(1)
        ).one()
    lines = ["code_projet;financeur;debut_periode;fin_periode;categorie;montant;devise;type_budget;statut"]
    for index in range(rows):
        year = 2020 + index % 8
        amount = f"{(index * 37) % 900 + 10} {(index * 7) % 1000:03d},{index % 100:02d}"
        lines.append(f"{code};{funder};01/01/{year};31/12/{year};Banc d'essai {index};{amount};EUR;original;engagé")
    return code, ("\r\n".join(lines) + "\r\n").encode("utf-8")


def time_import(engine: Engine, rows: int) -> tuple[float, float, int]:
    """(commit seconds, undo seconds, rows created) for an upload of ``rows`` budget lines, then undone."""

    actor = _bench_actor()
    _code, data = import_csv(engine, rows)
    with Session(engine) as session:
        started = time.perf_counter()
        result = pipeline.commit(session, kind="budgets", file_name="bench-budgets.csv", data=data, actor=actor)
        commit_s = time.perf_counter() - started
    if result.refused or result.batch_id is None:
        problems = "; ".join(item.line() for item in result.problems[:3])
        raise RuntimeError(f"bench upload refused: {problems}")
    with Session(engine) as session:
        started = time.perf_counter()
        undo(session, batch_id=result.batch_id, actor=actor)
        undo_s = time.perf_counter() - started
    return commit_s, undo_s, result.created


# ---------------------------------------------------------------------------------------------------------
# Building and running
# ---------------------------------------------------------------------------------------------------------


def _generated_projects(engine: Engine) -> tuple[int, int]:
    """(projects, of which generated) in the database; (0, 0) before the first migration."""
    from sqlalchemy import inspect

    if "project" not in inspect(engine).get_table_names():
        return 0, 0
    with Session(engine) as session:
        total = session.execute(select(func.count()).select_from(Project)).scalar_one()
        generated = session.execute(
            select(func.count()).select_from(Project).where(Project.source == SOURCE)
        ).scalar_one()
    return total, generated


def build(url: str, size: str, *, reuse: bool, force: bool, out: Callable[[str], None]) -> None:
    """Build the portfolio in a child process (its memory is not this process's); refuse to wipe a real one."""
    engine = db.get_engine(url)
    total, generated = _generated_projects(engine)
    spec = SIZES[size]
    if total and generated < total and not force:
        raise BenchRefusedError(
            f"the database holds {total - generated} projects that were not generated; the benchmark replaces "
            "the portfolio, so point --database-url at a scratch database (or pass --force)"
        )
    if reuse and spec is not None and total == generated == spec.projects:
        out(f"build size={size} reused=1 projects={total}")
        return
    command = [sys.executable, "-m", "dashboard", "--database-url", url, "generate", "--size", size]
    completed = subprocess.run(command, capture_output=True, text=True, check=False)
    if completed.returncode:
        raise RuntimeError(f"generate failed: {completed.stderr.strip()[-500:]}")
    for line in completed.stdout.splitlines():
        if line.startswith("build "):
            out(f"{line} backend={engine.dialect.name}")


def _quiet_streamlit() -> None:
    """AppTest and cache clearing outside a server log harmless 'no ScriptRunContext' warnings; keep the
    output to the figures."""
    import logging

    for name in ("streamlit", "streamlit.runtime.scriptrunner_utils.script_run_context",
                 "streamlit.runtime.caching.cache_data_api"):
        logging.getLogger(name).setLevel(logging.ERROR)


def run(url: str, size: str, *, reuse: bool = False, force: bool = False, import_rows: int = DEFAULT_IMPORT_ROWS,
        pages: list[str] | None = None, out: Callable[[str], None] = print) -> list[PageTiming]:
    build(url, size, reuse=reuse, force=force, out=out)
    _quiet_streamlit()
    # The app runs in this process (AppTest): it reads its database from the process's settings.
    settings.use(settings.get_settings().with_database(url))
    db.get_engine.cache_clear()
    engine = db.get_engine(url)
    today = dt.date.today()
    timings = []
    for spec in PAGES:
        if pages and spec.url_path not in pages:
            continue
        try:
            sql_s = time_queries(engine, spec.url_path, today) if spec.url_path in PAGE_QUERIES else float("nan")
            cold_s, warm_s, cold_cpu_s, warm_cpu_s = time_page(spec.script)
            timing = PageTiming(spec.url_path, cold_s, warm_s, sql_s, cold_cpu_s, warm_cpu_s, peak_rss_mb())
        except Exception as error:  # one broken page must not hide the others' figures
            timing = PageTiming(spec.url_path, 0.0, 0.0, 0.0, error=f"{error.__class__.__name__}: {error}"[:300])
        timings.append(timing)
        out(timing.line())
        sys.stdout.flush()
    if import_rows:
        try:
            commit_s, undo_s, created = time_import(engine, import_rows)
            out(f"import rows={created} commit_s={commit_s:.2f} rows_per_s={created / commit_s:.0f} "
                f"undo_s={undo_s:.2f}")
        except Exception as error:
            out(f"import error={error.__class__.__name__}: {str(error)[:300]}")
    out(f"peak_rss_mb={peak_rss_mb():.0f}")
    return timings


def peak_rss_mb() -> float:
    # ru_maxrss is in kilobytes on Linux.
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


