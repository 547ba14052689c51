"""The demo portfolio reproduces the source documents' figures."""

import json

import pandas as pd
import pytest
from sqlmodel import Session, select

from dashboard.core import metrics
from dashboard.core.models import BudgetLine, Indicator, IndicatorValue, Organisation, Project, ProjectRole, Spending
from dashboard.seed.demo import SEED_FACTS_PATH, DemoAlreadyLoadedError, load_demo

FACTS = json.loads(SEED_FACTS_PATH.read_text(encoding="utf-8"))


def _project(session: Session, code: str) -> Project:
    return session.exec(select(Project).where(Project.code == code)).one()


def test_reg_c11_budget_consumed_balance_and_execution(demo_engine) -> None:
    with Session(demo_engine) as session:
        project = _project(session, "REG-C1.1")
        lines = session.exec(select(BudgetLine).where(BudgetLine.project_id == project.id)).all()
        spending = session.exec(select(Spending).where(Spending.project_id == project.id)).all()
    budget = metrics.effective_budget(pd.DataFrame([line.model_dump() for line in lines]))
    consumed = metrics.consumed((row.kind, row.amount) for row in spending)
    assert budget == 443_008
    assert consumed == 496_407
    assert metrics.balance(budget, consumed) == -53_399
    assert round(metrics.execution_rate(consumed, budget) * 100) == 112
    # The six workshops are real expenditures, not illustrative.
    assert not any(row.is_illustrative for row in spending)


def test_reg_c11_workshops_give_a_cumulative_indicator(demo_engine) -> None:
    with Session(demo_engine) as session:
        project = _project(session, "REG-C1.1")
        held = session.exec(select(Indicator).where(Indicator.project_id == project.id, Indicator.code == "ATL")).one()
        values = session.exec(select(IndicatorValue).where(IndicatorValue.indicator_id == held.id)).all()
    assert held.cumulative and held.target_value == 6
    by_year = {value.period_end.year: value.actual for value in values}
    assert by_year == {2014: 1, 2015: 2, 2016: 3, 2017: 6}


@pytest.mark.parametrize(
    "record", [p for p in FACTS["projects"] if p.get("declared_total")], ids=lambda p: p["code"]
)
def test_terrinclus_funding_tables_are_loaded_as_printed(demo_engine, record) -> None:
    printed = {role["org"]: role["contribution"] for role in record["roles"]
               if role["role"] == "funding" and role.get("contribution")}
    with Session(demo_engine) as session:
        project = _project(session, record["code"])
        roles = session.exec(
            select(ProjectRole).where(ProjectRole.project_id == project.id, ProjectRole.role == "funding")
        ).all()
        lines_total = sum(
            line.amount for line in session.exec(select(BudgetLine).where(BudgetLine.project_id == project.id))
        )
    assert project.declared_total == record["declared_total"]
    assert sorted(role.contribution for role in roles if role.contribution) == sorted(printed.values())
    assert lines_total == pytest.approx(sum(printed.values()))
    mismatch = metrics.declared_total_mismatch(project.declared_total, lines_total)
    assert mismatch == (abs(record["declared_total"] - sum(printed.values())) > 1)


def test_known_source_mismatches_are_flagged(demo_engine) -> None:
    """TERR-01 (lines 66 159 vs TOTAL 67 159) and TERR-02 (244 140 vs 244 540) are errors in the source."""
    flagged = {}
    with Session(demo_engine) as session:
        for code in ("TERR-01", "TERR-02"):
            project = _project(session, code)
            lines = session.exec(select(BudgetLine).where(BudgetLine.project_id == project.id)).all()
            total = sum(line.amount for line in lines)
            flagged[code] = metrics.declared_total_difference(project.declared_total, total)
    assert flagged == {"TERR-01": 1000.0, "TERR-02": 400.0}


def test_counts_no_contact_details_and_illustrative_marking(demo_engine) -> None:
    with Session(demo_engine) as session:
        assert len(session.exec(select(Project)).all()) == len(FACTS["projects"]) == 40
        organisations = session.exec(select(Organisation)).all()
        spending = session.exec(select(Spending)).all()
    assert len(organisations) == len(FACTS["organisations"])
    text = SEED_FACTS_PATH.read_text(encoding="utf-8")
    assert "@" not in text
    # Generated spending is marked illustrative; only REG-C1.1's sheet gives real consumption.
    assert {row.is_illustrative for row in spending} == {True, False}


def test_demo_refuses_to_mix_with_existing_data(demo_engine) -> None:
    with Session(demo_engine) as session, pytest.raises(DemoAlreadyLoadedError, match="--replace"):
        load_demo(session)
