"""The page benchmark runs end to end on the small (demo) portfolio and prints one parsable line per figure.
Figures are not asserted (a benchmark, not a timed test): only that each is there and is a number."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select
from sqlalchemy.engine import Engine
from sqlmodel import Session

from dashboard.bench import pages
from dashboard.core.models import BudgetLine, ImportBatch

NUMBER = r"[0-9]+(?:\.[0-9]+)?"


def test_bench_prints_page_import_and_memory_figures(engine: Engine, monkeypatch: pytest.MonkeyPatch) -> None:
    url = engine.url.render_as_string(hide_password=False)
    monkeypatch.setenv("DATABASE_URL", url)
    lines: list[str] = []
    timings = pages.run(url, "small", import_rows=200, pages=["budgets", "upload"], out=lines.append)
    assert [timing.page for timing in timings] == ["budgets", "upload"]
    assert all(timing.error is None for timing in timings), [timing.error for timing in timings]
    page_line = re.compile(rf"page=(budgets|upload) cold_s={NUMBER} warm_s={NUMBER} sql_s={NUMBER} ratio={NUMBER} "
                           rf"cold_cpu_s={NUMBER} warm_cpu_s={NUMBER} peak_rss_mb={NUMBER}$")
    assert sum(1 for line in lines if page_line.match(line)) == 2, lines
    assert any(re.match(rf"build size=small rows=\d+ seconds={NUMBER} backend=\w+$", line) for line in lines), lines
    assert any(re.match(rf"import rows=200 commit_s={NUMBER} rows_per_s=\d+ undo_s={NUMBER}$", line)
               for line in lines), lines
    assert re.match(rf"peak_rss_mb={NUMBER}$", lines[-1])
    # The timed upload was undone: the portfolio is left as built.
    with Session(engine) as session:
        assert session.execute(
            select(func.count()).select_from(BudgetLine).where(BudgetLine.category.like("Banc d'essai %"))
        ).scalar_one() == 0
        assert session.execute(select(ImportBatch.status)).scalars().all() == ["undone"]


def test_bench_refuses_to_replace_a_portfolio_it_did_not_generate(demo_engine: Engine) -> None:
    url = demo_engine.url.render_as_string(hide_password=False)
    with pytest.raises(pages.BenchRefusedError, match="--force"):
        pages.build(url, "large", reuse=False, force=False, out=print)
