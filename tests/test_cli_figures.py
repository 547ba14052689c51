"""``python -m dashboard figures --json``: the figures the pages show, as JSON, on SQLite and PostgreSQL."""

from __future__ import annotations

import json

import pytest
from sqlalchemy.engine import Engine

from dashboard.cli.main import main
from dashboard.core import db
from dashboard.core.metrics import IndicatorStatus
from dashboard.core.models import Project
from dashboard.queries.filters import PortfolioFilter
from tests import page_figures
from tests.conftest import DEMO_TODAY


def _figures(capsys: pytest.CaptureFixture[str], *arguments: str) -> dict:
    code = main(["figures", "--as-of", DEMO_TODAY.isoformat(), *arguments, "--json"])
    captured = capsys.readouterr()
    assert code == 0, captured.err
    return json.loads(captured.out)


def test_the_demo_figures_of_reg_c11(demo_engine: Engine, capsys: pytest.CaptureFixture[str]) -> None:
    printed = _figures(capsys)
    assert (printed["as_of"], printed["currency"], printed["filter"]) == ("2026-11-22", "EUR", "")
    reg = next(project for project in printed["projects"] if project["code"] == "REG-C1.1")
    assert reg == {"code": "REG-C1.1", "budget": 443_008.0, "consumed": 496_407.0, "committed": reg["committed"],
                   "balance": -53_399.0, "execution_rate": pytest.approx(1.12, abs=0.005)}
    atl = next(item for item in printed["indicators"] if (item["project_code"], item["code"]) == ("REG-C1.1", "ATL"))
    assert atl == {"project_code": "REG-C1.1", "code": "ATL", "value_to_date": 6.0, "progress": 1.0,
                   "status": "on_track"}
    assert {item["status"] for item in printed["indicators"]} <= {status.value for status in IndicatorStatus}


def test_the_headline_is_the_overview_s_and_every_project_is_listed(demo_engine: Engine,
                                                                    capsys: pytest.CaptureFixture[str]) -> None:
    printed = _figures(capsys)
    headline = page_figures.headline(demo_engine, portfolio_filter=PortfolioFilter(), as_of=DEMO_TODAY).current
    shown = printed["headline"]
    assert shown["projects"] == headline.projects == len(printed["projects"]) == 40
    for name in ("budget", "consumed", "committed", "balance"):
        assert shown[name] == pytest.approx(getattr(headline, name), abs=0.01)
        assert sum(project[name] for project in printed["projects"]) == pytest.approx(shown[name], abs=1)
    assert shown["execution_rate"] == pytest.approx(headline.execution_rate, abs=1e-4)
    assert shown["on_track_share"] == pytest.approx(headline.on_track_share, abs=1e-4)
    assert shown["not_converted"] == {}


def test_a_filter_and_another_currency(demo_engine: Engine, capsys: pytest.CaptureFixture[str]) -> None:
    printed = _figures(capsys, "--filter", "type=academic", "--currency", "xpf")
    academic = PortfolioFilter(org_types=("academic",))
    headline = page_figures.headline(demo_engine, portfolio_filter=academic, as_of=DEMO_TODAY,
                                     currency="XPF").current
    assert (printed["filter"], printed["currency"]) == ("type=academic", "XPF")
    assert printed["headline"]["projects"] == headline.projects == len(printed["projects"]) < 40
    assert printed["headline"]["budget"] == pytest.approx(headline.budget, abs=0.01)
    variance = page_figures.variance(demo_engine, portfolio_filter=academic, as_of=DEMO_TODAY, currency="XPF")
    budgets = {project["code"]: project["budget"] for project in printed["projects"]}
    for code, budget in zip(variance["label"], variance["budget"], strict=True):
        assert budgets[code] == pytest.approx(budget, abs=0.01)


def test_a_project_without_money_is_listed_with_zeros(engine: Engine, capsys: pytest.CaptureFixture[str]) -> None:
    with db.session_scope(engine) as session:
        session.add(Project(code="EMPTY-1", title="Nothing spent yet", status="pipeline"))
        db.bump_revision(session)
    printed = _figures(capsys)
    assert printed["projects"] == [{"code": "EMPTY-1", "budget": 0.0, "consumed": 0.0, "committed": 0.0,
                                    "balance": 0.0, "execution_rate": None}]
    assert printed["headline"]["execution_rate"] is None and printed["indicators"] == []


def test_a_date_that_is_not_iso_is_refused(demo_engine: Engine, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["figures", "--as-of", "22/11/2026", "--json"])
    assert "YYYY-MM-DD" in capsys.readouterr().err
